//! Inline markup (`**strong**`, `*emphasis*`, `[text](url)`, footnotes `^[text]`) parsed with pulldown-cmark's inline rules.

use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::cjk_emphasis;
use super::{Inline, NoteRef};

/// Parses one text value into runs. A text value is always one paragraph of literal text
/// with inline markup: block syntax (`# `, `- `, `1. `, `> `, fences, link definitions) on
/// any line and character references (`&#27;`) are not recognised. A footnote `^[text]`
/// becomes an empty run carrying the note's own runs (a note inside a note is parsed too,
/// for `validate` to refuse).
pub fn parse_inlines(text: &str) -> Vec<Inline> {
    let text = normalize_whitespace(text);
    let (text, notes) = extract_notes(text.trim());
    let mut notes = notes.into_iter();
    let source = as_one_paragraph(&text);
    // Emphasis beside CJK punctuation: markers that `unmarked` takes out again.
    let (source, marker) = match cjk_emphasis::amend(&source) {
        Some((amended, marker)) => (amended, Some(marker)),
        None => (source, None),
    };
    let mut sentinel = true;
    let mut runs: Vec<Inline> = Vec::new();
    let (mut strong, mut emphasis) = (0u32, 0u32);
    let mut code = false;
    let mut link: Option<Arc<str>> = None;
    for event in Parser::new(&source) {
        let piece = match event {
            Event::Start(Tag::Strong) => {
                strong += 1;
                continue;
            }
            Event::End(TagEnd::Strong) => {
                strong -= 1;
                continue;
            }
            Event::Start(Tag::Emphasis) => {
                emphasis += 1;
                continue;
            }
            Event::End(TagEnd::Emphasis) => {
                emphasis -= 1;
                continue;
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some(Arc::from(unmarked(&dest_url, marker).as_ref()));
                continue;
            }
            Event::End(TagEnd::Link) => {
                link = None;
                continue;
            }
            Event::Text(t) if sentinel => {
                sentinel = false;
                match t.strip_prefix(PARAGRAPH_SENTINEL) {
                    Some("") => continue,
                    Some(rest) => rest.to_string().into(),
                    None => t,
                }
            }
            Event::Code(t) => {
                code = true;
                t
            }
            Event::Text(t) | Event::InlineHtml(t) | Event::Html(t) => t,
            Event::SoftBreak | Event::HardBreak => " ".into(),
            _ => continue,
        };
        let code_span = std::mem::take(&mut code);
        let run = |text: &str| Inline {
            text: text.to_string(),
            strong: strong > 0,
            emphasis: emphasis > 0,
            link: link.clone(),
            code: code_span,
            ..Inline::default()
        };
        let piece = unmarked(&piece, marker);
        // Each placeholder stands for the next note, in order; one more than there are
        // notes (which `check_chars` refuses anyway) stays as it was written.
        let mut parts = piece.split(NOTE_PLACEHOLDER).peekable();
        while let Some(part) = parts.next() {
            if !part.is_empty() {
                push_run(&mut runs, run(part));
            }
            if parts.peek().is_some() {
                match notes.next() {
                    Some(note) => runs.push(Inline {
                        note: Some(NoteRef {
                            text: note.into(),
                            index: 0,
                        }),
                        ..run("")
                    }),
                    None => push_run(&mut runs, run(&NOTE_PLACEHOLDER.to_string())),
                }
            }
        }
    }
    para_refs(runs)
}

/// Splits every `{para:label}` out of the runs' text (code spans left alone) into an empty
/// run carrying the label; compose gives it the number of the paragraph with that label. A
/// label is letters, digits, `-`, `_` and `.`; anything else stays text (`validate` says so).
fn para_refs(runs: Vec<Inline>) -> Vec<Inline> {
    const OPEN: &str = "{para:";
    if !runs.iter().any(|r| !r.code && r.text.contains(OPEN)) {
        return runs;
    }
    let mut out = Vec::with_capacity(runs.len() + 2);
    for run in runs {
        if run.code || !run.text.contains(OPEN) {
            out.push(run);
            continue;
        }
        let mut rest = run.text.as_str();
        let mut text = String::new();
        while let Some(at) = rest.find(OPEN) {
            let after = &rest[at + OPEN.len()..];
            let label = after.split('}').next().unwrap_or("");
            let closed = after.len() > label.len();
            if !closed || !is_label(label) {
                text.push_str(&rest[..at + OPEN.len()]);
                rest = after;
                continue;
            }
            text.push_str(&rest[..at]);
            if !text.is_empty() {
                out.push(Inline {
                    text: std::mem::take(&mut text),
                    ..run.clone()
                });
            }
            out.push(Inline {
                text: String::new(),
                para_ref: Some(Arc::from(label)),
                ..run.clone()
            });
            rest = &after[label.len() + 1..];
        }
        text.push_str(rest);
        if !text.is_empty() {
            out.push(Inline { text, ..run });
        }
    }
    out
}

/// Whether `label` may name a paragraph: `costs`, `para-12`, `annex_1.a`.
pub fn is_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 100
        && (label.chars()).all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Appends a run, joined to the last one when their properties are the same.
fn push_run(runs: &mut Vec<Inline>, next: Inline) {
    match runs.last_mut() {
        Some(last)
            if last.note.is_none()
                && last.para_ref.is_none()
                && last.strong == next.strong
                && last.emphasis == next.emphasis
                && last.link == next.link
                && last.code == next.code =>
        {
            last.text.push_str(&next.text)
        }
        _ => runs.push(next),
    }
}

/// Stands in the text for a footnote while pulldown-cmark reads the rest: a control
/// character, which `check_chars` refuses in what users write.
const NOTE_PLACEHOLDER: char = '\u{1A}';

/// Takes every footnote `^[text]` out of the text, leaving a placeholder where each was, and
/// parses their texts. Brackets nest; a backslash escapes the next character; code spans
/// are left alone; a `^[` that never closes stays as written.
fn extract_notes(text: &str) -> (std::borrow::Cow<'_, str>, Vec<Vec<Inline>>) {
    if !text.contains("^[") {
        return (text.into(), Vec::new());
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut notes = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                let end = next_char(text, i + 1);
                out.push_str(&text[i..end]);
                i = end;
            }
            b'`' => {
                let end = code_span_end(bytes, i);
                out.push_str(&text[i..end]);
                i = end;
            }
            b'^' if bytes.get(i + 1) == Some(&b'[') => match closing_bracket(bytes, i + 1) {
                Some(close) => {
                    notes.push(parse_inlines(&text[i + 2..close]));
                    out.push(NOTE_PLACEHOLDER);
                    i = close + 1;
                }
                None => {
                    out.push_str(&text[i..]);
                    i = bytes.len();
                }
            },
            _ => {
                let end = next_char(text, i);
                out.push_str(&text[i..end]);
                i = end;
            }
        }
    }
    (out.into(), notes)
}

/// The byte index after the character starting at `at` (or the end).
fn next_char(text: &str, at: usize) -> usize {
    text[at.min(text.len())..]
        .chars()
        .next()
        .map_or(text.len(), |c| at + c.len_utf8())
}

/// Where a code span opened by the backtick run at `start` ends (after its closing run of
/// the same length), or the end of the opening run when nothing closes it.
fn code_span_end(bytes: &[u8], start: usize) -> usize {
    let run = |at: usize| bytes[at..].iter().take_while(|&&b| b == b'`').count();
    let n = run(start);
    let mut i = start + n;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let m = run(i);
            if m == n {
                return i + m;
            }
            i += m;
        } else {
            i += 1;
        }
    }
    start + n
}

/// The index of the `]` closing the `[` at `open`: brackets nest, backslashes escape, and
/// code spans hide what is inside them.
fn closing_bracket(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'`' => {
                i = code_span_end(bytes, i);
                continue;
            }
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `text` without the emphasis pre-pass's marker.
fn unmarked(text: &str, marker: Option<char>) -> std::borrow::Cow<'_, str> {
    match marker {
        Some(m) if text.contains(m) => text.replace(m, "").into(),
        _ => text.into(),
    }
}

/// Whitespace controls become an ordinary space: TAB, VT, FF, NEL (U+0085), LINE SEPARATOR
/// (U+2028) and PARAGRAPH SEPARATOR (U+2029). No font draws them, and a text value is one
/// paragraph anyway. Line ends (LF, CR) are left to the inline parser, which reads them as
/// spaces; no-break spaces (U+00A0, U+202F) stay.
pub fn normalize_whitespace(text: &str) -> std::borrow::Cow<'_, str> {
    let is_ws_control = |c: char| {
        matches!(
            c,
            '\t' | '\u{B}' | '\u{C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
    };
    if text.contains(is_ws_control) {
        text.replace(is_ws_control, " ").into()
    } else {
        text.into()
    }
}

/// Starts every text value with a no-break space, which no block syntax may follow and
/// which the trimmed text cannot start with; the parser hands it back in the first text
/// event, where `parse_inlines` removes it. It counts as white space for emphasis, like
/// the start of a line.
const PARAGRAPH_SENTINEL: char = '\u{A0}';

/// The text as one CommonMark paragraph: line ends become spaces (so no later line can
/// start a list or heading), `&` is escaped (so `&#27;` cannot make a control character
/// that `check` never saw), and the sentinel goes first.
fn as_one_paragraph(text: &str) -> String {
    let mut source = String::with_capacity(text.len() + 8);
    source.push(PARAGRAPH_SENTINEL);
    // An odd run of backslashes already escapes the next character.
    let mut backslashes = 0;
    for c in text.chars() {
        match c {
            '\n' | '\r' => source.push(' '),
            '&' if backslashes % 2 == 0 => source.push_str("\\&"),
            _ => source.push(c),
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    source
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(runs: &[Inline]) -> Vec<(String, bool, bool, Option<String>)> {
        runs.iter()
            .map(|r| {
                (
                    r.text.clone(),
                    r.strong,
                    r.emphasis,
                    r.link.as_deref().map(String::from),
                )
            })
            .collect()
    }

    #[test]
    fn strong_emphasis_and_links() {
        let runs = parse_inlines("**Lead:** a *b* [c](https://x.org) d");
        assert_eq!(
            show(&runs),
            vec![
                ("Lead:".into(), true, false, None),
                (" a ".into(), false, false, None),
                ("b".into(), false, true, None),
                (" ".into(), false, false, None),
                ("c".into(), false, false, Some("https://x.org".into())),
                (" d".into(), false, false, None),
            ]
        );
    }

    #[test]
    fn block_syntax_stays_text() {
        let plain = |t: &str| super::super::plain_text(&parse_inlines(t));
        for text in [
            "1. first",
            "- dash",
            "# hash",
            "> quote",
            "2017) year",
            "1.",
            "2017)",
            "-",
            "[a]: b",
            "~~~~word",
            "```x",
            "    indented",
            "<div>x</div>",
            "***",
        ] {
            assert_eq!(plain(text), text.trim());
        }
        // A later line cannot start a list or a heading: line ends are spaces.
        assert_eq!(plain("a\n1. b\n# c"), "a 1. b # c");
        assert!(parse_inlines("*italic* start")[0].emphasis);
        assert!(parse_inlines("**\"quoted\"** start")[0].strong);
    }

    #[test]
    fn character_references_stay_literal() {
        let plain = |t: &str| super::super::plain_text(&parse_inlines(t));
        assert_eq!(plain("&#27; &#10; AT&T &amp;"), "&#27; &#10; AT&T &amp;");
        // A backslash escapes as CommonMark says, and never opens a reference.
        assert_eq!(plain("\\&#10;"), "&#10;");
        assert_eq!(plain("\\\\&#10;"), "\\&#10;");
    }

    #[test]
    fn whitespace_controls_become_spaces() {
        let runs = parse_inlines("a\tb\u{85}c\u{2028}d\u{2029}e\u{a0}f");
        assert_eq!(super::super::plain_text(&runs), "a b c d e\u{a0}f");
        assert!(parse_inlines("\t").is_empty());
    }

    #[test]
    fn footnotes_are_taken_out_with_their_markup() {
        let runs = parse_inlines("Istanbul.^[The *eighth* [GFMD](https://gfmd.org) Summit.] Next");
        assert_eq!(super::super::plain_text(&runs), "Istanbul. Next");
        let note = runs[1].note.as_ref().expect("a note run");
        assert_eq!(runs[1].text, "");
        assert_eq!(
            super::super::plain_text(&note.text),
            "The eighth GFMD Summit."
        );
        assert!(note.text[1].emphasis);
        assert_eq!(note.text[3].link.as_deref(), Some("https://gfmd.org"));
        // Brackets nest; escapes and code spans hide brackets and marks.
        let runs = parse_inlines("a^[see [1] and \\] too] b `^[x]` \\^[y]");
        assert_eq!(super::super::plain_text(&runs), "a b ^[x] ^[y]");
        assert_eq!(
            super::super::plain_text(&runs[1].note.as_ref().unwrap().text),
            "see [1] and ] too"
        );
        // Two notes in a row, at the start, inside emphasis, and one that never closes.
        let runs = parse_inlines("^[one]^[two] *x^[three]* ^[open");
        let notes: Vec<String> = super::super::notes_in(&runs)
            .map(|n| super::super::plain_text(&n.text))
            .collect();
        assert_eq!(notes, ["one", "two", "three"]);
        assert!(runs.iter().any(|r| r.emphasis && r.text == "x"));
        assert_eq!(super::super::plain_text(&runs), " x ^[open");
        // A placeholder with no note behind it stays as written.
        assert_eq!(
            super::super::plain_text(&parse_inlines("a\u{1A}b")),
            "a\u{1A}b"
        );
    }

    #[test]
    fn unbalanced_markers_are_literal() {
        assert_eq!(super::super::plain_text(&parse_inlines("a ** b")), "a ** b");
    }
}
