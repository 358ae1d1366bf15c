//! Composition: an `Edition` and its resolved `Layout` become writer-neutral blocks — role,
//! named style, list position and marker, page break, keeps, spacing, hyphenation, source
//! position, the entries of a table of contents — that the PDF typesetter, the DOCX writer and
//! `check` all read, so that the two formats decide nothing about the document on their own.

pub mod emphasis;

use std::borrow::Cow;

use crate::diag::SourceRef;
use crate::edition::Edition;
use crate::layouts::numbering::{NumberFormat, Pattern, parse_pattern};
use crate::layouts::{Layout, StyleName};
use crate::model::{self, CellAlign, Column, Inline};
use crate::units::Pt;

/// An edition composed for writing: blocks in reading order, and the lists they belong to.
#[derive(Debug)]
pub struct Composed<'a> {
    pub blocks: Vec<Block<'a>>,
    /// Every list (nested ones included), in order of their first item.
    pub lists: Vec<ListMeta>,
    /// Every footnote, in the order of their references; a reference run's
    /// `model::NoteRef::index` points here.
    pub notes: Vec<Note<'a>>,
}

/// A footnote: its mark, and its text as a paragraph that starts with the mark.
#[derive(Debug)]
pub struct Note<'a> {
    pub mark: String,
    pub para: Para<'a>,
}

/// One block of the composed document.
#[derive(Debug)]
pub enum Block<'a> {
    Para(Para<'a>),
    Table(Table<'a>),
    Figure(Figure<'a>),
    Contents(Contents<'a>),
}

/// A table of contents: its title, then an entry for each heading down to `levels`.
#[derive(Debug)]
pub struct Contents<'a> {
    /// In the edition's language, in the `contents-title` style; in neither the outline nor
    /// the contents itself. Carries the block's page break.
    pub title: Para<'a>,
    pub levels: u8,
    pub entries: Vec<Entry<'a>>,
    pub at: &'a SourceRef,
}

/// One entry of a table of contents: a heading's text in the `contents-N` style of its level.
/// Writers add the heading's page number after dot leaders and link the entry to the heading.
#[derive(Debug)]
pub struct Entry<'a> {
    pub para: Para<'a>,
    pub level: u8,
    /// The index in `Composed::blocks` of the heading it lists.
    pub target: usize,
    /// The heading's place among all the edition's headings, counted from 0 in reading order:
    /// the index of its page in [`heading pages`](crate::typeset::heading_pages) and of its
    /// outline entry.
    pub heading: usize,
    /// How much further in than its first line the entry's other lines start.
    pub hang: Pt,
}

/// A figure at its printed size: within the text width and the text area's height.
#[derive(Debug)]
pub struct Figure<'a> {
    pub image: &'a std::sync::Arc<model::Image>,
    pub alt: &'a str,
    pub width: Pt,
    pub height: Pt,
    /// Above the image, kept with it.
    pub caption: Option<Para<'a>>,
    pub break_before: bool,
    pub at: &'a SourceRef,
}

/// A table: its caption, columns, and rows of cells placed on the grid.
#[derive(Debug)]
pub struct Table<'a> {
    pub caption: Option<Para<'a>>,
    pub columns: &'a [Column],
    /// Rows repeated at the top of every page the table runs onto.
    pub header: Vec<Row<'a>>,
    pub rows: Vec<Row<'a>>,
    pub break_before: bool,
    pub at: &'a SourceRef,
}

#[derive(Debug)]
pub struct Row<'a> {
    pub cells: Vec<Cell<'a>>,
    pub at: &'a SourceRef,
}

/// A cell with its place on the grid (from the spans of the cells before and above it).
#[derive(Debug)]
pub struct Cell<'a> {
    /// Its paragraphs, then its list's items (with `item` set, in the cell's style), stacked
    /// in the cell. At least one.
    pub paras: Vec<Para<'a>>,
    pub column: usize,
    pub colspan: usize,
    pub rowspan: usize,
}

/// What a paragraph is in the document, beyond its look: the writers map roles onto
/// structure tags (PDF) and outline levels (DOCX).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Title,
    Subtitle,
    Author,
    Heading(u8),
    Body,
    Quote,
    ListItem,
    Caption,
    /// A table cell, of a header row or not.
    Cell {
        header: bool,
    },
    Footnote,
    /// The title of a table of contents.
    ContentsTitle,
    /// An entry of a table of contents, for a heading of this level.
    ContentsEntry(u8),
}

/// One paragraph with every decision about it made.
#[derive(Clone, Debug)]
pub struct Para<'a> {
    pub role: Role,
    pub style: StyleName,
    /// The runs as written; a copy when it references footnotes, whose marks compose sets.
    pub text: Cow<'a, [Inline]>,
    /// Whether words may be hyphenated: body text, list items, quotes and footnotes, when
    /// the layout hyphenates at all; never headings, the title block, captions or cells.
    pub hyphenate: bool,
    /// Starts a new page (a `page-break` before it).
    pub break_before: bool,
    pub keep_with_next: bool,
    pub space_before: Pt,
    pub space_after: Pt,
    /// Where this paragraph sits in a list, for list items.
    pub item: Option<ListPos>,
    /// A table column's alignment, which replaces the style's for cells.
    pub align: Option<CellAlign>,
    /// Where it was written; `None` for the title block.
    pub at: Option<&'a SourceRef>,
}

/// A list item's place: its list, its number and marker, its indents.
#[derive(Clone, Debug, PartialEq)]
pub struct ListPos {
    /// Index into `Composed::lists`.
    pub list: usize,
    /// 1-based position in its list.
    pub number: usize,
    /// The marker as printed: `(a)`, `3.`, `•`.
    pub marker: String,
    /// Indent of the item's text from the start edge, and the room its marker hangs in.
    pub indent: Pt,
    pub hanging: Pt,
    /// Whether a sub-list follows this item's text (inside the item).
    pub has_sublist: bool,
}

/// One list: how it counts and where it hangs.
#[derive(Clone, Debug, PartialEq)]
pub struct ListMeta {
    pub numbered: bool,
    /// Nesting depth, from 0.
    pub depth: usize,
    /// The block index of the item this list is nested in.
    pub parent: Option<usize>,
    /// The counter's pattern for numbered lists.
    pub pattern: Option<Pattern>,
}

impl<'a> Composed<'a> {
    /// Every paragraph in reading order, captions and table cells included.
    pub fn paras(&self) -> impl Iterator<Item = &Para<'a>> {
        self.blocks
            .iter()
            .flat_map(|b| -> Box<dyn Iterator<Item = &Para<'a>> + '_> {
                match b {
                    Block::Para(p) => Box::new(std::iter::once(p)),
                    Block::Figure(f) => Box::new(f.caption.iter()),
                    Block::Contents(c) => {
                        Box::new(std::iter::once(&c.title).chain(c.entries.iter().map(|e| &e.para)))
                    }
                    Block::Table(t) => Box::new(
                        t.caption.iter().chain(
                            t.header
                                .iter()
                                .chain(&t.rows)
                                .flat_map(|r| r.cells.iter().flat_map(|c| &c.paras)),
                        ),
                    ),
                }
            })
    }
}

/// How far the lines after the first of a long contents entry for a heading of `level` hang
/// in: one and a half ems of its style. Writers that set it per style (Word) ask here.
pub fn contents_hang(layout: &Layout, level: u8) -> Pt {
    Pt(1.5 * layout.style(StyleName::contents(level)).size.0)
}

/// Whether paragraphs in `style` may be hyphenated: body text, list items and quotes, when
/// the layout hyphenates at all. Never headings, the title block, captions, furniture or
/// table cells: their columns are narrow and ragged, and a word cut there ("Mesa re-/donda")
/// reads worse than a short line. Writers that set hyphenation per style (Word) ask here.
pub fn hyphenates(layout: &Layout, style: StyleName) -> bool {
    layout.hyphenation.enabled
        && matches!(
            style,
            StyleName::Body | StyleName::List | StyleName::Quote | StyleName::Footnote
        )
}

/// Composes `edition` for `layout`.
pub fn compose<'a>(edition: &'a Edition, layout: &Layout) -> Composed<'a> {
    compose_marked(edition, layout, None)
}

/// [`compose`] with the footnotes' marks given, in note order: the typesetter's, when the
/// layout restarts them on every page and only pagination knows them.
pub fn compose_marked<'a>(
    edition: &'a Edition,
    layout: &Layout,
    marks: Option<&[String]>,
) -> Composed<'a> {
    let mut c = Composer {
        edition,
        layout,
        marks,
        out: Composed {
            blocks: Vec::new(),
            lists: Vec::new(),
            notes: Vec::new(),
        },
        pending_break: false,
        after_object: false,
    };
    let content = &*edition.content;
    c.para(Role::Title, StyleName::Title, &content.title, None, None);
    if !content.subtitle.is_empty() {
        c.para(
            Role::Subtitle,
            StyleName::Subtitle,
            &content.subtitle,
            None,
            None,
        );
    }
    for author in &content.authors {
        for line in std::iter::once(&author.name).chain(&author.affiliation) {
            c.para(Role::Author, StyleName::Authors, line, None, None);
        }
    }
    // The title block ends with the subtitle's spacing before the text starts, and does not
    // hold on to the first body block.
    if let Some(Block::Para(last)) = c.out.blocks.last_mut() {
        last.space_after = last
            .space_after
            .max(layout.style(StyleName::Subtitle).space_after);
        last.keep_with_next = false;
    }
    for block in &content.body {
        c.block(block);
    }
    c.contents_entries();
    // A page break after the last block would make an empty page: both writers drop it.
    c.out
}

struct Composer<'l, 'a> {
    /// The footnotes' marks when they are given (`compose_marked`).
    marks: Option<&'l [String]>,
    edition: &'a Edition,
    layout: &'l Layout,
    out: Composed<'a>,
    pending_break: bool,
    /// The last block was a table or figure: the next paragraph keeps the body's paragraph
    /// gap from it (Word has no space after a table).
    after_object: bool,
}

impl<'a> Composer<'_, 'a> {
    fn block(&mut self, block: &'a model::Block) {
        match block {
            model::Block::Heading { level, text, at } => {
                let style = StyleName::heading(*level);
                self.para(Role::Heading(*level), style, text, None, Some(at));
            }
            model::Block::Paragraph { text, at } => {
                self.para(Role::Body, StyleName::Body, text, None, Some(at))
            }
            model::Block::Quote { text, at } => {
                self.para(Role::Quote, StyleName::Quote, text, None, Some(at));
                // A quote is set off from what comes before and after it by at least the
                // paragraph gap, whatever that is (a list item's smaller gap, say), so that
                // it never reads as part of a list or paragraph next to it.
                let gap = self.paragraph_gap();
                if let Some(Block::Para(quote)) = self.out.blocks.last_mut() {
                    quote.space_before = quote.space_before.max(gap);
                    quote.space_after = quote.space_after.max(gap);
                }
            }
            model::Block::List(list) => {
                self.list(list, 0, None);
                // Items are closer together than paragraphs; the list as a whole ends with
                // the paragraph gap, like the paragraph it stands in for.
                let gap = self.paragraph_gap();
                if let Some(Block::Para(last)) = self.out.blocks.last_mut() {
                    last.space_after = last.space_after.max(gap);
                }
            }
            model::Block::Table(table) => self.table(table),
            model::Block::Figure(figure) => self.figure(figure),
            model::Block::PageBreak { .. } => self.pending_break = true,
            model::Block::Contents { levels, at } => self.contents(*levels, at),
        }
    }

    /// A table of contents: its title now; its entries once every heading is composed
    /// (`contents_entries`), since it usually comes before them.
    fn contents(&mut self, levels: u8, at: &'a SourceRef) {
        let mut title = self.make_para(
            Role::ContentsTitle,
            StyleName::ContentsTitle,
            &self.edition.contents_title,
            None,
            Some(at),
        );
        title.break_before = std::mem::take(&mut self.pending_break);
        if std::mem::take(&mut self.after_object) {
            let gap = self.layout.style(StyleName::Body).space_after;
            title.space_before = title.space_before.max(gap);
        }
        self.out.blocks.push(Block::Contents(Contents {
            title,
            levels,
            entries: Vec::new(),
            at,
        }));
        // The block after the contents keeps the body's paragraph gap from its last entry.
        self.after_object = true;
    }

    /// Fills every contents block with the edition's headings down to its levels.
    fn contents_entries(&mut self) {
        // An entry shows its heading's text without the heading's footnote marks.
        let without_marks = |text: &Cow<'a, [Inline]>| -> Cow<'a, [Inline]> {
            match text {
                Cow::Borrowed(runs) => Cow::Borrowed(*runs),
                Cow::Owned(runs) => {
                    Cow::Owned(runs.iter().filter(|r| r.note.is_none()).cloned().collect())
                }
            }
        };
        type Heading<'a> = (usize, u8, Cow<'a, [Inline]>, Option<&'a SourceRef>);
        let headings: Vec<Heading<'a>> = (self.out.blocks)
            .iter()
            .enumerate()
            .filter_map(|(index, block)| match block {
                Block::Para(p) => match p.role {
                    Role::Heading(level) => Some((index, level, without_marks(&p.text), p.at)),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        if headings.is_empty() {
            return;
        }
        let mut blocks = std::mem::take(&mut self.out.blocks);
        for block in &mut blocks {
            let Block::Contents(contents) = block else {
                continue;
            };
            contents.entries = (headings.iter().enumerate())
                .filter(|(_, (_, level, _, _))| *level <= contents.levels)
                .map(|(heading, (target, level, text, at))| Entry {
                    hang: contents_hang(self.layout, *level),
                    para: self.para_of(
                        Role::ContentsEntry(*level),
                        StyleName::contents(*level),
                        text.clone(),
                        None,
                        *at,
                    ),
                    level: *level,
                    target: *target,
                    heading,
                })
                .collect();
        }
        self.out.blocks = blocks;
    }

    /// The space between two paragraphs of body text, which separates blocks of other kinds.
    fn paragraph_gap(&self) -> Pt {
        self.layout.style(StyleName::Body).space_after
    }

    fn list(&mut self, list: &'a model::List, depth: usize, parent: Option<usize>) {
        for (item, pos) in list.items.iter().zip(self.list_items(list, depth, parent)) {
            let at = self.out.blocks.len();
            self.para(
                Role::ListItem,
                StyleName::List,
                &item.text,
                Some(pos),
                Some(&item.at),
            );
            if let Some(sub) = &item.sublist {
                self.list(sub, depth + 1, Some(at));
            }
        }
    }

    /// Registers `list` in `Composed::lists` and gives each of its items its place: number,
    /// marker (the layout level's pattern or bullet) and indents.
    fn list_items(
        &mut self,
        list: &model::List,
        depth: usize,
        parent: Option<usize>,
    ) -> Vec<ListPos> {
        let level = self.layout.list_level(depth);
        let pattern = list
            .numbered
            .then(|| parse_pattern(&level.numbered))
            .flatten()
            // `layouts::resolve` refuses a pattern it cannot parse; plain numbers otherwise.
            .or_else(|| {
                list.numbered.then(|| Pattern {
                    prefix: String::new(),
                    format: NumberFormat::Decimal,
                    suffix: ".".into(),
                })
            });
        let id = self.out.lists.len();
        self.out.lists.push(ListMeta {
            numbered: list.numbered,
            depth,
            parent,
            pattern: pattern.clone(),
        });
        (list.items.iter().enumerate())
            .map(|(i, item)| ListPos {
                list: id,
                number: i + 1,
                marker: match &pattern {
                    Some(p) => p.marker(i + 1),
                    None => level.bullet.clone(),
                },
                indent: level.indent,
                hanging: level.hanging,
                has_sublist: item.sublist.is_some(),
            })
            .collect()
    }

    fn figure(&mut self, figure: &'a model::Figure) {
        let page = &self.layout.page;
        let area = (page.height - page.margin_top - page.margin_bottom).0;
        let image = &figure.image;
        // An image's natural size is its pixels at 96 per inch.
        let natural = Pt(image.width as f32 * 0.75);
        let mut width = figure
            .width
            .unwrap_or(natural)
            .min(self.layout.text_width());
        let aspect = image.height as f32 / image.width as f32;
        // Room for the caption too, so that the figure never runs off its page.
        let room = area * 0.85;
        if width.0 * aspect > room {
            width = Pt(room / aspect);
        }
        let caption = (!figure.caption.is_empty()).then(|| {
            self.make_para(
                Role::Caption,
                StyleName::Caption,
                &figure.caption,
                None,
                Some(&figure.at),
            )
        });
        self.out.blocks.push(Block::Figure(Figure {
            image,
            alt: &figure.alt,
            width,
            height: Pt(width.0 * aspect),
            caption,
            break_before: std::mem::take(&mut self.pending_break),
            at: &figure.at,
        }));
        self.after_object = true;
    }

    fn table(&mut self, table: &'a model::Table) {
        let break_before = std::mem::take(&mut self.pending_break);
        let caption = (!table.caption.is_empty()).then(|| {
            self.make_para(
                Role::Caption,
                StyleName::Caption,
                &table.caption,
                None,
                Some(&table.at),
            )
        });
        let header = self.rows(&table.header, &table.columns, true);
        let rows = self.rows(&table.rows, &table.columns, false);
        self.out.blocks.push(Block::Table(Table {
            caption,
            columns: &table.columns,
            header,
            rows,
            break_before,
            at: &table.at,
        }));
        self.after_object = true;
    }

    /// Rows with each cell's grid column: a cell takes the first column that no cell from
    /// a row above still covers. Cells take their column's alignment.
    fn rows(&mut self, rows: &'a [model::Row], columns: &[Column], header: bool) -> Vec<Row<'a>> {
        let count = columns.len();
        let mut covered = vec![0usize; count];
        let (role, style) = match header {
            true => (Role::Cell { header }, StyleName::TableHeader),
            false => (Role::Cell { header }, StyleName::TableCell),
        };
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut column = 0;
            let mut cells = Vec::with_capacity(row.cells.len());
            for cell in &row.cells {
                while column < count && covered[column] > 0 {
                    column += 1;
                }
                let at = column;
                for c in covered.iter_mut().skip(column).take(cell.colspan) {
                    *c = cell.rowspan;
                }
                column += cell.colspan;
                // Paragraphs, then the list's items: a one-level list of its own, like a
                // body list at depth 0. Footnote marks follow that reading order.
                let mut paras: Vec<Para<'a>> = (cell.paras.iter())
                    .map(|text| self.make_para(role, style, text, None, Some(&cell.at)))
                    .collect();
                if let Some(list) = &cell.list {
                    let places = self.list_items(list, 0, None);
                    for (item, pos) in list.items.iter().zip(places) {
                        let para =
                            self.make_para(role, style, &item.text, Some(pos), Some(&item.at));
                        paras.push(para);
                    }
                }
                if paras.is_empty() {
                    // Validation gives every cell a paragraph or an item; keep the invariant.
                    paras.push(self.make_para(role, style, &[], None, Some(&cell.at)));
                }
                for para in &mut paras {
                    para.align = columns.get(at).map(|c| c.align);
                }
                cells.push(Cell {
                    paras,
                    column: at,
                    colspan: cell.colspan,
                    rowspan: cell.rowspan,
                });
            }
            for c in &mut covered {
                *c = c.saturating_sub(1);
            }
            out.push(Row { cells, at: &row.at });
        }
        out
    }

    fn para(
        &mut self,
        role: Role,
        name: StyleName,
        text: &'a [Inline],
        item: Option<ListPos>,
        at: Option<&'a SourceRef>,
    ) {
        let mut para = self.make_para(role, name, text, item, at);
        para.break_before = std::mem::take(&mut self.pending_break);
        if std::mem::take(&mut self.after_object) {
            let gap = self.paragraph_gap();
            para.space_before = para.space_before.max(gap);
        }
        self.out.blocks.push(Block::Para(para));
    }

    fn make_para(
        &mut self,
        role: Role,
        name: StyleName,
        text: &'a [Inline],
        item: Option<ListPos>,
        at: Option<&'a SourceRef>,
    ) -> Para<'a> {
        let text = self.mark_notes(text, at);
        self.para_of(role, name, text, item, at)
    }

    /// The runs with each footnote reference given its mark, and each note added to
    /// `Composed::notes`; the runs as they are when they reference none.
    fn mark_notes(&mut self, text: &'a [Inline], at: Option<&'a SourceRef>) -> Cow<'a, [Inline]> {
        if model::notes_in(text).next().is_none() {
            return Cow::Borrowed(text);
        }
        let mut runs = text.to_vec();
        for run in &mut runs {
            let Some(note) = &mut run.note else { continue };
            let index = self.out.notes.len();
            let mark = match self.marks.and_then(|marks| marks.get(index)) {
                Some(mark) => mark.clone(),
                None => self.layout.footnotes.marks.mark(index),
            };
            note.index = index;
            run.text = mark.clone();
            run.superscript = true;
            // The note's text starts with its mark, raised, and a space that neither
            // stretches nor breaks.
            let mut note_text = vec![
                Inline {
                    text: mark.clone(),
                    superscript: true,
                    ..Inline::default()
                },
                Inline {
                    text: "\u{A0}".into(),
                    ..Inline::default()
                },
            ];
            note_text.extend(note.text.iter().cloned());
            let para = self.para_of(
                Role::Footnote,
                StyleName::Footnote,
                Cow::Owned(note_text),
                None,
                at,
            );
            self.out.notes.push(Note { mark, para });
        }
        Cow::Owned(runs)
    }

    fn para_of(
        &self,
        role: Role,
        name: StyleName,
        text: Cow<'a, [Inline]>,
        item: Option<ListPos>,
        at: Option<&'a SourceRef>,
    ) -> Para<'a> {
        let style = self.layout.style(name);
        let hyphenate = hyphenates(self.layout, name);
        let text = emphasis::by_script(text, &self.layout.emphasis, self.edition.lang.script);
        Para {
            role,
            style: name,
            text,
            hyphenate,
            break_before: false,
            keep_with_next: style.keep_with_next,
            space_before: style.space_before,
            space_after: style.space_after,
            item,
            align: None,
            at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::{self, LoadedReport, ReportDef};
    use crate::input::Scope;
    use crate::layouts::{LoadedLayout, load_layout, resolve};
    use std::path::Path;

    fn edition(body: &str) -> Edition {
        let text = format!(
            "id: t\neditions:\n  - lang: en\n    content:\n      title: T\n      authors: [{{name: A}}]\n      body:\n{body}"
        );
        let def: ReportDef = definition::parse_yaml(Path::new("r.yaml"), &text).unwrap();
        let loaded = LoadedReport {
            file: "r.yaml".into(),
            def,
            sources: vec![None],
            diagnostics: Default::default(),
            images: Default::default(),
        };
        let report = crate::model::validate(&loaded).unwrap().output;
        crate::edition::resolve(&report, &report.editions[0])
    }

    fn a4() -> Layout {
        let loaded: LoadedLayout = load_layout(
            "report-a4",
            Path::new("."),
            &SourceRef::default(),
            &Scope::anywhere(),
        )
        .unwrap();
        resolve(&loaded, "en").unwrap()
    }

    #[test]
    fn roles_hyphenation_and_the_title_block_end() {
        let e = edition("        - heading: H\n        - paragraph: P\n        - quote: Q\n");
        let layout = a4();
        let c = compose(&e, &layout);
        let roles: Vec<_> = c.paras().map(|p| (p.role, p.hyphenate)).collect();
        assert_eq!(
            roles,
            vec![
                (Role::Title, false),
                (Role::Author, false),
                (Role::Heading(1), false),
                (Role::Body, true),
                (Role::Quote, true),
            ]
        );
        let author = c.paras().nth(1).unwrap();
        assert!(!author.keep_with_next);
        assert_eq!(
            author.space_after,
            layout.style(StyleName::Subtitle).space_after
        );
    }

    #[test]
    fn page_breaks_go_to_the_next_block_and_a_trailing_one_is_dropped() {
        let e = edition(
            "        - paragraph: A\n        - page-break\n        - paragraph: B\n        - page-break\n",
        );
        let c = compose(&e, &a4());
        let breaks: Vec<_> = c.paras().map(|p| p.break_before).collect();
        assert_eq!(breaks, vec![false, false, false, true]);
    }

    #[test]
    fn lists_number_with_the_layout_pattern_and_nest() {
        let e = edition(
            "        - list:\n            numbered: true\n            items:\n              - a\n              - text: b\n                items: [c, d]\n",
        );
        let c = compose(&e, &a4());
        let items: Vec<_> = c
            .paras()
            .filter_map(|p| p.item.as_ref())
            .map(|i| (i.list, i.marker.as_str(), i.has_sublist))
            .collect();
        assert_eq!(
            items,
            vec![
                (0, "1.", false),
                (0, "2.", true),
                (1, "(a)", false),
                (1, "(b)", false)
            ]
        );
        assert_eq!(c.lists[1].depth, 1);
        assert_eq!(c.lists[1].parent, Some(3));
    }

    #[test]
    fn a_list_ends_with_the_paragraph_gap_and_a_quote_is_set_off() {
        let e = edition(
            "        - list:\n            items:\n              - a\n              - text: b\n                items: [c, d]\n        - quote: Q\n        - paragraph: P\n",
        );
        let layout = a4();
        let gap = layout.style(StyleName::Body).space_after;
        let item_gap = layout.style(StyleName::List).space_after;
        assert!(
            item_gap < gap,
            "the shipped layout sets items closer than paragraphs"
        );
        let c = compose(&e, &layout);
        let after: Vec<_> = c
            .paras()
            .skip(2)
            .map(|p| (p.role, p.space_before, p.space_after))
            .collect();
        assert_eq!(after[0], (Role::ListItem, Pt::ZERO, item_gap));
        // The nested list ends inside its item: the item gap; the whole list: the paragraph gap.
        assert_eq!(after[2].2, item_gap);
        assert_eq!(after[3].2, gap);
        assert_eq!(after[4].0, Role::Quote);
        assert!(after[4].1 >= gap && after[4].2 >= gap);
    }

    #[test]
    fn the_paragraph_after_a_table_keeps_the_body_gap_from_it() {
        let e = edition(
            "        - table:\n            rows:\n              - [a, b]\n        - paragraph: P\n",
        );
        let layout = a4();
        let c = compose(&e, &layout);
        let after = c.paras().last().unwrap();
        assert_eq!(after.role, Role::Body);
        assert_eq!(
            after.space_before,
            layout.style(StyleName::Body).space_after
        );
        assert!(matches!(c.blocks[2], Block::Table(_)));
    }

    #[test]
    fn contents_list_the_headings_down_to_their_levels_with_their_blocks() {
        let e = edition(
            "        - contents\n        - heading: A\n        - heading: B\n          level: 3\n        - paragraph: P\n        - heading: C\n          level: 2\n",
        );
        let c = compose(&e, &a4());
        let Block::Contents(contents) = &c.blocks[2] else {
            panic!("{:?}", c.blocks[2]);
        };
        assert_eq!(contents.title.role, Role::ContentsTitle);
        assert_eq!(model::plain_text(&contents.title.text), "Contents");
        // B (level 3) is left out of a two-level contents, but still counts as a heading.
        let entries: Vec<_> = (contents.entries.iter())
            .map(|e| {
                (
                    model::plain_text(&e.para.text),
                    e.level,
                    e.target,
                    e.heading,
                )
            })
            .collect();
        assert_eq!(
            entries,
            vec![("A".to_string(), 1, 3, 0), ("C".to_string(), 2, 6, 2)]
        );
        assert!(matches!(&c.blocks[3], Block::Para(p) if p.role == Role::Heading(1)));
        assert_eq!(contents.entries[1].para.style, StyleName::Contents2);
        assert!(contents.entries.iter().all(|e| !e.para.hyphenate));
    }
}
