//! One language's resolved document: language, direction, script, and locale-formatted date and labels.

use std::sync::Arc;

use icu_calendar::Gregorian;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets;
use icu_datetime::input::Date;
use icu_locale::LocaleExpander;
use icu_locale_core::{LanguageIdentifier, Locale};

use crate::model::{Content, EditionSource, Report};

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
    /// The report date written out in this edition's language ("30 June 2017").
    pub date: Option<String>,
    /// "Original: English" in this edition's language, when the report names its original.
    pub original_label: Option<String>,
    /// The title of a contents block in this edition's language ("Contents", "Índice"), as
    /// the text of a paragraph.
    pub contents_title: Vec<crate::model::Inline>,
    /// The job number and date of processing as this edition prints them.
    pub job: Option<Job>,
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
        date: report.date.map(|d| format_date(d, &lang)),
        original_label: report.original.as_deref().map(|o| original_label(o, &lang)),
        contents_title: vec![crate::model::Inline {
            text: contents_title(&lang).to_string(),
            ..Default::default()
        }],
        job: report.job.as_ref().map(|j| Job::of(j, &lang)),
        lang,
        content: source.content.clone(),
        symbol: report.symbol.clone(),
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

/// The date in the edition's language, long form ("30 June 2017", "30 juin 2017",
/// "2017年6月30日"), Gregorian, with Western digits as UN Arabic documents print them.
pub fn format_date(date: jiff::civil::Date, lang: &Lang) -> String {
    let tag = match lang.script {
        Script::Arabic => format!("{}-u-nu-latn", lang.tag),
        _ => lang.tag.clone(),
    };
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
    let original = lang_of(original).primary;
    let name = |names: [&str; 6]| -> String {
        match ["ar", "zh", "en", "fr", "ru", "es"]
            .iter()
            .position(|l| *l == original)
        {
            Some(i) => names[i].to_string(),
            None => original.clone(),
        }
    };
    match lang.primary.as_str() {
        "fr" => format!(
            "Original\u{a0}: {}",
            name([
                "arabe",
                "chinois",
                "anglais",
                "français",
                "russe",
                "espagnol"
            ])
        ),
        "es" => format!(
            "Original: {}",
            name(["árabe", "chino", "inglés", "francés", "ruso", "español"])
        ),
        "ru" => format!(
            "Язык оригинала: {}",
            name([
                "арабский",
                "китайский",
                "английский",
                "французский",
                "русский",
                "испанский"
            ])
        ),
        "ar" => format!(
            "الأصل: {}",
            name([
                "بالعربية",
                "بالصينية",
                "بالإنكليزية",
                "بالفرنسية",
                "بالروسية",
                "بالإسبانية"
            ])
        ),
        "zh" => format!(
            "原文：{}",
            name(["阿拉伯文", "中文", "英文", "法文", "俄文", "西班牙文"])
        ),
        _ => format!(
            "Original: {}",
            name([
                "Arabic", "Chinese", "English", "French", "Russian", "Spanish"
            ])
        ),
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
        let show = |tag: &str| format_date(d, &lang_of(tag));
        assert_eq!(show("en"), "June 30, 2017");
        assert_eq!(show("en-GB"), "30 June 2017");
        assert_eq!(show("fr"), "30 juin 2017");
        assert_eq!(show("es"), "30 de junio de 2017");
        assert!(show("ru").starts_with("30 июня 2017"), "{}", show("ru"));
        assert_eq!(show("zh"), "2017年6月30日");
        assert!(
            show("ar").contains("2017") && show("ar").contains("يونيو"),
            "{}",
            show("ar")
        );
    }

    #[test]
    fn fills_slot_templates() {
        let edition = Edition {
            report_id: "r".into(),
            lang: lang_of("en"),
            content: Arc::new(Content {
                title: crate::model::parse_inlines("Annual Report on {symbol}"),
                ..Content::default()
            }),
            symbol: Some("FOL/2024/1".into()),
            date: None,
            original_label: None,
            contents_title: Vec::new(),
            job: None,
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
