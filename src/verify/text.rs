//! The one normalisation both formats' text goes through before `verify` compares them, and
//! the comparison: words in order, the first difference shown with its context.

use unicode_normalization::UnicodeNormalization;

/// A block of text as read from either format: its tag (a PDF structure type such as `P`,
/// `H1`, `TD`, or a DOCX paragraph style) and its text.
#[derive(Clone, Debug)]
pub struct Block {
    pub tag: String,
    pub depth: usize,
    pub text: String,
    /// Inside a footnote (`Note`), which a page sets at its foot and Word in its own part.
    pub note: bool,
}

/// Stands, in a PDF line's text, for a hyphen at the end of a line followed by a letter: the
/// word may be one hyphenated there by the typesetter or a word with a hyphen of its own, so
/// a token holding it matches either.
pub const LINE_END_HYPHEN: char = '\u{e000}';

/// A normalised word. Ideographs (Han, kana, Hangul) are a token each, since Chinese has no
/// spaces between words and a line may break between any two of them.
pub type Token = String;

fn invisible(c: char) -> bool {
    matches!(c,
        '\u{ad}' // soft hyphen
        | '\u{200b}'..='\u{200f}' // zero-width space, joiners, direction marks
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' // bidi embeddings and isolates
        | '\u{2060}' | '\u{feff}')
}

fn ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af
        | 0xf900..=0xfaff | 0x20000..=0x3134f)
}

/// NFKC (presentation forms, full-width forms and compatibility spaces to their plain
/// characters), invisible characters dropped, whitespace of every kind splitting words.
pub fn tokens(text: &str) -> Vec<Token> {
    let text: String = text.nfkc().filter(|&c| !invisible(c)).collect();
    let mut out = Vec::new();
    for word in text.split(char::is_whitespace) {
        let mut current = String::new();
        for c in word.chars() {
            if ideograph(c) {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                out.push(c.to_string());
            } else {
                current.push(c);
            }
        }
        if !current.is_empty() {
            out.push(current);
        }
    }
    out
}

/// A PDF token matches a DOCX token: equal, or equal once a line-end hyphen is either
/// dropped (the typesetter's) or kept (the word's own).
pub fn same(pdf: &str, docx: &str) -> bool {
    if !pdf.contains(LINE_END_HYPHEN) {
        return pdf == docx;
    }
    pdf.replace(LINE_END_HYPHEN, "") == docx || pdf.replace(LINE_END_HYPHEN, "-") == docx
}

/// How two token sequences differ.
#[derive(Debug)]
pub struct Difference {
    /// Index of the first differing token.
    pub at: usize,
    /// Tokens of each side not matched by the other (the longest common subsequence's
    /// complement), when the differing stretch is small enough to align.
    pub unmatched: Option<(usize, usize)>,
    pub pdf_context: String,
    pub docx_context: String,
}

/// Compares the PDF's tokens with the DOCX's: `None` when they are the same words in the
/// same order.
pub fn compare(pdf: &[Token], docx: &[Token]) -> Option<Difference> {
    let head = pdf.iter().zip(docx).take_while(|(a, b)| same(a, b)).count();
    if head == pdf.len() && head == docx.len() {
        return None;
    }
    let tail = pdf[head..]
        .iter()
        .rev()
        .zip(docx[head..].iter().rev())
        .take_while(|(a, b)| same(a, b))
        .count();
    let (p, d) = (&pdf[head..pdf.len() - tail], &docx[head..docx.len() - tail]);
    // Aligning is quadratic: only for a stretch a person would read anyway.
    let unmatched = (p.len() * d.len() <= 25_000_000).then(|| {
        let common = lcs(p, d);
        (p.len() - common, d.len() - common)
    });
    let context = |side: &[Token]| {
        let from = head.saturating_sub(4);
        let to = (head + 8).min(side.len());
        let mut text = String::new();
        if from > 0 {
            text.push('…');
        }
        for (i, t) in side[from..to].iter().enumerate() {
            if from + i == head {
                text.push('[');
            }
            text.push_str(&t.replace(LINE_END_HYPHEN, "-"));
            if from + i == head {
                text.push(']');
            }
            text.push(' ');
        }
        if head >= side.len() {
            text.push_str("[end]");
        } else if to < side.len() {
            text.push('…');
        }
        text.trim_end().to_string()
    };
    Some(Difference {
        at: head,
        unmatched,
        pdf_context: context(pdf),
        docx_context: context(docx),
    })
}

fn lcs(a: &[Token], b: &[Token]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if same(x, y) {
                diagonal + 1
            } else {
                row[j + 1].max(row[j])
            };
            diagonal = up;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ideographs_are_tokens_and_spaces_of_every_kind_split() {
        assert_eq!(tokens("国际 移民"), ["国", "际", "移", "民"]);
        assert_eq!(tokens("a\u{a0}b\u{202f}c\td"), ["a", "b", "c", "d"]);
        assert_eq!(tokens("co\u{ad}operate"), ["cooperate"]);
        // Presentation forms (lam-alef ligature) read as their letters.
        assert_eq!(tokens("\u{fefb}"), tokens("\u{644}\u{627}"));
    }

    #[test]
    fn a_line_end_hyphen_matches_the_word_with_or_without_it() {
        let pdf = format!("devel{LINE_END_HYPHEN}opment");
        assert!(same(&pdf, "development"));
        let pdf = format!("well{LINE_END_HYPHEN}known");
        assert!(same(&pdf, "well-known"));
        assert!(!same(&pdf, "wellknow"));
    }

    #[test]
    fn the_first_difference_is_found_and_shown() {
        let a = tokens("one two three four five");
        let b = tokens("one two tree four five");
        let d = compare(&a, &b).unwrap();
        assert_eq!(d.at, 2);
        assert_eq!(d.unmatched, Some((1, 1)));
        assert!(d.pdf_context.contains("[three]"), "{}", d.pdf_context);
        assert!(compare(&a, &a).is_none());
        let short = tokens("one two");
        assert!(compare(&a, &short).unwrap().docx_context.ends_with("[end]"));
    }
}
