//! PDF export: `Pages` → PDF bytes with krilla — glyphs, links, outline, tags, metadata, PDF/A and PDF/UA; no layout decisions, no reshaping.

mod draw;
mod error;
mod tags;
#[cfg(test)]
mod tests;

use std::borrow::Borrow;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::Point;
use krilla::metadata::{DateTime, Metadata, TextDirection};
use krilla::outline::{Outline, OutlineNode};
use krilla::{Document, SerializeSettings};

use crate::fonts::{FaceId, FontBook};
use crate::typeset::PageStream;
use crate::typeset::pages::{DocInfo, OutlineEntry, Page, Pages};

pub use error::PdfError;

/// krilla fonts for the faces of the book, over the book's shared bytes; each face is parsed
/// on first use. `run` makes one per document: krilla clones a font handle for every glyph
/// run, and a handle shared between threads costs both of them (see `run::make`).
pub struct PdfFonts {
    faces: Vec<PdfFace>,
}

struct PdfFace {
    /// `file (family)`, for messages.
    name: String,
    data: krilla::Data,
    index: u32,
    font: OnceLock<Option<krilla::text::Font>>,
}

impl PdfFonts {
    pub fn new(book: &FontBook) -> PdfFonts {
        let faces = book
            .faces()
            .iter()
            .map(|face| PdfFace {
                name: format!("{} ({})", face.file, face.family),
                data: krilla::Data::from(face.data.clone()),
                index: face.index,
                font: OnceLock::new(),
            })
            .collect();
        PdfFonts { faces }
    }

    /// The krilla font of a face, or an error if the face is unknown or krilla cannot parse it.
    fn font(&self, id: FaceId) -> Result<&krilla::text::Font, PdfError> {
        let face = self.faces.get(id.0 as usize).ok_or_else(|| {
            PdfError::Pages(format!(
                "a run uses face {}, which is not in the font book",
                id.0
            ))
        })?;
        face.font
            .get_or_init(|| krilla::text::Font::new(face.data.clone(), face.index))
            .as_ref()
            .ok_or_else(|| PdfError::Font {
                face: face.name.clone(),
            })
    }

    /// `file (family)` of a krilla font made by this book, for messages.
    fn describe(&self, font: &krilla::text::Font) -> String {
        self.faces
            .iter()
            .find(|face| face.font.get().and_then(Option::as_ref) == Some(font))
            .map_or_else(|| "an unknown font".to_string(), |face| face.name.clone())
    }
}

/// Which conformance the PDF claims and krilla validates before writing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PdfStandard {
    /// Plain PDF 1.7 (still tagged).
    None,
    /// PDF/A-2b: archival, visual appearance only.
    A2b,
    /// PDF/A-2a: archival and accessible (tagged, Unicode).
    A2a,
    /// PDF/UA-1: universal accessibility.
    Ua1,
    /// PDF/A-2a and PDF/UA-1 at once.
    #[default]
    A2aUa1,
    /// PDF/A-3a and PDF/UA-1 at once: PDF/A-2a's rules, and files may be attached
    /// (`write_pdf_attached`); the circular pack's cover sheet.
    A3aUa1,
}

impl PdfStandard {
    pub const ALL: [PdfStandard; 6] = [
        PdfStandard::None,
        PdfStandard::A2b,
        PdfStandard::A2a,
        PdfStandard::Ua1,
        PdfStandard::A2aUa1,
        PdfStandard::A3aUa1,
    ];

    /// The name used in definitions and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            PdfStandard::None => "none",
            PdfStandard::A2b => "a-2b",
            PdfStandard::A2a => "a-2a",
            PdfStandard::Ua1 => "ua-1",
            PdfStandard::A2aUa1 => "a-2a+ua-1",
            PdfStandard::A3aUa1 => "a-3a+ua-1",
        }
    }

    fn archival(self) -> Option<Archival> {
        match self {
            PdfStandard::A2b => Some(Archival::A2_B),
            PdfStandard::A2a | PdfStandard::A2aUa1 => Some(Archival::A2_A),
            PdfStandard::A3aUa1 => Some(Archival::A3_A),
            PdfStandard::None | PdfStandard::Ua1 => None,
        }
    }

    fn accessibility(self) -> Option<Accessibility> {
        match self {
            PdfStandard::Ua1 | PdfStandard::A2aUa1 | PdfStandard::A3aUa1 => {
                Some(Accessibility::UA1)
            }
            _ => None,
        }
    }
}

impl fmt::Display for PdfStandard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A PDF standard name that is not one of [`PdfStandard::ALL`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown PDF standard `{given}`; expected one of: {}", PdfStandard::ALL.map(PdfStandard::name).join(", "))]
pub struct UnknownPdfStandard {
    pub given: String,
}

impl FromStr for PdfStandard {
    type Err = UnknownPdfStandard;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.trim().to_ascii_lowercase();
        PdfStandard::ALL
            .into_iter()
            .find(|standard| standard.name() == wanted)
            .ok_or_else(|| UnknownPdfStandard {
                given: text.to_string(),
            })
    }
}

/// Settings of one PDF export.
#[derive(Clone, Debug, Default)]
pub struct PdfOptions {
    pub standard: PdfStandard,
    /// The document date (from the definition or `SOURCE_DATE_EPOCH`); never the clock.
    /// PDF/A requires one.
    pub created: Option<jiff::civil::Date>,
}

/// Writes one edition's pages as PDF. The same input gives the same bytes. A document that
/// fails the chosen standard's validation is an error and no bytes are returned.
pub fn write_pdf(
    pages: &Pages,
    fonts: &PdfFonts,
    options: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    write_pdf_attached(pages, fonts, options, &[])
}

/// A file to attach to a PDF (an associated file under PDF/A-3, which alone of the
/// standards Folio writes allows them; PDF/A-2 refuses any).
#[derive(Clone, Debug)]
pub struct Attachment {
    /// The name readers show and save it under.
    pub name: String,
    pub mime_type: String,
    pub description: String,
    /// Shared, not copied: a pack's files are attached to its cover and zipped too.
    pub bytes: Arc<Vec<u8>>,
    /// Whether to deflate it: not a PDF, DOCX or PNG, which are compressed already.
    pub compress: bool,
}

/// [`write_pdf`], with files attached to the document. Their modification date is the
/// document's date, so the bytes stay reproducible.
pub fn write_pdf_attached(
    pages: &Pages,
    fonts: &PdfFonts,
    options: &PdfOptions,
    attachments: &[Attachment],
) -> Result<Vec<u8>, PdfError> {
    let frame = draw::Frame {
        width: pages.width,
        height: pages.height,
        count: pages.pages.len(),
        structure: &pages.structure,
        outline: &pages.outline,
    };
    let (mut document, places) = draw_all(&frame, pages.pages.iter(), &pages.info, fonts, options)?;
    for file in attachments {
        let mime_type = krilla::embed::MimeType::new(&file.mime_type).ok_or_else(|| {
            PdfError::Krilla(format!(
                "{}: `{}` is not a MIME type",
                file.name, file.mime_type
            ))
        })?;
        let embedded = krilla::embed::EmbeddedFile {
            path: file.name.clone(),
            mime_type: Some(mime_type),
            description: Some(file.description.clone()),
            association_kind: krilla::embed::AssociationKind::Supplement,
            data: krilla::Data::from(file.bytes.clone() as Arc<dyn AsRef<[u8]> + Send + Sync>),
            modification_date: options.created.map(midnight_utc),
            compress: Some(file.compress),
            location: None,
        };
        document
            .embed_file(embedded)
            .ok_or_else(|| PdfError::Krilla(format!("{} is attached twice", file.name)))?;
    }
    finish(document, &places, fonts)
}

/// Writes a streamed edition as PDF, drawing each page as it is made and dropping it: only
/// one page's glyph runs exist at a time. The same bytes as [`write_pdf`] of the same pages.
/// `seen` is shown each page, with its index, just before it is drawn (`build --pack` draws
/// the first page's thumbnail from it).
pub fn write_pdf_stream(
    stream: PageStream<'_>,
    fonts: &PdfFonts,
    options: &PdfOptions,
    mut seen: impl FnMut(usize, &Page),
) -> Result<Vec<u8>, PdfError> {
    let PageStream {
        info,
        width,
        height,
        count,
        structure,
        outline,
        pages,
    } = stream;
    let frame = draw::Frame {
        width,
        height,
        count,
        structure: &structure,
        outline: &outline,
    };
    let pages = pages.enumerate().map(|(index, page)| {
        seen(index, &page);
        page
    });
    let (document, places) = draw_all(&frame, pages, &info, fonts, options)?;
    // krilla's serialisation is the peak of a long document: free what it no longer needs.
    drop((structure, outline));
    finish(document, &places, fonts)
}

/// Draws every page (checking each first) and sets the tag tree, outline and metadata.
fn draw_all<P: Borrow<Page>>(
    frame: &draw::Frame,
    pages: impl Iterator<Item = P>,
    info: &DocInfo,
    fonts: &PdfFonts,
    options: &PdfOptions,
) -> Result<(Document, draw::Places), PdfError> {
    draw::check_frame(frame)?;
    let mut document = Document::new_with(serialize_settings(options.standard)?);
    let mut tags = tags::TagBuilder::new(frame.structure)?;
    let mut places = draw::Places::default();
    let mut drawn = 0;
    for (index, page) in pages.enumerate() {
        let page = page.borrow();
        draw::check(frame, index, page, fonts)?;
        draw::page(
            &mut document,
            frame,
            page,
            index,
            fonts,
            &mut tags,
            &mut places,
            info,
        )?;
        drawn += 1;
    }
    if drawn != frame.count {
        return Err(PdfError::Pages(format!(
            "{drawn} pages were made, but {} were announced",
            frame.count
        )));
    }

    document.set_tag_tree(tags.finish(frame.structure, &info.lang));
    document.set_outline(outline(frame.outline, frame.count)?);
    document.set_metadata(metadata(info, options));
    Ok((document, places))
}

fn finish(
    document: Document,
    places: &draw::Places,
    fonts: &PdfFonts,
) -> Result<Vec<u8>, PdfError> {
    document
        .finish()
        .map_err(|error| PdfError::from_krilla(error, fonts, places))
}

fn serialize_settings(standard: PdfStandard) -> Result<SerializeSettings, PdfError> {
    let mut builder = ConfigurationBuilder::new();
    if let Some(archival) = standard.archival() {
        builder = builder.with_archival_validator(archival);
    }
    if let Some(accessibility) = standard.accessibility() {
        builder = builder.with_accessibility_validator(accessibility);
    }
    let configuration = builder
        .finish()
        .map_err(|error| PdfError::Krilla(format!("{standard}: {error:?}")))?;
    Ok(SerializeSettings {
        configuration,
        // Tagged even without a standard: it costs little and helps every reader.
        enable_tagging: true,
        compress_content_streams: true,
        ..SerializeSettings::default()
    })
}

fn metadata(info: &DocInfo, options: &PdfOptions) -> Metadata {
    let mut metadata = Metadata::new()
        .language(info.lang.clone())
        .creator("Folio".to_string())
        .producer(format!("folio {}", env!("CARGO_PKG_VERSION")))
        // Stable across rebuilds of the same edition, so viewers see versions of one document.
        .document_id(info.id.clone())
        .text_direction(if info.rtl {
            TextDirection::RightToLeft
        } else {
            TextDirection::LeftToRight
        });
    if !info.title.trim().is_empty() {
        metadata = metadata.title(info.title.clone());
    }
    let authors: Vec<String> = info
        .authors
        .iter()
        .filter(|name| !name.trim().is_empty())
        .cloned()
        .collect();
    if !authors.is_empty() {
        metadata = metadata.authors(authors);
    }
    if let Some(date) = options.created {
        metadata = metadata.creation_date(midnight_utc(date));
    }
    metadata
}

fn midnight_utc(date: jiff::civil::Date) -> DateTime {
    DateTime::new(date.year().clamp(0, 9999) as u16)
        .month(date.month() as u8)
        .day(date.day() as u8)
        .hour(0)
        .minute(0)
        .second(0)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

fn outline(entries: &[OutlineEntry], page_count: usize) -> Result<Outline, PdfError> {
    if let Some(entry) = entries.iter().find(|entry| entry.page >= page_count) {
        return Err(PdfError::Pages(format!(
            "bookmark {:?} points to page {}, but there are {page_count} pages",
            entry.title,
            entry.page + 1
        )));
    }
    fn bookmark(nested: Nested<&OutlineEntry>) -> OutlineNode {
        let entry = nested.item;
        let destination = XyzDestination::new(entry.page, Point::from_xy(0.0, entry.y.0));
        let mut node = OutlineNode::new(entry.title.clone(), destination);
        for kid in nested.kids {
            node.push_child(bookmark(kid));
        }
        node
    }
    let mut outline = Outline::new();
    for top in nest(entries.iter().map(|entry| (entry.level, entry))) {
        outline.push_child(bookmark(top));
    }
    Ok(outline)
}

struct Nested<T> {
    item: T,
    kids: Vec<Nested<T>>,
}

/// Nests items by level: each goes under the nearest preceding item of a lower level, so
/// skipped levels (1 → 3) nest too and a leading level 2 stays at the top.
fn nest<T>(items: impl IntoIterator<Item = (u8, T)>) -> Vec<Nested<T>> {
    fn close<T>(open: &mut Vec<(u8, Nested<T>)>, top: &mut Vec<Nested<T>>) {
        let (_, done) = open.pop().expect("called with an open item");
        match open.last_mut() {
            Some((_, parent)) => parent.kids.push(done),
            None => top.push(done),
        }
    }
    let mut top = Vec::new();
    let mut open: Vec<(u8, Nested<T>)> = Vec::new();
    for (level, item) in items {
        while open
            .last()
            .is_some_and(|(open_level, _)| *open_level >= level)
        {
            close(&mut open, &mut top);
        }
        open.push((
            level,
            Nested {
                item,
                kids: Vec::new(),
            },
        ));
    }
    while !open.is_empty() {
        close(&mut open, &mut top);
    }
    top
}
