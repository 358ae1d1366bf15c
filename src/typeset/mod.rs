//! Typesetting: shaping, line breaking, hyphenation and pagination into `Pages`, with a
//! typography report of what the result looks like to a typesetter.

pub mod analyze;
mod contents;
pub mod dump;
pub mod flow;
pub mod furniture;
pub mod hyphenate;
pub mod line;
pub mod linebreak;
mod masthead;
pub mod pages;
pub mod paginate;
pub mod shape;
mod table;

pub use pages::{DocInfo, Page, Pages};

use crate::edition::Edition;
use crate::fonts::FontBook;
use crate::layouts::{Layout, NoteMarks};
use crate::units::Pt;

/// An adjustment ratio above which a justified line reads as loose.
pub const LOOSE_RATIO: f32 = 1.5;

/// The typography report of one edition.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Stats {
    pub pages: usize,
    pub lines: usize,
    pub hyphenated_lines: usize,
    /// Largest |adjustment ratio| over justified lines that are not paragraph ends.
    pub worst_ratio: f32,
    /// Justified lines (paragraph ends aside) whose spaces stretch more than half again.
    pub loose_lines: usize,
    /// Justified lines (paragraph ends aside) stretched past the layout's tolerance.
    pub over_tolerance: usize,
    /// Of those, lines in paragraphs that some other choice of breaks (any hyphenation point
    /// the language allows, a tie, a capitalised word, a stack of hyphens) sets within the
    /// tolerance: always 0 unless the breaker misses a way.
    pub avoidable_over_tolerance: usize,
    pub overfull_lines: usize,
    pub widows: usize,
    pub orphans: usize,
    pub stranded_headings: usize,
    /// Pages with room at the foot (above their notes) for [`SHORT_PAGE_LINES`] or more lines
    /// of the block the next page starts with: not the last page, nor a page before a
    /// forced break.
    pub short_pages: usize,
}

/// Lines of room left at the foot of a page from which the report calls the page short.
pub const SHORT_PAGE_LINES: usize = 3;

/// A laid-out edition, its typography report, and warnings for the user.
pub struct Typeset {
    pub pages: Pages,
    pub stats: Stats,
    pub warnings: Vec<String>,
}

/// A laid-out edition whose pages are made one at a time, for a writer that drops each page
/// once drawn: lines are broken and paginated for the whole edition first (so the page count,
/// the outline and the structure are known), but glyph runs exist for one page at a time.
pub struct Streamed<'a> {
    pub pages: PageStream<'a>,
    pub stats: Stats,
    pub warnings: Vec<String>,
}

/// Everything about the pages up front, and the pages themselves in order.
pub struct PageStream<'a> {
    pub info: DocInfo,
    pub width: Pt,
    pub height: Pt,
    pub count: usize,
    /// Logical structure in reading order; `Line::node` points into it.
    pub structure: Vec<pages::StructNode>,
    /// Headings in reading order, for bookmarks.
    pub outline: Vec<pages::OutlineEntry>,
    pub pages: PageMaker<'a>,
}

/// How many glyphs' worth of blocks a streamed job keeps from the first pass: about 12 MiB
/// of glyph runs, more than the ×50 benchmark's 144 pages need, so ordinary reports are
/// built once and only long ones build the glyphs of later blocks a second time (analysis
/// and line building again, no line breaking, shaping from the cache).
pub const KEEP_GLYPHS: usize = 1 << 19;

/// Lays out the whole edition at once (dumps, tests, benchmarks).
pub fn typeset(edition: &Edition, layout: &Layout, fonts: &FontBook) -> Typeset {
    let streamed = stream_keeping(edition, layout, fonts, usize::MAX);
    let PageStream {
        info,
        width,
        height,
        structure,
        outline,
        pages,
        ..
    } = streamed.pages;
    Typeset {
        pages: Pages {
            info,
            width,
            height,
            pages: pages.collect(),
            structure,
            outline,
        },
        stats: streamed.stats,
        warnings: streamed.warnings,
    }
}

/// Lays out the edition for a streaming writer, keeping at most [`KEEP_GLYPHS`] from the
/// first pass.
pub fn stream<'a>(edition: &'a Edition, layout: &'a Layout, fonts: &'a FontBook) -> Streamed<'a> {
    stream_keeping(edition, layout, fonts, KEEP_GLYPHS)
}

/// [`stream`] with a chosen budget; the pages are the same whatever it is.
pub fn stream_keeping<'a>(
    edition: &'a Edition,
    layout: &'a Layout,
    fonts: &'a FontBook,
    keep_glyphs: usize,
) -> Streamed<'a> {
    let LaidOut {
        mut builder,
        blocks,
        structure,
        paginated,
        settled,
    } = lay_out(edition, layout, fonts, keep_glyphs);
    let first_note = builder.notes.first().copied().unwrap_or(blocks.len());
    let mut stats = measure(
        &blocks,
        first_note,
        &paginated.placement,
        layout,
        paginated.page_count,
    );
    stats.avoidable_over_tolerance = builder.avoidable_loose;
    let mut warnings: Vec<String> = blocks
        .iter()
        .filter(|b| b.lines.iter().any(|l| l.overfull))
        .map(|b| format!("{}: a word is wider than the line and sticks out", b.label))
        .collect();
    // Header and footer lines that do not fit are overfull lines too.
    let (overfull, furniture) = furniture::overflows(&mut builder, paginated.page_count);
    stats.overfull_lines += overfull;
    warnings.extend(furniture);
    if !settled {
        warnings.push(format!(
            "the contents' page numbers still changed the pages after {CONTENTS_PASSES} passes; some may be a page off"
        ));
    }
    let paginate::Paginated {
        page_count,
        outline,
        placement,
        rules,
    } = paginated;
    Streamed {
        pages: PageStream {
            info: doc_info(edition),
            width: layout.page.width,
            height: layout.page.height,
            count: page_count,
            structure,
            outline,
            pages: PageMaker {
                first_note: builder.notes.first().copied().unwrap_or(usize::MAX),
                builder,
                blocks,
                placement,
                rules,
                next: 0,
                page: 0,
                count: page_count,
                current: None,
                current_note: None,
            },
        },
        stats,
        warnings,
    }
}

/// How many times the contents' entries are set again with their headings' pages before the
/// layout is taken as it is: new numbers can change an entry's lines, and so the pages.
pub const CONTENTS_PASSES: usize = 3;

/// An edition broken into lines and paginated, its contents' page numbers settled.
struct LaidOut<'a> {
    builder: flow::FlowBuilder<'a>,
    blocks: Vec<flow::FlowBlock<'a>>,
    structure: Vec<pages::StructNode>,
    paginated: paginate::Paginated,
    /// Whether the last pass printed the pages its headings are on.
    settled: bool,
}

/// How many times footnote marks that restart on every page are set again after pagination
/// moved a note to another page (each time the whole flow is laid out again).
pub const NOTE_MARK_PASSES: usize = 3;

/// Lays the edition out ([`lay_out_marked`]); when the layout restarts footnote marks on
/// every page, again with the marks the pages give until they stand.
fn lay_out<'a>(
    edition: &'a Edition,
    layout: &'a Layout,
    fonts: &'a FontBook,
    keep_glyphs: usize,
) -> LaidOut<'a> {
    let mut laid = lay_out_marked(edition, layout, fonts, keep_glyphs, None);
    if !layout.footnotes.restart_each_page || laid.builder.notes.is_empty() {
        return laid;
    }
    for _ in 0..NOTE_MARK_PASSES {
        let marks = page_marks(&laid, layout);
        if laid.builder.marks.as_ref() == Some(&marks) {
            break;
        }
        laid = lay_out_marked(edition, layout, fonts, keep_glyphs, Some(marks));
    }
    laid
}

/// Each footnote's mark counted from the first on the page its reference is on.
fn page_marks(laid: &LaidOut, layout: &Layout) -> Vec<String> {
    let mut page_of = vec![0; laid.builder.notes.len()];
    for placed in laid.paginated.placement.iter().filter(|p| !p.repeated) {
        for &n in &laid.blocks[placed.block].lines[placed.line].notes {
            page_of[n] = placed.page;
        }
    }
    let mut marks = Vec::with_capacity(page_of.len());
    let mut counted = (usize::MAX, 0);
    for (page, starred) in page_of.into_iter().zip(&laid.builder.starred) {
        // A starred note keeps its stars (compose's); numbers do not count it, symbols go on
        // from it.
        if *starred && layout.footnotes.marks == NoteMarks::Numbers {
            marks.push(String::new());
            continue;
        }
        counted = if counted.0 == page {
            (page, counted.1 + 1)
        } else {
            (page, 0)
        };
        marks.push(match starred {
            true => String::new(),
            false => layout.footnotes.marks.mark(counted.1),
        });
    }
    marks
}

/// Breaks and paginates the edition with the given footnote marks; while a contents block
/// shows page numbers other than its headings' pages, sets its entries again with those pages
/// (the rest of the flow is kept) and paginates again, at most [`CONTENTS_PASSES`] times.
fn lay_out_marked<'a>(
    edition: &'a Edition,
    layout: &'a Layout,
    fonts: &'a FontBook,
    keep_glyphs: usize,
    marks: Option<Vec<String>>,
) -> LaidOut<'a> {
    let mut builder = flow::FlowBuilder::new(edition, layout, fonts, keep_glyphs);
    builder.marks = marks;
    let (mut blocks, structure) = builder.build();
    let rtl = edition.lang.direction == crate::edition::Direction::Rtl;
    let paginate = |blocks: &[flow::FlowBlock], builder: &flow::FlowBuilder| {
        paginate::paginate(blocks, &builder.tables, &builder.notes, layout, rtl)
    };
    let mut paginated = paginate(&blocks, &builder);
    let mut passes = 0;
    let settled = loop {
        let pages: Vec<usize> = paginated.outline.iter().map(|e| e.page).collect();
        if builder.shows(&pages) {
            break true;
        }
        if passes == CONTENTS_PASSES {
            break false;
        }
        builder.renumber(&mut blocks, &pages);
        paginated = paginate(&blocks, &builder);
        passes += 1;
    };
    builder.link_entries(&paginated.outline);
    LaidOut {
        builder,
        blocks,
        structure,
        paginated,
        settled,
    }
}

/// The page (from 1) of every heading of the edition, in reading order, as the PDF paginates
/// it: the numbers a DOCX's table of contents shows. Lays the edition out without building
/// glyphs; a job that typesets the edition anyway asks [`PageStream::heading_pages`].
pub fn heading_pages(edition: &Edition, layout: &Layout, fonts: &FontBook) -> Vec<usize> {
    let laid = lay_out(edition, layout, fonts, 0);
    laid.paginated.outline.iter().map(|e| e.page + 1).collect()
}

/// Where the edition's balanced titles and headings break their lines, as the PDF sets them
/// (`flow::FlowBuilder::title_breaks`): shapes and breaks those paragraphs only, for the
/// DOCX to write the same lines.
pub fn title_breaks(
    edition: &Edition,
    layout: &Layout,
    fonts: &FontBook,
) -> Vec<(usize, Vec<usize>)> {
    flow::FlowBuilder::new(edition, layout, fonts, 0).title_breaks()
}

impl PageStream<'_> {
    /// The page (from 1) of every heading, in reading order (see [`heading_pages`]).
    pub fn heading_pages(&self) -> Vec<usize> {
        self.outline.iter().map(|e| e.page + 1).collect()
    }
}

/// Makes the pages in order: moves each line to its page and baseline, then adds the
/// furniture. A block's glyphs are made (or taken) when its first line is placed and dropped
/// when the next block starts; footnotes, placed at the foot of each page between a body
/// block's pages, have a slot of their own.
pub struct PageMaker<'a> {
    builder: flow::FlowBuilder<'a>,
    /// Blocks from here on are footnotes, one per note.
    first_note: usize,
    blocks: Vec<flow::FlowBlock<'a>>,
    /// In reading order.
    placement: Vec<paginate::Placed>,
    /// By page.
    rules: Vec<(usize, pages::Rule)>,
    next: usize,
    page: usize,
    count: usize,
    /// The block being placed and its lines not placed yet.
    current: Option<(usize, Vec<Option<line::LaidLine>>)>,
    /// The same for the footnote being placed.
    current_note: Option<(usize, Vec<Option<line::LaidLine>>)>,
}

impl Iterator for PageMaker<'_> {
    type Item = pages::Page;

    fn next(&mut self) -> Option<pages::Page> {
        if self.page >= self.count {
            return None;
        }
        let mut page = pages::Page::default();
        page.rules = self
            .rules
            .iter()
            .filter(|(p, _)| *p == self.page)
            .map(|(_, rule)| *rule)
            .collect();
        while let Some(&placed) = self.placement.get(self.next)
            && placed.page == self.page
        {
            self.next += 1;
            let flow_line = &self.blocks[placed.block].lines[placed.line];
            if let Some((image, width, height)) = &flow_line.image {
                page.images.push(pages::PlacedImage {
                    image: image.clone(),
                    x: Pt(flow_line.x),
                    y: Pt(placed.baseline - height),
                    width: Pt(*width),
                    height: Pt(*height),
                    node: Some(flow_line.node),
                });
            }
            // Header rows keep their cells' glyphs, to be set again on later pages; other
            // rows hand theirs over, like every other line.
            let block = &mut self.blocks[placed.block];
            let repeats = block.table.is_some_and(|t| t.header);
            let flow_line = &mut block.lines[placed.line];
            let cells = match repeats {
                true => flow_line.cells.clone(),
                false => std::mem::take(&mut flow_line.cells),
            };
            for (laid, x, node) in cells {
                let line = paginate::positioned(laid.runs, x, placed.baseline, node);
                match placed.repeated {
                    true => page.repeated.push(line),
                    false => page.lines.push(line),
                }
            }
            if placed.repeated {
                continue;
            }
            let is_note = placed.block >= self.first_note;
            if is_note && placed.line == 0 {
                let note = placed.block - self.first_note;
                let block = &self.blocks[placed.block];
                page.notes.push(pages::NoteAnchor {
                    note,
                    y: Pt(placed.baseline - block.baseline),
                    text: self.builder.note_texts[note].clone(),
                });
            }
            let slot = match is_note {
                true => &mut self.current_note,
                false => &mut self.current,
            };
            if slot.as_ref().is_none_or(|(b, _)| *b != placed.block) {
                let block = &mut self.blocks[placed.block];
                let glyphs =
                    std::mem::replace(&mut block.glyphs, flow::BlockGlyphs::Kept(Vec::new()));
                let lines = self.builder.block_lines(glyphs);
                *slot = Some((placed.block, lines.into_iter().map(Some).collect()));
            }
            let Some((_, lines)) = slot else {
                continue;
            };
            let Some(laid) = lines.get_mut(placed.line).and_then(Option::take) else {
                continue;
            };
            let flow_line = &mut self.blocks[placed.block].lines[placed.line];
            if let Some((marker, x, node)) = flow_line.marker.take() {
                page.lines
                    .push(paginate::positioned(marker.runs, x, placed.baseline, node));
            }
            // A table row's own line is empty: its cells carry the text.
            if !laid.runs.is_empty() {
                page.lines.push(paginate::positioned(
                    laid.runs,
                    flow_line.x,
                    placed.baseline,
                    flow_line.node,
                ));
            }
            if let Some(entry) = self.builder.entry(placed.block) {
                entry.place(&mut page, &placed, &self.blocks[placed.block]);
            }
        }
        furniture::add(&mut page, self.page, self.count, &mut self.builder);
        self.page += 1;
        Some(page)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.count - self.page;
        (left, Some(left))
    }
}

/// The edition's identity and metadata, for the writer.
fn doc_info(edition: &Edition) -> DocInfo {
    DocInfo {
        id: format!("{}/{}", edition.report_id, edition.lang.tag),
        lang: edition.lang.tag.clone(),
        rtl: edition.lang.direction == crate::edition::Direction::Rtl,
        title: edition.title_text(),
        authors: edition.author_names(),
    }
}

/// Counts from where lines actually went, not from what the paginator meant to do.
fn measure(
    blocks: &[flow::FlowBlock],
    first_note: usize,
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
            stats.hyphenated_lines += l.hyphenated as usize;
            stats.overfull_lines += l.overfull as usize;
            if i + 1 < n && block.justified {
                stats.worst_ratio = stats.worst_ratio.max(l.ratio.abs());
                stats.loose_lines += (l.ratio > LOOSE_RATIO) as usize;
                stats.over_tolerance += (l.ratio > layout.justification.tolerance) as usize;
            }
        }
    }
    // Per block: (first page, last page, lines on the first page, lines on the last page).
    let mut spans: Vec<Option<(usize, usize, usize, usize)>> = vec![None; blocks.len()];
    for &paginate::Placed { page, block, .. } in placement.iter().filter(|p| !p.repeated) {
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
        // A footnote too long for its page continues on the next one by design: it is no
        // widow or orphan of the text.
        if first != last && b < first_note {
            stats.orphans += (on_first < layout.pagination.orphans) as usize;
            stats.widows += (on_last < layout.pagination.widows) as usize;
        }
        let next_first = spans.get(b + 1).copied().flatten().map(|s| s.0);
        if block.heading.is_some() && next_first.is_some_and(|p| p != last) {
            stats.stranded_headings += 1;
        }
    }
    stats.short_pages = short_pages(blocks, first_note, placement, layout, pages);
    stats
}

/// How many pages leave room at their foot (the bottom of the text area, or the top of the
/// page's notes and their separator space) for [`SHORT_PAGE_LINES`] or more lines of the
/// block the next page starts with, the space between the two blocks counted, when the text
/// that follows could have started there within the keep, widow and orphan rules (a page
/// before a forced break, or before a table row or heading chain that does not fit, is not
/// short); measured from where the lines went.
fn short_pages(
    blocks: &[flow::FlowBlock],
    first_note: usize,
    placement: &[paginate::Placed],
    layout: &Layout,
    pages: usize,
) -> usize {
    let bottom = layout.page.height.0 - layout.page.margin_bottom.0;
    // Per page: where its text ends and its last text block, where its notes start, and its
    // first text block with how many of its lines it holds.
    let mut text_end: Vec<Option<(f32, usize)>> = vec![None; pages];
    let mut foot = vec![bottom; pages];
    let mut first: Vec<Option<(usize, usize)>> = vec![None; pages];
    for p in placement.iter().filter(|p| p.page < pages) {
        let block = &blocks[p.block];
        let top = p.baseline - block.baseline;
        if p.block >= first_note {
            foot[p.page] = foot[p.page].min(top - layout.footnotes.space.0);
            continue;
        }
        let end = text_end[p.page].get_or_insert((top, p.block));
        *end = (end.0.max(top + block.leading), p.block);
        if p.repeated {
            continue;
        }
        match &mut first[p.page] {
            Some((b, n)) if *b == p.block => *n += 1,
            Some(_) => {}
            none => *none = Some((p.block, 1)),
        }
    }
    let (orphans, widows) = (layout.pagination.orphans, layout.pagination.widows);
    let lines_at = |block: &flow::FlowBlock, y: f32, p: usize| {
        ((foot[p] - y) / block.leading + 0.01).floor().max(0.0) as usize
    };
    (0..pages.saturating_sub(1))
        .filter(|&p| {
            let (Some((end, last)), Some((next, there))) = (text_end[p], first[p + 1]) else {
                return false;
            };
            let block = &blocks[next];
            if block.break_before {
                return false;
            }
            // A block going on from this page: its next lines could have stayed here.
            if next == last {
                return lines_at(block, end, p) >= SHORT_PAGE_LINES && there > widows;
            }
            let mut y = end + blocks[last].space_after.max(block.space_before);
            if lines_at(block, y, p) < SHORT_PAGE_LINES {
                return false;
            }
            // The blocks the next page starts with, as a keep chain: could it have started
            // here, splitting one of its paragraphs or with the block after it begun?
            for (j, block) in blocks[next..first_note].iter().enumerate() {
                if j > 0 {
                    y += blocks[next + j - 1].space_after.max(block.space_before);
                }
                let n = block.lines.len();
                let room = lines_at(block, y, p);
                if !block.keep_with_next {
                    return match block.keep_together {
                        true => room >= n,
                        false => paginate::lines_here(n, room, orphans, widows) > 0,
                    };
                }
                if paginate::splits_in_chain(block, orphans, widows)
                    && paginate::lines_here(n, room.min(n - widows), orphans, widows) > 0
                {
                    return true;
                }
                y += n as f32 * block.leading;
            }
            false
        })
        .count()
}
