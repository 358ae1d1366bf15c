//! JSON Schemas of the report, edition and layout files (`folio schema`, `folio init`), derived
//! by schemars from the very `*Def` types the loader deserialises, so that they cannot drift.
//!
//! serde-saphyr's `Spanned<T>` is a foreign type, so it cannot implement the foreign
//! `JsonSchema` trait here; each spanned field says `#[schemars(with = …)]` with its inner
//! type instead (`Spanned<T>` is read exactly as `T`). Closed sets of words that the loader
//! checks after reading (`kind`, `weight`, `marks`…) are described by the small enums below,
//! so that an editor offers them; `tests/schema.rs` checks that the loader accepts every
//! word they list and that the schema rejects what the loader rejects.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::Value;

use crate::definition::{
    BlockDef, BlockMapDef, CellDef, CellMapDef, ContentDef, ItemDef, ItemMapDef, Lines,
    ParagraphDef, ParagraphMapDef, ReportDef,
};
use crate::layouts::{LayoutDef, StyleName};

/// The schema files `folio schema` writes, in this order, and where `folio init` points the
/// files it writes (`.folio/<name>`).
pub const FILES: [(&str, Make); 3] = [
    ("report.schema.json", report),
    ("edition.schema.json", edition),
    ("layout.schema.json", layout),
];

/// Makes one schema.
pub type Make = fn() -> Schema;

/// The folder, beside report.yaml, that `folio init` writes the schemas into.
pub const DIR: &str = ".folio";

/// The schema of report.yaml.
pub fn report() -> Schema {
    root::<ReportDef>("Folio report definition (report.yaml)")
}

/// The schema of an edition file (`source:` of an edition): its content.
pub fn edition() -> Schema {
    root::<ContentDef>("Folio edition file")
}

/// The schema of a layout file.
pub fn layout() -> Schema {
    root::<LayoutDef>("Folio layout")
}

/// Draft 7: the draft every YAML editor plugin understands.
fn root<T: JsonSchema>(title: &str) -> Schema {
    let mut schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    schema
}

/// The schema as the text of a file: pretty JSON ending with a newline.
pub fn to_text(schema: &Schema) -> String {
    let mut text = serde_json::to_string_pretty(schema).expect("a schema is JSON");
    text.push('\n');
    text
}

/// `folio schema -o DIR`: writes the three schema files into `dir` (replacing older ones,
/// through the output folder's atomic writes) and returns their paths.
pub fn write(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let out = crate::run::output::OutputDir::open(dir)?;
    let mut written = Vec::new();
    for (name, make) in FILES {
        let staged = out.stage(name, to_text(&make()).as_bytes())?;
        out.commit(staged)?;
        written.push(out.path(name));
    }
    out.sync();
    Ok(written)
}

/// Text as the loader reads it into a string: YAML reads an unquoted `2017` or `true` as
/// a number or a boolean, and Folio takes it as the text written.
pub struct Text;

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["string", "number", "boolean"] })
    }
}

impl JsonSchema for Lines {
    fn schema_name() -> Cow<'static, str> {
        "Lines".into()
    }

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        // One line is read as a string only; the lines of a list as `Text`.
        let text = g.subschema_for::<Text>();
        json_schema!({
            "description": "One line, or a list of lines.",
            "anyOf": [{ "type": "string" }, { "type": "array", "items": text }]
        })
    }
}

impl JsonSchema for BlockDef {
    fn schema_name() -> Cow<'static, str> {
        "Block".into()
    }

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let map = g.subschema_for::<BlockMapDef>();
        json_schema!({
            "description": "A body block: `heading`, `paragraph`, `list`, `quote`, `table`, `figure` or `contents`, or the bare word `page-break` or `contents`.",
            "anyOf": [{ "enum": ["page-break", "contents"] }, map]
        })
    }
}

/// A block map holds exactly one kind of block: every field but `level` (the heading's) is
/// a kind, as `model::validate` requires.
pub fn one_block_kind(schema: &mut Schema) {
    let kinds: Vec<Value> = (schema.get("properties").and_then(Value::as_object))
        .into_iter()
        .flat_map(|p| p.keys())
        .filter(|k| *k != "level")
        .map(|kind| serde_json::json!({ "required": [kind] }))
        .collect();
    schema.insert("oneOf".into(), Value::Array(kinds));
}

/// An edition has either a `source` file or inline `content`, as `model::validate` requires.
pub fn source_or_content(schema: &mut Schema) {
    schema.insert(
        "oneOf".into(),
        serde_json::json!([{ "required": ["source"] }, { "required": ["content"] }]),
    );
}

impl JsonSchema for ParagraphDef {
    fn schema_name() -> Cow<'static, str> {
        "Paragraph".into()
    }

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let text = g.subschema_for::<Text>();
        let map = g.subschema_for::<ParagraphMapDef>();
        json_schema!({
            "description": "The paragraph's text, or `text:` with `numbered:` or `label:`.",
            "anyOf": [text, map]
        })
    }
}

impl JsonSchema for CellDef {
    fn schema_name() -> Cow<'static, str> {
        "Cell".into()
    }

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let text = g.subschema_for::<Text>();
        let map = g.subschema_for::<CellMapDef>();
        json_schema!({
            "description": "A table cell: its text (empty when left blank), or `text:`, `paragraphs:` or `items:` with `colspan:`/`rowspan:`.",
            "anyOf": [text, { "type": "null" }, map]
        })
    }
}

impl JsonSchema for ItemDef {
    fn schema_name() -> Cow<'static, str> {
        "Item".into()
    }

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let map = g.subschema_for::<ItemMapDef>();
        json_schema!({
            "description": "A list item: its text, or `text:` with `items:` for a sub-list.",
            "anyOf": [{ "type": "string" }, map]
        })
    }
}

/// `styles:` — a style for each name the layout format knows (`StyleName`).
pub fn styles(g: &mut SchemaGenerator) -> Schema {
    let style = g.subschema_for::<crate::layouts::StyleDef>();
    let names: Vec<&str> = (StyleName::ALL.iter().chain(&StyleName::MASTHEAD))
        .map(|n| n.key())
        .collect();
    json_schema!({
        "description": "Named paragraph styles; each unset field falls back to the built-in style, then to `body`.",
        "type": "object",
        "propertyNames": { "enum": names },
        "additionalProperties": style
    })
}

/// `pdf-standard:` — one of `PdfStandard::ALL`.
pub fn pdf_standard(_: &mut SchemaGenerator) -> Schema {
    let names: Vec<&str> = crate::export::pdf::PdfStandard::ALL
        .iter()
        .map(|s| s.name())
        .collect();
    json_schema!({
        "description": "PDF standard: `a-2a+ua-1` (default), `a-2a`, `a-2b`, `ua-1` or `none`.",
        "enum": names
    })
}

/// `margins:` — `left`/`inside` are read as `start` and `right`/`outside` as `end` (serde
/// aliases, which schemars does not describe).
pub fn margin_aliases(schema: &mut Schema) {
    let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for (alias, field) in [
        ("left", "start"),
        ("inside", "start"),
        ("right", "end"),
        ("outside", "end"),
    ] {
        if let Some(inner) = props.get(field).cloned() {
            props.insert(alias.into(), inner);
        }
    }
}

/// `kind:` of a report.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    Report,
    InformationCircular,
}

/// `distribution:` — the masthead's "Distr." line.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Distribution {
    General,
    Limited,
    Restricted,
}

/// A table column's alignment (`left` and `right` are read as `start` and `end`).
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ColumnAlign {
    Start,
    Center,
    End,
    Decimal,
    Left,
    Right,
}

/// A style's `weight`.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Weight {
    Normal,
    Bold,
}

/// A style's `style`.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FontStyle {
    Normal,
    Italic,
}

/// A style's `align` (`left` and `right` are read as `start` and `end`).
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TextAlign {
    Start,
    Center,
    End,
    Justify,
    Left,
    Right,
}

/// Footnote marks: 1, 2, 3 or *, **, ***.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NoteMarks {
    Numbers,
    Symbols,
}

/// Where a link's URL is printed.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LinkUrls {
    Inline,
    Footnote,
}

/// Where footnote numbering starts again.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NoteRestart {
    Document,
    Page,
}

/// How dates are written.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DateStyle {
    Un,
    Locale,
}

/// How emphasis is shown in a script.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EmphasisStyle {
    Italic,
    Bold,
    Dots,
    Underline,
}

/// A header or footer slot an image or the bar code takes.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Slot {
    HeaderLeft,
    HeaderCenter,
    HeaderRight,
    FooterLeft,
    FooterCenter,
    FooterRight,
}

/// The pages an image or the bar code is on.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PageSet {
    First,
    All,
    Rest,
}

/// Where paragraph numbers hang.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NumberPosition {
    Margin,
    Indent,
}

/// A named page size (any case); or give `width` and `height`.
#[derive(JsonSchema)]
pub enum PageSize {
    A4,
    A5,
    A3,
    Letter,
    Legal,
}

#[derive(clap::Args, Debug)]
pub struct SchemaArgs {
    /// Folder to write report.schema.json, edition.schema.json and layout.schema.json into.
    #[arg(short, long, default_value = DIR)]
    output: PathBuf,
}

/// `folio schema`: writes the schemas (by default into `.folio/`, where `folio init`'s files
/// look for them, so that running it again after upgrading Folio refreshes them).
pub fn command(args: SchemaArgs) -> std::process::ExitCode {
    match write(&args.output) {
        Ok(written) => {
            for path in written {
                println!("{}", path.display());
            }
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
