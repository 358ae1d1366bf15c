//! Drawing one page: each glyph run as one krilla `draw_glyphs` call inside tagged spans, header/footer artifacts, and link annotations.

use std::num::NonZeroU64;
use std::sync::Arc;

use krilla::Document;
use krilla::action::LinkAction;
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::destination::XyzDestination;
use krilla::geom::{Point, Rect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::surface::{Location, Surface};
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, SpanTag};
use krilla::text::{GlyphId, KrillaGlyph};

use super::tags::TagBuilder;
use super::{PdfError, PdfFonts};
use crate::model::ImageFormat;
use crate::typeset::pages::{
    DocInfo, GlyphRun, Line, Mark, NoteAnchor, OutlineEntry, Page, PageLink, StructNode,
};
use crate::units::Pt;

/// Where each krilla `Location` was drawn, so validation errors can name page and line.
#[derive(Default)]
pub(super) struct Places {
    places: Vec<Place>,
}

struct Place {
    page: usize,
    line: usize,
    artifact: bool,
    /// The input file:line:col of the block the line belongs to.
    source: Option<Arc<str>>,
}

impl Places {
    fn add(
        &mut self,
        page: usize,
        line: usize,
        artifact: bool,
        source: Option<Arc<str>>,
    ) -> Location {
        self.places.push(Place {
            page,
            line,
            artifact,
            source,
        });
        NonZeroU64::new(self.places.len() as u64).expect("length after a push is at least 1")
    }

    pub(super) fn describe(&self, location: Location) -> Option<String> {
        let place = self.places.get(usize::try_from(location.get() - 1).ok()?)?;
        let kind = if place.artifact {
            "header/footer line"
        } else {
            "line"
        };
        let from = place
            .source
            .as_deref()
            .map_or_else(String::new, |s| format!(", from {s}"));
        Some(format!(
            "page {}, {kind} {}{from}",
            place.page + 1,
            place.line + 1
        ))
    }
}

/// What the writer knows before the first page: size, page count, structure and outline.
pub(super) struct Frame<'a> {
    pub width: Pt,
    pub height: Pt,
    pub count: usize,
    pub structure: &'a [StructNode],
    pub outline: &'a [OutlineEntry],
}

/// Checks the page size, which krilla would otherwise panic on.
pub(super) fn check_frame(frame: &Frame) -> Result<(), PdfError> {
    let (width, height) = (frame.width.0, frame.height.0);
    if !(width.is_finite() && height.is_finite() && width > 0.0 && height > 0.0) {
        return Err(PdfError::Pages(format!(
            "page size {width}×{height}pt is not positive"
        )));
    }
    Ok(())
}

/// Checks the parts of the `Page` contract that krilla would otherwise panic on, and loads
/// every face used, so drawing cannot fail half-way through a tagged section. Called for each
/// page before it is drawn; an error drops the whole document.
pub(super) fn check(
    frame: &Frame,
    page_index: usize,
    page: &Page,
    fonts: &PdfFonts,
) -> Result<(), PdfError> {
    let content = page.lines.iter().map(|line| (line, false));
    let artifacts = page
        .artifacts
        .iter()
        .chain(&page.repeated)
        .map(|line| (line, true));
    for rule in page.rules.iter().chain(&page.bars) {
        let finite = [rule.x, rule.y, rule.width, rule.height]
            .iter()
            .all(|v| v.0.is_finite());
        if !finite || rule.width.0 <= 0.0 || rule.height.0 <= 0.0 {
            return Err(PdfError::Pages(format!(
                "a rule on page {} has no size: {rule:?}",
                page_index + 1
            )));
        }
    }
    for image in &page.images {
        let sized = [image.x, image.y, image.width, image.height]
            .iter()
            .all(|v| v.0.is_finite())
            && image.width.0 > 0.0
            && image.height.0 > 0.0;
        if !sized || image.node.is_some_and(|node| node >= frame.structure.len()) {
            return Err(PdfError::Pages(format!(
                "an image on page {} has no size or no structure element",
                page_index + 1
            )));
        }
    }
    for link in &page.links {
        let finite = link.area.iter().chain([&link.y]).all(|v| v.0.is_finite());
        if !finite || link.node >= frame.structure.len() || link.page >= frame.count {
            return Err(PdfError::Pages(format!(
                "a link on page {} leads to page {} of {}, or has no area or element",
                page_index + 1,
                link.page + 1,
                frame.count
            )));
        }
    }
    let artifacts = artifacts.chain(page.leaders.iter().map(|line| (line, true)));
    for (line, artifact) in content.chain(artifacts) {
        let at = || format!("page {}", page_index + 1);
        if !line.baseline.0.is_finite() {
            return Err(PdfError::Pages(format!(
                "a line on {} has no finite baseline",
                at()
            )));
        }
        if !artifact && line.node >= frame.structure.len() {
            return Err(PdfError::Pages(format!(
                "a line on {} belongs to structure element {}, but there are {}",
                at(),
                line.node,
                frame.structure.len()
            )));
        }
        for run in &line.runs {
            fonts.font(run.face)?;
            check_run(run).map_err(|problem| {
                PdfError::Pages(format!("run {:?} on {}: {problem}", run.text, at()))
            })?;
        }
    }
    Ok(())
}

fn check_run(run: &GlyphRun) -> Result<(), String> {
    if !(run.size.0.is_finite() && run.size.0 > 0.0) {
        return Err(format!("font size {} is not positive", run.size.0));
    }
    if !run.x.0.is_finite() {
        return Err("x is not finite".to_string());
    }
    for glyph in &run.glyphs {
        if ![glyph.advance, glyph.x_offset, glyph.y_offset]
            .iter()
            .all(|length| length.0.is_finite())
        {
            return Err(format!(
                "glyph {} has a non-finite advance or offset",
                glyph.id
            ));
        }
        let range = glyph.text();
        if range.start > range.end
            || range.end > run.text.len()
            || !run.text.is_char_boundary(range.start)
            || !run.text.is_char_boundary(range.end)
        {
            return Err(format!(
                "glyph {} has text range {range:?} outside the run's text",
                glyph.id
            ));
        }
    }
    Ok(())
}

/// What was drawn for one piece of a line, waiting for its annotation and tag-tree place.
struct Drawn<'a> {
    node: usize,
    contents: Vec<Identifier>,
    link: Option<PendingLink<'a>>,
}

struct PendingLink<'a> {
    target: LinkTo<'a>,
    rect: Rect,
    alt: String,
    location: Location,
}

/// Where a link leads: a URL, or a footnote's place on this page.
enum LinkTo<'a> {
    Url(&'a str),
    Note(Point),
}

#[allow(clippy::too_many_arguments)]
pub(super) fn page(
    document: &mut Document,
    frame: &Frame,
    source: &Page,
    index: usize,
    fonts: &PdfFonts,
    tags: &mut TagBuilder,
    places: &mut Places,
    info: &DocInfo,
) -> Result<(), PdfError> {
    let settings = PageSettings::from_wh(frame.width.0, frame.height.0)
        .ok_or_else(|| PdfError::Pages("invalid page size".to_string()))?;
    let rtl = info.rtl;
    let mut page = document.start_page_with(settings);
    let mut drawn = Vec::new();
    let mut figures = Vec::new();
    {
        let mut surface = page.surface();
        for (line_index, line) in source.lines.iter().enumerate() {
            let from = frame
                .structure
                .get(line.node)
                .and_then(|n| n.source.clone());
            let location = places.add(index, line_index, false, from);
            for piece in pieces(line, rtl) {
                let drawn_piece = draw_piece(
                    &mut surface,
                    &piece,
                    line,
                    &source.notes,
                    fonts,
                    location,
                    rtl,
                );
                drawn.push(drawn_piece);
            }
        }
        for (line_index, line) in source.artifacts.iter().enumerate() {
            let location = places.add(index, line_index, true, None);
            // Artifacts stay out of the structure tree, so they carry no (untaggable) links.
            let kind = if line.baseline.0 < frame.height.0 / 2.0 {
                ArtifactType::Header
            } else {
                ArtifactType::Footer
            };
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(kind)));
            for run in &line.runs {
                draw_run(&mut surface, run, line.baseline, fonts, location);
            }
            surface.end_tagged();
        }
        // A table's header rows again on a page it runs onto: the structure has them once.
        for (line_index, line) in source.repeated.iter().enumerate() {
            let location = places.add(index, line_index, true, None);
            let kind = ArtifactType::PaginationOther;
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(kind)));
            for run in &line.runs {
                draw_run(&mut surface, run, line.baseline, fonts, location);
            }
            surface.end_tagged();
        }
        // A contents entry's dot leaders lead the eye; a reader needs none of them.
        if !source.leaders.is_empty() {
            let location = places.add(index, 0, true, None);
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                ArtifactType::Layout,
            )));
            for line in &source.leaders {
                for run in &line.runs {
                    draw_run(&mut surface, run, line.baseline, fonts, location);
                }
            }
            surface.end_tagged();
        }
        // PDF/A forbids interpolation flags on images, so none is set. A figure's image is
        // content in its Figure element; a header or footer image is an artifact.
        for placed in &source.images {
            let data: krilla::Data = placed.image.bytes.to_vec().into();
            let image = match placed.image.format {
                ImageFormat::Png => krilla::image::Image::from_png(data, false),
                ImageFormat::Jpeg => krilla::image::Image::from_jpeg(data, false),
            }
            .map_err(|e| PdfError::Pages(format!("image {}: {e}", placed.image.path.display())))?;
            let size = krilla::geom::Size::from_wh(placed.width.0, placed.height.0)
                .ok_or_else(|| PdfError::Pages("an image has no size".to_string()))?;
            let tag = match placed.node {
                Some(_) => ContentTag::Other,
                None if placed.y.0 < frame.height.0 / 2.0 => {
                    ContentTag::Artifact(Artifact::with_kind(ArtifactType::Header))
                }
                None => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Footer)),
            };
            let content = surface.start_tagged(tag);
            surface.push_transform(&krilla::geom::Transform::from_translate(
                placed.x.0, placed.y.0,
            ));
            surface.draw_image(image, size);
            surface.pop();
            surface.end_tagged();
            if let Some(node) = placed.node {
                figures.push((node, content));
            }
        }
        if !source.rules.is_empty() {
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                ArtifactType::Layout,
            )));
            surface.set_fill(Some(Fill::default()));
            for rule in &source.rules {
                let mut path = krilla::geom::PathBuilder::new();
                if let Some(rect) = Rect::from_xywh(rule.x.0, rule.y.0, rule.width.0, rule.height.0)
                {
                    path.push_rect(rect);
                }
                if let Some(path) = path.finish() {
                    surface.draw_path(&path);
                }
            }
            surface.end_tagged();
        }
        // The bar code is furniture like a header's image; its text is a line of `artifacts`.
        if let Some(first) = source.bars.first() {
            let kind = if first.y.0 < frame.height.0 / 2.0 {
                ArtifactType::Header
            } else {
                ArtifactType::Footer
            };
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(kind)));
            surface.set_fill(Some(Fill::default()));
            let mut path = krilla::geom::PathBuilder::new();
            for bar in &source.bars {
                if let Some(rect) = Rect::from_xywh(bar.x.0, bar.y.0, bar.width.0, bar.height.0) {
                    path.push_rect(rect);
                }
            }
            if let Some(path) = path.finish() {
                surface.draw_path(&path);
            }
            surface.end_tagged();
        }
        // Emphasis dots and underlines mark the text for the eye; the text itself is what a
        // reader copies or hears, so they are drawn as artifacts.
        let marks: Vec<Mark> = (source.lines.iter().chain(&source.repeated))
            .flat_map(Line::decorations)
            .collect();
        if !marks.is_empty() {
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                ArtifactType::Layout,
            )));
            surface.set_fill(Some(Fill::default()));
            let mut path = krilla::geom::PathBuilder::new();
            for mark in marks {
                match mark {
                    Mark::Dot { x, y, radius } => push_circle(&mut path, x.0, y.0, radius.0),
                    Mark::Rule(rule) => {
                        if let Some(rect) =
                            Rect::from_xywh(rule.x.0, rule.y.0, rule.width.0, rule.height.0)
                        {
                            path.push_rect(rect);
                        }
                    }
                }
            }
            if let Some(path) = path.finish() {
                surface.draw_path(&path);
            }
            surface.end_tagged();
        }
        surface.finish();
    }
    for (node, content) in figures {
        tags.push_content(node, content);
    }
    // What is drawn for an element that links somewhere in the document (a contents entry)
    // is that link's content, whatever links its runs carry themselves.
    let mut internal: Vec<(&PageLink, Vec<Identifier>)> =
        source.links.iter().map(|link| (link, Vec::new())).collect();
    for piece in drawn {
        if let Some((_, contents)) = internal.iter_mut().find(|(l, _)| l.node == piece.node) {
            contents.extend(piece.contents);
            continue;
        }
        match piece.link {
            None => {
                for content in piece.contents {
                    tags.push_content(piece.node, content);
                }
            }
            Some(link) => {
                let target = match link.target {
                    LinkTo::Url(url) => Target::Action(LinkAction::new(url.to_string()).into()),
                    LinkTo::Note(at) => Target::Destination(XyzDestination::new(index, at).into()),
                };
                let annotation = Annotation::new_link(
                    LinkAnnotation::new(link.rect, target),
                    Some(link.alt.clone()),
                )
                .with_location(Some(link.location));
                let annotation = page.add_tagged_annotation(annotation);
                tags.push_link(piece.node, annotation, piece.contents, &link.alt);
            }
        }
    }
    for (link, contents) in internal {
        let [left, top, right, bottom] = link.area.map(|v| v.0);
        let Some(rect) = Rect::from_ltrb(left, top, right.max(left + 0.01), bottom.max(top + 0.01))
        else {
            continue;
        };
        let alt = frame
            .structure
            .get(link.node)
            .map(|node| node.text.clone())
            .unwrap_or_default();
        let destination = XyzDestination::new(link.page, Point::from_xy(0.0, link.y.0));
        let target = Target::Destination(destination.into());
        let annotation = Annotation::new_link(LinkAnnotation::new(rect, target), Some(alt.clone()));
        let annotation = page.add_tagged_annotation(annotation);
        tags.push_link(link.node, annotation, contents, &alt);
    }
    page.finish();
    Ok(())
}

/// A circle of four cubic arcs (the usual 0.5523 control-point ratio).
fn push_circle(path: &mut krilla::geom::PathBuilder, cx: f32, cy: f32, r: f32) {
    let k = 0.552_284_8 * r;
    path.move_to(cx + r, cy);
    path.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    path.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    path.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    path.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    path.close();
}

/// Adjacent runs of a line with the same link: one annotation each. Inside, runs are grouped
/// by language, one marked-content span per group.
struct Piece<'a> {
    link: Option<&'a str>,
    /// The footnote whose mark this is.
    note: Option<usize>,
    /// Runs in drawing order, grouped by language.
    spans: Vec<&'a [GlyphRun]>,
}

fn pieces(line: &Line, rtl: bool) -> Vec<Piece<'_>> {
    let mut pieces: Vec<Piece<'_>> = line
        .runs
        .chunk_by(|a, b| a.link == b.link && a.note == b.note)
        .map(|runs| Piece {
            link: runs[0].link.as_deref(),
            note: runs[0].note,
            spans: runs.chunk_by(|a, b| a.lang == b.lang).collect(),
        })
        .collect();
    // Runs come in visual order. In a right-to-left edition the reading order runs the other
    // way, so draw and tag from the right (exact for pure RTL lines and one-run embeddings).
    if rtl {
        pieces.reverse();
        for piece in &mut pieces {
            piece.spans.reverse();
        }
    }
    pieces
}

fn draw_piece<'a>(
    surface: &mut Surface<'_>,
    piece: &Piece<'a>,
    line: &Line,
    notes: &[NoteAnchor],
    fonts: &PdfFonts,
    location: Location,
    rtl: bool,
) -> Drawn<'a> {
    let mut contents = Vec::with_capacity(piece.spans.len());
    for runs in &piece.spans {
        let span = SpanTag::empty().with_lang(runs[0].lang.as_deref());
        contents.push(surface.start_tagged(ContentTag::Span(span)));
        let ordered: Box<dyn Iterator<Item = &GlyphRun>> = if rtl {
            Box::new(runs.iter().rev())
        } else {
            Box::new(runs.iter())
        };
        for run in ordered {
            draw_run(surface, run, line.baseline, fonts, location);
        }
        surface.end_tagged();
    }
    // Merged runs get one annotation; `check` made every coordinate finite and every size
    // positive, so the rectangle always exists.
    // A footnote mark leads to its note, which starts on the same page.
    let note = piece
        .note
        .and_then(|n| notes.iter().find(|anchor| anchor.note == n))
        .map(|anchor| (LinkTo::Note(Point::from_xy(0.0, anchor.y.0)), &anchor.text));
    let url = piece.link.map(|url| (LinkTo::Url(url), None));
    let link = note
        .map(|(to, text)| (to, Some(text)))
        .or(url)
        .and_then(|(target, said)| {
            let runs = || piece.spans.iter().flat_map(|runs| runs.iter());
            let left = runs().map(|run| run.x.0).fold(f32::INFINITY, f32::min);
            let right = runs()
                .map(|run| (run.x + run.width()).0)
                .fold(f32::NEG_INFINITY, f32::max);
            let size = runs().map(|run| run.size.0).fold(0.0, f32::max);
            let baseline = line.baseline.0;
            let rect = Rect::from_ltrb(
                left,
                baseline - 0.8 * size,
                right.max(left + 0.01),
                baseline + 0.25 * size,
            )?;
            let text: String = runs().map(|run| run.text.as_str()).collect();
            let alt = match (said, &target) {
                (Some(note), _) => note.clone(),
                (None, LinkTo::Url(url)) if text.trim().is_empty() => url.to_string(),
                _ => text,
            };
            Some(PendingLink {
                target,
                rect,
                alt,
                location,
            })
        });
    Drawn {
        node: line.node,
        contents,
        link,
    }
}

/// One glyph run, one `draw_glyphs` call: krilla wants advances and offsets per em, and its
/// y offset points up (HarfBuzz's convention), like ours.
fn draw_run(
    surface: &mut Surface<'_>,
    run: &GlyphRun,
    baseline: Pt,
    fonts: &PdfFonts,
    location: Location,
) {
    // Every face was loaded by `check`; a failure here cannot happen.
    let Ok(font) = fonts.font(run.face) else {
        return;
    };
    if run.glyphs.is_empty() {
        return;
    }
    let size = run.size.0;
    let glyphs: Vec<KrillaGlyph> = run
        .glyphs
        .iter()
        .map(|glyph| {
            KrillaGlyph::new(
                GlyphId::new(u32::from(glyph.id)),
                glyph.advance.0 / size,
                glyph.x_offset.0 / size,
                glyph.y_offset.0 / size,
                0.0,
                glyph.text(),
                Some(location),
            )
        })
        .collect();
    let [red, green, blue] = run.color;
    surface.set_fill(Some(Fill {
        paint: rgb::Color::new(red, green, blue).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::default(),
    }));
    surface.set_location(location);
    surface.draw_glyphs(
        Point::from_xy(run.x.0, baseline.0),
        &glyphs,
        font.clone(),
        &run.text,
        size,
        false,
    );
    surface.reset_location();
}
