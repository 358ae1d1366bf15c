//! Composed figures as inline pictures: the caption kept with the picture, then the picture in
//! a centred paragraph of its own (`w:drawing/wp:inline`) whose description is the alt text.
//!
//! The drawing's XML is written here, not with docx-rs: its `Pic` numbers pictures from a
//! process-global counter that races between the jobs of a build, and it cannot write `descr`.
//! The image itself becomes a part of its own (`word/media/figureN.png|jpeg`, one per figure in
//! document order, so an image shown twice is stored twice) with a relationship `rIdFigureN`,
//! which docx-rs never writes (its ids are `rId<n>`, `rIdHeader<n>`, `rIdFooter<n>`,
//! `rIdImage<n>`, and the writer's hyperlinks are `rIdLink<n>`). `repack` adds the parts and
//! `Patches` the relationships and content types.
//!
//! The layout's header and footer images are pictures the same way, numbered before the
//! figures (`word/media/layoutN`, `rIdLayoutN`, related from their header or footer part):
//! docx-rs writes a marker run in the slot, which `Patches` replaces with the drawing.

use std::fmt::Write as _;
use std::sync::Arc;

use docx_rs::{AlignmentType, BuildXML, LineSpacing, LineSpacingType, SpecialIndentType};

use super::{Direct, DocxError, Writer};
use crate::compose;
use crate::export::docx_patch::{self, escape};
use crate::layouts::LayoutImage;
use crate::model::ImageFormat;
use crate::units::Pt;

/// The relationship type of an image part.
pub(super) const IMAGE_RELATIONSHIP: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";

/// One figure's image as a part of the package.
#[derive(Clone, Debug)]
pub(super) struct Media {
    /// `rIdFigureN`.
    pub rid: String,
    /// The part's name in the archive: `word/media/figureN.png`.
    pub part: String,
    /// The relationships part that relates it: `word/_rels/document.xml.rels` for figures,
    /// `word/_rels/header1.xml.rels` for an image in that header.
    pub rels: String,
    pub bytes: Arc<[u8]>,
    pub format: ImageFormat,
}

impl Media {
    /// The relationship's target, relative to `word/` (where the document, header and
    /// footer parts are).
    pub fn target(&self) -> &str {
        self.part.strip_prefix("word/").unwrap_or(&self.part)
    }
}

/// The file extension and content type of an image format.
pub(super) fn content_type(format: ImageFormat) -> (&'static str, &'static str) {
    match format {
        ImageFormat::Png => ("png", "image/png"),
        ImageFormat::Jpeg => ("jpeg", "image/jpeg"),
    }
}

/// English Metric Units: 12,700 to the point.
fn emu(pt: Pt) -> i64 {
    (f64::from(pt.0.max(0.0)) * 12_700.0).round() as i64
}

impl Writer<'_> {
    /// Writes a composed figure to the body: its caption kept with it, then the picture.
    pub(super) fn figure(&mut self, figure: &compose::Figure) -> Result<(), DocxError> {
        let mut break_before = figure.break_before;
        if let Some(caption) = &figure.caption {
            let direct = Direct {
                break_before: std::mem::take(&mut break_before),
                keep_next: true,
                ..Direct::default()
            };
            let xml = self.para(caption, &[], direct)?;
            self.body.push_str(&xml);
        }

        let n = self.media.len() + 1;
        let (ext, _) = content_type(figure.image.format);
        let media = Media {
            rid: format!("rIdFigure{n}"),
            part: format!("word/media/figure{n}.{ext}"),
            rels: "word/_rels/document.xml.rels".into(),
            bytes: figure.image.bytes.clone(),
            format: figure.image.format,
        };

        // A Normal paragraph, centred (in either direction), with no indent, and single
        // spacing: the body's exact leading would clip the picture to one line's height.
        let mut p = self
            .paragraph()
            .align(AlignmentType::Center)
            .indent(
                Some(0),
                Some(SpecialIndentType::FirstLine(0)),
                Some(0),
                None,
            )
            .line_spacing(
                LineSpacing::new()
                    .line(240)
                    .line_rule(LineSpacingType::Auto),
            );
        if break_before {
            p = p.page_break_before(true);
        }
        let mut xml = String::from_utf8(p.build())
            .map_err(|_| DocxError::NotUtf8("word/document.xml".into()))?;
        let name = format!("Figure {n}");
        let drawing = drawing(
            n,
            &name,
            figure.alt,
            figure.width,
            figure.height,
            &media.rid,
        );
        docx_patch::paragraph_content(&mut xml, &drawing)?;
        self.body.push_str(&xml);
        self.media.push(media);
        Ok(())
    }
}

/// A header or footer image in the part whose relationships are `rels`: the marker text
/// docx-rs writes in its slot, and the drawing `Patches` puts in its place.
pub(super) struct Furniture {
    /// The header or footer part: `word/header2.xml`.
    pub part: String,
    pub marker: String,
    pub drawing: String,
}

impl Writer<'_> {
    /// Makes `image` a picture of the header or footer part `part` (`word/header1.xml`):
    /// its media, and the marker run standing for it until the part is patched.
    pub(super) fn layout_picture(&mut self, image: &LayoutImage, part: &str) -> docx_rs::Run {
        let n = self.media.len() + 1;
        let (ext, _) = content_type(image.image.format);
        let (dir, file) = part.rsplit_once('/').unwrap_or(("word", part));
        let media = Media {
            rid: format!("rIdLayout{n}"),
            part: format!("word/media/layout{n}.{ext}"),
            rels: format!("{dir}/_rels/{file}.rels"),
            bytes: image.image.bytes.clone(),
            format: image.image.format,
        };
        let marker = format!("FolioLayoutImage{n}");
        let name = format!("Picture {n}");
        let xml = drawing(n, &name, &image.alt, image.width, image.height, &media.rid);
        self.furniture.push(Furniture {
            part: part.to_string(),
            marker: marker.clone(),
            drawing: xml,
        });
        self.media.push(media);
        docx_rs::Run::new().add_text(marker)
    }
}

/// The run holding picture `n` (`name`) inline at its printed size, described by `alt`.
pub(super) fn drawing(n: usize, name: &str, alt: &str, width: Pt, height: Pt, rid: &str) -> String {
    const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
    const PIC: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";
    let (cx, cy) = (emu(width), emu(height));
    let name = escape(name);
    let descr = escape(alt);
    let mut xml = String::with_capacity(1400 + 2 * descr.len());
    let _ = write!(
        xml,
        concat!(
            r#"<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">"#,
            r#"<wp:extent cx="{cx}" cy="{cy}" /><wp:effectExtent l="0" t="0" r="0" b="0" />"#,
            r#"<wp:docPr id="{n}" name="{name}" descr="{descr}" />"#,
            r#"<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{a}" noChangeAspect="1" /></wp:cNvGraphicFramePr>"#,
            r#"<a:graphic xmlns:a="{a}"><a:graphicData uri="{pic}"><pic:pic xmlns:pic="{pic}">"#,
            r#"<pic:nvPicPr><pic:cNvPr id="{n}" name="{name}" descr="{descr}" />"#,
            r#"<pic:cNvPicPr><a:picLocks noChangeAspect="1" noChangeArrowheads="1" /></pic:cNvPicPr></pic:nvPicPr>"#,
            r#"<pic:blipFill><a:blip r:embed="{rid}" /><a:stretch><a:fillRect /></a:stretch></pic:blipFill>"#,
            r#"<pic:spPr bwMode="auto"><a:xfrm><a:off x="0" y="0" /><a:ext cx="{cx}" cy="{cy}" /></a:xfrm>"#,
            r#"<a:prstGeom prst="rect"><a:avLst /></a:prstGeom></pic:spPr>"#,
            r#"</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
        ),
        cx = cx,
        cy = cy,
        n = n,
        name = name,
        descr = descr,
        a = A,
        pic = PIC,
        rid = rid,
    );
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawing_has_its_size_in_emu_and_escaped_alt_text() {
        let xml = drawing(
            3,
            "Figure 3",
            r#"A "b" & <c>"#,
            Pt(100.0),
            Pt(50.5),
            "rIdFigure3",
        );
        assert!(
            xml.contains(r#"<wp:extent cx="1270000" cy="641350" />"#),
            "{xml}"
        );
        assert!(
            xml.contains(r#"<a:ext cx="1270000" cy="641350" />"#),
            "{xml}"
        );
        let descr = r#"descr="A &quot;b&quot; &amp; &lt;c&gt;""#;
        assert!(xml.contains(&format!(r#"<wp:docPr id="3" name="Figure 3" {descr} />"#)));
        assert!(xml.contains(&format!(r#"<pic:cNvPr id="3" name="Figure 3" {descr} />"#)));
        assert!(xml.contains(r#"<a:blip r:embed="rIdFigure3" />"#));
    }
}
