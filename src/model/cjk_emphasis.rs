//! Emphasis next to Chinese and Japanese punctuation: the CJK-friendly amendment to
//! CommonMark's flanking rules (<https://github.com/tats-u/markdown-cjk-friendly>), which
//! pulldown-cmark 0.13 does not offer, applied as a pre-pass over the source.
//!
//! CommonMark lets `**费用：**各种` open but not close: the closing run follows punctuation
//! (`：`) and precedes a letter (`各`), so it is not right-flanking, and the asterisks print.
//! Chinese and Japanese put no space there, so writers cannot work around it. The amendment
//! counts CJK punctuation as a letter on the inside and CJK characters as space on the
//! outside. It only ever makes a run flanking where CommonMark did not, and a run short of
//! left-flanking under CommonMark is always right-flanking (and the reverse), so an invisible
//! punctuation character put on the far side of the run makes pulldown-cmark see exactly the
//! amended flanking. `parse_inlines` takes that marker out of every event afterwards.
//!
//! Only `*` runs are amended: for `_` the marker would also change whether the run may open
//! or close (rules 2 and 6 look at the character beside it), and `_` is not used next to CJK
//! text in practice.

use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// Punctuation characters no document needs (supplemental punctuation: three-em dash and
/// two rare medieval marks); the first one the text does not hold is the marker.
const MARKERS: [char; 3] = ['\u{2E3B}', '\u{2E4E}', '\u{2E4F}'];

/// `source` with a marker beside every `*` run that the amendment makes flanking, and the
/// marker; `None` when nothing changes (no run needs it, or the text holds every marker).
pub fn amend(source: &str) -> Option<(String, char)> {
    // The amendment differs from CommonMark only beside CJK characters and variation selectors.
    if !source.contains('*') || !source.chars().any(|c| is_cjk(c) || is_selector(c)) {
        return None;
    }
    let marker = *MARKERS.iter().find(|m| !source.contains(**m))?;
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len() + 16);
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // A backslash escape is one literal character, as pulldown-cmark reads it.
        if c == '\\' && chars.get(i + 1).is_some_and(char::is_ascii_punctuation) {
            out.push(c);
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if c != '*' {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while chars.get(i) == Some(&'*') {
            i += 1;
        }
        let prev = start.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i).copied();
        let wanted = amended(&chars[..start], next);
        // Which sides need the marker: the first placement under which CommonMark's rules
        // give the amended answer.
        let (before, after) = [(false, false), (true, false), (false, true), (true, true)]
            .into_iter()
            .find(|&(b, a)| {
                let p = if b { Some(marker) } else { prev };
                let n = if a { Some(marker) } else { next };
                commonmark(p, n) == wanted
            })
            .unwrap_or((false, false));
        changed |= before || after;
        if before {
            out.push(marker);
        }
        out.extend(&chars[start..i]);
        if after {
            out.push(marker);
        }
    }
    changed.then_some((out, marker))
}

/// Left- and right-flanking of a `*` run as pulldown-cmark decides them (CommonMark 0.31),
/// from the characters just before and after it (`None`: the text's start or end).
fn commonmark(prev: Option<char>, next: Option<char>) -> (bool, bool) {
    let left = match (prev, next) {
        (_, None) => false,
        (_, Some(n)) if n.is_whitespace() => false,
        (None, _) => true,
        (Some(p), Some(n)) => !is_punctuation(n) || p.is_whitespace() || is_punctuation(p),
    };
    let right = match (prev, next) {
        (None, _) => false,
        (Some(p), _) if p.is_whitespace() => false,
        (_, None) => true,
        (Some(p), Some(n)) => !is_punctuation(p) || n.is_whitespace() || is_punctuation(n),
    };
    (left, right)
}

/// Left- and right-flanking under the amendment, from the text before the run (its last
/// character, or the one before a variation selector) and the character after it.
fn amended(before: &[char], next: Option<char>) -> (bool, bool) {
    let prev = before.last().copied();
    // A standardized variation selector belongs to the character it follows.
    let (base, selector) = match prev {
        Some(s @ '\u{FE00}'..='\u{FE0E}') => (before.iter().rev().nth(1).copied(), Some(s)),
        p => (p, None),
    };
    let prev_space = prev.is_none_or(char::is_whitespace);
    let prev_ivs = prev.is_some_and(|p| matches!(p, '\u{E0100}'..='\u{E01EF}'));
    // `“︁` and its kin: quotation marks asked for in their full-width form.
    let fullwidth_quote = selector == Some('\u{FE01}')
        && base.is_some_and(|b| matches!(b, '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}'));
    let prev_cjk = base.is_some_and(is_cjk) || fullwidth_quote;
    let prev_other_punct = base.is_some_and(|b| is_punctuation(b) && !is_cjk(b)) && !prev_cjk;
    let next_space = next.is_none_or(char::is_whitespace);
    let next_other_punct = next.is_some_and(|n| is_punctuation(n) && !is_cjk(n));
    let next_cjk = next.is_some_and(is_cjk);
    let left = !next_space
        && (!next_other_punct || prev_space || prev_other_punct || prev_cjk || prev_ivs);
    let right = !prev_space && (!prev_other_punct || next_space || next_other_punct || next_cjk);
    (left, right)
}

/// A Unicode punctuation character in CommonMark's sense: general category P or S.
fn is_punctuation(c: char) -> bool {
    matches!(
        c.general_category_group(),
        GeneralCategoryGroup::Punctuation | GeneralCategoryGroup::Symbol
    )
}

fn is_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0E}' | '\u{E0100}'..='\u{E01EF}')
}

/// A CJK character in the amendment's sense: East Asian Width W, F or H and not an emoji
/// by default, or Hangul (the ranges of its `ranges.md`, Unicode 16).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF
        | 0x20A9
        | 0x2329..=0x232A
        | 0x2630..=0x2637
        | 0x268A..=0x268F
        | 0x2E80..=0x2E99
        | 0x2E9B..=0x2EF3
        | 0x2F00..=0x2FD5
        | 0x2FF0..=0x303E
        | 0x3041..=0x3096
        | 0x3099..=0x30FF
        | 0x3105..=0x312F
        | 0x3131..=0x318E
        | 0x3190..=0x31E5
        | 0x31EF..=0x321E
        | 0x3220..=0x3247
        | 0x3250..=0xA48C
        | 0xA490..=0xA4C6
        | 0xA960..=0xA97C
        | 0xAC00..=0xD7A3
        | 0xD7B0..=0xD7C6
        | 0xD7CB..=0xD7FB
        | 0xF900..=0xFAFF
        | 0xFE10..=0xFE19
        | 0xFE30..=0xFE52
        | 0xFE54..=0xFE66
        | 0xFE68..=0xFE6B
        | 0xFF01..=0xFFBE
        | 0xFFC2..=0xFFC7
        | 0xFFCA..=0xFFCF
        | 0xFFD2..=0xFFD7
        | 0xFFDA..=0xFFDC
        | 0xFFE0..=0xFFE6
        | 0xFFE8..=0xFFEE
        | 0x16FE0..=0x16FE4
        | 0x16FF0..=0x16FF6
        | 0x17000..=0x18CD5
        | 0x18CFF..=0x18D1E
        | 0x18D80..=0x18DF2
        | 0x1AFF0..=0x1AFF3
        | 0x1AFF5..=0x1AFFB
        | 0x1AFFD..=0x1AFFE
        | 0x1B000..=0x1B122
        | 0x1B132
        | 0x1B150..=0x1B152
        | 0x1B155
        | 0x1B164..=0x1B167
        | 0x1B170..=0x1B2FB
        | 0x1D300..=0x1D356
        | 0x1D360..=0x1D376
        | 0x1F200
        | 0x1F202
        | 0x1F210..=0x1F219
        | 0x1F21B..=0x1F22E
        | 0x1F230..=0x1F231
        | 0x1F237
        | 0x1F23B
        | 0x1F240..=0x1F248
        | 0x1F260..=0x1F265
        | 0x20000..=0x3FFFD
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_markers_are_punctuation_to_commonmark() {
        for m in MARKERS {
            assert!(
                is_punctuation(m) && !is_cjk(m) && !m.is_whitespace(),
                "{m:?}"
            );
        }
    }

    #[test]
    fn latin_text_is_left_alone() {
        assert_eq!(amend("\u{a0}**a.**b *c* d"), None);
        // Already flanking: no marker.
        assert_eq!(amend("\u{a0}中**文**中"), None);
    }

    #[test]
    fn the_amendment_only_adds_flanking() {
        let samples = [
            None,
            Some(' '),
            Some('a'),
            Some('.'),
            Some('"'),
            Some('中'),
            Some('：'),
            Some('「'),
            Some('“'),
        ];
        for p in samples {
            for n in samples {
                let before: Vec<char> = p.into_iter().collect();
                let (l, r) = amended(&before, n);
                let (cl, cr) = commonmark(p, n);
                assert!((l || !cl) && (r || !cr), "{p:?} {n:?}");
            }
        }
    }
}

#[cfg(test)]
mod parsed {
    use super::super::{Inline, parse_inlines, plain_text};
    use super::is_cjk;

    /// The strong text of `text`, if it has one run of strong text and nothing else marked.
    fn strong(text: &str) -> Option<String> {
        let runs: Vec<Inline> = parse_inlines(text);
        let strong: Vec<&Inline> = runs.iter().filter(|r| r.strong).collect();
        match strong.as_slice() {
            [one] => Some(one.text.clone()),
            _ => None,
        }
    }

    /// Every pairing of full-width punctuation (or none) just inside `**…**`, at its start and
    /// end, with Han, Latin or the text's edge just outside, and Han or Latin text within.
    #[test]
    fn strong_beside_full_width_punctuation_opens_and_closes() {
        let marks: Vec<Option<char>> = std::iter::once(None)
            .chain("：；，。！？（）「」『』“”、".chars().map(Some))
            .collect();
        let outside = [None, Some('中'), Some('a')];
        let mut checked = 0;
        for &first in &marks {
            for &last in &marks {
                for &before in &outside {
                    for &after in &outside {
                        for inner in ['文', 'b'] {
                            let body: String =
                                first.into_iter().chain([inner]).chain(last).collect();
                            let text: String = before
                                .into_iter()
                                .chain("**".chars())
                                .chain(body.chars())
                                .chain("**".chars())
                                .chain(after)
                                .collect();
                            // The amendment's rule: CJK punctuation inside, or a CJK character
                            // or the edge outside, lets a run flank; `“ ”` are not CJK
                            // punctuation (their width is ambiguous), so Latin beside them
                            // keeps CommonMark's answer.
                            let flanks = |mark: Option<char>, out: Option<char>| {
                                mark.is_none_or(is_cjk) || out.is_none_or(is_cjk)
                            };
                            let expected = (flanks(first, before) && flanks(last, after))
                                .then(|| body.clone());
                            assert_eq!(strong(&text), expected, "{text}");
                            // Either way no character is lost or added.
                            let plain = plain_text(&parse_inlines(&text));
                            if expected.is_some() {
                                assert_eq!(plain, text.replace("**", ""), "{text}");
                            } else {
                                assert_eq!(plain, text, "{text}");
                            }
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(checked, 16 * 16 * 3 * 3 * 2);
    }

    #[test]
    fn the_fixture_case_and_single_emphasis() {
        let runs = parse_inlines("**费用：**各种费用由主办方承担。");
        assert_eq!(runs[0].text, "费用：");
        assert!(runs[0].strong);
        assert_eq!(runs[1].text, "各种费用由主办方承担。");
        assert!(!runs[1].strong);
        let runs = parse_inlines("这是*「重要」*的");
        assert_eq!(runs[1].text, "「重要」");
        assert!(runs[1].emphasis);
    }

    #[test]
    fn markers_never_reach_the_text_code_or_links() {
        for text in [
            "`：**各` 中",
            "[链接：**各](https://example.org/：**各)",
            "中**「文」**\u{2E3B}",
            "中**「文」**\u{2E3B}\u{2E4E}\u{2E4F}",
        ] {
            let runs = parse_inlines(text);
            let plain = plain_text(&runs);
            for m in ['\u{2E3B}', '\u{2E4E}', '\u{2E4F}'] {
                assert_eq!(plain.contains(m), text.contains(m), "{text}");
            }
            if let Some(link) = runs.iter().find_map(|r| r.link.as_deref()) {
                assert_eq!(link, "https://example.org/：**各");
            }
        }
        assert!(parse_inlines("`：**各` 中")[0].code);
        // A text that holds every marker keeps CommonMark's answer, its characters intact.
        let all = "中**「文」**中 \u{2E3B}\u{2E4E}\u{2E4F}";
        assert_eq!(plain_text(&parse_inlines(all)), all);
    }

    #[test]
    fn commonmark_answers_stand_for_latin_text() {
        // CommonMark's own examples: punctuation inside and a letter outside does not flank.
        assert_eq!(strong("a**\"foo\"**b"), None);
        assert_eq!(
            strong("**foo \"bar\" foo**").as_deref(),
            Some("foo \"bar\" foo")
        );
        assert_eq!(strong("a ** foo**"), None);
    }
}
