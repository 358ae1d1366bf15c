//! Validating a `table:` block: column widths and alignments, cells and their spans, so that
//! every row covers the grid exactly once.

use std::path::Path;

use serde_saphyr::Spanned;

use crate::definition::{self, CellDef, TableDef, Text};
use crate::diag::{Diagnostic, Diagnostics, SourceRef};
use crate::units::Pt;

use super::validate::{inlines, nonempty, parse_checked};
use super::{Cell, CellAlign, Column, ColumnWidth, Inline, List, ListItem, Row, Table};

/// The most columns and rows a table may have; far past any official table.
pub const MAX_COLUMNS: usize = 64;
pub const MAX_ROWS: usize = 10_000;

pub fn validate_table(
    file: &Path,
    def: &TableDef,
    at: SourceRef,
    diags: &mut Diagnostics,
) -> Table {
    let caption = def
        .caption
        .as_ref()
        .map(|c| inlines(file, c, diags))
        .unwrap_or_default();
    let header = rows(file, &def.header, diags);
    let body = rows(file, &def.rows, diags);
    if body.is_empty() {
        diags.push(Diagnostic::error(
            at.clone(),
            "the table has no `rows`; expected at least one",
        ));
    }
    // The grid's width: what the widths say, or the widest row.
    let widest = header
        .iter()
        .chain(&body)
        .map(|r| r.cells.iter().map(|c| c.colspan).sum::<usize>())
        .max()
        .unwrap_or(0);
    let count = def.columns.as_ref().map_or(widest, |c| c.value.len());
    if count > MAX_COLUMNS {
        diags.push(Diagnostic::error(
            at.clone(),
            format!("the table has {count} columns; expected at most {MAX_COLUMNS}"),
        ));
    }
    if header.len() + body.len() > MAX_ROWS {
        diags.push(Diagnostic::error(
            at.clone(),
            format!(
                "the table has {} rows; expected at most {MAX_ROWS}",
                header.len() + body.len()
            ),
        ));
    }
    let widths = match &def.columns {
        Some(c) => c.value.iter().map(|w| width(file, w, diags)).collect(),
        None => vec![ColumnWidth::Fraction(1.0); count],
    };
    let aligns: Vec<CellAlign> = match &def.align {
        Some(a) => {
            if a.value.len() != count {
                diags.push(Diagnostic::error(
                    definition::at(file, a),
                    format!(
                        "`align` has {} entries; expected one per column ({count})",
                        a.value.len()
                    ),
                ));
            }
            a.value.iter().map(|v| align(file, v, diags)).collect()
        }
        None => Vec::new(),
    };
    let columns = widths
        .into_iter()
        .enumerate()
        .map(|(i, width)| Column {
            width,
            align: aligns.get(i).copied().unwrap_or(CellAlign::Start),
        })
        .collect();
    check_grid(&header, count, "header", diags);
    check_grid(&body, count, "rows", diags);
    Table {
        caption,
        columns,
        header,
        rows: body,
        at,
    }
}

fn rows(file: &Path, defs: &[Spanned<Vec<Spanned<CellDef>>>], diags: &mut Diagnostics) -> Vec<Row> {
    defs.iter()
        .map(|row| Row {
            cells: row.value.iter().map(|c| cell(file, c, diags)).collect(),
            at: definition::at(file, row),
        })
        .collect()
}

fn cell(file: &Path, def: &Spanned<CellDef>, diags: &mut Diagnostics) -> Cell {
    let at = definition::at(file, def);
    match &def.value {
        CellDef::Text(text) => Cell {
            paras: vec![parse_checked(text, &at, diags)],
            list: None,
            colspan: 1,
            rowspan: 1,
            at,
        },
        CellDef::Map(map) => {
            let mut span = |value: &Option<Spanned<i64>>, what: &str| match value {
                None => 1,
                Some(v) if (1..=MAX_COLUMNS as i64).contains(&v.value) => v.value as usize,
                Some(v) => {
                    diags.push(Diagnostic::error(
                        definition::at(file, v),
                        format!("`{what}` is {}; expected 1 to {MAX_COLUMNS}", v.value),
                    ));
                    1
                }
            };
            let colspan = span(&map.colspan, "colspan");
            let rowspan = span(&map.rowspan, "rowspan");
            // `text` may be empty (an empty cell, as a bare `""` is); the entries of
            // `paragraphs` and `items` may not, and neither list may be empty.
            let mut paras: Vec<Vec<Inline>> =
                map.text.iter().map(|t| inlines(file, t, diags)).collect();
            for (key, list) in [("paragraphs", &map.paragraphs), ("items", &map.items)] {
                if let Some(list) = list.as_ref().filter(|l| l.value.is_empty()) {
                    diags.push(Diagnostic::error(
                        definition::at(file, list),
                        format!("the cell's `{key}` is empty; expected at least one entry"),
                    ));
                }
            }
            if let Some(more) = &map.paragraphs {
                paras.extend(
                    (more.value.iter()).map(|p| nonempty(file, p, "cell paragraph", diags)),
                );
            }
            let list = map.items.as_ref().map(|items| List {
                numbered: map.numbered.unwrap_or(false),
                items: (items.value.iter())
                    .map(|i| ListItem {
                        text: nonempty(file, i, "cell list item", diags),
                        sublist: None,
                        at: definition::at(file, i),
                    })
                    .collect(),
                at: definition::at(file, items),
            });
            if map.text.is_none() && map.paragraphs.is_none() && map.items.is_none() {
                diags.push(Diagnostic::error(
                    at.clone(),
                    "the cell has no `text`, `paragraphs` or `items`; expected at least one of them",
                ));
            }
            if map.numbered.is_some() && map.items.is_none() {
                diags.push(Diagnostic::error(
                    at.clone(),
                    "`numbered` belongs to a cell's `items`; this cell has none",
                ));
            }
            Cell {
                paras,
                list,
                colspan,
                rowspan,
                at,
            }
        }
    }
}

/// Every row must cover `count` grid columns, counting the cells that reach down into it
/// from rows above; a rowspan may not run past the last row of its section.
fn check_grid(rows: &[Row], count: usize, section: &str, diags: &mut Diagnostics) {
    // For each grid column, how many more rows a cell from above still covers.
    let mut covered = vec![0usize; count];
    for (r, row) in rows.iter().enumerate() {
        let mut col = 0;
        for cell in &row.cells {
            while col < count && covered[col] > 0 {
                col += 1;
            }
            if col + cell.colspan > count {
                diags.push(Diagnostic::error(
                    cell.at.clone(),
                    format!(
                        "this cell reaches past column {count}; expected every row of `{section}` to fill {count} columns"
                    ),
                ));
                break;
            }
            if r + cell.rowspan > rows.len() {
                diags.push(Diagnostic::error(
                    cell.at.clone(),
                    format!(
                        "`rowspan` {} runs past the last row of `{section}`",
                        cell.rowspan
                    ),
                ));
            }
            for c in &mut covered[col..col + cell.colspan] {
                *c = cell.rowspan;
            }
            col += cell.colspan;
        }
        let filled = covered.iter().filter(|&&c| c > 0).count();
        if filled != count {
            diags.push(Diagnostic::error(
                row.at.clone(),
                format!(
                    "this row of `{section}` fills {filled} of the table's {count} columns; expected all of them"
                ),
            ));
        }
        for c in &mut covered {
            *c = c.saturating_sub(1);
        }
    }
}

fn width(file: &Path, value: &Text, diags: &mut Diagnostics) -> ColumnWidth {
    let v = value.value.trim();
    if v == "auto" {
        return ColumnWidth::Auto;
    }
    if let Some(fr) = v.strip_suffix("fr")
        && let Ok(n) = fr.trim().parse::<f32>()
        && n.is_finite()
        && n > 0.0
        && n <= 1000.0
    {
        return ColumnWidth::Fraction(n);
    }
    match Pt::parse(v) {
        Some(pt) if pt.0 > 0.0 && pt.0 <= 14_400.0 => ColumnWidth::Fixed(pt),
        _ => {
            diags.push(Diagnostic::error(
                definition::at(file, value),
                format!("column width `{v}`; expected a share such as `2fr`, a length such as `30mm`, or `auto`"),
            ));
            ColumnWidth::Fraction(1.0)
        }
    }
}

fn align(file: &Path, value: &Text, diags: &mut Diagnostics) -> CellAlign {
    match value.value.trim() {
        "start" | "left" => CellAlign::Start,
        "center" => CellAlign::Center,
        "end" | "right" => CellAlign::End,
        "decimal" => CellAlign::Decimal,
        other => {
            diags.push(Diagnostic::error(
                definition::at(file, value),
                format!(
                    "column alignment `{other}`; expected `start`, `center`, `end` or `decimal`"
                ),
            ));
            CellAlign::Start
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::definition::{self, ContentDef};
    use crate::diag::Diagnostics;
    use crate::model::{CellAlign, ColumnWidth};
    use std::path::Path;

    fn table(yaml: &str) -> (Option<crate::model::Table>, Diagnostics) {
        let text = format!("title: T\nbody:\n  - table:\n{yaml}");
        let def: ContentDef = definition::parse_yaml(Path::new("e.yaml"), &text).unwrap();
        let mut diags = Diagnostics::default();
        let block = &def.body[0];
        let at = definition::at(Path::new("e.yaml"), block);
        let definition::BlockDef::Map(map) = &block.value else {
            panic!("not a map")
        };
        let t = super::validate_table(
            Path::new("e.yaml"),
            map.table.as_ref().unwrap(),
            at,
            &mut diags,
        );
        (Some(t).filter(|_| !diags.has_errors()), diags)
    }

    #[test]
    fn widths_alignments_and_spans() {
        let (t, d) = table(
            "      columns: [2fr, 30mm, auto]\n      align: [start, center, decimal]\n      header:\n        - [A, B, C]\n      rows:\n        - [{text: x, rowspan: 2}, 1, 2.5]\n        - [{text: y, colspan: 2}]\n",
        );
        let t = t.unwrap_or_else(|| panic!("{d}"));
        assert_eq!(t.columns[0].width, ColumnWidth::Fraction(2.0));
        assert!(matches!(t.columns[1].width, ColumnWidth::Fixed(_)));
        assert_eq!(t.columns[2].width, ColumnWidth::Auto);
        assert_eq!(t.columns[2].align, CellAlign::Decimal);
        assert_eq!(t.rows[0].cells[2].paras[0][0].text, "2.5");
    }

    #[test]
    fn rows_that_do_not_fill_the_grid_are_errors_with_positions() {
        let (t, d) = table(
            "      columns: [1fr, 1fr, 1fr]\n      rows:\n        - [a, b, c]\n        - [a, b]\n        - [a, {text: b, colspan: 3}]\n        - [{text: z, rowspan: 5}, b, c]\n",
        );
        assert!(t.is_none());
        let text = d.to_string();
        assert!(
            text.contains("e.yaml:7:11: this row of `rows` fills 2 of the table's 3 columns"),
            "{text}"
        );
        assert!(
            text.contains("e.yaml:8:15: this cell reaches past column 3"),
            "{text}"
        );
        assert!(
            text.contains("`rowspan` 5 runs past the last row"),
            "{text}"
        );
    }

    #[test]
    fn bad_widths_and_alignments_name_the_value() {
        let (_, d) = table(
            "      columns: [2fr, wide]\n      align: [start, middle, end]\n      rows:\n        - [a, b]\n",
        );
        let text = d.to_string();
        assert!(text.contains("column width `wide`"), "{text}");
        assert!(text.contains("column alignment `middle`"), "{text}");
        assert!(
            text.contains("`align` has 3 entries; expected one per column (2)"),
            "{text}"
        );
    }
}
