//! Tables of contents in the flow: the title, a block per entry whose lines keep room at their
//! end for the page number, the number and dot leaders on each entry's last line, the link to
//! the heading, and the entries set again with new numbers until the headings' pages settle.

use crate::compose::{Contents, Para};
use crate::layouts::{Align, Style};
use crate::model::{Inline, plain_text};
use crate::units::Pt;

use super::flow::{BlockGlyphs, Extra, FlowBlock, FlowBuilder};
use super::line::LaidLine;
use super::pages::{Glyph, GlyphRun, Line, OutlineEntry, Page, PageLink, StructKind};
use super::paginate::{Placed, positioned};

/// The number an entry shows before its heading's page is known. Digits are as wide as each
/// other in the shipped fonts, so a one-digit guess is right for reports under ten pages.
const PROVISIONAL: &str = "0";

/// One entry of a table of contents: its paragraph and block, the heading it lists, and what
/// its last line ends in.
#[derive(Debug)]
pub struct EntryFrame<'a> {
    para: Para<'a>,
    hang: f32,
    /// Index of its block in the flow.
    pub block: usize,
    /// The heading it lists, counted from 0 among all headings: its outline entry.
    pub heading: usize,
    /// Its `TOCI` structure element.
    pub node: usize,
    /// The page number as printed.
    pub number: String,
    /// The number laid out from x = 0, and the page x it starts at.
    number_line: (LaidLine, f32),
    /// The dot leaders between the text and the number: one run at its page x.
    leaders: Option<GlyphRun>,
    /// Page x of the left and right ends of the entry's link area.
    span: (f32, f32),
    /// Where the heading is, once pagination has settled: a page index and a y.
    target: (usize, f32),
}

impl<'a> FlowBuilder<'a> {
    /// A table of contents: its title as a paragraph, then a `TOC` element with a `TOCI` and
    /// a block for each entry.
    pub(super) fn contents(&mut self, contents: &Contents<'a>) {
        let title = self.node(StructKind::Paragraph, None, String::new());
        let source = Some(contents.at.to_string());
        self.paragraph(
            &contents.title,
            title,
            Extra {
                source,
                ..Extra::default()
            },
        );
        if contents.entries.is_empty() {
            return;
        }
        let toc = self.node(StructKind::Contents, None, String::new());
        let first = self.entries.len();
        for entry in &contents.entries {
            let node = self.node(
                StructKind::ContentsItem,
                Some(toc),
                plain_text(&entry.para.text),
            );
            self.entries.push(EntryFrame {
                para: entry.para.clone(),
                hang: entry.hang.0,
                block: 0,
                heading: entry.heading,
                node,
                number: PROVISIONAL.to_string(),
                number_line: (LaidLine::default(), 0.0),
                leaders: None,
                span: (0.0, 0.0),
                target: (0, 0.0),
            });
        }
        let room = self.number_room();
        for i in first..self.entries.len() {
            let block = self.entry_block(i, room);
            self.entries[i].block = self.blocks.len();
            self.blocks.push(block);
        }
    }

    /// Whether every entry shows its heading's page (`pages`: zero-based, per heading in
    /// reading order).
    pub(super) fn shows(&self, pages: &[usize]) -> bool {
        (self.entries.iter()).all(|e| e.number == number(pages, e.heading))
    }

    /// Sets every entry's number to its heading's page and lays the entries out again in
    /// `blocks`, which otherwise stay as they are.
    pub(super) fn renumber(&mut self, blocks: &mut [FlowBlock<'a>], pages: &[usize]) {
        for entry in &mut self.entries {
            entry.number = number(pages, entry.heading);
        }
        let room = self.number_room();
        for i in 0..self.entries.len() {
            let block = self.entry_block(i, room);
            if let Some(slot) = blocks.get_mut(self.entries[i].block) {
                *slot = block;
            }
        }
    }

    /// Points every entry's link at its heading's place in `outline`.
    pub(super) fn link_entries(&mut self, outline: &[OutlineEntry]) {
        for entry in &mut self.entries {
            if let Some(heading) = outline.get(entry.heading) {
                entry.target = (heading.page, heading.y.0);
            }
        }
    }

    /// The entry of the block at `block`, if it is one.
    pub(super) fn entry(&self, block: usize) -> Option<&EntryFrame<'a>> {
        let i = self
            .entries
            .binary_search_by_key(&block, |e| e.block)
            .ok()?;
        self.entries.get(i)
    }

    /// The room every entry keeps at the end of its lines: the widest number in its style and
    /// a space for a few leader dots, so that the text of all entries ends at one edge.
    fn number_room(&mut self) -> f32 {
        let mut room: f32 = 0.0;
        for i in 0..self.entries.len() {
            let (number, name) = (self.entries[i].number.clone(), self.entries[i].para.style);
            let style = self.layout.style(name).clone();
            let width = self.set_alone(&number, &style).width;
            room = room.max(width + MIN_LEADERS * style.size.0);
        }
        room
    }

    /// Lays out entry `i`: its text within the room left by the number, lines after the first
    /// hanging further in, and its number and leaders on the last line.
    fn entry_block(&mut self, i: usize, room: f32) -> FlowBlock<'a> {
        let para = self.entries[i].para.clone();
        let node = self.entries[i].node;
        let style = self.layout.style(para.style).clone();
        let extra = Extra {
            end: room,
            hang: self.entries[i].hang,
            source: para.at.map(ToString::to_string),
            ..Extra::default()
        };
        // The leaders start where the last line's text ends, so an entry keeps its glyphs
        // whatever the job's budget (entries are short and few).
        let budget = std::mem::replace(&mut self.keep_glyphs, usize::MAX);
        self.paragraph(&para, node, extra);
        self.keep_glyphs = budget;
        let block = self.blocks.pop().expect("`paragraph` adds a block");

        let width = self.layout.text_width().0;
        let (start, end) = (style.indent_start.0, style.indent_end.0);
        let line = self.line_x(start, width - start - end);
        let number = self.set_alone(&self.entries[i].number.clone(), &style);
        let number_x = self.line_x(width - end - number.width, number.width);
        // The text of the last line, from its runs (ragged lines start at the start edge).
        let text = match (&block.glyphs, block.lines.last()) {
            (BlockGlyphs::Kept(lines), Some(last)) => lines.last().map(|laid| {
                let left = laid
                    .runs
                    .iter()
                    .map(|r| r.x.0)
                    .fold(f32::INFINITY, f32::min);
                let right = (laid.runs.iter())
                    .map(|r| (r.x + r.width()).0)
                    .fold(f32::NEG_INFINITY, f32::max);
                (last.x + left, last.x + right)
            }),
            _ => None,
        };
        let gap = GAP * style.size.0;
        let leaders = text.and_then(|(left, right)| {
            let (from, to) = match self.rtl() {
                false => (right + gap, number_x - gap),
                true => (number_x + number.width + gap, left - gap),
            };
            self.leaders(&style, from, to)
        });
        let entry = &mut self.entries[i];
        entry.number_line = (number, number_x);
        entry.leaders = leaders;
        entry.span = (line, line + width - start - end);
        block
    }

    /// Text on one line at its natural width, from x = 0.
    fn set_alone(&mut self, text: &str, style: &Style) -> LaidLine {
        let inline = [Inline {
            text: text.to_string(),
            ..Inline::default()
        }];
        let style = Style {
            align: Align::Start,
            first_line_indent: Pt::ZERO,
            ..style.clone()
        };
        let wide = self.layout.text_width().0 * 4.0;
        (self
            .lay_out(&inline, &style, false, (wide, wide))
            .into_iter())
        .next()
        .map(LaidLine::at_zero)
        .unwrap_or_default()
    }

    /// Dot leaders filling page x `from` to `to`, the dots on a grid from the page's left edge
    /// so that they line up from one entry to the next; none if not one fits.
    fn leaders(&mut self, style: &Style, from: f32, to: f32) -> Option<GlyphRun> {
        let dot = self.set_alone(".", style);
        let run = dot.runs.into_iter().next()?;
        let glyph = run.glyphs.first()?.clone();
        let pitch = PITCH * style.size.0;
        let first = (from / pitch).ceil() * pitch;
        let room = to - first - glyph.advance.0;
        if !(room >= 0.0 && pitch > 0.0) {
            return None;
        }
        let count = (room / pitch).floor() as usize + 1;
        Some(GlyphRun {
            x: Pt(first),
            text: ".".repeat(count),
            glyphs: (0..count as u32)
                .map(|i| Glyph {
                    text_range: i..i + 1,
                    advance: Pt(pitch),
                    ..glyph.clone()
                })
                .collect(),
            ..run
        })
    }
}

/// The number printed for heading `heading` on zero-based page `pages[heading]`.
fn number(pages: &[usize], heading: usize) -> String {
    pages
        .get(heading)
        .map_or(PROVISIONAL.into(), |p| (p + 1).to_string())
}

impl EntryFrame<'_> {
    /// What the entry adds to a page when one of its lines is placed there: the line's part
    /// of the link area, and after its last line the page number and the leaders.
    pub(super) fn place(&self, page: &mut Page, placed: &Placed, block: &FlowBlock) {
        let top = placed.baseline - block.baseline;
        let bottom = top + block.leading;
        match page.links.last_mut() {
            Some(link) if link.node == self.node => link.area[3] = Pt(bottom),
            _ => page.links.push(PageLink {
                node: self.node,
                area: [Pt(self.span.0), Pt(top), Pt(self.span.1), Pt(bottom)],
                page: self.target.0,
                y: Pt(self.target.1),
            }),
        }
        if placed.line + 1 != block.lines.len() {
            return;
        }
        let (number, x) = &self.number_line;
        page.lines.push(positioned(
            number.runs.clone(),
            *x,
            placed.baseline,
            self.node,
        ));
        if let Some(run) = &self.leaders {
            page.leaders.push(Line {
                node: self.node,
                baseline: Pt(placed.baseline),
                runs: vec![run.clone()],
            });
        }
    }
}

/// Leader dots' pitch, the least room kept for them, and the space on either side of them: in
/// ems of the entry's size.
const PITCH: f32 = 0.5;
const MIN_LEADERS: f32 = 2.0;
const GAP: f32 = 0.3;
