//! Lines from breaks: the glyphs of each line (reshaped where a word is hyphenated), the
//! hyphen, justification by inter-word space, and glyph runs positioned from the line start.

use std::ops::Range;
use std::sync::Arc;

use super::analyze::{ItemKind, Prepared};
use super::linebreak::Break;
use super::pages::{Glyph, GlyphRun};
use super::shape::{ShapedGlyph, Shaper};
use crate::fonts::FaceId;
use crate::layouts::Align;
use crate::units::Pt;

/// A line laid out from its start edge; the paginator places it on the page.
#[derive(Clone, Debug)]
pub struct LaidLine {
    /// Runs with `x` measured from the line's start edge.
    pub runs: Vec<GlyphRun>,
    /// Width actually used (the measure when justified).
    pub width: f32,
    pub ratio: f32,
    pub hyphenated: bool,
    pub overfull: bool,
}

/// A slice of a piece on one line, or the hyphen that ends a line.
struct Segment {
    text: String,
    face: FaceId,
    size: f32,
    color: [u8; 3],
    link: Option<Arc<str>>,
    glyphs: Arc<[ShapedGlyph]>,
    stretchable: bool,
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
    let mut next_item = 0;
    for (index, brk) in breaks.iter().enumerate() {
        let Some(first_box) = (next_item..brk.item).find(|&i| p.items[i].kind == ItemKind::Box)
        else {
            next_item = brk.item + 1;
            continue;
        };
        let range = p.items[first_box].range.start..p.items[brk.item].range.start;
        let hyphen = brk.hyphenated
            && matches!(p.items[brk.item].kind, ItemKind::Penalty { .. })
            && p.items[brk.item].width > 0.0;
        next_item = brk.item + 1;
        let segments = segments(p, range, hyphen, shaper);
        let target = if lines.is_empty() { widths.0 } else { widths.1 };
        let last = index + 1 == breaks.len();
        let mut line = position(
            segments,
            target,
            if last && align == Align::Justify {
                Align::Start
            } else {
                align
            },
        );
        line.ratio = brk.ratio;
        line.hyphenated = brk.hyphenated;
        line.overfull = brk.overfull;
        lines.push(line);
    }
    lines
}

fn segments(p: &Prepared, range: Range<usize>, hyphen: bool, shaper: &mut Shaper) -> Vec<Segment> {
    let mut out = Vec::new();
    for piece in &p.pieces {
        if piece.range.end <= range.start || piece.range.start >= range.end {
            continue;
        }
        let sub = piece.range.start.max(range.start)..piece.range.end.min(range.end);
        let text = &p.text[sub.clone()];
        // A word cut by hyphenation is shaped again: ligatures and kerning across the cut
        // must not survive it.
        let glyphs = if sub == piece.range {
            piece.glyphs.clone()
        } else {
            shaper.shape(piece.face, text, p.rtl)
        };
        out.push(Segment {
            text: text.to_string(),
            face: piece.face,
            size: piece.size,
            color: piece.color,
            link: piece.link.clone(),
            glyphs,
            stretchable: piece.is_space && text.contains(' '),
        });
    }
    if hyphen && let Some(last) = out.last() {
        let (face, size, color, link) = (last.face, last.size, last.color, last.link.clone());
        out.push(Segment {
            text: "-".into(),
            face,
            size,
            color,
            link,
            glyphs: shaper.shape(face, "-", p.rtl),
            stretchable: false,
        });
    }
    out
}

/// Places segments left to right, widening stretchable spaces to justify, and merges
/// neighbours with the same face, size, colour and link into one run.
fn position(segments: Vec<Segment>, target: f32, align: Align) -> LaidLine {
    let natural: f32 = segments
        .iter()
        .flat_map(|s| s.glyphs.iter().map(move |g| g.advance * s.size))
        .sum();
    let spaces = segments
        .iter()
        .filter(|s| s.stretchable)
        .map(|s| s.glyphs.len())
        .sum::<usize>();
    let (offset, extra) = match align {
        Align::Justify if spaces > 0 => (0.0, (target - natural) / spaces as f32),
        Align::Center => ((target - natural) / 2.0, 0.0),
        Align::End => (target - natural, 0.0),
        _ => (0.0, 0.0),
    };
    let mut runs: Vec<GlyphRun> = Vec::new();
    let mut x = offset;
    for seg in segments {
        let same = runs.last().is_some_and(|r: &GlyphRun| {
            r.face == seg.face && r.size.0 == seg.size && r.color == seg.color && r.link == seg.link
        });
        if !same {
            runs.push(GlyphRun {
                face: seg.face,
                size: Pt(seg.size),
                x: Pt(x),
                text: String::new(),
                glyphs: Vec::new(),
                color: seg.color,
                link: seg.link.clone(),
                lang: None,
            });
        }
        let run = runs.last_mut().expect("a run was just pushed");
        let base = run.text.len();
        run.text.push_str(&seg.text);
        let ranges = cluster_ranges(&seg.glyphs, seg.text.len());
        for (g, r) in seg.glyphs.iter().zip(ranges) {
            let advance = g.advance * seg.size + if seg.stretchable { extra } else { 0.0 };
            x += advance;
            run.glyphs.push(Glyph {
                id: g.id,
                text_range: base + r.start..base + r.end,
                advance: Pt(advance),
                x_offset: Pt(g.x_offset * seg.size),
                y_offset: Pt(g.y_offset * seg.size),
            });
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
