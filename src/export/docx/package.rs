//! Packaging: the edits each part needs after docx-rs wrote it (language, direction,
//! hyphenation, core properties, the figures' and header/footer images' media and
//! relationships, the header/footer drawings, the footnotes part and what refers to it), and
//! the re-pack into a deterministic, deflated archive.

use super::*;

/// The edits each part needs after docx-rs wrote it.
pub(super) struct Patches {
    lang: LangAttrs,
    rtl: bool,
    /// Word and LibreOffice hyphenate by themselves when told to, in the run's `w:lang`.
    hyphenation: Option<usize>,
    /// Styles whose paragraphs are never hyphenated.
    unhyphenated: Vec<&'static str>,
    core: String,
    app: String,
    /// The header, footer and figure images, for their relationships and content types.
    media: Vec<Media>,
    /// The header and footer images' drawings, in place of their marker runs.
    furniture: Vec<Furniture>,
    /// The `w:footnote` elements of `word/footnotes.xml`; empty when the edition has no notes
    /// (docx-rs's empty part then stays, unreferenced, as before).
    footnotes: String,
    /// Word numbers the notes from 1 on every page (it paginates by itself).
    notes_restart_each_page: bool,
    /// Whether a table of contents asks Word to update fields when it opens the document.
    update_fields: bool,
}

impl Patches {
    pub(super) fn new(
        edition: &Edition,
        layout: &Layout,
        media: Vec<Media>,
        furniture: Vec<Furniture>,
        footnotes: String,
        update_fields: bool,
    ) -> Self {
        let tag = edition.lang.tag.clone();
        Patches {
            lang: LangAttrs {
                val: tag.clone(),
                east_asia: (edition.lang.script == Script::Han).then(|| tag.clone()),
                bidi: (edition.lang.script == Script::Arabic).then(|| tag.clone()),
            },
            rtl: edition.lang.direction == Direction::Rtl,
            hyphenation: layout
                .hyphenation
                .enabled
                .then_some(layout.hyphenation.max_consecutive),
            unhyphenated: (StyleName::ALL.into_iter())
                .chain(
                    layout
                        .masthead
                        .is_some()
                        .then_some(StyleName::MASTHEAD)
                        .into_iter()
                        .flatten(),
                )
                .filter(|&s| !compose::hyphenates(layout, s))
                .map(|s| word_style(s).0)
                .collect(),
            core: docx_patch::core_properties(
                &edition.title_text(),
                &edition.author_names().join("; "),
                &tag,
            ),
            app: docx_patch::app_properties("Folio"),
            media,
            furniture,
            footnotes,
            notes_restart_each_page: layout.footnotes.restart_each_page,
            update_fields,
        }
    }

    pub(super) fn apply(&self, name: &str, part: Vec<u8>) -> Result<Vec<u8>, DocxError> {
        let xml =
            |part: Vec<u8>| String::from_utf8(part).map_err(|_| DocxError::NotUtf8(name.into()));
        let patched = match name {
            "word/styles.xml" => {
                let styles = docx_patch::replace_builtin_normal(&xml(part)?)?;
                let styles = docx_patch::suppress_auto_hyphens(&styles, &self.unhyphenated)?;
                let styles = docx_patch::doc_defaults_run(&styles, &self.lang, self.rtl)?;
                if self.lang.east_asia.is_some() {
                    docx_patch::digits_against_ideographs(&styles)?
                } else {
                    styles
                }
            }
            "word/document.xml" if self.rtl => docx_patch::section_bidi(&xml(part)?)?,
            "word/settings.xml" => {
                let mut settings = xml(part)?;
                if let Some(limit) = self.hyphenation {
                    settings = docx_patch::auto_hyphenation(&settings, limit)?;
                }
                if !self.footnotes.is_empty() {
                    settings =
                        docx_patch::footnote_properties(&settings, self.notes_restart_each_page)?;
                }
                if self.update_fields {
                    settings = docx_patch::update_fields(&settings)?;
                }
                if self.lang.east_asia.is_some() {
                    settings = docx_patch::compress_punctuation(&settings)?;
                }
                settings
            }
            "word/footnotes.xml" if !self.footnotes.is_empty() => {
                docx_patch::fill_footnotes(&xml(part)?, &self.footnotes)?
            }
            "docProps/core.xml" => self.core.clone(),
            "docProps/app.xml" => self.app.clone(),
            "[Content_Types].xml" => {
                let mut types: Vec<_> = (self.media.iter())
                    .map(|m| figure::content_type(m.format))
                    .collect();
                types.sort_unstable();
                types.dedup();
                let mut content_types = docx_patch::default_content_types(&xml(part)?, &types)?;
                if !self.footnotes.is_empty() {
                    content_types = docx_patch::override_content_type(
                        &content_types,
                        "/word/footnotes.xml",
                        notes::FOOTNOTES_CONTENT_TYPE,
                    )?;
                }
                content_types
            }
            _ if name.ends_with(".rels") => {
                let mut added: Vec<_> = (self.media.iter())
                    .filter(|m| m.rels == name)
                    .map(|m| docx_patch::Relationship {
                        id: &m.rid,
                        kind: figure::IMAGE_RELATIONSHIP,
                        target: m.target(),
                    })
                    .collect();
                if !self.footnotes.is_empty() && name == "word/_rels/document.xml.rels" {
                    added.push(docx_patch::Relationship {
                        id: notes::FOOTNOTES_RID,
                        kind: notes::FOOTNOTES_RELATIONSHIP,
                        target: "footnotes.xml",
                    });
                }
                let rels = docx_patch::add_relationships(&xml(part)?, &added)?;
                docx_patch::sort_relationships(&rels)?
            }
            _ if self.furniture.iter().any(|f| f.part == name) => {
                let mut xml = xml(part)?;
                for f in self.furniture.iter().filter(|f| f.part == name) {
                    xml = docx_patch::replace_run(&xml, &f.marker, &f.drawing)?;
                }
                xml
            }
            _ => return Ok(part),
        };
        Ok(patched.into_bytes())
    }
}

/// Where a part of the re-packed archive comes from.
enum Source {
    /// docx-rs's package, at this index; passed through `patch`.
    Packed(usize),
    /// Added as it is (the figures' images).
    Added(std::sync::Arc<[u8]>),
}

/// Rewrites a package with every part deflated, in a fixed order, with the DOS epoch as the
/// timestamp and fixed permissions, passing each part through `patch` and adding the `added`
/// parts (names docx-rs does not write). Directory entries go. One part is read, patched and
/// written at a time.
pub(super) fn repack(
    raw: &[u8],
    added: Vec<(String, std::sync::Arc<[u8]>)>,
    mut patch: impl FnMut(&str, Vec<u8>) -> Result<Vec<u8>, DocxError>,
) -> Result<Vec<u8>, DocxError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(raw))?;
    let mut parts = Vec::with_capacity(archive.len() + added.len());
    for i in 0..archive.len() {
        let file = archive.by_index(i)?;
        if !file.is_dir() {
            parts.push((file.name().to_owned(), Source::Packed(i)));
        }
    }
    parts.extend(
        added
            .into_iter()
            .map(|(name, bytes)| (name, Source::Added(bytes))),
    );
    // Content types first, as readers that stream the archive expect.
    parts.sort_by(|(a, _), (b, _)| {
        let rank = |n: &str| match n {
            "[Content_Types].xml" => 0,
            "_rels/.rels" => 1,
            _ => 2,
        };
        (rank(a), a).cmp(&(rank(b), b))
    });
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, source) in parts {
        match source {
            Source::Packed(index) => {
                let mut file = archive.by_index(index)?;
                let mut data = Vec::with_capacity(file.size() as usize);
                file.read_to_end(&mut data)?;
                drop(file);
                let data = patch(&name, data)?;
                out.start_file(name, options)?;
                out.write_all(&data)?;
            }
            Source::Added(bytes) => {
                out.start_file(name, options)?;
                out.write_all(&bytes)?;
            }
        }
    }
    Ok(out.finish()?.into_inner())
}
