//! Composed footnotes as Word footnotes: a `w:footnoteReference` run where each is referenced,
//! and `word/footnotes.xml` with the separators and one `w:footnote` per note.
//!
//! docx-rs 0.4.22 collects footnotes only from the paragraphs of its own document tree, which
//! holds nothing but the placeholder here (the body is written block by block), numbers them
//! from a process-global counter, and writes neither separators, `w:footnoteRef`, custom marks
//! nor `w:footnotePr`. So the notes' paragraphs are built like every other paragraph (`para`,
//! the same run writer, style and direction) and the part around them is written here and
//! filled in by the patch step: docx-rs's empty `word/footnotes.xml` is filled, and the
//! relationship, content type and settings are added (`Patches`).

use std::fmt::Write as _;

use docx_rs::{Footnote, Run, RunProperty, Style as WordStyle, StyleType, VertAlignType};

use super::{Direct, DocxError, Writer};
use crate::compose;
use crate::export::docx_patch::{self, escape};
use crate::layouts::NoteMarks;
use crate::model::Inline;

/// The character style of footnote marks, in the body and in the notes (Word's built-in id).
pub(super) const FOOTNOTE_REFERENCE: &str = "FootnoteReference";

/// The relationship type of the footnotes part, and its content type.
pub(super) const FOOTNOTES_RELATIONSHIP: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes";
pub(super) const FOOTNOTES_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml";
/// The footnotes part's relationship id in `document.xml.rels` (docx-rs's are `rId<n>`).
pub(super) const FOOTNOTES_RID: &str = "rIdFootnotes";

/// The footnotes of one edition, as written for the patch step.
#[derive(Debug, Default)]
pub(super) struct Notes {
    /// The `w:footnote` elements: the two separators, then the notes in order.
    pub xml: String,
    /// Hyperlinks in the notes (relationship id, target), for `footnotes.xml.rels`.
    pub links: Vec<(String, String)>,
}

/// `footnote reference`: superscript, as Word's own.
pub(super) fn reference_style() -> WordStyle {
    let mut style =
        WordStyle::new(FOOTNOTE_REFERENCE, StyleType::Character).name("footnote reference");
    style.run_property = RunProperty::new().vert_align(VertAlignType::SuperScript);
    style
}

impl Writer<'_> {
    /// Whether note `index`'s mark is typed after the reference (`customMarkFollows`): the
    /// layout's symbols, or a starred note's stars (the masthead's agenda note, a circular's
    /// expiry). Otherwise it is Word's own number, which
    /// counts 1, 2, 3 through the notes without a typed mark as compose does.
    pub(super) fn custom_mark(&self, index: usize) -> bool {
        self.layout.footnotes.marks == NoteMarks::Symbols
            || self.starred.get(index).copied().unwrap_or(false)
    }

    /// The run standing for a footnote reference: note `index` (from 0) is footnote `index + 1`.
    pub(super) fn reference_run(&self, index: usize, mark: &Inline) -> Run {
        let run = Run::new().add_footnote_reference(Footnote {
            id: index + 1,
            content: Vec::new(),
        });
        match self.custom_mark(index) {
            true => run.add_text(&mark.text),
            false => run,
        }
    }

    /// The runs that start a note's paragraph in place of compose's mark and no-break space:
    /// Word's own number (`w:footnoteRef`) or the symbols as typed, then a space, as Word
    /// writes a note it inserts. Readers take that space for the gap after the mark (pandoc
    /// drops it) where a no-break space would read as part of the note's first word.
    pub(super) fn note_mark(&self, mark: &Inline, custom: bool) -> String {
        let content = match custom {
            true => format!(r#"<w:t xml:space="preserve">{}</w:t>"#, escape(&mark.text)),
            false => "<w:footnoteRef />".to_owned(),
        };
        format!(
            concat!(
                r#"<w:r><w:rPr><w:rStyle w:val="{style}" /></w:rPr>{content}</w:r>"#,
                r#"<w:r><w:t xml:space="preserve"> </w:t></w:r>"#
            ),
            style = FOOTNOTE_REFERENCE,
            content = content
        )
    }

    /// Writes every note, after the body: its paragraph in the footnote style, with the
    /// note's hyperlinks kept apart from the body's (they belong to `footnotes.xml`).
    pub(super) fn notes(&mut self, notes: &[compose::Note]) -> Result<(), DocxError> {
        if notes.is_empty() {
            return Ok(());
        }
        let body_links = std::mem::take(&mut self.links);
        let mut xml = separators(self.layout.footnotes.space.twips().max(0));
        for (index, note) in notes.iter().enumerate() {
            let direct = Direct {
                note: Some(index),
                ..Direct::default()
            };
            let para = self.para(&note.para, &[], direct)?;
            let _ = write!(
                xml,
                r#"<w:footnote w:id="{}">{para}</w:footnote>"#,
                index + 1
            );
        }
        self.notes = Notes {
            xml,
            links: std::mem::replace(&mut self.links, body_links),
        };
        Ok(())
    }
}

/// The separator above the notes and the one above notes continued from the page before
/// (ids -1 and 0, which `w:footnotePr` in the settings names), with the layout's space above.
/// Single line spacing: the style's exact leading would clip the rule.
fn separators(space: i32) -> String {
    let mut xml = String::new();
    for (kind, id, element) in [
        ("separator", -1, "w:separator"),
        ("continuationSeparator", 0, "w:continuationSeparator"),
    ] {
        let _ = write!(
            xml,
            concat!(
                r#"<w:footnote w:type="{kind}" w:id="{id}"><w:p><w:pPr>"#,
                r#"<w:spacing w:before="{space}" w:after="0" w:line="240" w:lineRule="auto" />"#,
                r#"</w:pPr><w:r><{element} /></w:r></w:p></w:footnote>"#
            ),
            kind = kind,
            id = id,
            space = space,
            element = element
        );
    }
    xml
}

/// The relationships of `footnotes.xml`: the notes' hyperlinks.
pub(super) fn relationships(links: &[(String, String)]) -> String {
    docx_patch::external_relationships(
        links
            .iter()
            .map(|(rid, target)| (rid.as_str(), target.as_str())),
    )
}
