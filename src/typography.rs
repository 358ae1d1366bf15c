//! Typographic punctuation per language: `--` and `---` become dashes, straight quotes and
//! apostrophes the language's own marks, and no-break spaces keep a dash, a French
//! guillemet or a Russian one-letter word off the wrong end of a line.
//!
//! Applied once to each edition's content for its layout (`run::plan`), before any check or
//! writer reads it, so the PDF, the DOCX, the header's `{title}` and the font-coverage check
//! all see the same characters. The model stays as written (language-neutral); the edition
//! knows its language; the layout has the switch (`typography: {smart-punctuation: false}`
//! prints the text exactly as written) and may choose the quotation marks. Code spans and
//! URLs (link text that is a URL, bare `https://…` in the text) are left as written.

use std::sync::Arc;

use crate::edition::{Edition, format_date_as};
use crate::layouts::{Layout, Typography};
use crate::model::{Block, Content, Inline, List, is_cjk};

const NBSP: char = '\u{A0}';
/// Narrow no-break space: French guillemets and `; ! ?`.
const NNBSP: char = '\u{202F}';
const EN_DASH: char = '–';

/// `edition` with typographic punctuation in its language, unless the layout turns it off.
pub fn apply(mut edition: Edition, layout: &Layout) -> Edition {
    if let Some(issued) = edition.issued {
        edition.date = Some(format_date_as(
            issued,
            &edition.lang,
            layout.typography.dates,
        ));
    }
    if !layout.typography.smart_punctuation {
        return edition;
    }
    let rules = Rules::new(&edition.lang.primary, &layout.typography);
    let content = rules.content(&edition.content);
    Edition {
        content: Arc::new(content),
        ..edition
    }
}

/// One language's punctuation.
#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    /// Outer opening, outer closing, inner opening, inner closing.
    quotes: [char; 4],
    /// What `---` becomes.
    em_dash: &'static str,
    /// Narrow no-break spaces inside guillemets and before `; ! ?`, a no-break space
    /// before `:`.
    french: bool,
    /// Words that may not end a line: the space after them is a no-break space.
    short_words: &'static [char],
    /// Typed `“ ” ‘ ’` become the chosen marks too (Chinese text written with curly quotes
    /// printed in a layout that asks for corner brackets).
    remap_curly: bool,
    /// A left-to-right mark before a number joined by a hyphen or a plus (`3-7373`,
    /// `+41 22 917 12 34`), and a right-to-left mark after a number that Latin text follows
    /// (`3.1 (RT 3.1)`), in a language written in Arabic script (`ltr_numbers`).
    number_marks: bool,
    /// Ordinal suffixes set as superscript (`XXIe`, `1er`, `2e`: French, `ordinal_suffixes`).
    ordinals: bool,
}

impl Rules {
    /// The rules for a primary language subtag; quotation marks from `typography` when it
    /// names them.
    pub fn new(lang: &str, typography: &Typography) -> Rules {
        let own = match lang {
            // Imprimerie nationale: « » outside, “ ” inside.
            "fr" => ['«', '»', '“', '”'],
            // RAE, Ortografía 2010: angular quotes first, then English ones.
            "es" => ['«', '»', '“', '”'],
            // «ёлочки» outside, „лапки“ inside.
            "ru" => ['«', '»', '„', '“'],
            // UN Arabic documents: ” … “ (docs/typography.md).
            "ar" => ['”', '“', '’', '‘'],
            // GB/T 15834-2011: “ ” outside, ‘ ’ inside.
            _ => ['“', '”', '‘', '’'],
        };
        Rules {
            quotes: typography.quotes.unwrap_or(own),
            // GB/T 15834: the Chinese dash (破折号) is two em dashes wide.
            em_dash: if lang == "zh" { "——" } else { "—" },
            french: lang == "fr",
            short_words: if lang == "ru" {
                &[
                    'в', 'с', 'к', 'о', 'у', 'и', 'а', 'я', 'В', 'С', 'К', 'О', 'У', 'И', 'А', 'Я',
                ]
            } else {
                &[]
            },
            remap_curly: lang == "zh" && typography.quotes.is_some_and(|q| q != own),
            number_marks: matches!(lang, "ar" | "fa" | "ur"),
            ordinals: lang == "fr",
        }
    }

    fn content(&self, content: &Content) -> Content {
        let mut out = content.clone();
        self.text(&mut out.title);
        self.text(&mut out.subtitle);
        for author in &mut out.authors {
            self.text(&mut author.name);
            for line in &mut author.affiliation {
                self.text(line);
            }
        }
        self.text(&mut out.organ);
        if let Some(agenda) = &mut out.agenda {
            self.text(&mut agenda.session);
            self.text(&mut agenda.title);
            agenda.footnote.iter_mut().for_each(|f| self.text(f));
        }
        if let Some(circular) = &mut out.circular {
            for line in [&mut circular.to, &mut circular.from, &mut circular.subject] {
                self.text(&mut line.text);
            }
        }
        self.blocks(&mut out.body);
        for annex in &mut out.annexes {
            self.text(&mut annex.title);
            self.blocks(&mut annex.body);
        }
        out
    }

    fn blocks(&self, blocks: &mut [Block]) {
        for block in blocks {
            match block {
                Block::Heading { text, .. }
                | Block::Paragraph { text, .. }
                | Block::Quote { text, .. } => self.text(text),
                Block::List(list) => self.list(list),
                Block::Table(table) => {
                    self.text(&mut table.caption);
                    for row in table.header.iter_mut().chain(&mut table.rows) {
                        for cell in &mut row.cells {
                            cell.paras.iter_mut().for_each(|p| self.text(p));
                            if let Some(list) = &mut cell.list {
                                self.list(list);
                            }
                        }
                    }
                }
                Block::Figure(figure) => self.text(&mut figure.caption),
                Block::PageBreak { .. } | Block::Contents { .. } => {}
            }
        }
    }

    fn list(&self, list: &mut List) {
        for item in &mut list.items {
            self.text(&mut item.text);
            if let Some(sub) = &mut item.sublist {
                self.list(sub);
            }
        }
    }

    /// One text value (a paragraph's runs), converted as one piece of text so that a quote
    /// opened in one run closes in another.
    pub fn text(&self, runs: &mut Vec<Inline>) {
        // A footnote's text is a text value of its own.
        for run in runs.iter_mut() {
            if let Some(note) = &mut run.note {
                let mut text = note.text.to_vec();
                self.text(&mut text);
                note.text = text.into();
            }
        }
        let mut chars: Vec<Char> = Vec::new();
        for (run, inline) in runs.iter().enumerate() {
            let frozen = inline.code || (inline.link.is_some() && is_url(&inline.text));
            chars.extend(inline.text.chars().map(|c| Char { c, run, frozen }));
        }
        freeze_urls(&mut chars);
        let mut out = self.convert(&chars);
        self.no_break_spaces(&mut out);
        if self.number_marks {
            out = ltr_numbers(out);
        }
        let raised = match self.ordinals {
            true => ordinal_suffixes(&out),
            false => vec![false; out.len()],
        };
        // Each run's characters, cut where an ordinal's suffix starts or ends: the suffix
        // is a superscript run of its own with the run's other properties.
        let mut pieces: Vec<Vec<(String, bool)>> = vec![Vec::new(); runs.len()];
        for (ch, up) in out.iter().zip(raised) {
            let run = &mut pieces[ch.run];
            match run.last_mut() {
                Some((text, sup)) if *sup == up => text.push(ch.c),
                _ => run.push((ch.c.to_string(), up)),
            }
        }
        let mut split = Vec::with_capacity(runs.len());
        for (inline, pieces) in runs.drain(..).zip(pieces) {
            if pieces.is_empty() {
                split.push(Inline {
                    text: String::new(),
                    ..inline
                });
                continue;
            }
            for (text, sup) in pieces {
                split.push(Inline {
                    text,
                    superscript: inline.superscript || sup,
                    ..inline.clone()
                });
            }
        }
        *runs = split;
        // A footnote reference has no text of its own until compose gives it its mark, nor a
        // `{para:label}` until compose gives it its paragraph's number.
        runs.retain(|r| !r.text.is_empty() || r.note.is_some() || r.para_ref.is_some());
    }

    /// Dashes, quotation marks, apostrophes and French spacing, left to right.
    fn convert(&self, chars: &[Char]) -> Vec<Char> {
        let [outer_open, outer_close, inner_open, inner_close] = self.quotes;
        let mut out: Vec<Char> = Vec::with_capacity(chars.len() + 8);
        // Quotation marks open so far, with the mark that closes each.
        let mut open: Vec<Open> = Vec::new();
        // The last character given out opened a quotation (so a quote after it opens too).
        let mut after_opening = false;
        let mut i = 0;
        while i < chars.len() {
            let Char { c, run, frozen } = chars[i];
            if frozen {
                out.push(chars[i]);
                after_opening = false;
                i += 1;
                continue;
            }
            let prev = out.last().map(|p| p.c);
            let next = chars.get(i + 1).map(|n| n.c);
            let opening_context = after_opening || prev.is_none_or(opens_before);
            let put = |out: &mut Vec<Char>, c: char| out.push(Char { c, run, frozen });
            after_opening = false;
            match c {
                '-' => {
                    let n = chars[i..]
                        .iter()
                        .take_while(|h| h.c == '-' && h.run == run && !h.frozen)
                        .count();
                    match n {
                        2 => put(&mut out, EN_DASH),
                        3 => self.em_dash.chars().for_each(|d| put(&mut out, d)),
                        _ => (0..n).for_each(|_| put(&mut out, '-')),
                    }
                    i += n;
                    continue;
                }
                '"' => {
                    let double_open = open.iter().any(|o| o.kind == Kind::Double);
                    if opens(opening_context, next, double_open) {
                        let (mark, close) = if open.len().is_multiple_of(2) {
                            (outer_open, outer_close)
                        } else {
                            (inner_open, inner_close)
                        };
                        open.push(Open {
                            kind: Kind::Double,
                            close,
                        });
                        self.opening(&mut out, chars, &mut i, mark, run);
                        after_opening = true;
                    } else {
                        let close = pop(&mut open, Kind::Double).unwrap_or(outer_close);
                        self.closing(&mut out, close, run);
                    }
                }
                '\'' => {
                    // Between letters of an alphabet: an apostrophe (`l'homme`, `IOM's`).
                    let letter =
                        |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && !is_cjk(c));
                    let single_open = open.iter().any(|o| o.kind == Kind::Single);
                    if letter(prev) && letter(next) {
                        put(&mut out, '’');
                    } else if opens(opening_context, next, single_open) {
                        if next.is_some_and(|n| n.is_ascii_digit()) {
                            // An elided century: `'92`.
                            put(&mut out, '’');
                        } else {
                            open.push(Open {
                                kind: Kind::Single,
                                close: inner_close,
                            });
                            self.opening(&mut out, chars, &mut i, inner_open, run);
                            after_opening = true;
                        }
                    } else {
                        // The single quotation it closes, or an apostrophe (`migrants'`).
                        match pop(&mut open, Kind::Single) {
                            Some(close) => self.closing(&mut out, close, run),
                            None => put(&mut out, '’'),
                        }
                    }
                }
                _ => {
                    // Marks typed as such count for nesting, and take French spacing.
                    let typed = self.typed(c);
                    match typed {
                        Some(Typed::Open(mark, close)) => {
                            open.push(Open {
                                kind: Kind::Typed,
                                close,
                            });
                            self.opening(&mut out, chars, &mut i, mark, run);
                            after_opening = true;
                        }
                        Some(Typed::Close(mark, alone)) => {
                            let close = match open.iter().rposition(|o| o.close == mark) {
                                Some(at) => open.remove(at).close,
                                None => alone,
                            };
                            self.closing(&mut out, close, run);
                        }
                        None => match c {
                            ' ' | NBSP if self.french => {
                                let space = match next {
                                    Some(':') => NBSP,
                                    Some(';' | '!' | '?') => NNBSP,
                                    _ => c,
                                };
                                put(&mut out, space);
                            }
                            _ => put(&mut out, c),
                        },
                    }
                }
            }
            i += 1;
        }
        out
    }

    /// What a typed quotation mark is in this language.
    fn typed(&self, c: char) -> Option<Typed> {
        let [outer_open, outer_close, inner_open, inner_close] = self.quotes;
        if self.remap_curly {
            match c {
                '“' => return Some(Typed::Open(outer_open, outer_close)),
                '”' => return Some(Typed::Close(outer_close, outer_close)),
                '‘' => return Some(Typed::Open(inner_open, inner_close)),
                // An apostrophe unless it closes a ‘.
                '’' => return Some(Typed::Close(inner_close, '’')),
                _ => {}
            }
        }
        match c {
            '«' => Some(Typed::Open('«', '»')),
            '「' => Some(Typed::Open('「', '」')),
            '『' => Some(Typed::Open('『', '』')),
            '»' | '」' | '』' => Some(Typed::Close(c, c)),
            _ if c == outer_open => Some(Typed::Open(c, outer_close)),
            _ if c == inner_open => Some(Typed::Open(c, inner_close)),
            // A closing mark that is also the apostrophe (’) only counts for the quotation
            // it closes; elsewhere it is printed as it is.
            _ if c == outer_close || c == inner_close => Some(Typed::Close(c, c)),
            _ => None,
        }
    }

    /// An opening mark; in French a narrow no-break space after a guillemet, in place of
    /// the space the writer typed, if any.
    fn opening(&self, out: &mut Vec<Char>, chars: &[Char], i: &mut usize, mark: char, run: usize) {
        out.push(Char {
            c: mark,
            run,
            frozen: false,
        });
        if self.french && mark == '«' {
            if chars
                .get(*i + 1)
                .is_some_and(|n| !n.frozen && matches!(n.c, ' ' | NBSP | NNBSP))
            {
                *i += 1;
            }
            out.push(Char {
                c: NNBSP,
                run,
                frozen: false,
            });
        }
    }

    /// A closing mark; in French a narrow no-break space before a guillemet, in place of
    /// the space the writer typed, if any.
    fn closing(&self, out: &mut Vec<Char>, mark: char, run: usize) {
        if self.french && mark == '»' {
            match out.last_mut() {
                Some(space) if !space.frozen && matches!(space.c, ' ' | NBSP | NNBSP) => {
                    space.c = NNBSP
                }
                _ => out.push(Char {
                    c: NNBSP,
                    run,
                    frozen: false,
                }),
            }
        }
        out.push(Char {
            c: mark,
            run,
            frozen: false,
        });
    }

    /// The space before a dash never breaks (a line does not start with a dash), nor does
    /// the space after a word in `short_words` (it does not end a line), nor a space that
    /// holds a number together (`number_space`).
    fn no_break_spaces(&self, out: &mut [Char]) {
        for i in 0..out.len() {
            if out[i].c != ' ' || out[i].frozen {
                continue;
            }
            let next = out.get(i + 1).filter(|n| !n.frozen).map(|n| n.c);
            let before_dash = matches!(next, Some('–' | '—'));
            let after_short_word = i >= 1
                && self.short_words.contains(&out[i - 1].c)
                && (i < 2 || starts_word(out[i - 2].c))
                && next.is_some_and(|n| !n.is_whitespace());
            if before_dash || after_short_word || number_space(out, i) {
                out[i].c = NBSP;
            }
        }
    }
}

/// Which characters of `out` are French ordinal suffixes, set as superscript: `e`, `er`,
/// `re`, `es`, `ers`, `res`, `ème`, `èmes` right after a number in digits (`1er`, `2e`) or
/// in capital Roman numerals (`XXIe siècle`, `François Ier`), the whole a word of its own.
/// A one-letter numeral counts only for I, V and X, so that `Le`, `De`, `Ce`, `Me`, `Les`,
/// `Des` stay words; a longer one must be a well-formed numeral. Code and URLs (frozen)
/// are left alone. Decided here, in the edition's text, so both writers raise the same
/// letters; the characters stay as written (text extraction still reads `XXIe`).
fn ordinal_suffixes(out: &[Char]) -> Vec<bool> {
    const SUFFIXES: [&str; 8] = ["èmes", "ème", "ers", "res", "er", "re", "es", "e"];
    let mut raised = vec![false; out.len()];
    let word = |i: usize| out.get(i).is_some_and(|c| c.c.is_alphanumeric());
    let mut i = 0;
    while i < out.len() {
        if (i > 0 && word(i - 1)) || !word(i) {
            i += 1;
            continue;
        }
        let digits = out[i..].iter().take_while(|c| c.c.is_ascii_digit()).count();
        let roman = out[i..]
            .iter()
            .take_while(|c| matches!(c.c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
            .count();
        let number = digits.max(roman);
        let numeral: String = out[i..i + roman].iter().map(|c| c.c).collect();
        let is_number = digits > 0 || roman_numeral(&numeral);
        let start = i + number;
        let suffix = SUFFIXES.iter().find(|s| {
            let n = s.chars().count();
            start + n <= out.len()
                && out[start..start + n].iter().map(|c| c.c).eq(s.chars())
                && !word(start + n)
        });
        match suffix {
            Some(s) if is_number && number > 0 => {
                let end = start + s.chars().count();
                if out[i..end].iter().all(|c| !c.frozen) {
                    raised[start..end].iter_mut().for_each(|r| *r = true);
                }
                i = end;
            }
            _ => {
                // On to the next word.
                i += 1;
                while word(i) {
                    i += 1;
                }
            }
        }
    }
    raised
}

/// A capital Roman numeral as an ordinal is written: `I`, `V`, `X` alone, or a well-formed
/// numeral of two letters or more (`XXI`, `XIV`, `MCM`); `L`, `C`, `D`, `M` alone are words'
/// first letters far more often (`Le`, `Ce`, `De`, `Me`).
fn roman_numeral(s: &str) -> bool {
    if s.chars().count() == 1 {
        return matches!(s, "I" | "V" | "X");
    }
    let mut rest = s;
    for group in [
        ["", "M", "MM", "MMM", "", "", "", "", "", ""],
        ["", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"],
        ["", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"],
        ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"],
    ] {
        // The longest form of this place that the numeral starts with.
        let taken = group
            .iter()
            .filter(|g| rest.starts_with(*g))
            .map(|g| g.len())
            .max()
            .unwrap_or(0);
        rest = &rest[taken..];
    }
    rest.is_empty() && !s.is_empty()
}

/// Left-to-right mark.
const LRM: char = '\u{200E}';

/// `out` with a left-to-right mark before each number that has a hyphen-minus or a plus
/// (`3-7373`, `+41 22 917 12 34`, `1+1`). After Arabic letters the bidi algorithm (UAX #9,
/// rule W2) takes digits for Arabic numbers, which a slash, a dot, a comma, a colon or a
/// no-break space join (W4: `2017/18`, `1.5`) but a hyphen or a plus does not: it is left
/// between two numbers, and the page shows `7373-3` (the PDF, LibreOffice and Word alike).
/// The mark is a strong left-to-right letter before the number: its digits stay European
/// numbers, joined with their hyphens and taken for left-to-right text (W4, W7), and the
/// whole number is read left to right inside the line. In the edition's text, so that the
/// PDF and the DOCX show the same order.
///
/// And a right-to-left mark after a number that follows right-to-left text when, past spaces
/// and brackets, Latin text or another number comes next (`3.1 (RT 3.1)`). The page is the
/// same (the digits after Arabic letters already count as right-to-left for what follows,
/// W7 and N1), but a reader that rebuilds the text from the page reads everything between
/// two Arabic words that is not Arabic as one left-to-right stretch, in drawn order: poppler
/// gave "RT 3.1 3.1". The mark, a right-to-left letter, ends the stretch after the number.
fn ltr_numbers(out: Vec<Char>) -> Vec<Char> {
    let joiner = |c: char| {
        matches!(
            c,
            '-' | '+' | '\u{2212}' | '/' | '.' | ',' | ':' | NBSP | NNBSP
        )
    };
    let sign = |c: char| matches!(c, '-' | '+' | '\u{2212}');
    let mut marked = Vec::with_capacity(out.len() + 2);
    let mut i = 0;
    while i < out.len() {
        let digit_at = |k: usize| out.get(k).is_some_and(|ch| !ch.frozen && is_digit(ch.c));
        let before = i.checked_sub(1).map(|p| out[p].c);
        // A number starts at a digit, or at a sign before one, after no letter or digit.
        let starts = !out[i].frozen
            && (is_digit(out[i].c) || (sign(out[i].c) && digit_at(i + 1)))
            && !before.is_some_and(|b| b.is_alphanumeric() || b == LRM || joiner(b));
        if !starts {
            marked.push(out[i]);
            i += 1;
            continue;
        }
        // Its end: digits, and single joiners each with a digit after it.
        let mut end = i + 1;
        while end < out.len() {
            if digit_at(end) || (joiner(out[end].c) && !out[end].frozen && digit_at(end + 1)) {
                end += 1;
            } else {
                break;
            }
        }
        // Arabic-Indic digits are Arabic numbers whatever comes before them: no mark helps.
        let european = out[i..end]
            .iter()
            .all(|ch| !is_digit(ch.c) || ch.c.is_ascii_digit());
        let signed = out[i..end].iter().any(|ch| sign(ch.c));
        if european && signed {
            marked.push(Char { c: LRM, ..out[i] });
        }
        marked.extend_from_slice(&out[i..end]);
        if european && !signed && right_to_left_before(&out[..i]) && left_to_right_next(&out[end..])
        {
            marked.push(Char {
                c: RLM,
                ..out[end - 1]
            });
        }
        i = end;
    }
    marked
}

/// Right-to-left mark.
const RLM: char = '\u{200F}';

/// Whether the nearest strong character before a number reads right to left (none: the
/// paragraph's own direction, right to left in a language written in Arabic script).
fn right_to_left_before(before: &[Char]) -> bool {
    use unicode_bidi::BidiClass::{AL, L, R};
    before
        .iter()
        .rev()
        .find_map(|ch| match unicode_bidi::bidi_class(ch.c) {
            R | AL => Some(true),
            L => Some(false),
            _ => None,
        })
        .unwrap_or(true)
}

/// Whether, past spaces and punctuation, a Latin letter or a European digit comes next.
fn left_to_right_next(after: &[Char]) -> bool {
    use unicode_bidi::BidiClass::{AL, EN, L, R};
    after
        .iter()
        .find_map(|ch| match unicode_bidi::bidi_class(ch.c) {
            L | EN => Some(!ch.frozen),
            R | AL => Some(false),
            _ => None,
        })
        .unwrap_or(false)
}

/// A character of a text value, with its run and whether it is left as written.
#[derive(Clone, Copy, Debug)]
struct Char {
    c: char,
    run: usize,
    frozen: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// From a straight `"`.
    Double,
    /// From a straight `'`.
    Single,
    /// Typed as a curly mark or guillemet.
    Typed,
}

#[derive(Clone, Copy, Debug)]
struct Open {
    kind: Kind,
    close: char,
}

/// A typed quotation mark: opening (printed as, closed by), or closing (the mark it closes
/// and is printed as, and what is printed when no quotation it closes is open).
enum Typed {
    Open(char, char),
    Close(char, char),
}

/// The closing mark of the innermost open quotation of `kind`, which is closed.
fn pop(open: &mut Vec<Open>, kind: Kind) -> Option<char> {
    let at = open.iter().rposition(|o| o.kind == kind)?;
    Some(open.remove(at).close)
}

/// Whether a straight quotation mark opens: after space or an opening bracket unless it
/// stands alone before space with a quotation of its kind open (`" oui "`); before space or
/// closing punctuation it closes; between two letters (Chinese puts no space around
/// quotation marks) it closes the quotation of its kind that is open, or opens one.
fn opens(opening_context: bool, next: Option<char>, kind_open: bool) -> bool {
    let closing_context = next.is_none_or(closes_after);
    match (opening_context, closing_context) {
        (true, closing) => !(closing && kind_open),
        (false, true) => false,
        (false, false) => !kind_open,
    }
}

/// A quotation mark after this character opens: space, an opening bracket, a dash, a slash.
fn opens_before(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | '[' | '{' | '<' | '–' | '—' | '-' | '/')
}

/// A quotation mark before this character may close: space or closing punctuation.
fn closes_after(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | ')'
                | ']'
                | '}'
                | '…'
                | '。'
                | '，'
                | '、'
                | '；'
                | '：'
                | '！'
                | '？'
                | '）'
                | '」'
                | '』'
                | '》'
        )
}

/// Text that is a URL: a scheme or `www.` first, no space.
fn is_url(text: &str) -> bool {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    !t.contains(char::is_whitespace)
        && ["http://", "https://", "ftp://", "mailto:", "www."]
            .iter()
            .any(|s| lower.starts_with(s))
}

/// Marks URLs written in the text (`https://…`, `www.…`) as left alone, up to the next
/// space, quotation mark or CJK character; punctuation that ends the sentence after one is
/// not part of it.
fn freeze_urls(chars: &mut [Char]) {
    let mut i = 0;
    while i < chars.len() {
        // Chinese puts no space before a URL.
        let at_word = i == 0 || starts_word(chars[i - 1].c) || is_cjk(chars[i - 1].c);
        if !at_word || !url_starts(&chars[i..]) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < chars.len()
            && !chars[end].c.is_whitespace()
            && !is_cjk(chars[end].c)
            && !matches!(chars[end].c, '"' | '<' | '>')
        {
            end += 1;
        }
        while end > i && ends_sentence(chars[end - 1].c) {
            end -= 1;
        }
        for c in &mut chars[i..end] {
            c.frozen = true;
        }
        i = end.max(i + 1);
    }
}

fn url_starts(chars: &[Char]) -> bool {
    let head: String = chars
        .iter()
        .take(8)
        .map(|c| c.c.to_ascii_lowercase())
        .collect();
    ["http://", "https://", "ftp://", "mailto:", "www."]
        .iter()
        .any(|s| head.starts_with(s))
}

/// Punctuation after a URL that belongs to the sentence.
fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\'' | '»' | '”' | '’' | '“'
    )
}

/// Units and abbreviations that follow a number and stay on its line (`10 km`, `9 a.m.`,
/// `25 %`, `2017 г.`), compared in lower case without the punctuation that ends them.
const UNITS_AFTER: &[&str] = &[
    "a.m", "p.m", "am", "pm", "h", "min", "s", "ms", "km", "m", "cm", "mm", "km²", "m²", "m³",
    "ha", "kg", "g", "mg", "t", "l", "ml", "w", "kw", "kwh", "mw", "gw", "°c", "°f", "°", "%", "‰",
    "€", "$", "£", "¥", "usd", "eur", "chf", "gbp", "cny", "rub", "km/h", "mph", "mi", "ft", "км",
    "м", "см", "мм", "кг", "г", "гг", "т", "ч", "мин", "млн", "млрд", "тыс", "руб", "долл",
];

/// Abbreviations that come before a number and stay on its line (`No. 5`, `para. 12`).
const BEFORE_NUMBER: &[&str] = &[
    "no.", "nos.", "nº", "n°", "№", "p.", "pp.", "para.", "paras.", "art.", "arts.", "§", "§§",
    "fig.", "vol.", "chap.", "núm.", "стр.", "ст.", "п.",
];

/// A digit, in Latin or Arabic-Indic forms.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '\u{660}'..='\u{669}' | '\u{6F0}'..='\u{6F9}')
}

/// Whether the typed space at `i` holds a number together, so that no line breaks there:
/// between two groups of digits (`+41 22 917 12 34`, `10 000`), between a number and the
/// unit or abbreviation after it (`10 km`, `9 a.m.`, Spanish `9 a. m.` inside too), or after
/// an abbreviation that announces a number (`No. 5`).
fn number_space(out: &[Char], i: usize) -> bool {
    let word_after = || -> String {
        let word: String = (out[i + 1..].iter())
            .take_while(|c| !c.c.is_whitespace())
            .map(|c| c.c)
            .collect();
        word.trim_end_matches([',', ';', ':', '!', '?', ')', ']', '»', '”', '’', '…'])
            .to_lowercase()
    };
    let word_before = || -> String {
        let start = out[..i]
            .iter()
            .rposition(|c| c.c.is_whitespace() || starts_word(c.c))
            .map_or(0, |p| p + 1);
        out[start..i]
            .iter()
            .map(|c| c.c)
            .collect::<String>()
            .to_lowercase()
    };
    let prev = i.checked_sub(1).map(|p| out[p].c);
    let next = out.get(i + 1).map(|n| n.c);
    if prev.is_some_and(is_digit) {
        if next.is_some_and(is_digit) {
            return true;
        }
        let unit = word_after();
        let bare = unit.trim_end_matches('.');
        // Spanish writes "a. m." with a space: the unit is its first half.
        return UNITS_AFTER.contains(&bare)
            || matches!(bare, "a" | "p") && spanish_meridiem(out, i);
    }
    // The space inside Spanish "a. m." after a number.
    if matches!(word_before().as_str(), "a." | "p.")
        && word_after().trim_end_matches('.') == "m"
        && i >= 4
        && matches!(out[i - 3].c, ' ' | NBSP)
        && is_digit(out[i - 4].c)
    {
        return true;
    }
    next.is_some_and(is_digit) && BEFORE_NUMBER.contains(&word_before().as_str())
}

/// Whether "a. m." or "p. m." follows the space at `i`.
fn spanish_meridiem(out: &[Char], i: usize) -> bool {
    let rest: String = out[i + 1..].iter().take(5).map(|c| c.c).collect();
    let rest = rest.to_lowercase();
    rest.starts_with("a. m") || rest.starts_with("p. m")
}

/// A word starts after this character: space, an opening bracket or quotation mark.
fn starts_word(c: char) -> bool {
    opens_before(c) || matches!(c, '"' | '\'' | '«' | '„' | '“' | '‘' | '「' | '『')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(lang: &str, quotes: Option<&str>) -> Rules {
        let quotes = quotes.map(|q| <[char; 4]>::try_from(q.chars().collect::<Vec<_>>()).unwrap());
        Rules::new(
            lang,
            &Typography {
                smart_punctuation: true,
                quotes,
                dates: Default::default(),
            },
        )
    }

    fn t(text: &str) -> Inline {
        Inline {
            text: text.into(),
            ..Inline::default()
        }
    }

    fn conv_with(rules: &Rules, text: &str) -> String {
        let mut runs = vec![t(text)];
        rules.text(&mut runs);
        crate::model::plain_text(&runs)
    }

    fn conv(lang: &str, text: &str) -> String {
        conv_with(&rules(lang, None), text)
    }

    /// The text with each superscript run in `^(…)`.
    fn raised(lang: &str, runs: Vec<Inline>) -> String {
        let mut runs = runs;
        rules(lang, None).text(&mut runs);
        runs.iter()
            .map(|r| match r.superscript {
                true => format!("^({})", r.text),
                false => r.text.clone(),
            })
            .collect()
    }

    #[test]
    fn french_ordinals_are_raised_and_nothing_else() {
        assert_eq!(
            raised(
                "fr",
                vec![t(
                    "Au XXIe siècle, François Ier, le 1er et la 1re, les 2e et 3es, Ve République, 19ème."
                )]
            ),
            "Au XXI^(e) siècle, François I^(er), le 1^(er) et la 1^(re), les 2^(e) et 3^(es), V^(e) République, 19^(ème)."
        );
        // Words that start like a numeral, numbers inside words, exponents: left alone.
        for text in [
            "Le De Ce Me Les Des Mes Ces",
            "A4e H2e 1e10 XIIII",
            "LLe et DDe et VVe",
            "Cie",
        ] {
            assert!(!raised("fr", vec![t(text)]).contains('^'), "{text}");
        }
        // Code spans and URLs as written; other languages untouched.
        let code = Inline {
            code: true,
            ..t("3e")
        };
        assert_eq!(
            raised("fr", vec![code, t(" https://ex.org/2e 4e")]),
            "3e https://ex.org/2e 4^(e)"
        );
        assert_eq!(raised("en", vec![t("the XXIe")]), "the XXIe");
        // The suffix keeps the run's other properties; a link stays one link.
        let link = Inline {
            link: Some("https://ex.org".into()),
            ..t("XXIe siècle")
        };
        let mut runs = vec![link];
        rules("fr", None).text(&mut runs);
        assert_eq!(runs.len(), 3);
        assert!(
            runs.iter()
                .all(|r| r.link.as_deref() == Some("https://ex.org"))
        );
        assert_eq!(crate::model::plain_text(&runs), "XXIe siècle");
    }

    #[test]
    fn english_dashes_quotes_and_apostrophes() {
        assert_eq!(
            conv("en", "unilateralism -- individual states --- all"),
            "unilateralism\u{a0}– individual states\u{a0}— all"
        );
        assert_eq!(
            conv("en", "1990--2000, a - b, ----"),
            "1990–2000, a - b, ----"
        );
        assert_eq!(
            conv("en", "IOM's and migrants' rights; Let's go"),
            "IOM’s and migrants’ rights; Let’s go"
        );
        assert_eq!(
            conv(
                "en",
                "He said \"the phrase 'members present' means\" ('92)."
            ),
            "He said “the phrase ‘members present’ means” (’92)."
        );
        assert_eq!(
            conv("en", "(\"x\") [\"y\"] --\"z\""),
            "(“x”) [“y”]\u{a0}–“z”"
        );
        assert_eq!(
            conv("en", "\"'Nested' at the start\""),
            "“‘Nested’ at the start”"
        );
    }

    #[test]
    fn french_guillemets_take_narrow_no_break_spaces_once() {
        let want = "mot\u{a0}: «\u{202f}oui\u{202f}»\u{202f}; non\u{202f}!";
        for text in [
            "mot : \"oui\" ; non !",
            "mot : \" oui \" ; non !",
            "mot : « oui » ; non !",
            "mot : «oui» ; non !",
            "mot\u{a0}: «\u{202f}oui\u{202f}»\u{202f}; non\u{202f}!",
            "mot\u{a0}: «\u{a0}oui\u{a0}»\u{a0}; non\u{a0}!",
        ] {
            assert_eq!(conv("fr", text), want, "{text}");
        }
        assert_eq!(conv("fr", "l'homme"), "l’homme");
        assert_eq!(
            conv("fr", "\"le mot 'paix' ici\""),
            "«\u{202f}le mot “paix” ici\u{202f}»"
        );
        // Digits and URLs keep their colons tight: only a typed space changes.
        assert_eq!(
            conv("fr", "10:30 et https://a.org:8080"),
            "10:30 et https://a.org:8080"
        );
    }

    #[test]
    fn spanish_and_russian_nest_their_own_marks() {
        assert_eq!(conv("es", "\"a \"b\" c\""), "«a “b” c»");
        assert_eq!(conv("es", "\"a 'b' c\""), "«a “b” c»");
        assert_eq!(
            conv("ru", "\"Закон \"О связи\"\""),
            "«Закон „О\u{a0}связи“»"
        );
        assert_eq!(conv("ru", "«ООО \"Ромашка\"»"), "«ООО „Ромашка“»");
    }

    #[test]
    fn russian_dashes_and_one_letter_words_keep_their_neighbours() {
        assert_eq!(conv("ru", "слово --- слово"), "слово\u{a0}— слово");
        assert_eq!(conv("ru", "слово — слово"), "слово\u{a0}— слово");
        assert_eq!(
            conv("ru", "в городе и с друзьями, А к ним (о нас) «у дома»"),
            "в\u{a0}городе и\u{a0}с\u{a0}друзьями, А\u{a0}к\u{a0}ним (о\u{a0}нас) «у\u{a0}дома»"
        );
        // Only one-letter words: `вы` and a letter ending a word keep their space.
        assert_eq!(conv("ru", "вы в, ив к"), "вы в, ив к");
        assert_eq!(conv("en", "a dog"), "a dog");
    }

    #[test]
    fn numbers_keep_their_groups_and_units() {
        let nb = |s: &str| s.replace('_', "\u{a0}");
        assert_eq!(
            conv(
                "en",
                "Call +41 22 917 12 34 at 9 a.m. or 5 p.m., 10 km away."
            ),
            nb("Call +41_22_917_12_34 at 9_a.m. or 5_p.m., 10_km away.")
        );
        assert_eq!(
            conv("en", "See No. 5, para. 12 and 25 % of 10 000 (2017 IOM)."),
            nb("See No._5, para._12 and 25_% of 10_000 (2017 IOM).")
        );
        assert_eq!(
            conv("es", "a las 9 a. m. y 5 p. m."),
            nb("a las 9_a._m. y 5_p._m.")
        );
        assert_eq!(conv("ru", "в 2017 г. за 10 км"), nb("в_2017_г. за 10_км"));
        // Words that are no unit, and a code span, keep their spaces.
        assert_eq!(
            conv("en", "In 2016 many came, 5 key points"),
            "In 2016 many came, 5 key points"
        );
        let mut runs = vec![Inline {
            text: "12 34".into(),
            code: true,
            ..Inline::default()
        }];
        rules("en", None).text(&mut runs);
        assert_eq!(runs[0].text, "12 34");
    }

    #[test]
    fn an_arabic_number_before_latin_text_gets_a_right_to_left_mark() {
        let marked = |s: &str| s.replace('<', "\u{200F}");
        assert_eq!(
            conv(
                "ar",
                "المائدة المستديرة 3.1 (RT 3.1) التي، والنسخة 2.0 و3.0 منه"
            ),
            marked("المائدة المستديرة 3.1< (RT 3.1) التي، والنسخة 2.0 و3.0 منه")
        );
        // After Latin text, or before Arabic text, the page already reads in order.
        let kept = "في (IOM 2017) وعام 2015، و GFMD 2017 (RT)";
        assert_eq!(conv("ar", kept), kept);
        assert_eq!(
            conv("en", "Round table 3.1 (RT 3.1)"),
            "Round table 3.1 (RT 3.1)"
        );
    }

    #[test]
    fn arabic_numbers_with_a_hyphen_or_a_plus_get_a_left_to_right_mark() {
        let marked = |s: &str| s.replace('>', "\u{200E}").replace('_', "\u{a0}");
        assert_eq!(
            conv("ar", "الهاتف الفرعي 3-7373، و +41 22 917 12 34 و -5 و 1+1."),
            marked("الهاتف الفرعي >3-7373، و >+41_22_917_12_34 و >-5 و >1+1.")
        );
        // Numbers the bidi algorithm keeps whole get none, nor do Arabic-Indic digits, a
        // hyphen after a word, or other languages.
        let kept = "عام 2017/18 و A/80/123 و 1.5 و ٣-٧٣٧٣ و A-3";
        assert_eq!(conv("ar", kept), kept);
        assert_eq!(conv("en", "extension 3-7373"), "extension 3-7373");
    }

    #[test]
    fn chinese_quotes_follow_the_layout() {
        assert_eq!(conv("zh", "他说\"是'的'\"。---"), "他说“是‘的’”。——");
        let corner = rules("zh", Some("「」『』"));
        assert_eq!(conv_with(&corner, "他说\"是'的'\"。"), "他说「是『的』」。");
        assert_eq!(
            conv_with(&corner, "关于“危机中的‘移民’”"),
            "关于「危机中的『移民』」"
        );
        // Typed curly quotes stay in the default layout.
        assert_eq!(conv("zh", "关于“危机”"), "关于“危机”");
    }

    #[test]
    fn arabic_quotes_as_un_arabic_documents_print_them() {
        assert_eq!(
            conv("ar", "\"يومية الأمم المتحدة\" -- نص"),
            "”يومية الأمم المتحدة“\u{a0}– نص"
        );
    }

    #[test]
    fn code_spans_and_urls_are_left_as_written() {
        let r = rules("en", None);
        let mut runs = vec![
            t("Run "),
            Inline {
                code: true,
                ..t("folio --lang \"en\"")
            },
            t(" or see "),
            Inline {
                link: Some(Arc::from("https://example.org/a--b")),
                ..t("https://example.org/a--b")
            },
            t(", https://example.org/it's--\"x\" and 'www.a--b.org'."),
        ];
        r.text(&mut runs);
        assert_eq!(
            crate::model::plain_text(&runs),
            "Run folio --lang \"en\" or see https://example.org/a--b, https://example.org/it's--“x” and ‘www.a--b.org’."
        );
        // Link text that is not a URL is text.
        let mut runs = vec![Inline {
            link: Some(Arc::from("https://example.org")),
            ..t("the \"report\"")
        }];
        r.text(&mut runs);
        assert_eq!(runs[0].text, "the “report”");
        assert_eq!(
            conv("zh", "见https://example.org/a--b。\"是\""),
            "见https://example.org/a--b。“是”"
        );
    }

    #[test]
    fn quotes_open_in_one_run_and_close_in_another() {
        let mut runs = vec![
            t("\""),
            Inline {
                strong: true,
                ..t("quoted")
            },
            t("\" start -- end"),
        ];
        rules("en", None).text(&mut runs);
        let texts: Vec<&str> = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["“", "quoted", "” start\u{a0}– end"]);
        assert!(runs[1].strong);
    }
}
