//! `PdfError`: what can stop a PDF export, with krilla's validation errors rendered for people (rule, font, text, page and line).

use krilla::configure::{ValidationError, Validators};
use krilla::error::KrillaError;

use super::PdfFonts;
use super::draw::Places;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The document breaks the rules of the chosen standard; nothing was written.
    #[error("the PDF fails validation:\n{}", .problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
    Validation { problems: Vec<String> },
    /// A face that krilla cannot read was used.
    #[error("font {face} cannot be read by the PDF writer")]
    Font { face: String },
    /// krilla failed to embed (subset) a font.
    #[error("font {face} cannot be embedded: {message}")]
    FontEmbed { face: String, message: String },
    /// The typesetter's output breaks the `Pages` contract (a bug upstream, not in the input).
    #[error("malformed pages: {0}")]
    Pages(String),
    /// Any other failure inside krilla.
    #[error("PDF writer: {0}")]
    Krilla(String),
}

impl PdfError {
    pub(super) fn from_krilla(error: KrillaError, fonts: &PdfFonts, places: &Places) -> PdfError {
        match error {
            KrillaError::Validation(errors) => PdfError::Validation {
                problems: errors
                    .iter()
                    .map(|(error, validators)| {
                        format!(
                            "{}: {}",
                            standards(*validators),
                            describe(error, fonts, places)
                        )
                    })
                    .collect(),
            },
            KrillaError::Font(font, message) => PdfError::FontEmbed {
                face: fonts.describe(&font),
                message,
            },
            other => PdfError::Krilla(other.to_string()),
        }
    }
}

fn standards(validators: Validators) -> String {
    validators
        .into_iter()
        .map(|validator| validator.as_str())
        .collect::<Vec<_>>()
        .join(" and ")
}

fn describe(error: &ValidationError, fonts: &PdfFonts, places: &Places) -> String {
    let at = |location: &Option<krilla::surface::Location>| {
        location
            .and_then(|location| places.describe(location))
            .map_or_else(String::new, |place| format!(" ({place})"))
    };
    match error {
        ValidationError::ContainsNotDefGlyph(font, location, text) => format!(
            "the missing-glyph box (.notdef) of {} is drawn for {text:?}{}; the font has no glyph for it, so font fallback should have picked another face",
            fonts.describe(font),
            at(location)
        ),
        ValidationError::NoCodepointMapping(font, glyph, location) => format!(
            "glyph {} of {} maps to no text, so it cannot be copied or read aloud{}",
            glyph.to_u32(),
            fonts.describe(font),
            at(location)
        ),
        ValidationError::InvalidCodepointMapping(font, glyph, c, location) => format!(
            "glyph {} of {} maps to the forbidden code point U+{:04X}{}",
            glyph.to_u32(),
            fonts.describe(font),
            u32::from(*c),
            at(location)
        ),
        ValidationError::UnicodePrivateArea(font, glyph, c, location) => format!(
            "glyph {} of {} maps to the private-use code point U+{:04X}{}",
            glyph.to_u32(),
            fonts.describe(font),
            u32::from(*c),
            at(location)
        ),
        ValidationError::RestrictedLicense(font) => {
            format!(
                "the license of {} forbids embedding it",
                fonts.describe(font)
            )
        }
        ValidationError::NoDocumentLanguage => "the document has no language".to_string(),
        ValidationError::NoDocumentTitle => "the document has no title".to_string(),
        ValidationError::MissingHeadingTitle => {
            "a heading has no title (its structure text is empty)".to_string()
        }
        ValidationError::MissingDocumentOutline => "the document has no outline".to_string(),
        ValidationError::MissingAnnotationAltText(location) => {
            format!("a link has no alternate text{}", at(location))
        }
        ValidationError::MissingAltText(location) => {
            format!("a figure or formula has no alternate text{}", at(location))
        }
        ValidationError::MissingDocumentDate => {
            "the document has no date; give the report a date (or set SOURCE_DATE_EPOCH)"
                .to_string()
        }
        ValidationError::MissingTagging => "the document is not tagged".to_string(),
        ValidationError::TooLongString => {
            "a string (title, author or text) is longer than 32767 bytes".to_string()
        }
        ValidationError::RequiresNewerPdfVersion(feature, location) => {
            format!("{feature:?} needs a newer PDF version{}", at(location))
        }
        other => format!("{other:?}"),
    }
}
