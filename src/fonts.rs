//! Fonts: loading `fonts/` once per process, family/weight/style matching, fallback per character.

use std::sync::Arc;

/// Index of a face in the `FontBook`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(pub u16);

/// One font face: its bytes (shared, read once) and what it is.
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
}

/// Every face Folio can use; built once and shared read-only by all jobs.
#[derive(Clone, Default)]
pub struct FontBook {
    faces: Vec<Face>,
}

impl FontBook {
    /// A book of the given faces, in this order (`FaceId(i)` is `faces[i]`).
    pub fn from_faces(faces: Vec<Face>) -> FontBook {
        FontBook { faces }
    }

    pub fn face(&self, id: FaceId) -> &Face {
        &self.faces[id.0 as usize]
    }

    pub fn faces(&self) -> &[Face] {
        &self.faces
    }
}
