//! Where a word may be hyphenated in a language: hypher's patterns, or Liang patterns shipped
//! in `hyphenation/` for a variant hypher lacks (British English, whose patterns differ from
//! the American ones hypher has for every `en`: "know-ledge", "demo-cracy").

use std::collections::HashMap;
use std::sync::OnceLock;

/// The patterns of hyph-en-gb (hyph-utf8, MIT): read once, on the first British word.
static EN_GB: OnceLock<Patterns> = OnceLock::new();

/// Byte offsets inside `word` (letters only) where it may break, per the patterns of the
/// language `tag` (BCP 47), leaving at least `left` letters before a break and `right` after
/// it. Empty where Folio has no patterns for the language.
pub fn points(word: &str, tag: &str, left: usize, right: usize) -> Vec<usize> {
    if is_british(tag) {
        let patterns =
            EN_GB.get_or_init(|| Patterns::parse(include_str!("../../hyphenation/hyph-en-gb.txt")));
        return patterns.points(word, left, right);
    }
    let Some(lang) = tag.as_bytes().get(..2).and_then(|b| {
        hypher::Lang::from_iso([b[0].to_ascii_lowercase(), b[1].to_ascii_lowercase()])
    }) else {
        return Vec::new();
    };
    let mut at = 0;
    let syllables: Vec<&str> = hypher::hyphenate_bounded(word, lang, left, right).collect();
    syllables[..syllables.len().saturating_sub(1)]
        .iter()
        .map(|s| {
            at += s.len();
            at
        })
        .collect()
}

/// The least a language's own rules allow when a paragraph has no other way to keep its
/// lines within the tolerance: (shortest word cut, letters before a hyphen, letters after).
/// Russian, Ukrainian, Belarusian, Bulgarian and Spanish carry two letters to the next line
/// (TeX's hyphenmins for them are 2 and 2: "мигран-ты", "cla-se"); English and French,
/// whose patterns were made for three, keep three, and every language keeps two before
/// the hyphen. A word of four letters is never cut.
pub fn least_bounds(tag: &str) -> (usize, usize, usize) {
    let lang = tag.split(['-', '_']).next().unwrap_or("");
    let two_after = ["ru", "uk", "be", "bg", "es"]
        .iter()
        .any(|l| l.eq_ignore_ascii_case(lang));
    (5, 2, if two_after { 2 } else { 3 })
}

/// English as written in the United Kingdom (`en-GB`, `en-Latn-GB`, `en-GB-oxendict`).
fn is_british(tag: &str) -> bool {
    let mut subtags = tag.split(['-', '_']);
    subtags.next().is_some_and(|l| l.eq_ignore_ascii_case("en"))
        && subtags
            .take_while(|s| s.len() != 1)
            .any(|s| s.eq_ignore_ascii_case("gb"))
}

/// Liang's hyphenation patterns and a language's exceptions.
struct Patterns {
    /// Letters of a pattern (with `.` for a word's edge) to the level before each of its
    /// letters and after the last.
    levels: HashMap<String, Vec<u8>>,
    /// Words hyphenated by hand: the letter counts before each break.
    exceptions: HashMap<String, Vec<usize>>,
    longest: usize,
}

impl Patterns {
    /// One pattern or exception ("uni-ver-sity") a line; `%` starts a comment line.
    fn parse(text: &str) -> Patterns {
        let mut patterns = Patterns {
            levels: HashMap::new(),
            exceptions: HashMap::new(),
            longest: 0,
        };
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('%') {
                continue;
            }
            if line.contains('-') {
                let mut breaks = Vec::new();
                let mut letters = 0;
                for c in line.chars() {
                    match c {
                        '-' => breaks.push(letters),
                        _ => letters += 1,
                    }
                }
                patterns.exceptions.insert(line.replace('-', ""), breaks);
                continue;
            }
            let mut letters = String::new();
            let mut levels = vec![0u8];
            for c in line.chars() {
                match c.to_digit(10) {
                    Some(d) => *levels.last_mut().expect("one level a gap") = d as u8,
                    None => {
                        letters.push(c);
                        levels.push(0);
                    }
                }
            }
            patterns.longest = patterns.longest.max(letters.chars().count());
            patterns.levels.insert(letters, levels);
        }
        patterns
    }

    fn points(&self, word: &str, left: usize, right: usize) -> Vec<usize> {
        let lower: String = word.chars().flat_map(char::to_lowercase).collect();
        let count = lower.chars().count();
        // Lower-casing changed the letter count ("İ"): the offsets would not map back.
        if count != word.chars().count() || count < left + right {
            return Vec::new();
        }
        let breaks: Vec<usize> = match self.exceptions.get(&lower) {
            Some(breaks) => breaks.clone(),
            None => {
                let dotted = format!(".{lower}.");
                let starts: Vec<usize> = dotted
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([dotted.len()])
                    .collect();
                let chars = starts.len() - 1;
                // levels[j]: the level before the dotted word's letter j.
                let mut levels = vec![0u8; chars + 1];
                for from in 0..chars {
                    for to in from + 1..=(from + self.longest).min(chars) {
                        if let Some(found) = self.levels.get(&dotted[starts[from]..starts[to]]) {
                            for (k, &l) in found.iter().enumerate() {
                                levels[from + k] = levels[from + k].max(l);
                            }
                        }
                    }
                }
                // A break after `n` letters of the word is the level before dotted letter n+1.
                (1..count).filter(|&n| levels[n + 1] % 2 == 1).collect()
            }
        };
        let offsets: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
        breaks
            .into_iter()
            .filter(|&n| n >= left.max(1) && n + right.max(1) <= count)
            .map(|n| offsets[n])
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(word: &str, tag: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for p in points(word, tag, 2, 3) {
            out.push_str(&word[last..p]);
            out.push('-');
            last = p;
        }
        out + &word[last..]
    }

    #[test]
    fn british_and_american_patterns_differ_where_the_spellings_split_differently() {
        assert_eq!(split("democracy", "en-GB"), "demo-cracy");
        assert_eq!(split("knowledge", "en-GB"), "know-ledge");
        for word in ["democracy", "knowledge"] {
            assert_ne!(split(word, "en"), split(word, "en-GB"), "{word}");
            assert_eq!(split(word, "en"), split(word, "en-US"), "{word}");
        }
        // The exceptions of hyph-en-gb win over its patterns.
        assert_eq!(split("university", "en-GB"), "uni-ver-sity");
        assert_eq!(split("Manuscripts", "en-gb"), "Ma-nu-scripts");
    }

    #[test]
    fn the_bounds_and_other_languages_hold() {
        for word in ["migration", "governments", "cooperation", "a", "the"] {
            for p in points(word, "en-GB", 2, 3) {
                assert!(p >= 2 && p + 3 <= word.len(), "{word} {p}");
            }
        }
        assert!(is_british("en-GB") && is_british("en-Latn-GB") && is_british("EN_gb"));
        assert!(!is_british("en") && !is_british("en-US") && !is_british("fr-GB"));
        assert!(!is_british("en-x-gb"));
        assert_eq!(split("миграция", "ru"), split("миграция", "ru-RU"));
        assert_eq!(points("word", "xx", 2, 2), Vec::<usize>::new());
    }
}
