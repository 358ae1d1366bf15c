//! List marker patterns (`1.`, `(a)`, `(i)`, `A)`, `I.`): parsing and formatting item numbers.

/// How a level counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberFormat {
    Decimal,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
}

/// A marker pattern split around its counter: `(a)` is `(`, lower letter, `)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    pub prefix: String,
    pub format: NumberFormat,
    pub suffix: String,
}

/// Reads a pattern: one of `1`, `a`, `A`, `i`, `I` is the counter, and nothing else around
/// it is a letter or digit (`1.1` or `Item a` is not a pattern).
pub fn parse_pattern(pattern: &str) -> Option<Pattern> {
    let mut counters = pattern.char_indices().filter(|(_, c)| c.is_alphanumeric());
    let (at, c) = counters.next()?;
    if counters.next().is_some() || !matches!(c, '1' | 'a' | 'A' | 'i' | 'I') {
        return None;
    }
    let format = match c {
        '1' => NumberFormat::Decimal,
        'a' => NumberFormat::LowerLetter,
        'A' => NumberFormat::UpperLetter,
        'i' => NumberFormat::LowerRoman,
        _ => NumberFormat::UpperRoman,
    };
    Some(Pattern {
        prefix: pattern[..at].to_string(),
        format,
        suffix: pattern[at + 1..].to_string(),
    })
}

impl Pattern {
    /// The marker of item `n` (counting from 1).
    pub fn marker(&self, n: usize) -> String {
        format!(
            "{}{}{}",
            self.prefix,
            format_number(self.format, n),
            self.suffix
        )
    }
}

pub fn format_number(format: NumberFormat, n: usize) -> String {
    match format {
        NumberFormat::Decimal => n.to_string(),
        NumberFormat::LowerLetter => letters(n),
        NumberFormat::UpperLetter => letters(n).to_uppercase(),
        NumberFormat::LowerRoman => roman(n),
        NumberFormat::UpperRoman => roman(n).to_uppercase(),
    }
}

/// a, b, …, z, aa, ab, … as Word counts.
fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(parse_pattern("1.").unwrap().marker(12), "12.");
        assert_eq!(parse_pattern("(a)").unwrap().marker(28), "(ab)");
        assert_eq!(parse_pattern("(i)").unwrap().marker(14), "(xiv)");
        assert_eq!(parse_pattern("I.").unwrap().marker(9), "IX.");
        assert!(parse_pattern("-").is_none());
        assert!(parse_pattern("1.1").is_none());
        assert!(parse_pattern("b)").is_none());
    }
}
