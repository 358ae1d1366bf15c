//! List marker patterns (`1.`, `(a)`, `(i)`, `a)`, `I.`, `(أ)`, `（一）`): parsing and formatting
//! item numbers, the same way Word's `w:numFmt` counts, so the PDF and the DOCX print one marker.

/// How a level counts; each is one of Word's `w:numFmt` values (`word_format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberFormat {
    Decimal,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    /// أ ب ج د ه و ز ح ط ي … in abjad order (`arabicAbjad`).
    ArabicAbjad,
    /// 一 二 … 十 十一 … 九十九 (`chineseCounting`).
    ChineseCounting,
    /// ١ ٢ ٣ … ١٠ in Arabic-Indic digits (U+0660–U+0669), as Arabic editions may number
    /// paragraphs (`hindiNumbers`: ECMA-376 Part 1 §17.18.59 names these digits so).
    ArabicIndic,
}

/// A marker pattern split around its counter: `(a)` is `(`, lower letter, `)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    pub prefix: String,
    pub format: NumberFormat,
    pub suffix: String,
}

/// The characters that stand for a counter in a pattern, and how each counts.
pub const COUNTERS: [(char, NumberFormat); 8] = [
    ('1', NumberFormat::Decimal),
    ('a', NumberFormat::LowerLetter),
    ('A', NumberFormat::UpperLetter),
    ('i', NumberFormat::LowerRoman),
    ('I', NumberFormat::UpperRoman),
    ('أ', NumberFormat::ArabicAbjad),
    ('一', NumberFormat::ChineseCounting),
    ('١', NumberFormat::ArabicIndic),
];

/// Reads a pattern: one of `COUNTERS` is the counter, and nothing else around it is a letter
/// or digit (`1.1` or `Item a` is not a pattern).
pub fn parse_pattern(pattern: &str) -> Option<Pattern> {
    let mut counters = pattern.char_indices().filter(|(_, c)| c.is_alphanumeric());
    let (at, c) = counters.next()?;
    if counters.next().is_some() {
        return None;
    }
    let format = COUNTERS.iter().find(|(k, _)| *k == c)?.1;
    Some(Pattern {
        prefix: pattern[..at].to_string(),
        format,
        suffix: pattern[at + c.len_utf8()..].to_string(),
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

impl NumberFormat {
    /// Word's `w:numFmt` value for this format.
    pub fn word_format(self) -> &'static str {
        match self {
            NumberFormat::Decimal => "decimal",
            NumberFormat::LowerLetter => "lowerLetter",
            NumberFormat::UpperLetter => "upperLetter",
            NumberFormat::LowerRoman => "lowerRoman",
            NumberFormat::UpperRoman => "upperRoman",
            NumberFormat::ArabicAbjad => "arabicAbjad",
            NumberFormat::ChineseCounting => "chineseCounting",
            NumberFormat::ArabicIndic => "hindiNumbers",
        }
    }
}

pub fn format_number(format: NumberFormat, n: usize) -> String {
    match format {
        NumberFormat::Decimal => n.to_string(),
        NumberFormat::LowerLetter => letters(n),
        NumberFormat::UpperLetter => letters(n).to_uppercase(),
        NumberFormat::LowerRoman => roman(n),
        NumberFormat::UpperRoman => roman(n).to_uppercase(),
        NumberFormat::ArabicAbjad => abjad(n),
        NumberFormat::ChineseCounting => chinese_counting(n),
        NumberFormat::ArabicIndic => (n.to_string().chars())
            .map(|d| char::from_u32(d as u32 - '0' as u32 + 0x0660).unwrap_or(d))
            .collect(),
    }
}

/// a, b, …, z, aa, bb, …, zz, aaa, … as Word's `lowerLetter` counts (ECMA-376 §17.18.59:
/// past the alphabet a letter is repeated, it does not carry like a number).
fn letters(n: usize) -> String {
    if n == 0 {
        return String::new();
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, (n - 1) / 26 + 1).collect()
}

/// The 28 letters in abjad order (أبجد هوز حطي كلمن سعفص قرشت ثخذ ضظغ), starting with alif
/// with hamza as Word's `arabicAbjad` does ([MS-DOCX] 2.4: U+0623, U+0628, U+062C, …) and as
/// UN Arabic documents number sub-paragraphs: (أ) (ب) (ج) (د) (ه) (و) …
const ABJAD: [char; 28] = [
    'أ', 'ب', 'ج', 'د', 'ه', 'و', 'ز', 'ح', 'ط', 'ي', 'ك', 'ل', 'م', 'ن', 'س', 'ع', 'ف', 'ص', 'ق',
    'ر', 'ش', 'ت', 'ث', 'خ', 'ذ', 'ض', 'ظ', 'غ',
];

/// Past the 28th letter the letters carry like digits (أأ، أب، …), as LibreOffice counts
/// `arabicAbjad`; no official document lists 29 lettered sub-paragraphs.
fn abjad(n: usize) -> String {
    let mut out = Vec::new();
    let mut n = n;
    while n > 0 {
        n -= 1;
        out.push(ABJAD[n % 28]);
        n /= 28;
    }
    out.iter().rev().collect()
}

/// Chinese counting numerals as Word's `chineseCounting` writes them ([MS-DOCX] 2.4: 一, 十,
/// 一○○): 一 … 九, 十, 十一 … 十九, 二十 … 九十九; from 100 on, digit by digit with U+25CB
/// for zero (一○○, 一○一), as that table gives it.
fn chinese_counting(n: usize) -> String {
    const DIGITS: [char; 10] = ['○', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=99 => {
            let (tens, units) = (n / 10, n % 10);
            let mut out = String::new();
            if tens > 1 {
                out.push(DIGITS[tens]);
            }
            out.push('十');
            if units > 0 {
                out.push(DIGITS[units]);
            }
            out
        }
        _ => n
            .to_string()
            .chars()
            .map(|d| DIGITS[d as usize - '0' as usize])
            .collect(),
    }
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
        assert_eq!(parse_pattern("(a)").unwrap().marker(26), "(z)");
        assert_eq!(parse_pattern("(a)").unwrap().marker(28), "(bb)");
        assert_eq!(parse_pattern("A.").unwrap().marker(53), "AAA.");
        assert_eq!(parse_pattern("(i)").unwrap().marker(14), "(xiv)");
        assert_eq!(parse_pattern("I.").unwrap().marker(9), "IX.");
        assert!(parse_pattern("-").is_none());
        assert!(parse_pattern("1.1").is_none());
        assert!(parse_pattern("b)").is_none());
        assert!(parse_pattern("(أب)").is_none());
    }

    #[test]
    fn arabic_letters_count_in_abjad_order() {
        let p = parse_pattern("(أ)").unwrap();
        assert_eq!((p.prefix.as_str(), p.suffix.as_str()), ("(", ")"));
        let first: Vec<String> = (1..=10).map(|n| format_number(p.format, n)).collect();
        assert_eq!(first.concat(), "أبجدهوزحطي");
        assert_eq!(p.marker(28), "(غ)");
        assert_eq!(p.marker(29), "(أأ)");
        assert_eq!(p.format.word_format(), "arabicAbjad");
    }

    #[test]
    fn chinese_counting_reaches_ninety_nine() {
        let p = parse_pattern("（一）").unwrap();
        let cases = [
            (1, "（一）"),
            (9, "（九）"),
            (10, "（十）"),
            (11, "（十一）"),
            (20, "（二十）"),
            (21, "（二十一）"),
            (99, "（九十九）"),
            (100, "（一○○）"),
        ];
        for (n, marker) in cases {
            assert_eq!(p.marker(n), marker, "{n}");
        }
        assert_eq!(parse_pattern("（1）").unwrap().marker(12), "（12）");
        assert_eq!(parse_pattern("’1‘").unwrap().marker(3), "’3‘");
    }

    #[test]
    fn arabic_indic_digits() {
        let p = parse_pattern("١\u{A0}\u{2011}").unwrap();
        assert_eq!(p.format, NumberFormat::ArabicIndic);
        assert_eq!(p.marker(10), "١٠\u{A0}\u{2011}");
        assert_eq!(format_number(p.format, 2026), "٢٠٢٦");
        assert_eq!(p.format.word_format(), "hindiNumbers");
    }
}
