//! Inline markup (`**strong**`, `*emphasis*`, `[text](url)`) parsed with pulldown-cmark's inline rules.

use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::Inline;

/// Parses one text value into runs. Block-level syntax (`# `, `- `, `1. `, `> `) is not
/// recognised at the start: a text value is always one paragraph.
pub fn parse_inlines(text: &str) -> Vec<Inline> {
    let text = normalize_whitespace(text);
    let source = escape_block_start(text.trim());
    let mut runs: Vec<Inline> = Vec::new();
    let (mut strong, mut emphasis) = (0u32, 0u32);
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
                link = Some(Arc::from(dest_url.as_ref()));
                continue;
            }
            Event::End(TagEnd::Link) => {
                link = None;
                continue;
            }
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => t,
            Event::SoftBreak | Event::HardBreak => " ".into(),
            _ => continue,
        };
        let next = Inline {
            text: piece.to_string(),
            strong: strong > 0,
            emphasis: emphasis > 0,
            link: link.clone(),
        };
        match runs.last_mut() {
            Some(last)
                if last.strong == next.strong
                    && last.emphasis == next.emphasis
                    && last.link == next.link =>
            {
                last.text.push_str(&next.text)
            }
            _ => runs.push(next),
        }
    }
    runs
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

/// Backslash-escapes a leading character that CommonMark would read as the start of a
/// heading, list, quote or thematic break, so that the text stays one paragraph.
fn escape_block_start(text: &str) -> String {
    let first = text.chars().next();
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let after_digits = text.as_bytes().get(digits).copied();
    let is_ordered = digits > 0
        && matches!(after_digits, Some(b'.') | Some(b')'))
        && text[digits + 1..].starts_with([' ', '\t']);
    if is_ordered {
        return format!("{}\\{}", &text[..digits], &text[digits..]);
    }
    let starts_block = match first {
        Some('#' | '>' | '=') => true,
        Some('-' | '+' | '*' | '_') => {
            text[1..].starts_with([' ', '\t'])
                || text.chars().filter(|c| *c == first.unwrap()).count() >= 3
                    && text.chars().all(|c| c == first.unwrap() || c == ' ')
        }
        _ => false,
    };
    if starts_block {
        format!("\\{text}")
    } else {
        text.to_string()
    }
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
        for text in ["1. first", "- dash", "# hash", "> quote", "2017) year"] {
            assert_eq!(super::super::plain_text(&parse_inlines(text)), text);
        }
        assert!(parse_inlines("*italic* start")[0].emphasis);
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
