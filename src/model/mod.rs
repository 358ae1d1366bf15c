//! The validated report: `Report`, `Content`, `Block`, `Inline`. Every invariant holds here; no I/O, no geometry.

use std::sync::Arc;

use crate::diag::{Diagnostics, SourceRef};

mod cjk_emphasis;
mod figure;
mod inline;
mod labels;
mod table;
mod validate;

pub use cjk_emphasis::is_cjk;
pub use figure::decode as decode_image;
pub use inline::parse_inlines;
pub use inline::{is_label, normalize_whitespace};
pub use validate::{MAX_ID_LEN, MAX_LIST_DEPTH, check_chars, layout_ref, validate};

/// A result with the warnings found on the way (in the manner of typst's `Warned<T>`): a
/// stage that succeeds still has things to say, and they must reach the user.
#[derive(Clone, Debug)]
pub struct Warned<T> {
    pub output: T,
    pub warnings: Diagnostics,
}

/// A validated report definition: shared metadata plus one content per edition.
#[derive(Clone, Debug)]
pub struct Report {
    /// `[a-z0-9][a-z0-9-]*`; names the output files.
    pub id: String,
    /// Layout name or path as written, with where it was written.
    /// The layout the report names, if it names one.
    pub layout: Option<LayoutRef>,
    pub symbol: Option<String>,
    pub date: Option<jiff::civil::Date>,
    /// Primary language tag of the original edition.
    pub original: Option<String>,
    /// How widely the document is distributed, for the masthead's "Distr." line.
    pub distribution: Option<Distribution>,
    /// What the document is: a report, or an information circular with its own first page.
    pub kind: DocumentKind,
    /// When an information circular expires, for its asterisk note.
    pub expires: Option<jiff::civil::Date>,
    /// The job number and date of processing, when the definition gives a job.
    pub job: Option<Job>,
    pub editions: Vec<EditionSource>,
    pub at: SourceRef,
}

/// The form of a document (`kind:`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DocumentKind {
    /// A title block (title, subtitle, authors), then the body.
    #[default]
    Report,
    /// The heading "Information circular", a To/From/Subject block, then the body.
    InformationCircular,
}

/// An official document's job number (`17-01234`, the same in every edition) and its date of
/// processing (the report's date unless the job gives its own; `None` when neither is given).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub number: String,
    pub date: Option<jiff::civil::Date>,
    pub at: SourceRef,
}

#[derive(Clone, Debug)]
pub struct LayoutRef {
    pub name: String,
    pub at: SourceRef,
}

/// One language edition's content as written, before locale resolution.
#[derive(Clone, Debug)]
pub struct EditionSource {
    /// BCP 47 tag as written (`en`, `fr-CH`, `zh-Hans`).
    pub lang: String,
    pub content: Arc<Content>,
    pub at: SourceRef,
}

#[derive(Clone, Debug, Default)]
pub struct Content {
    pub title: Vec<Inline>,
    pub subtitle: Vec<Inline>,
    pub authors: Vec<Author>,
    pub body: Vec<Block>,
    /// After the body, each starting a new page.
    pub annexes: Vec<Annex>,
    /// The organ the document is addressed to, in this edition's language; empty when none.
    pub organ: Vec<Inline>,
    pub agenda: Option<Agenda>,
    /// An information circular's To/From/Subject block; present exactly when the report's
    /// kind is `InformationCircular`.
    pub circular: Option<Circular>,
}

/// An information circular's addressing, as one edition writes it.
#[derive(Clone, Debug)]
pub struct Circular {
    pub to: Addressed,
    pub from: Addressed,
    pub subject: Addressed,
}

/// One line of a circular's To/From/Subject block: its text and where it was written.
#[derive(Clone, Debug)]
pub struct Addressed {
    pub text: Vec<Inline>,
    pub at: SourceRef,
}

/// `distribution:` — who may receive the document (the masthead's "Distr." line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Distribution {
    General,
    Limited,
    Restricted,
}

/// The agenda item a document is issued under, in one edition's language.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Agenda {
    /// "Eightieth session"; empty when not given.
    pub session: Vec<Inline>,
    /// The item's number, the same in every edition.
    pub item: u32,
    pub title: Vec<Inline>,
    /// What the item's asterisk refers to ("A/80/150."), when given.
    pub footnote: Option<Vec<Inline>>,
    pub at: SourceRef,
}

impl Content {
    /// The body's blocks, then each annex's, in reading order.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        (self.body.iter()).chain(self.annexes.iter().flat_map(|a| &a.body))
    }
}

/// An annex: its title and body, after the document's body.
#[derive(Clone, Debug)]
pub struct Annex {
    pub title: Vec<Inline>,
    pub body: Vec<Block>,
    /// The primary language tag of the annex's original when it differs from the document's
    /// `original` (report.yaml's `annexes:`, the same in every edition): the annex then says
    /// "[Original: French]" under its heading.
    pub original: Option<String>,
    pub at: SourceRef,
}

#[derive(Clone, Debug, Default)]
pub struct Author {
    pub name: Vec<Inline>,
    pub affiliation: Vec<Vec<Inline>>,
}

#[derive(Clone, Debug)]
pub enum Block {
    /// Level 1 to 3.
    Heading {
        level: u8,
        text: Vec<Inline>,
        at: SourceRef,
    },
    Paragraph {
        text: Vec<Inline>,
        /// Takes the next paragraph number: the report numbers paragraphs and this one did
        /// not opt out (`numbered: false`).
        numbered: bool,
        /// The name `{para:label}` refers to it by, unique in its edition.
        label: Option<Label>,
        at: SourceRef,
    },
    List(List),
    Quote {
        text: Vec<Inline>,
        at: SourceRef,
    },
    Table(Table),
    Figure(Figure),
    PageBreak {
        at: SourceRef,
    },
    /// A table of contents: the edition's headings down to `levels` (1 to 3), with their pages.
    Contents {
        levels: u8,
        at: SourceRef,
    },
}

/// A paragraph's label, as written and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub name: String,
    pub at: SourceRef,
}

#[derive(Clone, Debug)]
pub struct List {
    pub numbered: bool,
    pub items: Vec<ListItem>,
    pub at: SourceRef,
}

#[derive(Clone, Debug)]
pub struct ListItem {
    pub text: Vec<Inline>,
    /// A nested list; depth is at most three in all.
    pub sublist: Option<List>,
    pub at: SourceRef,
}

/// A figure: an image with its required alternative text, and an optional caption.
#[derive(Clone, Debug)]
pub struct Figure {
    pub image: Arc<Image>,
    /// What the image shows, for readers who cannot see it (PDF/UA requires it).
    pub alt: String,
    /// The width to print it at; its natural size (at 96 dpi) within the text width otherwise.
    pub width: Option<crate::units::Pt>,
    pub caption: Vec<Inline>,
    pub at: SourceRef,
}

/// An image file's bytes and what they are.
#[derive(Debug, PartialEq, Eq)]
pub struct Image {
    pub bytes: Arc<[u8]>,
    pub format: ImageFormat,
    /// In pixels.
    pub width: u32,
    pub height: u32,
    pub path: std::path::PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
}

/// A table: header rows repeat on every page it runs onto.
#[derive(Clone, Debug)]
pub struct Table {
    pub caption: Vec<Inline>,
    /// One per column.
    pub columns: Vec<Column>,
    pub header: Vec<Row>,
    pub rows: Vec<Row>,
    pub at: SourceRef,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Column {
    pub width: ColumnWidth,
    pub align: CellAlign,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ColumnWidth {
    /// A share of the width the fixed and automatic columns leave.
    Fraction(f32),
    Fixed(crate::units::Pt),
    /// As wide as its content needs, within the table.
    Auto,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellAlign {
    Start,
    Center,
    End,
    /// Numbers lined up on their decimal separator.
    Decimal,
}

#[derive(Clone, Debug)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub at: SourceRef,
}

/// A cell; the grid position follows from the spans of the cells before it.
#[derive(Clone, Debug)]
pub struct Cell {
    /// Its paragraphs, in order: one (perhaps empty) for a cell of plain text; none when the
    /// cell holds only a list.
    pub paras: Vec<Vec<Inline>>,
    /// A one-level list after the paragraphs.
    pub list: Option<List>,
    pub colspan: usize,
    pub rowspan: usize,
    pub at: SourceRef,
}

/// A run of text with one set of inline properties.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Inline {
    pub text: String,
    pub strong: bool,
    pub emphasis: bool,
    pub link: Option<Arc<str>>,
    /// Set smaller and raised: a footnote's mark.
    pub superscript: bool,
    /// A footnote referenced here (`^[text]`). As written, the run's text is empty; once
    /// composed, the text is the note's mark and the run is superscript.
    pub note: Option<NoteRef>,
    /// A code span's text: printed as written, never given typographic punctuation.
    pub code: bool,
    /// `{para:label}`: the number of the paragraph labelled so. As written, the run's text
    /// is empty; once composed, it is that paragraph's number.
    pub para_ref: Option<Arc<str>>,
    /// How `emphasis` is shown: chosen by `compose` for the script of the run's text from
    /// the layout's `emphasis` (an emphasised run is split where the script changes).
    pub emphasis_style: EmphasisStyle,
}

impl Inline {
    /// How the run is emphasised; `None` when it is not.
    pub fn emphasised_as(&self) -> Option<EmphasisStyle> {
        self.emphasis.then_some(self.emphasis_style)
    }
}

/// How emphasised text is set (the layout's `emphasis`, per script): Latin, Greek and
/// Cyrillic have italics; Arabic and Chinese have none, and false slants read badly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum EmphasisStyle {
    #[default]
    Italic,
    Bold,
    /// Emphasis dots (着重号) under each ideograph, as Chinese sets it.
    Dots,
    Underline,
}

/// A footnote's text, at the place of its reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteRef {
    pub text: Arc<[Inline]>,
    /// Index into `compose::Composed::notes`; 0 until composed.
    pub index: usize,
}

/// The plain text of a run sequence, without footnote marks or notes: for titles, outline
/// entries and comparisons.
pub fn plain_text(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .filter(|i| i.note.is_none())
        .map(|i| i.text.as_str())
        .collect()
}

/// The `{para:label}` references in a run sequence and its footnotes, in order.
pub fn para_refs_in(inlines: &[Inline]) -> Vec<&str> {
    let mut out = Vec::new();
    for run in inlines {
        if let Some(label) = &run.para_ref {
            out.push(&**label);
        }
        if let Some(note) = &run.note {
            out.extend(para_refs_in(&note.text));
        }
    }
    out
}

/// The footnotes referenced in a run sequence, in order.
pub fn notes_in(inlines: &[Inline]) -> impl Iterator<Item = &NoteRef> {
    inlines.iter().filter_map(|i| i.note.as_ref())
}
