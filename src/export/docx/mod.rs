//! DOCX writer: writes an `Edition` as composed for its resolved `Layout` (`compose`) with Word styles, numbering, tables, figures (inline pictures, `figure`), footnotes (`notes`), sections, headers and footers (docx-rs plus the `docx_patch` step), then re-packs a deterministic, deflated archive.
//!
//! Word paginates by itself, so nothing here measures text. Every paragraph gets its look from a
//! named style built from the layout; the only direct formatting is what the content says
//! (strong, emphasis, links, list membership, page breaks) and where a composed paragraph
//! differs from its style (keeps, spacing, hyphenation, a table column's alignment). docx-rs
//! numbers paragraphs and hyperlinks from process-global counters, so every ID is set here, in
//! document order.

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, BuildXML, Docx, FieldCharType, Footer, Header,
    Hyperlink, HyperlinkData, HyperlinkType, IndentLevel, InstrNUMPAGES, InstrPAGE, InstrText,
    Level, LevelJc, LevelOverride, LevelText, LineSpacing, LineSpacingType, NumberFormat,
    Numbering, NumberingId, Numberings, PageMargin, Paragraph, ParagraphProperty, Run, RunFonts,
    RunProperty, SpecialIndentType, Start, Style as WordStyle, StyleType, Styles, Tab,
    TabLeaderType, TabValueType, VertAlignType,
};

use crate::barcode::Code39;
use crate::compose::{self, ListMeta, Role};
use crate::edition::{Direction, Edition, Script, SlotPiece};
use crate::export::docx_patch::{self, LangAttrs, PatchError};
use crate::layouts::numbering::{Pattern, parse_pattern};
use crate::layouts::{
    Align, Band, EmphasisStyle, Layout, LayoutImage, NumberPosition, Side, Slots, Style, StyleName,
};
use crate::model::{self, Block, CellAlign, ImageFormat, Inline, MAX_LIST_DEPTH};
use crate::units::Pt;

mod contents;
mod figure;
mod masthead;
mod notes;
mod package;
mod table;

use package::{Patches, repack};

use figure::{Furniture, Media};
use notes::Notes;

#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("layout `{layout}` has no `{style}` style")]
    MissingStyle { layout: String, style: &'static str },
    #[error(
        "list level {level} numbering pattern `{pattern}` is not one of the forms 1. (a) (i) a) A. I. (أ) （一）"
    )]
    ListPattern { level: usize, pattern: String },
    #[error("docx-rs could not write the package: {0}")]
    Build(String),
    #[error("re-packing the DOCX archive: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("re-packing the DOCX archive: {0}")]
    Io(#[from] std::io::Error),
    #[error("part `{0}` written by docx-rs is not UTF-8")]
    NotUtf8(String),
    #[error(transparent)]
    Patch(#[from] PatchError),
}

/// Writes one edition as DOCX bytes. `layout` is already resolved for the edition's language.
/// The same input gives the same bytes, whichever thread calls and however often.
///
/// The body's paragraphs are built with docx-rs one block at a time and written out as XML at
/// once, so a long report never holds docx-rs's (large) tree of every paragraph: docx-rs
/// writes the package around one placeholder paragraph, which `repack` replaces with them.
///
/// A table of contents shows no page numbers (Word fills them in when it updates the field);
/// [`write_docx_paged`] gives it the pages the PDF has.
pub fn write_docx(edition: &Edition, layout: &Layout) -> Result<Vec<u8>, DocxError> {
    write_docx_paged(edition, layout, &[])
}

/// [`write_docx`] with the page (from 1) of every heading in reading order, as Folio paginated
/// the edition (`typeset::heading_pages`), for a table of contents to show.
pub fn write_docx_paged(
    edition: &Edition,
    layout: &Layout,
    pages: &[usize],
) -> Result<Vec<u8>, DocxError> {
    write_docx_set(edition, layout, pages, &[])
}

/// [`write_docx_paged`] with where the balanced titles and headings break their lines in
/// the PDF (`typeset::title_breaks`: block index, byte offsets of the lines after the
/// first), written as line breaks so that Word and LibreOffice show the same lines.
pub fn write_docx_set(
    edition: &Edition,
    layout: &Layout,
    pages: &[usize],
    titles: &[(usize, Vec<usize>)],
) -> Result<Vec<u8>, DocxError> {
    let mut writer = Writer::new(edition, layout, pages);
    writer.titles = titles;
    let (docx, body, media, furniture, notes) = writer.document()?;
    let mut raw = Cursor::new(Vec::new());
    docx.pack(&mut raw)
        .map_err(|e| DocxError::Build(e.to_string()))?;
    let mut parts: Vec<(String, std::sync::Arc<[u8]>)> = (media.iter())
        .map(|m| (m.part.clone(), m.bytes.clone()))
        .collect();
    if !notes.links.is_empty() {
        let rels = notes::relationships(&notes.links);
        parts.push((
            "word/_rels/footnotes.xml.rels".into(),
            rels.into_bytes().into(),
        ));
    }
    let contents = (edition.content.blocks()).any(|b| matches!(b, Block::Contents { .. }));
    let patches = Patches::new(edition, layout, media, furniture, notes.xml, contents);
    let mut body = Some(body);
    repack(raw.get_ref(), parts, |name, xml| match body.take() {
        Some(mut body) if name == "word/document.xml" => {
            let document = String::from_utf8(xml).map_err(|_| DocxError::NotUtf8(name.into()))?;
            let (before, after) = docx_patch::around_placeholder(&document, BODY_PLACEHOLDER)?;
            // The body becomes the whole part in place (no second copy of a long body), and
            // is written at once: the deflated bytes depend on how a part is written.
            body.reserve_exact(before.len() + after.len());
            body.insert_str(0, before);
            body.push_str(after);
            drop(document);
            patches.apply(name, body.into_bytes())
        }
        taken => {
            body = taken;
            patches.apply(name, xml)
        }
    })
}

/// `w14:paraId` of the paragraph that stands for the body while docx-rs writes the package:
/// the largest id Word allows, far above the ones counted from 1 for real paragraphs.
const BODY_PLACEHOLDER: &str = "7FFFFFFF";

/// Word style id and UI name for each layout style. Names are Word's built-in ones, so Word,
/// LibreOffice and pandoc recognise headings, title and lists.
fn word_style(name: StyleName) -> (&'static str, &'static str) {
    match name {
        StyleName::Body => ("Normal", "Normal"),
        StyleName::Title => ("Title", "Title"),
        StyleName::Subtitle => ("Subtitle", "Subtitle"),
        StyleName::Authors => ("Authors", "Authors"),
        StyleName::Heading1 => ("Heading1", "heading 1"),
        StyleName::Heading2 => ("Heading2", "heading 2"),
        StyleName::Heading3 => ("Heading3", "heading 3"),
        StyleName::List => ("ListParagraph", "List Paragraph"),
        StyleName::Quote => ("Quote", "Quote"),
        StyleName::Header => ("Header", "header"),
        StyleName::Footer => ("Footer", "footer"),
        StyleName::Caption => ("Caption", "caption"),
        StyleName::TableHeader => ("TableHeading", "Table Heading"),
        StyleName::TableCell => ("TableContents", "Table Contents"),
        StyleName::Footnote => ("FootnoteText", "footnote text"),
        StyleName::ContentsTitle => ("TOCHeading", "TOC Heading"),
        StyleName::Contents1 => ("TOC1", "toc 1"),
        StyleName::Contents2 => ("TOC2", "toc 2"),
        StyleName::Contents3 => ("TOC3", "toc 3"),
        StyleName::MastheadOrganization => ("MastheadOrganization", "Masthead Organization"),
        StyleName::MastheadSymbol => ("MastheadSymbol", "Masthead Symbol"),
        StyleName::MastheadOrgan => ("MastheadOrgan", "Masthead Organ"),
        StyleName::MastheadControl => ("MastheadControl", "Masthead Control"),
        StyleName::MastheadAgenda => ("MastheadAgenda", "Masthead Agenda"),
    }
}

const HYPERLINK_STYLE: &str = "Hyperlink";
/// docx-rs always writes abstractNum 1 and num 1 itself.
const NUMBERED_ABSTRACT: usize = 2;
const BULLETED_ABSTRACT: usize = 3;
/// Paragraph numbers at level 0 and their subparagraphs at levels 1 and 2.
const PARAGRAPH_ABSTRACT: usize = 4;
const FIRST_NUM: usize = 2;

struct Writer<'a> {
    edition: &'a Edition,
    layout: &'a Layout,
    rtl: bool,
    next_para: u32,
    next_link: usize,
    nums: Vec<Numbering>,
    /// The body's paragraphs as XML, in order.
    body: String,
    /// Hyperlinks of the body (relationship id, target), for the placeholder paragraph.
    links: Vec<(String, String)>,
    /// Whether the body has list paragraphs.
    numbered: bool,
    /// The `w:num` of the paragraph numbers, when the body has numbered paragraphs.
    paragraph_num: Option<usize>,
    /// The header and footer images, then the figures' images, in document order (`figure`).
    media: Vec<Media>,
    /// The header and footer images' drawings, for `Patches` to put in their parts.
    furniture: Vec<Furniture>,
    /// The footnotes, written after the body (`notes`).
    notes: Notes,
    /// The page of every heading, for a table of contents (`contents`); empty if unknown.
    pages: &'a [usize],
    /// Per footnote, whether it is starred (`compose::Note::starred`): its mark is typed.
    starred: Vec<bool>,
    /// Where balanced titles break their lines in the PDF, by block index; empty if unknown.
    titles: &'a [(usize, Vec<usize>)],
}

impl<'a> Writer<'a> {
    fn new(edition: &'a Edition, layout: &'a Layout, pages: &'a [usize]) -> Self {
        Writer {
            edition,
            layout,
            rtl: edition.lang.direction == Direction::Rtl,
            next_para: 1,
            next_link: 1,
            nums: Vec::new(),
            body: String::new(),
            links: Vec::new(),
            numbered: false,
            paragraph_num: None,
            media: Vec::new(),
            furniture: Vec::new(),
            notes: Notes::default(),
            pages,
            starred: Vec::new(),
            titles: &[],
        }
    }

    /// The package without its body, around a placeholder paragraph, the body as XML, the
    /// header, footer and figure images, the header and footer drawings and the footnotes.
    #[allow(clippy::type_complexity)]
    fn document(mut self) -> Result<(Docx, String, Vec<Media>, Vec<Furniture>, Notes), DocxError> {
        let mut docx = Docx::new().styles(self.styles()?);
        docx = self.section(docx);
        self.content()?;
        // The placeholder carries what docx-rs learns from the body's paragraphs: the
        // hyperlinks' relationships and whether numbering is used.
        let mut placeholder = Paragraph::new().id(BODY_PLACEHOLDER);
        for (rid, target) in std::mem::take(&mut self.links) {
            let mut link = Hyperlink::new(&target, HyperlinkType::External);
            if let HyperlinkData::External { rid: r, .. } = &mut link.link {
                *r = rid;
            }
            placeholder = placeholder.add_hyperlink(link);
        }
        if self.numbered {
            placeholder = placeholder.numbering(NumberingId::new(FIRST_NUM), IndentLevel::new(0));
        }
        docx = docx.add_paragraph(placeholder);
        let mut numberings = Numberings::new()
            .add_abstract_numbering(self.abstract_num(NUMBERED_ABSTRACT, true)?)
            .add_abstract_numbering(self.abstract_num(BULLETED_ABSTRACT, false)?);
        if let Some(id) = self.paragraph_num {
            numberings = numberings
                .add_abstract_numbering(self.paragraph_abstract())
                .add_numbering(Numbering::new(id, PARAGRAPH_ABSTRACT));
        }
        for num in std::mem::take(&mut self.nums) {
            numberings = numberings.add_numbering(num);
        }
        Ok((
            docx.numberings(numberings),
            std::mem::take(&mut self.body),
            std::mem::take(&mut self.media),
            std::mem::take(&mut self.furniture),
            std::mem::take(&mut self.notes),
        ))
    }

    fn style(&self, name: StyleName) -> Result<&'a Style, DocxError> {
        self.layout
            .styles
            .get(&name)
            .ok_or_else(|| DocxError::MissingStyle {
                layout: self.layout.name.clone(),
                style: name.key(),
            })
    }

    /// A paragraph with the next explicit ID (docx-rs's own counter is per thread and never
    /// reset between documents).
    fn paragraph(&mut self) -> Paragraph {
        let id = self.next_para;
        self.next_para += 1;
        Paragraph::new().id(format!("{id:08X}"))
    }

    // ---- styles ----------------------------------------------------------------------------

    fn styles(&self) -> Result<Styles, DocxError> {
        let body = self.style(StyleName::Body)?;
        let mut styles = Styles::new()
            .default_fonts(fonts(body, self.edition.lang.script))
            .default_size(body.size.half_points());
        // The masthead's styles only where the layout draws one, so that other documents'
        // style sheets stay as they were.
        let masthead = self
            .layout
            .masthead
            .is_some()
            .then_some(StyleName::MASTHEAD);
        for name in StyleName::ALL
            .into_iter()
            .chain(masthead.into_iter().flatten())
        {
            styles = styles.add_style(self.paragraph_style(name, body)?);
        }
        Ok(styles
            .add_style(
                WordStyle::new(HYPERLINK_STYLE, StyleType::Character)
                    .name("Hyperlink")
                    .underline("single")
                    .color(hex(self.layout.links.color)),
            )
            .add_style(notes::reference_style()))
    }

    /// A complete style: every property is written, so no value leaks in from Normal.
    fn paragraph_style(&self, name: StyleName, body: &Style) -> Result<WordStyle, DocxError> {
        let s = self.style(name)?;
        let (id, ui) = word_style(name);
        let mut style = WordStyle::new(id, StyleType::Paragraph).name(ui);
        if name != StyleName::Body {
            style = style.based_on("Normal");
        }
        match name {
            StyleName::Heading1 | StyleName::Heading2 | StyleName::Heading3 => {
                style = style.next("Normal");
            }
            StyleName::Title | StyleName::Subtitle => style = style.next("Normal"),
            _ => {}
        }

        let mut run = RunProperty::new()
            .size(s.size.half_points())
            .color(hex(s.color));
        if let Some(f) = (s.families.first()).map(|_| fonts(s, self.edition.lang.script)) {
            run = run.fonts(f);
        }
        run = match (s.bold, body.bold) {
            (true, _) => run.bold(),
            (false, true) => run.disable_bold(),
            _ => run,
        };
        run = match (s.italic, body.italic) {
            (true, _) => run.italic(),
            (false, true) => run.disable_italic(),
            _ => run,
        };
        style.run_property = run;

        let first_line = if s.first_line_indent.0 < 0.0 {
            SpecialIndentType::Hanging((-s.first_line_indent).twips())
        } else {
            SpecialIndentType::FirstLine(s.first_line_indent.twips())
        };
        let mut para = ParagraphProperty::new()
            .align(jc(s.align))
            .line_spacing(
                LineSpacing::new()
                    .before(non_negative(s.space_before))
                    .after(non_negative(s.space_after))
                    .line(s.leading.twips())
                    .line_rule(self.line_rule()),
            )
            .indent(
                Some(s.indent_start.twips()),
                Some(first_line),
                Some(s.indent_end.twips()),
                None,
            );
        if s.keep_with_next {
            para = para.keep_next(true);
        }
        if let Some(level) = heading_level(name) {
            para = para.outline_lvl(level);
        }
        if self.rtl {
            para = para.bidi(true);
        }
        if matches!(name, StyleName::Header | StyleName::Footer) {
            let width = self.layout.text_width().twips().max(0) as usize;
            para = para
                .add_tab(Tab::new().val(TabValueType::Center).pos(width / 2))
                .add_tab(Tab::new().val(TabValueType::Right).pos(width));
        }
        // A contents entry: lines after the first hang in, and a tab with dot leaders takes
        // the page number to the end edge (the right, or the left in a `w:bidi` paragraph).
        if let Some(level) = contents_level(name) {
            let hang = compose::contents_hang(self.layout, level);
            let end = (self.layout.text_width() - s.indent_end).twips().max(0) as usize;
            para = para
                .indent(
                    Some((s.indent_start + hang).twips()),
                    Some(SpecialIndentType::Hanging(hang.twips())),
                    Some(s.indent_end.twips()),
                    None,
                )
                .add_tab(
                    Tab::new()
                        .val(TabValueType::Right)
                        .leader(TabLeaderType::Dot)
                        .pos(end),
                );
        }
        style.paragraph_property = para;
        Ok(style)
    }

    /// Exact leading matches the PDF, which sets every line on the style's leading, in every
    /// script. At-least leading grew to the face's ascent and descent in LibreOffice: Noto
    /// Naskh Arabic's 1.7 em (20.4 pt at 12 pt) ran the Arabic circular onto a second page,
    /// and the Chinese masthead's Latin lines (Noto Serif's 1.36 em over a 10 pt leading) set
    /// its heading 12 pt lower. Marks and fallback glyphs stay visible inside the exact line
    /// (tests/docx_fit.rs renders them).
    fn line_rule(&self) -> LineSpacingType {
        LineSpacingType::Exact
    }

    // ---- numbering -------------------------------------------------------------------------

    fn abstract_num(&self, id: usize, numbered: bool) -> Result<AbstractNumbering, DocxError> {
        let mut abs = AbstractNumbering::new(id);
        for ilvl in 0..MAX_LIST_DEPTH {
            let spec = self.layout.list_level(ilvl);
            let (format, text) = if numbered {
                numbered_format(&spec.numbered, ilvl)?
            } else {
                ("bullet", spec.bullet.clone())
            };
            abs = abs.add_level(self.level(ilvl, format, text));
        }
        Ok(abs)
    }

    /// Paragraph numbers as one numbering that runs through the document: every numbered
    /// paragraph is at level 0 of the one `w:num` (an opted-out paragraph has no `w:numPr`
    /// and is not counted, as compose does not count it), so Word's numbers are compose's.
    /// Levels 1 and 2 are the subparagraphs, which Word restarts after each paragraph, as
    /// compose restarts each paragraph's list.
    fn paragraph_abstract(&self) -> AbstractNumbering {
        let numbers = &self.layout.paragraph_numbers;
        let indent = match numbers.position {
            NumberPosition::Margin => Pt::ZERO,
            NumberPosition::Indent => numbers.hanging,
        };
        let (format, text) = pattern_format(&numbers.pattern, 0);
        let mut abs = AbstractNumbering::new(PARAGRAPH_ABSTRACT).add_level(self.level_at(
            0,
            format,
            text,
            indent,
            numbers.hanging,
        ));
        for ilvl in 1..MAX_LIST_DEPTH {
            let (format, text) = pattern_format(numbers.subparagraph(ilvl - 1), ilvl);
            let spec = self.layout.list_level(ilvl);
            abs = abs.add_level(self.level_at(ilvl, format, text, spec.indent, spec.hanging));
        }
        abs
    }

    /// One list level: its counter format and text, hanging from the layout's indents.
    ///
    /// The marker is set flush to the start of the room it hangs in. In a right-to-left
    /// edition that is its right edge, which LibreOffice reaches only with `right`: it takes a
    /// level's `left` literally, so the marker ran from the start margin outwards, into the
    /// page margin (tests/numbering.rs measures where LibreOffice draws it).
    fn level(&self, ilvl: usize, format: &str, text: String) -> Level {
        let spec = self.layout.list_level(ilvl);
        self.level_at(ilvl, format, text, spec.indent, spec.hanging)
    }

    /// A level whose text starts `indent` from the start edge, its marker hanging `hanging`
    /// before it (into the start margin when that is more than `indent`).
    fn level_at(&self, ilvl: usize, format: &str, text: String, indent: Pt, hanging: Pt) -> Level {
        let jc = if self.rtl { "right" } else { "left" };
        let mut level = Level::new(
            ilvl,
            Start::new(1),
            NumberFormat::new(format),
            LevelText::new(text),
            LevelJc::new(jc),
        )
        .indent(
            Some(indent.twips()),
            Some(SpecialIndentType::Hanging(hanging.twips())),
            None,
            None,
        );
        if self.rtl {
            level.paragraph_property = level.paragraph_property.bidi(true);
        }
        level
    }

    /// The `w:num` of one composed list (`id`), restarting every level at 1, on the numbered
    /// or bulleted abstract list. Its level is the list's depth; a numbered list whose pattern
    /// is not the layout level's (which the abstract list was built from) overrides the level.
    fn list_num(&self, id: usize, list: &ListMeta) -> Numbering {
        let ilvl = list.depth.min(MAX_LIST_DEPTH - 1);
        let (abs, own) = match (&list.pattern, list.numbered) {
            (Some(pattern), true) => {
                let layout = parse_pattern(&self.layout.list_level(ilvl).numbered);
                let own = (layout.as_ref() != Some(pattern)).then(|| {
                    let (format, text) = pattern_format(pattern, ilvl);
                    self.level(ilvl, format, text)
                });
                (NUMBERED_ABSTRACT, own)
            }
            _ => (BULLETED_ABSTRACT, None),
        };
        let mut own = own;
        let overrides = (0..MAX_LIST_DEPTH)
            .map(|l| match if l == ilvl { own.take() } else { None } {
                // The overriding level starts at 1 itself (docx-rs would write
                // `w:startOverride` after it, out of the schema's order).
                Some(level) => LevelOverride::new(l).level(level),
                None => LevelOverride::new(l).start(1),
            })
            .collect();
        Numbering::new(id, abs).overrides(overrides)
    }

    // ---- content ---------------------------------------------------------------------------

    /// Writes the composed edition to `body` block by block, each block as XML as soon as it
    /// is built. A page break is a property of the block after it (compose drops a trailing
    /// one, so the document never ends on an empty page).
    fn content(&mut self) -> Result<(), DocxError> {
        let composed = compose::compose(self.edition, self.layout);
        let paragraph_numbers = (composed.paras()).any(|p| p.number.is_some())
            || composed.lists.iter().any(|l| l.subparagraphs);
        self.paragraph_num = paragraph_numbers.then_some(FIRST_NUM + composed.lists.len());
        self.numbered = !composed.lists.is_empty() || paragraph_numbers;
        self.nums = (composed.lists.iter().enumerate())
            .map(|(i, list)| self.list_num(FIRST_NUM + i, list))
            .collect();
        self.starred = composed.notes.iter().map(|n| n.starred).collect();
        let bookmarks = contents::bookmarks(&composed);
        if let Some(masthead) = &composed.masthead {
            self.masthead(masthead)?;
        }
        for (index, (block, bookmark)) in composed.blocks.iter().zip(bookmarks).enumerate() {
            match block {
                compose::Block::Para(para) => {
                    let direct = Direct {
                        bookmark,
                        ..Direct::default()
                    };
                    let lines = self.titles.iter().find(|(i, _)| *i == index);
                    let broken = lines.map(|(_, starts)| compose::Para {
                        text: std::borrow::Cow::Owned(broken_at(&para.text, starts)),
                        ..para.clone()
                    });
                    let xml =
                        self.para(broken.as_ref().unwrap_or(para), &composed.lists, direct)?;
                    self.body.push_str(&xml);
                }
                compose::Block::Table(table) => self.table(table, &composed.lists)?,
                compose::Block::Figure(figure) => self.figure(figure)?,
                compose::Block::Contents(contents) => self.contents(contents)?,
                compose::Block::Annex(annex) => self.annex(annex, bookmark)?,
            }
        }
        self.notes(&composed.notes)
    }

    /// An annex's heading: label and title as one heading paragraph, the title after a line
    /// break, so that Word's navigation pane and its table of contents show one entry (and
    /// pandoc one header) as the PDF's outline does; it starts a new page. Then the
    /// "[Original: …]" line, aligned to the end by its composed alignment (`w:jc="right"`,
    /// which a right-to-left paragraph reads as its end, the left).
    fn annex(&mut self, annex: &compose::Annex, bookmark: Option<usize>) -> Result<(), DocxError> {
        let mut text = annex.label.text.to_vec();
        text.push(Inline {
            text: "\n".into(),
            ..Inline::default()
        });
        text.extend(annex.title.text.iter().cloned());
        let heading = compose::Para {
            text: std::borrow::Cow::Owned(text),
            space_after: annex.title.space_after,
            keep_with_next: true,
            ..annex.label.clone()
        };
        let direct = Direct {
            bookmark,
            ..Direct::default()
        };
        let xml = self.para(&heading, &[], direct)?;
        self.body.push_str(&xml);
        if let Some(original) = &annex.original {
            let xml = self.para(original, &[], Direct::default())?;
            self.body.push_str(&xml);
        }
        Ok(())
    }

    /// One composed paragraph as XML: its style, list membership, and whatever it says that
    /// its style does not (page break, keep, spacing, hyphenation, a column's alignment).
    fn para(
        &mut self,
        para: &compose::Para,
        lists: &[ListMeta],
        direct: Direct,
    ) -> Result<String, DocxError> {
        let style = self.style(para.style)?;
        let mut p = self.paragraph();
        if para.style != StyleName::Body {
            p = p.style(word_style(para.style).0);
        }
        if let Some(item) = &para.item {
            let list = lists.get(item.list);
            let depth = list.map_or(0, |l| l.depth).min(MAX_LIST_DEPTH - 1);
            // Subparagraphs continue the paragraph numbering one level down.
            let num = match (list.is_some_and(|l| l.subparagraphs), self.paragraph_num) {
                (true, Some(num)) => num,
                _ => FIRST_NUM + item.list,
            };
            p = p.numbering(NumberingId::new(num), IndentLevel::new(depth));
        }
        if let (Some(_), Some(num)) = (&para.number, self.paragraph_num) {
            p = p.numbering(NumberingId::new(num), IndentLevel::new(0));
        }
        if para.break_before || direct.break_before {
            p = p.page_break_before(true);
        }
        let keep = para.keep_with_next || direct.keep_next;
        if keep && !style.keep_with_next {
            p = p.keep_next(true);
        }
        // The PDF sets no space above the first line of a page. Word and LibreOffice keep a
        // paragraph's space before at the top of the document and after a page break (not
        // after a page that simply filled up), so those paragraphs are written without it: the
        // report's title stood 12 pt lower than in the PDF.
        let space_before = match self.body.is_empty() || para.break_before || direct.break_before {
            true => Pt::ZERO,
            false => para.space_before,
        };
        if space_before != style.space_before || para.space_after != style.space_after {
            p = p.line_spacing(
                LineSpacing::new()
                    .before(non_negative(space_before))
                    .after(non_negative(para.space_after)),
            );
        }
        if let Some(align) = para.align {
            p = p.align(cell_jc(align));
        }
        // A note starts with its mark and a no-break space (compose's first runs), which are
        // written as Word writes its own (`note_mark`).
        let (mark, text) = match (para.role, para.text.split_first()) {
            (Role::Footnote, Some((mark, text))) if mark.superscript => {
                let text = match text.split_first() {
                    Some((space, rest)) if space.text == "\u{A0}" => rest,
                    _ => text,
                };
                (Some(mark), text)
            }
            _ => (None, &para.text[..]),
        };
        // A heading a table of contents lists carries the bookmark its entry links to.
        if let Some(heading) = direct.bookmark {
            p = p.add_bookmark_start(heading, contents::bookmark(heading));
        }
        p = self.inlines(p, text);
        if let Some(heading) = direct.bookmark {
            p = p.add_bookmark_end(heading);
        }
        let mut xml = String::from_utf8(p.build())
            .map_err(|_| DocxError::NotUtf8("word/document.xml".into()))?;
        drop(p);
        docx_patch::emphasis_marks(&mut xml);
        if let Some(mark) = mark {
            let custom = direct.note.is_some_and(|n| self.custom_mark(n));
            docx_patch::paragraph_lead(&mut xml, &self.note_mark(mark, custom))?;
        }
        for note in model::notes_in(text).filter(|n| self.custom_mark(n.index)) {
            docx_patch::custom_note_mark(&mut xml, note.index + 1)?;
        }
        // What docx-rs cannot write: a keep turned off, hyphenation unlike the style's.
        let mut extra = String::new();
        if !keep && style.keep_with_next {
            extra.push_str(r#"<w:keepNext w:val="0" />"#);
        }
        if para.hyphenate != compose::hyphenates(self.layout, para.style) {
            extra.push_str(match para.hyphenate {
                true => r#"<w:suppressAutoHyphens w:val="0" />"#,
                false => "<w:suppressAutoHyphens />",
            });
        }
        if !extra.is_empty() {
            docx_patch::paragraph_properties(&mut xml, &extra)?;
        }
        Ok(xml)
    }

    /// Runs for inline content; consecutive runs with the same target share one hyperlink and
    /// one relationship, numbered in document order. A footnote reference is a run of its own.
    fn inlines(&mut self, mut p: Paragraph, inlines: &[Inline]) -> Paragraph {
        let mut i = 0;
        while i < inlines.len() {
            if let Some(note) = &inlines[i].note {
                p = p.add_run(self.reference_run(note.index, &inlines[i]));
                i += 1;
                continue;
            }
            let Some(target) = inlines[i].link.clone() else {
                p = p.add_run(text_run(&inlines[i]));
                i += 1;
                continue;
            };
            let mut link = Hyperlink::new(target.as_ref(), HyperlinkType::External);
            if let HyperlinkData::External { rid, .. } = &mut link.link {
                *rid = format!("rIdLink{}", self.next_link);
                self.links.push((rid.clone(), target.to_string()));
            }
            self.next_link += 1;
            while i < inlines.len()
                && inlines[i].note.is_none()
                && inlines[i].link.as_ref() == Some(&target)
            {
                link = link.add_run(text_run(&inlines[i]).style(HYPERLINK_STYLE));
                i += 1;
            }
            p = p.add_hyperlink(link);
        }
        p
    }

    // ---- section, header, footer ------------------------------------------------------------

    fn section(&mut self, mut docx: Docx) -> Docx {
        let page = &self.layout.page;
        let (left, right) = match self.rtl {
            false => (page.margin_start, page.margin_end),
            true => (page.margin_end, page.margin_start),
        };
        docx = docx
            .page_size(
                page.width.twips().max(0) as u32,
                page.height.twips().max(0) as u32,
            )
            .page_margin(PageMargin {
                top: page.margin_top.twips(),
                left: left.twips(),
                bottom: page.margin_bottom.twips(),
                right: right.twips(),
                header: page.header_distance.twips(),
                footer: page.footer_distance.twips(),
                gutter: 0,
            });

        let layout = self.layout;
        // Word's title-page header and footer carry what only the first page has: the
        // layout's `first-page` slots, and images on the first page only or on all but it.
        let title_page = layout.title_page();
        // Word's even-page header and footer (`w:evenAndOddHeaders`, which docx-rs sets with
        // them) carry the layout's `even-pages`; the default ones are then the odd pages'.
        let even = layout.even_pages();
        // docx-rs names header and footer parts in the order they are added.
        let (mut headers, mut footers) = (0, 0);
        // Page 1 (from 0) stands for every page but the first, page 2 for odd ones.
        let rest = if even { 2 } else { 1 };
        let has = |band: Band| {
            !layout.slots_on(rest, band).is_empty()
                || layout.images_on(rest, band).next().is_some()
                || layout
                    .barcode
                    .as_ref()
                    .is_some_and(|b| b.band == band && b.pages.includes(rest))
        };
        if title_page || even || has(Band::Header) {
            headers += 1;
            let p = self.band_paragraph(Band::Header, rest, &format!("word/header{headers}.xml"));
            docx = docx.header(Header::new().add_paragraph(p));
        }
        if title_page || even || has(Band::Footer) {
            footers += 1;
            let p = self.band_paragraph(Band::Footer, rest, &format!("word/footer{footers}.xml"));
            docx = docx.footer(Footer::new().add_paragraph(p));
        }
        if even {
            headers += 1;
            let p = self.band_paragraph(Band::Header, 1, &format!("word/header{headers}.xml"));
            docx = docx.even_header(Header::new().add_paragraph(p));
            footers += 1;
            let p = self.band_paragraph(Band::Footer, 1, &format!("word/footer{footers}.xml"));
            docx = docx.even_footer(Footer::new().add_paragraph(p));
        }
        if title_page {
            headers += 1;
            let p = self.band_paragraph(Band::Header, 0, &format!("word/header{headers}.xml"));
            docx = docx.first_header(Header::new().add_paragraph(p));
            footers += 1;
            let p = self.band_paragraph(Band::Footer, 0, &format!("word/footer{footers}.xml"));
            docx = docx.first_footer(Footer::new().add_paragraph(p));
        }
        docx
    }

    /// The header or footer paragraph of page `index` (from 0), for the part `part`.
    fn band_paragraph(&mut self, band: Band, index: usize, part: &str) -> Paragraph {
        let layout = self.layout;
        let style = match band {
            Band::Header => StyleName::Header,
            Band::Footer => StyleName::Footer,
        };
        let images: Vec<_> = layout.images_on(index, band).collect();
        let mut pictures = Vec::new();
        for image in &images {
            pictures.push((image.side, self.layout_picture(image, part)));
        }
        let barcode = self.barcode_image(band, index);
        let under = (barcode.as_ref())
            .map(|(image, text)| (image.side, self.layout_picture(image, part), text.clone()));
        let drawn = !images.is_empty() || under.is_some();
        let mut p = self.slots_paragraph(style, layout.slots_on(index, band), pictures, under);
        if drawn {
            // The style's exact leading would clip the picture: at least the leading, and as
            // tall as the picture, the line growing from the header distance down (in a
            // footer, up from the footer distance), as the PDF sets it.
            let leading = layout.style(style).leading.twips().max(0);
            p = p.line_spacing(
                LineSpacing::new()
                    .line(leading)
                    .line_rule(LineSpacingType::AtLeast),
            );
        }
        p
    }

    /// The job number's bar code as a picture for page `index`'s `band`, with its
    /// human-readable text, when the layout places it there and the report gives a job: the
    /// same bars as the PDF draws (`barcode::Code39`), as a PNG of ten pixels to the module.
    fn barcode_image(&self, band: Band, index: usize) -> Option<(LayoutImage, String)> {
        let barcode =
            (self.layout.barcode.as_ref()).filter(|b| b.band == band && b.pages.includes(index))?;
        let job = self.edition.job.as_ref()?;
        let code = Code39::new(&job.digits, barcode.ratio)?;
        const PER_MODULE: u32 = 10;
        let rows = (barcode.height.0 / barcode.module.0 * PER_MODULE as f32).round() as u32;
        let png = code.png(PER_MODULE, rows);
        let size = imagesize::blob_size(&png).ok()?;
        let image = crate::model::Image {
            bytes: png.into(),
            format: ImageFormat::Png,
            width: size.width as u32,
            height: size.height as u32,
            path: format!("barcode-{}.png", job.digits).into(),
        };
        let picture = LayoutImage {
            image: std::sync::Arc::new(image),
            width: barcode.module * code.width(),
            height: barcode.height,
            band,
            side: barcode.side,
            pages: barcode.pages,
            alt: format!("Bar code {}", code.text),
        };
        Some((picture, code.text))
    }

    /// One paragraph: left slot, tab, center slot, tab, right slot, on the header/footer style's
    /// center and end tab stops; a slot with a picture holds the picture. A right-to-left
    /// paragraph starts at the right, so the page is mirrored there as in the PDF: what the
    /// layout puts left appears right.
    fn slots_paragraph(
        &mut self,
        style: StyleName,
        slots: &Slots,
        mut pictures: Vec<(Side, Run)>,
        under: Option<(Side, Run, String)>,
    ) -> Paragraph {
        let mut p = self.paragraph().style(word_style(style).0);
        if slots.is_empty() && pictures.is_empty() && under.is_none() {
            return p;
        }
        // With no centre slot the centre stop goes: a left slot longer than half the line
        // would otherwise tab past it to the right stop and push the right slot to a new line.
        let mut sides = vec![Side::Left, Side::Center, Side::Right];
        let centred = (pictures.iter().map(|(side, _)| side))
            .chain(under.as_ref().map(|(side, ..)| side))
            .any(|side| *side == Side::Center);
        if slots.center.is_empty() && !centred {
            let width = self.layout.text_width().twips().max(0) as usize;
            p = p.add_tab(Tab::new().val(TabValueType::Clear).pos(width / 2));
            sides.remove(1);
        }
        for (i, &side) in sides.iter().enumerate() {
            if i > 0 {
                p = p.add_run(Run::new().add_tab());
            }
            if let Some(at) = pictures.iter().position(|(s, _)| *s == side) {
                p = p.add_run(pictures.swap_remove(at).1);
                continue;
            }
            for piece in self.edition.fill_slot(side.of(slots)) {
                let field = match piece {
                    SlotPiece::Text(text) => {
                        p = p.add_run(Run::new().add_text(text));
                        continue;
                    }
                    SlotPiece::Page => InstrText::PAGE(InstrPAGE::new()),
                    SlotPiece::Pages => InstrText::NUMPAGES(InstrNUMPAGES::new()),
                };
                // LibreOffice orders a field as a neutral character, so in a right-to-left
                // paragraph `{page}/{pages}` came out `5/2`. A left-to-right mark on each side
                // makes each number a left-to-right run as digits are to Word and the PDF.
                let lrm = || Run::new().add_text("\u{200E}");
                if self.rtl {
                    p = p.add_run(lrm());
                }
                p = add_field(p, field);
                if self.rtl {
                    p = p.add_run(lrm());
                }
            }
        }
        // The bar code and its text on lines of their own under the slots' line, each tabbed
        // to the bar code's slot.
        if let Some((side, picture, text)) = under {
            let tabs = sides.iter().position(|&s| s == side).unwrap_or(0);
            for run in [picture, Run::new().add_text(text)] {
                p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
                for _ in 0..tabs {
                    p = p.add_run(Run::new().add_tab());
                }
                p = p.add_run(run);
            }
        }
        p
    }
}

/// Direct paragraph properties a block adds to a composed paragraph: a table's page break
/// on its first paragraph, a caption's keep with its table, a heading's contents bookmark.
#[derive(Clone, Copy, Default)]
struct Direct {
    break_before: bool,
    keep_next: bool,
    /// The heading number of the `_Toc` bookmark around the paragraph's text.
    bookmark: Option<usize>,
    /// The note (index into `compose::Composed::notes`) whose text the paragraph is.
    note: Option<usize>,
}

/// A complex field with a cached result, one run per field character, as Word writes it.
fn add_field(p: Paragraph, instr: InstrText) -> Paragraph {
    p.add_run(Run::new().add_field_char(FieldCharType::Begin, false))
        .add_run(Run::new().add_instr_text(instr))
        .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
        .add_run(Run::new().add_text("1"))
        .add_run(Run::new().add_field_char(FieldCharType::End, false))
}

/// `inlines` with a line break (`\n`, which [`text_run`] writes as `w:br`) at each byte
/// offset of `starts` into their texts, in place of the spaces before it.
fn broken_at(inlines: &[Inline], starts: &[usize]) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    let mut starts = starts.iter().copied().peekable();
    let mut offset = 0;
    for inline in inlines {
        let mut text = String::with_capacity(inline.text.len() + 1);
        for (at, c) in inline.text.char_indices() {
            if starts.next_if_eq(&(offset + at)).is_some() {
                let space = |c: char| c.is_whitespace() && c != '\u{A0}' && c != '\n';
                // The spaces before the break may end the run before this one.
                match text.is_empty() {
                    true => {
                        if let Some(last) = out.last_mut() {
                            last.text.truncate(last.text.trim_end_matches(space).len());
                        }
                    }
                    false => text.truncate(text.trim_end_matches(space).len()),
                }
                text.push('\n');
            }
            text.push(c);
        }
        offset += inline.text.len();
        out.push(Inline {
            text,
            ..inline.clone()
        });
    }
    out
}

fn text_run(inline: &Inline) -> Run {
    let mut run = Run::new();
    for (i, line) in inline.text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    // Emphasis as compose chose it for the run's script: no italic asked of a script that
    // has none (Word and LibreOffice would slant it). docx-rs writes `w:b`/`w:bCs` and
    // `w:i`/`w:iCs` together, so complex-script (Arabic) runs get it too.
    let emphasis = inline.emphasised_as();
    if inline.strong || emphasis == Some(EmphasisStyle::Bold) {
        run = run.bold();
    }
    match emphasis {
        Some(EmphasisStyle::Italic) => run = run.italic(),
        Some(EmphasisStyle::Underline) => run = run.underline("single"),
        // docx-rs has no `w:em`: a `w:specVanish` (which Folio never writes otherwise)
        // stands in for it until `docx_patch::emphasis_marks` turns it into the dot mark.
        Some(EmphasisStyle::Dots) => run.run_property = run.run_property.spec_vanish(),
        Some(EmphasisStyle::Bold) | None => {}
    }
    // A raised run that is not a note's reference (those are runs of their own): an
    // ordinal's suffix (`XXIe`), raised by `typography`.
    if inline.superscript {
        run.run_property = run.run_property.vert_align(VertAlignType::SuperScript);
    }
    run
}

/// `1.` → decimal `%1.`; `(a)` → lowerLetter `(%2)`; `(i)` → lowerRoman; `A.`, `I.` upper;
/// `(أ)` → arabicAbjad; `（一）` → chineseCounting.
/// The pattern is read by the layouts' own parser, so both writers number alike.
fn numbered_format(pattern: &str, ilvl: usize) -> Result<(&'static str, String), DocxError> {
    let parsed = parse_pattern(pattern).ok_or_else(|| DocxError::ListPattern {
        level: ilvl + 1,
        pattern: pattern.to_owned(),
    })?;
    Ok(pattern_format(&parsed, ilvl))
}

/// A parsed pattern as a Word level format and level text.
fn pattern_format(parsed: &Pattern, ilvl: usize) -> (&'static str, String) {
    (
        parsed.format.word_format(),
        format!("{}%{}{}", parsed.prefix, ilvl + 1, parsed.suffix),
    )
}

/// The style's font slots: Latin (`ascii`, `hAnsi`), complex script (`cs`) and East Asian.
///
/// An Arabic edition's first family is its Arabic face, which has no Latin letters: the PDF
/// sets Latin text in the family after it (the layout's fallback), so the Latin slots name
/// that one and `cs` the Arabic face; Word and LibreOffice pick `cs` for Arabic characters.
/// Elsewhere the first family serves every slot, as it does every character it has in the PDF
/// (a Chinese face carries its own Latin letters).
fn fonts(style: &Style, script: Script) -> RunFonts {
    let first = style.families.first().map(String::as_str).unwrap_or("");
    let latin = match script {
        Script::Arabic => style.families.get(1).map_or(first, String::as_str),
        Script::Han | Script::Latin | Script::Cyrillic | Script::Greek => first,
    };
    RunFonts::new()
        .ascii(latin)
        .hi_ansi(latin)
        .cs(first)
        .east_asia(first)
}

/// Word reads `left`/`right` in a right-to-left (`w:bidi`) paragraph as its start and end, as
/// LibreOffice does on import, so the same values serve both directions.
fn jc(align: Align) -> AlignmentType {
    match align {
        Align::Start => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::End => AlignmentType::Right,
        Align::Justify => AlignmentType::Both,
    }
}

/// A table column's alignment for its cells' paragraphs. Word's decimal alignment is a
/// decimal tab stop at a position measured from the column's numbers, which nothing here
/// measures: `Decimal` is set flush to the end, which lines numbers up on the separator when
/// they have the same number of decimals, as the figures of a table column usually do.
fn cell_jc(align: CellAlign) -> AlignmentType {
    jc(match align {
        CellAlign::Start => Align::Start,
        CellAlign::Center => Align::Center,
        CellAlign::End | CellAlign::Decimal => Align::End,
    })
}

fn contents_level(name: StyleName) -> Option<u8> {
    match name {
        StyleName::Contents1 => Some(1),
        StyleName::Contents2 => Some(2),
        StyleName::Contents3 => Some(3),
        _ => None,
    }
}

fn heading_level(name: StyleName) -> Option<usize> {
    match name {
        StyleName::Heading1 => Some(0),
        StyleName::Heading2 => Some(1),
        StyleName::Heading3 => Some(2),
        _ => None,
    }
}

fn hex([r, g, b]: [u8; 3]) -> String {
    format!("{r:02X}{g:02X}{b:02X}")
}

fn non_negative(pt: Pt) -> u32 {
    pt.twips().max(0) as u32
}

#[cfg(test)]
mod tests;
