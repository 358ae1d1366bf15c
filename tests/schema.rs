//! The JSON Schemas (`folio schema`) against the loader they are derived from: every fixture's
//! report and edition files and every shipped layout validate; each bad case the loader
//! rejects, the schema rejects too; and every word a schema offers for a closed set is one
//! the loader accepts. The schemas are checked by an independent validator (the `jsonschema`
//! crate), the YAML read into JSON by serde-saphyr as an editor plugin would read it.

mod common;

use std::path::{Path, PathBuf};

use folio::run::{self, RunOptions};
use serde_json::Value;

use common::*;

fn schema_json(make: fn() -> schemars::Schema) -> Value {
    make().to_value()
}

fn validator(schema: &Value) -> jsonschema::Validator {
    assert!(
        jsonschema::meta::is_valid(schema),
        "the schema is not a valid JSON Schema"
    );
    jsonschema::validator_for(schema).unwrap()
}

fn yaml_to_json(text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap()
}

/// Why `text` fails `schema`, or an empty list.
fn schema_errors(v: &jsonschema::Validator, text: &str) -> Vec<String> {
    let instance = yaml_to_json(text);
    v.iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_schemas_validate_every_fixture_and_every_shipped_layout() {
    let report = validator(&schema_json(folio::schema::report));
    let edition = validator(&schema_json(folio::schema::edition));
    let layout = validator(&schema_json(folio::schema::layout));
    let reports = [
        "fixtures/roundtable-3/report.yaml",
        "fixtures/information-circular/report.yaml",
        "tests/assets/annexes/report.yaml",
    ];
    let mut editions = 0;
    for file in reports {
        let path = root().join(file);
        let text = read(&path);
        let errors = schema_errors(&report, &text);
        assert!(errors.is_empty(), "{file}: {errors:#?}");
        let def = yaml_to_json(&text);
        for entry in def["editions"].as_array().unwrap() {
            let source = entry["source"].as_str().unwrap();
            let path = path.parent().unwrap().join(source);
            let errors = schema_errors(&edition, &read(&path));
            assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
            editions += 1;
        }
    }
    assert_eq!(editions, 18, "six editions in each of three reports");
    let mut layouts = 0;
    for name in folio::layouts::shipped_layouts() {
        let text = folio::starter::shipped_text(name).unwrap();
        let errors = schema_errors(&layout, text);
        assert!(errors.is_empty(), "layout {name}: {errors:#?}");
        layouts += 1;
    }
    assert!(layouts >= 4, "only {layouts} shipped layouts");
    let test_layout = read(&root().join("tests/assets/jobcode-layout.yaml"));
    let errors = schema_errors(&layout, &test_layout);
    assert!(errors.is_empty(), "jobcode-layout.yaml: {errors:#?}");
    // And what `folio init` writes, with every shipped layout and every sample language.
    let langs: Vec<String> = ["en", "fr", "es", "ru", "ar", "zh", "de"]
        .map(String::from)
        .into();
    for name in folio::layouts::shipped_layouts() {
        let dir = Path::new("new");
        for (file, bytes) in folio::starter::init_files(&langs, name, dir).unwrap() {
            let v = match file.as_str() {
                "report.yaml" => &report,
                "layout.yaml" => &layout,
                f if f.ends_with(".yaml") => &edition,
                _ => continue,
            };
            let errors = schema_errors(v, std::str::from_utf8(&bytes).unwrap());
            assert!(
                errors.is_empty(),
                "init --layout {name}: {file}: {errors:#?}"
            );
        }
    }
}

/// A report as `folio init` writes it, English and French, with a layout file of its own:
/// the base every bad case changes one thing in.
fn base() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files = folio::starter::init_files(
        &["en".to_string(), "fr".to_string()],
        "report-a4",
        dir.path(),
    )
    .unwrap();
    folio::starter::write_new(dir.path(), &files).unwrap();
    dir
}

fn schema_for(file: &str) -> Value {
    match file {
        "report.yaml" => schema_json(folio::schema::report),
        "layout.yaml" => schema_json(folio::schema::layout),
        _ => schema_json(folio::schema::edition),
    }
}

/// The loader's errors (`folio check`: read, validate, resolve the layout) for the report in
/// `dir`.
fn loader_diagnostics(dir: &Path) -> Vec<folio::diag::Diagnostic> {
    match run::plan(&RunOptions::new(dir.join("report.yaml"))) {
        Ok(_) => Vec::new(),
        Err(diags) => (diags.0.into_iter())
            .filter(|d| d.severity == folio::diag::Severity::Error)
            .collect(),
    }
}

fn loader_errors(dir: &Path) -> Vec<String> {
    loader_diagnostics(dir)
        .iter()
        .map(|d| d.to_string())
        .collect()
}

/// One bad case: the file changed, what to replace in it and with what (appended when
/// `from` is empty), and what the mistake is.
struct Bad {
    file: &'static str,
    from: &'static str,
    to: &'static str,
    what: &'static str,
}

const fn bad(file: &'static str, from: &'static str, to: &'static str, what: &'static str) -> Bad {
    Bad {
        file,
        from,
        to,
        what,
    }
}

const BAD: &[Bad] = &[
    // Misspelt fields.
    bad("report.yaml", "symbol:", "symbl:", "misspelt report field"),
    bad(
        "report.yaml",
        "    source: en.yaml",
        "    sorce: en.yaml",
        "misspelt edition entry field",
    ),
    bad(
        "en.yaml",
        "subtitle:",
        "subtitel:",
        "misspelt edition field",
    ),
    bad("en.yaml", "- paragraph:", "- paragraf:", "misspelt block"),
    bad(
        "en.yaml",
        "      numbered: true",
        "      numberd: true",
        "misspelt list field",
    ),
    bad(
        "layout.yaml",
        "\npage:",
        "\npaper:",
        "misspelt layout field",
    ),
    bad(
        "layout.yaml",
        "  size: A4",
        "  sise: A4",
        "misspelt page field",
    ),
    bad(
        "layout.yaml",
        "widows: 2",
        "widow: 2",
        "misspelt pagination field",
    ),
    // Wrong types.
    bad(
        "report.yaml",
        "editions:",
        "editions: en\nx-editions:",
        "editions not a list",
    ),
    bad(
        "report.yaml",
        "",
        "paragraph-numbering: sometimes\n",
        "boolean expected",
    ),
    bad(
        "en.yaml",
        "      numbered: true",
        "      numbered: often",
        "boolean expected in a list",
    ),
    bad(
        "en.yaml",
        "title:",
        "title: [a, b]\nx-title:",
        "title a list",
    ),
    bad(
        "en.yaml",
        "        - \"The first point.\"",
        "        - 2017",
        "list item a number",
    ),
    bad(
        "en.yaml",
        "",
        "authors:\n  - name: A\n    affiliation: 2017\n",
        "affiliation a number",
    ),
    bad("layout.yaml", "widows: 2", "widows: two", "number expected"),
    bad(
        "layout.yaml",
        "enabled: true",
        "enabled: sometimes",
        "boolean expected in hyphenation",
    ),
    bad(
        "layout.yaml",
        "\nstyles:",
        "\nstyles: bold\nx-styles:",
        "styles not a map",
    ),
    // Unknown words of a closed set.
    bad("report.yaml", "", "kind: memo\n", "unknown kind"),
    bad(
        "report.yaml",
        "",
        "distribution: public\n",
        "unknown distribution",
    ),
    bad("en.yaml", "", "  - page-brake\n", "unknown bare block word"),
    bad(
        "en.yaml",
        "",
        "  - table:\n      align: [middle]\n      rows: [[a]]\n",
        "unknown column alignment",
    ),
    bad(
        "layout.yaml",
        "weight: bold",
        "weight: heavy",
        "unknown weight",
    ),
    bad(
        "layout.yaml",
        "style: italic",
        "style: oblique",
        "unknown font style",
    ),
    bad(
        "layout.yaml",
        "align: justify",
        "align: full",
        "unknown alignment",
    ),
    bad(
        "layout.yaml",
        "  size: A4",
        "  size: B7",
        "unknown page size",
    ),
    bad(
        "layout.yaml",
        "latin: italic",
        "latin: slanted",
        "unknown emphasis",
    ),
    bad(
        "layout.yaml",
        "  heading-3:",
        "  heading-4:",
        "unknown style name",
    ),
    bad(
        "layout.yaml",
        "",
        "footnotes: { marks: stars }\n",
        "unknown footnote marks",
    ),
    bad(
        "layout.yaml",
        "",
        "pdf-standard: a-3b\n",
        "unknown PDF standard",
    ),
    bad(
        "layout.yaml",
        "position: margin",
        "position: gutter",
        "unknown number position",
    ),
    // Missing required fields, and one of a choice.
    bad("report.yaml", "id:", "x-id:", "report without id"),
    bad(
        "report.yaml",
        "    source: en.yaml",
        "    x: en.yaml",
        "edition without source",
    ),
    bad(
        "report.yaml",
        "    source: en.yaml",
        "    source: en.yaml\n    content: {title: T}",
        "edition with source and content",
    ),
    bad("en.yaml", "title:", "x-title:", "edition without title"),
    bad(
        "en.yaml",
        "      items:",
        "      x-items:",
        "list without items",
    ),
    bad(
        "en.yaml",
        "",
        "  - figure: {alt: A chart}\n",
        "figure without image",
    ),
    bad(
        "en.yaml",
        "",
        "  - table: {columns: [1fr]}\n",
        "table without rows",
    ),
    bad(
        "en.yaml",
        "",
        "  - {heading: H, quote: Q}\n",
        "two kinds in one block",
    ),
    bad("en.yaml", "", "  - {level: 2}\n", "no kind in a block"),
    bad(
        "layout.yaml",
        "",
        "images:\n  - {file: masthead-emblem.png}\n",
        "image without slot",
    ),
];

/// Rewrites the lines that matter so each case's `from` is found: the layout copy's
/// one-line maps are spread out where a case needs one key of them.
fn apply(text: &str, case: &Bad) -> String {
    if case.from.is_empty() {
        return format!("{text}{}", case.to);
    }
    assert!(
        text.contains(case.from),
        "{}: `{}` is not in the base {}",
        case.what,
        case.from,
        case.file
    );
    text.replacen(case.from, case.to, 1)
}

#[test]
fn the_schemas_reject_what_the_loader_rejects() {
    let report = validator(&schema_for("report.yaml"));
    let edition = validator(&schema_for("en.yaml"));
    let layout = validator(&schema_for("layout.yaml"));
    let validator_of = |file: &str| match file {
        "report.yaml" => &report,
        "layout.yaml" => &layout,
        _ => &edition,
    };
    // The base passes both, so that each rejection below is the case's own.
    let dir = base();
    assert_eq!(loader_errors(dir.path()), Vec::<String>::new());
    for file in ["report.yaml", "en.yaml", "fr.yaml", "layout.yaml"] {
        let errors = schema_errors(validator_of(file), &read(&dir.path().join(file)));
        assert!(errors.is_empty(), "base {file}: {errors:#?}");
    }
    let mut disagreements = Vec::new();
    for case in BAD {
        let dir = base();
        let path = dir.path().join(case.file);
        let text = apply(&read(&path), case);
        std::fs::write(&path, &text).unwrap();
        let loader = loader_errors(dir.path());
        let schema = schema_errors(validator_of(case.file), &text);
        if loader.is_empty() || schema.is_empty() {
            disagreements.push(format!(
                "{} ({}): loader {loader:?}, schema {schema:?}",
                case.what, case.file
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "the loader and the schema disagree:\n{}",
        disagreements.join("\n")
    );
}

/// A closed set of words in a schema: `enum`, or `oneOf` of `const`s (with descriptions).
fn words(schema: &Value) -> Vec<String> {
    if let Some(values) = schema["enum"].as_array() {
        return values
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect();
    }
    (schema["oneOf"].as_array().into_iter().flatten())
        .flat_map(words_or_const)
        .collect()
}

fn words_or_const(schema: &Value) -> Vec<String> {
    match schema["const"].as_str() {
        Some(word) => vec![word.to_string()],
        None => words(schema),
    }
}

/// Every word the schemas offer for a closed set (the choices behind `kind`, `weight`,
/// `marks`…, style names and PDF standards) is accepted by the loader where it is written,
/// and a word outside the set is refused by both: the lists cannot drift apart.
#[test]
fn every_word_a_schema_offers_is_one_the_loader_accepts() {
    let report = schema_for("report.yaml");
    let edition = schema_for("en.yaml");
    let layout = schema_for("layout.yaml");
    // (schema, where its words are, the file, YAML with `{v}` where the word goes).
    let sets: &[(&Value, &str, &str, &str)] = &[
        (
            &report,
            "/definitions/DocumentKind",
            "report.yaml",
            "kind: {v}\n",
        ),
        (
            &report,
            "/definitions/Distribution",
            "report.yaml",
            "distribution: {v}\n",
        ),
        (
            &edition,
            "/definitions/ColumnAlign",
            "en.yaml",
            "  - table:\n      rows: [[\"1.5\"]]\n      align:\n        - {v}\n",
        ),
        (
            &edition,
            "/definitions/Block/anyOf/0",
            "en.yaml",
            "  - {v}\n",
        ),
        (
            &layout,
            "/definitions/Weight",
            "layout.yaml",
            "styles:\n  body:\n    weight: {v}\n",
        ),
        (
            &layout,
            "/definitions/FontStyle",
            "layout.yaml",
            "styles:\n  body:\n    style: {v}\n",
        ),
        (
            &layout,
            "/definitions/TextAlign",
            "layout.yaml",
            "styles:\n  body:\n    align: {v}\n",
        ),
        (
            &layout,
            "/properties/styles/propertyNames",
            "layout.yaml",
            "styles:\n  {v}:\n    size: 11pt\n",
        ),
        (
            &layout,
            "/definitions/NoteMarks",
            "layout.yaml",
            "footnotes:\n  marks: {v}\n",
        ),
        (
            &layout,
            "/definitions/NoteRestart",
            "layout.yaml",
            "footnotes:\n  restart: {v}\n",
        ),
        (
            &layout,
            "/definitions/DateStyle",
            "layout.yaml",
            "typography:\n  dates: {v}\n",
        ),
        (
            &layout,
            "/definitions/EmphasisStyle",
            "layout.yaml",
            "emphasis:\n  latin: {v}\n",
        ),
        (
            &layout,
            "/definitions/Slot",
            "layout.yaml",
            "images:\n  - file: masthead-emblem.png\n    width: 5mm\n    alt: An emblem\n    at: {v}\n",
        ),
        (
            &layout,
            "/definitions/PageSet",
            "layout.yaml",
            "images:\n  - file: masthead-emblem.png\n    width: 5mm\n    alt: An emblem\n    at: header-center\n    pages: {v}\n",
        ),
        (
            &layout,
            "/definitions/NumberPosition",
            "layout.yaml",
            "paragraph-numbers:\n  position: {v}\n",
        ),
        (
            &layout,
            "/definitions/PageSize",
            "layout.yaml",
            "page:\n  size: {v}\n",
        ),
        (
            &layout,
            "/properties/pdf-standard",
            "layout.yaml",
            "pdf-standard: {v}\n",
        ),
    ];
    let emblem = folio::assets::EMBEDDED_LAYOUTS
        .iter()
        .find(|(name, _)| *name == "masthead-emblem.png")
        .unwrap()
        .1;
    let mut problems = Vec::new();
    for &(schema, pointer, file, template) in sets {
        let set = schema
            .pointer(pointer)
            .unwrap_or_else(|| panic!("no {pointer} in the schema"));
        let offered = words(set);
        assert!(offered.len() >= 2, "{pointer}: {offered:?}");
        let v = validator(schema);
        for word in offered.iter().map(String::as_str).chain(["no-such-word"]) {
            let dir = base();
            std::fs::write(dir.path().join("masthead-emblem.png"), emblem).unwrap();
            let path = dir.path().join(file);
            let snippet = template.replace("{v}", word);
            // A layout case is a layout of its own, so that its key is not given twice.
            let text = if file == "layout.yaml" {
                snippet.clone()
            } else {
                format!("{}{snippet}", read(&path))
            };
            std::fs::write(&path, &text).unwrap();
            // The snippet's lines, at the end of the file: the loader's errors there are
            // about the word (a style's is at its value, the line after its name).
            let first = text.lines().count() - snippet.lines().count() + 1;
            let loader: Vec<String> = loader_diagnostics(dir.path())
                .into_iter()
                .filter(|d| d.at.file == path && d.at.line as usize >= first)
                .map(|d| d.to_string())
                .collect();
            let schema_ok = schema_errors(&v, &text).is_empty();
            let good = word != "no-such-word";
            if good && (!loader.is_empty() || !schema_ok) {
                problems.push(format!(
                    "{pointer}: `{word}` offered, but loader {loader:?}, schema ok: {schema_ok}"
                ));
            }
            if !good && (loader.is_empty() || schema_ok) {
                problems.push(format!(
                    "{pointer}: `{word}` not refused by both: loader {loader:?}, schema ok: {schema_ok}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `folio schema -o DIR` writes the three files, and they are the schemas above.
#[test]
fn folio_schema_writes_the_three_files() {
    let dir = tempfile::tempdir().unwrap();
    let out: PathBuf = dir.path().join("schemas");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["schema", "-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    for (name, make) in folio::schema::FILES {
        let written: Value = serde_json::from_str(&read(&out.join(name))).unwrap();
        assert_eq!(written, make().to_value(), "{name}");
        assert!(jsonschema::meta::is_valid(&written), "{name}");
    }
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "edition.schema.json",
            "layout.schema.json",
            "report.schema.json"
        ]
    );
}
