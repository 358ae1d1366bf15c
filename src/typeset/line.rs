//! Lines from breaks: the glyphs of each line (reshaped where a word is hyphenated), the
//! hyphen, justification by inter-word space, and glyph runs positioned from the line start.

use std::ops::Range;
use std::sync::Arc;

use super::analyze::{ItemKind, Prepared};
use super::linebreak::Break;
use super::pages::{Decoration, Glyph, GlyphRun};
use super::shape::{ShapedGlyph, Shaper};
use crate::fonts::FaceId;
use crate::layouts::Align;
use crate::units::Pt;

/// A line laid out from its start edge; the paginator places it on the page.
#[derive(Clone, Debug, Default)]
pub struct LaidLine {
    /// Runs with `x` measured from the line's start edge.
    pub runs: Vec<GlyphRun>,
    /// Width actually used (the measure when justified).
    pub width: f32,
    pub ratio: f32,
    pub hyphenated: bool,
    pub overfull: bool,
}

impl LaidLine {
    /// Whether any glyph reaches past the edges of a measure `width` wide, by more than a
    /// reader would notice (a tenth of a point).
    pub fn sticks_out(&self, width: f32) -> bool {
        self.extent()
            .is_some_and(|(left, right)| left < -0.1 || right > width + 0.1)
    }

    /// From the left edge of its first glyph to the right edge of its last, from the line's
    /// start; `None` for a line without glyphs.
    pub fn extent(&self) -> Option<(f32, f32)> {
        let left = self
            .runs
            .iter()
            .map(|r| r.x.0)
            .fold(f32::INFINITY, f32::min);
        let right = self
            .runs
            .iter()
            .map(|r| (r.x + r.width()).0)
            .fold(f32::NEG_INFINITY, f32::max);
        left.is_finite().then_some((left, right))
    }

    /// The same line with its first run at x = 0: for text placed by its own width
    /// (list markers, header and footer slots) rather than inside a measure.
    pub fn at_zero(mut self) -> LaidLine {
        if let Some((shift, _)) = self.extent() {
            for run in &mut self.runs {
                run.x = Pt(run.x.0 - shift);
            }
        }
        self
    }

    /// A marker (list marker, hanging paragraph number) at `x` whose text starts at `text`
    /// (the text's left edge, or its right edge when `rtl`), stretched for readers across the
    /// room between them: an inkless glyph (`space`, the face's space glyph and its advance in
    /// em) in the cluster of the marker glyph next to the text, so that the marker's text
    /// (krilla's `/ActualText` span for the cluster) covers the room up to a fifth of an em
    /// from the text. Returns the marker and its new left edge; the page looks the same.
    ///
    /// Why: poppler puts a word more than an em from a block into a block of its own, so a
    /// bullet hanging 20 pt from its text made a column of its own; where lines are more
    /// than 1.5 em apart (Arabic: 19 pt at 12 pt) every line is a block too, poppler took the
    /// bullets and the items' first lines for a table, and read each item's short last line
    /// after the next item's first. A fifth of an em stays a word space to poppler (more than
    /// the tenth that ends a word, less than the 0.3 em that keeps a word in the block).
    pub fn reaching(mut self, x: f32, text: f32, rtl: bool, space: (u16, f32)) -> (Self, f32) {
        let (id, space_em) = space;
        let Some(run) = (if rtl {
            self.runs.first_mut()
        } else {
            self.runs.last_mut()
        }) else {
            return (self, x);
        };
        let size = run.size.0;
        let room = if rtl {
            x - text - 0.2 * size
        } else {
            text - 0.2 * size - (x + self.width)
        };
        if room <= 0.0 {
            return (self, x);
        }
        let blank = |text_range, advance, x_offset| Glyph {
            id,
            text_range,
            advance: Pt(advance),
            x_offset: Pt(x_offset),
            y_offset: Pt(0.0),
        };
        if rtl {
            let Some(first) = run.glyphs.first() else {
                return (self, x);
            };
            // The blank is the first glyph of its cluster, whose text krilla would enter in
            // the font's map for the glyph if it has none yet: a space glyph read as "•"
            // everywhere. A real space (the one after the marker, in reading order), drawn
            // first without advance, gives the glyph its own text first.
            let at = run.text.len() as u32;
            run.text.push(' ');
            let lead = [
                blank(at..at + 1, 0.0, 0.0),
                blank(first.text_range.clone(), room, 0.0),
            ];
            run.glyphs.splice(0..0, lead);
            for later in &mut self.runs[1..] {
                later.x = Pt(later.x.0 + room);
            }
            self.width += room;
            (self, x - room)
        } else {
            if run.glyphs.is_empty() {
                return (self, x);
            }
            // A real space after the marker, its own cluster, so that every reader gets the
            // marker and the text as two words ("1." and "The", not "1.The": the span that
            // reaches the text would otherwise join them for readers that trust it). Drawn so
            // that its box (its advance in the font) ends where the room does.
            let at = run.text.len() as u32;
            run.text.push(' ');
            let glyph = blank(at..at + 1, room, room - space_em * size);
            run.glyphs.push(glyph);
            self.width += room;
            (self, x)
        }
    }
}

/// A slice of a piece on one line, or the hyphen that ends a line.
struct Segment {
    /// Where it is in the paragraph text (empty for the hyphen).
    range: Range<usize>,
    text: String,
    face: FaceId,
    size: f32,
    color: [u8; 3],
    link: Option<Arc<str>>,
    rise: f32,
    note: Option<usize>,
    glyphs: Arc<[ShapedGlyph]>,
    stretchable: bool,
    level: u8,
    /// Room after it in logical order (CJK spacing), and whether justification may widen it.
    gap: f32,
    gap_stretches: bool,
    decoration: Option<Decoration>,
    /// A glyph without ink (the face's space, and its advance in em) that closes a cluster of
    /// a letter and its harakat at the letter's far edge; see `marks_after_bases`.
    anchor: Option<(u16, f32)>,
}

/// Builds the lines chosen by `breaks`; `widths` gives the measure of the first and other lines.
pub fn build_lines(
    p: &Prepared,
    breaks: &[Break],
    widths: (f32, f32),
    align: Align,
    shaper: &mut Shaper,
) -> Vec<LaidLine> {
    let mut lines = Vec::with_capacity(breaks.len());
    for (index, first_box) in line_starts(p, breaks) {
        let brk = &breaks[index];
        let range = p.items[first_box].range.start..p.items[brk.item].range.start;
        let hyphen = brk.hyphenated
            && matches!(p.items[brk.item].kind, ItemKind::Penalty { .. })
            && p.items[brk.item].width > 0.0;
        // Room at the zero-width breaks inside the line (between ideographs, or an
        // ideograph and Latin), keyed by text position.
        let gaps: Vec<(usize, f32)> = (first_box..brk.item)
            .filter_map(|i| match (&p.items[i].kind, &p.items[i].range) {
                (ItemKind::Glue { fil: false, .. }, r) if r.is_empty() => {
                    Some((r.start, p.items[i].width))
                }
                _ => None,
            })
            .collect();
        let range_end = range.end;
        let mut segments = segments(p, range, hyphen, shaper);
        // A gap where the line breaks vanishes with the break.
        for seg in &mut segments {
            let inside = seg.range.end < range_end && !seg.range.is_empty();
            if let Some(&(_, gap)) = gaps.iter().find(|(at, _)| *at == seg.range.end && inside) {
                (seg.gap, seg.gap_stretches) = (gap, true);
            }
        }
        let segments = visual_order(segments);
        let target = if lines.is_empty() { widths.0 } else { widths.1 };
        let last = index + 1 == breaks.len();
        let mut line = position(
            segments,
            target,
            // The last line of justified text is set at its natural width on the start side:
            // the left, or the right when the paragraph reads right to left; unless the
            // breaker took it by shrinking its spaces, when it is set shrunk to the measure
            // as the breaker meant (at its natural width it would run past the margin).
            match (last && brk.ratio >= 0.0, align, p.rtl) {
                (true, Align::Justify, false) => Align::Start,
                (true, Align::Justify, true) => Align::End,
                _ => align,
            },
        );
        line.ratio = brk.ratio;
        line.hyphenated = brk.hyphenated;
        line.overfull = brk.overfull;
        lines.push(line);
    }
    lines
}

/// The footnotes whose marks are on each line that `line_starts` finds, in order.
pub fn notes_on_lines(p: &Prepared, breaks: &[Break]) -> Vec<Vec<usize>> {
    if p.pieces.iter().all(|piece| piece.note.is_none()) {
        return vec![Vec::new(); line_starts(p, breaks).len()];
    }
    line_starts(p, breaks)
        .into_iter()
        .map(|(index, first_box)| {
            let range = p.items[first_box].range.start..p.items[breaks[index].item].range.start;
            let mut notes: Vec<usize> = p
                .pieces
                .iter()
                .filter(|piece| range.contains(&piece.range.start))
                .filter_map(|piece| piece.note)
                .collect();
            notes.dedup();
            notes
        })
        .collect()
}

/// The breaks that end a line with something on it, as (index in `breaks`, the line's first
/// box): a break with no box since the previous one makes no line. `build_lines` builds
/// exactly these, so the first pass can count lines without building them.
pub fn line_starts(p: &Prepared, breaks: &[Break]) -> Vec<(usize, usize)> {
    let mut starts = Vec::with_capacity(breaks.len());
    let mut next_item = 0;
    for (index, brk) in breaks.iter().enumerate() {
        if let Some(first_box) = (next_item..brk.item).find(|&i| p.items[i].kind == ItemKind::Box) {
            starts.push((index, first_box));
        }
        next_item = brk.item + 1;
    }
    starts
}

fn segments(p: &Prepared, range: Range<usize>, hyphen: bool, shaper: &mut Shaper) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    // Pieces are in text order: start at the line's first one, stop after its last.
    let first = p
        .pieces
        .partition_point(|piece| piece.range.end <= range.start);
    for piece in p.pieces[first..]
        .iter()
        .take_while(|piece| piece.range.start < range.end)
    {
        let sub = piece.range.start.max(range.start)..piece.range.end.min(range.end);
        let text = &p.text[sub.clone()];
        // A word cut by hyphenation is shaped again: ligatures and kerning across the cut
        // must not survive it.
        let glyphs = if sub == piece.range {
            piece.glyphs.clone()
        } else {
            shaper.shape(piece.face, text, piece.rtl())
        };
        // Right-to-left text with harakat gets an anchor: the face's space glyph, drawn
        // without advance so that it ends exactly where the letter under the marks ends.
        let anchor = if piece.rtl() && text.chars().any(is_nsm) {
            shaper
                .shape(piece.face, " ", true)
                .first()
                .filter(|g| g.id != 0 && g.advance > 0.0)
                .map(|g| (g.id, g.advance))
        } else {
            None
        };
        out.push(Segment {
            range: sub.clone(),
            text: text.to_string(),
            face: piece.face,
            size: piece.size,
            color: piece.color,
            link: piece.link.clone(),
            rise: piece.rise,
            note: piece.note,
            glyphs,
            stretchable: piece.is_space && text.contains([' ', '\u{a0}']),
            level: piece.level,
            gap: 0.0,
            gap_stretches: false,
            decoration: piece.decoration,
            anchor,
        });
    }
    if hyphen && let Some(last) = out.last() {
        let hyphen = Segment {
            range: last.range.end..last.range.end,
            text: "-".into(),
            link: last.link.clone(),
            note: None,
            glyphs: shaper.shape(last.face, "-", false),
            stretchable: false,
            gap: 0.0,
            gap_stretches: false,
            ..*last
        };
        out.push(hyphen);
    }
    out
}

/// Segments from logical to visual order by their bidi levels (UAX #9, rule L2).
fn visual_order(segments: Vec<Segment>) -> Vec<Segment> {
    if segments.iter().all(|s| s.level == 0) {
        return segments;
    }
    let levels: Vec<unicode_bidi::Level> = segments
        .iter()
        .map(|s| unicode_bidi::Level::new(s.level).unwrap_or_else(|_| unicode_bidi::Level::ltr()))
        .collect();
    let order = unicode_bidi::BidiInfo::reorder_visual(&levels);
    let mut slots: Vec<Option<Segment>> = segments.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// Places segments left to right, widening stretchable spaces to justify, and merges
/// neighbours with the same face, size, colour and link into one run.
fn position(segments: Vec<Segment>, target: f32, align: Align) -> LaidLine {
    let glyphs: f32 = segments
        .iter()
        .flat_map(|s| s.glyphs.iter().map(move |g| g.advance * s.size))
        .sum();
    let natural = glyphs + segments.iter().map(|s| s.gap).sum::<f32>();
    // Justification widens every inter-word space and every gap between ideographs alike.
    let spaces = segments
        .iter()
        .map(|s| if s.stretchable { s.glyphs.len() } else { 0 } + s.gap_stretches as usize)
        .sum::<usize>();
    let (offset, extra) = match align {
        Align::Justify if spaces > 0 => (0.0, (target - natural) / spaces as f32),
        Align::Center => ((target - natural) / 2.0, 0.0),
        Align::End => (target - natural, 0.0),
        _ => (0.0, 0.0),
    };
    let mut runs: Vec<GlyphRun> = Vec::new();
    let mut x = offset;
    let same_run = |a: &Segment, b: &Segment| {
        a.face == b.face
            && a.size == b.size
            && a.color == b.color
            && a.link == b.link
            && a.note == b.note
            && a.decoration == b.decoration
    };
    for (i, seg) in segments.iter().enumerate() {
        // Room after a segment in reading order: to its right when it reads left to right,
        // to its left otherwise. It widens the advance of the glyph drawn before it.
        let gap = seg.gap + if seg.gap_stretches { extra } else { 0.0 };
        let rtl = seg.level % 2 == 1;
        let same = runs.last().is_some_and(|r: &GlyphRun| {
            r.face == seg.face
                && r.size.0 == seg.size
                && r.color == seg.color
                && r.link == seg.link
                && r.note == seg.note
                && r.decoration == seg.decoration
        });
        if rtl && gap != 0.0 {
            match runs.last_mut().and_then(|r| r.glyphs.last_mut()) {
                Some(g) if same => g.advance = Pt(g.advance.0 + gap),
                _ => {}
            }
            x += gap;
        }
        if !same {
            // Sized exactly: a long document keeps every line until it is drawn, and vectors
            // grown by doubling held up to twice the glyphs they had (measured with massif).
            let (glyphs, bytes) = segments[i..]
                .iter()
                .take_while(|s| same_run(s, seg))
                .fold((0, 0), |(g, b), s| (g + s.glyphs.len(), b + s.text.len()));
            runs.push(GlyphRun {
                face: seg.face,
                size: Pt(seg.size),
                x: Pt(x),
                text: String::with_capacity(bytes),
                glyphs: Vec::with_capacity(glyphs),
                color: seg.color,
                link: seg.link.clone(),
                note: seg.note,
                lang: None,
                decoration: seg.decoration,
            });
        }
        let run = runs.last_mut().expect("a run was just pushed");
        let base = run.text.len();
        run.text.push_str(&seg.text);
        let ranges = cluster_ranges(&seg.glyphs, seg.text.len());
        for (g, r) in marks_after_bases(&seg.glyphs, ranges, &seg.text, seg.anchor) {
            let advance = g.advance * seg.size + if seg.stretchable { extra } else { 0.0 };
            x += advance;
            run.glyphs.push(Glyph {
                id: g.id,
                text_range: (base + r.start) as u32..(base + r.end) as u32,
                advance: Pt(advance),
                x_offset: Pt(g.x_offset * seg.size),
                y_offset: Pt(g.y_offset * seg.size + seg.rise),
            });
        }
        if !rtl && gap != 0.0 {
            if let Some(g) = run.glyphs.last_mut() {
                g.advance = Pt(g.advance.0 + gap);
            }
            x += gap;
        }
    }
    LaidLine {
        runs,
        width: x - offset,
        ratio: 0.0,
        hyphenated: false,
        overfull: false,
    }
}

/// Each glyph's text: from its cluster start to the next larger cluster start in the segment.
fn cluster_ranges(glyphs: &[ShapedGlyph], len: usize) -> Vec<Range<usize>> {
    let mut starts: Vec<usize> = glyphs.iter().map(|g| g.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    glyphs
        .iter()
        .map(|g| {
            let c = g.cluster as usize;
            let next = starts.iter().copied().find(|&s| s > c).unwrap_or(len);
            c..next
        })
        .collect()
}

/// Glyphs with their text ranges as a text extractor should read them: in a cluster of base
/// letters and combining marks (Arabic harakat), the bases come first and the marks follow.
/// HarfBuzz puts a right-to-left cluster's marks before its base; krilla wraps glyphs that
/// share a text in an `/ActualText` span, and poppler places the span's text at its first
/// glyph, where a raised mark began a word of its own ("ت ستعرض"). Each glyph keeps the place
/// it is drawn at (its offset takes up the change of pen position), so the page looks the same.
///
/// With an `anchor` (see `Segment::anchor`) the cluster's glyphs all keep the cluster's text
/// and the anchor closes it at the base letter's far edge: poppler then reads the span as the
/// letter's box on the letter's baseline, and no mark, however far it sits from the letter's
/// edge or above its baseline, breaks the word. (Without the anchor the span would end at the
/// mark, short of the letter's edge, and poppler saw a space; with bases and marks each on
/// their own text, a mark sitting more than half an em inside a wide letter (صّ, بُ) made
/// poppler end the line there.) Without an anchor the bases hold the base letters and the
/// marks the marks.
fn marks_after_bases(
    glyphs: &[ShapedGlyph],
    ranges: Vec<Range<usize>>,
    text: &str,
    anchor: Option<(u16, f32)>,
) -> Vec<(ShapedGlyph, Range<usize>)> {
    let all: Vec<(ShapedGlyph, Range<usize>)> = glyphs.iter().copied().zip(ranges).collect();
    let mut out = Vec::with_capacity(all.len());
    let mut start = 0;
    while start < all.len() {
        let range = all[start].1.clone();
        let end = start + all[start..].iter().take_while(|(_, r)| *r == range).count();
        let mut cluster = all[start..end].to_vec();
        if split_cluster(&mut cluster, text, anchor.is_some())
            && let Some((id, width)) = anchor
        {
            let cluster_id = cluster[0].0.cluster;
            cluster.push((
                ShapedGlyph {
                    id,
                    cluster: cluster_id,
                    advance: 0.0,
                    x_offset: -width,
                    y_offset: 0.0,
                },
                range,
            ));
        }
        out.extend(cluster);
        start = end;
    }
    out
}

fn is_nsm(c: char) -> bool {
    unicode_bidi::bidi_class(c) == unicode_bidi::BidiClass::NSM
}

/// One cluster of `marks_after_bases`: left as shaped unless it has both base glyphs (with an
/// advance) and mark glyphs (without), and its text ends in nonspacing marks after a base.
/// Returns whether it reordered the cluster. With `shared`, every glyph keeps the whole
/// cluster's text (the caller closes the cluster with an anchor); otherwise the bases hold
/// the base letters and the marks the marks.
fn split_cluster(cluster: &mut [(ShapedGlyph, Range<usize>)], text: &str, shared: bool) -> bool {
    let Some((_, range)) = cluster.first().cloned() else {
        return false;
    };
    if cluster.len() < 2 {
        return false;
    }
    let marks_from = text[range.clone()]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_nsm(*c))
        .last()
        .map(|(i, _)| range.start + i);
    let Some(marks_from) = marks_from.filter(|&m| m > range.start) else {
        return false;
    };
    let is_mark = |g: &ShapedGlyph| g.advance == 0.0;
    if cluster.iter().all(|(g, _)| is_mark(g)) || !cluster.iter().any(|(g, _)| is_mark(g)) {
        return false;
    }
    // Where each glyph is drawn, from the cluster's pen start.
    let mut pen = 0.0;
    let drawn: Vec<f32> = cluster
        .iter()
        .map(|(g, _)| {
            let x = pen + g.x_offset;
            pen += g.advance;
            x
        })
        .collect();
    let mut order: Vec<usize> = (0..cluster.len()).collect();
    // Stable: bases keep their order, marks keep theirs.
    order.sort_by_key(|&i| is_mark(&cluster[i].0));
    let old: Vec<(ShapedGlyph, Range<usize>)> = cluster.to_vec();
    let mut pen = 0.0;
    for (slot, &i) in cluster.iter_mut().zip(&order) {
        let (mut glyph, _) = old[i].clone();
        glyph.x_offset = drawn[i] - pen;
        pen += glyph.advance;
        // Several marks may be one glyph (shadda with a vowel), and a font may draw them in
        // another order than they are typed: the marks' glyphs share the marks' text.
        let text = if shared {
            range.clone()
        } else if is_mark(&glyph) {
            marks_from..range.end
        } else {
            range.start..marks_from
        };
        *slot = (glyph, text);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(id: u16, cluster: u32, advance: f32, x_offset: f32) -> ShapedGlyph {
        ShapedGlyph {
            id,
            cluster,
            advance,
            x_offset,
            y_offset: 0.0,
        }
    }

    #[test]
    fn marks_follow_their_base_where_they_were_drawn() {
        // "تُس" shaped right to left: س, then the cluster تُ as damma (drawn 0.1 em into the
        // base) before ت.
        let text = "تُس";
        let glyphs = [
            glyph(1, 4, 0.3, 0.0),
            glyph(2, 0, 0.0, 0.1),
            glyph(3, 0, 0.4, 0.0),
        ];
        let ranges = cluster_ranges(&glyphs, text.len());
        let out = marks_after_bases(&glyphs, ranges, text, None);
        let ids: Vec<u16> = out.iter().map(|(g, _)| g.id).collect();
        assert_eq!(ids, [1, 3, 2]);
        let texts: Vec<&str> = out.iter().map(|(_, r)| &text[r.clone()]).collect();
        assert_eq!(texts, ["س", "ت", "\u{64f}"]);
        // The damma is still drawn 0.1 em right of the base's start.
        assert!((out[2].0.x_offset - (0.1 - 0.4)).abs() < 1e-6);
        let width: f32 = out.iter().map(|(g, _)| g.advance).sum();
        assert!((width - 0.7).abs() < 1e-6);
    }

    #[test]
    fn an_anchor_closes_a_cluster_at_its_base_edge_on_the_cluster_text() {
        let text = "تُس";
        let glyphs = [
            glyph(1, 4, 0.3, 0.0),
            glyph(2, 0, 0.0, 0.1),
            glyph(3, 0, 0.4, 0.0),
        ];
        let ranges = cluster_ranges(&glyphs, text.len());
        let out = marks_after_bases(&glyphs, ranges, text, Some((9, 0.25)));
        let ids: Vec<u16> = out.iter().map(|(g, _)| g.id).collect();
        assert_eq!(ids, [1, 3, 2, 9]);
        let texts: Vec<&str> = out.iter().map(|(_, r)| &text[r.clone()]).collect();
        assert_eq!(texts, ["س", "تُ", "تُ", "تُ"]);
        // The anchor adds no advance and is drawn ending at the base's far edge: its pen is
        // after the base (0.4 em into the cluster), its own width 0.25 em back.
        let anchor = out[3].0;
        assert_eq!(anchor.advance, 0.0);
        assert!((anchor.x_offset + 0.25).abs() < 1e-6);
        let width: f32 = out.iter().map(|(g, _)| g.advance).sum();
        assert!((width - 0.7).abs() < 1e-6);
        // A word without marks gets no anchor.
        let plain = [glyph(5, 0, 0.5, 0.0)];
        let out = marks_after_bases(&plain, cluster_ranges(&plain, 4), "لا", Some((9, 0.25)));
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn clusters_without_marks_are_left_alone() {
        // A lam-alef ligature: one glyph for two letters.
        let text = "لا";
        let glyphs = [glyph(5, 0, 0.5, 0.0)];
        let out = marks_after_bases(&glyphs, cluster_ranges(&glyphs, text.len()), text, None);
        assert_eq!(out[0].1, 0..text.len());
    }
}
