//! The masthead's fixed labels in each official language: the "Distr." line, the date of
//! issue, the language lines and the agenda item, in the forms published United Nations
//! documents print them (docs/official-documents.md cites where each form was seen).

use crate::edition::{self, Lang, lang_of};
use crate::model::Distribution;

/// Which form of the control lines an edition prints. French and Spanish documents print
/// them in French and Spanish; Arabic, Chinese and Russian documents, like English ones,
/// print them in English (S/1999/589, Russian: "Distr. GENERAL … RUSSIAN / ORIGINAL:
/// FRENCH"). Other languages fall back to English.
fn control_language(lang: &Lang) -> &'static str {
    match lang.primary.as_str() {
        "fr" => "fr",
        "es" => "es",
        _ => "en",
    }
}

/// "Distr.: General", "Distr. générale", "Distr. general".
pub fn distribution(distribution: Distribution, lang: &Lang) -> String {
    let i = distribution as usize;
    match control_language(lang) {
        "fr" => ["Distr. générale", "Distr. limitée", "Distr. restreinte"][i].into(),
        "es" => ["Distr. general", "Distr. limitada", "Distr. reservada"][i].into(),
        _ => ["Distr.: General", "Distr.: Limited", "Distr.: Restricted"][i].into(),
    }
}

/// The date of issue as the control lines print it: day, month, year in the control
/// lines' language ("30 June 2017", "30 juin 2017", "30 de junio de 2017").
pub fn date(date: jiff::civil::Date, lang: &Lang) -> String {
    let control = match control_language(lang) {
        // English UN documents write the day first, as British English does.
        "en" => lang_of("en-GB"),
        other => lang_of(other),
    };
    edition::format_date(date, &control)
}

/// A language's name in the control lines' language: the language line of a translated
/// edition ("Français", "Español", "Chinese") and the original's ("anglais").
fn language_name(of: &str, lang: &Lang, capital: bool) -> String {
    // The control lines are in English, French or Spanish: the edition's own names in that
    // language.
    let name = edition::language_name(of, &lang_of(control_language(lang)));
    if !capital {
        return name;
    }
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "Original: English" ("Original : anglais", "Original: inglés").
pub fn original(original: &str, lang: &Lang) -> String {
    let of = lang_of(original).primary;
    match control_language(lang) {
        "fr" => format!("Original\u{a0}: {}", language_name(&of, lang, false)),
        "es" => format!("Original: {}", language_name(&of, lang, false)),
        _ => format!("Original: {}", language_name(&of, lang, true)),
    }
}

/// The line above "Original:" that a translated edition prints: its own language
/// ("Français", "Español", "Chinese"); `None` for the original edition.
pub fn language_line(original: &str, lang: &Lang) -> Option<String> {
    let of = lang_of(original).primary;
    (of != lang.primary).then(|| language_name(&lang.primary, lang, true))
}

/// "Item 12 of the provisional agenda", split around where the asterisk of its footnote
/// goes: (before the mark, after the mark). Chinese puts the mark after 临时议程.
pub fn agenda_item(item: u32, lang: &Lang) -> (String, String) {
    match lang.primary.as_str() {
        "fr" => (
            format!("Point {item} de l’ordre du jour provisoire"),
            String::new(),
        ),
        "es" => (
            format!("Tema {item} del programa provisional"),
            String::new(),
        ),
        "ru" => (
            format!("Пункт {item} предварительной повестки дня"),
            String::new(),
        ),
        "ar" => (format!("البند {item} من جدول الأعمال المؤقت"), String::new()),
        "zh" => ("临时议程".to_string(), format!("项目{item}")),
        _ => (
            format!("Item {item} of the provisional agenda"),
            String::new(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_lines_in_each_language() {
        let d = jiff::civil::date(2017, 6, 30);
        let forms = |tag: &str| {
            let lang = lang_of(tag);
            (
                distribution(Distribution::General, &lang),
                date(d, &lang),
                language_line("en", &lang),
                original("en", &lang),
            )
        };
        let f = forms("fr");
        assert_eq!(f.0, "Distr. générale");
        assert_eq!(f.1, "30 juin 2017");
        assert_eq!(f.2.as_deref(), Some("Français"));
        assert_eq!(f.3, "Original\u{a0}: anglais");
        let s = forms("es");
        assert_eq!(
            (s.0.as_str(), s.1.as_str()),
            ("Distr. general", "30 de junio de 2017")
        );
        assert_eq!(
            (s.2.as_deref(), s.3.as_str()),
            (Some("Español"), "Original: inglés")
        );
        let e = forms("en");
        assert_eq!(
            (e.0.as_str(), e.1.as_str()),
            ("Distr.: General", "30 June 2017")
        );
        assert_eq!((e.2, e.3.as_str()), (None, "Original: English"));
        for (tag, name) in [("ru", "Russian"), ("zh", "Chinese"), ("ar", "Arabic")] {
            let f = forms(tag);
            assert_eq!(f.0, "Distr.: General");
            assert_eq!(f.1, "30 June 2017");
            assert_eq!(f.2.as_deref(), Some(name));
            assert_eq!(f.3, "Original: English");
        }
        assert_eq!(
            language_line("fr", &lang_of("en")).as_deref(),
            Some("English")
        );
        assert_eq!(original("fr", &lang_of("es")), "Original: francés");
        assert_eq!(
            distribution(Distribution::Restricted, &lang_of("es")),
            "Distr. reservada"
        );
    }

    #[test]
    fn agenda_items() {
        assert_eq!(
            agenda_item(12, &lang_of("en")).0,
            "Item 12 of the provisional agenda"
        );
        assert_eq!(
            agenda_item(12, &lang_of("zh")),
            ("临时议程".into(), "项目12".into())
        );
    }
}
