//! The pack's cover sheet: an edition made here (a heading, a sentence and a table of files
//! per language, each in its own language) and set by Folio's own pipeline (compose,
//! typeset, `export::pdf`) as PDF/A-3a + PDF/UA-1, with every file attached.

use std::path::Path;
use std::sync::Arc;

use crate::diag::SourceRef;
use crate::edition::{Direction, Edition, lang_of};
use crate::export::pdf::{Attachment, PdfFonts, PdfOptions, PdfStandard, write_pdf_attached};
use crate::fonts::FontBook;
use crate::input::Scope;
use crate::layouts::{self, LoadedLayout};
use crate::model::{Block, CellAlign, Column, ColumnWidth, Content, Inline, Row, Table};

use super::words::{language_name, words};
use super::{EditionFiles, File};

/// What every cover is set with, whatever the build used: the shipped default layout and the
/// shipped fonts, so that `folio pack DIR` and `build --pack` make the same cover.
pub struct CoverSetting {
    pub layout: Arc<LoadedLayout>,
    /// Only the shipped faces; a build without font folders lends its own book, whose
    /// shaping plans its jobs have already made.
    pub fonts: Arc<FontBook>,
}

impl CoverSetting {
    /// Loads the default layout and the shipped fonts.
    pub fn load() -> Result<CoverSetting, String> {
        let layout = layouts::load_layout(
            layouts::DEFAULT_LAYOUT,
            Path::new("."),
            &SourceRef::file(Path::new(layouts::DEFAULT_LAYOUT)),
            &Scope::anywhere(),
        )
        .map_err(|d| d.to_string())?;
        let fonts = FontBook::load(&[]).map_err(|d| d.to_string())?;
        Ok(CoverSetting {
            layout: Arc::new(layout),
            fonts: Arc::new(fonts),
        })
    }
}

/// The cover's language is the first edition's (the report lists its original first as a
/// rule); every edition's section is in its own language.
pub fn cover_pdf(
    setting: &CoverSetting,
    symbol: &str,
    report_id: &str,
    editions: &[EditionFiles],
    attachments: Vec<Attachment>,
    date: jiff::civil::Date,
    at: &Path,
) -> Result<Vec<u8>, String> {
    let lang = editions
        .first()
        .map_or("en", |e| e.lang.as_str())
        .to_string();
    let source = SourceRef::file(at);
    let content = Content {
        title: vec![text(symbol)],
        body: editions
            .iter()
            .flat_map(|edition| section(edition, &source))
            .collect(),
        ..Content::default()
    };
    let edition = Edition {
        symbol: Some(symbol.to_string()),
        issued: Some(date),
        ..Edition::plain(format!("{report_id}-cover"), lang_of(&lang), content)
    };
    let layout =
        layouts::resolve(&setting.layout, &edition.lang.primary).map_err(|d| d.to_string())?;
    let fonts = &setting.fonts;
    let set = crate::typeset::typeset(&edition, &layout, fonts);
    let options = PdfOptions {
        standard: PdfStandard::A3aUa1,
        created: Some(date),
    };
    write_pdf_attached(&set.pages, &PdfFonts::new(fonts), &options, &attachments)
        .map_err(|e| format!("the cover sheet: {e}"))
}

/// One edition's heading ("Français : Rapport …"), the attachment sentence and its table,
/// all in the edition's language.
fn section(edition: &EditionFiles, at: &SourceRef) -> Vec<Block> {
    let w = words(&edition.lang);
    // The cover is one edition with one direction; a right-to-left language's texts are
    // isolated right to left (RLI … PDI) so that each reads in its order inside it.
    let rtl = lang_of(&edition.lang).direction == Direction::Rtl;
    let text = |value: &str| {
        if rtl {
            text(&format!("\u{2067}{value}\u{2069}"))
        } else {
            text(value)
        }
    };
    let name = language_name(&edition.lang);
    let heading = if edition.title.trim().is_empty() {
        name
    } else {
        format!("{name}: {}", edition.title)
    };
    let header = Row {
        cells: [w.language, w.format, w.pages, w.size, w.checksum]
            .into_iter()
            .map(|label| cell(vec![text(label)], at))
            .collect(),
        at: at.clone(),
    };
    let rows = edition
        .files
        .iter()
        .map(|file| Row {
            cells: vec![
                cell(vec![self::text(&edition.lang)], at),
                cell(vec![self::text(&file.format.to_ascii_uppercase())], at),
                cell(
                    vec![self::text(
                        &file.pages.map_or("–".to_string(), |p| p.to_string()),
                    )],
                    at,
                ),
                cell(vec![self::text(&file.bytes.len().to_string())], at),
                cell(vec![code(&grouped(&file.sha256))], at),
            ],
            at: at.clone(),
        })
        .collect();
    let column = |width, align| Column { width, align };
    vec![
        Block::Heading {
            level: 1,
            text: vec![text(&heading)],
            at: at.clone(),
        },
        Block::Paragraph {
            text: vec![text(w.attached)],
            numbered: false,
            label: None,
            at: at.clone(),
        },
        Block::Table(Table {
            caption: Vec::new(),
            columns: vec![
                column(ColumnWidth::Auto, CellAlign::Start),
                column(ColumnWidth::Auto, CellAlign::Start),
                column(ColumnWidth::Auto, CellAlign::End),
                column(ColumnWidth::Auto, CellAlign::End),
                column(ColumnWidth::Fraction(1.0), CellAlign::Start),
            ],
            header: vec![header],
            rows,
            at: at.clone(),
        }),
    ]
}

/// The checksum in four groups of sixteen, so that the column may break it into lines.
fn grouped(sha256: &str) -> String {
    let chars: Vec<char> = sha256.chars().collect();
    chars
        .chunks(16)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

fn text(value: &str) -> Inline {
    Inline {
        text: value.to_string(),
        ..Inline::default()
    }
}

/// Printed as written: no typographic punctuation.
fn code(value: &str) -> Inline {
    Inline {
        code: true,
        ..text(value)
    }
}

fn cell(paras: Vec<Inline>, at: &SourceRef) -> crate::model::Cell {
    crate::model::Cell {
        paras: vec![paras],
        list: None,
        colspan: 1,
        rowspan: 1,
        at: at.clone(),
    }
}

/// The MIME type of a packed file, by its extension.
pub fn mime_type(file: &File) -> &'static str {
    match file.format.as_str() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}
