//! From a paragraph's inline runs to the box/glue/penalty list the line breaker reads:
//! break opportunities (UAX #14), font per character, shaping per piece, hyphenation points.

use std::ops::Range;
use std::sync::Arc;

use icu_segmenter::LineSegmenter;
use icu_segmenter::options::LineBreakOptions;

use super::hyphenate;
use super::pages::Decoration;
use super::shape::{ShapedGlyph, Shaper};
use crate::fonts::{FaceId, FontBook};
use crate::layouts::{EmphasisStyle, Hyphenation, Justification, Style};
use crate::model::Inline;

/// A stretch of text shaped as one: one face, one set of inline properties, no break inside.
#[derive(Clone, Debug)]
pub struct Piece {
    /// Byte range in the paragraph text.
    pub range: Range<usize>,
    pub face: FaceId,
    pub size: f32,
    pub color: [u8; 3],
    pub link: Option<Arc<str>>,
    /// How far above the baseline it sits (a footnote mark).
    pub rise: f32,
    /// The footnote (index into `compose::Composed::notes`) this piece is the mark of.
    pub note: Option<usize>,
    /// Glyphs with clusters relative to `range.start`.
    pub glyphs: Arc<[ShapedGlyph]>,
    /// Whitespace between words, whose width justification may change.
    pub is_space: bool,
    /// Bidi embedding level (UAX #9): odd is right to left.
    pub level: u8,
    /// Emphasis drawn beside the glyphs (dots, underline) rather than by the face.
    pub decoration: Option<Decoration>,
}

impl Piece {
    pub fn rtl(&self) -> bool {
        self.level % 2 == 1
    }
}

impl Piece {
    /// Width of the glyphs whose clusters start inside `range` (paragraph offsets).
    pub fn width_of(&self, range: &Range<usize>) -> f32 {
        let start = self.range.start;
        self.glyphs
            .iter()
            .filter(|g| range.contains(&(start + g.cluster as usize)))
            .map(|g| g.advance * self.size)
            .sum()
    }

    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance * self.size).sum()
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ItemKind {
    Box,
    /// `fil` glue stretches without limit (the end of a paragraph).
    Glue {
        stretch: f32,
        shrink: f32,
        fil: bool,
    },
    /// `cost` of `f32::INFINITY` forbids a break, `-f32::INFINITY` forces one.
    Penalty {
        cost: f32,
        flagged: bool,
        /// A hyphenation point the layout's `min-word`, `left` and `right` withhold but the
        /// language allows ([`super::hyphenate::least_bounds`]): the breaker takes it only for
        /// a paragraph that has no other way to keep its lines within the tolerance.
        last_resort: bool,
    },
}

/// Room between an ideograph and a Latin letter or digit, as a fraction of the font size.
pub const CJK_LATIN_GAP: f32 = 0.25;
/// How far the room between ideographs may stretch to justify, as a fraction of the size.
pub const CJK_STRETCH: f32 = 0.25;

/// How every paragraph ends: no break before fil glue, then a forced break, so that the
/// last line is set at its natural width.
pub fn paragraph_end(at: usize) -> [Item; 3] {
    let item = |kind| Item {
        kind,
        width: 0.0,
        range: at..at,
    };
    [
        item(ItemKind::Penalty {
            cost: f32::INFINITY,
            flagged: false,
            last_resort: false,
        }),
        item(ItemKind::Glue {
            stretch: 0.0,
            shrink: 0.0,
            fil: true,
        }),
        item(ItemKind::Penalty {
            cost: -f32::INFINITY,
            flagged: false,
            last_resort: false,
        }),
    ]
}

#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub kind: ItemKind,
    pub width: f32,
    /// Byte range in the paragraph text (empty for penalties).
    pub range: Range<usize>,
}

/// A paragraph analysed and shaped, ready for breaking into lines.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub text: String,
    pub pieces: Vec<Piece>,
    pub items: Vec<Item>,
    pub rtl: bool,
}

/// How a paragraph is to be analysed.
pub struct Options<'a> {
    pub style: &'a Style,
    /// `None` for headings and wherever hyphenation is off.
    pub hyphenation: Option<&'a Hyphenation>,
    pub justification: &'a Justification,
    /// The edition's BCP 47 tag: it picks the hyphenation patterns (`en-GB` British).
    pub lang: &'a str,
    pub rtl: bool,
    /// The colour of a link's text (the layout's `links.color`), so that links show on paper.
    pub link_color: [u8; 3],
    /// A title or heading: no break after an explicit hyphen ([`DISPLAY_HYPHEN_PENALTY`]),
    /// so that a compound stays whole on its line ("Labour-" over "market" reads as a cut
    /// word).
    pub display: bool,
}

/// A superscript's size and how far it rises, as fractions of the text's size.
pub const SUPERSCRIPT_SIZE: f32 = 0.62;
pub const SUPERSCRIPT_RISE: f32 = 0.36;

/// Cost of cutting a capitalised word when the layout does not allow it outright.
pub const CAPITALIZED_PENALTY: f32 = 1000.0;
/// Cost of breaking after an explicit hyphen or dash (`\exhyphenpenalty`).
pub const EXPLICIT_HYPHEN_PENALTY: f32 = 50.0;
/// The same in a title or heading: none. A finite cost is not enough: the breaker takes the
/// first pass whose lines all stay within the tolerance, and in a centred title of two lines
/// the hyphen can be the only such break ("Skills partnerships and labour-" over "market
/// access for refugees"), the others leaving a line short; without it, the looser pass
/// finds them. A compound wider than the whole measure would stick out (reported as an
/// overfull line), which no title seen does.
pub const DISPLAY_HYPHEN_PENALTY: f32 = f32::INFINITY;

pub fn prepare(inlines: &[Inline], opts: &Options, shaper: &mut Shaper) -> Prepared {
    let (text, spans) = join_inlines(inlines);
    // A footnote mark stays with the word before it, even after an ideograph or a
    // closing quote, where UAX #14 would allow a break.
    let marks: Vec<usize> = spans
        .iter()
        .filter(|(_, inline)| inline.superscript)
        .map(|(range, _)| range.start)
        .collect();
    let breaks: Vec<usize> = LineSegmenter::new_auto(LineBreakOptions::default())
        .segment_str(&text)
        .filter(|at| marks.binary_search(at).is_err())
        .collect();
    let levels = bidi_levels(&text, opts.rtl);
    let pieces = make_pieces(&text, &spans, &breaks, &levels, opts, shaper);
    let items = make_items(&text, &pieces, &breaks, opts, shaper);
    Prepared {
        text,
        pieces,
        items,
        rtl: opts.rtl,
    }
}

/// The paragraph text and, per inline run, its byte range and inline properties. The
/// text is the edition's as `typography::apply` gave it (French spacing included).
fn join_inlines(inlines: &[Inline]) -> (String, Vec<(Range<usize>, &Inline)>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    for inline in inlines {
        let start = text.len();
        text.push_str(&inline.text);
        spans.push((start..text.len(), inline));
    }
    (text, spans)
}

/// Bidi embedding level of every byte of `text` (UAX #9); all zero for left-to-right text
/// without right-to-left characters.
fn bidi_levels(text: &str, rtl: bool) -> Vec<u8> {
    let has_rtl = text
        .chars()
        .any(|c| matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF));
    if !rtl && !has_rtl {
        return vec![0; text.len()];
    }
    let base = if rtl {
        unicode_bidi::Level::rtl()
    } else {
        unicode_bidi::Level::ltr()
    };
    let info = unicode_bidi::BidiInfo::new(text, Some(base));
    info.levels.iter().map(|l| l.number()).collect()
}

/// Ideographs, kana, CJK punctuation and full-width forms: text set on a grid, breakable
/// between characters, justified by the room between them.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// No break is allowed at these spaces, and justification leaves their width alone. The
/// no-break space (U+00A0) is not one of them: it is a tie, a word space that never breaks
/// (`make_items`), so that the words it binds stretch apart like any others.
pub fn is_fixed_space(c: char) -> bool {
    matches!(c, '\u{202f}' | '\u{2007}' | '\u{2060}')
}

fn is_stretchable_space(c: char) -> bool {
    c.is_whitespace() && !is_fixed_space(c)
}

fn make_pieces(
    text: &str,
    spans: &[(Range<usize>, &Inline)],
    breaks: &[usize],
    levels: &[u8],
    opts: &Options,
    shaper: &mut Shaper,
) -> Vec<Piece> {
    let fonts = shaper.fonts();
    let mut pieces = Vec::new();
    // The family of the last letter: digits, punctuation and spaces are set in it when it
    // has them, so that "(1)" in Arabic text has Arabic digits between Latin brackets (the
    // Arabic face has no brackets) and a number after an ideograph stays in the CJK face.
    let mut letters: Option<&str> = None;
    for (span, inline) in spans {
        let emphasis = inline.emphasised_as();
        let (bold, italic) = opts.style.inline_face(inline.strong, emphasis);
        let decoration = match emphasis {
            Some(EmphasisStyle::Dots) => Some(Decoration::Dots),
            Some(EmphasisStyle::Underline) => Some(Decoration::Underline),
            _ => None,
        };
        let chain = fonts.chain(&opts.style.families, bold, italic);
        let mut start = span.start;
        let mut face: Option<FaceId> = None;
        let mut space = false;
        let mut in_word = false;
        for (offset, c) in text[span.clone()].char_indices() {
            let at = span.start + offset;
            let c_space = is_stretchable_space(c);
            let c_face = face_for_char(fonts, &chain, face, letters, c, (c_space, in_word), italic);
            in_word = c.is_alphabetic();
            if c.is_alphabetic() {
                letters = Some(fonts.face(c_face).family.as_str());
            }
            let cut = at > start
                && (Some(c_face) != face
                    || c_space != space
                    || levels[at] != levels[start]
                    || breaks.binary_search(&at).is_ok());
            if cut {
                pieces.push(piece(
                    text,
                    start..at,
                    face.unwrap_or(c_face),
                    space,
                    levels[start],
                    (inline, decoration),
                    opts,
                    shaper,
                ));
                start = at;
            }
            face = Some(c_face);
            space = c_space;
        }
        if start < span.end {
            let f = face.unwrap_or(chain[0]);
            pieces.push(piece(
                text,
                start..span.end,
                f,
                space,
                levels[start],
                (inline, decoration),
                opts,
                shaper,
            ));
        }
    }
    pieces
}

/// The face for `c`: a letter wanted italic takes the first italic face that has it; a
/// letter that goes on a word (`in_word`) stays in the current face while it can draw it, so
/// a word is not set in two faces; anything else (digits, punctuation, spaces, marks) takes
/// the face of the letters before it (`letters`, a family) when that has it, then the
/// current face; else, and for a letter that starts a word, the first face in `chain` that
/// has it. So a character only a fallback face has (a narrow no-break space) is set in it
/// alone, and the next word returns to the first face: fallback is per character.
#[allow(clippy::too_many_arguments)]
fn face_for_char(
    fonts: &FontBook,
    chain: &[FaceId],
    face: Option<FaceId>,
    letters: Option<&str>,
    c: char,
    (c_space, in_word): (bool, bool),
    italic: bool,
) -> FaceId {
    // A letter wanted italic goes to an italic face that has it before an upright one
    // earlier in the chain: a Latin word emphasised in a Chinese edition (the CJK face has
    // Latin letters, no italic) is set in the Latin italic.
    if italic
        && c.is_alphabetic()
        && let Some(&id) = chain
            .iter()
            .find(|&&id| fonts.face(id).italic && fonts.face(id).has_char(c))
    {
        return id;
    }
    if !c.is_alphabetic()
        && let Some(family) = letters
        && let Some(&id) = chain.iter().find(|&&id| fonts.face(id).family == family)
        && fonts.face(id).has_char(c)
    {
        return id;
    }
    match face {
        Some(f) if c_space => f,
        Some(f) if fonts.face(f).has_char(c) && (in_word || !c.is_alphabetic()) => f,
        _ => fonts.face_for(chain, c).unwrap_or(chain[0]),
    }
}

#[allow(clippy::too_many_arguments)]
fn piece(
    text: &str,
    range: Range<usize>,
    face: FaceId,
    is_space: bool,
    level: u8,
    (inline, decoration): (&Inline, Option<Decoration>),
    opts: &Options,
    shaper: &mut Shaper,
) -> Piece {
    let size = opts.style.size.0;
    Piece {
        glyphs: shaper.shape_halt(
            face,
            &text[range.clone()],
            level % 2 == 1,
            halt_ranges(text, range.clone()),
        ),
        level,
        range,
        face,
        size: if inline.superscript {
            size * SUPERSCRIPT_SIZE
        } else {
            size
        },
        color: match inline.link {
            Some(_) => opts.link_color,
            None => opts.style.color,
        },
        link: inline.link.clone(),
        rise: if inline.superscript {
            size * SUPERSCRIPT_RISE
        } else {
            0.0
        },
        note: inline.note.as_ref().map(|n| n.index),
        is_space,
        decoration: decoration.filter(|_| !is_space || decoration == Some(Decoration::Underline)),
    }
}

/// Full-width punctuation whose blank half is after its ink (closing brackets and quotes,
/// and in Simplified Chinese the stops, commas and colons, set in the left half of the em).
fn closing_punct(c: char) -> bool {
    matches!(
        c,
        '）' | '〕'
            | '］'
            | '｝'
            | '〉'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〗'
            | '〙'
            | '〛'
            | '”'
            | '’'
            | '。'
            | '，'
            | '、'
            | '：'
            | '；'
            | '！'
            | '？'
            | '．'
    )
}

/// Full-width punctuation whose blank half is before its ink (opening brackets and quotes).
fn opening_punct(c: char) -> bool {
    matches!(
        c,
        '（' | '〔'
            | '［'
            | '｛'
            | '〈'
            | '《'
            | '「'
            | '『'
            | '【'
            | '〖'
            | '〘'
            | '〚'
            | '“'
            | '‘'
    )
}

/// The characters of `text[range]` (as byte ranges relative to its start) to set half-width
/// with the font's `halt` feature: of two adjacent full-width punctuation marks, one gives
/// up its blank half so that the pair takes one and a half em (CLREQ 3.1.6, JLREQ 3.1.4):
/// a closing mark (`。」`, `），`, `：（`) loses the blank after it; an opening mark after an
/// opening one (`（「`) the blank before it. The neighbours are looked up in the whole
/// paragraph, so a pair split between two pieces is compressed the same. Only a face with
/// `halt` changes anything: in a Latin face `”` is not full-width and stays as it is.
fn halt_ranges(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut halt = Vec::new();
    for (offset, c) in text[range.clone()].char_indices() {
        let at = range.start + offset;
        let next = text[at + c.len_utf8()..].chars().next();
        let prev = text[..at].chars().next_back();
        let pair_after = next.is_some_and(|n| closing_punct(n) || opening_punct(n));
        if (closing_punct(c) && pair_after) || (opening_punct(c) && prev.is_some_and(opening_punct))
        {
            halt.push(offset..offset + c.len_utf8());
        }
    }
    halt
}

/// The penalty of breaking at the tie after a one-letter word (Russian «в», «с», «и»…, tied
/// by `typography` so that no line ends on one). The tie is kept wherever any other break
/// sets the paragraph within the layout's tolerance (the cost's square outweighs the
/// demerits of every line of a long paragraph), but where none does, leaving «в» at a line's
/// end is better than spacing the line out to three times its word spaces, which the
/// looser passes of `linebreak` would otherwise do (issue 10, item 6).
pub const ONE_LETTER_TIE_COST: f32 = 10_000.0;

/// Whether the no-break space at `range` ties a one-letter word to the word after it: a
/// single letter after a space, a bracket or the start before it, a letter after it. Ties before a
/// dash, around guillemets and before French `: ; ! ?` stay unbreakable.
fn one_letter_tie(text: &str, range: std::ops::Range<usize>) -> bool {
    let mut before = text[..range.start].chars().rev();
    let letter = before.next().is_some_and(char::is_alphabetic);
    let alone = before.next().is_none_or(|c| !c.is_alphanumeric());
    let next = text[range.end..]
        .chars()
        .next()
        .is_some_and(char::is_alphabetic);
    letter && alone && next
}

/// `breaks` are the UAX #14 break opportunities; pieces were cut at each of them.
fn make_items(
    text: &str,
    pieces: &[Piece],
    breaks: &[usize],
    opts: &Options,
    shaper: &mut Shaper,
) -> Vec<Item> {
    let j = opts.justification;
    let mut items = Vec::new();
    let last_two = last_two_characters(text, pieces);
    // Pieces of one word are consecutive non-space pieces with no break between them.
    let mut i = 0;
    while i < pieces.len() {
        let p = &pieces[i];
        if p.is_space {
            let width = p.width();
            // A tie: nothing may break at a no-break space (glue is a break only after a box),
            // except after a one-letter word, at a cost no other break comes near.
            if text[p.range.clone()].contains('\u{a0}') {
                let cost = match one_letter_tie(text, p.range.clone()) {
                    true => ONE_LETTER_TIE_COST,
                    false => f32::INFINITY,
                };
                items.push(Item {
                    kind: ItemKind::Penalty {
                        cost,
                        flagged: false,
                        last_resort: false,
                    },
                    width: 0.0,
                    range: p.range.start..p.range.start,
                });
            }
            items.push(Item {
                kind: ItemKind::Glue {
                    stretch: width * j.stretch,
                    shrink: width * j.shrink,
                    fil: false,
                },
                width,
                range: p.range.clone(),
            });
            i += 1;
            continue;
        }
        let first = i;
        let mut end = p.range.end;
        while i + 1 < pieces.len() && !pieces[i + 1].is_space && breaks.binary_search(&end).is_err()
        {
            i += 1;
            end = pieces[i].range.end;
        }
        let word = &pieces[first..=i];
        push_word(text, word, opts, shaper, &mut items);
        i += 1;
        // A break opportunity inside a run of text without a space: after a hyphen or dash,
        // between ideographs. Breaking there is allowed; after a hyphen it costs like one.
        if i < pieces.len() && !pieces[i].is_space {
            let last = text[..end].chars().next_back().unwrap_or(' ');
            let next = text[end..].chars().next().unwrap_or(' ');
            if let Some(gap) = cjk_gap(last, next) {
                let size = opts.style.size.0;
                if end > last_two {
                    items.push(Item {
                        kind: ItemKind::Penalty {
                            cost: f32::INFINITY,
                            flagged: false,
                            last_resort: false,
                        },
                        width: 0.0,
                        range: end..end,
                    });
                }
                items.push(Item {
                    kind: ItemKind::Glue {
                        stretch: size * CJK_STRETCH,
                        shrink: 0.0,
                        fil: false,
                    },
                    width: gap * size,
                    range: end..end,
                });
                continue;
            }
            let explicit = matches!(last, '-' | '\u{2010}' | '\u{2013}' | '\u{2014}');
            items.push(Item {
                kind: ItemKind::Penalty {
                    cost: match (explicit, opts.display) {
                        (true, true) => DISPLAY_HYPHEN_PENALTY,
                        (true, false) => EXPLICIT_HYPHEN_PENALTY,
                        (false, _) => 0.0,
                    },
                    flagged: explicit,
                    last_resort: false,
                },
                width: 0.0,
                range: end..end,
            });
        }
    }
    items.extend(paragraph_end(text.len()));
    items
}

/// Where the paragraph's last two characters begin (the byte offset of the second-last):
/// a break after it would leave at most one character (a Han character, with the
/// punctuation after it) alone on the last line, which Chinese typesetting never does
/// (CLREQ 3.3.6), so `make_items` forbids CJK breaks past it and the breaker takes the
/// line before one character further. Footnote marks do not count as characters.
fn last_two_characters(text: &str, pieces: &[Piece]) -> usize {
    let raised = |i: usize| pieces.iter().any(|p| p.rise > 0.0 && p.range.contains(&i));
    text.char_indices()
        .rev()
        .filter(|&(i, c)| c.is_alphanumeric() && !raised(i))
        .nth(1)
        .map_or(0, |(i, _)| i)
}

/// The room (in em) at a break between `before` and `after` when either is CJK: none
/// between ideographs, a quarter em between an ideograph and a Latin letter. Digits sit
/// against ideographs with no room, as Chinese UN documents print dates and numbers
/// ("2017年6月30日", "第72/179号"); a break may still fall there.
pub fn cjk_gap(before: char, after: char) -> Option<f32> {
    if !is_cjk(before) && !is_cjk(after) {
        return None;
    }
    let latin = |c: char| c.is_ascii_alphabetic();
    let ideograph = |c: char| is_cjk(c) && c.is_alphabetic();
    Some(
        if (ideograph(before) && latin(after)) || (latin(before) && ideograph(after)) {
            CJK_LATIN_GAP
        } else {
            0.0
        },
    )
}

/// Boxes for one word, split at its hyphenation points with a flagged penalty at each.
fn push_word(
    text: &str,
    word: &[Piece],
    opts: &Options,
    shaper: &mut Shaper,
    items: &mut Vec<Item>,
) {
    let range = word[0].range.start..word[word.len() - 1].range.end;
    let width_of = |r: &Range<usize>| -> f32 { word.iter().map(|p| p.width_of(r)).sum() };
    let points = match opts.hyphenation {
        Some(h) if word.iter().all(|p| p.link.is_none()) => {
            let word = &text[range.clone()];
            let offsets = shaper.memo_hyphens(word, || hyphenation_points(word, h, opts.lang));
            offsets
                .iter()
                .map(|&(o, last_resort)| (range.start + o, last_resort))
                .collect()
        }
        _ => Vec::new(),
    };
    // A capitalised word (mostly a proper noun: "Marrue-cos") is cut only as a last resort,
    // when the layout does not allow it outright: its cost outweighs a line as loose as
    // about 1.4 times its spaces' stretch, never the emergency of a line past tolerance.
    let cost = opts.hyphenation.map_or(0.0, |h| {
        let capital = text[range.clone()]
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase);
        match capital && !h.capitalized {
            true => h.penalty.max(CAPITALIZED_PENALTY),
            false => h.penalty,
        }
    });
    let mut start = range.start;
    for (point, last_resort) in points {
        items.push(Item {
            kind: ItemKind::Box,
            width: width_of(&(start..point)),
            range: start..point,
        });
        let face = word
            .iter()
            .find(|p| p.range.contains(&(point - 1)))
            .map(|p| p.face)
            .unwrap_or(word[0].face);
        let hyphen: f32 = shaper
            .shape(face, "-", opts.rtl)
            .iter()
            .map(|g| g.advance * opts.style.size.0)
            .sum();
        items.push(Item {
            kind: ItemKind::Penalty {
                cost,
                flagged: true,
                last_resort,
            },
            width: hyphen,
            range: point..point,
        });
        start = point;
    }
    items.push(Item {
        kind: ItemKind::Box,
        width: width_of(&(start..range.end)),
        range: start..range.end,
    });
}

/// Byte offsets in `word` where it may be hyphenated, each with whether it is a last resort:
/// the layout's points (only purely alphabetic words, leading and trailing punctuation
/// aside, of at least `min_word` letters, `left` and `right` letters kept), and those the
/// language's own least bounds add ([`hyphenate::least_bounds`]), for a paragraph that
/// cannot keep its lines within the tolerance otherwise ("чис-ле", "мигран-ты" in Russian).
/// The patterns are asked once, within the looser bounds: the layout's points are those
/// of them that keep the layout's letters on either side.
fn hyphenation_points(word: &str, h: &Hyphenation, lang: &str) -> Vec<(usize, bool)> {
    let (least_word, least_left, least_right) = hyphenate::least_bounds(lang);
    let core_start = word.find(|c: char| c.is_alphabetic()).unwrap_or(word.len());
    let core_end = word
        .rfind(|c: char| c.is_alphabetic())
        .map(|i| i + word[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(core_start);
    let core = &word[core_start..core_end.max(core_start)];
    let letters = core.chars().count();
    if letters < least_word.min(h.min_word) || !core.chars().all(char::is_alphabetic) {
        return Vec::new();
    }
    let (left, right) = (least_left.min(h.left_min), least_right.min(h.right_min));
    hyphenate::points(core, lang, left, right)
        .into_iter()
        .map(|p| {
            let before = core[..p].chars().count();
            let layout =
                letters >= h.min_word && before >= h.left_min && letters - before >= h.right_min;
            (core_start + p, !layout)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontBook;
    use crate::layouts::{Align, Justification};
    use crate::units::Pt;

    pub(crate) fn style() -> Style {
        Style {
            families: vec!["Noto Serif".into()],
            size: Pt(10.0),
            leading: Pt(12.0),
            bold: false,
            italic: false,
            align: Align::Justify,
            space_before: Pt::ZERO,
            space_after: Pt::ZERO,
            indent_start: Pt::ZERO,
            indent_end: Pt::ZERO,
            first_line_indent: Pt::ZERO,
            keep_with_next: false,
            color: [0, 0, 0],
        }
    }

    fn prepared(text: &str, lang: &str, hyphenate: bool) -> Prepared {
        let book = FontBook::load(&[]).unwrap();
        let mut shaper = Shaper::new(&book, lang);
        let style = style();
        let h = Hyphenation {
            enabled: true,
            min_word: 6,
            left_min: 2,
            right_min: 3,
            max_consecutive: 2,
            penalty: 50.0,
            min_last_line: 5,
            capitalized: false,
            max_share: 1.0,
        };
        let j = Justification {
            stretch: 0.5,
            shrink: 0.33,
            tolerance: 2.0,
        };
        let opts = Options {
            style: &style,
            hyphenation: hyphenate.then_some(&h),
            justification: &j,
            lang,
            rtl: false,
            link_color: crate::layouts::LINK_COLOR,
            display: false,
        };
        prepare(&crate::model::parse_inlines(text), &opts, &mut shaper)
    }

    #[test]
    fn words_glue_and_hyphens() {
        let p = prepared("International *cooperation* is raise-awareness", "en", true);
        let boxes: Vec<&str> = p
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::Box)
            .map(|i| &p.text[i.range.clone()])
            .collect();
        assert!(boxes.len() > 5, "{boxes:?}");
        assert_eq!(
            boxes.concat().replace(' ', ""),
            "Internationalcooperationisraise-awareness"
        );
        let flagged = p
            .items
            .iter()
            .filter(|i| matches!(i.kind, ItemKind::Penalty { flagged: true, .. }))
            .count();
        assert!(flagged >= 3, "hyphenation points and the explicit hyphen");
        let glue = p
            .items
            .iter()
            .filter(|i| matches!(i.kind, ItemKind::Glue { fil: false, .. }))
            .count();
        assert_eq!(glue, 3);
        assert!(p.items.iter().all(|i| i.width >= 0.0));
    }

    #[test]
    fn no_hyphenation_for_short_words_digits_or_when_off() {
        let p = prepared("tiny 2017abcdefg", "en", true);
        assert!(
            !p.items
                .iter()
                .any(|i| matches!(i.kind, ItemKind::Penalty { flagged: true, .. }))
        );
        let p = prepared("International", "en", false);
        assert_eq!(
            p.items.iter().filter(|i| i.kind == ItemKind::Box).count(),
            1
        );
    }

    #[test]
    fn no_break_spaces_do_not_break() {
        // The no-break space `typography` puts before a French colon stretches, but a tie
        // keeps the line from breaking there; the narrow one before `;` is part of the word.
        let p = prepared("un mot\u{a0}: deux\u{202f};", "fr", false);
        let glue = |k: &ItemKind| matches!(k, ItemKind::Glue { fil: false, .. });
        assert_eq!(p.items.iter().filter(|i| glue(&i.kind)).count(), 3);
        let tie = p
            .items
            .iter()
            .position(|i| matches!(i.kind, ItemKind::Penalty { cost, .. } if cost == f32::INFINITY))
            .expect("a tie");
        assert!(glue(&p.items[tie + 1].kind), "{:?}", p.items);
        assert_eq!(p.items[tie + 1].range, 6..8, "the no-break space's glue");
        let boxes = p.items.iter().filter(|i| i.kind == ItemKind::Box).count();
        assert_eq!(boxes, 4, "un, mot, `:`, `deux;`");
    }

    #[test]
    fn only_a_one_letter_word_s_tie_may_break() {
        let at = |text: &str| {
            let start = text.find('\u{a0}').unwrap();
            one_letter_tie(text, start..start + 2)
        };
        assert!(at("живут в\u{a0}городе"));
        assert!(at("в\u{a0}городе"));
        assert!(at("(о\u{a0}нас)"));
        assert!(at("и\u{a0}с друзьями"));
        // Two letters, a dash, French punctuation and guillemets keep their ties.
        assert!(!at("вы\u{a0}город"));
        assert!(!at("слово\u{a0}— слово"));
        assert!(!at("mot\u{a0}: suite"));
        assert!(!at("«\u{a0}mot\u{a0}»"));
        assert!(!at("à\u{a0}:"));
    }
}
