//! Inline markup (`**strong**`, `*emphasis*`, `[text](url)`) parsed with pulldown-cmark's inline rules.

use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::Inline;
use super::cjk_emphasis;

/// Parses one text value into runs. A text value is always one paragraph of literal text
/// with inline markup: block syntax (`# `, `- `, `1. `, `> `, fences, link definitions) on
/// any line and character references (`&#27;`) are not recognised.
pub fn parse_inlines(text: &str) -> Vec<Inline> {
    let text = normalize_whitespace(text);
    let source = as_one_paragraph(text.trim());
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
        let next = Inline {
            text: unmarked(&piece, marker).into_owned(),
            strong: strong > 0,
            emphasis: emphasis > 0,
            link: link.clone(),
            code: std::mem::take(&mut code),
        };
        if next.text.is_empty() {
            continue;
        }
        match runs.last_mut() {
            Some(last)
                if last.strong == next.strong
                    && last.emphasis == next.emphasis
                    && last.link == next.link
                    && last.code == next.code =>
            {
                last.text.push_str(&next.text)
            }
            _ => runs.push(next),
        }
    }
    runs
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
    fn unbalanced_markers_are_literal() {
        assert_eq!(super::super::plain_text(&parse_inlines("a ** b")), "a ** b");
    }
}
