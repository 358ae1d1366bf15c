//! The masthead as a Word table at the start of the body: no borders but a rule under each
//! of its two rows, the organisation's name and the symbol in the first, the emblem, the
//! organ and the control lines in the second; then the agenda block as paragraphs. Right-to-
//! left editions lay the columns out from the right (`w:bidiVisual`), as the PDF mirrors them.

use std::fmt::Write as _;

use docx_rs::{BuildXML, LineSpacing, LineSpacingType};

use super::figure::{Media, content_type, drawing};
use super::table::border;
use super::{Direct, DocxError, Writer};
use crate::compose::{self, Para};
use crate::export::docx_patch;
use crate::units::Pt;

/// The share of the text width the end column (symbol, control lines) takes, as in the PDF.
const END_COLUMN: f32 = 0.36;

impl Writer<'_> {
    /// Writes the masthead table and the agenda block.
    pub(super) fn masthead(&mut self, m: &compose::Masthead) -> Result<(), DocxError> {
        let width = self.layout.text_width();
        let end = Pt(width.0 * END_COLUMN);
        let gap = self.layout.style(crate::layouts::StyleName::Body).size;
        let emblem = m.emblem.as_ref().map_or(Pt::ZERO, |e| e.width + gap);
        let grid = [emblem, width - end - emblem, end].map(|w| w.twips().max(0));
        // LibreOffice hangs the first page's style on a paragraph: before a table that opens
        // the body it adds one of its own, in Normal's leading and spacing (18 pt in the
        // official layout), and the whole first page ran that much lower than the PDF. A
        // paragraph of 1 pt, exact, with no spacing, carries the page style instead.
        let opening = self.paragraph().size(2).line_spacing(
            LineSpacing::new()
                .before(0)
                .after(0)
                .line(20)
                .line_rule(LineSpacingType::Exact),
        );
        self.body.push_str(
            &String::from_utf8(opening.build())
                .map_err(|_| DocxError::NotUtf8("word/document.xml".into()))?,
        );
        let mut xml = String::from("<w:tbl><w:tblPr>");
        if self.rtl {
            xml.push_str("<w:bidiVisual />");
        }
        let _ = write!(
            xml,
            r#"<w:tblW w:w="{}" w:type="dxa" /><w:tblBorders>{}{}{}{}{}{}</w:tblBorders>"#,
            grid.iter().sum::<i32>(),
            border("top", Pt::ZERO),
            border("left", Pt::ZERO),
            border("bottom", Pt::ZERO),
            border("right", Pt::ZERO),
            border("insideH", Pt::ZERO),
            border("insideV", Pt::ZERO),
        );
        xml.push_str(concat!(
            r#"<w:tblLayout w:type="fixed" />"#,
            r#"<w:tblCellMar><w:left w:w="0" w:type="dxa" /><w:right w:w="0" w:type="dxa" /></w:tblCellMar>"#,
            "</w:tblPr><w:tblGrid>"
        ));
        for w in grid {
            let _ = write!(xml, r#"<w:gridCol w:w="{w}" />"#);
        }
        xml.push_str("</w:tblGrid>");
        // First row: the organisation's name over the emblem's and the organ's columns.
        xml.push_str(r#"<w:tr><w:trPr><w:cantSplit /></w:trPr>"#);
        let first = [
            (&m.organization, 2, grid[0] + grid[1]),
            (&m.symbol, 1, grid[2]),
        ];
        for (para, span, w) in first {
            let paras = self.cell_paras(std::slice::from_ref(para))?;
            xml.push_str(&cell(w, span, m.rule, &paras));
        }
        xml.push_str("</w:tr>");
        // Second row: the emblem, the organ, the control lines.
        xml.push_str(r#"<w:tr><w:trPr><w:cantSplit /></w:trPr>"#);
        let picture = match &m.emblem {
            Some(e) => self.emblem(e)?,
            None => self.cell_paras(&[])?,
        };
        xml.push_str(&cell(grid[0], 1, m.rule, &picture));
        let organ = self.cell_paras(std::slice::from_ref(&m.organ))?;
        xml.push_str(&cell(grid[1], 1, m.rule, &organ));
        let control = self.cell_paras(&m.control)?;
        xml.push_str(&cell(grid[2], 1, m.rule, &control));
        xml.push_str("</w:tr></w:tbl>");
        self.body.push_str(&xml);
        // The agenda block: paragraphs under the table, its first set off from the rule.
        for (i, para) in m.agenda.iter().enumerate() {
            let mut para = para.clone();
            if i == 0 {
                para.space_before = self
                    .layout
                    .style(crate::layouts::StyleName::Body)
                    .space_after;
            }
            if i + 1 == m.agenda.len() {
                para.space_after = para.space_after.max(Pt(12.0));
            }
            let xml = self.para(&para, &[], Direct::default())?;
            self.body.push_str(&xml);
        }
        Ok(())
    }

    /// A cell's paragraphs as XML; an empty paragraph when it has none, as Word requires.
    fn cell_paras(&mut self, paras: &[Para]) -> Result<String, DocxError> {
        let mut xml = String::new();
        for para in paras.iter().filter(|p| !p.text.is_empty()) {
            xml.push_str(&self.para(para, &[], Direct::default())?);
        }
        if xml.is_empty() {
            let p = self.paragraph();
            xml = String::from_utf8(p.build())
                .map_err(|_| DocxError::NotUtf8("word/document.xml".into()))?;
        }
        Ok(xml)
    }

    /// The emblem as an inline picture with its description, in a paragraph of its own.
    fn emblem(&mut self, e: &crate::layouts::Emblem) -> Result<String, DocxError> {
        let n = self.media.len() + 1;
        let (ext, _) = content_type(e.image.format);
        let media = Media {
            rid: format!("rIdFigure{n}"),
            part: format!("word/media/figure{n}.{ext}"),
            rels: "word/_rels/document.xml.rels".into(),
            bytes: e.image.bytes.clone(),
            format: e.image.format,
        };
        // Single spacing: the body's exact leading would clip the picture to one line.
        let p = self.paragraph().line_spacing(
            LineSpacing::new()
                .before(0)
                .after(0)
                .line(240)
                .line_rule(LineSpacingType::Auto),
        );
        let mut xml = String::from_utf8(p.build())
            .map_err(|_| DocxError::NotUtf8("word/document.xml".into()))?;
        let name = format!("Emblem {n}");
        let picture = drawing(n, &name, &e.alt, e.width, e.height, &media.rid);
        docx_patch::paragraph_content(&mut xml, &picture)?;
        self.media.push(media);
        Ok(xml)
    }
}

/// A cell `width` twips wide over `span` grid columns, with the masthead rule under it.
fn cell(width: i32, span: usize, rule: Pt, paras: &str) -> String {
    let span = match span {
        1 => String::new(),
        n => format!(r#"<w:gridSpan w:val="{n}" />"#),
    };
    format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa" />{span}<w:tcBorders>{}</w:tcBorders><w:vAlign w:val="top" /></w:tcPr>{paras}</w:tc>"#,
        border("bottom", rule)
    )
}
