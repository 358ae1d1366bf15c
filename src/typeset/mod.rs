//! Typesetting: shaping, line breaking, hyphenation and pagination into `Pages`, with a
//! typography report of what the result looks like to a typesetter.

pub mod analyze;
pub mod dump;
pub mod flow;
pub mod furniture;
pub mod line;
pub mod linebreak;
pub mod pages;
pub mod paginate;
pub mod shape;

pub use pages::Pages;

use crate::edition::Edition;
use crate::fonts::FontBook;
use crate::layouts::Layout;

/// The typography report of one edition.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Stats {
    pub pages: usize,
    pub lines: usize,
    pub hyphenated_lines: usize,
    /// Largest |adjustment ratio| over justified lines that are not paragraph ends.
    pub worst_ratio: f32,
    pub overfull_lines: usize,
    pub widows: usize,
    pub orphans: usize,
    pub stranded_headings: usize,
}

/// A laid-out edition, its typography report, and warnings for the user.
pub struct Typeset {
    pub pages: Pages,
    pub stats: Stats,
    pub warnings: Vec<String>,
}

pub fn typeset(edition: &Edition, layout: &Layout, fonts: &FontBook) -> Typeset {
    let mut builder = flow::FlowBuilder::new(edition, layout, fonts);
    let (blocks, structure) = builder.build();
    let paginated = paginate::paginate(&blocks, layout);
    let stats = measure(&blocks, &paginated.placement, layout, paginated.page_count);
    let warnings = blocks
        .iter()
        .filter(|b| b.lines.iter().any(|l| l.line.overfull))
        .map(|b| format!("{}: a word is wider than the line and sticks out", b.label))
        .collect();
    let mut pages = paginate::assemble(blocks, &paginated);
    furniture::add(&mut pages, &mut builder);
    Typeset {
        pages: Pages {
            width: layout.page.width,
            height: layout.page.height,
            pages,
            structure,
            outline: paginated.outline,
        },
        stats,
        warnings,
    }
}

/// Counts from where lines actually went, not from what the paginator meant to do.
fn measure(
    blocks: &[flow::FlowBlock],
    placement: &[paginate::Placed],
    layout: &Layout,
    pages: usize,
) -> Stats {
    let mut stats = Stats {
        pages,
        ..Stats::default()
    };
    for block in blocks {
        let n = block.lines.len();
        for (i, l) in block.lines.iter().enumerate() {
            stats.lines += 1;
            stats.hyphenated_lines += l.line.hyphenated as usize;
            stats.overfull_lines += l.line.overfull as usize;
            if i + 1 < n && block.justified {
                stats.worst_ratio = stats.worst_ratio.max(l.line.ratio.abs());
            }
        }
    }
    // Per block: (first page, last page, lines on the first page, lines on the last page).
    let mut spans: Vec<Option<(usize, usize, usize, usize)>> = vec![None; blocks.len()];
    for &paginate::Placed { page, block, .. } in placement {
        let span = spans[block].get_or_insert((page, page, 0, 0));
        if page == span.0 {
            span.2 += 1;
        }
        if page != span.1 {
            (span.1, span.3) = (page, 0);
        }
        span.3 += 1;
    }
    for (b, block) in blocks.iter().enumerate() {
        let Some((first, last, on_first, on_last)) = spans[b] else {
            continue;
        };
        if first != last {
            stats.orphans += (on_first < layout.pagination.orphans) as usize;
            stats.widows += (on_last < layout.pagination.widows) as usize;
        }
        let next_first = spans.get(b + 1).copied().flatten().map(|s| s.0);
        if block.heading.is_some() && next_first.is_some_and(|p| p != last) {
            stats.stranded_headings += 1;
        }
    }
    stats
}
