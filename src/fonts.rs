//! Fonts: loading the shipped and user faces once per process, family/weight/style matching,
//! and the fallback chain that finds a face for every character.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use harfrust::font::name::NameId;
use harfrust::{Direction, Language, Script, ShapePlan, ShapePlanKey};

use crate::diag::{Diagnostic, Diagnostics, SourceRef};
use crate::input::Scope;

/// Index of a face in the `FontBook`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(pub u16);

/// One font face: its bytes (shared, read once), what it is, and its parsed tables.
#[derive(Clone)]
pub struct Face {
    pub family: String,
    pub bold: bool,
    pub italic: bool,
    /// File name the face was loaded from, for messages.
    pub file: String,
    pub data: Arc<dyn AsRef<[u8]> + Send + Sync>,
    /// Index of the face in a collection file.
    pub index: u32,
    /// Parsed once; shaping and metrics share it.
    pub font: harfrust::Font,
    pub units_per_em: f32,
    /// Typographic ascender and descender (positive below the baseline), in em.
    pub ascender: f32,
    pub descender: f32,
}

impl Face {
    /// Parses a face; `None` when the data holds no usable font.
    pub fn parse(file: &str, data: Arc<dyn AsRef<[u8]> + Send + Sync>, index: u32) -> Option<Face> {
        let blob: harfrust::font::Blob = data.clone().into();
        let font = harfrust::Font::new(blob, index)?;
        let names = font.names();
        let family = [NameId::TYPOGRAPHIC_FAMILY_NAME, NameId::FAMILY_NAME]
            .into_iter()
            .find_map(|id| names.get(id)?.english_or_first())
            .map(|n| n.name().to_string())?;
        let attrs = font.default_attributes();
        let metrics = font.metrics();
        let units_per_em = metrics.units_per_em.max(1) as f32;
        let line = metrics.typo_line.or(metrics.hhea_line);
        let (ascender, descender) = line
            .map(|l| {
                (
                    l.ascender.to_f32() / units_per_em,
                    -l.descender.to_f32() / units_per_em,
                )
            })
            .unwrap_or((0.8, 0.2));
        Some(Face {
            family,
            bold: attrs.weight >= harfrust::font::attribute::Weight::SEMI_BOLD,
            italic: attrs.style != harfrust::font::attribute::Style::Normal,
            file: file.to_string(),
            data,
            index,
            font,
            units_per_em,
            ascender,
            descender,
        })
    }

    pub fn has_char(&self, c: char) -> bool {
        self.font.charmap().map_unicode(c as u32).is_some()
    }
}

/// Every face Folio can use; built once and shared read-only by all jobs.
#[derive(Clone, Default)]
pub struct FontBook {
    faces: Vec<Face>,
    /// Shaping plans by face (`plan`), shared by every job and report using this book.
    plans: Arc<Mutex<HashMap<FaceId, Vec<Arc<ShapePlan>>>>>,
}

impl FontBook {
    /// A book of the given faces, in this order (`FaceId(i)` is `faces[i]`).
    pub fn from_faces(faces: Vec<Face>) -> FontBook {
        FontBook {
            faces,
            plans: Arc::default(),
        }
    }

    /// The shipped faces first, then those in `dirs` (`.ttf`, `.otf`, `.ttc`, sorted by name).
    pub fn load(dirs: &[PathBuf]) -> Result<FontBook, Diagnostics> {
        let anywhere = Scope::anywhere();
        let dirs: Vec<(&Path, &Scope)> = dirs.iter().map(|d| (d.as_path(), &anywhere)).collect();
        FontBook::load_scoped(&dirs)
    }

    /// Like `load`, each folder with the scope its files must resolve in: a layout's own
    /// `font-dir` is confined to the layout's folder, as its images are.
    pub fn load_scoped(dirs: &[(&Path, &Scope)]) -> Result<FontBook, Diagnostics> {
        let mut faces = Vec::new();
        let mut diags = Diagnostics::default();
        for (file, bytes) in crate::assets::EMBEDDED_FONTS {
            let data: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(*bytes);
            push_faces(&mut faces, file, data);
        }
        for (dir, scope) in dirs {
            match font_files(dir) {
                Ok(files) => {
                    for file in files {
                        let read = scope.admit(&file).and_then(|()| {
                            crate::input::read(&file, crate::input::InputKind::Font)
                        });
                        match read {
                            Ok(bytes) => {
                                let name = file.display().to_string();
                                let count = push_faces(&mut faces, &name, Arc::new(bytes));
                                if count == 0 {
                                    diags.push(Diagnostic::error(
                                        SourceRef::file(&file),
                                        "not a font Folio can read; expected TrueType or OpenType",
                                    ));
                                }
                            }
                            Err(e) => diags.push(Diagnostic::error(SourceRef::file(&file), e)),
                        }
                    }
                }
                Err(e) => diags.push(Diagnostic::error(
                    SourceRef::file(dir),
                    format!("cannot read the font folder: {e}"),
                )),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(FontBook::from_faces(faces))
    }

    pub fn face(&self, id: FaceId) -> &Face {
        &self.faces[id.0 as usize]
    }

    /// The shaping plan of a face for a direction, script and language (no user features),
    /// compiled the first time it is asked for. Compiling one (the face's feature and lookup
    /// lists searched for the script and language) cost as much as shaping a few words, and
    /// `harfrust::shape` without a plan compiles one per call; a plan depends only on what
    /// its key holds, so every job and every report of a batch can use the same one.
    pub fn plan(
        &self,
        id: FaceId,
        direction: Direction,
        script: Option<Script>,
        language: Option<&Language>,
    ) -> Arc<ShapePlan> {
        let font = &self.face(id).font;
        let key = ShapePlanKey::new(font, script, direction).language(language);
        // Held while compiling, so that two jobs never compile the same plan.
        let mut plans = self.plans.lock().unwrap_or_else(PoisonError::into_inner);
        let plans = plans.entry(id).or_default();
        if let Some(plan) = plans.iter().find(|plan| key.matches(plan)) {
            return plan.clone();
        }
        let plan = Arc::new(ShapePlan::new(font, direction, script, language, &[]));
        plans.push(plan.clone());
        plan
    }

    pub fn faces(&self) -> &[Face] {
        &self.faces
    }

    pub fn has_family(&self, family: &str) -> bool {
        self.faces
            .iter()
            .any(|f| f.family.eq_ignore_ascii_case(family))
    }

    /// The faces to try, in order: the best match for weight and style in each of
    /// `families`, then the best match in every other family the book holds.
    pub fn chain(&self, families: &[String], bold: bool, italic: bool) -> Vec<FaceId> {
        let mut order: Vec<&str> = families.iter().map(String::as_str).collect();
        for face in &self.faces {
            if !order.iter().any(|f| f.eq_ignore_ascii_case(&face.family)) {
                order.push(&face.family);
            }
        }
        order
            .into_iter()
            .filter_map(|family| self.best_face(family, bold, italic))
            .collect()
    }

    /// The face of `family` closest to the wanted weight and style: style matters more,
    /// as a false italic misreads worse than a missing bold.
    fn best_face(&self, family: &str, bold: bool, italic: bool) -> Option<FaceId> {
        self.faces
            .iter()
            .enumerate()
            .filter(|(_, f)| f.family.eq_ignore_ascii_case(family))
            .min_by_key(|(i, f)| (2 * (f.italic != italic) as u8 + (f.bold != bold) as u8, *i))
            .map(|(i, _)| FaceId(i as u16))
    }

    /// The first face in `chain` that can draw `c`.
    pub fn face_for(&self, chain: &[FaceId], c: char) -> Option<FaceId> {
        chain.iter().copied().find(|&id| self.face(id).has_char(c))
    }

    /// The families the book holds, in the order their first face was loaded, with the
    /// scripts every face of the family covers (`folio fonts`).
    pub fn families(&self) -> Vec<Family> {
        let mut families: Vec<Family> = Vec::new();
        for face in &self.faces {
            let i = match families.iter().position(|f| f.name == face.family) {
                Some(i) => i,
                None => {
                    families.push(Family {
                        name: face.family.clone(),
                        styles: Vec::new(),
                        scripts: SCRIPTS.iter().map(|(name, _)| *name).collect(),
                        files: Vec::new(),
                    });
                    families.len() - 1
                }
            };
            let family = &mut families[i];
            let style = match (face.bold, face.italic) {
                (false, false) => "regular",
                (true, false) => "bold",
                (false, true) => "italic",
                (true, true) => "bold italic",
            };
            if !family.styles.contains(&style) {
                family.styles.push(style);
            }
            family.files.push(face.file.clone());
            family.scripts.retain(|script| {
                let (_, letters) = SCRIPTS.iter().find(|(name, _)| name == script).unwrap();
                letters.chars().all(|c| face.has_char(c))
            });
        }
        const STYLES: [&str; 4] = ["regular", "bold", "italic", "bold italic"];
        for family in &mut families {
            family
                .styles
                .sort_by_key(|s| STYLES.iter().position(|t| t == s));
        }
        families
    }
}

/// A font family as `folio fonts` lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Family {
    pub name: String,
    /// Of `regular`, `bold`, `italic`, `bold italic`, those it has, in this order.
    pub styles: Vec<&'static str>,
    /// The names from `SCRIPTS` that every face of the family covers.
    pub scripts: Vec<&'static str>,
    /// The files its faces came from: a shipped font's file name, or the path read.
    pub files: Vec<String>,
}

/// Scripts `folio fonts` reports, each with letters a face must all map to count as
/// covering it: the basic alphabet, or for Han common ideographs shared by simplified and
/// traditional Chinese (and Japanese).
pub const SCRIPTS: [(&str, &str); 10] = [
    (
        "Latin",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    ),
    ("Greek", "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρστυφχψω"),
    (
        "Cyrillic",
        "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ),
    ("Arabic", "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"),
    ("Hebrew", "אבגדהוזחטיכלמנסעפצקרשת"),
    ("Devanagari", "अआइईउऊएऐओऔकखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसह"),
    ("Han", "一人大中上下日月水火山天子女文字年心手生"),
    ("Kana", "あいうえおかきくけこアイウエオカキクケコ"),
    ("Hangul", "가나다라마바사아자차카타파하"),
    ("Thai", "กขคงจฉชซญดตถทนบปผพฟภมยรลวศษสหอฮ"),
];

fn push_faces(
    faces: &mut Vec<Face>,
    file: &str,
    data: Arc<dyn AsRef<[u8]> + Send + Sync>,
) -> usize {
    let mut count = 0;
    for index in 0..64 {
        match Face::parse(file, data.clone(), index) {
            Some(face) => {
                faces.push(face);
                count += 1;
            }
            None => break,
        }
    }
    count
}

fn font_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc"))
        })
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_faces_have_families_and_styles() {
        let book = FontBook::load(&[]).unwrap();
        let serif: Vec<_> = book
            .faces()
            .iter()
            .filter(|f| f.family == "Noto Serif")
            .collect();
        assert_eq!(
            serif.len(),
            4,
            "{:?}",
            book.faces().iter().map(|f| &f.family).collect::<Vec<_>>()
        );
        assert!(serif.iter().any(|f| f.bold && f.italic));
        assert!(book.has_family("Noto Naskh Arabic"));
        assert!(book.has_family("Noto Serif SC") || book.has_family("Noto Serif CJK SC"));
    }

    #[test]
    fn chain_prefers_style_then_falls_back() {
        let book = FontBook::load(&[]).unwrap();
        let chain = book.chain(&["Noto Serif".into()], true, true);
        let first = book.face(chain[0]);
        assert!(first.bold && first.italic && first.family == "Noto Serif");
        let arabic = book
            .face_for(&chain, 'ب')
            .map(|id| book.face(id).family.clone());
        assert_eq!(arabic.as_deref(), Some("Noto Naskh Arabic"));
        assert_eq!(book.face_for(&chain, '\u{10FFFD}'), None);
    }
}
