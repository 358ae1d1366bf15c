//! Pagination: blocks of lines onto pages with keep-with-next chains, widow and orphan
//! control by backing off line by line, and headers and footers with page numbers.

use super::flow::{FlowBlock, TableFrame};
use super::pages::{Line, OutlineEntry, Rule};
use crate::layouts::Layout;
use crate::units::Pt;

/// Where one line of one block went.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placed {
    pub page: usize,
    pub block: usize,
    pub line: usize,
    pub baseline: f32,
    /// A table's header row set again at the top of a page the table runs onto.
    pub repeated: bool,
}

/// How many of `n` lines to set on a page with room for `fit`: all if they fit, none if the
/// rules leave fewer than `orphans` here, and at most `n - widows` so that enough follow.
pub fn lines_here(n: usize, fit: usize, orphans: usize, widows: usize) -> usize {
    if fit >= n {
        return n;
    }
    let k = fit.min(n.saturating_sub(widows));
    if k < orphans.min(n) { 0 } else { k }
}

/// The paginator's decisions: where every line goes. `assemble` then moves the lines there.
pub struct Paginated {
    pub page_count: usize,
    pub outline: Vec<OutlineEntry>,
    /// In reading order.
    pub placement: Vec<Placed>,
    /// Table rules, by page.
    pub rules: Vec<(usize, Rule)>,
}

/// Sets `blocks[header]` at `y` on `page` as repeated header rows; returns where they end
/// and the space their last row asks after it.
fn repeat_header(
    blocks: &[FlowBlock],
    header: std::ops::Range<usize>,
    page: usize,
    mut y: f32,
    placement: &mut Vec<Placed>,
) -> (f32, Option<f32>) {
    let mut after = None;
    for b in header {
        let block = &blocks[b];
        if let Some(a) = after {
            y += f32::max(a, block.space_before);
        }
        for line in 0..block.lines.len() {
            placement.push(Placed {
                page,
                block: b,
                line,
                baseline: y + block.baseline,
                repeated: true,
            });
            y += block.leading;
        }
        after = Some(block.space_after);
    }
    (y, after)
}

/// The header rows to repeat before block `i` on a new page: those of its table, when it
/// is a body row of a table that has header rows.
fn header_for(
    blocks: &[FlowBlock],
    tables: &[TableFrame],
    i: usize,
) -> Option<std::ops::Range<usize>> {
    let part = blocks.get(i)?.table?;
    let header = tables.get(part.table)?.header.clone();
    (!part.header && !header.is_empty()).then_some(header)
}

pub fn paginate(blocks: &[FlowBlock], tables: &[TableFrame], layout: &Layout) -> Paginated {
    let top = layout.page.margin_top.0;
    let bottom = layout.page.height.0 - layout.page.margin_bottom.0;
    let (orphans, widows) = (layout.pagination.orphans, layout.pagination.widows);
    // A little slack so that rounding never pushes a line that fits onto the next page.
    let fits = |y: f32, h: f32| y + h <= bottom + 0.01;

    // Lines set on each page so far; only counts are needed to decide.
    let mut pages: Vec<usize> = vec![0];
    let mut outline = Vec::new();
    let mut placement = Vec::new();
    let mut y = top;
    let mut prev_after: Option<f32> = None; // None at the top of a page
    let mut i = 0;
    while i < blocks.len() {
        let block = &blocks[i];
        if block.break_before && prev_after.is_some() {
            pages.push(0);
            (y, prev_after) = (top, None);
        }
        // A chain of keep-with-next blocks goes to the next page unless it fits here
        // together with the lines the next block would set here.
        if block.keep_with_next && prev_after.is_some() {
            let mut end = i;
            let mut h = prev_after.unwrap_or(0.0).max(block.space_before);
            let mut after: f32 = 0.0;
            while end < blocks.len() && blocks[end].keep_with_next {
                let b = &blocks[end];
                if end > i {
                    h += after.max(b.space_before);
                }
                h += b.lines.len() as f32 * b.leading;
                after = b.space_after;
                end += 1;
            }
            let chain_fits = fits(y, h)
                && blocks.get(end).is_none_or(|next| {
                    let start = y + h + after.max(next.space_before);
                    let room = ((bottom + 0.01 - start) / next.leading).floor().max(0.0) as usize;
                    lines_here(next.lines.len(), room, orphans, widows) > 0
                });
            if !chain_fits {
                pages.push(0);
                (y, prev_after) = (top, None);
                if let Some(header) = header_for(blocks, tables, i) {
                    (y, prev_after) =
                        repeat_header(blocks, header, pages.len() - 1, y, &mut placement);
                }
            }
        }
        // A row that may not split goes whole to the next page when it does not fit here.
        if block.keep_together && prev_after.is_some() {
            let start = y + prev_after.unwrap_or(0.0).max(block.space_before);
            let h = block.lines.len() as f32 * block.leading;
            if !fits(start, h) && fits(top, h) {
                pages.push(0);
                (y, prev_after) = (top, None);
                if let Some(header) = header_for(blocks, tables, i) {
                    (y, prev_after) =
                        repeat_header(blocks, header, pages.len() - 1, y, &mut placement);
                }
            }
        }
        if let Some(after) = prev_after {
            y += after.max(block.space_before);
        }
        let mut line = 0;
        while line < block.lines.len() {
            let room = ((bottom + 0.01 - y) / block.leading).floor().max(0.0) as usize;
            let left = block.lines.len() - line;
            let mut k = if line == 0 {
                lines_here(left, room, orphans, widows)
            } else {
                lines_here(left, room, 1, widows)
            };
            // A word hyphenated across a page turn is hard to read: end the page a line
            // earlier when the rules allow it.
            let min_here = if line == 0 { orphans } else { 1 };
            if k > 0 && k < left && block.lines[line + k - 1].hyphenated {
                k = if k > min_here {
                    k - 1
                } else if line == 0 {
                    0
                } else {
                    k
                };
            }
            let page_is_empty = pages.last().is_none_or(|&n| n == 0);
            if k == 0 && page_is_empty {
                // Nothing can move further back: set what fits, rules or not.
                k = room.max(1).min(left);
            }
            for l in line..line + k {
                let page = pages.len() - 1;
                if l == 0
                    && let Some((level, title)) = &block.heading
                {
                    outline.push(OutlineEntry {
                        level: *level,
                        title: title.clone(),
                        page,
                        y: Pt(y),
                    });
                }
                *pages.last_mut().expect("there is always a page") += 1;
                placement.push(Placed {
                    page,
                    block: i,
                    line: l,
                    baseline: y + block.baseline,
                    repeated: false,
                });
                y += block.leading;
            }
            line += k;
            if line < block.lines.len() {
                debug_assert!(fits(top, block.leading), "a line taller than the page");
                pages.push(0);
                y = top;
                if let Some(header) = header_for(blocks, tables, i) {
                    let (end, after) =
                        repeat_header(blocks, header, pages.len() - 1, y, &mut placement);
                    y = end + after.unwrap_or(0.0).max(block.space_before);
                }
            }
        }
        prev_after = Some(block.space_after);
        i += 1;
    }
    // No empty page: drop any trailing page left empty by a break.
    while pages.len() > 1 && pages.last() == Some(&0) {
        pages.pop();
    }
    let rules = table_rules(blocks, tables, &placement, layout);
    Paginated {
        page_count: pages.len(),
        outline,
        placement,
        rules,
    }
}

/// The rules of every table on every page it reaches: above its first row there, below
/// its header rows, below its last row there, and between columns when the layout asks.
fn table_rules(
    blocks: &[FlowBlock],
    tables: &[TableFrame],
    placement: &[Placed],
    layout: &Layout,
) -> Vec<(usize, Rule)> {
    let style = &layout.tables;
    let pad = style.padding.0;
    // Per (page, table): top, bottom, and the bottom of the header rows.
    let mut spans: Vec<(usize, usize, f32, f32, Option<f32>)> = Vec::new();
    for p in placement {
        let block = &blocks[p.block];
        let Some(part) = block.table else { continue };
        let top = p.baseline - block.baseline;
        let bottom = top + block.leading;
        match spans.last_mut() {
            Some(s) if s.0 == p.page && s.1 == part.table => {
                s.3 = s.3.max(bottom);
                if part.header {
                    s.4 = Some(s.4.unwrap_or(bottom).max(bottom));
                }
            }
            _ => spans.push((
                p.page,
                part.table,
                top,
                bottom,
                part.header.then_some(bottom),
            )),
        }
    }
    let mut rules = Vec::new();
    for (page, table, top, bottom, header) in spans {
        let frame = &tables[table];
        let (x, width) = (Pt(frame.left), Pt(frame.right - frame.left));
        let (top, bottom) = (top - pad, bottom + pad);
        let mut hline = |y: f32, h: Pt| {
            if h.0 > 0.0 {
                rules.push((
                    page,
                    Rule {
                        x,
                        y: Pt(y - h.0 / 2.0),
                        width,
                        height: h,
                    },
                ));
            }
        };
        hline(top, style.rule);
        if let Some(h) = header {
            hline(h + pad, style.header_rule);
        }
        hline(bottom, style.rule);
        if style.vertical {
            for &cx in &frame.columns {
                let w = style.header_rule;
                rules.push((
                    page,
                    Rule {
                        x: Pt(cx - w.0 / 2.0),
                        y: Pt(top),
                        width: w,
                        height: Pt(bottom - top),
                    },
                ));
            }
        }
    }
    rules
}

/// A laid-out line moved to its place on the page.
pub fn positioned(
    mut runs: Vec<super::pages::GlyphRun>,
    x: f32,
    baseline: f32,
    node: usize,
) -> Line {
    for run in &mut runs {
        run.x = Pt(run.x.0 + x);
    }
    Line {
        node,
        baseline: Pt(baseline),
        runs,
    }
}

#[cfg(test)]
mod tests {
    use super::lines_here;

    #[test]
    fn widow_and_orphan_rules() {
        assert_eq!(lines_here(5, 10, 2, 2), 5);
        assert_eq!(lines_here(5, 1, 2, 2), 0, "one line would be an orphan");
        assert_eq!(lines_here(5, 4, 2, 2), 3, "one line left would be a widow");
        assert_eq!(lines_here(3, 2, 2, 2), 0, "three lines cannot split 2/2");
        assert_eq!(lines_here(10, 6, 2, 2), 6);
    }
}
