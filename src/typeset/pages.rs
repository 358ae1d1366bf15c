//! The typesetter's output: pages of positioned glyph runs, the structure they belong to, and the outline.

use std::ops::Range;
use std::sync::Arc;

use crate::fonts::FaceId;
use crate::units::Pt;

/// What a writer needs to know about the document beyond its pages: its identity, language,
/// direction and the metadata readers show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocInfo {
    /// Stable across rebuilds of the same edition: `<report id>/<lang>`.
    pub id: String,
    /// BCP 47 tag of the document's language.
    pub lang: String,
    pub rtl: bool,
    pub title: String,
    pub authors: Vec<String>,
}

/// A laid-out edition, ready for a PDF writer that makes no layout decisions.
#[derive(Clone, Debug, Default)]
pub struct Pages {
    pub info: DocInfo,
    pub width: Pt,
    pub height: Pt,
    pub pages: Vec<Page>,
    /// Logical structure in reading order; `Line::node` points into it.
    pub structure: Vec<StructNode>,
    /// Headings in reading order, for bookmarks.
    pub outline: Vec<OutlineEntry>,
}

#[derive(Clone, Debug, Default)]
pub struct Page {
    /// Content lines in reading order.
    pub lines: Vec<Line>,
    /// Header and footer lines: artifacts, not content.
    pub artifacts: Vec<Line>,
    /// A table's header rows set again on a page the table runs onto: artifacts, since the
    /// structure holds them once.
    pub repeated: Vec<Line>,
    /// Table rules: decoration, drawn as artifacts.
    pub rules: Vec<Rule>,
    /// The bars of the job number's bar code: page furniture, drawn as a header or footer
    /// artifact (its human-readable text is a line among `artifacts`).
    pub bars: Vec<Rule>,
    /// Figures' images, each in its structure element, and the layout's header and footer
    /// images, artifacts.
    pub images: Vec<PlacedImage>,
    /// Where each footnote that starts on this page starts, for its mark's link.
    pub notes: Vec<NoteAnchor>,
    /// The dot leaders of contents entries: decoration, drawn as artifacts.
    pub leaders: Vec<Line>,
    /// Areas that link to a place in the document: the contents entries' lines.
    pub links: Vec<PageLink>,
}

impl Page {
    /// Every line whose glyphs the page draws: content, header and footer, repeated table
    /// headers and dot leaders.
    pub fn drawn_lines(&self) -> impl Iterator<Item = &Line> + Clone {
        (self.lines.iter())
            .chain(&self.artifacts)
            .chain(&self.repeated)
            .chain(&self.leaders)
    }
}

/// The start of a footnote on its page.
#[derive(Clone, Debug, PartialEq)]
pub struct NoteAnchor {
    /// Index of the note (`GlyphRun::note`).
    pub note: usize,
    /// The top of its first line, from the page top.
    pub y: Pt,
    /// Its text, for readers of the link that leads to it.
    pub text: String,
}

/// A link from an area of the page to a place in the document. The content drawn for `node`
/// on this page is the link's content (its lines, in the structure, are inside the link).
#[derive(Clone, Debug, PartialEq)]
pub struct PageLink {
    pub node: usize,
    /// The area, from the page's top-left: left, top, right, bottom.
    pub area: [Pt; 4],
    /// Where it leads: a zero-based page index and the y of the place from that page's top.
    pub page: usize,
    pub y: Pt,
}

/// An image at its place: `x`, `y` its top-left corner from the page's top-left.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedImage {
    pub image: Arc<crate::model::Image>,
    pub x: Pt,
    pub y: Pt,
    pub width: Pt,
    pub height: Pt,
    /// The `Figure` element it belongs to (whose text is the alternative text); `None` for
    /// page furniture (an emblem, a logo), drawn as a header or footer artifact.
    pub node: Option<usize>,
}

/// A horizontal or vertical rule: a filled rectangle, `y` its top edge from the page top.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rule {
    pub x: Pt,
    pub y: Pt,
    pub width: Pt,
    pub height: Pt,
}

/// One line of text: glyph runs left to right, all on one baseline.
#[derive(Clone, Debug, Default)]
pub struct Line {
    /// Index into `Pages::structure` of the leaf element this line belongs to
    /// (unused for artifacts).
    pub node: usize,
    /// Baseline position, measured from the top-left corner of the page.
    pub baseline: Pt,
    pub runs: Vec<GlyphRun>,
}

/// Glyphs of one face and size, in visual order, starting at `x`.
#[derive(Clone, Debug)]
pub struct GlyphRun {
    pub face: FaceId,
    pub size: Pt,
    /// Left edge of the first glyph, from the page's left edge.
    pub x: Pt,
    /// The text these glyphs draw, in logical order; glyph ranges index it.
    pub text: String,
    pub glyphs: Vec<Glyph>,
    pub color: [u8; 3],
    /// Target of a hyperlink covering this run.
    pub link: Option<Arc<str>>,
    /// The footnote this run is the mark of, linked to the note on the same page.
    pub note: Option<usize>,
    /// BCP 47 tag when the run's language differs from the document's.
    pub lang: Option<String>,
    /// Emphasis drawn beside the glyphs ([`Line::decorations`]).
    pub decoration: Option<Decoration>,
}

/// Emphasis that is drawn rather than set in another face: page decoration, outside the text
/// (a reader copying the text gets the characters only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoration {
    /// A dot centred under each ideograph and kana (着重号 in horizontal Chinese).
    Dots,
    Underline,
}

/// An emphasis dot's radius, and how far below the baseline its centre is, in em: below
/// the ideographic em box (0.12 em under the baseline) with room to spare, well above the
/// next line.
pub const DOT_RADIUS: f32 = 0.055;
pub const DOT_DROP: f32 = 0.26;
/// An underline's distance below the baseline and thickness, in em.
pub const UNDERLINE_DROP: f32 = 0.12;
pub const UNDERLINE_WIDTH: f32 = 0.05;

/// A decoration's shape on the page, from the page's top-left.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mark {
    Dot { x: Pt, y: Pt, radius: Pt },
    Rule(Rule),
}

impl Line {
    /// The shapes of the line's drawn emphasis: a dot under each ideograph or kana of a
    /// dotted run (centred on its em, as ideographs are one em wide: the advance also holds
    /// the room justification added), a rule under an underlined run.
    pub fn decorations(&self) -> Vec<Mark> {
        let mut marks = Vec::new();
        for run in &self.runs {
            let size = run.size;
            match run.decoration {
                None => {}
                Some(Decoration::Underline) => marks.push(Mark::Rule(Rule {
                    x: run.x,
                    y: self.baseline + size * UNDERLINE_DROP,
                    width: run.width(),
                    height: size * UNDERLINE_WIDTH,
                })),
                Some(Decoration::Dots) => {
                    let mut x = run.x;
                    let mut last_cluster = None;
                    for glyph in &run.glyphs {
                        let first = last_cluster != Some(glyph.text_range.start);
                        last_cluster = Some(glyph.text_range.start);
                        let dotted = run.text[glyph.text()]
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_alphabetic() && crate::model::is_cjk(c));
                        if first && dotted {
                            let em = Pt(glyph.advance.0.min(size.0));
                            marks.push(Mark::Dot {
                                x: x + em * 0.5,
                                y: self.baseline + size * DOT_DROP,
                                radius: size * DOT_RADIUS,
                            });
                        }
                        x += glyph.advance;
                    }
                }
            }
        }
        marks
    }
}

impl GlyphRun {
    pub fn width(&self) -> Pt {
        self.glyphs
            .iter()
            .map(|g| g.advance)
            .fold(Pt::ZERO, |a, b| a + b)
    }
}

impl Glyph {
    /// `text_range` as an index into the run's text.
    pub fn text(&self) -> Range<usize> {
        self.text_range.start as usize..self.text_range.end as usize
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    pub id: u16,
    /// Byte range in `GlyphRun::text` of the cluster this glyph belongs to; `u32` because a
    /// long document holds millions of glyphs until it is drawn (see `text`).
    pub text_range: Range<u32>,
    pub advance: Pt,
    pub x_offset: Pt,
    pub y_offset: Pt,
}

/// Kinds of structure element, mapped one-to-one onto PDF structure tags.
#[derive(Clone, Debug, PartialEq)]
pub enum StructKind {
    Title,
    Paragraph,
    Heading(u8),
    BlockQuote,
    List {
        numbered: bool,
    },
    ListItem,
    ListLabel,
    ListBody,
    Table,
    Caption,
    TableHead,
    TableBody,
    TableRow,
    /// A header cell; its scope is the column.
    TableHeaderCell,
    /// A header cell of a body row; its scope is the row (a circular's "To:").
    TableRowHeaderCell,
    TableCell,
    /// An image; the node's text is its alternative text.
    Figure,
    /// A footnote, after the block holding its reference.
    Note,
    /// A table of contents, and one of its entries (whose text is the heading's, for the
    /// entry's link).
    Contents,
    ContentsItem,
}

/// One element of the logical structure tree.
#[derive(Clone, Debug, PartialEq)]
pub struct StructNode {
    pub kind: StructKind,
    /// Parent element; `None` for children of the document root.
    pub parent: Option<usize>,
    /// Plain text of the title, headings (PDF/UA wants a title on each) and list labels;
    /// empty for other elements, whose text is in their lines (a long report would hold
    /// it twice).
    pub text: String,
    /// Where the block this element belongs to was written (file:line:col), so that a
    /// validation error about a line can name the input line.
    pub source: Option<Arc<str>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    /// Zero-based page index and the y of the heading's top from the page top.
    pub page: usize,
    pub y: Pt,
}
