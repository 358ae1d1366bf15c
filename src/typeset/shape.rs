//! Shaping with harfrust, cached per face, direction and text (and hyphenation per word):
//! a report repeats its words, so most words are shaped and hyphenated once per edition.
//! Shaping plans are the font book's (`FontBook::plan`), shared by every job.

use std::collections::HashMap;
use std::sync::Arc;

use std::ops::Range;

use harfrust::{Buffer, Direction, Feature, ShapeOptions, ShaperFont, Tag};

use crate::fonts::{FaceId, FontBook};

/// A glyph as shaped, in em units so one shaping serves every size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShapedGlyph {
    pub id: u16,
    /// Byte offset in the shaped text where this glyph's cluster starts.
    pub cluster: u32,
    pub advance: f32,
    pub x_offset: f32,
    /// Positive is up, as in HarfBuzz.
    pub y_offset: f32,
}

/// Shaped text by its string, for one face and direction.
type WordCache = HashMap<String, Arc<[ShapedGlyph]>>;

/// Text shaped with `halt` on some of its characters, by face, direction, text and ranges.
type HaltCache = HashMap<(FaceId, bool, String, Vec<Range<usize>>), Arc<[ShapedGlyph]>>;

/// The shaping cache of one typesetting job.
pub struct Shaper<'a> {
    fonts: &'a FontBook,
    language: Option<harfrust::Language>,
    cache: HashMap<(FaceId, bool), WordCache>,
    halted: HaltCache,
    /// Hyphenation points of words, as byte offsets: reports repeat their words too.
    hyphens: HashMap<String, Arc<[(usize, bool)]>>,
    buffer: Option<Buffer>,
    /// Each face prepared for shaping once per job: a `ShaperFont` reads the face's metrics
    /// tables again when it is made.
    shaper_fonts: HashMap<FaceId, ShaperFont<'a, 'static>>,
}

impl<'a> Shaper<'a> {
    pub fn new(fonts: &'a FontBook, lang: &str) -> Shaper<'a> {
        Shaper {
            fonts,
            language: lang.parse().ok(),
            cache: HashMap::new(),
            halted: HashMap::new(),
            hyphens: HashMap::new(),
            buffer: Some(Buffer::new()),
            shaper_fonts: HashMap::new(),
        }
    }

    pub fn fonts(&self) -> &'a FontBook {
        self.fonts
    }

    /// The hyphenation points of `word` (each with whether it is a last resort), computed by
    /// `find` the first time it is seen.
    pub fn memo_hyphens(
        &mut self,
        word: &str,
        find: impl FnOnce() -> Vec<(usize, bool)>,
    ) -> Arc<[(usize, bool)]> {
        if let Some(hit) = self.hyphens.get(word) {
            return hit.clone();
        }
        let points: Arc<[(usize, bool)]> = find().into();
        self.hyphens.insert(word.to_string(), points.clone());
        points
    }

    /// Glyphs of `text` in `face`, in visual order for the given direction.
    pub fn shape(&mut self, face: FaceId, text: &str, rtl: bool) -> Arc<[ShapedGlyph]> {
        if let Some(hit) = self.cache.get(&(face, rtl)).and_then(|m| m.get(text)) {
            return hit.clone();
        }
        let glyphs: Arc<[ShapedGlyph]> = self.shape_uncached(face, text, rtl, &[]).into();
        self.cache
            .entry((face, rtl))
            .or_default()
            .insert(text.to_string(), glyphs.clone());
        glyphs
    }

    /// Glyphs of `text` with the font's `halt` feature (half-width forms of full-width
    /// punctuation) on the byte ranges `halt`: adjacent CJK punctuation set close
    /// (`analyze::halt_ranges`). Without ranges, the same as `shape`.
    pub fn shape_halt(
        &mut self,
        face: FaceId,
        text: &str,
        rtl: bool,
        halt: Vec<Range<usize>>,
    ) -> Arc<[ShapedGlyph]> {
        if halt.is_empty() {
            return self.shape(face, text, rtl);
        }
        let key = (face, rtl, text.to_string(), halt);
        if let Some(hit) = self.halted.get(&key) {
            return hit.clone();
        }
        let features: Vec<Feature> = key
            .3
            .iter()
            .map(|r| Feature::new(Tag::new(b"halt"), 1, r.clone()))
            .collect();
        let glyphs: Arc<[ShapedGlyph]> = self.shape_uncached(face, text, rtl, &features).into();
        self.halted.insert(key, glyphs.clone());
        glyphs
    }

    fn shape_uncached(
        &mut self,
        id: FaceId,
        text: &str,
        rtl: bool,
        features: &[Feature],
    ) -> Vec<ShapedGlyph> {
        let fonts = self.fonts;
        let face = fonts.face(id);
        let shaper = (self.shaper_fonts)
            .entry(id)
            .or_insert_with(|| ShaperFont::new(&face.font));
        let mut buffer = self.buffer.take().unwrap_or_default();
        buffer.clear();
        buffer.push_str(text);
        buffer.set_direction(if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        });
        buffer.set_language(self.language.clone());
        buffer.guess_segment_properties();
        // The plan `harfrust::shape` would compile for this buffer, compiled once.
        let plan = fonts.plan(
            id,
            buffer.direction(),
            buffer.script(),
            self.language.as_ref(),
        );
        let upem = face.units_per_em;
        // A plan holds its features' lookups: the shared plan has none, so extra features
        // (`halt`) compile a plan of their own.
        let options = if features.is_empty() {
            ShapeOptions::new().plan(Some(&plan))
        } else {
            ShapeOptions::new().features(features)
        };
        let glyphs = match harfrust::shape(shaper, &mut buffer, options) {
            Ok(()) => buffer
                .glyph_infos()
                .iter()
                .zip(buffer.glyph_positions())
                .map(|(info, pos)| ShapedGlyph {
                    id: u16::try_from(info.glyph_id).unwrap_or(0),
                    cluster: info.cluster,
                    advance: pos.x_advance as f32 / upem,
                    x_offset: pos.x_offset as f32 / upem,
                    y_offset: pos.y_offset as f32 / upem,
                })
                .collect(),
            // Shaping only fails on misuse of the API; an empty result shows up as missing text.
            Err(_) => Vec::new(),
        };
        self.buffer = Some(buffer);
        glyphs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_with_kerning_and_caches() {
        let book = FontBook::load(&[]).unwrap();
        let face = book.chain(&["Noto Serif".into()], false, false)[0];
        let mut shaper = Shaper::new(&book, "en");
        let av = shaper.shape(face, "AV", false);
        let a = shaper.shape(face, "A", false);
        let v = shaper.shape(face, "V", false);
        assert_eq!(av.len(), 2);
        assert!(
            av[0].advance < a[0].advance || av[1].advance < v[0].advance,
            "AV is kerned"
        );
        assert!(Arc::ptr_eq(&av, &shaper.shape(face, "AV", false)));
        let fi = shaper.shape(face, "office", false);
        assert!(fi.len() < 6, "ffi ligature: {} glyphs", fi.len());
        assert!(fi.iter().all(|g| g.id != 0));
    }

    #[test]
    fn halt_sets_the_marked_punctuation_half_width() {
        let book = FontBook::load(&[]).unwrap();
        let face = book.chain(&["Noto Serif CJK SC".into()], false, false)[0];
        let mut shaper = Shaper::new(&book, "zh");
        let advances = |g: &[ShapedGlyph]| g.iter().map(|g| g.advance).collect::<Vec<_>>();
        assert_eq!(advances(&shaper.shape(face, "。」", false)), [1.0, 1.0]);
        // `。` is byte 0..3: only it is halved, its ink kept in the left half.
        let halted = shaper.shape_halt(face, "。」", false, std::iter::once(0..3).collect());
        assert_eq!(advances(&halted), [0.5, 1.0]);
        // An opening bracket halved moves its ink into the half it keeps.
        let opening = shaper.shape_halt(face, "（「", false, std::iter::once(3..6).collect());
        assert_eq!(advances(&opening), [1.0, 0.5]);
        assert!(opening[1].x_offset < 0.0);
    }
}
