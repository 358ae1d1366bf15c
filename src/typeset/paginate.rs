//! Pagination: blocks of lines onto pages with keep-with-next chains, widow and orphan
//! control by backing off line by line, and headers and footers with page numbers.

use super::flow::FlowBlock;
use super::pages::{Line, OutlineEntry};
use crate::layouts::Layout;
use crate::units::Pt;

/// Where one line of one block went.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placed {
    pub page: usize,
    pub block: usize,
    pub line: usize,
    pub baseline: f32,
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
}

pub fn paginate(blocks: &[FlowBlock], layout: &Layout) -> Paginated {
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
                });
                y += block.leading;
            }
            line += k;
            if line < block.lines.len() {
                debug_assert!(fits(top, block.leading), "a line taller than the page");
                pages.push(0);
                y = top;
            }
        }
        prev_after = Some(block.space_after);
        i += 1;
    }
    // No empty page: drop any trailing page left empty by a break.
    while pages.len() > 1 && pages.last() == Some(&0) {
        pages.pop();
    }
    Paginated {
        page_count: pages.len(),
        outline,
        placement,
    }
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
