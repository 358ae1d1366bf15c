//! Tables in the flow: column widths from the composed table, each cell set with the same
//! paragraph layout as the body, and one flow block per row whose lines carry every cell's
//! line on that baseline, so that the paginator moves (or splits) rows like paragraphs.

use crate::compose::{Cell, ListMeta, Para, Role, Row, Table};
use crate::layouts::{Align, Style};
use crate::model::{CellAlign, ColumnWidth, Inline, plain_text};

use super::flow::{
    BlockGlyphs, Extra, FlowBlock, FlowBuilder, FlowLine, Ruling, TableFrame, TablePart,
    cell_align, marker_runs,
};
use super::line::LaidLine;
use super::pages::StructKind;

impl<'a> FlowBuilder<'a> {
    /// Lays out a table: its caption as a paragraph, then a block per row.
    pub(super) fn table(&mut self, table: &Table<'a>, lists: &[ListMeta]) {
        let node = self.node(StructKind::Table, None, String::new());
        if let Some(caption) = &table.caption {
            let n = self.node(StructKind::Caption, Some(node), String::new());
            let extra = Extra {
                source: Some(table.at.to_string()),
                ..Extra::default()
            };
            self.paragraph(caption, n, extra);
            if let Some(last) = self.blocks.last_mut() {
                last.break_before |= table.break_before;
            }
        }
        let widths = self.column_widths(table);
        let total: f32 = widths.iter().sum();
        let left = self.line_x(0.0, total);
        let mut grid = Grid {
            // Column c's start edge from the table's start edge.
            offsets: widths
                .iter()
                .scan(0.0, |at, w| {
                    let here = *at;
                    *at += w;
                    Some(here)
                })
                .collect(),
            widths,
            left,
            right: left + total,
            // A plain table's first column lines up with the text; its columns carry the gap.
            pad: match table.plain {
                true => 0.0,
                false => self.layout.tables.padding.0,
            },
            plain: table.plain,
            rtl: self.rtl(),
            decimals: Vec::new(),
        };
        grid.decimals = self.decimal_widths(table, &grid);
        let (right, pad) = (grid.right, grid.pad);
        let columns = grid
            .offsets
            .iter()
            .skip(1)
            .map(|&o| grid.x(o, 0.0))
            .collect();
        let index = self.tables.len();
        let first_row = self.blocks.len();
        let first_header = first_row;
        self.tables.push(TableFrame {
            left,
            right,
            columns,
            header: first_header..first_header,
            ruling: if table.plain {
                Ruling::None
            } else {
                Ruling::Layout
            },
        });
        for (header, rows) in [(true, &table.header), (false, &table.rows)] {
            if rows.is_empty() {
                continue;
            }
            let kind = if header {
                StructKind::TableHead
            } else {
                StructKind::TableBody
            };
            let section = self.node(kind, Some(node), String::new());
            for (r, row) in rows.iter().enumerate() {
                // Rows that a cell from above still reaches into stay with it.
                let spanned = rows[..=r]
                    .iter()
                    .enumerate()
                    .any(|(i, above)| above.cells.iter().any(|c| i + c.rowspan > r + 1));
                let block = self.row(row, section, header, &grid, lists);
                // A plain table is a few lines of labels that read as one block.
                let plain = table.plain && r + 1 < rows.len();
                self.blocks.push(FlowBlock {
                    keep_with_next: header || spanned || plain,
                    table: Some(TablePart {
                        table: index,
                        header,
                    }),
                    ..block
                });
            }
            if header {
                self.tables[index].header = first_header..self.blocks.len();
                // Room for the rule below the header: padding on both sides of it.
                if let Some(last) = self.blocks.last_mut() {
                    last.space_after = 2.0 * pad;
                }
            }
        }
        if table.plain {
            return;
        }
        // Room for the rules above and below the table, and the body's gap after it.
        if let Some(first) = self.blocks.get_mut(first_row) {
            first.space_before = first.space_before.max(2.0 * pad);
            first.break_before |= table.break_before && table.caption.is_none();
        }
        let gap = self
            .layout
            .style(crate::layouts::StyleName::Body)
            .space_after
            .0;
        if let Some(last) = self.blocks.last_mut() {
            last.space_after = pad + gap;
        }
    }

    /// One row: every cell set at its width less the padding, its lines side by side.
    fn row(
        &mut self,
        row: &Row<'a>,
        section: usize,
        header: bool,
        grid: &Grid,
        lists: &[ListMeta],
    ) -> FlowBlock<'a> {
        let tr = self.node(StructKind::TableRow, Some(section), String::new());
        let pad = grid.pad;
        // Per cell, its lines; each line its pieces (text, and a list item's marker) with
        // their x and structure node.
        let mut set: Vec<Vec<Vec<(LaidLine, f32, usize)>>> = Vec::new();
        let (mut leading, mut baseline) = (0.0f32, 0.0f32);
        for cell in &row.cells {
            // A header cell in a body row (a plain table's label) heads its row.
            let heads_row = cell.paras.first().map(|p| p.role) == Some(Role::Cell { header: true });
            let kind = match (header, heads_row) {
                (true, _) => StructKind::TableHeaderCell,
                (false, true) => StructKind::TableRowHeaderCell,
                (false, false) => StructKind::TableCell,
            };
            let node = self.node(kind, Some(tr), String::new());
            let width: f32 = grid.widths[cell.column..cell.column + cell.colspan]
                .iter()
                .sum();
            let measure = (width - 2.0 * pad).max(1.0);
            let style = self.cell_style(&cell.paras[0]);
            let (l, b) = self.line_metrics(&style);
            leading = leading.max(l);
            baseline = baseline.max(b);
            let mut left = grid.x(grid.offsets[cell.column], width) + pad;
            // A decimal column lines its numbers up on the separator: a cell with a shorter
            // fraction than the column's widest moves left by the difference.
            if let Some(Some(widest)) = grid.decimals.get(cell.column).filter(|_| !header) {
                left -= widest - self.fraction_width(cell);
            }
            let lines = self.cell_lines(cell, node, &style, (left, measure), grid.rtl, lists);
            set.push(lines);
        }
        let count = set.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let mut lines = Vec::with_capacity(count);
        for i in 0..count {
            let cells: Vec<(LaidLine, f32, usize)> = set
                .iter()
                .filter_map(|cell_lines| cell_lines.get(i))
                .flatten()
                .cloned()
                .collect();
            // Footnotes marked in the row's cells on this line, in reading order.
            let mut notes: Vec<usize> = cells
                .iter()
                .flat_map(|(l, ..)| l.runs.iter().filter_map(|r| r.note))
                .collect();
            notes.sort_unstable();
            notes.dedup();
            self.saw_notes(&notes);
            lines.push(FlowLine {
                ratio: 0.0,
                hyphenated: false,
                overfull: cells.iter().any(|(l, ..)| l.overfull),
                x: 0.0,
                node: tr,
                marker: None,
                cells,
                image: None,
                notes,
            });
        }
        let label = row.at.to_string();
        // A plain table's rows are spaced as compose spaced their paragraphs.
        let (space_before, space_after) = match grid.plain {
            true => {
                let paras = || row.cells.iter().flat_map(|c| &c.paras);
                let before = paras().map(|p| p.space_before.0).fold(0.0, f32::max);
                (before, paras().map(|p| p.space_after.0).fold(0.0, f32::max))
            }
            false => (pad, pad),
        };
        FlowBlock {
            glyphs: BlockGlyphs::Kept((0..count).map(|_| LaidLine::default()).collect()),
            lines,
            leading,
            baseline,
            space_before,
            space_after,
            keep_with_next: false,
            break_before: false,
            heading: None,
            justified: false,
            label,
            keep_together: !self.layout.tables.split_rows,
            table: None,
        }
    }

    /// A cell's paragraphs stacked without a gap, as Word sets a table cell's paragraphs,
    /// each line with its page x (the text area's left edge is `left`, `measure` wide). A
    /// cell of one paragraph is its `TD`'s content; with more, each paragraph is a `P` and
    /// the list an `L` of `LI` (`Lbl`, `LBody`) under it. A list item hangs its marker in
    /// the level's hanging room, both narrowed in a narrow column so the text keeps most of it.
    fn cell_lines(
        &mut self,
        cell: &Cell<'a>,
        td: usize,
        style: &Style,
        (left, measure): (f32, f32),
        rtl: bool,
        lists: &[ListMeta],
    ) -> Vec<Vec<(LaidLine, f32, usize)>> {
        let single = cell.paras.len() == 1 && cell.paras[0].item.is_none();
        let mut list_node = None;
        let mut out = Vec::new();
        for para in &cell.paras {
            let Some(item) = &para.item else {
                let node = match single {
                    true => td,
                    false => self.node(StructKind::Paragraph, Some(td), String::new()),
                };
                let lines = self.lay_out(&para.text, style, para.hyphenate, (measure, measure));
                out.extend(lines.into_iter().map(|l| vec![(l, left, node)]));
                continue;
            };
            let list = *list_node.get_or_insert_with(|| {
                let numbered = lists.get(item.list).is_some_and(|l| l.numbered);
                self.node(StructKind::List { numbered }, Some(td), String::new())
            });
            let li = self.node(StructKind::ListItem, Some(list), String::new());
            let label = self.node(StructKind::ListLabel, Some(li), item.marker.clone());
            let body = self.node(StructKind::ListBody, Some(li), String::new());
            // The indents take at most a third of the column.
            let scale = (measure / 3.0 / item.indent.0.max(1.0)).min(1.0);
            let (indent, hanging) = (item.indent.0 * scale, item.hanging.0 * scale);
            let width = (measure - indent).max(1.0);
            let lines = self.lay_out(&para.text, style, para.hyphenate, (width, width));
            let marker_style = Style {
                align: Align::Start,
                ..style.clone()
            };
            let marker = self
                .lay_out(
                    &marker_runs(&item.marker),
                    &marker_style,
                    false,
                    (1.0e6, 1.0e6),
                )
                .into_iter()
                .next()
                .map(LaidLine::at_zero);
            let text_x = if rtl { left } else { left + indent };
            for (i, line) in lines.into_iter().enumerate() {
                let mut pieces = Vec::with_capacity(2);
                if let (0, Some(m)) = (i, &marker) {
                    let start = indent - hanging;
                    let x = match rtl {
                        true => left + measure - start - m.width,
                        false => left + start,
                    };
                    let text = if rtl { text_x + width } else { text_x };
                    let (m, x) = self.reaching(m.clone(), x, text);
                    pieces.push((m, x, label));
                }
                pieces.push((line, text_x, body));
                out.push(pieces);
            }
        }
        out
    }

    /// Per column, for decimal columns of a left-to-right table: the widest part of a body
    /// cell from its decimal separator on. Right-to-left tables keep them flush to the end.
    fn decimal_widths(&mut self, table: &Table<'a>, grid: &Grid) -> Vec<Option<f32>> {
        (0..table.columns.len())
            .map(|c| {
                if grid.rtl || table.columns[c].align != CellAlign::Decimal {
                    return None;
                }
                let cells: Vec<&Cell<'a>> = (table.rows.iter())
                    .flat_map(|r| r.cells.iter())
                    .filter(|cell| cell.column == c && cell.colspan == 1)
                    .collect();
                Some(
                    cells
                        .into_iter()
                        .map(|cell| self.fraction_width(cell))
                        .fold(0.0, f32::max),
                )
            })
            .collect()
    }

    /// The width of a cell's text from its decimal separator (the last `.` or `,` that only
    /// digits follow) to its end; zero for a whole number.
    fn fraction_width(&mut self, cell: &Cell<'a>) -> f32 {
        let text = plain_text(&cell.paras[0].text);
        let text = text.trim_end();
        let digits = text.len() - text.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let fraction = match text[..text.len() - digits].chars().next_back() {
            Some('.' | ',') if digits > 0 => &text[text.len() - digits - 1..],
            _ => return 0.0,
        };
        let style = self.cell_style(&cell.paras[0]);
        let run = [Inline {
            text: fraction.to_string(),
            ..Inline::default()
        }];
        let lines = self.lay_out(&run, &style, false, (1.0e6, 1.0e6));
        lines.iter().map(natural_width).fold(0.0, f32::max)
    }

    /// The cell's style with its column's alignment; decimal columns are set flush to the
    /// end, which lines up numbers with the same count of decimals.
    fn cell_style(&self, para: &Para<'a>) -> Style {
        let mut style = self.layout.style(para.style).clone();
        if let Some(align) = para.align {
            style.align = cell_align(align);
        }
        style
    }

    /// Widths of the columns over the text width: fixed columns as given, automatic ones
    /// as wide as their widest cell (shrunk together when they would not fit), and the
    /// fractions sharing what is left.
    fn column_widths(&mut self, table: &Table<'a>) -> Vec<f32> {
        let total = self.layout.text_width().0;
        let pad = self.layout.tables.padding.0;
        let mut widths: Vec<f32> = table
            .columns
            .iter()
            .map(|c| match c.width {
                ColumnWidth::Fixed(pt) => pt.0,
                _ => 0.0,
            })
            .collect();
        let auto: Vec<usize> = (0..widths.len())
            .filter(|&c| table.columns[c].width == ColumnWidth::Auto)
            .collect();
        for &c in &auto {
            let mut natural: f32 = 0.0;
            for row in table.header.iter().chain(&table.rows) {
                for cell in row.cells.iter().filter(|x| x.column == c && x.colspan == 1) {
                    // The widest paragraph, a list item with its indent.
                    for para in &cell.paras {
                        let style = self.cell_style(para);
                        let lines = self.lay_out(&para.text, &style, false, (1.0e6, 1.0e6));
                        let width = lines.iter().map(natural_width).fold(0.0, f32::max);
                        let indent = para.item.as_ref().map_or(0.0, |i| i.indent.0);
                        natural = natural.max(width + indent + 2.0 * pad);
                    }
                }
            }
            widths[c] = natural;
        }
        let fixed: f32 = widths.iter().sum();
        let fractions: f32 = table
            .columns
            .iter()
            .map(|c| match c.width {
                ColumnWidth::Fraction(f) => f,
                _ => 0.0,
            })
            .sum();
        // Fractions keep at least a tenth of the width between them.
        let room_for_fractions = if fractions > 0.0 { total * 0.1 } else { 0.0 };
        if fixed > total - room_for_fractions && !auto.is_empty() {
            let auto_sum: f32 = auto.iter().map(|&c| widths[c]).sum();
            let over = fixed - (total - room_for_fractions);
            for &c in &auto {
                widths[c] -= over * widths[c] / auto_sum.max(1.0);
            }
        }
        let left = (total - widths.iter().sum::<f32>()).max(0.0);
        for (w, c) in widths.iter_mut().zip(table.columns.iter()) {
            if let ColumnWidth::Fraction(f) = c.width {
                *w = left * f / fractions.max(f32::EPSILON);
            }
        }
        widths
    }
}

/// A table's columns across the page.
struct Grid {
    widths: Vec<f32>,
    /// Each column's start edge from the table's start edge.
    offsets: Vec<f32>,
    left: f32,
    right: f32,
    /// Cell padding at the sides (and above and below, in a ruled table).
    pad: f32,
    /// Rows spaced by their paragraphs, not by the padding.
    plain: bool,
    rtl: bool,
    /// Per column, for decimal columns: the widest fraction, which the others line up with.
    decimals: Vec<Option<f32>>,
}

impl Grid {
    /// Page x of the left edge of something `width` wide that starts `offset` from the
    /// table's start edge: from the right in a right-to-left edition.
    fn x(&self, offset: f32, width: f32) -> f32 {
        if self.rtl {
            self.right - offset - width
        } else {
            self.left + offset
        }
    }
}

/// The width a line's glyphs take, from its first to its last glyph.
fn natural_width(line: &LaidLine) -> f32 {
    line.extent().map_or(0.0, |(start, end)| end - start)
}
