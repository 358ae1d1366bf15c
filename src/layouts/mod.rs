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

pub use def::{LayoutDef, StyleDef};
pub use resolve::{LoadedLayout, font_dir, load_layout, resolve, shipped_layouts};

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
    /// The masthead: the organisation's name, the document symbol, the organ's name, the
    /// control lines under the symbol, and the agenda block under the masthead. Resolved in
    /// every layout but written to a DOCX only when its layout draws a masthead.
    MastheadOrganization,
    MastheadSymbol,
    MastheadOrgan,
    MastheadControl,
    MastheadAgenda,
}

impl StyleName {
    pub const MASTHEAD: [StyleName; 5] = [
        StyleName::MastheadOrganization,
        StyleName::MastheadSymbol,
        StyleName::MastheadOrgan,
        StyleName::MastheadControl,
        StyleName::MastheadAgenda,
    ];

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
            StyleName::MastheadOrganization => "masthead-organization",
            StyleName::MastheadSymbol => "masthead-symbol",
            StyleName::MastheadOrgan => "masthead-organ",
            StyleName::MastheadControl => "masthead-control",
            StyleName::MastheadAgenda => "masthead-agenda",
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
/// `{title}`, `{symbol}`, `{date}`, `{page}`, `{pages}`, `{lang}`, `{original}`, `{job}`,
/// `{job-date}`.
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
    /// Most hyphenated lines in a paragraph, as a share of its lines, where dearer hyphens
    /// can keep every line within the tolerance.
    pub max_share: f32,
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
    /// Used on even pages (2, 4…) instead of `header`/`footer` when set: a document printed
    /// on both sides puts what belongs on the outer side left there.
    pub even_header: Option<Slots>,
    pub even_footer: Option<Slots>,
    pub hyphenation: Hyphenation,
    pub justification: Justification,
    pub pagination: Pagination,
    pub list_levels: Vec<ListLevel>,
    pub tables: TableRules,
    pub footnotes: Footnotes,
    pub links: Links,
    pub annexes: Annexes,
    pub typography: Typography,
    pub emphasis: Emphasis,
    /// Images in header and footer slots, in the order written.
    pub images: Vec<LayoutImage>,
    /// The official masthead on the first page, when the layout draws one.
    pub masthead: Option<Masthead>,
    /// Where the job number's bar code goes, when the layout places one.
    pub barcode: Option<LayoutBarcode>,
    /// How paragraph numbers look, when the report numbers its paragraphs.
    pub paragraph_numbers: ParagraphNumbers,
    /// Automatic heading labels.
    pub headings: Headings,
}

/// The masthead as a layout draws it: the organisation's name in the edition's language,
/// the rules' thickness and the emblem.
#[derive(Clone, Debug, PartialEq)]
pub struct Masthead {
    pub organization: String,
    pub rule: Pt,
    pub emblem: Option<Emblem>,
}

/// The masthead's emblem at its printed size, with what it shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Emblem {
    pub image: std::sync::Arc<crate::model::Image>,
    pub width: Pt,
    pub height: Pt,
    pub alt: String,
}

/// The job number's Code 39 bar code in a header or footer: bars `height` tall, the narrow
/// element `module` wide and the wide `ratio` times that, with the human-readable text
/// (`*1701234*`) in the band's style under the bars. It takes lines of its own under the
/// band's line (the footer's line rises to make room, as in Word's footer paragraph whose
/// last lines it is), lined up as slot `side` lines up its text; it is drawn only when the
/// report gives a job.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutBarcode {
    pub band: Band,
    pub side: Side,
    pub pages: PageSet,
    pub height: Pt,
    pub module: Pt,
    pub ratio: f32,
}

impl LayoutBarcode {
    /// Space between the bars and the text under them, as a fraction of the text's size.
    pub const GAP: f32 = 0.25;

    /// From the band line's baseline to the bar code text's baseline, the text being `text`
    /// large: a gap, the bars, and the text's size.
    pub fn reach(&self, text: Pt) -> Pt {
        self.height + text * (1.0 + Self::GAP)
    }
}

/// Paragraph numbers (`1.`, `1 -`, `١ -`): their pattern, where they hang, and the patterns
/// of a numbered paragraph's subparagraphs.
#[derive(Clone, Debug, PartialEq)]
pub struct ParagraphNumbers {
    pub pattern: numbering::Pattern,
    pub position: NumberPosition,
    /// The room the number hangs in, before the paragraph's text.
    pub hanging: Pt,
    /// The patterns of subparagraphs, nesting level by level (`(a)`, then `(i)`); deeper
    /// levels use the last.
    pub subparagraphs: Vec<numbering::Pattern>,
}

impl Default for ParagraphNumbers {
    fn default() -> ParagraphNumbers {
        let pattern = |p: &str| numbering::parse_pattern(p).expect("a built-in pattern");
        ParagraphNumbers {
            pattern: pattern("1."),
            position: NumberPosition::Margin,
            hanging: Pt(24.0),
            subparagraphs: vec![pattern("(a)"), pattern("(i)")],
        }
    }
}

impl ParagraphNumbers {
    /// The pattern of a subparagraph nested `depth` deep (from 0).
    pub fn subparagraph(&self, depth: usize) -> &numbering::Pattern {
        &self.subparagraphs[depth.min(self.subparagraphs.len().saturating_sub(1))]
    }
}

/// Where a paragraph number hangs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberPosition {
    /// In the start margin, before the text, which stays where unnumbered text is.
    Margin,
    /// At the text's start edge, the paragraph's lines moved in by the room it hangs in.
    Indent,
}

/// Heading labels: a pattern per level from 1 (`I.`, `A.`, `1.`), `None` for a level set
/// without one. No labels at all by default.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Headings {
    pub numbering: Vec<Option<numbering::Pattern>>,
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

/// What the layout says about annexes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Annexes {
    /// Consecutive paragraph numbers start again from 1 in each annex (UN practice for
    /// annexes that are documents of their own); off by default. Read by paragraph numbering
    /// at each `compose::Block::Annex`.
    pub restart_paragraph_numbers: bool,
}

/// How links show on paper: in a colour, and with their URLs in footnotes when asked.
#[derive(Clone, Debug, PartialEq)]
pub struct Links {
    /// The link text's colour (both writers: the PDF's glyphs, the DOCX's Hyperlink style).
    pub color: [u8; 3],
    /// A link whose text is not its URL gets a footnote with the URL (`compose`).
    pub url_notes: bool,
}

/// A dark blue that reads as a link on paper and on screen (contrast 8.0:1 on white, WCAG AAA).
pub const LINK_COLOR: [u8; 3] = [0x0b, 0x4f, 0x9c];

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
    /// How the date of issue (`{date}`) is written.
    pub dates: crate::edition::DateStyle,
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
        let (first, even, every) = match band {
            Band::Header => (&self.first_header, &self.even_header, &self.header),
            Band::Footer => (&self.first_footer, &self.even_footer, &self.footer),
        };
        let special = match index {
            0 => first.as_ref(),
            // Page 2, 4…: an odd index.
            _ if index % 2 == 1 => even.as_ref(),
            _ => None,
        };
        special.unwrap_or(every)
    }

    /// Whether the first page's furniture differs from the rest (Word's title page).
    pub fn title_page(&self) -> bool {
        self.first_header.is_some()
            || self.first_footer.is_some()
            || self.images.iter().any(|i| i.pages != PageSet::All)
            || self
                .barcode
                .as_ref()
                .is_some_and(|b| b.pages != PageSet::All)
    }

    /// Whether even pages have furniture of their own (Word's even-page headers).
    pub fn even_pages(&self) -> bool {
        self.even_header.is_some() || self.even_footer.is_some()
    }

    pub fn text_width(&self) -> Pt {
        self.page.width - self.page.margin_start - self.page.margin_end
    }
}
