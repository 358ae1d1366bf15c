//! Reading YAML into `*Def` types with source positions: the only module that parses YAML.
//! It neither fills defaults nor judges meaning; `model` does that. What only the source
//! shows is checked here: a list item YAML silently merged into the one above it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Diagnostics, SourceRef};
use crate::input::{self, InputKind, Scope};
use crate::schema as s;

/// A string with where it was written.
pub type Text = Spanned<String>;

/// `report.yaml`: shared metadata and the list of editions.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportDef {
    /// Required: lower-case letters, digits and `-` (at most 100 characters); names the output
    /// files.
    #[schemars(with = "s::Text")]
    pub id: Text,
    /// A shipped layout by name (`folio layouts`), or a layout file relative to this file;
    /// default `report-a4`.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub layout: Option<Text>,
    /// The document symbol, printed identically in every edition (`{symbol}`).
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub symbol: Option<Text>,
    /// The date of issue, `YYYY-MM-DD`; each edition prints it in its own language (`{date}`).
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub date: Option<Text>,
    /// The language the report was written in (`{original}`: "Original: English").
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub original: Option<Text>,
    /// `general`, `limited` or `restricted`: the masthead's "Distr." line.
    #[serde(default)]
    #[schemars(with = "Option<s::Distribution>")]
    pub distribution: Option<Text>,
    /// `report` (the default) or `information-circular`.
    #[serde(default)]
    #[schemars(with = "Option<s::DocumentKind>")]
    pub kind: Option<Text>,
    /// An information circular's expiry: an ISO date, printed in its asterisk note.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub expires: Option<Text>,
    /// The job number and date of processing printed in an official document's footer.
    #[serde(default)]
    #[schemars(with = "Option<JobDef>")]
    pub job: Option<Spanned<JobDef>>,
    /// Numbers the body paragraphs 1, 2, 3… through the document (default `false`).
    #[serde(default, rename = "paragraph-numbering")]
    #[schemars(with = "Option<bool>")]
    pub paragraph_numbering: Option<Spanned<bool>>,
    /// One entry per language edition: its `lang` and a `source` file or inline `content`.
    #[schemars(with = "Vec<EditionRefDef>")]
    pub editions: Vec<Spanned<EditionRefDef>>,
    /// What every edition's annexes share, one entry per annex in order: their original
    /// language (docs/format.md, "Annexes").
    #[serde(default)]
    #[schemars(with = "Option<Vec<ReportAnnexDef>>")]
    pub annexes: Option<Spanned<Vec<Spanned<ReportAnnexDef>>>>,
}

/// Only the `id` of `report.yaml`, the rest ignored: what a batch reads of every report to
/// place, de-duplicate and shard them before building any (`run::batch`).
#[derive(Debug, Deserialize)]
pub struct ReportIdDef {
    pub id: Text,
}

/// One entry of report.yaml's `annexes:`: the annex's original language, when it has one
/// of its own (`{}` otherwise).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportAnnexDef {
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub original: Option<Text>,
}

/// `job: {number: 17-01234, date: 2017-07-03}`: the job number (`NN-NNNNN`) and, optionally,
/// the date of processing (the report's `date` when not given).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JobDef {
    #[schemars(with = "s::Text")]
    pub number: Text,
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub date: Option<Text>,
}

/// One entry of `editions:`: a language and either a `source` file or inline `content`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = s::source_or_content)]
pub struct EditionRefDef {
    /// The edition's language: a BCP 47 tag such as `en`, `fr`, `zh`; unique.
    #[schemars(with = "s::Text")]
    pub lang: Text,
    /// The edition's file, relative to report.yaml.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub source: Option<Text>,
    /// The edition's content written inline, instead of a `source` file.
    #[serde(default)]
    pub content: Option<ContentDef>,
}

/// An edition's content: title block and body.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContentDef {
    /// Required: the edition's title.
    #[schemars(with = "s::Text")]
    pub title: Text,
    /// A line under the title.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub subtitle: Option<Text>,
    /// Authors under the title, each a `name` and an optional `affiliation`.
    #[serde(default)]
    #[schemars(with = "Vec<AuthorDef>")]
    pub authors: Vec<Spanned<AuthorDef>>,
    /// The blocks of the text: `heading`, `paragraph`, `list`, `quote`, `table`, `figure`,
    /// `contents`, `page-break`.
    #[serde(default)]
    #[schemars(with = "Vec<BlockDef>")]
    pub body: Vec<Spanned<BlockDef>>,
    /// After the body, each on a page of its own.
    #[serde(default)]
    #[schemars(with = "Vec<AnnexDef>")]
    pub annexes: Vec<Spanned<AnnexDef>>,
    /// The organ the document is addressed to ("General Assembly"), for the masthead.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub organ: Option<Text>,
    /// The agenda item the document is issued under, for the masthead.
    #[serde(default)]
    #[schemars(with = "Option<AgendaDef>")]
    pub agenda: Option<Spanned<AgendaDef>>,
    /// An information circular's To/From/Subject block (`kind: information-circular`).
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub to: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub from: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub subject: Option<Text>,
}

/// `agenda:` — the session and agenda item under the masthead: session and title in the
/// edition's language, the item's number (the same in every edition), and an optional note
/// (the provisional agenda's symbol) that the item's asterisk refers to.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaDef {
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub session: Option<Text>,
    #[schemars(with = "i64")]
    pub item: Spanned<i64>,
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub title: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub footnote: Option<Text>,
}

impl ContentDef {
    /// The body's blocks, then each annex's.
    pub fn blocks(&self) -> impl Iterator<Item = &Spanned<BlockDef>> {
        self.body
            .iter()
            .chain(self.annexes.iter().flat_map(|a| &a.value.body))
    }
}

/// One entry of an edition's `annexes:`: its title and body.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnexDef {
    #[schemars(with = "s::Text")]
    pub title: Text,
    #[serde(default)]
    #[schemars(with = "Vec<BlockDef>")]
    pub body: Vec<Spanned<BlockDef>>,
    /// Read only to say where it belongs: an annex's original language is the same in every
    /// edition, so report.yaml's `annexes:` gives it once.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub original: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorDef {
    /// The author's name.
    #[schemars(with = "s::Text")]
    pub name: Text,
    /// One line, or a list of lines, under the name.
    #[serde(default)]
    pub affiliation: Lines,
}

/// One string or a list of strings.
#[derive(Debug, Default)]
pub struct Lines(pub Vec<Text>);

/// A body block: `- heading: …`, `- paragraph: …`, `- list: …`, `- quote: …`, or a bare
/// `- page-break` or `- contents`.
#[derive(Debug)]
pub enum BlockDef {
    Bare(String),
    Map(Box<BlockMapDef>),
}

impl BlockDef {
    /// How many list items the block holds, at every depth, and paragraphs and items its
    /// table cells hold.
    pub fn items(&self) -> usize {
        fn count(items: &[Spanned<ItemDef>]) -> usize {
            items.len()
                + items
                    .iter()
                    .map(|i| match &i.value {
                        ItemDef::Map(m) => count(&m.items),
                        ItemDef::Text(_) => 0,
                    })
                    .sum::<usize>()
        }
        // Paragraphs and items inside table cells count too: a cell may hold many.
        let in_cells = |t: &TableDef| -> usize {
            (t.header.iter().chain(&t.rows))
                .flat_map(|row| &row.value)
                .map(|cell| match &cell.value {
                    CellDef::Map(m) => {
                        m.paragraphs.as_ref().map_or(0, |p| p.value.len())
                            + m.items.as_ref().map_or(0, |i| i.value.len())
                    }
                    CellDef::Text(_) => 0,
                })
                .sum()
        };
        match self {
            BlockDef::Map(m) => {
                m.list.as_ref().map_or(0, |l| count(&l.items))
                    + m.table.as_ref().map_or(0, in_cells)
            }
            BlockDef::Bare(_) => 0,
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = s::one_block_kind)]
pub struct BlockMapDef {
    /// A heading; level 1 unless `level` says 2 or 3.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub heading: Option<Text>,
    /// The heading's level: 1 (default), 2 or 3.
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub level: Option<Spanned<i64>>,
    /// A paragraph: its text, or `text:` with `numbered:` or `label:`.
    #[serde(default)]
    #[schemars(with = "Option<ParagraphDef>")]
    pub paragraph: Option<Spanned<ParagraphDef>>,
    /// A list: `items`, bulleted unless `numbered: true`.
    #[serde(default)]
    pub list: Option<ListDef>,
    /// A quotation, set in the layout's quote style.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub quote: Option<Text>,
    /// A table: `rows` of cells, with optional `header` rows, `caption`, `columns` and `align`.
    #[serde(default)]
    pub table: Option<TableDef>,
    /// An image with its required `alt` text, optional `width` and `caption`.
    #[serde(default)]
    pub figure: Option<FigureDef>,
    /// A table of contents of the headings down to `levels`.
    #[serde(default)]
    pub contents: Option<ContentsDef>,
}

/// `paragraph:` — its text, or `{text, numbered, label}`: whether it takes a paragraph number
/// (when the report numbers them) and the label `{para:label}` refers to it by.
#[derive(Debug)]
pub enum ParagraphDef {
    Text(String),
    Map(ParagraphMapDef),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParagraphMapDef {
    #[schemars(with = "s::Text")]
    pub text: Text,
    #[serde(default)]
    pub numbered: Option<bool>,
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub label: Option<Text>,
}

/// `contents:` — a table of contents of the headings down to `levels` (the bare word
/// `- contents` takes the default).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContentsDef {
    /// The deepest heading level listed (1 to 3).
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub levels: Option<Spanned<i64>>,
}

/// `figure:` — an image file (relative to the file that names it), its required alt text,
/// an optional width and caption.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureDef {
    #[schemars(with = "s::Text")]
    pub image: Text,
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub alt: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub width: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub caption: Option<Text>,
}

/// `table:` — caption, column widths and alignments, header rows and body rows of cells.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub caption: Option<Text>,
    /// Widths: `2fr` (a share of what is left), `30mm` (fixed) or `auto` (from the content).
    #[serde(default)]
    #[schemars(with = "Option<Vec<s::Text>>")]
    pub columns: Option<Spanned<Vec<Text>>>,
    /// Per column: `start`, `center`, `end` or `decimal`.
    #[serde(default)]
    #[schemars(with = "Option<Vec<s::ColumnAlign>>")]
    pub align: Option<Spanned<Vec<Text>>>,
    /// Header rows, repeated on every page the table runs onto.
    #[serde(default)]
    #[schemars(with = "Vec<Vec<CellDef>>")]
    pub header: Vec<Spanned<Vec<Spanned<CellDef>>>>,
    /// Required: the body rows, each a list of cells.
    #[schemars(with = "Vec<Vec<CellDef>>")]
    pub rows: Vec<Spanned<Vec<Spanned<CellDef>>>>,
}

/// A table cell: a string, or a map of `text`, `paragraphs`, `items` (with `numbered`),
/// `colspan` and `rowspan`.
#[derive(Debug)]
pub enum CellDef {
    Text(String),
    Map(Box<CellMapDef>),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CellMapDef {
    /// The first paragraph.
    #[serde(default)]
    #[schemars(with = "Option<s::Text>")]
    pub text: Option<Text>,
    /// Paragraphs after `text`.
    #[serde(default)]
    #[schemars(with = "Option<Vec<s::Text>>")]
    pub paragraphs: Option<Spanned<Vec<Text>>>,
    /// A one-level list after the paragraphs.
    #[serde(default)]
    #[schemars(with = "Option<Vec<s::Text>>")]
    pub items: Option<Spanned<Vec<Text>>>,
    #[serde(default)]
    pub numbered: Option<bool>,
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub colspan: Option<Spanned<i64>>,
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub rowspan: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListDef {
    /// Numbered when true; bulleted when false or absent.
    #[serde(default)]
    pub numbered: Option<bool>,
    /// The items: each a string, or `text:` with `items:` for a sub-list.
    #[schemars(with = "Vec<ItemDef>")]
    pub items: Vec<Spanned<ItemDef>>,
}

/// A list item: a string, or `{text, items, numbered}` for an item with a sub-list.
#[derive(Debug)]
pub enum ItemDef {
    Text(String),
    Map(ItemMapDef),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemMapDef {
    /// The item's text.
    #[schemars(with = "s::Text")]
    pub text: Text,
    /// Whether the sub-list is numbered (default: as its parent).
    #[serde(default)]
    pub numbered: Option<bool>,
    /// The sub-list's items.
    #[serde(default)]
    #[schemars(with = "Vec<ItemDef>")]
    pub items: Vec<Spanned<ItemDef>>,
}

/// A report definition as read, with the edition files it names.
#[derive(Debug)]
pub struct LoadedReport {
    pub file: PathBuf,
    pub def: ReportDef,
    /// Per entry of `def.editions` with a `source` (and no inline `content`): the file and
    /// its content, when it could be read.
    pub sources: Vec<Option<(PathBuf, ContentDef)>>,
    /// Why edition files could not be read; `model::validate` reports them with the rest.
    pub diagnostics: Diagnostics,
    /// The images that figures name, by the path as resolved, or why one could not be read.
    pub images: BTreeMap<PathBuf, Result<Arc<[u8]>, String>>,
}

/// Reads `report.yaml` and every edition file it names, each only where `scope` admits it.
/// Only an unreadable `report.yaml` fails here; problems with edition files are collected,
/// so that `validate` can report them together with every other error.
pub fn load_report(path: &Path, scope: &Scope) -> Result<LoadedReport, Diagnostics> {
    let text = read_definition(path)?;
    let def: ReportDef = parse_yaml(path, &text)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut diagnostics = Diagnostics::default();
    for entry in &def.editions {
        if let Some(content) = &entry.value.content {
            diagnostics.extend(merged_items(path, &text, content));
        }
    }
    let mut sources = Vec::with_capacity(def.editions.len());
    for entry in &def.editions {
        let entry = &entry.value;
        let source = match (&entry.source, &entry.content) {
            (Some(source), None) => {
                let file = dir.join(&source.value);
                let loaded = if file.exists() {
                    scope
                        .admit(&file)
                        .map_err(|e| {
                            Diagnostic::error(
                                at(path, source),
                                format!("edition `{}`: {e}", entry.lang.value),
                            )
                            .into()
                        })
                        .and_then(|()| load_content(&file))
                } else {
                    Err(Diagnostic::error(
                        at(path, source),
                        format!(
                            "edition `{}`: source file `{}` does not exist",
                            entry.lang.value,
                            file.display()
                        ),
                    )
                    .with_hint("`source` is relative to the report file")
                    .into())
                };
                loaded
                    .map_err(|e| diagnostics.extend(e))
                    .ok()
                    .map(|(content, found)| {
                        diagnostics.extend(found);
                        (file, content)
                    })
            }
            _ => None,
        };
        sources.push(source);
    }
    let mut images = BTreeMap::new();
    let inline = def
        .editions
        .iter()
        .map(|e| (path, e.value.content.as_ref()));
    let from_files = sources
        .iter()
        .flatten()
        .map(|(file, c)| (file.as_path(), Some(c)));
    for (file, content) in inline.chain(from_files) {
        let Some(content) = content else { continue };
        for block in content.blocks() {
            if let BlockDef::Map(map) = &block.value
                && let Some(figure) = &map.figure
            {
                let image = image_path(file, &figure.image.value);
                // A missing file is `validate`'s to report, with the path it looked for.
                if !image.exists() {
                    continue;
                }
                images.entry(image).or_insert_with_key(|image| {
                    scope
                        .admit(image)
                        .and_then(|()| input::read(image, InputKind::Image))
                        .map(Arc::from)
                });
            }
        }
    }
    Ok(LoadedReport {
        file: path.to_path_buf(),
        def,
        sources,
        diagnostics,
        images,
    })
}

/// Where a figure's image is: relative to the file that names it.
pub fn image_path(named_in: &Path, image: &str) -> PathBuf {
    named_in
        .parent()
        .unwrap_or(Path::new("."))
        .join(image.trim())
}

/// Reads one YAML file into `T`, turning read and parse failures into positioned diagnostics.
pub fn load_yaml<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, Diagnostics> {
    let text = read_definition(path)?;
    parse_yaml(path, &text)
}

/// A definition file's text, or an error naming it.
fn read_definition(path: &Path) -> Result<String, Diagnostics> {
    input::read_text(path, InputKind::Definition).map_err(|e| {
        let d = Diagnostic::error(SourceRef::file(path), e);
        // `folio check my-report/` is a newcomer's first guess at naming a report.
        match path.is_dir() {
            true => d
                .with_hint(format!(
                    "give the report file, such as `{}`",
                    path.join("report.yaml").display()
                ))
                .into(),
            false => d.into(),
        }
    })
}

/// Reads an edition file, with the list items YAML merged into the item above them
/// (`merged_items`), which only its text shows.
fn load_content(path: &Path) -> Result<(ContentDef, Diagnostics), Diagnostics> {
    let text = read_definition(path)?;
    let content: ContentDef = parse_yaml(path, &text)?;
    let merged = merged_items(path, &text, &content);
    Ok((content, merged))
}

/// A list item indented deeper than its neighbours' `-` is no item to YAML: a plain
/// (unquoted) scalar goes on over more indented lines, so
///
/// ```yaml
/// - First item
///   - Second item
/// ```
///
/// is the one item "First item - Second item". Each such line of a plain item, starting
/// with `- `, is an error at that line's dash, naming the column found and the one expected.
pub fn merged_items(path: &Path, text: &str, content: &ContentDef) -> Diagnostics {
    fn walk(items: &[Spanned<ItemDef>], out: &mut Vec<serde_saphyr::Location>) {
        for item in items {
            match &item.value {
                ItemDef::Text(_) => out.push(item.referenced),
                ItemDef::Map(m) => {
                    out.push(m.text.referenced);
                    walk(&m.items, out);
                }
            }
        }
    }
    let mut items = Vec::new();
    for block in content.blocks() {
        let BlockDef::Map(m) = &block.value else {
            continue;
        };
        if let Some(list) = &m.list {
            walk(&list.items, &mut items);
        }
        let cells = (m.table.iter())
            .flat_map(|t| t.header.iter().chain(&t.rows))
            .flat_map(|row| &row.value);
        for cell in cells {
            if let CellDef::Map(c) = &cell.value {
                items.extend(c.items.iter().flat_map(|i| &i.value).map(|t| t.referenced));
            }
        }
    }
    let mut diags = Diagnostics::default();
    for at in items {
        if let Some(d) = merged_item(path, text, at) {
            diags.push(d);
        }
    }
    diags
}

/// The error for the first line of the plain item at `at` that starts with `- `, if any.
fn merged_item(path: &Path, text: &str, at: serde_saphyr::Location) -> Option<Diagnostic> {
    let start = at.span().byte_offset()? as usize;
    let source = text.get(start..start + at.span().byte_len()? as usize)?;
    // Quoted and block scalars are text the writer marked as such.
    if source.starts_with(['"', '\'', '|', '>']) {
        return None;
    }
    // Only an item written after its own `- ` on the same line has a dash to line up with.
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..start];
    let dash = prefix.trim_end().strip_suffix('-')?;
    if !dash.trim().is_empty() && !dash.trim_end().ends_with('-') {
        return None;
    }
    let expected = dash.chars().count() + 1;
    let first = source.lines().next().unwrap_or_default().trim();
    source.lines().enumerate().skip(1).find_map(|(k, line)| {
        let body = line.trim_start();
        if body != "-" && !body.starts_with("- ") {
            return None;
        }
        let found = line.chars().count() - body.chars().count() + 1;
        let shown: String = body.chars().take(40).collect();
        Some(
            Diagnostic::error(
                SourceRef::new(path, at.line() as u32 + k as u32, found as u32),
                format!(
                    "found `{shown}` with its `-` at column {found}, which YAML reads as more text of the list item above (`{}`); expected a new item's `-` at column {expected}, under the item above's",
                    first.chars().take(40).collect::<String>()
                ),
            )
            .with_hint(format!(
                "for another item, put its `-` at column {expected}; for a sub-list, write the item above as `text: …` with `items:` under it; if the dash belongs to the text, put the item in quotes"
            )),
        )
    })
}

/// Parses YAML text that came from `path` (used for messages only).
pub fn parse_yaml<T: for<'de> Deserialize<'de>>(path: &Path, text: &str) -> Result<T, Diagnostics> {
    serde_saphyr::from_str(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line() as u32, l.column() as u32))
            .unwrap_or((0, 0));
        let raw = e.without_snippet();
        let message = raw.to_string();
        let message = strip_location(message.trim().trim_end_matches('.'));
        let budget = match raw {
            serde_saphyr::Error::Budget { breach, .. } => Some(budget_message(breach)),
            _ => None,
        };
        let d = match budget {
            Some(message) => Diagnostic::error(SourceRef::new(path, line, column), message)
                .with_hint("a report file this large or this deep is most likely generated or broken; a long report can be split into one file per edition"),
            None => explain(path, text, line, column, &message),
        };
        Diagnostics::from(d)
    })
}

/// serde-saphyr's budget breaches in plain words with the limit, never its type names.
fn budget_message(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    let limits = serde_saphyr::Budget::default();
    match breach {
        B::Nodes { .. } => format!(
            "this file has more than {} YAML values (strings, lists and maps), the most Folio reads from one file",
            limits.max_nodes
        ),
        B::Events { .. } => format!(
            "this file has more than {} YAML parts, the most Folio reads from one file",
            limits.max_events
        ),
        B::Depth { .. } => format!(
            "this file nests lists and maps more than {} deep, the most Folio reads",
            limits.max_depth
        ),
        B::Aliases { .. } | B::AliasAnchorRatio { .. } | B::RecordedAnchorEvents { .. } | B::RecordedAnchorBytes { .. } => {
            "this file repeats anchors (`&name`) through aliases (`*name`) far more than a report needs, as a \"billion laughs\" file does; Folio stops reading it".to_string()
        }
        B::Anchors { .. } => format!(
            "this file defines more than {} anchors (`&name`), the most Folio reads",
            limits.max_anchors
        ),
        B::Documents { .. } => format!(
            "this file holds more than {} YAML documents (`---`); a report file holds one",
            limits.max_documents
        ),
        B::ScalarBytes { .. } | B::InputBytes { .. } => {
            "this file's text is larger than Folio reads from one file".to_string()
        }
        B::MergeKeys { .. } => format!(
            "this file has more than {} merge keys (`<<`), the most Folio reads",
            limits.max_merge_keys
        ),
        _ => "this file is larger or more deeply nested than Folio reads from one file".to_string(),
    }
}

/// A YAML parse error as a newcomer can act on it: the parser's words for the common
/// mistakes (an unquoted `: ` in text, a line indented to no level above it, a tab) become
/// what happened and what to write instead; anything else keeps the parser's words.
fn explain(path: &Path, text: &str, line: u32, column: u32, message: &str) -> Diagnostic {
    let lines: Vec<&str> = text.lines().collect();
    let at = |line: u32, column: u32| SourceRef::new(path, line, column);
    // A tab where spaces were expected: the parser may report the line before it.
    if [
        "found a tab",
        "tabs disallowed",
        "tab cannot be used",
        "start with a tab",
    ]
    .iter()
    .any(|m| message.contains(m))
    {
        let from = line.max(1) as usize - 1;
        let tab = lines.iter().enumerate().skip(from).find_map(|(i, l)| {
            let lead = &l[..l.len() - l.trim_start().len()];
            lead.find('\t')
                .map(|b| (i as u32 + 1, lead[..b].chars().count() as u32 + 1))
        });
        if let Some((l, c)) = tab {
            return Diagnostic::error(
                at(l, c),
                "a tab is used for indentation; YAML indents with spaces only",
            )
            .with_culprit("\t")
            .with_hint(
                "replace the tab with spaces, as many as the lines above use for this level",
            );
        }
    }
    let Some(source) = lines.get((line.max(1) - 1) as usize).copied() else {
        return Diagnostic::error(at(line, column), message);
    };
    if message.contains("mapping values are not allowed") {
        let col = crate::diag::byte_at_column(source, column.max(1));
        // `key: text: more` on one line: the value is text holding ': '.
        if let Some(key_end) = source[..col].find(": ") {
            let key = source[..key_end].trim_start();
            let value = source[key_end + 2..].trim();
            return Diagnostic::error(
                at(line, column),
                "this text contains ': ' (a colon and a space), which YAML reads as a new key; expected the text in quotes",
            )
            .with_hint(format!(
                "put the text in quotes: `{key}: \"{}\"`",
                value.replace('"', "\\\"")
            ));
        }
        return indentation(path, &lines, line)
            .unwrap_or_else(|| Diagnostic::error(at(line, column), message));
    }
    // Only in block context: a flow list's "did not find expected ',' or ']'" is no
    // indentation matter.
    if message.contains("did not find expected") && message.contains("block") {
        return indentation(path, &lines, line)
            .unwrap_or_else(|| Diagnostic::error(at(line, column), message));
    }
    if message.contains("unknown field") {
        return unknown_field(at(line, column), message);
    }
    Diagnostic::error(at(line, column), message)
}

/// A line indented to a level nothing above it has (or a list item where a key was due):
/// which indentations the lines above open, and what each would continue.
fn indentation(path: &Path, lines: &[&str], line: u32) -> Option<Diagnostic> {
    let index = line.checked_sub(1)? as usize;
    let this = lines.get(index)?;
    let indent_of = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let n = indent_of(this);
    // The levels the lines above leave open: walking up, each line indented less than every
    // line after it opens one (and a `- ` item opens two: its dash and its content).
    let mut levels: Vec<(usize, usize, String)> = Vec::new();
    let key = |l: &str| l.split(':').next().unwrap_or_default().trim().to_string();
    let mut limit = usize::MAX;
    for (i, l) in lines[..index].iter().enumerate().rev() {
        let trimmed = l.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = indent_of(l);
        if indent > limit {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("- ") {
            let content = indent + 2 + (rest.len() - rest.trim_start().len());
            if content < limit && !rest.trim().is_empty() {
                levels.push((
                    content,
                    i + 1,
                    format!("add a key to the item `{}`", key(rest)),
                ));
            }
            levels.push((indent, i + 1, "start a new item of the list".to_string()));
        } else {
            levels.push((
                indent,
                i + 1,
                format!("add a key beside `{}`", key(trimmed)),
            ));
        }
        limit = indent;
        if indent == 0 {
            break;
        }
    }
    let item = this.trim_start().starts_with("- ");
    let mut options: Vec<&(usize, usize, String)> =
        levels.iter().filter(|(level, _, _)| *level != n).collect();
    options.sort_by_key(|(level, _, _)| level.abs_diff(n));
    options.truncate(2);
    if options.is_empty() {
        return None;
    }
    let spaces = |k: usize| {
        if k == 1 {
            "1 space".to_string()
        } else {
            format!("{k} spaces")
        }
    };
    let expected = options
        .iter()
        .map(|(level, at, what)| format!("{} to {what} on line {at}", spaces(*level)))
        .collect::<Vec<_>>()
        .join(", or ");
    let message = if levels.iter().any(|(level, _, _)| *level == n) && item {
        format!(
            "this list item is indented like the keys above it, where no list can start; expected {expected}"
        )
    } else if levels.iter().any(|(level, _, _)| *level == n) {
        format!(
            "this line is indented by {}, which does not continue the line above it; expected {expected}",
            spaces(n)
        )
    } else {
        format!(
            "this line is indented by {}, which lines up with no line above it; expected {expected}",
            spaces(n)
        )
    };
    Some(
        Diagnostic::error(SourceRef::new(path, line, n as u32 + 1), message)
            .with_hint("YAML reads structure from indentation: items of one list, and keys of one map, start in the same column"),
    )
}

/// serde's "unknown field `x`, expected one of a, b" with the nearest valid name offered.
fn unknown_field(at: SourceRef, message: &str) -> Diagnostic {
    let field = message.split('`').nth(1).unwrap_or_default().to_string();
    let valid: Vec<&str> = message
        .split_once("expected one of ")
        .or_else(|| message.split_once("expected "))
        .map(|(_, list)| list.split(", ").map(|f| f.trim_matches('`')).collect())
        .unwrap_or_default();
    let d = Diagnostic::error(at, message).with_culprit(field.clone());
    match crate::diag::did_you_mean(&field, valid.iter().copied()) {
        Some(near) => d.with_hint(format!("did you mean `{near}`?")),
        None => d,
    }
}

/// serde-saphyr appends "at line X column Y" to messages; the diagnostic already says where.
fn strip_location(message: &str) -> String {
    let mut out = message.to_string();
    if let Some(i) = out.find(" at line ") {
        out.truncate(i);
    }
    out
}

/// Where a spanned value was written.
pub fn at<T>(file: &Path, value: &Spanned<T>) -> SourceRef {
    SourceRef::new(
        file,
        value.referenced.line() as u32,
        value.referenced.column() as u32,
    )
}

impl<'de> Deserialize<'de> for Lines {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Lines, D::Error> {
        struct LinesVisitor;
        impl<'de> Visitor<'de> for LinesVisitor {
            type Value = Lines;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Lines, E> {
                Ok(Lines(vec![Spanned::new(
                    v.to_string(),
                    serde_saphyr::Location::UNKNOWN,
                    serde_saphyr::Location::UNKNOWN,
                )]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Lines, A::Error> {
                let mut lines = Vec::new();
                while let Some(line) = seq.next_element::<Text>()? {
                    lines.push(line);
                }
                Ok(Lines(lines))
            }
        }
        d.deserialize_any(LinesVisitor)
    }
}

impl<'de> Deserialize<'de> for BlockDef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<BlockDef, D::Error> {
        struct BlockVisitor;
        impl<'de> Visitor<'de> for BlockVisitor {
            type Value = BlockDef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a block: `heading: …`, `paragraph: …`, `list: …`, `quote: …`, `table: …`, `figure: …`, `contents` or `page-break`",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<BlockDef, E> {
                Ok(BlockDef::Bare(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<BlockDef, A::Error> {
                BlockMapDef::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|m| BlockDef::Map(Box::new(m)))
            }
        }
        d.deserialize_any(BlockVisitor)
    }
}

impl<'de> Deserialize<'de> for ParagraphDef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ParagraphDef, D::Error> {
        struct ParagraphVisitor;
        impl<'de> Visitor<'de> for ParagraphVisitor {
            type Value = ParagraphDef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a paragraph: its text, or `text:` with `numbered:` or `label:`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ParagraphDef, E> {
                Ok(ParagraphDef::Text(v.to_string()))
            }
            // A paragraph of a number (`2017`) is its text as written, as it was as a string.
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ParagraphDef, E> {
                Ok(ParagraphDef::Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ParagraphDef, E> {
                Ok(ParagraphDef::Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ParagraphDef, E> {
                Ok(ParagraphDef::Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<ParagraphDef, E> {
                Ok(ParagraphDef::Text(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ParagraphDef, A::Error> {
                ParagraphMapDef::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(ParagraphDef::Map)
            }
        }
        d.deserialize_any(ParagraphVisitor)
    }
}

impl<'de> Deserialize<'de> for CellDef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CellDef, D::Error> {
        struct CellVisitor;
        impl<'de> Visitor<'de> for CellVisitor {
            type Value = CellDef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a table cell: a string, or `text:`, `paragraphs:` or `items:` with `colspan:`/`rowspan:`",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CellDef, E> {
                Ok(CellDef::Text(v.to_string()))
            }
            // Numbers and booleans in cells are text as written (`2017`, `1.5`).
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<CellDef, E> {
                Ok(CellDef::Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<CellDef, E> {
                Ok(CellDef::Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<CellDef, E> {
                Ok(CellDef::Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<CellDef, E> {
                Ok(CellDef::Text(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<CellDef, E> {
                Ok(CellDef::Text(String::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CellDef, A::Error> {
                CellMapDef::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|m| CellDef::Map(Box::new(m)))
            }
        }
        d.deserialize_any(CellVisitor)
    }
}

impl<'de> Deserialize<'de> for ItemDef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ItemDef, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = ItemDef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list item: a string, or `text:` with `items:` for a sub-list")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ItemDef, E> {
                Ok(ItemDef::Text(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ItemDef, A::Error> {
                ItemMapDef::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(ItemDef::Map)
            }
        }
        d.deserialize_any(ItemVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, Diagnostics> {
        parse_yaml(Path::new("t.yaml"), text)
    }

    #[test]
    fn reads_blocks_with_positions() {
        let c: ContentDef = parse(
            "title: T\nbody:\n  - heading: H\n    level: 2\n  - paragraph: P\n  - page-break\n  - list:\n      numbered: true\n      items:\n        - a\n        - text: b\n          items: [c, d]\n",
        )
        .unwrap();
        assert_eq!(c.body.len(), 4);
        assert_eq!(c.body[1].referenced.line(), 5);
        match &c.body[0].value {
            BlockDef::Map(m) => {
                assert_eq!(m.heading.as_ref().unwrap().value, "H");
                assert_eq!(m.level.as_ref().unwrap().value, 2);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&c.body[2].value, BlockDef::Bare(s) if s == "page-break"));
        match &c.body[3].value {
            BlockDef::Map(m) => {
                let items = &m.list.as_ref().unwrap().items;
                assert!(matches!(&items[1].value, ItemDef::Map(i) if i.items.len() == 2));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_field_names_it_and_the_valid_ones() {
        let e = parse::<ContentDef>("title: T\nbody:\n  - paragraf: P\n").unwrap_err();
        let d = &e.0[0];
        assert_eq!(d.at.line, 3, "{d}");
        assert!(d.message.contains("paragraf"), "{d}");
        assert!(d.message.contains("paragraph"), "{d}");
    }

    #[test]
    fn parser_jargon_becomes_what_to_write() {
        let e = parse::<ContentDef>("title: T\nbody:\n  - paragraph: Note: text\n").unwrap_err();
        assert!(e.0[0].message.contains("this text contains ': '"), "{e}");
        assert_eq!((e.0[0].at.line, e.0[0].at.column), (3, 20), "{e}");
        assert!(
            e.0[0].hint.as_deref().unwrap().contains("\"Note: text\""),
            "{e}"
        );
        let e = parse::<ContentDef>("title: T\nbody:\n\t- paragraph: P\n").unwrap_err();
        assert!(
            e.0[0].message.contains("a tab is used for indentation"),
            "{e}"
        );
        assert_eq!((e.0[0].at.line, e.0[0].at.column), (3, 1), "{e}");
        let e = parse::<ContentDef>("title: T\nbody:\n  - heading: H\n  level: 2\n").unwrap_err();
        assert!(
            e.0[0]
                .message
                .contains("expected 4 spaces to add a key to the item `heading` on line 3"),
            "{e}"
        );
        let e = parse::<ContentDef>("title: T\nbody:\n  - paragraf: P\n").unwrap_err();
        assert_eq!(
            e.0[0].hint.as_deref(),
            Some("did you mean `paragraph`?"),
            "{e}"
        );
    }

    #[test]
    fn an_item_indented_too_far_is_reported_not_merged() {
        let text = "title: T\nbody:\n  - list:\n      items:\n        - First item\n          - Second item\n        - text: a\n          items:\n            - x\n              -  y\n        - \"quoted\n          - kept\"\n        - Third - item\n";
        let c: ContentDef = parse(text).unwrap();
        let d = merged_items(Path::new("t.yaml"), text, &c);
        let shown = d.to_string();
        assert_eq!(d.0.len(), 2, "{shown}");
        assert!(
            shown.contains("t.yaml:6:11")
                && shown.contains("found `- Second item` with its `-` at column 11")
                && shown.contains("(`First item`)")
                && shown.contains("expected a new item's `-` at column 9"),
            "{shown}"
        );
        assert!(
            shown.contains("t.yaml:10:15") && shown.contains("at column 13"),
            "{shown}"
        );
    }

    #[test]
    fn budget_breaches_are_sentences_with_the_limit() {
        let anchors: String = (0..20).map(|i| format!("a{i}: &a{i} x\n")).collect();
        let aliases: String = (0..400).map(|i| format!("b{i}: *a{}\n", i % 20)).collect();
        let e = parse::<BTreeMap<String, String>>(&format!("{anchors}{aliases}")).unwrap_err();
        let text = e.to_string();
        assert!(
            !text.contains("AliasAnchorRatio") && !text.contains("budget"),
            "{text}"
        );
        assert!(text.contains("repeats anchors"), "{text}");
    }

    #[test]
    fn malformed_yaml_has_a_position() {
        let e = parse::<ReportDef>("id: x\neditions: [\n  - lang: en\n").unwrap_err();
        assert!(e.0[0].at.line >= 2, "{}", e.0[0]);
    }
}
