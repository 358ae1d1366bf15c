//! Pagination: blocks of lines onto pages with keep-with-next chains (a paragraph in one
//! splits within the rules rather than move whole), widow and orphan control by backing off
//! line by line, and headers and footers with page numbers.

use super::flow::{FlowBlock, Ruling, TableFrame};
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

/// [`lines_here`] for `block` from `line` on (`orphans` for its first lines, 1 for the lines
/// of a block already begun), backing off so that the page never ends on a hyphen: a word
/// hyphenated across a page turn is hard to read. 0 when no first lines keep the rules (a
/// block already begun, at the top of its page, keeps at least one line).
fn lines_to_set(
    block: &FlowBlock,
    line: usize,
    fit: usize,
    orphans: usize,
    widows: usize,
) -> usize {
    let left = block.lines.len() - line;
    let min_here = if line == 0 { orphans } else { 1 };
    let mut k = lines_here(left, fit, min_here, widows);
    if k > 0 && k < left {
        while k > min_here && block.lines[line + k - 1].hyphenated {
            k -= 1;
        }
        if line == 0 && block.lines[line + k - 1].hyphenated {
            k = 0;
        }
    }
    k
}

/// Whether a block of a keep-with-next chain may be split between pages, its last lines
/// going on with the rest of the chain (a list's lead-in: its last lines with the list's
/// first item): a paragraph long enough to leave `orphans` lines here and `widows` there,
/// not a heading, table row or block kept together.
pub fn splits_in_chain(block: &FlowBlock, orphans: usize, widows: usize) -> bool {
    block.heading.is_none()
        && !block.keep_together
        && block.table.is_none()
        && block.lines.len() >= orphans.max(1) + widows.max(1)
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

/// The footnotes of the page being filled: the area they take at its foot, and the lines
/// of each note set there, to be given their baselines when the page is done.
#[derive(Clone, Default)]
struct NoteArea {
    /// Height from the top of the area (the space above the separator included) to the
    /// bottom of the text area; 0 when the page has no notes.
    height: f32,
    /// (block, first line, line count) in order.
    notes: Vec<(usize, usize, usize)>,
}

impl NoteArea {
    /// The block of the last note set in the area.
    fn last(&self) -> Option<usize> {
        self.notes.last().map(|&(b, _, _)| b)
    }
}

/// Where notes go: the blocks of each note, and the layout's separator.
struct Notes<'b> {
    blocks: &'b [FlowBlock<'b>],
    /// Block index of each composed note.
    of: &'b [usize],
    /// Space above the first note of a page, the separator rule within it.
    space: f32,
}

impl Notes<'_> {
    fn leading(&self, note: usize) -> f32 {
        self.blocks[self.of[note]].leading
    }

    fn lines(&self, note: usize) -> usize {
        self.blocks[self.of[note]].lines.len()
    }

    /// Sets the lines of notes `carried` over from the page before at the top of `area`, as
    /// many as fit in `limit` (at least one line of the first), and leaves in `carried` what
    /// still does not fit.
    fn continue_notes(&self, area: &mut NoteArea, carried: &mut Vec<(usize, usize)>, limit: f32) {
        let mut left = Vec::new();
        for (block, line) in carried.drain(..) {
            let b = &self.blocks[block];
            let room = limit - area.height - self.added(area, block, 0);
            let fit = (room / b.leading).floor().max(0.0) as usize;
            let n = fit.min(b.lines.len() - line);
            let n = if area.notes.is_empty() { n.max(1) } else { n };
            if n > 0 {
                area.height += self.added(area, block, n);
                area.notes.push((block, line, n));
            }
            if line + n < b.lines.len() {
                left.push((block, line + n));
            }
        }
        *carried = left;
    }

    /// What `lines` lines of `note` add to `area`.
    fn added(&self, area: &NoteArea, block: usize, lines: usize) -> f32 {
        self.gap_after(area.last()) + lines as f32 * self.blocks[block].leading
    }

    /// The space above a note set after note block `last`, or first on the page (the
    /// separator's space).
    fn gap_after(&self, last: Option<usize>) -> f32 {
        last.map_or(self.space, |b| self.blocks[b].space_after)
    }

    /// The height of an area `height` high whose last note is `last`, once the notes of
    /// `line` are added whole.
    fn with_line(&self, height: f32, last: Option<usize>, line: &super::flow::FlowLine) -> f32 {
        let mut h = height;
        let mut last = last;
        for &n in &line.notes {
            h += self.gap_after(last) + self.lines(n) as f32 * self.leading(n);
            last = Some(self.of[n]);
        }
        h
    }

    /// [`Notes::with_line`], the last of the line's notes by its first line only (it may
    /// continue on the next page).
    fn with_line_started(
        &self,
        height: f32,
        last: Option<usize>,
        line: &super::flow::FlowLine,
    ) -> f32 {
        let whole = self.with_line(height, last, line);
        match line.notes.last() {
            None => whole,
            Some(&n) => whole - (self.lines(n).saturating_sub(1)) as f32 * self.leading(n),
        }
    }
}

pub fn paginate(
    blocks: &[FlowBlock],
    tables: &[TableFrame],
    notes: &[usize],
    layout: &Layout,
    rtl: bool,
) -> Paginated {
    let top = layout.page.margin_top.0;
    let bottom = layout.page.height.0 - layout.page.margin_bottom.0;
    let (orphans, widows) = (layout.pagination.orphans, layout.pagination.widows);
    // A little slack so that rounding never pushes a line that fits onto the next page.
    let fits = |y: f32, h: f32| y + h <= bottom + 0.01;
    let note_info = Notes {
        blocks,
        of: notes,
        space: layout.footnotes.space.0,
    };
    // Notes are laid out after the body, as blocks of their own: the body ends before them.
    let body_end = notes.iter().copied().min().unwrap_or(blocks.len());

    // Lines set on each page so far; only counts are needed to decide.
    let mut pages: Vec<usize> = vec![0];
    let mut outline = Vec::new();
    let mut placement = Vec::new();
    let mut rules = Vec::new();
    let mut area = NoteArea::default();
    // Lines of notes that did not fit on the page of their reference: (block, next line).
    let mut carried: Vec<(usize, usize)> = Vec::new();
    let mut y = top;
    let mut prev_after: Option<f32> = None; // None at the top of a page
    // Ends the page being filled (setting its notes) and starts the next one.
    let new_page = |pages: &mut Vec<usize>,
                    placement: &mut Vec<Placed>,
                    rules: &mut Vec<(usize, Rule)>,
                    area: &mut NoteArea,
                    carried: &mut Vec<(usize, usize)>| {
        let page = pages.len() - 1;
        set_notes(blocks, layout, rtl, page, area, placement, rules);
        pages.push(0);
        *area = NoteArea::default();
        // Notes continued from the page before come first, within half the page.
        note_info.continue_notes(area, carried, (bottom - top) / 2.0);
    };
    // The paragraph of a keep chain that splits, and how many of its lines to set on the
    // page where it starts.
    let mut split: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < body_end {
        let block = &blocks[i];
        if block.break_before && prev_after.is_some() {
            new_page(
                &mut pages,
                &mut placement,
                &mut rules,
                &mut area,
                &mut carried,
            );
            (y, prev_after) = (top, None);
        }
        // A chain of keep-with-next blocks goes to the next page unless it fits here
        // together with the lines the next block would set here, or one of its paragraphs
        // splits within the rules, its last lines going on with the rest of the chain. A
        // chain whose split is already decided is not weighed again on the way to it.
        if block.keep_with_next && prev_after.is_some() && split.is_none_or(|(j, _)| j < i) {
            let mut end = i;
            let mut h = prev_after.unwrap_or(0.0).max(block.space_before);
            let mut after: f32 = 0.0;
            while end < body_end && blocks[end].keep_with_next {
                let b = &blocks[end];
                if end > i {
                    h += after.max(b.space_before);
                }
                h += b.lines.len() as f32 * b.leading;
                after = b.space_after;
                end += 1;
            }
            let chain_fits = fits(y, h + area.height)
                && (end >= body_end || {
                    let next = &blocks[end];
                    let start = y + h + after.max(next.space_before);
                    let room = ((bottom - area.height + 0.01 - start) / next.leading)
                        .floor()
                        .max(0.0) as usize;
                    lines_to_set(next, 0, room, orphans, widows) > 0
                });
            split = match chain_fits {
                true => None,
                false => chain_split(
                    &blocks[..body_end],
                    i..end,
                    (y, prev_after.unwrap_or(0.0)),
                    (top, bottom + 0.01),
                    &area,
                    &note_info,
                    (orphans, widows),
                ),
            };
            if !chain_fits && split.is_none() {
                new_page(
                    &mut pages,
                    &mut placement,
                    &mut rules,
                    &mut area,
                    &mut carried,
                );
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
            let foot = block.lines.iter().fold(area.height, |foot, l| {
                note_info.with_line(foot, area.last(), l)
            });
            if !fits(start, h + foot) && fits(top, h) {
                new_page(
                    &mut pages,
                    &mut placement,
                    &mut rules,
                    &mut area,
                    &mut carried,
                );
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
            let mut room = room_with_notes(block, line, y, bottom + 0.01, &area, &note_info);
            if line == 0
                && let Some((_, cap)) = split.filter(|&(j, _)| j == i)
            {
                room = room.min(cap);
            }
            let left = block.lines.len() - line;
            let mut k = lines_to_set(block, line, room, orphans, widows);
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
                // The line's notes start on its page: whole when they fit, otherwise as
                // many lines as fit, the rest carried to the next page.
                for &n in &block.lines[l].notes {
                    let b = notes[n];
                    let note = &blocks[b];
                    let above = note_info.added(&area, b, 0);
                    let room = ((bottom + 0.01 - y - area.height - above) / note.leading)
                        .floor()
                        .max(0.0) as usize;
                    let count = room.clamp(1, note.lines.len());
                    area.height += note_info.added(&area, b, count);
                    area.notes.push((b, 0, count));
                    if count < note.lines.len() {
                        carried.push((b, count));
                    }
                }
            }
            line += k;
            if line < block.lines.len() {
                debug_assert!(fits(top, block.leading), "a line taller than the page");
                new_page(
                    &mut pages,
                    &mut placement,
                    &mut rules,
                    &mut area,
                    &mut carried,
                );
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
    // Notes still carried go on pages of their own.
    while !carried.is_empty() || !area.notes.is_empty() {
        let last = pages.len() - 1;
        set_notes(
            blocks,
            layout,
            rtl,
            last,
            &mut area,
            &mut placement,
            &mut rules,
        );
        area = NoteArea::default();
        if carried.is_empty() {
            break;
        }
        pages.push(1);
        note_info.continue_notes(&mut area, &mut carried, bottom - top);
    }
    // No empty page: drop any trailing page left empty by a break.
    while pages.len() > 1 && pages.last() == Some(&0) {
        pages.pop();
    }
    rules.extend(table_rules(blocks, tables, &placement, layout));
    Paginated {
        page_count: pages.len(),
        outline,
        placement,
        rules,
    }
}

/// Where a keep chain of the body `blocks` that does not fit whole here splits: the last
/// paragraph of `chain` that [`splits_in_chain`], every block before it set whole here (at
/// `y`, after a block that asks `after` below it), and how many of its lines to set here by
/// [`lines_to_set`] (at least `orphans`, never ending on a hyphen). At least `widows` lines
/// go to the next page, where the rest of the chain and the first lines of the block after
/// it (by its own orphan rule) must fit, so that a list's lead-in always ends on its list's
/// page.
fn chain_split(
    blocks: &[FlowBlock],
    chain: std::ops::Range<usize>,
    (mut y, mut after): (f32, f32),
    (top, limit): (f32, f32),
    area: &NoteArea,
    notes: &Notes,
    (orphans, widows): (usize, usize),
) -> Option<(usize, usize)> {
    let end = chain.end;
    let mut area = area.clone();
    let mut split = None;
    for j in chain.clone() {
        let block = &blocks[j];
        if j > chain.start && block.break_before {
            break;
        }
        y += after.max(block.space_before);
        if splits_in_chain(block, orphans, widows) {
            let room = room_with_notes(block, 0, y, limit, &area, notes);
            let fit = room.min(block.lines.len() - widows.max(1));
            let k = lines_to_set(block, 0, fit, orphans, widows);
            if k > 0 && rest_fits(blocks, (j, k), end, top, limit, orphans, widows) {
                split = Some((j, k));
            }
        }
        y += block.lines.len() as f32 * block.leading;
        for line in &block.lines {
            area.height = notes.with_line(area.height, area.last(), line);
            for &n in &line.notes {
                area.notes.push((notes.of[n], 0, notes.lines(n)));
            }
        }
        if y + area.height > limit {
            break;
        }
        after = block.space_after;
    }
    split
}

/// Whether what a chain split after line `k` of block `j` sends to the next page fits there:
/// the block's last lines, the chain's blocks after it up to `end`, and the lines the block
/// after the chain must set with them.
fn rest_fits(
    blocks: &[FlowBlock],
    (j, k): (usize, usize),
    end: usize,
    top: f32,
    limit: f32,
    orphans: usize,
    widows: usize,
) -> bool {
    let block = &blocks[j];
    let mut y = top + (block.lines.len() - k) as f32 * block.leading;
    let mut after = block.space_after;
    for b in &blocks[j + 1..end] {
        y += after.max(b.space_before) + b.lines.len() as f32 * b.leading;
        after = b.space_after;
    }
    let Some(next) = blocks.get(end) else {
        return y <= limit;
    };
    let start = y + after.max(next.space_before);
    let room = ((limit - start) / next.leading).floor().max(0.0) as usize;
    y <= limit && lines_to_set(next, 0, room, orphans, widows) > 0
}

/// How many lines of `block` from `line` on fit between `y` and `limit`, each with its
/// notes at the foot of the page: whole, or for the last line that fits, at least the
/// first line of its last note.
fn room_with_notes(
    block: &FlowBlock,
    line: usize,
    mut y: f32,
    limit: f32,
    area: &NoteArea,
    notes: &Notes,
) -> usize {
    if notes.of.is_empty() {
        return ((limit - area.height - y) / block.leading).floor().max(0.0) as usize;
    }
    // The area as it would grow: its height and its last note.
    let (mut foot, mut last) = (area.height, area.last());
    let mut count = 0;
    for l in &block.lines[line..] {
        y += block.leading;
        let whole = notes.with_line(foot, last, l);
        if y > limit - whole {
            // The line still fits when its last note may continue overleaf.
            if !l.notes.is_empty() && y <= limit - notes.with_line_started(foot, last, l) {
                count += 1;
            }
            break;
        }
        foot = whole;
        if let Some(&n) = l.notes.last() {
            last = Some(notes.of[n]);
        }
        count += 1;
    }
    count
}

/// Gives the notes of a finished page their baselines, from the top of their area down,
/// and the separator rule above them on the start side.
fn set_notes(
    blocks: &[FlowBlock],
    layout: &Layout,
    rtl: bool,
    page: usize,
    area: &mut NoteArea,
    placement: &mut Vec<Placed>,
    rules: &mut Vec<(usize, Rule)>,
) {
    if area.notes.is_empty() {
        return;
    }
    let bottom = layout.page.height.0 - layout.page.margin_bottom.0;
    let notes = &layout.footnotes;
    let mut y = bottom - area.height;
    let width = notes.separator.min(layout.text_width());
    // Right-to-left editions start their lines, and so the rule, at the right margin.
    let x = match rtl {
        true => layout.page.width - layout.page.margin_start - width,
        false => layout.page.margin_start,
    };
    rules.push((
        page,
        Rule {
            x,
            y: Pt(y + notes.space.0 / 2.0 - notes.rule.0 / 2.0),
            width,
            height: notes.rule,
        },
    ));
    y += notes.space.0;
    for &(b, line, count) in &area.notes {
        let block = &blocks[b];
        for l in line..line + count {
            placement.push(Placed {
                page,
                block: b,
                line: l,
                baseline: y + block.baseline,
                repeated: false,
            });
            y += block.leading;
        }
        y += block.space_after;
    }
    area.notes.clear();
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
        let Some(part) = block
            .table
            .filter(|part| tables[part.table].ruling != Ruling::None)
        else {
            continue;
        };
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
        if let Ruling::Own { above, below } = frame.ruling {
            hline(top, above);
            hline(bottom, below);
            continue;
        }
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
