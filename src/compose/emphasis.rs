//! Emphasis per script: each emphasised run is split where the script of its letters changes,
//! and each part is given the layout's way of emphasising that script (`Layout::emphasis`).

use std::borrow::Cow;

use crate::edition::Script;
use crate::layouts::Emphasis;
use crate::model::{Inline, is_cjk};

/// The script a letter is written in; `None` for what every script shares (digits,
/// punctuation, spaces, combining marks), which takes the script of the letters around it.
/// Hebrew and Syriac count as Arabic, as `edition` counts them.
pub fn script_of(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    Some(match c as u32 {
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        _ if is_cjk(c) => Script::Han,
        _ => Script::Latin,
    })
}

/// The runs with every emphasised run split where the emphasis style of its letters' scripts
/// changes, each part carrying its style. Characters of no script take the script of the
/// letter before them in the run (those before its first letter, of that letter); a run
/// without letters takes the script of the paragraph's last letter before it, or `script`
/// (the edition's). Borrowed as they are when no run is emphasised.
pub fn by_script<'a>(
    text: Cow<'a, [Inline]>,
    emphasis: &Emphasis,
    script: Script,
) -> Cow<'a, [Inline]> {
    if !text.iter().any(|run| run.emphasis) {
        return text;
    }
    let mut out = Vec::with_capacity(text.len());
    let mut context = script;
    for run in text.iter() {
        if !run.emphasis {
            context = run
                .text
                .chars()
                .rev()
                .find_map(script_of)
                .unwrap_or(context);
            out.push(run.clone());
            continue;
        }
        let first = run.text.chars().find_map(script_of).unwrap_or(context);
        let mut current = first;
        let mut part: Option<(usize, crate::model::EmphasisStyle)> = None;
        for (at, c) in run.text.char_indices() {
            current = script_of(c).unwrap_or(current);
            let style = emphasis.of(current);
            match part {
                Some((_, s)) if s == style => {}
                Some((start, s)) => {
                    out.push(Inline {
                        text: run.text[start..at].to_string(),
                        emphasis_style: s,
                        ..run.clone()
                    });
                    part = Some((at, style));
                }
                None => part = Some((at, style)),
            }
        }
        match part {
            Some((start, s)) => out.push(Inline {
                text: run.text[start..].to_string(),
                emphasis_style: s,
                ..run.clone()
            }),
            // An empty run (a footnote reference as written) keeps its place.
            None => out.push(Inline {
                emphasis_style: emphasis.of(first),
                ..run.clone()
            }),
        }
        context = current;
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EmphasisStyle::{Bold, Dots, Italic};

    fn parts(text: &str, script: Script) -> Vec<(String, bool, crate::model::EmphasisStyle)> {
        let runs = crate::model::parse_inlines(text);
        by_script(Cow::Owned(runs), &Emphasis::default(), script)
            .iter()
            .map(|r| (r.text.clone(), r.emphasis, r.emphasis_style))
            .collect()
    }

    #[test]
    fn each_script_gets_its_own_emphasis() {
        let got = parts("قال *الهجرة (IOM) 2015* ثم", Script::Arabic);
        assert_eq!(
            got,
            [
                ("قال ".into(), false, Italic),
                ("الهجرة (".into(), true, Bold),
                ("IOM) 2015".into(), true, Italic),
                (" ثم".into(), false, Italic),
            ]
        );
        let got = parts("关于*危机：SDG目标*的", Script::Han);
        assert_eq!(got[1], ("危机：".into(), true, Dots));
        assert_eq!(got[2], ("SDG".into(), true, Italic));
        assert_eq!(got[3], ("目标".into(), true, Dots));
        // Cyrillic and Latin are both italic: one run.
        assert_eq!(parts("*слово word*", Script::Cyrillic).len(), 1);
    }

    #[test]
    fn runs_without_letters_follow_the_text_before_them() {
        assert_eq!(parts("الهجرة *2015*", Script::Latin)[1].2, Bold);
        assert_eq!(parts("*2015*", Script::Arabic)[0].2, Bold);
        assert_eq!(parts("*2015*", Script::Latin)[0].2, Italic);
    }
}
