//! One language's resolved document: language, direction, script, and locale-formatted date and labels.

use std::sync::Arc;

use icu_calendar::Gregorian;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets;
use icu_datetime::input::Date;
use icu_locale::LocaleExpander;
use icu_locale_core::{LanguageIdentifier, Locale};

use crate::model::{Content, DocumentKind, EditionSource, Report};

/// Writing direction of an edition's paragraphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

/// The main script of an edition; decides fonts, breaking and hyphenation rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Han,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lang {
    /// The BCP 47 tag as written.
    pub tag: String,
    /// Lower-case primary subtag (`en`, `zh`).
    pub primary: String,
    pub direction: Direction,
    pub script: Script,
}

/// Everything a writer needs about one edition, content included.
#[derive(Clone, Debug)]
pub struct Edition {
    pub report_id: String,
    pub lang: Lang,
    pub content: Arc<Content>,
    pub symbol: Option<String>,
    /// The report's date of issue.
    pub issued: Option<jiff::civil::Date>,
    /// The date of issue written out in this edition's language ("30 June 2017").
    pub date: Option<String>,
    /// "Original: English" in this edition's language, when the report names its original.
    pub original_label: Option<String>,
    /// The title of a contents block in this edition's language ("Contents", "Índice"), as
    /// the text of a paragraph.
    pub contents_title: Vec<crate::model::Inline>,
    /// What the masthead says of the report besides the date of issue: the original's
    /// language tag and the distribution (`crate::masthead` writes them out).
    pub original: Option<String>,
    pub distribution: Option<crate::model::Distribution>,
    /// An information circular's heading, labels and expiry note in this edition's language.
    pub circular: Option<CircularWords>,
    /// The job number and date of processing as this edition prints them.
    pub job: Option<Job>,
}

impl Edition {
    /// An edition with only its content: no symbol, dates, masthead or circular words (a
    /// generated document such as the pack's cover, and tests, fill in what they need).
    pub fn plain(report_id: impl Into<String>, lang: Lang, content: Content) -> Edition {
        Edition {
            report_id: report_id.into(),
            lang,
            content: Arc::new(content),
            symbol: None,
            issued: None,
            date: None,
            original_label: None,
            contents_title: Vec::new(),
            original: None,
            distribution: None,
            circular: None,
            job: None,
        }
    }
}

/// The words an information circular prints around its content, in one language
/// (docs/official-documents-circular.md says where each comes from).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CircularWords {
    /// "Information circular".
    pub heading: String,
    /// "To:", "From:", "Subject:", each with its colon as the language writes it.
    pub to: String,
    pub from: String,
    pub subject: String,
    /// "Expiration date of the present information circular: 31 December 2027", when the
    /// circular expires.
    pub expiry: Option<String>,
}

/// An edition's job furniture: `{job}`, `{job-date}` and what the bar code encodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    /// The number with the edition's language letter: `17-01234 (E)` (isolated left to
    /// right, U+2066 … U+2069, in a right-to-left edition).
    pub label: String,
    /// The date of processing as `ddmmyy` (`030717`); empty when the report has none.
    pub date: String,
    /// The number's digits, the bar code's data: `1701234`.
    pub digits: String,
}

impl Job {
    fn of(job: &crate::model::Job, lang: &Lang) -> Job {
        let label = format!("{} ({})", job.number, job_letter(lang));
        Job {
            // Read left to right in every edition: in a right-to-left line the bidi algorithm
            // would otherwise set the letter before the number, "(A) 17-01234".
            label: match lang.direction {
                Direction::Ltr => label,
                Direction::Rtl => format!("\u{2066}{label}\u{2069}"),
            },
            date: (job.date)
                .map(|d| format!("{:02}{:02}{:02}", d.day(), d.month(), d.year() % 100))
                .unwrap_or_default(),
            digits: job.number.chars().filter(char::is_ascii_digit).collect(),
        }
    }
}

/// The letter a job number carries for the edition's language: the six official languages'
/// letters as the United Nations prints them (A, C, E, F, R, S); any other language its
/// primary subtag in capitals (`DE`), which no official letter can be mistaken for.
pub fn job_letter(lang: &Lang) -> String {
    match lang.primary.as_str() {
        "ar" => "A".into(),
        "zh" => "C".into(),
        "en" => "E".into(),
        "fr" => "F".into(),
        "ru" => "R".into(),
        "es" => "S".into(),
        other => other.to_ascii_uppercase(),
    }
}

/// Every placeholder [`Edition::fill_slot`] fills, as written in a template; the layout's
/// check rejects any other `{name}` (a unit test keeps the two in step).
pub const PLACEHOLDERS: &[&str] = &[
    "title", "symbol", "date", "lang", "original", "job", "job-date", "page", "pages",
];

/// A piece of a filled header or footer template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SlotPiece {
    Text(String),
    /// The page number: a number in the PDF, a PAGE field in Word.
    Page,
    /// The page count: a number in the PDF, a NUMPAGES field in Word.
    Pages,
}

impl Edition {
    /// Fills a header or footer template: `{title}`, `{symbol}`, `{date}`, `{lang}` and
    /// `{original}` become this edition's values (empty when absent); `{page}` and `{pages}`
    /// are left to the writer. Unknown placeholders stay as written; values are never
    /// expanded again.
    pub fn fill_slot(&self, template: &str) -> Vec<SlotPiece> {
        let mut out = Vec::new();
        let mut text = String::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                rest = &rest[open..];
                break;
            };
            let value = match &rest[open + 1..close] {
                "title" => self.title_text(),
                "symbol" => self.symbol.clone().unwrap_or_default(),
                "date" => self.date.clone().unwrap_or_default(),
                "lang" => self.lang.tag.clone(),
                "original" => self.original_label.clone().unwrap_or_default(),
                // No job, nothing printed: the furniture is off unless the report gives one.
                "job" => self
                    .job
                    .as_ref()
                    .map(|j| j.label.clone())
                    .unwrap_or_default(),
                "job-date" => self
                    .job
                    .as_ref()
                    .map(|j| j.date.clone())
                    .unwrap_or_default(),
                field @ ("page" | "pages") => {
                    if !text.is_empty() {
                        out.push(SlotPiece::Text(std::mem::take(&mut text)));
                    }
                    out.push(if field == "page" {
                        SlotPiece::Page
                    } else {
                        SlotPiece::Pages
                    });
                    rest = &rest[close + 1..];
                    continue;
                }
                _ => rest[open..=close].to_owned(),
            };
            text.push_str(&value);
            rest = &rest[close + 1..];
        }
        text.push_str(rest);
        if !text.is_empty() {
            out.push(SlotPiece::Text(text));
        }
        out
    }

    /// The title as plain text, for metadata and headers.
    pub fn title_text(&self) -> String {
        crate::model::plain_text(&self.content.title)
    }

    /// Author names as plain text, for metadata.
    pub fn author_names(&self) -> Vec<String> {
        self.content
            .authors
            .iter()
            .map(|a| crate::model::plain_text(&a.name))
            .collect()
    }
}

/// Resolves one edition of `report`: language facts from ICU4X's likely-subtags data, the date
/// written out in the edition's language, the "Original:" label and the contents title.
pub fn resolve(report: &Report, source: &EditionSource) -> Edition {
    let lang = lang_of(&source.lang);
    Edition {
        report_id: report.id.clone(),
        issued: report.date,
        date: report.date.map(|d| format_date(d, &lang)),
        original_label: report.original.as_deref().map(|o| original_label(o, &lang)),
        contents_title: vec![crate::model::Inline {
            text: contents_title(&lang).to_string(),
            ..Default::default()
        }],
        circular: (report.kind == DocumentKind::InformationCircular)
            .then(|| circular_words(&lang, report.expires.map(|d| format_date(d, &lang)))),
        job: report.job.as_ref().map(|j| Job::of(j, &lang)),
        lang,
        content: source.content.clone(),
        symbol: report.symbol.clone(),
        original: report.original.clone(),
        distribution: report.distribution,
    }
}

/// An information circular's heading, To/From/Subject labels and expiry note (with `expires`,
/// the date already in the language) as UN Secretariat circulars (ST/IC) print them; English
/// for languages other than the six official ones. French puts a no-break space before the
/// colon, Chinese a full-width colon.
pub fn circular_words(lang: &Lang, expires: Option<String>) -> CircularWords {
    let (heading, to, from, subject, expiry) = match lang.primary.as_str() {
        "fr" => (
            "Circulaire d’information",
            "Destinataires\u{a0}:",
            "Expéditeur\u{a0}:",
            "Objet\u{a0}:",
            "Date d’expiration de la présente circulaire\u{a0}: ",
        ),
        "es" => (
            "Circular informativa",
            "A:",
            "De:",
            "Asunto:",
            "Fecha de expiración de la presente circular: ",
        ),
        "ru" => (
            "Информационный циркуляр",
            "Кому:",
            "От:",
            "Тема:",
            "Срок действия настоящего информационного циркуляра истекает ",
        ),
        "ar" => (
            "تعميم إعلامي",
            "إلى:",
            "من:",
            "الموضوع:",
            "تاريخ انتهاء سريان هذا التعميم الإعلامي: ",
        ),
        "zh" => (
            "情况通报",
            "致：",
            "发文：",
            "事由：",
            "本情况通报的失效日期：",
        ),
        _ => (
            "Information circular",
            "To:",
            "From:",
            "Subject:",
            "Expiration date of the present information circular: ",
        ),
    };
    CircularWords {
        heading: heading.into(),
        to: to.into(),
        from: from.into(),
        subject: subject.into(),
        expiry: expires.map(|date| format!("{expiry}{date}")),
    }
}

/// Direction and script of a BCP 47 tag, from the tag's script or its likely script.
pub fn lang_of(tag: &str) -> Lang {
    let mut locale: LanguageIdentifier = tag.parse().unwrap_or(LanguageIdentifier::UNKNOWN);
    LocaleExpander::new_common().maximize(&mut locale);
    let script = locale.script.map(|s| s.to_string()).unwrap_or_default();
    let (script, direction) = match script.as_str() {
        "Arab" | "Hebr" | "Syrc" | "Thaa" => (Script::Arabic, Direction::Rtl),
        "Hans" | "Hant" | "Hani" | "Jpan" | "Kore" => (Script::Han, Direction::Ltr),
        "Cyrl" => (Script::Cyrillic, Direction::Ltr),
        "Grek" => (Script::Greek, Direction::Ltr),
        _ => (Script::Latin, Direction::Ltr),
    };
    Lang {
        tag: tag.to_string(),
        primary: locale.language.to_string(),
        direction,
        script,
    }
}

/// How dates are written: in the United Nations' forms, or as the language's locale data
/// writes them (the layout's `typography: {dates: …}`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateStyle {
    /// "30 June 2017" in every English, "30 حزيران/يونيه 2017" with both month names in
    /// Arabic, "30 июня 2017 года" in Russian (the year and its word held together); the locale's form elsewhere.
    #[default]
    Un,
    /// ICU4X's long date for the language ("June 30, 2017" in US English).
    Locale,
}

/// The Arabic months as United Nations Arabic documents name them: the Levantine name, a
/// slash, the Egyptian one (as in the Arabic text of General Assembly resolutions, e.g.
/// "10 كانون الأول/ديسمبر 1948" for the Universal Declaration of Human Rights).
const ARABIC_MONTHS: [&str; 12] = [
    "كانون الثاني/يناير",
    "شباط/فبراير",
    "آذار/مارس",
    "نيسان/أبريل",
    "أيار/مايو",
    "حزيران/يونيه",
    "تموز/يوليه",
    "آب/أغسطس",
    "أيلول/سبتمبر",
    "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر",
    "كانون الأول/ديسمبر",
];

/// The date in the edition's language in the United Nations' forms ("30 June 2017",
/// "30 juin 2017", "2017年6月30日", "30 حزيران/يونيه 2017"), Gregorian, with Western digits as
/// UN Arabic documents print them.
pub fn format_date(date: jiff::civil::Date, lang: &Lang) -> String {
    format_date_as(date, lang, DateStyle::Un)
}

/// The date in the edition's language in the given style.
pub fn format_date_as(date: jiff::civil::Date, lang: &Lang, style: DateStyle) -> String {
    if style == DateStyle::Un {
        match lang.primary.as_str() {
            "ar" => {
                let month = ARABIC_MONTHS[date.month() as usize - 1];
                return format!("{} {month} {}", date.day(), date.year());
            }
            // The UN writes the day first in every English ("30 June 2017").
            "en" => return icu_date(date, "en-GB"),
            // Russian UN documents spell out "года" where the locale abbreviates "г.".
            "ru" => {
                let locale = icu_date(date, &lang.tag);
                // A no-break space keeps the year with its word, as the locale's keeps "г.".
                return match locale.strip_suffix("г.") {
                    Some(stem) => format!("{}\u{A0}года", stem.trim_end()),
                    None => locale,
                };
            }
            _ => {}
        }
    }
    let tag = match lang.script {
        Script::Arabic => format!("{}-u-nu-latn", lang.tag),
        _ => lang.tag.clone(),
    };
    icu_date(date, &tag)
}

/// ICU4X's long Gregorian date for a locale tag; the ISO form when the tag has no data.
fn icu_date(date: jiff::civil::Date, tag: &str) -> String {
    let locale: Locale = tag.parse().unwrap_or(Locale::UNKNOWN);
    let iso = date.to_string();
    let Ok(date) =
        Date::try_new_gregorian(date.year() as i32, date.month() as u8, date.day() as u8)
    else {
        return iso;
    };
    match FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(
        locale.into(),
        fieldsets::YMD::long(),
    ) {
        Ok(formatter) => formatter.format(&date).to_string(),
        Err(_) => iso,
    }
}

/// "Original: English" in the edition's language; the official languages are spelled out,
/// other originals are named by their tag.
pub fn original_label(original: &str, lang: &Lang) -> String {
    let name = language_name(original, lang);
    match lang.primary.as_str() {
        "fr" => format!("Original\u{a0}: {name}"),
        "ru" => format!("Язык оригинала: {name}"),
        "ar" => format!("الأصل: {name}"),
        "zh" => format!("原文：{name}"),
        _ => format!("Original: {name}"),
    }
}

/// The official languages' primary tags, in the order of the name tables below.
const OFFICIAL: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// The name of language `original` as it follows "Original:" in `lang`'s labels ("anglais",
/// "بالإنكليزية", "英文"); a language that is not an official one is named by its tag.
pub(crate) fn language_name(original: &str, lang: &Lang) -> String {
    let names: [&str; 6] = match lang.primary.as_str() {
        "fr" => [
            "arabe",
            "chinois",
            "anglais",
            "français",
            "russe",
            "espagnol",
        ],
        "es" => ["árabe", "chino", "inglés", "francés", "ruso", "español"],
        "ru" => [
            "арабский",
            "китайский",
            "английский",
            "французский",
            "русский",
            "испанский",
        ],
        "ar" => [
            "بالعربية",
            "بالصينية",
            "بالإنكليزية",
            "بالفرنسية",
            "بالروسية",
            "بالإسبانية",
        ],
        "zh" => ["阿拉伯文", "中文", "英文", "法文", "俄文", "西班牙文"],
        _ => [
            "Arabic", "Chinese", "English", "French", "Russian", "Spanish",
        ],
    };
    let original = lang_of(original).primary;
    match OFFICIAL.iter().position(|l| *l == original) {
        Some(i) => names[i].to_string(),
        None => original,
    }
}

/// An annex's label in the edition's language: the word alone when the document has one
/// annex ("Annex", "Annexe", "Anexo", "Приложение", "المرفق", "附件"), numbered when it has
/// several: Roman numerals ("Annex I", "Annexe II", "Anexo III", "Приложение IV"), Chinese
/// counting numerals ("附件一"), and in Arabic the ordinal word after the noun ("المرفق الأول",
/// "المرفق الثاني"), as UN documents write them (docs/format.md, "Annexes", gives the sources).
/// `index` counts from 0.
pub fn annex_label(lang: &Lang, index: usize, count: usize) -> String {
    use crate::layouts::numbering::{NumberFormat, format_number};
    let n = index + 1;
    let word = match lang.primary.as_str() {
        "fr" => "Annexe",
        "es" => "Anexo",
        "ru" => "Приложение",
        "ar" => "المرفق",
        "zh" => "附件",
        _ => "Annex",
    };
    if count < 2 {
        return word.to_string();
    }
    match lang.primary.as_str() {
        "zh" => format!("{word}{}", format_number(NumberFormat::ChineseCounting, n)),
        "ar" => match arabic_ordinal(n) {
            Some(ordinal) => format!("{word} {ordinal}"),
            None => format!("{word} {n}"),
        },
        _ => format!("{word} {}", format_number(NumberFormat::UpperRoman, n)),
    }
}

/// The masculine ordinal (المرفق is masculine) with its article, 1 to 99: الأول، الثاني …
/// العاشر، الحادي عشر … التاسع عشر، العشرون، الحادي والعشرون … التاسع والتسعون.
fn arabic_ordinal(n: usize) -> Option<String> {
    const UNITS: [&str; 10] = [
        "",
        "الأول",
        "الثاني",
        "الثالث",
        "الرابع",
        "الخامس",
        "السادس",
        "السابع",
        "الثامن",
        "التاسع",
    ];
    const TENS: [&str; 10] = [
        "",
        "العاشر",
        "العشرون",
        "الثلاثون",
        "الأربعون",
        "الخمسون",
        "الستون",
        "السبعون",
        "الثمانون",
        "التسعون",
    ];
    // In compounds "first" is الحادي: الحادي عشر, الحادي والعشرون.
    let unit = |u: usize| if u == 1 { "الحادي" } else { UNITS[u] };
    Some(match (n / 10, n % 10) {
        (0, 0) | (10.., _) => return None,
        (0, u) => UNITS[u].to_string(),
        (t, 0) => TENS[t].to_string(),
        (1, u) => format!("{} عشر", unit(u)),
        (t, u) => format!("{} و{}", unit(u), TENS[t]),
    })
}

/// What separates an annex's label from its title where they share a line (its contents
/// entry, its bookmark): an en space, an ideographic space in Chinese.
pub fn annex_separator(lang: &Lang) -> &'static str {
    match lang.primary.as_str() {
        "zh" => "\u{3000}",
        _ => "\u{2002}",
    }
}

/// "[Original: French]" in the edition's language, under the heading of an annex whose
/// original language (`original`, a tag) is not the document's: "[Original : français]",
/// "[Original: francés]", "[Подлинный текст на французском языке]", "[الأصل: بالفرنسية]",
/// "[原件：法文]". Languages other than the six official ones are named by their tag.
pub fn annex_original_label(original: &str, lang: &Lang) -> String {
    let name = language_name(original, lang);
    match lang.primary.as_str() {
        "fr" => format!("[Original\u{a0}: {name}]"),
        // The language in the prepositional case: "на французском языке".
        "ru" => {
            let primary = lang_of(original).primary;
            match OFFICIAL.iter().position(|l| *l == primary) {
                Some(i) => {
                    let prepositional = [
                        "арабском",
                        "китайском",
                        "английском",
                        "французском",
                        "русском",
                        "испанском",
                    ];
                    format!("[Подлинный текст на {} языке]", prepositional[i])
                }
                None => format!("[Подлинный текст: {primary}]"),
            }
        }
        "ar" => format!("[الأصل: {name}]"),
        "zh" => format!("[原件：{name}]"),
        _ => format!("[Original: {name}]"),
    }
}

/// The title of a table of contents, as UN documents head it in each official language;
/// English for the others.
pub fn contents_title(lang: &Lang) -> &'static str {
    match lang.primary.as_str() {
        "fr" => "Table des matières",
        "es" => "Índice",
        "ru" => "Содержание",
        "ar" => "المحتويات",
        "zh" => "目录",
        _ => "Contents",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_get_script_and_direction() {
        assert_eq!(lang_of("ar").direction, Direction::Rtl);
        assert_eq!(lang_of("ar").script, Script::Arabic);
        assert_eq!(lang_of("zh").script, Script::Han);
        assert_eq!(lang_of("ru").script, Script::Cyrillic);
        assert_eq!(lang_of("fr-CH").primary, "fr");
        assert_eq!(lang_of("sr-Latn").script, Script::Latin);
    }

    #[test]
    fn dates_in_each_language() {
        let d = jiff::civil::date(2017, 6, 30);
        let un = |tag: &str| format_date(d, &lang_of(tag));
        assert_eq!(un("en"), "30 June 2017");
        assert_eq!(un("en-GB"), "30 June 2017");
        assert_eq!(un("fr"), "30 juin 2017");
        assert_eq!(un("es"), "30 de junio de 2017");
        assert_eq!(un("ru"), "30 июня 2017\u{A0}года");
        assert_eq!(un("zh"), "2017年6月30日");
        assert_eq!(un("ar"), "30 حزيران/يونيه 2017");
        let d = jiff::civil::date(2026, 1, 5);
        assert_eq!(format_date(d, &lang_of("ar")), "5 كانون الثاني/يناير 2026");
        let locale = |tag: &str| format_date_as(d, &lang_of(tag), DateStyle::Locale);
        assert_eq!(locale("en"), "January 5, 2026");
        assert!(
            locale("ru").starts_with("5 января 2026"),
            "{}",
            locale("ru")
        );
        assert!(
            locale("ar").contains("2026") && locale("ar").contains("يناير"),
            "{}",
            locale("ar")
        );
    }

    #[test]
    fn fills_slot_templates() {
        let edition = Edition {
            symbol: Some("FOL/2024/1".into()),
            ..Edition::plain(
                "r",
                lang_of("en"),
                Content {
                    title: crate::model::parse_inlines("Annual Report on {symbol}"),
                    ..Content::default()
                },
            )
        };
        assert_eq!(
            edition.fill_slot("{symbol} – {page}/{pages}{unknown}"),
            vec![
                SlotPiece::Text("FOL/2024/1 – ".into()),
                SlotPiece::Page,
                SlotPiece::Text("/".into()),
                SlotPiece::Pages,
                SlotPiece::Text("{unknown}".into()),
            ]
        );
        assert_eq!(
            edition.fill_slot("{title} {lang} {date}|{date"),
            vec![SlotPiece::Text(
                "Annual Report on {symbol} en |{date".into()
            )]
        );
    }

    #[test]
    fn every_listed_placeholder_is_filled() {
        let edition = Edition {
            symbol: Some("S".into()),
            ..Edition::plain("r", lang_of("en"), Content::default())
        };
        // Unknown names stay as written; a listed one never does (it may fill to nothing).
        assert_eq!(
            edition.fill_slot("{distribution}"),
            vec![SlotPiece::Text("{distribution}".into())]
        );
        for name in PLACEHOLDERS {
            let template = format!("{{{name}}}");
            let filled = edition.fill_slot(&template);
            assert_ne!(filled, vec![SlotPiece::Text(template.clone())], "{name}");
        }
    }

    #[test]
    fn job_placeholders() {
        let job = crate::model::Job {
            number: "17-01234".into(),
            date: Some(jiff::civil::date(2017, 7, 3)),
            at: crate::diag::SourceRef::file(std::path::Path::new("report.yaml")),
        };
        let filled = |tag: &str, job: Option<&crate::model::Job>| {
            let lang = lang_of(tag);
            let edition = Edition {
                report_id: "r".into(),
                job: job.map(|j| Job::of(j, &lang)),
                lang,
                content: Arc::default(),
                symbol: None,
                date: None,
                original_label: None,
                contents_title: Vec::new(),
                issued: None,
                original: None,
                distribution: None,
                circular: None,
            };
            edition.fill_slot("{job} {job-date}")
        };
        let text = |s: &str| vec![SlotPiece::Text(s.into())];
        assert_eq!(filled("en", Some(&job)), text("17-01234 (E) 030717"));
        assert_eq!(filled("zh-Hans", Some(&job)), text("17-01234 (C) 030717"));
        assert_eq!(
            filled("ar", Some(&job)),
            text("\u{2066}17-01234 (A)\u{2069} 030717")
        );
        assert_eq!(filled("de", Some(&job)), text("17-01234 (DE) 030717"));
        // No job: nothing printed, not the placeholder.
        assert_eq!(filled("en", None), text(" "));
    }

    #[test]
    fn original_labels() {
        assert_eq!(original_label("en", &lang_of("en")), "Original: English");
        assert_eq!(
            original_label("en", &lang_of("fr")),
            "Original\u{a0}: anglais"
        );
        assert_eq!(original_label("en", &lang_of("zh")), "原文：英文");
    }

    #[test]
    fn annex_labels() {
        let label = |tag: &str, i: usize, n: usize| annex_label(&lang_of(tag), i, n);
        assert_eq!(label("en", 0, 1), "Annex");
        assert_eq!(label("en", 1, 3), "Annex II");
        assert_eq!(label("fr", 0, 2), "Annexe I");
        assert_eq!(label("es", 3, 4), "Anexo IV");
        assert_eq!(label("ru", 0, 2), "Приложение I");
        assert_eq!(label("zh", 1, 2), "附件二");
        assert_eq!(label("zh", 0, 1), "附件");
        assert_eq!(label("ar", 0, 1), "المرفق");
        assert_eq!(label("ar", 0, 2), "المرفق الأول");
        assert_eq!(label("ar", 1, 2), "المرفق الثاني");
        assert_eq!(label("ar", 9, 12), "المرفق العاشر");
        assert_eq!(label("ar", 10, 12), "المرفق الحادي عشر");
        assert_eq!(label("ar", 11, 30), "المرفق الثاني عشر");
        assert_eq!(label("ar", 19, 30), "المرفق العشرون");
        assert_eq!(label("ar", 20, 30), "المرفق الحادي والعشرون");
        assert_eq!(label("ar", 99, 120), "المرفق 100");
    }

    #[test]
    fn annex_original_labels() {
        let show = |tag: &str| annex_original_label("fr", &lang_of(tag));
        assert_eq!(show("en"), "[Original: French]");
        assert_eq!(show("fr"), "[Original\u{a0}: français]");
        assert_eq!(show("es"), "[Original: francés]");
        assert_eq!(show("ru"), "[Подлинный текст на французском языке]");
        assert_eq!(show("ar"), "[الأصل: بالفرنسية]");
        assert_eq!(show("zh"), "[原件：法文]");
        assert_eq!(annex_original_label("de", &lang_of("en")), "[Original: de]");
    }

    #[test]
    fn contents_titles() {
        let title = |tag: &str| contents_title(&lang_of(tag));
        assert_eq!(title("en"), "Contents");
        assert_eq!(title("fr-CH"), "Table des matières");
        assert_eq!(title("es"), "Índice");
        assert_eq!(title("ru"), "Содержание");
        assert_eq!(title("ar"), "المحتويات");
        assert_eq!(title("zh-Hans"), "目录");
        assert_eq!(title("de"), "Contents");
    }
}
