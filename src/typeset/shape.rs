//! Shaping with harfrust, cached per face, direction and text (and hyphenation per word):
//! a report repeats its words, so most words are shaped and hyphenated once per edition.
//! Shaping plans are the font book's (`FontBook::plan`), shared by every job.

use std::collections::HashMap;
use std::sync::Arc;

use harfrust::{Buffer, Direction, ShapeOptions, ShaperFont};

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

/// The shaping cache of one typesetting job.
pub struct Shaper<'a> {
    fonts: &'a FontBook,
    language: Option<harfrust::Language>,
    cache: HashMap<(FaceId, bool), WordCache>,
    /// Hyphenation points of words, as byte offsets: reports repeat their words too.
    hyphens: HashMap<String, Arc<[usize]>>,
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
            hyphens: HashMap::new(),
            buffer: Some(Buffer::new()),
            shaper_fonts: HashMap::new(),
        }
    }

    pub fn fonts(&self) -> &'a FontBook {
        self.fonts
    }

    /// The hyphenation points of `word`, computed by `find` the first time it is seen.
    pub fn memo_hyphens(&mut self, word: &str, find: impl FnOnce() -> Vec<usize>) -> Arc<[usize]> {
        if let Some(hit) = self.hyphens.get(word) {
            return hit.clone();
        }
        let points: Arc<[usize]> = find().into();
        self.hyphens.insert(word.to_string(), points.clone());
        points
    }

    /// Glyphs of `text` in `face`, in visual order for the given direction.
    pub fn shape(&mut self, face: FaceId, text: &str, rtl: bool) -> Arc<[ShapedGlyph]> {
        if let Some(hit) = self.cache.get(&(face, rtl)).and_then(|m| m.get(text)) {
            return hit.clone();
        }
        let glyphs: Arc<[ShapedGlyph]> = self.shape_uncached(face, text, rtl).into();
        self.cache
            .entry((face, rtl))
            .or_default()
            .insert(text.to_string(), glyphs.clone());
        glyphs
    }

    fn shape_uncached(&mut self, id: FaceId, text: &str, rtl: bool) -> Vec<ShapedGlyph> {
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
        let options = ShapeOptions::new().plan(Some(&plan));
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
}
