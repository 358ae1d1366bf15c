//! The masthead in the flow: its two rows as blocks of side-by-side lines (like table rows,
//! with a rule under each), the emblem beside the organ, then the agenda block; mirrored in
//! right-to-left editions by `line_x`, like the rest of the page.

use crate::compose::{Masthead, Para};
use crate::layouts::StyleName;
use crate::units::Pt;

use super::flow::{
    BlockGlyphs, Extra, FlowBlock, FlowBuilder, FlowLine, Ruling, TableFrame, TablePart,
};
use super::line::LaidLine;
use super::pages::StructKind;

/// The share of the text width the end column (symbol, control lines) takes.
const END_COLUMN: f32 = 0.36;

/// A cell's lines, each with its x on the page and its structure node.
type CellLines = Vec<(LaidLine, f32, usize)>;

impl<'a> FlowBuilder<'a> {
    /// Lays out the masthead at the start of the flow, kept with what follows it.
    pub(super) fn masthead(&mut self, m: &Masthead<'a>) {
        let measure = self.layout.text_width().0;
        let end_width = measure * END_COLUMN;
        let gap = self.layout.style(StyleName::Body).size.0;
        let start_width = measure - end_width - gap;

        // First row: the organisation's name at the start side, the symbol at the end side.
        let organization = self.cell(&m.organization, 0.0, start_width);
        let symbol = self.cell(&m.symbol, measure - end_width, end_width);
        let first = self.rows(&[
            (organization, m.organization.style),
            (symbol, m.symbol.style),
        ]);
        self.frame(first, m.rule);

        // Second row: the emblem, the organ beside it, the control lines under the symbol.
        let emblem = m.emblem.as_ref().map(|e| (e, e.width.0 + gap));
        let indent = emblem.map_or(0.0, |(_, w)| w);
        let organ = self.cell(&m.organ, indent, (start_width - indent).max(1.0));
        let mut control: CellLines = Vec::new();
        for line in &m.control {
            control.extend(self.cell(line, measure - end_width, end_width));
        }
        let second = self.rows(&[
            (organ, m.organ.style),
            (control, StyleName::MastheadControl),
        ]);
        if let (Some((e, _)), Some(&last)) = (emblem, second.last()) {
            // The emblem stands on the last line's baseline; the row grows to hold it.
            let top = second.first().copied().unwrap_or(last);
            let mut height: f32 = (top..last).map(|b| self.blocks[b].leading).sum();
            height += self.blocks[last].baseline;
            let short = e.height.0 - height;
            if short > 0.0 {
                self.blocks[top].space_before += short;
            }
            let node = self.node(StructKind::Figure, None, e.alt.clone());
            let x = self.line_x(0.0, e.width.0);
            let line = &mut self.blocks[last].lines[0];
            line.image = Some((e.image.clone(), e.width.0, e.height.0));
            line.x = x;
            line.node = node;
        }
        self.frame(second, m.rule);

        // The agenda block, under the masthead at the start side.
        let space = self.layout.style(StyleName::Body).space_after.0;
        for (i, para) in m.agenda.iter().enumerate() {
            let node = self.node(StructKind::Paragraph, None, String::new());
            let extra = Extra {
                source: para.at.map(ToString::to_string),
                ..Extra::default()
            };
            self.paragraph(para, node, extra);
            if let Some(block) = self.blocks.last_mut() {
                block.keep_with_next = true;
                if i == 0 {
                    block.space_before = block.space_before.max(space);
                }
            }
        }
        // The title block that follows keeps at least a paragraph's gap from the masthead.
        if let Some(block) = self.blocks.last_mut() {
            block.space_after = block.space_after.max(2.0 * space);
        }
    }

    /// One paragraph of the masthead set at `width`, `indent` from the start margin: its
    /// lines at their page x, in a structure element of its own (none for an empty one).
    fn cell(&mut self, para: &Para<'a>, indent: f32, width: f32) -> CellLines {
        if crate::model::plain_text(&para.text).trim().is_empty() {
            return Vec::new();
        }
        let node = self.node(StructKind::Paragraph, None, String::new());
        let style = self.layout.style(para.style).clone();
        let x = self.line_x(indent, width);
        let lines = self.lay_out(&para.text, &style, false, (width, width));
        let notes: Vec<usize> = (lines.iter())
            .flat_map(|l| l.runs.iter().filter_map(|r| r.note))
            .collect();
        self.saw_notes(&notes);
        lines.into_iter().map(|l| (l, x, node)).collect()
    }

    /// Blocks of one line each on a grid of the smallest leading among the cells: a cell
    /// whose style is taller puts its lines on every second (third…) block, so that each
    /// column keeps its own line spacing. The first block is as tall as the tallest first
    /// line needs. Returns the blocks' indices.
    fn rows(&mut self, cells: &[(CellLines, StyleName)]) -> Vec<usize> {
        let cells: Vec<_> = cells
            .iter()
            .filter(|(lines, _)| !lines.is_empty())
            .collect();
        let metrics: Vec<(f32, f32)> = (cells.iter())
            .map(|(_, name)| self.line_metrics(&self.layout.style(*name).clone()))
            .collect();
        let Some(&(unit, unit_base)) = metrics.iter().min_by(|a, b| a.0.total_cmp(&b.0)) else {
            return Vec::new();
        };
        let steps: Vec<usize> = (metrics.iter())
            .map(|(leading, _)| (leading / unit - 0.01).ceil().max(1.0) as usize)
            .collect();
        let count = (cells.iter().zip(&steps))
            .map(|((lines, _), step)| (lines.len() - 1) * step + 1)
            .max()
            .unwrap_or(0);
        let top = metrics.iter().map(|m| m.1).fold(unit_base, f32::max);
        let mut blocks = Vec::with_capacity(count);
        for i in 0..count {
            let pieces: CellLines = (cells.iter().zip(&steps))
                .filter(|(_, step)| i % **step == 0)
                .filter_map(|((lines, _), step)| lines.get(i / step).cloned())
                .collect();
            let (leading, baseline) = match i {
                0 => (unit + top - unit_base, top),
                _ => (unit, unit_base),
            };
            let notes: Vec<usize> = (pieces.iter())
                .flat_map(|(l, ..)| l.runs.iter().filter_map(|r| r.note))
                .collect();
            let node = pieces.first().map_or(0, |p| p.2);
            blocks.push(self.blocks.len());
            self.blocks.push(FlowBlock {
                lines: vec![FlowLine {
                    ratio: 0.0,
                    hyphenated: false,
                    overfull: pieces.iter().any(|(l, ..)| l.overfull),
                    x: 0.0,
                    node,
                    marker: None,
                    cells: pieces,
                    image: None,
                    notes,
                }],
                glyphs: BlockGlyphs::Kept(vec![LaidLine::default()]),
                leading,
                baseline,
                space_before: 0.0,
                space_after: 0.0,
                keep_with_next: true,
                break_before: false,
                heading: None,
                justified: false,
                label: "the masthead".into(),
                keep_together: true,
                table: None,
            });
        }
        blocks
    }

    /// Rules the blocks of one masthead row off from what follows: the row becomes a frame
    /// (as a table is) with no rule above it and `rule` below it.
    fn frame(&mut self, blocks: Vec<usize>, rule: Pt) {
        let (Some(&first), Some(&last)) = (blocks.first(), blocks.last()) else {
            return;
        };
        let page = &self.layout.page;
        let (left, right) = (page.margin_start.0, page.width.0 - page.margin_end.0);
        let table = self.tables.len();
        self.tables.push(TableFrame {
            left,
            right,
            columns: Vec::new(),
            header: first..first,
            ruling: Ruling::Own {
                above: Pt::ZERO,
                below: rule,
            },
        });
        let pad = self.layout.tables.padding.0;
        for &b in &blocks {
            self.blocks[b].table = Some(TablePart {
                table,
                header: false,
            });
        }
        self.blocks[first].space_before += pad;
        self.blocks[last].space_after = 2.0 * pad + rule.0;
    }
}
