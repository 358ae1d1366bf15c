//! Page layouts: page size, margins, font families, named styles, header/footer slots, per-language overrides.

mod def;
mod images;
mod keys;
pub mod numbering;
mod resolve;

use std::collections::BTreeMap;

use crate::edition::Script;
pub use crate::model::EmphasisStyle;
use crate::units::Pt;

pub use def::LayoutDef;
pub use resolve::{LoadedLayout, load_layout, resolve, shipped_layouts};

/// The layout used when a report names none.
pub const DEFAULT_LAYOUT: &str = "report-a4";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Start,
    Center,
    End,
    Justify,
}

/// The named styles every layout defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StyleName {
    Body,
    Title,
    Subtitle,
    Authors,
    Heading1,
    Heading2,
    Heading3,
    List,
    Quote,
    Header,
    Footer,
    /// A table's caption, above it.
    Caption,
    /// Cells of a table's header rows, and of its body rows.
    TableHeader,
    TableCell,
    /// Footnotes at the foot of the page.
    Footnote,
    /// The title of a table of contents (a heading that is in neither the outline nor the
    /// contents), and its entries for headings of level 1 to 3.
    ContentsTitle,
    Contents1,
    Contents2,
    Contents3,
}

impl StyleName {
    pub const ALL: [StyleName; 19] = [
        StyleName::Body,
        StyleName::Title,
        StyleName::Subtitle,
        StyleName::Authors,
        StyleName::Heading1,
        StyleName::Heading2,
        StyleName::Heading3,
        StyleName::List,
        StyleName::Quote,
        StyleName::Header,
        StyleName::Footer,
        StyleName::Caption,
        StyleName::TableHeader,
        StyleName::TableCell,
        StyleName::Footnote,
        StyleName::ContentsTitle,
        StyleName::Contents1,
        StyleName::Contents2,
        StyleName::Contents3,
    ];

    /// The key used in layout files.
    pub fn key(self) -> &'static str {
        match self {
            StyleName::Body => "body",
            StyleName::Title => "title",
            StyleName::Subtitle => "subtitle",
            StyleName::Authors => "authors",
            StyleName::Heading1 => "heading-1",
            StyleName::Heading2 => "heading-2",
            StyleName::Heading3 => "heading-3",
            StyleName::List => "list",
            StyleName::Quote => "quote",
            StyleName::Header => "header",
            StyleName::Footer => "footer",
            StyleName::Caption => "caption",
            StyleName::TableHeader => "table-header",
            StyleName::TableCell => "table-cell",
            StyleName::Footnote => "footnote",
            StyleName::ContentsTitle => "contents-title",
            StyleName::Contents1 => "contents-1",
            StyleName::Contents2 => "contents-2",
            StyleName::Contents3 => "contents-3",
        }
    }

    /// The style of a contents entry for a heading of `level`.
    pub fn contents(level: u8) -> StyleName {
        match level {
            1 => StyleName::Contents1,
            2 => StyleName::Contents2,
            _ => StyleName::Contents3,
        }
    }

    pub fn heading(level: u8) -> StyleName {
        match level {
            1 => StyleName::Heading1,
            2 => StyleName::Heading2,
            _ => StyleName::Heading3,
        }
    }
}

/// A fully resolved paragraph style: every field has a value.
#[derive(Clone, Debug, PartialEq)]
pub struct Style {
    /// Font families in fallback order, first match wins per character.
    pub families: Vec<String>,
    pub size: Pt,
    /// Baseline-to-baseline distance.
    pub leading: Pt,
    pub bold: bool,
    pub italic: bool,
    pub align: Align,
    pub space_before: Pt,
    pub space_after: Pt,
    pub indent_start: Pt,
    pub indent_end: Pt,
    pub first_line_indent: Pt,
    pub keep_with_next: bool,
    /// Text colour as RGB.
    pub color: [u8; 3],
}

/// Text templates for the three slots of a header or footer; placeholders
/// `{title}`, `{symbol}`, `{date}`, `{page}`, `{pages}`, `{lang}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Slots {
    pub left: String,
    pub center: String,
    pub right: String,
}

impl Slots {
    pub fn is_empty(&self) -> bool {
        self.left.is_empty() && self.center.is_empty() && self.right.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PageGeometry {
    pub width: Pt,
    pub height: Pt,
    pub margin_top: Pt,
    pub margin_bottom: Pt,
    /// Margins at the start and end of lines (left and right in a left-to-right edition).
    pub margin_start: Pt,
    pub margin_end: Pt,
    /// Distance from the page edge to the header and footer baselines' boxes.
    pub header_distance: Pt,
    pub footer_distance: Pt,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Hyphenation {
    pub enabled: bool,
    pub min_word: usize,
    pub left_min: usize,
    pub right_min: usize,
    /// At most this many consecutive lines ending in a hyphen.
    pub max_consecutive: usize,
    /// Cost of ending a line with a hyphen: higher means fewer, looser lines.
    pub penalty: f32,
    /// A paragraph whose second-last line ends in a hyphen keeps at least this many
    /// characters on its last line, so it never ends on a lone word stub.
    pub min_last_line: usize,
    /// Whether capitalised words may be cut; proper nouns read badly cut ("Marrue-cos").
    pub capitalized: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Justification {
    /// Inter-word stretch and shrink as fractions of the space width.
    pub stretch: f32,
    pub shrink: f32,
    /// Largest adjustment ratio accepted before the emergency pass.
    pub tolerance: f32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    pub widows: usize,
    pub orphans: usize,
}

/// Marker format of one list nesting level.
#[derive(Clone, Debug, PartialEq)]
pub struct ListLevel {
    /// `1.`, `(a)`, `(i)`, `a)`, `A.`, `I.` patterns for numbered lists.
    pub numbered: String,
    /// The bullet character for bulleted lists.
    pub bullet: String,
    /// Indent of the item text from the list's start edge.
    pub indent: Pt,
    /// Room for the marker, hanging before the text.
    pub hanging: Pt,
}

/// A layout resolved for one language: overrides applied, every style complete.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub name: String,
    pub page: PageGeometry,
    pub styles: BTreeMap<StyleName, Style>,
    pub header: Slots,
    pub footer: Slots,
    /// Used on the first page instead of `header`/`footer` when set.
    pub first_header: Option<Slots>,
    pub first_footer: Option<Slots>,
    pub hyphenation: Hyphenation,
    pub justification: Justification,
    pub pagination: Pagination,
    pub list_levels: Vec<ListLevel>,
    pub tables: TableRules,
    pub footnotes: Footnotes,
    pub typography: Typography,
    pub emphasis: Emphasis,
    /// Images in header and footer slots, in the order written.
    pub images: Vec<LayoutImage>,
}

/// An image drawn as page furniture (an emblem, a logo) in a header or footer slot. Its
/// bottom sits on the slot's baseline, as an inline picture does in Word: in the header the
/// line grows downwards from `header-distance` to hold it (the header text's baseline moves
/// down with it), in the footer it grows upwards from the footer's baseline. `resolve` makes
/// sure it never reaches the text area.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutImage {
    pub image: std::sync::Arc<crate::model::Image>,
    pub width: Pt,
    /// From the width and the image's aspect.
    pub height: Pt,
    pub band: Band,
    /// The slot as written; right-to-left editions mirror it as they mirror text slots.
    pub side: Side,
    pub pages: PageSet,
    /// What the image shows, for the DOCX picture's description (the PDF draws it as an
    /// artifact, which has none).
    pub alt: String,
}

/// The header or the footer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Band {
    Header,
    Footer,
}

/// A slot of a header or footer, as the layout names it (left and right for a left-to-right
/// page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Left,
    Center,
    Right,
}

impl Side {
    /// The slot's template among `slots`.
    pub fn of(self, slots: &Slots) -> &str {
        match self {
            Side::Left => &slots.left,
            Side::Center => &slots.center,
            Side::Right => &slots.right,
        }
    }
}

/// The pages an image appears on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageSet {
    First,
    All,
    /// Every page but the first.
    Rest,
}

impl PageSet {
    /// Whether page `index` (from 0) is one of them.
    pub fn includes(self, index: usize) -> bool {
        match self {
            PageSet::First => index == 0,
            PageSet::All => true,
            PageSet::Rest => index > 0,
        }
    }
}

/// How footnotes are marked and set off at the foot of the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Footnotes {
    pub marks: NoteMarks,
    /// Marks count from the first on each page rather than through the document.
    pub restart_each_page: bool,
    /// Length and thickness of the rule above the notes, and the space above that rule.
    pub separator: Pt,
    pub rule: Pt,
    pub space: Pt,
}

/// How notes are marked: numbered 1, 2, 3 through the document, or `*`, `**`, `***`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteMarks {
    Numbers,
    Symbols,
}

impl NoteMarks {
    /// The mark of the note at `index` (from 0).
    pub fn mark(self, index: usize) -> String {
        match self {
            NoteMarks::Numbers => (index + 1).to_string(),
            NoteMarks::Symbols => "*".repeat(index + 1),
        }
    }
}

/// Typographic punctuation, as `typography::apply` gives it to an edition.
#[derive(Clone, Debug, PartialEq)]
pub struct Typography {
    /// Dashes, quotation marks, apostrophes and no-break spaces in the language's forms.
    pub smart_punctuation: bool,
    /// Outer opening, outer closing, inner opening, inner closing; the language's own when
    /// `None`.
    pub quotes: Option<[char; 4]>,
}

/// How emphasis is shown in each script (`compose::emphasis` applies it to the runs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Emphasis {
    pub latin: EmphasisStyle,
    pub greek: EmphasisStyle,
    pub cyrillic: EmphasisStyle,
    pub arabic: EmphasisStyle,
    pub han: EmphasisStyle,
}

impl Default for Emphasis {
    /// Italics where the script has them; Arabic bold (Noto Naskh Arabic ships a bold face
    /// and no italic); Chinese emphasis dots, its own convention (a Kai face would add
    /// megabytes to the repository and the binary).
    fn default() -> Self {
        Emphasis {
            latin: EmphasisStyle::Italic,
            greek: EmphasisStyle::Italic,
            cyrillic: EmphasisStyle::Italic,
            arabic: EmphasisStyle::Bold,
            han: EmphasisStyle::Dots,
        }
    }
}

impl Emphasis {
    pub fn of(&self, script: Script) -> EmphasisStyle {
        match script {
            Script::Latin => self.latin,
            Script::Greek => self.greek,
            Script::Cyrillic => self.cyrillic,
            Script::Arabic => self.arabic,
            Script::Han => self.han,
        }
    }
}

/// How tables are drawn: rules in the official style (above, below the header, below; no
/// vertical rules unless asked), cell padding, and whether rows may split across pages.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRules {
    pub rule: Pt,
    pub header_rule: Pt,
    pub vertical: bool,
    pub padding: Pt,
    pub split_rows: bool,
}

impl Style {
    /// The face to ask for, text in this style made strong and/or emphasised inline: strong
    /// adds bold; italic emphasis toggles italic, so emphasis inside italic text is set
    /// upright; bold emphasis adds bold; dots and underline leave the face alone.
    pub fn inline_face(&self, strong: bool, emphasis: Option<EmphasisStyle>) -> (bool, bool) {
        let italic = emphasis == Some(EmphasisStyle::Italic);
        let bold = emphasis == Some(EmphasisStyle::Bold);
        (self.bold || strong || bold, self.italic != italic)
    }
}

impl Layout {
    pub fn style(&self, name: StyleName) -> &Style {
        &self.styles[&name]
    }

    /// The marker format of a list nested `depth` deep (from 0); deeper lists than the layout
    /// defines use its last level. `resolve` always defines at least three levels.
    pub fn list_level(&self, depth: usize) -> &ListLevel {
        &self.list_levels[depth.min(self.list_levels.len().saturating_sub(1))]
    }

    /// The images on page `index` (from 0) in `band`.
    pub fn images_on(&self, index: usize, band: Band) -> impl Iterator<Item = &LayoutImage> {
        (self.images.iter()).filter(move |i| i.band == band && i.pages.includes(index))
    }

    /// The header or footer slots of page `index` (from 0).
    pub fn slots_on(&self, index: usize, band: Band) -> &Slots {
        let (first, every) = match band {
            Band::Header => (&self.first_header, &self.header),
            Band::Footer => (&self.first_footer, &self.footer),
        };
        (index == 0)
            .then_some(first.as_ref())
            .flatten()
            .unwrap_or(every)
    }

    pub fn text_width(&self) -> Pt {
        self.page.width - self.page.margin_start - self.page.margin_end
    }
}
