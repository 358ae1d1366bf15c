//! The edition's content as a flow of blocks of laid-out lines, with the logical structure
//! (for tags) and the outline entries they belong to.

use std::sync::Arc;

use crate::compose::{Annex, Block as ComposedBlock, ListMeta, Para, Role, compose_marked};
use crate::edition::{Direction, Edition};
use crate::fonts::FontBook;
use crate::layouts::{Align, Layout, Style, StyleName};
use crate::model::{CellAlign, Inline, plain_text};

use super::analyze::{self, Options, Prepared};
use super::line::{LaidLine, build_lines, line_starts, notes_on_lines};
use super::linebreak::{Break, Params, break_lines, fits_within_tolerance};
use super::pages::{StructKind, StructNode};
use super::shape::Shaper;

/// One paragraph-like block: its lines and how it sits among its neighbours.
#[derive(Debug)]
pub struct FlowBlock<'a> {
    /// What the paginator needs to know of each line.
    pub lines: Vec<FlowLine>,
    /// The glyphs of those lines, or what it takes to build them again.
    pub glyphs: BlockGlyphs<'a>,
    pub leading: f32,
    /// Distance from the top of a line box to its baseline.
    pub baseline: f32,
    pub space_before: f32,
    pub space_after: f32,
    pub keep_with_next: bool,
    pub break_before: bool,
    pub heading: Option<(u8, String)>,
    /// Justified text, whose adjustment ratios the typography report counts.
    pub justified: bool,
    /// Where the block was written (file:line:col), for warnings.
    pub label: String,
    /// Set whole on one page when it fits on one (a table row that may not split).
    pub keep_together: bool,
    /// The table this block is a row of.
    pub table: Option<TablePart>,
}

/// A table row's place in its table, for repeating header rows and drawing rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TablePart {
    /// Index into `FlowBuilder::tables`.
    pub table: usize,
    pub header: bool,
}

/// Where a table sits across the page, for its rules.
#[derive(Clone, Debug, PartialEq)]
pub struct TableFrame {
    pub left: f32,
    pub right: f32,
    /// Page x of the boundaries between columns, for vertical rules.
    pub columns: Vec<f32>,
    /// The blocks of its header rows, repeated on each page it runs onto.
    pub header: std::ops::Range<usize>,
    pub ruling: Ruling,
}

/// Which rules a table frame draws.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Ruling {
    /// The layout's table rules: above, below the header rows, below, and vertical ones if
    /// it asks.
    Layout,
    /// Only these above and below (the masthead's rows: none above, the masthead rule below).
    Own {
        above: crate::units::Pt,
        below: crate::units::Pt,
    },
    /// None (a plain table of labels and values).
    None,
}

/// The glyph runs of a block's lines: kept from the first pass while the job's budget lasts,
/// otherwise built again from the same text and breaks when the page that shows them is made.
/// Both give the same glyphs; the second bounds memory on long documents.
#[derive(Debug)]
pub enum BlockGlyphs<'a> {
    Kept(Vec<LaidLine>),
    Again {
        /// Borrowed from the edition, or composed (with footnote marks).
        text: std::borrow::Cow<'a, [Inline]>,
        /// The layout style, as the first pass used it (no copy per block).
        name: StyleName,
        /// The alignment the paragraph was set with: its style's, or the one it gives itself.
        align: Align,
        hyphenate: bool,
        widths: (f32, f32),
        breaks: Vec<Break>,
    },
}

/// One line of a block, without its glyphs.
#[derive(Debug)]
pub struct FlowLine {
    /// Adjustment ratio, as chosen by the line breaker.
    pub ratio: f32,
    pub hyphenated: bool,
    pub overfull: bool,
    /// Page x of the line's left edge.
    pub x: f32,
    pub node: usize,
    /// A list marker drawn on the same baseline, with its own x and structure node.
    pub marker: Option<(LaidLine, f32, usize)>,
    /// Table cells' lines on this baseline, each with its x and structure node.
    pub cells: Vec<(LaidLine, f32, usize)>,
    /// A figure's image, standing on the baseline, with its width and height.
    pub image: Option<(std::sync::Arc<crate::model::Image>, f32, f32)>,
    /// The footnotes whose marks are on this line (indices into `compose::Composed::notes`):
    /// they start at the foot of its page.
    pub notes: Vec<usize>,
}

/// Builds the flow: shapes and breaks every block of the edition.
pub struct FlowBuilder<'a> {
    pub edition: &'a Edition,
    pub layout: &'a Layout,
    pub fonts: &'a FontBook,
    pub shaper: Shaper<'a>,
    pub structure: Vec<StructNode>,
    pub blocks: Vec<FlowBlock<'a>>,
    pub tables: Vec<TableFrame>,
    /// The block of each footnote, after the body's blocks.
    pub notes: Vec<usize>,
    /// The plain text of each footnote (its mark first): what its mark's link says.
    pub note_texts: Vec<String>,
    /// Whether each footnote is starred, outside the count of the numbered ones.
    pub starred: Vec<bool>,
    /// The `Note` structure element of each footnote met so far, made after the block that
    /// references it so that it reads after it.
    note_nodes: Vec<usize>,
    /// How many footnotes the blocks laid out so far reference.
    notes_seen: usize,
    /// The footnotes' marks, when pagination set them (restarting on every page).
    pub marks: Option<Vec<String>>,
    /// The entries of a table of contents, in block order.
    pub entries: Vec<super::contents::EntryFrame<'a>>,
    /// Glyphs the first pass may still keep; blocks beyond it are built again page by page.
    pub(super) keep_glyphs: usize,
    /// Where the block being laid out was written: given to its structure elements.
    source: Option<Arc<str>>,
    /// Justified lines set past the layout's tolerance in paragraphs that some other choice
    /// of breaks sets within it (`linebreak::fits_within_tolerance`): the breaker's fault,
    /// not the text's; the typography report counts them.
    pub avoidable_loose: usize,
}

impl<'a> FlowBuilder<'a> {
    /// A builder that keeps the glyphs of up to `keep_glyphs` glyphs' worth of blocks from the
    /// first pass (`usize::MAX`: all of them).
    pub fn new(
        edition: &'a Edition,
        layout: &'a Layout,
        fonts: &'a FontBook,
        keep_glyphs: usize,
    ) -> FlowBuilder<'a> {
        FlowBuilder {
            edition,
            layout,
            fonts,
            shaper: Shaper::new(fonts, &edition.lang.tag),
            structure: Vec::new(),
            blocks: Vec::new(),
            tables: Vec::new(),
            notes: Vec::new(),
            note_texts: Vec::new(),
            starred: Vec::new(),
            note_nodes: Vec::new(),
            notes_seen: 0,
            marks: None,
            entries: Vec::new(),
            keep_glyphs,
            source: None,
            avoidable_loose: 0,
        }
    }

    pub(super) fn rtl(&self) -> bool {
        self.edition.lang.direction == Direction::Rtl
    }

    pub(super) fn node(&mut self, kind: StructKind, parent: Option<usize>, text: String) -> usize {
        let source = self.source.clone();
        self.structure.push(StructNode {
            kind,
            parent,
            text,
            source,
        });
        self.structure.len() - 1
    }

    /// Lays out the composed edition (`compose`); the builder stays usable for page furniture.
    pub fn build(&mut self) -> (Vec<FlowBlock<'a>>, Vec<StructNode>) {
        // Borrowed for 'a, not cloned: blocks built again later point into it.
        let edition: &'a Edition = self.edition;
        let composed = compose_marked(edition, self.layout, self.marks.as_deref());
        // The structure node of each list, and the body node of each item that holds a
        // sub-list, by list and block index.
        let mut list_nodes: Vec<Option<usize>> = vec![None; composed.lists.len()];
        let mut item_bodies: Vec<Option<usize>> = vec![None; composed.blocks.len()];
        if let Some(masthead) = &composed.masthead {
            self.masthead(masthead);
            while self.note_nodes.len() < self.notes_seen {
                let n = self.node(StructKind::Note, None, String::new());
                self.note_nodes.push(n);
            }
        }
        for (index, block) in composed.blocks.iter().enumerate() {
            let at = match block {
                ComposedBlock::Para(para) => para.at,
                ComposedBlock::Table(table) => Some(table.at),
                ComposedBlock::Figure(figure) => Some(figure.at),
                ComposedBlock::Contents(contents) => Some(contents.at),
                ComposedBlock::Annex(annex) => Some(annex.at),
            };
            self.source = at.map(|at| Arc::from(at.to_string()));
            match block {
                ComposedBlock::Para(para) => self.para(
                    para,
                    index,
                    &composed.lists,
                    &mut list_nodes,
                    &mut item_bodies,
                ),
                ComposedBlock::Table(table) => self.table(table, &composed.lists),
                ComposedBlock::Figure(figure) => self.figure(figure),
                ComposedBlock::Contents(contents) => self.contents(contents),
                ComposedBlock::Annex(annex) => self.annex(annex),
            }
            while self.note_nodes.len() < self.notes_seen {
                let n = self.node(StructKind::Note, None, String::new());
                self.note_nodes.push(n);
            }
        }
        // The notes, each a paragraph of its own after the body, for the paginator to set
        // at the foot of the page of its reference.
        for (index, note) in composed.notes.iter().enumerate() {
            self.source = note.para.at.map(|at| Arc::from(at.to_string()));
            let node = match self.note_nodes.get(index) {
                Some(&n) => n,
                None => self.node(StructKind::Note, None, String::new()),
            };
            self.notes.push(self.blocks.len());
            self.note_texts.push(plain_text(&note.para.text));
            self.starred.push(note.starred);
            let extra = Extra {
                source: note.para.at.map(ToString::to_string),
                ..Extra::default()
            };
            self.paragraph(&note.para, node, extra);
        }
        self.source = None;
        (
            std::mem::take(&mut self.blocks),
            std::mem::take(&mut self.structure),
        )
    }

    /// A figure: its caption above, kept with it, then the image as a block of one line
    /// as tall as the image, centred in the measure, never split.
    fn figure(&mut self, figure: &crate::compose::Figure<'a>) {
        let node = self.node(StructKind::Figure, None, figure.alt.to_string());
        let source = Some(figure.at.to_string());
        if let Some(caption) = &figure.caption {
            let n = self.node(StructKind::Caption, Some(node), String::new());
            let extra = Extra {
                source: source.clone(),
                ..Extra::default()
            };
            self.paragraph(caption, n, extra);
            if let Some(last) = self.blocks.last_mut() {
                last.break_before |= figure.break_before;
            }
        }
        let (width, height) = (figure.width.0, figure.height.0);
        let measure = self.layout.text_width().0;
        let x = self.line_x((measure - width) / 2.0, width);
        let body = self.layout.style(StyleName::Body);
        self.blocks.push(FlowBlock {
            lines: vec![FlowLine {
                ratio: 0.0,
                hyphenated: false,
                overfull: false,
                x,
                node,
                marker: None,
                cells: Vec::new(),
                image: Some((figure.image.clone(), width, height)),
                notes: Vec::new(),
            }],
            glyphs: BlockGlyphs::Kept(vec![LaidLine::default()]),
            leading: height,
            baseline: height,
            space_before: body.space_after.0,
            space_after: body.space_after.0 * 2.0,
            keep_with_next: false,
            break_before: figure.break_before && figure.caption.is_none(),
            heading: None,
            justified: false,
            label: figure.at.to_string(),
            keep_together: true,
            table: None,
        });
    }

    /// An annex's heading: label and title are two blocks of one `H1` element, the label's
    /// first line its outline entry, which names both; the "[Original: …]" line a paragraph.
    fn annex(&mut self, annex: &Annex<'a>) {
        let node = self.node(StructKind::Heading(1), None, annex.heading.clone());
        let source = Some(annex.at.to_string());
        let extra = |heading| Extra {
            heading,
            source: source.clone(),
            ..Extra::default()
        };
        self.paragraph(&annex.label, node, extra(Some(1)));
        if let Some(label) = self.blocks.last_mut() {
            label.heading = Some((1, annex.heading.clone()));
        }
        self.paragraph(&annex.title, node, extra(None));
        if let Some(original) = &annex.original {
            let n = self.node(StructKind::Paragraph, None, String::new());
            self.paragraph(original, n, extra(None));
        }
    }

    /// One composed paragraph with its structure nodes: lists open their nodes at their
    /// first item, under the body of the item they are nested in.
    fn para(
        &mut self,
        para: &Para<'a>,
        index: usize,
        lists: &[ListMeta],
        list_nodes: &mut [Option<usize>],
        item_bodies: &mut [Option<usize>],
    ) {
        let source = para.at.map(ToString::to_string);
        let (node, extra) = match para.role {
            Role::Title => {
                let n = self.node(StructKind::Title, None, plain_text(&para.text));
                (n, Extra::default())
            }
            Role::Heading(level) => {
                let n = self.node(StructKind::Heading(level), None, plain_text(&para.text));
                let extra = Extra {
                    heading: Some(level),
                    source,
                    ..Extra::default()
                };
                (n, extra)
            }
            Role::Quote => {
                let quote = self.node(StructKind::BlockQuote, None, String::new());
                let n = self.node(StructKind::Paragraph, Some(quote), String::new());
                let extra = Extra {
                    source,
                    ..Extra::default()
                };
                (n, extra)
            }
            Role::ListItem => {
                let Some(item) = &para.item else {
                    return;
                };
                let meta = &lists[item.list];
                let list = match list_nodes[item.list] {
                    Some(n) => n,
                    None => {
                        let parent = meta.parent.and_then(|p| item_bodies[p]);
                        let kind = StructKind::List {
                            numbered: meta.numbered,
                        };
                        let n = self.node(kind, parent, String::new());
                        list_nodes[item.list] = Some(n);
                        n
                    }
                };
                let li = self.node(StructKind::ListItem, Some(list), String::new());
                let label = self.node(StructKind::ListLabel, Some(li), item.marker.clone());
                let body = self.node(StructKind::ListBody, Some(li), String::new());
                // An item with a sub-list holds its own text in a paragraph, so that the
                // text comes before the sub-list in reading order.
                let text_node = if item.has_sublist {
                    item_bodies[index] = Some(body);
                    self.node(StructKind::Paragraph, Some(body), String::new())
                } else {
                    body
                };
                let extra = Extra {
                    indent: item.indent.0,
                    marker: Some((item.marker.clone(), item.hanging.0, label)),
                    source,
                    ..Extra::default()
                };
                (text_node, extra)
            }
            // A paragraph number hangs like a list marker but is the paragraph's own text (a
            // P's first words, "12. The Committee…", as screen readers say it): PDF/UA-1 has
            // `Lbl` only inside a list item.
            Role::Body => {
                let n = self.node(StructKind::Paragraph, None, String::new());
                let mut extra = Extra {
                    source,
                    ..Extra::default()
                };
                if let Some(number) = &para.number {
                    extra.indent = number.indent.0;
                    extra.marker = Some((number.marker.clone(), number.hanging.0, n));
                }
                (n, extra)
            }
            Role::Subtitle
            | Role::Author
            | Role::Caption
            | Role::Cell { .. }
            | Role::Footnote
            | Role::ContentsTitle
            | Role::ContentsEntry(_)
            | Role::Masthead
            | Role::AnnexOriginal => {
                let n = self.node(StructKind::Paragraph, None, String::new());
                let extra = Extra {
                    source,
                    ..Extra::default()
                };
                (n, extra)
            }
        };
        self.paragraph(para, node, extra);
    }

    /// A paragraph's style (its own alignment applied), measure and first-line indent.
    fn para_frame(&self, para: &Para, extra: &Extra) -> (Style, f32, f32) {
        let mut style = self.layout.style(para.style).clone();
        if let Some(align) = para.align {
            style.align = cell_align(align);
        }
        let measure = self.layout.text_width().0
            - style.indent_start.0
            - style.indent_end.0
            - extra.indent
            - extra.end
            - extra.hang;
        let first_indent = style.first_line_indent.0 - extra.hang;
        (style, measure, first_indent)
    }

    /// Where every balanced (centred) title, heading or author line of the composed edition
    /// starts its
    /// lines after the first, as byte offsets into its text (its runs' texts one after the
    /// other), by block index: the breaks the PDF shows, for the DOCX to write, since Word
    /// and LibreOffice would fill the first line greedily instead. One-line ones are left out.
    pub fn title_breaks(&mut self) -> Vec<(usize, Vec<usize>)> {
        let composed = compose_marked(self.edition, self.layout, self.marks.as_deref());
        let mut titles = Vec::new();
        for (index, block) in composed.blocks.iter().enumerate() {
            let ComposedBlock::Para(para) = block else {
                continue;
            };
            let (style, measure, first_indent) = self.para_frame(para, &Extra::default());
            // The title block's author lines are balanced like its title.
            let title_like = is_display(para.style) || para.style == StyleName::Authors;
            if !title_like || style.align != Align::Center {
                continue;
            }
            let widths = (measure - first_indent, measure);
            // Analysed exactly as `paragraph` does, so that the breaks are the PDF's.
            let display = is_display(para.style);
            let prepared = self.prepare(&para.text, &style, para.hyphenate, display);
            let breaks = self.break_lines(&prepared, &style, widths);
            let starts: Vec<usize> = line_starts(&prepared, &breaks)
                .into_iter()
                .skip(1)
                .map(|(_, first_box)| prepared.items[first_box].range.start)
                .collect();
            if !starts.is_empty() {
                titles.push((index, starts));
            }
        }
        titles
    }

    pub(super) fn paragraph(&mut self, para: &Para<'a>, node: usize, extra: Extra) {
        let (text, name, hyphenate) = (para.text.clone(), para.style, para.hyphenate);
        let (style, measure, first_indent) = self.para_frame(para, &extra);
        let widths = (measure - first_indent, measure);
        let prepared = self.prepare(&text, &style, hyphenate, is_display(name));
        let breaks = self.break_lines(&prepared, &style, widths);
        let starts = line_starts(&prepared, &breaks);
        let mut line_notes = notes_on_lines(&prepared, &breaks).into_iter();
        let heading = extra.heading.map(|level| (level, plain_text(&text)));
        let glyphs: usize = prepared.pieces.iter().map(|p| p.glyphs.len()).sum();
        let line_breaks: Vec<Break> = starts.iter().map(|&(i, _)| breaks[i].clone()).collect();
        let tolerance = self.layout.justification.tolerance;
        let past = line_breaks[..line_breaks.len().saturating_sub(1)]
            .iter()
            .filter(|b| b.ratio > tolerance)
            .count();
        if past > 0
            && style.align == Align::Justify
            && fits_within_tolerance(&prepared.items, &self.params(&style, widths))
        {
            self.avoidable_loose += past;
        }
        let kept = if glyphs <= self.keep_glyphs {
            self.keep_glyphs -= glyphs;
            BlockGlyphs::Kept(self.build_lines(&prepared, &breaks, &style, widths))
        } else {
            BlockGlyphs::Again {
                text,
                name,
                align: style.align,
                hyphenate,
                widths,
                breaks,
            }
        };
        drop(prepared);
        // Overfull as a reader measures it: glyphs past either edge of the measure, from the
        // lines built (the breaker's word for blocks whose glyphs are built again later).
        let sticks_out: Vec<bool> = match &kept {
            BlockGlyphs::Kept(lines) => lines
                .iter()
                .enumerate()
                .map(|(i, line)| line.sticks_out(if i == 0 { widths.0 } else { widths.1 }))
                .collect(),
            BlockGlyphs::Again { .. } => Vec::new(),
        };
        let start_edge = style.indent_start.0 + extra.indent + extra.hang;
        let marker = extra.marker.map(|(marker, hanging, label)| {
            let inline = marker_runs(&marker);
            let laid = self.lay_out(
                &inline,
                &Style {
                    align: Align::Start,
                    ..style.clone()
                },
                false,
                (hanging.max(1.0) * 4.0, 0.0),
            );
            (
                laid.into_iter().next().map(LaidLine::at_zero),
                start_edge - hanging,
                label,
            )
        });
        let mut flow_lines = Vec::with_capacity(line_breaks.len());
        for (i, brk) in line_breaks.into_iter().enumerate() {
            let indent = start_edge + if i == 0 { first_indent } else { 0.0 };
            let width = if i == 0 {
                measure - first_indent
            } else {
                measure
            };
            let x = self.line_x(indent, width);
            let marker = match (&marker, i) {
                (Some((Some(m), at, label)), 0) => {
                    let text = if self.rtl() { x + width } else { x };
                    let (m, at) = self.reaching(m.clone(), self.line_x(*at, m.width), text);
                    Some((m, at, *label))
                }
                _ => None,
            };
            let notes = line_notes.next().unwrap_or_default();
            self.saw_notes(&notes);
            flow_lines.push(FlowLine {
                ratio: brk.ratio,
                hyphenated: brk.hyphenated,
                overfull: sticks_out.get(i).copied().unwrap_or(brk.overfull),
                x,
                node,
                marker,
                cells: Vec::new(),
                image: None,
                notes,
            });
        }
        let (_, baseline) = self.line_metrics(&style);
        self.blocks.push(FlowBlock {
            lines: flow_lines,
            glyphs: kept,
            leading: style.leading.0,
            baseline,
            space_before: para.space_before.0,
            space_after: para.space_after.0,
            keep_with_next: para.keep_with_next,
            break_before: para.break_before,
            heading,
            justified: style.align == Align::Justify,
            label: extra
                .source
                .clone()
                .unwrap_or_else(|| format!("the {}", name.key())),
            keep_together: false,
            table: None,
        });
    }

    /// Counts the footnotes of a line as met, for their structure elements.
    pub(super) fn saw_notes(&mut self, notes: &[usize]) {
        if let Some(&last) = notes.iter().max() {
            self.notes_seen = self.notes_seen.max(last + 1);
        }
    }

    /// A style's leading and the distance from the top of its line box to the baseline,
    /// which centres the first face's ascender and descender in the leading.
    pub(super) fn line_metrics(&self, style: &Style) -> (f32, f32) {
        let chain = self.fonts.chain(&style.families, style.bold, style.italic);
        let face = chain.first().copied();
        let (asc, desc) = face
            .map(|f| {
                let f = self.fonts.face(f);
                (f.ascender, f.descender)
            })
            .unwrap_or((0.8, 0.2));
        let baseline = (style.leading.0 - style.size.0 * (asc + desc)) / 2.0 + style.size.0 * asc;
        (style.leading.0, baseline)
    }

    /// A marker at `x` that reads as one line with its text, which starts at `text`
    /// (`LaidLine::reaching`, with the space glyph of the marker's face next to the text).
    pub(super) fn reaching(&mut self, marker: LaidLine, x: f32, text: f32) -> (LaidLine, f32) {
        let rtl = self.rtl();
        let next = if rtl {
            marker.runs.first()
        } else {
            marker.runs.last()
        };
        let Some(face) = next.map(|run| run.face) else {
            return (marker, x);
        };
        let space = self
            .shaper
            .shape(face, " ", rtl)
            .first()
            .filter(|g| g.id != 0 && g.advance > 0.0)
            .map(|g| (g.id, g.advance));
        match space {
            Some(space) => marker.reaching(x, text, rtl, space),
            None => (marker, x),
        }
    }

    /// Page x of the left edge of a line that starts `indent` from the start margin and is
    /// `width` wide: from the left in a left-to-right edition, from the right otherwise.
    pub(super) fn line_x(&self, indent: f32, width: f32) -> f32 {
        let page = &self.layout.page;
        if self.rtl() {
            page.width.0 - page.margin_start.0 - indent - width
        } else {
            page.margin_start.0 + indent
        }
    }

    /// Shapes, breaks and builds the lines of one paragraph.
    pub fn lay_out(
        &mut self,
        text: &[Inline],
        style: &Style,
        hyphenate: bool,
        widths: (f32, f32),
    ) -> Vec<LaidLine> {
        let prepared = self.prepare(text, style, hyphenate, false);
        let breaks = self.break_lines(&prepared, style, widths);
        self.build_lines(&prepared, &breaks, style, widths)
    }

    /// The glyphs of a block's lines: those kept by the first pass, or built again from the
    /// same text and breaks (no line breaking; shaping comes from the job's cache).
    pub fn block_lines(&mut self, glyphs: BlockGlyphs<'a>) -> Vec<LaidLine> {
        match glyphs {
            BlockGlyphs::Kept(lines) => lines,
            BlockGlyphs::Again {
                text,
                name,
                align,
                hyphenate,
                widths,
                breaks,
            } => {
                let layout: &'a Layout = self.layout;
                let style = layout.style(name);
                // A copy only for the rare paragraph aligned unlike its style.
                let style = match style.align == align {
                    true => std::borrow::Cow::Borrowed(style),
                    false => std::borrow::Cow::Owned(Style {
                        align,
                        ..style.clone()
                    }),
                };
                let prepared = self.prepare(&text, &style, hyphenate, is_display(name));
                self.build_lines(&prepared, &breaks, &style, widths)
            }
        }
    }

    /// Analyses a paragraph; `display` for a title or heading ([`is_display`]).
    fn prepare(
        &mut self,
        text: &[Inline],
        style: &Style,
        hyphenate: bool,
        display: bool,
    ) -> Prepared {
        let opts = Options {
            style,
            hyphenation: hyphenate.then_some(&self.layout.hyphenation),
            justification: &self.layout.justification,
            lang: &self.edition.lang.tag,
            rtl: self.rtl(),
            link_color: self.layout.links.color,
            display,
        };
        analyze::prepare(text, &opts, &mut self.shaper)
    }

    fn break_lines(&self, prepared: &Prepared, style: &Style, widths: (f32, f32)) -> Vec<Break> {
        break_lines(&prepared.items, &prepared.text, &self.params(style, widths))
    }

    /// What the breaker needs from the layout for a paragraph in `style`.
    fn params(&self, style: &Style, widths: (f32, f32)) -> Params {
        Params {
            first_width: widths.0,
            width: widths.1,
            tolerance: self.layout.justification.tolerance,
            ragged: style.align != Align::Justify,
            max_consecutive_hyphens: self.layout.hyphenation.max_consecutive,
            balance: style.align == Align::Center,
            // In characters in the layout; about half an em each.
            min_last_line: self.layout.hyphenation.min_last_line as f32 * style.size.0 * 0.5,
            max_hyphen_share: self.layout.hyphenation.max_share,
        }
    }

    fn build_lines(
        &mut self,
        prepared: &Prepared,
        breaks: &[Break],
        style: &Style,
        widths: (f32, f32),
    ) -> Vec<LaidLine> {
        let align = match (style.align, self.rtl()) {
            (Align::Start, true) => Align::End,
            (Align::End, true) => Align::Start,
            (a, _) => a,
        };
        build_lines(prepared, breaks, widths, align, &mut self.shaper)
    }
}

/// Whether paragraphs of a style are titles or headings, whose lines break after an explicit
/// hyphen only when nothing else will do.
fn is_display(name: StyleName) -> bool {
    matches!(
        name,
        StyleName::Title
            | StyleName::Subtitle
            | StyleName::Heading1
            | StyleName::Heading2
            | StyleName::Heading3
    )
}

/// The alignment a composed paragraph gives itself (a table column's, an annex's
/// "[Original: …]" line), in the layout's terms; decimal columns are set flush to the end,
/// which lines up numbers with the same count of decimals.
pub(super) fn cell_align(align: CellAlign) -> Align {
    match align {
        CellAlign::Start => Align::Start,
        CellAlign::Center => Align::Center,
        CellAlign::End | CellAlign::Decimal => Align::End,
    }
}

/// A marker as runs of its counter and of what surrounds it. Each run picks its face afresh
/// from the style's fonts, so the counter of `’1‘` or `(أ)` is drawn in the edition's own face
/// (Arabic digits and letters in the Arabic face), not in the face its brackets fell back to.
pub(super) fn marker_runs(marker: &str) -> Vec<Inline> {
    let mut runs: Vec<Inline> = Vec::new();
    let mut last = None;
    for c in marker.chars() {
        let counter = c.is_alphanumeric();
        match runs.last_mut() {
            Some(run) if last == Some(counter) => run.text.push(c),
            _ => runs.push(Inline {
                text: c.to_string(),
                ..Inline::default()
            }),
        }
        last = Some(counter);
    }
    runs
}

/// What a block adds to its style: list indent and marker, heading level, the room a
/// contents entry keeps for its page number and the indent of its lines after the first.
#[derive(Default)]
pub(super) struct Extra {
    pub(super) indent: f32,
    /// Kept free at the end of every line.
    pub(super) end: f32,
    /// How much further in than the first line the other lines start.
    pub(super) hang: f32,
    /// Marker text, hanging width, and the label's structure node.
    pub(super) marker: Option<(String, f32, usize)>,
    pub(super) heading: Option<u8>,
    /// Where the block was written, for warnings.
    pub(super) source: Option<String>,
}
