//! A composed table of contents as Word's own: the title, then a `TOC` field whose result is
//! the entries in the `TOC 1`–`TOC 3` styles, each a hyperlink to a `_Toc` bookmark on its
//! heading ending in a tab (dot leaders to the right tab stop of its style) and a `PAGEREF`
//! field showing the page Folio's pagination put the heading on. `settings.xml` asks Word to
//! update fields on open (`docx_patch::update_fields`), so Word renumbers for its own pages.
//!
//! The field spans paragraphs (begin in the first entry, end in the last), which docx-rs cannot
//! write, so the runs are written here and appended to paragraphs docx-rs built.

use std::fmt::Write as _;

use docx_rs::BuildXML;

use super::{Direct, DocxError, Writer, text_run};
use crate::compose::{self, Block, Composed, Role};
use crate::export::docx_patch::{self, escape};
use crate::layouts::StyleName;

/// The bookmark Word's TOC field links entry `heading` (counted from 0 among all headings) to.
pub(super) fn bookmark(heading: usize) -> String {
    format!("_Toc{:08}", heading + 1)
}

/// For every block, the heading number of the bookmark it carries: the headings a contents
/// block lists.
pub(super) fn bookmarks(composed: &Composed) -> Vec<Option<usize>> {
    let mut marks = vec![None; composed.blocks.len()];
    for block in &composed.blocks {
        if let Block::Contents(contents) = block {
            for entry in &contents.entries {
                if let Some(mark) = marks.get_mut(entry.target) {
                    *mark = Some(entry.heading);
                }
            }
        }
    }
    marks
}

fn field_char(kind: &str) -> String {
    format!(r#"<w:r><w:fldChar w:fldCharType="{kind}" /></w:r>"#)
}

fn instruction(text: &str) -> String {
    format!(
        r#"<w:r><w:instrText xml:space="preserve">{}</w:instrText></w:r>"#,
        escape(text)
    )
}

impl Writer<'_> {
    /// Writes a composed table of contents to the body.
    pub(super) fn contents(&mut self, contents: &compose::Contents) -> Result<(), DocxError> {
        let xml = self.para(&contents.title, &[], Direct::default())?;
        self.body.push_str(&xml);
        let begin = [
            field_char("begin"),
            instruction(&format!(r#" TOC \o "1-{}" \h \z \u "#, contents.levels)),
            field_char("separate"),
        ]
        .concat();
        let end = field_char("end");
        if contents.entries.is_empty() {
            // The field alone: Word fills it in when it updates it.
            let empty = compose::Para {
                role: Role::ContentsEntry(1),
                style: StyleName::Contents1,
                text: std::borrow::Cow::Borrowed(&[]),
                ..contents.title.clone()
            };
            let mut xml = self.para(&empty, &[], Direct::default())?;
            docx_patch::paragraph_content(&mut xml, &format!("{begin}{end}"))?;
            self.body.push_str(&xml);
            return Ok(());
        }
        let last = contents.entries.len() - 1;
        for (i, entry) in contents.entries.iter().enumerate() {
            let para = compose::Para {
                text: std::borrow::Cow::Borrowed(&[]),
                ..entry.para.clone()
            };
            let mut xml = self.para(&para, &[], Direct::default())?;
            let mut runs = String::new();
            if i == 0 {
                runs.push_str(&begin);
            }
            let mark = bookmark(entry.heading);
            let _ = write!(
                runs,
                r#"<w:hyperlink w:anchor="{}" w:history="1">"#,
                escape(&mark)
            );
            for inline in entry.para.text.iter() {
                // The entry is a link itself: a link inside the heading is left out.
                let run = text_run(inline).build();
                runs.push_str(
                    std::str::from_utf8(&run)
                        .map_err(|_| DocxError::NotUtf8("word/document.xml".into()))?,
                );
            }
            docx_patch::emphasis_marks(&mut runs);
            runs.push_str("<w:r><w:tab /></w:r>");
            runs.push_str(&field_char("begin"));
            runs.push_str(&instruction(&format!(" PAGEREF {mark} \\h ")));
            runs.push_str(&field_char("separate"));
            if let Some(page) = self.pages.get(entry.heading) {
                let _ = write!(runs, "<w:r><w:t>{page}</w:t></w:r>");
            }
            runs.push_str(&field_char("end"));
            runs.push_str("</w:hyperlink>");
            if i == last {
                runs.push_str(&end);
            }
            docx_patch::paragraph_content(&mut xml, &runs)?;
            self.body.push_str(&xml);
        }
        Ok(())
    }
}
