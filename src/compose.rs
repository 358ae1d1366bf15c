//! Composition: an `Edition` and its resolved `Layout` become writer-neutral blocks — role,
//! named style, list position and marker, page break, keeps, spacing, hyphenation, source
//! position, the entries of a table of contents — that the PDF typesetter, the DOCX writer and
//! `check` all read, so that the two formats decide nothing about the document on their own.

pub mod emphasis;

use std::borrow::Cow;

use crate::diag::SourceRef;
use crate::edition::{CircularWords, Edition};
use crate::layouts::numbering::{NumberFormat, Pattern, format_number, parse_pattern};
use crate::layouts::{Layout, NoteMarks, NumberPosition, StyleName};
use crate::model::{self, CellAlign, Column, ColumnWidth, Inline};
use crate::units::Pt;

/// An edition composed for writing: blocks in reading order, and the lists they belong to.
#[derive(Debug)]
pub struct Composed<'a> {
    pub blocks: Vec<Block<'a>>,
    /// Every list (nested ones included), in order of their first item.
    pub lists: Vec<ListMeta>,
    /// Every footnote, in the order of their references; a reference run's
    /// `model::NoteRef::index` points here.
    pub notes: Vec<Note<'a>>,
    /// The official masthead at the top of the first page, when the layout draws one.
    pub masthead: Option<Masthead<'a>>,
}

/// A footnote: its mark, and its text as a paragraph that starts with the mark.
#[derive(Debug)]
pub struct Note<'a> {
    pub mark: String,
    pub para: Para<'a>,
    /// Marked `*` whatever the layout's marks, and not counted with the other notes: the
    /// note on an information circular's heading (UN documents star the notes of the title
    /// block and number those of the text from 1).
    pub starred: bool,
}

/// The masthead of an official document, composed once for both writers. Its first row has
/// the organisation's name at the start side and the symbol at the end side; a rule; then
/// the emblem and the organ's name at the start side, the control lines at the end side,
/// under the symbol; a rule; then the agenda block at the start side. Right-to-left
/// editions mirror it. Pieces the report does not give are empty paragraphs or left out.
#[derive(Debug)]
pub struct Masthead<'a> {
    pub organization: Para<'a>,
    pub symbol: Para<'a>,
    pub organ: Para<'a>,
    /// Distribution, date of issue, the translated edition's language line, the original.
    pub control: Vec<Para<'a>>,
    pub emblem: Option<crate::layouts::Emblem>,
    /// The thickness of the rules under the first row and under the masthead.
    pub rule: Pt,
    /// Session, agenda item (its footnote's mark after it), agenda title (bold).
    pub agenda: Vec<Para<'a>>,
}

/// One block of the composed document.
#[derive(Debug)]
pub enum Block<'a> {
    Para(Para<'a>),
    Table(Table<'a>),
    Figure(Figure<'a>),
    Contents(Contents<'a>),
    /// The start of an annex: its heading. The blocks after it, up to the next annex, are
    /// the annex's body.
    Annex(Box<Annex<'a>>),
}

/// An annex's heading, on a new page: its label ("Annex II", in the edition's language) and
/// its title, one heading of the top level (one outline entry, one contents entry, one `H1`
/// in the PDF, one heading paragraph in the DOCX with the title on a second line), then
/// "[Original: French]" at the end side under it when the annex's original is not the
/// document's. Paragraph numbering restarts here when the layout's
/// `annexes.restart_paragraph_numbers` says so.
#[derive(Debug)]
pub struct Annex<'a> {
    /// Its place among the edition's annexes, from 0.
    pub index: usize,
    /// In the `heading-1` style; carries the page break, kept with the title, no space after.
    pub label: Para<'a>,
    /// In the `heading-1` style, right under the label.
    pub title: Para<'a>,
    /// Role `AnnexOriginal`, aligned to the end, kept with what follows.
    pub original: Option<Para<'a>>,
    /// The label and title on one line, without footnote marks: the bookmark, the `H1`'s
    /// title and the contents entry's text.
    pub heading: String,
    pub at: &'a SourceRef,
}

/// A table of contents: its title, then an entry for each heading down to `levels`.
#[derive(Debug)]
pub struct Contents<'a> {
    /// In the edition's language, in the `contents-title` style; in neither the outline nor
    /// the contents itself. Carries the block's page break.
    pub title: Para<'a>,
    pub levels: u8,
    pub entries: Vec<Entry<'a>>,
    pub at: &'a SourceRef,
}

/// One entry of a table of contents: a heading's text in the `contents-N` style of its level.
/// Writers add the heading's page number after dot leaders and link the entry to the heading.
#[derive(Debug)]
pub struct Entry<'a> {
    pub para: Para<'a>,
    pub level: u8,
    /// The index in `Composed::blocks` of the heading it lists.
    pub target: usize,
    /// The heading's place among all the edition's headings, counted from 0 in reading order:
    /// the index of its page in [`heading pages`](crate::typeset::heading_pages) and of its
    /// outline entry.
    pub heading: usize,
    /// How much further in than its first line the entry's other lines start.
    pub hang: Pt,
}

/// A figure at its printed size: within the text width and the text area's height.
#[derive(Debug)]
pub struct Figure<'a> {
    pub image: &'a std::sync::Arc<model::Image>,
    pub alt: &'a str,
    pub width: Pt,
    pub height: Pt,
    /// Above the image, kept with it.
    pub caption: Option<Para<'a>>,
    pub break_before: bool,
    pub at: &'a SourceRef,
}

/// A table: its caption, columns, and rows of cells placed on the grid.
#[derive(Debug)]
pub struct Table<'a> {
    pub caption: Option<Para<'a>>,
    /// The report's own, or compose's for a table it makes (a circular's To/From/Subject).
    pub columns: Cow<'a, [Column]>,
    /// A grid of labels and values rather than a table of data: no rules, no padding at the
    /// sides (its first column lines up with the text), each row's spacing its paragraphs'.
    /// An information circular's To/From/Subject block.
    pub plain: bool,
    /// Rows repeated at the top of every page the table runs onto.
    pub header: Vec<Row<'a>>,
    pub rows: Vec<Row<'a>>,
    pub break_before: bool,
    pub at: &'a SourceRef,
}

#[derive(Debug)]
pub struct Row<'a> {
    pub cells: Vec<Cell<'a>>,
    pub at: &'a SourceRef,
}

/// A cell with its place on the grid (from the spans of the cells before and above it).
#[derive(Debug)]
pub struct Cell<'a> {
    /// Its paragraphs, then its list's items (with `item` set, in the cell's style), stacked
    /// in the cell. At least one.
    pub paras: Vec<Para<'a>>,
    pub column: usize,
    pub colspan: usize,
    pub rowspan: usize,
}

/// What a paragraph is in the document, beyond its look: the writers map roles onto
/// structure tags (PDF) and outline levels (DOCX).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Title,
    Subtitle,
    Author,
    Heading(u8),
    Body,
    Quote,
    ListItem,
    Caption,
    /// A table cell, of a header row or not.
    Cell {
        header: bool,
    },
    Footnote,
    /// The title of a table of contents.
    ContentsTitle,
    /// An entry of a table of contents, for a heading of this level.
    ContentsEntry(u8),
    /// A line of the masthead or of the agenda block under it: neither body text nor a
    /// heading (no paragraph number, no outline entry).
    Masthead,
    /// The "[Original: French]" line under an annex's heading.
    AnnexOriginal,
}

/// One paragraph with every decision about it made.
#[derive(Clone, Debug)]
pub struct Para<'a> {
    pub role: Role,
    pub style: StyleName,
    /// The runs as written; a copy when it references footnotes, whose marks compose sets.
    pub text: Cow<'a, [Inline]>,
    /// Whether words may be hyphenated: body text, list items, quotes and footnotes, when
    /// the layout hyphenates at all; never headings, the title block, captions or cells.
    pub hyphenate: bool,
    /// Starts a new page (a `page-break` before it).
    pub break_before: bool,
    pub keep_with_next: bool,
    pub space_before: Pt,
    pub space_after: Pt,
    /// Where this paragraph sits in a list, for list items.
    pub item: Option<ListPos>,
    /// Its paragraph number, for a numbered body paragraph.
    pub number: Option<ParaNumber>,
    /// An alignment that replaces the style's: a table column's for its cells, the end for
    /// an annex's "[Original: …]" line.
    pub align: Option<CellAlign>,
    /// Where it was written; `None` for the title block.
    pub at: Option<&'a SourceRef>,
}

/// A list item's place: its list, its number and marker, its indents.
#[derive(Clone, Debug, PartialEq)]
pub struct ListPos {
    /// Index into `Composed::lists`.
    pub list: usize,
    /// 1-based position in its list.
    pub number: usize,
    /// The marker as printed: `(a)`, `3.`, `•`.
    pub marker: String,
    /// Indent of the item's text from the start edge, and the room its marker hangs in.
    pub indent: Pt,
    pub hanging: Pt,
    /// Whether a sub-list follows this item's text (inside the item).
    pub has_sublist: bool,
}

/// A body paragraph's number (`paragraph-numbering`): counted through the document, printed
/// hanging before its first line like a list marker, but part of the paragraph's own text for
/// readers (not a list label). Writers never count: they print `marker`.
#[derive(Clone, Debug, PartialEq)]
pub struct ParaNumber {
    /// 1-based, through the edition: the same in every edition.
    pub number: usize,
    /// As printed: `12.`, `12 -`, `١٢ -`.
    pub marker: String,
    /// Indent of the paragraph's text from the start edge, and the room the number hangs in
    /// before it (in the start margin when `indent` is zero).
    pub indent: Pt,
    pub hanging: Pt,
}

/// One list: how it counts and where it hangs.
#[derive(Clone, Debug, PartialEq)]
pub struct ListMeta {
    pub numbered: bool,
    /// Nesting depth, from 0.
    pub depth: usize,
    /// The block index of the item this list is nested in.
    pub parent: Option<usize>,
    /// The counter's pattern for numbered lists.
    pub pattern: Option<Pattern>,
    /// The numbered list right after a numbered paragraph (and the numbered lists nested in
    /// it): that paragraph's subparagraphs, `(a)`, `(b)`, then `(i)`, `(ii)`, set one level
    /// down (`depth` counts that level). The DOCX continues the paragraph numbering's levels.
    pub subparagraphs: bool,
}

impl<'a> Composed<'a> {
    /// Every paragraph in reading order, captions and table cells included.
    pub fn paras(&self) -> impl Iterator<Item = &Para<'a>> {
        self.blocks
            .iter()
            .flat_map(|b| -> Box<dyn Iterator<Item = &Para<'a>> + '_> {
                match b {
                    Block::Para(p) => Box::new(std::iter::once(p)),
                    Block::Figure(f) => Box::new(f.caption.iter()),
                    Block::Contents(c) => {
                        Box::new(std::iter::once(&c.title).chain(c.entries.iter().map(|e| &e.para)))
                    }
                    Block::Annex(a) => {
                        Box::new([&a.label, &a.title].into_iter().chain(a.original.as_ref()))
                    }
                    Block::Table(t) => Box::new(
                        t.caption.iter().chain(
                            t.header
                                .iter()
                                .chain(&t.rows)
                                .flat_map(|r| r.cells.iter().flat_map(|c| &c.paras)),
                        ),
                    ),
                }
            })
    }
}

/// How far the lines after the first of a long contents entry for a heading of `level` hang
/// in: one and a half ems of its style. Writers that set it per style (Word) ask here.
pub fn contents_hang(layout: &Layout, level: u8) -> Pt {
    Pt(1.5 * layout.style(StyleName::contents(level)).size.0)
}

/// Whether paragraphs in `style` may be hyphenated: body text, list items and quotes, when
/// the layout hyphenates at all. Never headings, the title block, captions, furniture or
/// table cells: their columns are narrow and ragged, and a word cut there ("Mesa re-/donda")
/// reads worse than a short line. Writers that set hyphenation per style (Word) ask here.
pub fn hyphenates(layout: &Layout, style: StyleName) -> bool {
    layout.hyphenation.enabled
        && matches!(
            style,
            StyleName::Body | StyleName::List | StyleName::Quote | StyleName::Footnote
        )
}

/// Composes `edition` for `layout`.
pub fn compose<'a>(edition: &'a Edition, layout: &Layout) -> Composed<'a> {
    compose_marked(edition, layout, None)
}

/// [`compose`] with the footnotes' marks given, in note order: the typesetter's, when the
/// layout restarts them on every page and only pagination knows them.
pub fn compose_marked<'a>(
    edition: &'a Edition,
    layout: &Layout,
    marks: Option<&[String]>,
) -> Composed<'a> {
    let mut c = Composer {
        edition,
        layout,
        marks,
        out: Composed {
            blocks: Vec::new(),
            lists: Vec::new(),
            notes: Vec::new(),
            masthead: None,
        },
        pending_break: false,
        after_object: false,
        starred: 0,
        numbers: paragraph_numbers(&edition.content.body),
        next_number: 0,
        numbered_before: false,
        heading_counts: [0; 3],
    };
    c.out.masthead = c.masthead();
    let content = &*edition.content;
    if let (Some(words), Some(head)) = (&edition.circular, &content.circular) {
        c.circular(words, head);
    } else {
        c.title_block();
    }
    for block in &content.body {
        c.block(block);
    }
    for (index, annex) in content.annexes.iter().enumerate() {
        c.annex(index, annex);
        for block in &annex.body {
            c.block(block);
        }
    }
    c.contents_entries();
    // A page break after the last block would make an empty page: both writers drop it.
    c.out
}

struct Composer<'l, 'a> {
    /// The footnotes' marks when they are given (`compose_marked`).
    marks: Option<&'l [String]>,
    edition: &'a Edition,
    layout: &'l Layout,
    out: Composed<'a>,
    pending_break: bool,
    /// The last block was a table or figure: the next paragraph keeps the body's paragraph
    /// gap from it (Word has no space after a table).
    after_object: bool,
    /// How many starred notes there are so far, which the numbered ones do not count.
    starred: usize,
    /// The number of each labelled paragraph, for `{para:label}`.
    numbers: std::collections::HashMap<&'a str, usize>,
    /// The last paragraph number given.
    next_number: usize,
    /// The last block was a numbered paragraph: a numbered list now is its subparagraphs.
    numbered_before: bool,
    /// How many headings of each level so far, a level's count restarting after a heading
    /// above it: their labels.
    heading_counts: [usize; 3],
}

/// The number of every labelled numbered paragraph: paragraphs count in reading order, so a
/// reference may come before the paragraph it names.
fn paragraph_numbers(body: &[model::Block]) -> std::collections::HashMap<&str, usize> {
    let numbered = body.iter().filter_map(|b| match b {
        model::Block::Paragraph {
            numbered: true,
            label,
            ..
        } => Some(label),
        _ => None,
    });
    (numbered.enumerate())
        .filter_map(|(i, label)| Some((label.as_ref()?.name.as_str(), i + 1)))
        .collect()
}

impl<'a> Composer<'_, 'a> {
    /// A report's title block: title, subtitle, authors.
    fn title_block(&mut self) {
        let content = &*self.edition.content;
        self.para(Role::Title, StyleName::Title, &content.title, None, None);
        if !content.subtitle.is_empty() {
            self.para(
                Role::Subtitle,
                StyleName::Subtitle,
                &content.subtitle,
                None,
                None,
            );
        }
        for author in &content.authors {
            for line in std::iter::once(&author.name).chain(&author.affiliation) {
                self.para(Role::Author, StyleName::Authors, line, None, None);
            }
        }
        // The title block ends with the subtitle's spacing before the text starts, and does not
        // hold on to the first body block.
        if let Some(Block::Para(last)) = self.out.blocks.last_mut() {
            last.space_after = last
                .space_after
                .max(self.layout.style(StyleName::Subtitle).space_after);
            last.keep_with_next = false;
        }
    }

    /// An information circular's first lines, in place of a title block: the heading
    /// ("Information circular", in the title style), with the expiry note starred on it,
    /// then the To/From/Subject block as a plain table of labels and values, the subject
    /// in bold. The block ends with the title block's spacing.
    fn circular(&mut self, words: &CircularWords, head: &'a model::Circular) {
        let mut heading = vec![Inline {
            text: words.heading.clone(),
            ..Inline::default()
        }];
        if let Some(expiry) = &words.expiry {
            heading.push(self.starred_note(expiry));
        }
        let mut para = self.para_of(
            Role::Title,
            StyleName::Title,
            Cow::Owned(heading),
            None,
            None,
        );
        para.keep_with_next = true;
        self.out.blocks.push(Block::Para(para));

        let body = self.layout.style(StyleName::Body);
        let end = self.layout.style(StyleName::Subtitle).space_after;
        let lines = [
            (&words.to, &head.to, false),
            (&words.from, &head.from, false),
            (&words.subject, &head.subject, true),
        ];
        let width = label_width(lines.map(|(label, ..)| label.as_str()), body.size).min(Pt(self
            .layout
            .text_width()
            .0
            / 3.0));
        let mut rows = Vec::with_capacity(lines.len());
        for (i, (label, line, bold)) in lines.into_iter().enumerate() {
            let label = vec![Inline {
                text: label.clone(),
                ..Inline::default()
            }];
            let mut text = self.mark_notes(&line.text, Some(&line.at));
            if bold {
                for run in text.to_mut().iter_mut().filter(|r| r.note.is_none()) {
                    run.strong = true;
                }
            }
            let header = Role::Cell { header: true };
            let value = Role::Cell { header: false };
            let mut cells = [
                self.para_of(
                    header,
                    StyleName::Body,
                    Cow::Owned(label),
                    None,
                    Some(&line.at),
                ),
                self.para_of(value, StyleName::Body, text, None, Some(&line.at)),
            ];
            for para in &mut cells {
                para.align = Some(CellAlign::Start);
                // Like every table cell's: a narrow column reads worse with cut words.
                para.hyphenate = false;
                para.space_before = Pt::ZERO;
                para.keep_with_next = false;
                para.space_after = match i + 1 == lines.len() {
                    true => end.max(body.space_after),
                    false => body.space_after,
                };
            }
            let [label, value] = cells;
            rows.push(Row {
                cells: vec![
                    Cell {
                        paras: vec![label],
                        column: 0,
                        colspan: 1,
                        rowspan: 1,
                    },
                    Cell {
                        paras: vec![value],
                        column: 1,
                        colspan: 1,
                        rowspan: 1,
                    },
                ],
                at: &line.at,
            });
        }
        let column = |width| Column {
            width,
            align: CellAlign::Start,
        };
        self.out.blocks.push(Block::Table(Table {
            caption: None,
            columns: Cow::Owned(vec![
                column(ColumnWidth::Fixed(width)),
                column(ColumnWidth::Fraction(1.0)),
            ]),
            plain: true,
            header: Vec::new(),
            rows,
            break_before: false,
            at: &head.to.at,
        }));
    }

    /// A reference run to a new note holding `text`, marked with stars (`*`, then `**`)
    /// outside the count of the numbered notes.
    /// A note of compose's own on the title block, starred after any stars before it
    /// (`*`, then `**`) and left out of the layout's count.
    fn starred_note(&mut self, text: &str) -> Inline {
        let mark = "*".repeat(self.starred + 1);
        let reference = Inline {
            note: Some(model::NoteRef {
                text: vec![Inline {
                    text: text.to_string(),
                    ..Inline::default()
                }]
                .into(),
                index: 0,
            }),
            ..Inline::default()
        };
        let runs = self.mark_runs(vec![reference], None, Some(&mark));
        runs[0].clone()
    }

    fn block(&mut self, block: &'a model::Block) {
        let numbered_before = std::mem::take(&mut self.numbered_before);
        match block {
            model::Block::Heading { level, text, at } => {
                let style = StyleName::heading(*level);
                self.para(Role::Heading(*level), style, text, None, Some(at));
                self.heading_label(*level);
            }
            model::Block::Paragraph {
                text, at, numbered, ..
            } => {
                self.para(Role::Body, StyleName::Body, text, None, Some(at));
                if *numbered {
                    self.number_last();
                }
            }
            model::Block::Quote { text, at } => {
                self.para(Role::Quote, StyleName::Quote, text, None, Some(at));
                // A quote is set off from what comes before and after it by at least the
                // paragraph gap, whatever that is (a list item's smaller gap, say), so that
                // it never reads as part of a list or paragraph next to it.
                let gap = self.paragraph_gap();
                if let Some(Block::Para(quote)) = self.out.blocks.last_mut() {
                    quote.space_before = quote.space_before.max(gap);
                    quote.space_after = quote.space_after.max(gap);
                }
            }
            model::Block::List(list) => {
                self.keep_lead_in();
                let sub = numbered_before && list.numbered;
                self.list(list, usize::from(sub), None, sub);
                // Items are closer together than paragraphs; the list as a whole ends with
                // the paragraph gap, like the paragraph it stands in for.
                let gap = self.paragraph_gap();
                if let Some(Block::Para(last)) = self.out.blocks.last_mut() {
                    last.space_after = last.space_after.max(gap);
                }
            }
            model::Block::Table(table) => self.table(table),
            model::Block::Figure(figure) => self.figure(figure),
            model::Block::PageBreak { .. } => self.pending_break = true,
            model::Block::Contents { levels, at } => self.contents(*levels, at),
        }
    }

    /// A paragraph that introduces the list after it ("… as follows:") never ends a page
    /// without the list's first lines: it keeps with the next block.
    fn keep_lead_in(&mut self) {
        if let Some(Block::Para(lead)) = self.out.blocks.last_mut()
            && lead.role == Role::Body
            && crate::model::plain_text(&lead.text)
                .trim_end()
                .ends_with([':', '：'])
        {
            lead.keep_with_next = true;
        }
    }

    /// Gives the paragraph just composed the next paragraph number.
    fn number_last(&mut self) {
        self.next_number += 1;
        self.numbered_before = true;
        let numbers = &self.layout.paragraph_numbers;
        let number = ParaNumber {
            number: self.next_number,
            marker: numbers.pattern.marker(self.next_number),
            indent: match numbers.position {
                NumberPosition::Margin => Pt::ZERO,
                NumberPosition::Indent => numbers.hanging,
            },
            hanging: numbers.hanging,
        };
        if let Some(Block::Para(para)) = self.out.blocks.last_mut() {
            para.number = Some(number);
        }
    }

    /// Puts the layout's label for a heading of `level` (`I.`, `A.`) before the heading just
    /// composed, kept to its text by a no-break space: the outline and contents entries,
    /// made from the heading's text, show it too.
    fn heading_label(&mut self, level: u8) {
        let index = usize::from(level.clamp(1, 3)) - 1;
        self.heading_counts[index] += 1;
        for deeper in &mut self.heading_counts[index + 1..] {
            *deeper = 0;
        }
        let Some(Some(pattern)) = self.layout.headings.numbering.get(index) else {
            return;
        };
        let label = Inline {
            text: format!("{}\u{A0}", pattern.marker(self.heading_counts[index])),
            ..Inline::default()
        };
        if let Some(Block::Para(para)) = self.out.blocks.last_mut() {
            let mut text = vec![label];
            text.extend(para.text.iter().cloned());
            para.text = Cow::Owned(text);
        }
    }

    /// The runs with every `{para:label}` given its paragraph's number in the counter of the
    /// layout's paragraph numbers (`12`, `١٢`), without the pattern's punctuation.
    fn para_refs(&self, text: Cow<'a, [Inline]>) -> Cow<'a, [Inline]> {
        if text.iter().all(|r| r.para_ref.is_none()) {
            return text;
        }
        let format = self.layout.paragraph_numbers.pattern.format;
        let mut runs = text.into_owned();
        for run in &mut runs {
            if let Some(label) = &run.para_ref {
                // `validate` refuses an unknown label; never a panic here.
                run.text = match self.numbers.get(&**label) {
                    Some(&n) => format_number(format, n),
                    None => format!("{{para:{label}}}"),
                };
            }
        }
        Cow::Owned(runs)
    }

    /// A table of contents: its title now; its entries once every heading is composed
    /// (`contents_entries`), since it usually comes before them.
    fn contents(&mut self, levels: u8, at: &'a SourceRef) {
        let mut title = self.make_para(
            Role::ContentsTitle,
            StyleName::ContentsTitle,
            &self.edition.contents_title,
            None,
            Some(at),
        );
        title.break_before = std::mem::take(&mut self.pending_break);
        if std::mem::take(&mut self.after_object) {
            let gap = self.layout.style(StyleName::Body).space_after;
            title.space_before = title.space_before.max(gap);
        }
        self.out.blocks.push(Block::Contents(Contents {
            title,
            levels,
            entries: Vec::new(),
            at,
        }));
        // The block after the contents keeps the body's paragraph gap from its last entry.
        self.after_object = true;
    }

    /// An annex's heading (`Annex`): a new page, whatever came before.
    fn annex(&mut self, index: usize, annex: &'a model::Annex) {
        if self.layout.annexes.restart_paragraph_numbers {
            self.next_number = 0;
        }
        self.numbered_before = false;
        let lang = &self.edition.lang;
        let count = self.edition.content.annexes.len();
        let label_text = crate::edition::annex_label(lang, index, count);
        let heading = format!(
            "{label_text}{}{}",
            crate::edition::annex_separator(lang),
            model::plain_text(&annex.title)
        );
        let runs = |text: String| {
            Cow::Owned(vec![Inline {
                text,
                ..Inline::default()
            }])
        };
        let at = Some(&annex.at);
        let mut label = self.para_of(
            Role::Heading(1),
            StyleName::Heading1,
            runs(label_text),
            None,
            at,
        );
        label.break_before = true;
        label.keep_with_next = true;
        label.space_after = Pt::ZERO;
        self.pending_break = false;
        self.after_object = false;
        let mut title = self.make_para(
            Role::Heading(1),
            StyleName::Heading1,
            &annex.title,
            None,
            at,
        );
        title.space_before = Pt::ZERO;
        title.keep_with_next = true;
        let original = annex.original.as_deref().map(|original| {
            let text = crate::edition::annex_original_label(original, lang);
            let mut para = self.para_of(Role::AnnexOriginal, StyleName::Body, runs(text), None, at);
            para.align = Some(CellAlign::End);
            para.hyphenate = false;
            para.space_before = Pt::ZERO;
            para.keep_with_next = true;
            para
        });
        self.out.blocks.push(Block::Annex(Box::new(Annex {
            index,
            label,
            title,
            original,
            heading,
            at: &annex.at,
        })));
    }

    /// Fills every contents block with the edition's headings down to its levels.
    fn contents_entries(&mut self) {
        // An entry shows its heading's text without the heading's footnote marks.
        let without_marks = |text: &Cow<'a, [Inline]>| -> Cow<'a, [Inline]> {
            match text {
                Cow::Borrowed(runs) => Cow::Borrowed(*runs),
                Cow::Owned(runs) => {
                    Cow::Owned(runs.iter().filter(|r| r.note.is_none()).cloned().collect())
                }
            }
        };
        type Heading<'a> = (usize, u8, Cow<'a, [Inline]>, Option<&'a SourceRef>);
        let headings: Vec<Heading<'a>> = (self.out.blocks)
            .iter()
            .enumerate()
            .filter_map(|(index, block)| match block {
                Block::Para(p) => match p.role {
                    Role::Heading(level) => Some((index, level, without_marks(&p.text), p.at)),
                    _ => None,
                },
                // An annex is listed at the top level, by its label and title.
                Block::Annex(a) => {
                    let text = vec![Inline {
                        text: a.heading.clone(),
                        ..Inline::default()
                    }];
                    Some((index, 1, Cow::Owned(text), Some(a.at)))
                }
                _ => None,
            })
            .collect();
        if headings.is_empty() {
            return;
        }
        let mut blocks = std::mem::take(&mut self.out.blocks);
        for block in &mut blocks {
            let Block::Contents(contents) = block else {
                continue;
            };
            contents.entries = (headings.iter().enumerate())
                .filter(|(_, (_, level, _, _))| *level <= contents.levels)
                .map(|(heading, (target, level, text, at))| Entry {
                    hang: contents_hang(self.layout, *level),
                    para: self.para_of(
                        Role::ContentsEntry(*level),
                        StyleName::contents(*level),
                        text.clone(),
                        None,
                        *at,
                    ),
                    level: *level,
                    target: *target,
                    heading,
                })
                .collect();
        }
        self.out.blocks = blocks;
    }

    /// The space between two paragraphs of body text, which separates blocks of other kinds.
    fn paragraph_gap(&self) -> Pt {
        self.layout.style(StyleName::Body).space_after
    }

    /// A list and its sub-lists, the list set at `depth`: a numbered paragraph's subparagraphs
    /// start at 1, the level below the paragraph.
    fn list(&mut self, list: &'a model::List, depth: usize, parent: Option<usize>, sub: bool) {
        let sub = sub && list.numbered;
        for (item, pos) in (list.items.iter()).zip(self.list_items(list, depth, parent, sub)) {
            let at = self.out.blocks.len();
            self.para(
                Role::ListItem,
                StyleName::List,
                &item.text,
                Some(pos),
                Some(&item.at),
            );
            if let Some(sublist) = &item.sublist {
                self.list(sublist, depth + 1, Some(at), sub);
            }
        }
    }

    /// Registers `list` in `Composed::lists` and gives each of its items its place: number,
    /// marker (the layout level's pattern or bullet) and indents.
    fn list_items(
        &mut self,
        list: &model::List,
        depth: usize,
        parent: Option<usize>,
        subparagraphs: bool,
    ) -> Vec<ListPos> {
        let level = self.layout.list_level(depth);
        let subparagraphs = subparagraphs && list.numbered;
        let pattern = match subparagraphs {
            true => Some(
                self.layout
                    .paragraph_numbers
                    .subparagraph(depth.saturating_sub(1))
                    .clone(),
            ),
            false => list
                .numbered
                .then(|| parse_pattern(&level.numbered))
                .flatten(),
        };
        let pattern = pattern
            // `layouts::resolve` refuses a pattern it cannot parse; plain numbers otherwise.
            .or_else(|| {
                list.numbered.then(|| Pattern {
                    prefix: String::new(),
                    format: NumberFormat::Decimal,
                    suffix: ".".into(),
                })
            });
        let id = self.out.lists.len();
        self.out.lists.push(ListMeta {
            numbered: list.numbered,
            depth,
            parent,
            pattern: pattern.clone(),
            subparagraphs,
        });
        (list.items.iter().enumerate())
            .map(|(i, item)| ListPos {
                list: id,
                number: i + 1,
                marker: match &pattern {
                    Some(p) => p.marker(i + 1),
                    None => level.bullet.clone(),
                },
                indent: level.indent,
                hanging: level.hanging,
                has_sublist: item.sublist.is_some(),
            })
            .collect()
    }

    fn figure(&mut self, figure: &'a model::Figure) {
        let page = &self.layout.page;
        let area = (page.height - page.margin_top - page.margin_bottom).0;
        let image = &figure.image;
        // An image's natural size is its pixels at 96 per inch.
        let natural = Pt(image.width as f32 * 0.75);
        let mut width = figure
            .width
            .unwrap_or(natural)
            .min(self.layout.text_width());
        let aspect = image.height as f32 / image.width as f32;
        // Room for the caption too, so that the figure never runs off its page.
        let room = area * 0.85;
        if width.0 * aspect > room {
            width = Pt(room / aspect);
        }
        let caption = (!figure.caption.is_empty()).then(|| {
            self.make_para(
                Role::Caption,
                StyleName::Caption,
                &figure.caption,
                None,
                Some(&figure.at),
            )
        });
        self.out.blocks.push(Block::Figure(Figure {
            image,
            alt: &figure.alt,
            width,
            height: Pt(width.0 * aspect),
            caption,
            break_before: std::mem::take(&mut self.pending_break),
            at: &figure.at,
        }));
        self.after_object = true;
    }

    fn table(&mut self, table: &'a model::Table) {
        let break_before = std::mem::take(&mut self.pending_break);
        let caption = (!table.caption.is_empty()).then(|| {
            self.make_para(
                Role::Caption,
                StyleName::Caption,
                &table.caption,
                None,
                Some(&table.at),
            )
        });
        let header = self.rows(&table.header, &table.columns, true);
        let rows = self.rows(&table.rows, &table.columns, false);
        self.out.blocks.push(Block::Table(Table {
            caption,
            columns: Cow::Borrowed(&table.columns),
            plain: false,
            header,
            rows,
            break_before,
            at: &table.at,
        }));
        self.after_object = true;
    }

    /// Rows with each cell's grid column: a cell takes the first column that no cell from
    /// a row above still covers. Cells take their column's alignment.
    fn rows(&mut self, rows: &'a [model::Row], columns: &[Column], header: bool) -> Vec<Row<'a>> {
        let count = columns.len();
        let mut covered = vec![0usize; count];
        let (role, style) = match header {
            true => (Role::Cell { header }, StyleName::TableHeader),
            false => (Role::Cell { header }, StyleName::TableCell),
        };
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut column = 0;
            let mut cells = Vec::with_capacity(row.cells.len());
            for cell in &row.cells {
                while column < count && covered[column] > 0 {
                    column += 1;
                }
                let at = column;
                for c in covered.iter_mut().skip(column).take(cell.colspan) {
                    *c = cell.rowspan;
                }
                column += cell.colspan;
                // Paragraphs, then the list's items: a one-level list of its own, like a
                // body list at depth 0. Footnote marks follow that reading order.
                let mut paras: Vec<Para<'a>> = (cell.paras.iter())
                    .map(|text| self.make_para(role, style, text, None, Some(&cell.at)))
                    .collect();
                if let Some(list) = &cell.list {
                    let places = self.list_items(list, 0, None, false);
                    for (item, pos) in list.items.iter().zip(places) {
                        let para =
                            self.make_para(role, style, &item.text, Some(pos), Some(&item.at));
                        paras.push(para);
                    }
                }
                if paras.is_empty() {
                    // Validation gives every cell a paragraph or an item; keep the invariant.
                    paras.push(self.make_para(role, style, &[], None, Some(&cell.at)));
                }
                for para in &mut paras {
                    para.align = columns.get(at).map(|c| c.align);
                }
                cells.push(Cell {
                    paras,
                    column: at,
                    colspan: cell.colspan,
                    rowspan: cell.rowspan,
                });
            }
            for c in &mut covered {
                *c = c.saturating_sub(1);
            }
            out.push(Row { cells, at: &row.at });
        }
        out
    }

    fn para(
        &mut self,
        role: Role,
        name: StyleName,
        text: &'a [Inline],
        item: Option<ListPos>,
        at: Option<&'a SourceRef>,
    ) {
        let mut para = self.make_para(role, name, text, item, at);
        para.break_before = std::mem::take(&mut self.pending_break);
        if std::mem::take(&mut self.after_object) {
            let gap = self.paragraph_gap();
            para.space_before = para.space_before.max(gap);
        }
        self.out.blocks.push(Block::Para(para));
    }

    fn make_para(
        &mut self,
        role: Role,
        name: StyleName,
        text: &'a [Inline],
        item: Option<ListPos>,
        at: Option<&'a SourceRef>,
    ) -> Para<'a> {
        let text = self.mark_notes(text, at);
        let text = self.para_refs(text);
        self.para_of(role, name, text, item, at)
    }

    /// The runs with each footnote reference given its mark, and each note added to
    /// `Composed::notes`; the runs as they are when they reference none.
    fn mark_notes(&mut self, text: &'a [Inline], at: Option<&'a SourceRef>) -> Cow<'a, [Inline]> {
        let text = match self.layout.links.url_notes {
            true => url_notes(text),
            false => Cow::Borrowed(text),
        };
        if model::notes_in(&text).next().is_none() {
            return text;
        }
        self.mark_runs(text.into_owned(), at, None)
    }

    /// `mark_notes` on runs of compose's own; `fixed` gives their notes that mark.
    fn mark_runs(
        &mut self,
        mut runs: Vec<Inline>,
        at: Option<&'a SourceRef>,
        fixed: Option<&str>,
    ) -> Cow<'a, [Inline]> {
        for run in &mut runs {
            let Some(note) = &mut run.note else { continue };
            let index = self.out.notes.len();
            let counted = index - self.starred;
            // The typesetter's marks (restarting on every page) are one per note.
            let mark = match (fixed, self.marks.and_then(|marks| marks.get(index))) {
                (Some(mark), _) => mark.to_string(),
                (None, Some(mark)) => mark.clone(),
                // Numbers count from 1 after the starred notes; symbols go on from the stars.
                (None, None) => match self.layout.footnotes.marks {
                    NoteMarks::Numbers => self.layout.footnotes.marks.mark(counted),
                    NoteMarks::Symbols => self.layout.footnotes.marks.mark(index),
                },
            };
            note.index = index;
            run.text = mark.clone();
            run.superscript = true;
            // The note's text starts with its mark, raised, and a space that neither
            // stretches nor breaks.
            let mut note_text = vec![
                Inline {
                    text: mark.clone(),
                    superscript: true,
                    ..Inline::default()
                },
                Inline {
                    text: "\u{A0}".into(),
                    ..Inline::default()
                },
            ];
            note_text.extend(note.text.iter().cloned());
            let note_text = self.para_refs(Cow::Owned(note_text));
            let para = self.para_of(Role::Footnote, StyleName::Footnote, note_text, None, at);
            self.out.notes.push(Note {
                mark,
                para,
                starred: fixed.is_some(),
            });
            self.starred += usize::from(fixed.is_some());
        }
        Cow::Owned(runs)
    }

    /// The masthead, when the layout draws one: every fixed label in the edition's forms
    /// (`crate::masthead`), the report's symbol, organ and agenda as given.
    fn masthead(&mut self) -> Option<Masthead<'a>> {
        let layout = self.layout.masthead.as_ref()?;
        let edition = self.edition;
        let lang = &edition.lang;
        let text = |t: String| {
            vec![Inline {
                text: t,
                ..Inline::default()
            }]
        };
        let para = |c: &Self, name: StyleName, runs: Vec<Inline>| {
            c.para_of(Role::Masthead, name, Cow::Owned(runs), None, None)
        };
        let organization = para(
            self,
            StyleName::MastheadOrganization,
            text(layout.organization.clone()),
        );
        let symbol = para(
            self,
            StyleName::MastheadSymbol,
            text(edition.symbol.clone().unwrap_or_default()),
        );
        let organ = para(
            self,
            StyleName::MastheadOrgan,
            edition.content.organ.clone(),
        );
        let original = edition.original.as_deref();
        let control = [
            (edition.distribution).map(|d| crate::masthead::distribution(d, lang)),
            (edition.issued).map(|d| crate::masthead::date(d, lang)),
            original.and_then(|o| crate::masthead::language_line(o, lang)),
            original.map(|o| crate::masthead::original(o, lang)),
        ]
        .into_iter()
        .flatten()
        // Right-to-left editions print these lines in English (`crate::masthead`): a
        // left-to-right mark keeps "30 June 2017" in its order within the right-to-left page.
        .map(|line| match lang.direction {
            crate::edition::Direction::Rtl => format!("\u{200E}{line}"),
            crate::edition::Direction::Ltr => line,
        })
        .map(|line| para(self, StyleName::MastheadControl, text(line)))
        .collect();
        let mut agenda = Vec::new();
        if let Some(a) = &edition.content.agenda {
            let at = Some(&a.at);
            if !a.session.is_empty() {
                let runs = self.mark_notes(&a.session, at);
                agenda.push(self.para_of(
                    Role::Masthead,
                    StyleName::MastheadAgenda,
                    runs,
                    None,
                    at,
                ));
            }
            // "Item 12 of the provisional agenda*": the asterisk is the footnote's mark,
            // whatever the layout's marks, as official documents mark a masthead's notes.
            let (before, after) = crate::masthead::agenda_item(a.item, lang);
            let mut runs = text(before);
            if let Some(note) = &a.footnote {
                runs.push(Inline {
                    note: Some(model::NoteRef {
                        text: note.clone().into(),
                        index: 0,
                    }),
                    ..Inline::default()
                });
            }
            runs.extend(text(after).into_iter().filter(|r| !r.text.is_empty()));
            let mark = "*".repeat(self.starred + 1);
            let runs = self.mark_runs(runs, at, Some(&mark));
            agenda.push(self.para_of(Role::Masthead, StyleName::MastheadAgenda, runs, None, at));
            if !a.title.is_empty() {
                let strong: Vec<Inline> = (a.title.iter())
                    .map(|r| Inline {
                        strong: true,
                        ..r.clone()
                    })
                    .collect();
                let runs = self.mark_runs(strong, at, None);
                agenda.push(self.para_of(
                    Role::Masthead,
                    StyleName::MastheadAgenda,
                    runs,
                    None,
                    at,
                ));
            }
        }
        Some(Masthead {
            organization,
            symbol,
            organ,
            control,
            emblem: layout.emblem.clone(),
            rule: layout.rule,
            agenda,
        })
    }

    fn para_of(
        &self,
        role: Role,
        name: StyleName,
        text: Cow<'a, [Inline]>,
        item: Option<ListPos>,
        at: Option<&'a SourceRef>,
    ) -> Para<'a> {
        let style = self.layout.style(name);
        let hyphenate = hyphenates(self.layout, name);
        let text = emphasis::by_script(text, &self.layout.emphasis, self.edition.lang.script);
        Para {
            role,
            style: name,
            text,
            hyphenate,
            break_before: false,
            keep_with_next: style.keep_with_next,
            space_before: style.space_before,
            space_after: style.space_after,
            item,
            number: None,
            align: None,
            at,
        }
    }
}

/// The width of the label column of a circular's To/From/Subject block, in the labels'
/// style of `size`. Compose measures no text, so each character is allowed 0.62 em (an
/// ideograph or full-width form a whole em), more than the shipped faces' average advance,
/// so that the widest label stays on one line in both formats; then an em of gap.
fn label_width<'s>(labels: impl IntoIterator<Item = &'s str>, size: Pt) -> Pt {
    let ems = |label: &str| -> f32 {
        label
            .chars()
            .map(|c| {
                if model::is_cjk(c) || ('\u{FF00}'..='\u{FFEF}').contains(&c) {
                    1.0
                } else {
                    0.62
                }
            })
            .sum()
    };
    let widest = labels.into_iter().map(ems).fold(0.0, f32::max);
    Pt((widest + 1.0) * size.0)
}

/// The runs with a footnote after each link whose text is not its URL (`links: {urls:
/// footnote}`): on paper a link shows only its text, so the note prints where it leads. The
/// note holds the URL, itself a link; it is numbered with the other notes by `mark_runs`.
fn url_notes(text: &[Inline]) -> Cow<'_, [Inline]> {
    let shows_url = |shown: &str, url: &str| {
        let bare = |u: &str| {
            let u = u.trim();
            let u = ["https://", "http://", "mailto:"]
                .iter()
                .find_map(|scheme| u.strip_prefix(scheme))
                .unwrap_or(u);
            u.trim_end_matches('/').to_owned()
        };
        bare(shown) == bare(url)
    };
    let mut out: Vec<Inline> = Vec::with_capacity(text.len() + 1);
    let mut changed = false;
    let mut i = 0;
    while i < text.len() {
        let run = &text[i];
        out.push(run.clone());
        i += 1;
        let Some(url) = run.link.as_ref().filter(|_| run.note.is_none()) else {
            continue;
        };
        let mut shown = run.text.clone();
        while i < text.len() && text[i].note.is_none() && text[i].link.as_ref() == Some(url) {
            shown.push_str(&text[i].text);
            out.push(text[i].clone());
            i += 1;
        }
        if shows_url(&shown, url) {
            continue;
        }
        changed = true;
        let note = Inline {
            text: url.to_string(),
            link: Some(url.clone()),
            ..Inline::default()
        };
        out.push(Inline {
            note: Some(model::NoteRef {
                text: vec![note].into(),
                index: 0,
            }),
            ..Inline::default()
        });
    }
    match changed {
        true => Cow::Owned(out),
        false => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::{self, LoadedReport, ReportDef};
    use crate::input::Scope;
    use crate::layouts::{LoadedLayout, load_layout, resolve};
    use std::path::Path;

    fn edition(body: &str) -> Edition {
        first_edition(&format!(
            "id: t\neditions:\n  - lang: en\n    content:\n      title: T\n      authors: [{{name: A}}]\n      body:\n{body}"
        ))
    }

    /// The first edition of a whole report definition, validated and resolved.
    fn first_edition(text: &str) -> Edition {
        let def: ReportDef = definition::parse_yaml(Path::new("r.yaml"), text).unwrap();
        let loaded = LoadedReport {
            file: "r.yaml".into(),
            def,
            sources: vec![None],
            diagnostics: Default::default(),
            images: Default::default(),
        };
        let report = crate::model::validate(&loaded).unwrap().output;
        crate::edition::resolve(&report, &report.editions[0])
    }

    fn a4() -> Layout {
        let loaded: LoadedLayout = load_layout(
            "report-a4",
            Path::new("."),
            &SourceRef::default(),
            &Scope::anywhere(),
        )
        .unwrap();
        resolve(&loaded, "en").unwrap()
    }

    #[test]
    fn a_circular_heads_with_its_starred_note_and_a_plain_table() {
        let text = "id: t\nkind: information-circular\ndate: 2026-03-02\nexpires: 2027-12-31\neditions:\n  - lang: fr\n    content:\n      title: T\n      to: Staff\n      from: F\n      subject: S\n      body:\n        - paragraph: P^[N]\n";
        let e = first_edition(text);
        let mut layout = a4();
        let c = compose(&e, &layout);
        let Block::Para(heading) = &c.blocks[0] else {
            panic!("{:?}", c.blocks[0]);
        };
        assert_eq!(heading.role, Role::Title);
        assert_eq!(model::plain_text(&heading.text), "Circulaire d’information");
        let Block::Table(table) = &c.blocks[1] else {
            panic!("{:?}", c.blocks[1]);
        };
        assert!(table.plain && table.header.is_empty());
        let labels: Vec<_> = (table.rows.iter())
            .map(|r| {
                (
                    r.cells[0].paras[0].role,
                    model::plain_text(&r.cells[0].paras[0].text),
                )
            })
            .collect();
        let header = Role::Cell { header: true };
        assert_eq!(labels[0], (header, "Destinataires\u{a0}:".to_string()));
        let subject = &table.rows[2].cells[1].paras[0];
        assert!(subject.text.iter().all(|r| r.strong));
        let cells = table.rows.iter().flat_map(|r| &r.cells);
        assert!(cells.flat_map(|c| &c.paras).all(|p| !p.hyphenate));
        let marks: Vec<_> = c
            .notes
            .iter()
            .map(|n| (n.mark.as_str(), n.starred))
            .collect();
        assert_eq!(marks, vec![("*", true), ("1", false)]);
        assert_eq!(
            model::plain_text(&c.notes[0].para.text),
            "*\u{a0}Date d’expiration de la présente circulaire\u{a0}: 31 décembre 2027"
        );
        // Symbols go on from the star.
        layout.footnotes.marks = NoteMarks::Symbols;
        let c = compose(&e, &layout);
        let marks: Vec<_> = c.notes.iter().map(|n| n.mark.as_str()).collect();
        assert_eq!(marks, vec!["*", "**"]);
    }

    #[test]
    fn roles_hyphenation_and_the_title_block_end() {
        let e = edition("        - heading: H\n        - paragraph: P\n        - quote: Q\n");
        let layout = a4();
        let c = compose(&e, &layout);
        let roles: Vec<_> = c.paras().map(|p| (p.role, p.hyphenate)).collect();
        assert_eq!(
            roles,
            vec![
                (Role::Title, false),
                (Role::Author, false),
                (Role::Heading(1), false),
                (Role::Body, true),
                (Role::Quote, true),
            ]
        );
        let author = c.paras().nth(1).unwrap();
        assert!(!author.keep_with_next);
        assert_eq!(
            author.space_after,
            layout.style(StyleName::Subtitle).space_after
        );
    }

    #[test]
    fn page_breaks_go_to_the_next_block_and_a_trailing_one_is_dropped() {
        let e = edition(
            "        - paragraph: A\n        - page-break\n        - paragraph: B\n        - page-break\n",
        );
        let c = compose(&e, &a4());
        let breaks: Vec<_> = c.paras().map(|p| p.break_before).collect();
        assert_eq!(breaks, vec![false, false, false, true]);
    }

    #[test]
    fn lists_number_with_the_layout_pattern_and_nest() {
        let e = edition(
            "        - list:\n            numbered: true\n            items:\n              - a\n              - text: b\n                items: [c, d]\n",
        );
        let c = compose(&e, &a4());
        let items: Vec<_> = c
            .paras()
            .filter_map(|p| p.item.as_ref())
            .map(|i| (i.list, i.marker.as_str(), i.has_sublist))
            .collect();
        assert_eq!(
            items,
            vec![
                (0, "1.", false),
                (0, "2.", true),
                (1, "(a)", false),
                (1, "(b)", false)
            ]
        );
        assert_eq!(c.lists[1].depth, 1);
        assert_eq!(c.lists[1].parent, Some(3));
    }

    #[test]
    fn a_list_ends_with_the_paragraph_gap_and_a_quote_is_set_off() {
        let e = edition(
            "        - list:\n            items:\n              - a\n              - text: b\n                items: [c, d]\n        - quote: Q\n        - paragraph: P\n",
        );
        let layout = a4();
        let gap = layout.style(StyleName::Body).space_after;
        let item_gap = layout.style(StyleName::List).space_after;
        assert!(
            item_gap < gap,
            "the shipped layout sets items closer than paragraphs"
        );
        let c = compose(&e, &layout);
        let after: Vec<_> = c
            .paras()
            .skip(2)
            .map(|p| (p.role, p.space_before, p.space_after))
            .collect();
        assert_eq!(after[0], (Role::ListItem, Pt::ZERO, item_gap));
        // The nested list ends inside its item: the item gap; the whole list: the paragraph gap.
        assert_eq!(after[2].2, item_gap);
        assert_eq!(after[3].2, gap);
        assert_eq!(after[4].0, Role::Quote);
        assert!(after[4].1 >= gap && after[4].2 >= gap);
    }

    #[test]
    fn a_lead_in_keeps_with_its_list_and_other_paragraphs_do_not() {
        let e = edition(
            "        - paragraph: \"The points were as follows:\"\n        - list:\n            items: [a, b]\n        - paragraph: Plain.\n        - list:\n            items: [c]\n        - paragraph: \"下列各点：\"\n        - list:\n            items: [d]\n",
        );
        let c = compose(&e, &a4());
        let kept: Vec<(String, bool)> = c
            .paras()
            .filter(|p| p.role == Role::Body)
            .map(|p| (model::plain_text(&p.text), p.keep_with_next))
            .collect();
        assert_eq!(
            kept,
            [
                ("The points were as follows:".into(), true),
                ("Plain.".into(), false),
                ("下列各点：".into(), true)
            ]
        );
    }

    #[test]
    fn the_paragraph_after_a_table_keeps_the_body_gap_from_it() {
        let e = edition(
            "        - table:\n            rows:\n              - [a, b]\n        - paragraph: P\n",
        );
        let layout = a4();
        let c = compose(&e, &layout);
        let after = c.paras().last().unwrap();
        assert_eq!(after.role, Role::Body);
        assert_eq!(
            after.space_before,
            layout.style(StyleName::Body).space_after
        );
        assert!(matches!(c.blocks[2], Block::Table(_)));
    }

    #[test]
    fn an_annex_starts_a_page_under_one_top_level_heading_listed_in_the_contents() {
        let text = "id: t\noriginal: en\nannexes: [{original: fr}, {}]\neditions:\n  - lang: en\n    content:\n      title: T\n      body:\n        - contents\n        - heading: H\n          level: 2\n        - paragraph: P\n        - page-break\n      annexes:\n        - title: First\n          body:\n            - heading: Inside\n            - paragraph: Q\n        - title: Second\n          body:\n            - paragraph: R\n";
        let e = first_edition(text);
        let c = compose(&e, &a4());
        let annexes: Vec<&Annex> = (c.blocks.iter())
            .filter_map(|b| match b {
                Block::Annex(a) => Some(&**a),
                _ => None,
            })
            .collect();
        assert_eq!(annexes.len(), 2);
        let first = annexes[0];
        assert_eq!(model::plain_text(&first.label.text), "Annex I");
        assert_eq!(first.heading, "Annex I\u{2002}First");
        assert!(first.label.break_before && first.label.keep_with_next);
        assert_eq!(
            (first.label.space_after, first.title.space_before),
            (Pt::ZERO, Pt::ZERO)
        );
        let original = first.original.as_ref().unwrap();
        assert_eq!(model::plain_text(&original.text), "[Original: French]");
        assert_eq!(
            (original.role, original.align),
            (Role::AnnexOriginal, Some(CellAlign::End))
        );
        // The second annex has the document's original; the trailing page break of the body
        // is the first annex's own.
        assert!(annexes[1].original.is_none());
        assert_eq!(c.paras().filter(|p| p.break_before).count(), 2);
        // Listed at the top level, counted among the headings in reading order.
        let Block::Contents(contents) = &c.blocks[1] else {
            panic!("{:?}", c.blocks[1]);
        };
        let entries: Vec<_> = (contents.entries.iter())
            .map(|e| (model::plain_text(&e.para.text), e.level, e.heading))
            .collect();
        assert_eq!(
            entries,
            vec![
                ("H".to_string(), 2, 0),
                ("Annex I\u{2002}First".to_string(), 1, 1),
                ("Inside".to_string(), 1, 2),
                ("Annex II\u{2002}Second".to_string(), 1, 3),
            ]
        );
    }

    #[test]
    fn contents_list_the_headings_down_to_their_levels_with_their_blocks() {
        let e = edition(
            "        - contents\n        - heading: A\n        - heading: B\n          level: 3\n        - paragraph: P\n        - heading: C\n          level: 2\n",
        );
        let c = compose(&e, &a4());
        let Block::Contents(contents) = &c.blocks[2] else {
            panic!("{:?}", c.blocks[2]);
        };
        assert_eq!(contents.title.role, Role::ContentsTitle);
        assert_eq!(model::plain_text(&contents.title.text), "Contents");
        // B (level 3) is left out of a two-level contents, but still counts as a heading.
        let entries: Vec<_> = (contents.entries.iter())
            .map(|e| {
                (
                    model::plain_text(&e.para.text),
                    e.level,
                    e.target,
                    e.heading,
                )
            })
            .collect();
        assert_eq!(
            entries,
            vec![("A".to_string(), 1, 3, 0), ("C".to_string(), 2, 6, 2)]
        );
        assert!(matches!(&c.blocks[3], Block::Para(p) if p.role == Role::Heading(1)));
        assert_eq!(contents.entries[1].para.style, StyleName::Contents2);
        assert!(contents.entries.iter().all(|e| !e.para.hyphenate));
    }
}
