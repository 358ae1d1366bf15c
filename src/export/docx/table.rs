//! Composed tables as Word tables: caption, grid, repeated header rows, spans, rules in the
//! official style, cell padding, right-to-left column order.
//!
//! The table's own XML (`w:tbl`, `w:tblPr`, `w:tblGrid`, `w:tr`, `w:tc`) is written here, and
//! only the cells' paragraphs by docx-rs like every other paragraph: docx-rs 0.4.22 writes the
//! children of `w:tblPr` out of the schema's order and knows neither `w:bidiVisual` nor
//! `w:tblHeader`. The rules are direct `w:tblBorders` and `w:tcBorders` on each table, not a
//! table style: docx-rs cannot write a table style's table and cell properties.

use std::fmt::Write as _;

use super::{Direct, DocxError, Writer, word_style};
use crate::compose::{self, ListMeta, Row};
use crate::layouts::StyleName;
use crate::model::{Column, ColumnWidth};
use crate::units::Pt;

impl Writer<'_> {
    /// Writes a composed table to the body: its caption kept with it, then the table.
    pub(super) fn table(
        &mut self,
        table: &compose::Table,
        lists: &[ListMeta],
    ) -> Result<(), DocxError> {
        let width = self.layout.text_width().twips().max(0);
        let grid = grid(&table.columns, width);
        let mut break_before = table.break_before;
        if let Some(caption) = &table.caption {
            let direct = Direct {
                break_before: std::mem::take(&mut break_before),
                keep_next: true,
                ..Direct::default()
            };
            let xml = self.para(caption, &[], direct)?;
            self.body.push_str(&xml);
        }
        let mut rules = self.layout.tables.clone();
        // A plain table (a circular's To/From/Subject): no rules, and no padding, so that its
        // first column lines up with the text; its paragraphs space its rows.
        if table.plain {
            rules.rule = Pt(0.0);
            rules.header_rule = Pt(0.0);
            rules.vertical = false;
            rules.padding = Pt(0.0);
        }
        let mut xml = String::from("<w:tbl><w:tblPr>");
        // In a right-to-left edition the first column is on the right, as in the PDF.
        if self.rtl {
            xml.push_str("<w:bidiVisual />");
        }
        let _ = write!(
            xml,
            r#"<w:tblW w:w="{}" w:type="dxa" />"#,
            width.max(grid.iter().sum())
        );
        // The official style: a rule above and below the table, none between the columns
        // unless the layout asks for vertical rules, none between rows (the rule under the
        // header rows is on their cells).
        let vertical = match rules.vertical {
            true => border("insideV", rules.rule),
            false => border("insideV", Pt(0.0)),
        };
        let _ = write!(
            xml,
            "<w:tblBorders>{}{}{}{}{}{vertical}</w:tblBorders>",
            border("top", rules.rule),
            border("left", Pt(0.0)),
            border("bottom", rules.rule),
            border("right", Pt(0.0)),
            border("insideH", Pt(0.0)),
        );
        // Fixed layout: Word keeps the grid's widths instead of fitting columns to their text.
        xml.push_str(r#"<w:tblLayout w:type="fixed" />"#);
        // The PDF puts the padding once between two rows, twice around the header's rule:
        // half of it above and below each cell (Word and LibreOffice add both), and the
        // header's last row more below (`rows`). A full padding above and below each cell
        // made every row of the fixture's table 3 pt taller in LibreOffice than in the PDF.
        let pad = rules.padding.twips().max(0);
        let _ = write!(
            xml,
            concat!(
                r#"<w:tblCellMar><w:top w:w="{1}" w:type="dxa" /><w:left w:w="{0}" w:type="dxa" />"#,
                r#"<w:bottom w:w="{1}" w:type="dxa" /><w:right w:w="{0}" w:type="dxa" /></w:tblCellMar>"#
            ),
            pad,
            pad / 2
        );
        xml.push_str("</w:tblPr><w:tblGrid>");
        for w in &grid {
            let _ = write!(xml, r#"<w:gridCol w:w="{w}" />"#);
        }
        xml.push_str("</w:tblGrid>");
        let mut group = Group {
            grid: &grid,
            header: true,
            cant_split: !rules.split_rows,
            top_rule: Some(rules.rule),
            bottom_rule: Some(rules.header_rule),
            break_before,
            pad,
        };
        self.rows(&table.header, lists, &mut group, &mut xml)?;
        group.header = false;
        group.top_rule = None;
        group.bottom_rule = None;
        self.rows(&table.rows, lists, &mut group, &mut xml)?;
        xml.push_str("</w:tbl>");
        self.body.push_str(&xml);
        Ok(())
    }

    /// The rows of the header or the body: each composed cell at its grid column, with
    /// `w:gridSpan` for a column span and `w:vMerge` for a row span, whose continuing cells
    /// (empty, one per row below) are written too. A cell's paragraphs and list items are
    /// its `w:p`s, the items numbered like a body list's (one `w:num` per composed list).
    fn rows(
        &mut self,
        rows: &[Row],
        lists: &[ListMeta],
        g: &mut Group,
        xml: &mut String,
    ) -> Result<(), DocxError> {
        // Per grid column where a cell from a row above starts: its colspan and rows left.
        let mut spans: Vec<Option<(usize, usize)>> = vec![None; g.grid.len()];
        let last = rows.len().saturating_sub(1);
        for (r, row) in rows.iter().enumerate() {
            xml.push_str("<w:tr><w:trPr>");
            if g.cant_split {
                xml.push_str("<w:cantSplit />");
            }
            // Repeated at the top of every page the table runs onto.
            if g.header {
                xml.push_str("<w:tblHeader />");
            }
            xml.push_str("</w:trPr>");
            let mut cells = row.cells.iter().peekable();
            let mut column = 0;
            while column < g.grid.len() {
                let cell = cells.next_if(|c| c.column == column);
                let (colspan, vmerge, reaches_last) = match (cell, spans[column]) {
                    (Some(cell), _) => {
                        let rowspan = cell.rowspan.max(1);
                        let vmerge = (rowspan > 1).then_some(r#"<w:vMerge w:val="restart" />"#);
                        if rowspan > 1 {
                            spans[column] = Some((cell.colspan, rowspan - 1));
                        }
                        (cell.colspan.max(1), vmerge, r + rowspan > last)
                    }
                    (None, Some((colspan, left))) => {
                        spans[column] = (left > 1).then_some((colspan, left - 1));
                        (colspan.max(1), Some("<w:vMerge />"), r + left > last)
                    }
                    // Compose fills the grid exactly; a hole would be a bug there. An empty
                    // cell keeps the table well-formed.
                    (None, None) => (1, None, r == last),
                };
                let span = &g.grid[column..(column + colspan).min(g.grid.len())];
                let _ = write!(
                    xml,
                    r#"<w:tc><w:tcPr><w:tcW w:w="{}" w:type="dxa" />"#,
                    span.iter().sum::<i32>()
                );
                if colspan > 1 {
                    let _ = write!(xml, r#"<w:gridSpan w:val="{colspan}" />"#);
                }
                xml.push_str(vmerge.unwrap_or(""));
                let top = g.top_rule.filter(|_| r == 0);
                let bottom = g.bottom_rule.filter(|_| reaches_last);
                if top.is_some() || bottom.is_some() {
                    xml.push_str("<w:tcBorders>");
                    if let Some(rule) = top {
                        xml.push_str(&border("top", rule));
                    }
                    if let Some(rule) = bottom {
                        xml.push_str(&border("bottom", rule));
                    }
                    xml.push_str("</w:tcBorders>");
                }
                if g.header && reaches_last && g.pad > 0 {
                    let _ = write!(
                        xml,
                        r#"<w:tcMar><w:bottom w:w="{}" w:type="dxa" /></w:tcMar>"#,
                        g.pad * 2 - g.pad / 2
                    );
                }
                xml.push_str("</w:tcPr>");
                let direct = Direct {
                    break_before: std::mem::take(&mut g.break_before),
                    keep_next: false,
                    ..Direct::default()
                };
                let para = match cell {
                    Some(cell) => {
                        let mut out = String::new();
                        let mut direct = Some(direct);
                        for para in &cell.paras {
                            out.push_str(&self.para(
                                para,
                                lists,
                                direct.take().unwrap_or_default(),
                            )?);
                        }
                        out
                    }
                    None => {
                        let style = match g.header {
                            true => StyleName::TableHeader,
                            false => StyleName::TableCell,
                        };
                        let p = self.paragraph().style(word_style(style).0);
                        String::from_utf8_lossy(&docx_rs::BuildXML::build(&p)).into_owned()
                    }
                };
                xml.push_str(&para);
                xml.push_str("</w:tc>");
                column += colspan;
            }
            xml.push_str("</w:tr>");
        }
        Ok(())
    }
}

/// What the rows of the header or of the body share.
struct Group<'g> {
    grid: &'g [i32],
    header: bool,
    cant_split: bool,
    /// The rule above the first row's cells (the header's, so it repeats on every page).
    top_rule: Option<Pt>,
    /// The rule below the last row's cells (under the header).
    bottom_rule: Option<Pt>,
    /// A page break before the table, when it has no caption to carry it: Word and
    /// LibreOffice move the table to a new page for a page break on its first paragraph.
    break_before: bool,
    /// The cell padding (twips).
    pad: i32,
}

/// A border element: a single line `rule` thick (in eighths of a point, 2 to 96 as Word
/// allows), or `nil` for none.
pub(super) fn border(side: &str, rule: Pt) -> String {
    if rule.0 <= 0.0 {
        return format!(r#"<w:{side} w:val="nil" />"#);
    }
    let size = (rule.0 * 8.0).round().clamp(2.0, 96.0) as u32;
    format!(r#"<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="000000" />"#)
}

/// Column widths in twips over `width` (the text width): fixed columns first, then fractions
/// share what is left in proportion. `auto` columns count as `1fr`: Word sizes columns from
/// their content only in an autofit table, which would override the fixed and fractional
/// widths as well, and nothing here measures text. Rounding is cumulative, so the shares add
/// up to what is left exactly. When fixed columns are wider than the text, fractions get
/// nothing and the table is as wide as its fixed columns.
pub(super) fn grid(columns: &[Column], width: i32) -> Vec<i32> {
    let share = |c: &Column| match c.width {
        ColumnWidth::Fraction(f) => f64::from(f.max(0.0)),
        ColumnWidth::Auto => 1.0,
        ColumnWidth::Fixed(_) => 0.0,
    };
    let fixed: i32 = columns
        .iter()
        .map(|c| match c.width {
            ColumnWidth::Fixed(pt) => pt.twips().max(0),
            _ => 0,
        })
        .sum();
    let rest = f64::from((width - fixed).max(0));
    let total: f64 = columns.iter().map(share).sum();
    let mut before = 0.0;
    columns
        .iter()
        .map(|c| match c.width {
            ColumnWidth::Fixed(pt) => pt.twips().max(0),
            _ if total <= 0.0 => 0,
            _ => {
                let start = (rest * before / total).round() as i32;
                before += share(c);
                (rest * before / total).round() as i32 - start
            }
        })
        .collect()
}
