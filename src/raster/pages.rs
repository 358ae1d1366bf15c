//! A picture of a laid-out page drawn from Folio's own page items (glyph outlines, rules,
//! emphasis marks, images), without writing or reading back a PDF.

use ab_glyph_rasterizer::{Rasterizer, point};
use rustc_hash::FxHashMap as HashMap;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlineGlyphCollection, OutlinePen};
use skrifa::{FontRef, GlyphId, MetadataProvider};

use crate::fonts::{FaceId, FontBook};
use crate::typeset::pages::{Line, Mark, Page, PlacedImage, Rule};
use crate::units::Pt;

/// Glyph positions are kept to half a pixel across (word spaces are a pixel or two wide; a
/// quarter pixel took 14 % longer to draw, for no difference to the eye) and a whole
/// pixel down (a line's glyphs share a baseline): a glyph's picture is drawn once for each
/// of the offsets it is met at, and reused.
const SUBPIXELS: f32 = 2.0;

/// Draws `page` (`width` × `height` points) on white, `width_px` pixels wide with the page's
/// proportions, as PNG bytes.
pub fn page_png(
    page: &Page,
    width: Pt,
    height: Pt,
    fonts: &FontBook,
    width_px: u32,
) -> Result<Vec<u8>, String> {
    let (width_px, height_px) = super::pixel_size(width.0, height.0, width_px)?;
    let scale = width_px as f32 / width.0;
    let mut runs = page.drawn_lines().flat_map(|line| &line.runs);
    let grey = page.images.is_empty() && runs.all(|run| is_grey(run.color));
    let mut canvas = Canvas::new(width_px as usize, height_px as usize, scale, grey);
    for image in &page.images {
        canvas.image(image)?;
    }
    for rule in page.rules.iter().chain(&page.bars) {
        canvas.rect(rule, [0, 0, 0]);
    }
    let mut glyphs = Glyphs::new(fonts, scale);
    for line in page.drawn_lines() {
        canvas.line(line, &mut glyphs)?;
    }
    for mark in (page.lines.iter().chain(&page.repeated)).flat_map(Line::decorations) {
        match mark {
            Mark::Rule(rule) => canvas.rect(&rule, [0, 0, 0]),
            Mark::Dot { x, y, radius } => canvas.dot(x, y, radius),
        }
    }
    canvas.png()
}

/// A picture being drawn, white to begin with: RGB, or one grey level a pixel when the page
/// has nothing in colour (most pages: a third of the blending and no conversion to encode).
struct Canvas {
    width: usize,
    height: usize,
    /// Pixels per point.
    scale: f32,
    /// 3 (RGB) or 1 (grey).
    channels: usize,
    pixels: Vec<u8>,
}

/// A glyph's coverage, `width` × `height` pixels whose top-left is `left`, `top` pixels from
/// the pen position rounded down.
struct Mask {
    left: i32,
    top: i32,
    width: usize,
    height: usize,
    coverage: Vec<u8>,
}

impl Canvas {
    fn new(width: usize, height: usize, scale: f32, grey: bool) -> Canvas {
        let channels = if grey { 1 } else { 3 };
        Canvas {
            width,
            height,
            scale,
            channels,
            pixels: vec![255; width * height * channels],
        }
    }

    /// Blends `color` into the pixel at `x`, `y` by `alpha` (0–255); outside the page, nothing.
    fn blend(&mut self, x: i32, y: i32, color: [u8; 3], alpha: u8) {
        if alpha == 0 || x < 0 || y < 0 || x as usize >= self.width || y as usize >= self.height {
            return;
        }
        let at = (y as usize * self.width + x as usize) * self.channels;
        let a = u32::from(alpha);
        let pixels = &mut self.pixels[at..at + self.channels];
        for (pixel, ink) in pixels.iter_mut().zip(color) {
            let (p, c) = (u32::from(*pixel), u32::from(ink));
            *pixel = ((p * (255 - a) + c * a + 127) / 255) as u8;
        }
    }

    fn mask(&mut self, mask: &Mask, x: i32, y: i32, color: [u8; 3]) {
        for row in 0..mask.height {
            for col in 0..mask.width {
                let alpha = mask.coverage[row * mask.width + col];
                self.blend(
                    x + mask.left + col as i32,
                    y + mask.top + row as i32,
                    color,
                    alpha,
                );
            }
        }
    }

    /// A filled rectangle, its edges blended by how much of each pixel they cover.
    fn rect(&mut self, rule: &Rule, color: [u8; 3]) {
        let s = self.scale;
        let (x0, y0) = (rule.x.0 * s, rule.y.0 * s);
        let (x1, y1) = (x0 + rule.width.0 * s, y0 + rule.height.0 * s);
        for y in y0.floor() as i32..y1.ceil() as i32 {
            let cover_y = (y1.min(y as f32 + 1.0) - y0.max(y as f32)).clamp(0.0, 1.0);
            for x in x0.floor() as i32..x1.ceil() as i32 {
                let cover_x = (x1.min(x as f32 + 1.0) - x0.max(x as f32)).clamp(0.0, 1.0);
                self.blend(x, y, color, (cover_x * cover_y * 255.0).round() as u8);
            }
        }
    }

    /// An emphasis dot: a filled circle.
    fn dot(&mut self, x: Pt, y: Pt, radius: Pt) {
        let s = self.scale;
        let (cx, cy, r) = (x.0 * s, y.0 * s, radius.0 * s);
        let (left, top) = ((cx - r).floor(), (cy - r).floor());
        let size = (2.0 * r).ceil() as usize + 2;
        let mut raster = Rasterizer::new(size, size);
        // Four cubic quarters, the usual approximation of a circle.
        let k = 0.552_284_8 * r;
        let (ox, oy) = (cx - left, cy - top);
        let p = |dx: f32, dy: f32| point(ox + dx, oy + dy);
        raster.draw_cubic(p(r, 0.0), p(r, k), p(k, r), p(0.0, r));
        raster.draw_cubic(p(0.0, r), p(-k, r), p(-r, k), p(-r, 0.0));
        raster.draw_cubic(p(-r, 0.0), p(-r, -k), p(-k, -r), p(0.0, -r));
        raster.draw_cubic(p(0.0, -r), p(k, -r), p(r, -k), p(r, 0.0));
        let mut coverage = vec![0; size * size];
        raster.for_each_pixel(|i, a| coverage[i] = (a.clamp(0.0, 1.0) * 255.0).round() as u8);
        let mask = Mask {
            left: 0,
            top: 0,
            width: size,
            height: size,
            coverage,
        };
        self.mask(&mask, left as i32, top as i32, [0, 0, 0]);
    }

    /// Every glyph of a line, at its place: runs are in visual order from their `x`, each
    /// glyph moved by its offsets (`y_offset` upwards).
    fn line(&mut self, line: &Line, glyphs: &mut Glyphs) -> Result<(), String> {
        let s = self.scale;
        for run in &line.runs {
            let mut x = run.x;
            for glyph in &run.glyphs {
                let gx = (x + glyph.x_offset).0 * s;
                let gy = (line.baseline - glyph.y_offset).0 * s;
                let (px, fx) = split(gx);
                let py = gy.round() as i32;
                if let Some(mask) = glyphs.mask(run.face, glyph.id, run.size, fx)? {
                    self.mask(mask, px, py, run.color);
                }
                x += glyph.advance;
            }
        }
        Ok(())
    }

    /// An image scaled to its box and laid over the page by its alpha.
    fn image(&mut self, placed: &PlacedImage) -> Result<(), String> {
        let s = self.scale;
        let (x, y) = (
            (placed.x.0 * s).round() as i32,
            (placed.y.0 * s).round() as i32,
        );
        let width = ((placed.width.0 * s).round() as u32).max(1);
        let height = ((placed.height.0 * s).round() as u32).max(1);
        let format = match placed.image.format {
            crate::model::ImageFormat::Png => image::ImageFormat::Png,
            crate::model::ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        };
        let decoded = image::load_from_memory_with_format(&placed.image.bytes, format)
            .map_err(|e| format!("{}: {e}", placed.image.path.display()))?
            .to_rgba8();
        let scaled = image::imageops::resize(&decoded, width, height, image::imageops::Triangle);
        for (col, row, pixel) in scaled.enumerate_pixels() {
            let [r, g, b, a] = pixel.0;
            self.blend(x + col as i32, y + row as i32, [r, g, b], a);
        }
        Ok(())
    }

    fn png(self) -> Result<Vec<u8>, String> {
        let (width, height) = (self.width as u32, self.height as u32);
        match self.channels {
            1 => super::encode_grey_png(width, height, &self.pixels),
            _ => super::encode_png(width, height, &self.pixels),
        }
    }
}

fn is_grey([r, g, b]: [u8; 3]) -> bool {
    r == g && g == b
}

/// A position in pixels as a whole pixel and the nearest `1 / SUBPIXELS` of a pixel past it.
fn split(v: f32) -> (i32, u8) {
    let parts = (v * SUBPIXELS).round();
    let whole = (parts / SUBPIXELS).floor();
    (whole as i32, (parts - whole * SUBPIXELS) as u8)
}

/// Glyph pictures of the faces a page uses: each glyph's outline read once per face, glyph
/// and size (reading it is the dearer half), and rasterised once per offset (`SUBPIXELS`).
struct Glyphs<'a> {
    fonts: &'a FontBook,
    scale: f32,
    faces: HashMap<FaceId, Option<OutlineGlyphCollection<'a>>>,
    outlines: HashMap<(FaceId, u16, u32), Option<Segments>>,
    masks: HashMap<(FaceId, u16, u32, u8), Option<Mask>>,
}

impl<'a> Glyphs<'a> {
    fn new(fonts: &'a FontBook, scale: f32) -> Glyphs<'a> {
        Glyphs {
            fonts,
            scale,
            faces: HashMap::default(),
            outlines: HashMap::default(),
            masks: HashMap::default(),
        }
    }

    /// The picture of glyph `id` of `face` at `size`, its origin `fx` parts (`SUBPIXELS`) of
    /// a pixel right of a pixel's corner; `None` for a glyph with no outline (a space).
    fn mask(&mut self, face: FaceId, id: u16, size: Pt, fx: u8) -> Result<Option<&Mask>, String> {
        let key = (face, id, size.0.to_bits(), fx);
        if !self.masks.contains_key(&key) {
            let outline = (key.0, key.1, key.2);
            if !self.outlines.contains_key(&outline) {
                let fonts = self.fonts;
                let collection = self.faces.entry(face).or_insert_with(|| {
                    let face = fonts.face(face);
                    let data: &'a [u8] = (*face.data).as_ref();
                    FontRef::from_index(data, face.index)
                        .ok()
                        .map(|font| font.outline_glyphs())
                });
                let collection = collection.as_ref().ok_or_else(|| {
                    format!("{}: cannot read its glyph outlines", fonts.face(face).file)
                })?;
                let segments = collection
                    .get(GlyphId::new(u32::from(id)))
                    .and_then(|glyph| read_outline(&glyph, size.0 * self.scale));
                self.outlines.insert(outline, segments);
            }
            let origin = (f32::from(fx) / SUBPIXELS, 0.0);
            let mask = (self.outlines[&outline].as_ref()).and_then(|pen| rasterise(pen, origin));
            self.masks.insert(key, mask);
        }
        Ok(self.masks[&key].as_ref())
    }
}

/// A glyph's outline at `ppem` pixels to the em; `None` when it has none (a space).
fn read_outline(glyph: &skrifa::outline::OutlineGlyph<'_>, ppem: f32) -> Option<Segments> {
    let mut pen = Segments::default();
    let settings = DrawSettings::unhinted(Size::new(ppem), LocationRef::default());
    glyph.draw(settings, &mut pen).ok()?;
    pen.close();
    (!pen.segments.is_empty()).then_some(pen)
}

/// Rasterises an outline, its origin at `origin` within the first pixel; `None` when it
/// covers too many pixels to be a glyph of a page.
fn rasterise(pen: &Segments, origin: (f32, f32)) -> Option<Mask> {
    // Font units point up; the page's pixels count down.
    let place = |(x, y): (f32, f32)| (origin.0 + x, origin.1 - y);
    let (mut min, mut max) = ((f32::MAX, f32::MAX), (f32::MIN, f32::MIN));
    for &p in &pen.points {
        let (x, y) = place(p);
        min = (min.0.min(x), min.1.min(y));
        max = (max.0.max(x), max.1.max(y));
    }
    let (left, top) = (min.0.floor(), min.1.floor());
    let width = (max.0.ceil() - left) as usize + 1;
    let height = (max.1.ceil() - top) as usize + 1;
    if width > 4 * super::MAX_SIDE as usize || height > 4 * super::MAX_SIDE as usize {
        return None;
    }
    let mut raster = Rasterizer::new(width, height);
    let at = |p: (f32, f32)| {
        let (x, y) = place(p);
        point(x - left, y - top)
    };
    for segment in &pen.segments {
        match *segment {
            Segment::Line(a, b) => raster.draw_line(at(a), at(b)),
            Segment::Quad(a, b, c) => raster.draw_quad(at(a), at(b), at(c)),
            Segment::Cubic(a, b, c, d) => raster.draw_cubic(at(a), at(b), at(c), at(d)),
        }
    }
    let mut coverage = vec![0; width * height];
    // Overlapping contours add up past full coverage: a pixel is at most fully inked.
    raster.for_each_pixel(|i, a| coverage[i] = (a.abs().min(1.0) * 255.0).round() as u8);
    Some(Mask {
        left: left as i32,
        top: top as i32,
        width,
        height,
        coverage,
    })
}

/// An outline's pieces, closed contours made of lines and curves, in pixels with y up, and
/// every point they pass through or are pulled by (their curves lie within those points).
#[derive(Default)]
struct Segments {
    segments: Vec<Segment>,
    points: Vec<(f32, f32)>,
    start: (f32, f32),
    at: (f32, f32),
}

enum Segment {
    Line((f32, f32), (f32, f32)),
    Quad((f32, f32), (f32, f32), (f32, f32)),
    Cubic((f32, f32), (f32, f32), (f32, f32), (f32, f32)),
}

impl OutlinePen for Segments {
    fn move_to(&mut self, x: f32, y: f32) {
        self.close();
        self.start = (x, y);
        self.at = (x, y);
        self.points.push((x, y));
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.segments.push(Segment::Line(self.at, (x, y)));
        self.at = (x, y);
        self.points.push((x, y));
    }

    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.segments
            .push(Segment::Quad(self.at, (cx0, cy0), (x, y)));
        self.at = (x, y);
        self.points.extend([(cx0, cy0), (x, y)]);
    }

    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.segments
            .push(Segment::Cubic(self.at, (cx0, cy0), (cx1, cy1), (x, y)));
        self.at = (x, y);
        self.points.extend([(cx0, cy0), (cx1, cy1), (x, y)]);
    }

    /// Closes the contour with a line back to its start, as filling needs.
    fn close(&mut self) {
        if self.at != self.start {
            self.segments.push(Segment::Line(self.at, self.start));
            self.at = self.start;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The grey level of pixel `x`, `y` of a grey PNG.
    fn pixel(png: &[u8], x: usize, y: usize) -> u8 {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        let mut grey = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut grey).unwrap();
        assert_eq!(info.color_type, png::ColorType::Grayscale);
        grey[y * info.width as usize + x]
    }

    #[test]
    fn a_rule_is_drawn_where_it_is_and_nowhere_else() {
        let page = Page {
            rules: vec![Rule {
                x: Pt(10.0),
                y: Pt(20.0),
                width: Pt(100.0),
                height: Pt(2.0),
            }],
            ..Page::default()
        };
        // One pixel to the point.
        let png = page_png(&page, Pt(200.0), Pt(100.0), &FontBook::default(), 200).unwrap();
        assert_eq!(pixel(&png, 50, 20), 0);
        assert_eq!(pixel(&png, 50, 21), 0);
        assert_eq!(pixel(&png, 50, 22), 255);
        assert_eq!(pixel(&png, 50, 19), 255);
        assert_eq!(pixel(&png, 9, 20), 255);
        assert_eq!(pixel(&png, 110, 20), 255);
    }

    #[test]
    fn a_page_with_no_size_is_an_error() {
        let page = Page::default();
        assert!(page_png(&page, Pt(0.0), Pt(100.0), &FontBook::default(), 200).is_err());
    }
}
