//! The circular pack (`folio pack DIR`): from one report's build folder, a deterministic zip
//! of every edition and the manifest, a PDF/A-3 cover sheet with the files attached, and an
//! `index.html` with a thumbnail of each edition's first page; written under the build's
//! output contract (`run::output`), so nothing is half-written.

mod archive;
mod cover;
pub(crate) mod html;
mod words;

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Diagnostics, SourceRef};
use crate::export::pdf::Attachment;
use crate::run::Manifest;
use crate::run::output::{MANIFEST, OutputDir, Staged};

pub use cover::CoverSetting;

/// The index page's name.
pub const INDEX: &str = "index.html";
/// How wide the thumbnails are, in pixels.
pub const THUMB_WIDTH: u32 = 240;

/// A thumbnail's PNG bytes, or why it could not be drawn.
pub type Thumbnail = Result<Vec<u8>, String>;

/// Gives the thumbnail of a PDF that `build --pack` made: drawn by the build from the
/// laid-out page (`raster::page_png`), waited for or drawn when asked.
pub type TakeThumbnail<'a> = Box<dyn FnOnce() -> Thumbnail + Send + 'a>;

/// One output of the build that `build --pack` is writing, handed to the pack: its name, its
/// bytes and, for a PDF, its thumbnail.
pub struct Built<'a> {
    pub name: String,
    pub bytes: Arc<Vec<u8>>,
    pub thumbnail: Option<TakeThumbnail<'a>>,
}

/// The thumbnail of a PDF's first page, `THUMB_WIDTH` pixels wide, read back from the file
/// (`folio pack` on a folder). `build --pack` draws it from the laid-out page instead
/// (`raster::page_png`, on the build's pool), at a sixth of the cost: the same size and kind
/// of PNG, the same picture to the eye (tests/pack.rs compares the two), not the same bytes.
pub fn thumbnail(pdf: &[u8]) -> Thumbnail {
    crate::raster::pdf_page_png(pdf, 0, THUMB_WIDTH)
}

/// What a pack wrote, every name relative to the folder.
#[derive(Clone, Debug)]
pub struct PackResult {
    pub zip: String,
    pub cover: String,
    pub index: String,
    pub thumbnails: Vec<String>,
    /// The files packed: the manifest's outputs, then `manifest.json`.
    pub files: Vec<String>,
}

/// One output file of the build, read and checked against the manifest.
pub(crate) struct File {
    pub name: String,
    pub format: String,
    pub pages: Option<usize>,
    /// Shared by the zip and the cover, which attaches it.
    pub bytes: Arc<Vec<u8>>,
    pub sha256: String,
}

/// One edition's files, in the report's order of editions.
pub(crate) struct EditionFiles {
    pub lang: String,
    pub title: String,
    pub files: Vec<File>,
    /// The thumbnail of its PDF's first page, when it has a PDF.
    pub thumbnail: Option<(String, Vec<u8>)>,
}

/// Packs the build in `dir` (its `manifest.json` and outputs) for a circular. Fails, writing
/// nothing, when the folder is not a committed build or a file differs from the manifest.
pub fn pack(dir: &Path) -> Result<PackResult, Diagnostics> {
    let manifest_path = dir.join(MANIFEST);
    let fail = |at: &Path, message: String| {
        Diagnostics::from(Diagnostic::error(SourceRef::file(at), message))
    };
    if !std::fs::symlink_metadata(&manifest_path).is_ok_and(|m| m.is_file()) {
        return Err(Diagnostics::from(
            Diagnostic::error(
                SourceRef::file(&manifest_path),
                "no manifest.json here: expected the folder of one committed build",
            )
            .with_hint("build first (`folio build report.yaml -o DIR`), then `folio pack DIR`"),
        ));
    }
    // The build's lock: a build into the folder finishes before the pack reads it.
    let out = OutputDir::open(dir).map_err(|e| fail(dir, e))?;
    let manifest_bytes = read_file(&manifest_path, None).map_err(|e| fail(&manifest_path, e))?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes).map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            SourceRef::new(&manifest_path, e.line() as u32, e.column() as u32),
            format!("manifest.json cannot be read: {e}"),
        ))
    })?;
    let editions = read_editions(&manifest_path, &manifest, |path, size, sha256| {
        let bytes = read_file(&dir.join(path), Some(size))?;
        let actual = hex(&Sha256::digest(&bytes));
        if actual != sha256 {
            return Err(format!(
                "has SHA-256 {actual}, but the manifest says {sha256}: the folder is not the build the manifest describes"
            ));
        }
        Ok(Arc::new(bytes))
    })?;
    let setting = CoverSetting::load().map_err(|e| fail(dir, e))?;
    make_pack(
        &out,
        dir,
        &setting,
        &manifest,
        &manifest_bytes,
        editions,
        Vec::new(),
    )?
    .write(&out, dir)
}

/// Makes the pack of the build that `build --pack` is committing into `dir`, from the bytes
/// it writes (`outputs`, with its thumbnails of the PDFs; `manifest_bytes`:
/// `manifest.json`'s) rather than reading them back: the same files as `folio pack` on the
/// folder, byte for byte, but for the thumbnails (see [`thumbnail`]). `setting`: what the
/// cover is set with, as [`CoverSetting::load`] gives it, perhaps shared with the build.
/// The build writes it ([`Pack::write`]) once its own commit has succeeded.
pub fn pack_built(
    out: &OutputDir,
    dir: &Path,
    setting: &CoverSetting,
    manifest: &Manifest,
    manifest_bytes: &[u8],
    mut outputs: Vec<Built>,
) -> Result<Pack, Diagnostics> {
    let drawn = (outputs.iter_mut())
        .filter_map(|o| Some((o.name.clone(), o.thumbnail.take()?)))
        .collect();
    // The manifest's sizes and SHA-256 were computed from these very bytes.
    let editions = read_editions(&dir.join(MANIFEST), manifest, |path, _, _| {
        let i = (outputs.iter().position(|o| o.name == path))
            .ok_or_else(|| "was not kept from the build".to_string())?;
        Ok(outputs[i].bytes.clone())
    })?;
    make_pack(out, dir, setting, manifest, manifest_bytes, editions, drawn)
}

/// A pack made and not yet in place: its files staged as each was made (the thumbnails and
/// the zip while the cover was made, then the cover; a staged temporary is removed when
/// dropped), and the index, which links them, to stage last.
pub struct Pack {
    staged: Vec<Staged>,
    index: Vec<u8>,
    result: PackResult,
}

impl Pack {
    /// Writes the pack into `out` (the build's folder `dir`, locked by the caller): the index
    /// is staged, then every file is renamed into place, the index last.
    pub fn write(self, out: &OutputDir, dir: &Path) -> Result<PackResult, Diagnostics> {
        let fail =
            |message: String| Diagnostics::from(Diagnostic::error(SourceRef::file(dir), message));
        let index = (out.stage(INDEX, &self.index))
            .map_err(|e| fail(format!("{e}; nothing was replaced")))?;
        for staged in self.staged.into_iter().chain([index]) {
            out.commit(staged).map_err(fail)?;
        }
        out.sync();
        Ok(self.result)
    }
}

/// Makes the zip, the cover, the thumbnails and the index from a build's checked files in
/// `dir` (`out`, locked by the caller), staging what it can while the cover is made.
/// `drawn`: the build's own thumbnails, by the PDF's name; the others are drawn here, from
/// the PDFs.
fn make_pack(
    out: &OutputDir,
    dir: &Path,
    setting: &CoverSetting,
    manifest: &Manifest,
    manifest_bytes: &[u8],
    mut editions: Vec<EditionFiles>,
    mut drawn: Vec<(String, TakeThumbnail)>,
) -> Result<Pack, Diagnostics> {
    let manifest_path = dir.join(MANIFEST);
    let fail = |at: &Path, message: String| {
        Diagnostics::from(Diagnostic::error(SourceRef::file(at), message))
    };
    let stem = stem(manifest);
    let zip_name = format!("{stem}.zip");
    let cover_name = format!("{stem}-cover.pdf");
    for edition in &mut editions {
        edition.thumbnail = (edition.files.iter())
            .find(|f| f.format == "pdf")
            .map(|f| (thumbnail_name(&f.name), Vec::new()));
    }
    let mut names: Vec<&str> = vec![&zip_name, &cover_name, INDEX];
    names.extend(
        editions
            .iter()
            .filter_map(|e| Some(e.thumbnail.as_ref()?.0.as_str())),
    );
    let taken = |name: &str| {
        name == MANIFEST || (editions.iter()).any(|e| e.files.iter().any(|f| f.name == name))
    };
    if let Some(name) = names.iter().find(|name| taken(name)) {
        return Err(fail(
            &manifest_path,
            format!("the pack would write {name}, which is one of the build's files"),
        ));
    }

    let date = manifest
        .date
        .as_deref()
        .and_then(|d| d.parse().ok())
        .or_else(crate::run::source_date_epoch)
        .unwrap_or(jiff::civil::date(1970, 1, 1));
    let mut attachments: Vec<Attachment> = (editions.iter())
        .flat_map(|e| &e.files)
        .map(|f| Attachment {
            name: f.name.clone(),
            mime_type: cover::mime_type(f).to_string(),
            description: format!("{} ({}), SHA-256 {}", f.name, f.format, f.sha256),
            bytes: f.bytes.clone(),
            compress: false,
        })
        .collect();
    attachments.push(Attachment {
        name: MANIFEST.to_string(),
        mime_type: "application/json".to_string(),
        description: "The build's manifest: every file with its size and SHA-256".to_string(),
        bytes: Arc::new(manifest_bytes.to_vec()),
        compress: true,
    });

    let symbol = (manifest.symbol.as_deref())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or(&manifest.report);
    // Each PDF's thumbnail, taken from `drawn` when the build made it.
    let pdfs: Vec<Option<(&File, Option<TakeThumbnail>)>> = (editions.iter())
        .map(|e| {
            let pdf = e.files.iter().find(|f| f.format == "pdf")?;
            let i = drawn.iter().position(|(name, _)| *name == pdf.name);
            Some((pdf, i.map(|i| drawn.swap_remove(i).1)))
        })
        .collect();
    let mut entries: Vec<(&str, &[u8])> = (editions.iter())
        .flat_map(|e| &e.files)
        .map(|f| (f.name.as_str(), f.bytes.as_slice()))
        .collect();
    entries.push((MANIFEST, manifest_bytes));
    let files: Vec<String> = entries.iter().map(|(name, _)| name.to_string()).collect();
    // The cover, the zip and the thumbnails left to draw are independent: the cover, the
    // longest, is made beside the others.
    let (cover, (zip, thumbnails, staged)) = rayon::join(
        || {
            let cover = cover::cover_pdf(
                setting,
                symbol,
                &manifest.report,
                &editions,
                attachments,
                date,
                dir,
            )?;
            let (sha, staged) = rayon::join(
                || hex(&Sha256::digest(&cover)),
                || out.stage(&cover_name, &cover),
            );
            let staged = staged.map_err(|e| format!("{e}; nothing was replaced"))?;
            Ok::<_, String>((cover.len(), sha, staged))
        },
        || {
            let zip = archive::zip(&entries).map(|zip| {
                let sha = hex(&Sha256::digest(&zip));
                (zip, sha)
            });
            let thumbnails = (pdfs.into_par_iter())
                .map(|pdf| {
                    let Some((pdf, drawn)) = pdf else {
                        return Ok(None);
                    };
                    (drawn.map_or_else(|| thumbnail(&pdf.bytes), |take| take()))
                        .map(Some)
                        .map_err(|err| format!("{}: the thumbnail: {err}", pdf.name))
                })
                .collect::<Result<Vec<_>, String>>();
            // Staged now, while the cover is still being made.
            let staged = match (&zip, &thumbnails) {
                (Ok((zip, _)), Ok(thumbnails)) => {
                    let pngs = (editions.iter().zip(thumbnails)).filter_map(|(edition, png)| {
                        Some((
                            edition.thumbnail.as_ref()?.0.as_str(),
                            png.as_ref()?.as_slice(),
                        ))
                    });
                    let files: Vec<(&str, &[u8])> =
                        pngs.chain([(zip_name.as_str(), zip.as_slice())]).collect();
                    (files.par_iter())
                        .map(|(name, bytes)| out.stage(name, bytes))
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(|e| format!("{e}; nothing was replaced"))
                }
                _ => Ok(Vec::new()),
            };
            (zip, thumbnails, staged)
        },
    );
    drop(entries);
    let (cover_size, cover_sha, staged_cover) = cover.map_err(|e| fail(dir, e))?;
    let (zip, zip_sha) = zip.map_err(|e| fail(dir, e))?;
    let mut staged = staged.map_err(|e| fail(dir, e))?;
    for (edition, png) in editions
        .iter_mut()
        .zip(thumbnails.map_err(|e| fail(dir, e))?)
    {
        if let (Some((_, bytes)), Some(png)) = (edition.thumbnail.as_mut(), png) {
            *bytes = png;
        }
    }
    let index = html::index(&html::Page {
        title: symbol,
        editions: &editions,
        zip: (&zip_name, zip.len(), &zip_sha),
        cover: (&cover_name, cover_size, &cover_sha),
    });

    let result = PackResult {
        zip: zip_name.clone(),
        cover: cover_name.clone(),
        index: INDEX.to_string(),
        thumbnails: (editions.iter())
            .filter_map(|e| Some(e.thumbnail.as_ref()?.0.clone()))
            .collect(),
        files,
    };
    staged.push(staged_cover);
    Ok(Pack {
        staged,
        index: index.into_bytes(),
        result,
    })
}

/// Reads every output the manifest lists, grouped by edition in the report's order, checking
/// each against the manifest: a pack must carry exactly what the build committed.
/// `load` gives a file's bytes from its name, once they are known to be of the manifest's
/// size and SHA-256.
fn read_editions(
    manifest_path: &Path,
    manifest: &Manifest,
    mut load: impl FnMut(&str, u64, &str) -> Result<Arc<Vec<u8>>, String>,
) -> Result<Vec<EditionFiles>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut error = |message: String| {
        diags.push(Diagnostic::error(SourceRef::file(manifest_path), message));
    };
    // The report's order when the manifest records it (builds since `pack`), else the
    // manifest's own order of outputs.
    let mut editions: Vec<EditionFiles> = manifest
        .editions
        .iter()
        .map(|e| EditionFiles {
            lang: e.lang.clone(),
            title: e.title.clone(),
            files: Vec::new(),
            thumbnail: None,
        })
        .collect();
    if manifest.outputs.is_empty() {
        error("the manifest lists no outputs: there is nothing to pack".to_string());
    }
    for output in &manifest.outputs {
        if output.status != "ok" {
            error(format!(
                "{} was not built ({}); build again before packing",
                output.path, output.status
            ));
            continue;
        }
        if !is_plain_name(&output.path) {
            error(format!(
                "the manifest names `{}`; expected a file name inside the folder",
                output.path
            ));
            continue;
        }
        let (Some(size), Some(sha256)) = (output.bytes, output.sha256.as_ref()) else {
            error(format!(
                "the manifest gives no size or SHA-256 for {}",
                output.path
            ));
            continue;
        };
        let bytes = match load(&output.path, size, sha256) {
            Ok(bytes) => bytes,
            Err(e) => {
                error(format!("{}: {e}", output.path));
                continue;
            }
        };
        let file = File {
            name: output.path.clone(),
            format: output.format.clone(),
            pages: output.pages,
            bytes,
            sha256: sha256.clone(),
        };
        match editions.iter_mut().find(|e| e.lang == output.lang) {
            Some(edition) => edition.files.push(file),
            None => editions.push(EditionFiles {
                lang: output.lang.clone(),
                title: String::new(),
                files: vec![file],
                thumbnail: None,
            }),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    editions.retain(|e| !e.files.is_empty());
    // The PDF first: it is what most readers open.
    for edition in &mut editions {
        edition.files.sort_by_key(|f| f.format != "pdf");
    }
    Ok(editions)
}

/// Reads a regular file (never through a link), refusing one whose size is not `size`
/// before reading it.
fn read_file(path: &Path, size: Option<u64>) -> Result<Vec<u8>, String> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| format!("cannot be read: {e}"))?;
    if !meta.is_file() {
        return Err("is not a regular file".to_string());
    }
    if let Some(size) = size
        && meta.len() != size
    {
        return Err(format!(
            "is {} bytes, but the manifest says {size}: the folder is not the build the manifest describes",
            meta.len()
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot be read: {e}"))
}

/// A name the pack may read or write: one path component, not hidden, no separators.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\', '\0'])
}

/// The pack's file stem: the document symbol with every character outside `[A-Za-z0-9._-]`
/// (the slashes first of all) made a dash (`A/80/123` → `A-80-123`); the report id when
/// there is no symbol.
fn stem(manifest: &Manifest) -> String {
    let from_symbol = manifest.symbol.as_deref().map(|symbol| {
        let dashed: String = symbol
            .trim()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        dashed.trim_start_matches('.').to_string()
    });
    match from_symbol {
        Some(stem) if !stem.is_empty() => stem,
        _ => manifest.report.clone(),
    }
}

/// `roundtable-3.en.pdf` → `roundtable-3.en.png`.
fn thumbnail_name(pdf: &str) -> String {
    format!("{}.png", pdf.strip_suffix(".pdf").unwrap_or(pdf))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(symbol: Option<&str>) -> Manifest {
        let mut m = Manifest::new("rt-3", Vec::new());
        m.symbol = symbol.map(str::to_string);
        m
    }

    #[test]
    fn the_stem_is_the_symbol_with_dashes_or_the_report_id() {
        assert_eq!(stem(&manifest(Some("A/80/123"))), "A-80-123");
        assert_eq!(
            stem(&manifest(Some("A/C.3/80/L.1 Rev 1"))),
            "A-C.3-80-L.1-Rev-1"
        );
        assert_eq!(stem(&manifest(Some("../x"))), "-x");
        assert_eq!(stem(&manifest(Some("  "))), "rt-3");
        assert_eq!(stem(&manifest(None)), "rt-3");
    }

    #[test]
    fn only_plain_names_are_read() {
        assert!(is_plain_name("rt-3.en.pdf"));
        for bad in ["", "../x.pdf", "a/b.pdf", ".hidden", "/etc/passwd"] {
            assert!(!is_plain_name(bad), "{bad}");
        }
    }
}
