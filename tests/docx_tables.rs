//! Tables in the DOCX editions, read back the way their readers do: pandoc's DOCX reader,
//! python-docx, LibreOffice (then pdftotext), and the XML itself.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{build_ok, have, have_python_docx, soffice_to_pdf, tool};
use folio::run::{Format, RunOptions};
use serde_json::Value;

const REPORT: &str = r#"
id: tables
date: 2017-06-30
editions:
  - lang: en
    content:
      title: Sessions
      body:
        - paragraph: The sessions of the roundtable.
        - table:
            caption: "Table 1. The two sessions of Roundtable 3"
            columns: [1fr, 3fr, 30mm, auto]
            align: [start, center, start, decimal]
            header:
              - [Session, Theme, Co-chairs, Rapporteur]
            rows:
              - ["RT 3.1", "Migrants in situations of crises", "Philippines and Ethiopia", Morocco]
              - [{ text: "RT 3.2", rowspan: 2 }, Principles, Mexico, Canada]
              - [{ text: "(continued)", colspan: 3 }]
        - paragraph: After the table.
  - lang: ar
    content:
      title: الجلسات
      body:
        - paragraph: جلسات المائدة المستديرة.
        - table:
            caption: "الجدول 1. جلستا المائدة المستديرة 3"
            header:
              - [الجلسة, الموضوع]
            rows:
              - ["3.1", "المهاجرون في حالات الأزمات"]
              - ["3.2", "المبادئ"]
"#;

/// The English rows as pandoc should read them: (text, rowspan, colspan) per cell.
fn expected_rows() -> Vec<Vec<(&'static str, u64, u64)>> {
    vec![
        vec![
            ("Session", 1, 1),
            ("Theme", 1, 1),
            ("Co-chairs", 1, 1),
            ("Rapporteur", 1, 1),
        ],
        vec![
            ("RT 3.1", 1, 1),
            ("Migrants in situations of crises", 1, 1),
            ("Philippines and Ethiopia", 1, 1),
            ("Morocco", 1, 1),
        ],
        vec![
            ("RT 3.2", 2, 1),
            ("Principles", 1, 1),
            ("Mexico", 1, 1),
            ("Canada", 1, 1),
        ],
        vec![("(continued)", 1, 3)],
    ]
}

/// Builds the report's DOCX editions once per test binary.
fn built() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("report.yaml");
        std::fs::write(&report, REPORT).unwrap();
        let opts = RunOptions {
            out_dir: dir.path().join("out"),
            formats: vec![Format::Docx],
            ..RunOptions::new(&report)
        };
        build_ok(&opts);
        dir
    })
    .path()
}

fn docx(lang: &str) -> PathBuf {
    built().join(format!("out/tables.{lang}.docx"))
}

fn document_xml(lang: &str) -> String {
    part(lang, "word/document.xml")
}

fn part(lang: &str, name: &str) -> String {
    let file = std::fs::File::open(docx(lang)).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
    xml
}

/// Plain text of pandoc inlines.
fn text(v: &Value) -> String {
    match v {
        Value::Object(m) => match m.get("t").and_then(Value::as_str) {
            Some("Str") => m["c"].as_str().unwrap().to_owned(),
            Some("Space") => " ".into(),
            _ => m.get("c").map(text).unwrap_or_default(),
        },
        Value::Array(items) => items.iter().map(text).collect(),
        _ => String::new(),
    }
}

/// pandoc's `Row`: `[attr, [cell]]`, a cell `[attr, align, rowspan, colspan, blocks]`.
fn row(v: &Value) -> Vec<(String, u64, u64)> {
    v[1].as_array()
        .unwrap()
        .iter()
        .map(|c| (text(&c[4]), c[2].as_u64().unwrap(), c[3].as_u64().unwrap()))
        .collect()
}

#[test]
fn pandoc_reads_the_table_with_its_rows_cells_and_spans() {
    if !have("pandoc") {
        return;
    }
    let path = docx("en");
    let (ok, out, err) = tool(
        "pandoc",
        &["-f", "docx", "-t", "json", path.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    let blocks = json["blocks"].as_array().unwrap();
    let tables: Vec<&Value> = blocks.iter().filter(|b| b["t"] == "Table").collect();
    assert_eq!(tables.len(), 1, "{blocks:?}");
    // Table attr caption colspecs head bodies foot.
    let table = &tables[0]["c"];
    assert_eq!(table[2].as_array().unwrap().len(), 4, "four columns");
    let mut rows: Vec<Vec<(String, u64, u64)>> =
        table[3][1].as_array().unwrap().iter().map(row).collect();
    assert_eq!(rows.len(), 1, "one header row");
    for body in table[4].as_array().unwrap() {
        rows.extend(body[3].as_array().unwrap().iter().map(row));
    }
    let expected: Vec<Vec<(String, u64, u64)>> = expected_rows()
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|(t, a, b)| (t.to_owned(), a, b))
                .collect()
        })
        .collect();
    assert_eq!(rows, expected);
    // Widths: 30mm fixed, then 1fr, 3fr and auto (as 1fr) share the rest of 160mm.
    let widths: Vec<f64> = table[2]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[1]["c"].as_f64().unwrap())
        .collect();
    for (w, mm) in widths.iter().zip([26.0, 78.0, 30.0, 26.0]) {
        assert!((w - mm / 160.0).abs() < 0.002, "{widths:?}");
    }
    // The caption is a paragraph just before the table.
    let at = blocks.iter().position(|b| b["t"] == "Table").unwrap();
    assert!(
        text(&blocks[at - 1]).contains("Table 1."),
        "{:?}",
        blocks[at - 1]
    );
}

#[test]
fn python_docx_finds_repeated_header_rows() {
    if !have_python_docx() {
        return;
    }
    let script = r#"
import sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
for t in d.tables:
    flags = []
    for tr in t._tbl.tr_lst:
        trPr = tr.trPr
        flags.append('H' if trPr is not None and trPr.find(qn('w:tblHeader')) is not None else '-')
    print(''.join(flags), t.cell(0, 0).text, t.cell(1, len(t.columns) - 1).text)
"#;
    for (lang, expected) in [
        ("en", "H--- Session Morocco"),
        ("ar", "H-- الجلسة المهاجرون في حالات الأزمات"),
    ] {
        let path = docx(lang);
        let (ok, out, err) = tool("python3", &["-c", script, path.to_str().unwrap()]);
        assert!(ok, "{err}");
        assert_eq!(out.trim(), expected, "{lang}");
    }
}

#[test]
fn libreoffice_renders_every_cell() {
    if !have("soffice") || !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let en = docx("en");
    soffice_to_pdf(&[&en], dir.path());
    let pdf = dir.path().join("tables.en.pdf");
    let (ok, text, err) = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(ok, "{err}");
    let words = common::words(&text);
    for cell in expected_rows().iter().flatten() {
        for word in common::words(cell.0) {
            assert!(words.contains(&word), "{word} not in {text}");
        }
    }
    assert!(text.contains("Table 1."), "{text}");
}

#[test]
fn table_xml_has_grid_header_spans_rules_and_direction() {
    let en = document_xml("en");
    let tbl = &en[en.find("<w:tbl>").unwrap()..en.find("</w:tbl>").unwrap()];
    // Text width of A4 with 25 mm margins: 160 mm = 9071 twips; the grid adds up to it.
    assert!(
        tbl.contains(r#"<w:tblW w:w="9071" w:type="dxa" />"#),
        "{tbl}"
    );
    let grid: Vec<i32> = tbl
        .split(r#"<w:gridCol w:w=""#)
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
        .collect();
    assert_eq!(grid.iter().sum::<i32>(), 9071, "{grid:?}");
    assert_eq!(grid[2], 1701, "30 mm");
    assert_eq!(tbl.matches("<w:tblHeader />").count(), 1);
    assert!(
        !tbl.contains("<w:cantSplit />"),
        "rows may split by default"
    );
    assert!(tbl.contains(r#"<w:gridSpan w:val="3" />"#));
    assert!(tbl.contains(r#"<w:vMerge w:val="restart" />"#));
    assert_eq!(
        tbl.matches("<w:vMerge />").count(),
        1,
        "one continuing cell"
    );
    // Rules: 0.75 pt above and below, 0.5 pt under the header, nothing else.
    assert!(tbl.contains(r#"<w:top w:val="single" w:sz="6""#));
    assert!(tbl.contains(r#"<w:bottom w:val="single" w:sz="6""#));
    assert!(tbl.contains(r#"<w:insideV w:val="nil" />"#));
    assert!(tbl.contains(r#"<w:insideH w:val="nil" />"#));
    assert_eq!(
        tbl.matches(r#"<w:bottom w:val="single" w:sz="4""#).count(),
        4
    );
    assert!(
        tbl.contains(r#"<w:left w:w="60" w:type="dxa" />"#),
        "3pt padding"
    );
    // Header and body styles, column alignment (decimal set flush end).
    assert_eq!(
        tbl.matches(r#"<w:pStyle w:val="TableHeading" />"#).count(),
        4
    );
    assert!(tbl.contains(r#"<w:pStyle w:val="TableContents" />"#));
    assert!(tbl.contains(r#"<w:jc w:val="center" />"#));
    assert!(tbl.contains(r#"<w:jc w:val="right" />"#));
    assert!(!tbl.contains("<w:bidiVisual />"));
    // The caption before it, kept with it.
    let before = &en[..en.find("<w:tbl>").unwrap()];
    let caption = &before[before.rfind("<w:p ").unwrap()..];
    assert!(
        caption.contains(r#"<w:pStyle w:val="Caption" />"#),
        "{caption}"
    );
    let styles = part("en", "word/styles.xml");
    let style = &styles[styles.find(r#"w:styleId="Caption""#).unwrap()..];
    let style = &style[..style.find("</w:style>").unwrap()];
    assert!(
        caption.contains("<w:keepNext />") || style.contains("<w:keepNext />"),
        "{caption}"
    );
    assert!(
        !caption.contains(r#"<w:keepNext w:val="0" />"#),
        "{caption}"
    );

    let ar = document_xml("ar");
    let tbl = &ar[ar.find("<w:tbl>").unwrap()..ar.find("</w:tbl>").unwrap()];
    assert!(tbl.contains("<w:bidiVisual />"), "{tbl}");
}
