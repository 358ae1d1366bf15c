//! Table cells with several paragraphs and a list, in English and Arabic, read back as
//! readers do: pdftotext -bbox (order within the row, markers, nothing past the column),
//! pandoc's DOCX reader (paragraphs and a list inside the cell), LibreOffice (converts).

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{build_ok, have, soffice_to_pdf, tool};
use folio::run::{self, RunOptions};
use serde_json::Value;

const EN: &str = r#"title: Cells
body:
  - paragraph: A paragraph before the table.
  - table:
      caption: "Table 1. Cells with paragraphs and lists"
      columns: [1fr, 2fr, 2fr]
      header:
        - [Session, Outcomes, Partners]
      rows:
        - - "RT 3.1"
          - text: "First paragraph of the **outcomes** cell."
            paragraphs: ["Second paragraph, with a note.^[A note from a cell.]"]
            items: ["Alpha item that is long enough to wrap onto a second line", "Beta item", "Gamma item"]
            numbered: true
          - items: ["Bullet one", "Bullet two that is rather longer and wraps"]
        - [RT 3.2, Plain cell, Another]
"#;

const AR: &str = r#"title: خلايا
body:
  - paragraph: فقرة قبل الجدول.
  - table:
      caption: "الجدول 1. خلايا فيها فقرات وقوائم"
      columns: [1fr, 2fr, 2fr]
      header:
        - [الجلسة, النتائج, الشركاء]
      rows:
        - - "المائدة 3.1"
          - text: "الفقرة الأولى من خلية **النتائج**."
            paragraphs: ["الفقرة الثانية، مع حاشية.^[حاشية من خلية.]"]
            items: ["البند الأول وهو طويل بما يكفي ليمتد إلى سطر ثان", "البند الثاني", "البند الثالث"]
            numbered: true
          - items: ["نقطة أولى", "نقطة ثانية أطول قليلا وتمتد"]
        - [المائدة 3.2, خلية عادية, أخرى]
"#;

/// The words, in order, that each edition's rich cells must show: the outcomes cell's
/// paragraphs then items; the partners cell's items.
fn keys(lang: &str) -> (Vec<&'static str>, Vec<&'static str>) {
    match lang {
        "en" => (
            vec![
                "First", "Second", "1.", "Alpha", "second", "2.", "Beta", "3.", "Gamma",
            ],
            vec!["•", "one", "•", "two", "wraps"],
        ),
        _ => (
            vec![
                "الأولى",
                "حاشية",
                "1",
                "يكفي",
                "ثان",
                "2",
                "الثاني",
                "3",
                "الثالث",
            ],
            vec!["•", "أولى", "•", "ثانية", "وتمتد"],
        ),
    }
}

fn write_report(dir: &Path) -> PathBuf {
    std::fs::write(dir.join("en.yaml"), EN).unwrap();
    std::fs::write(dir.join("ar.yaml"), AR).unwrap();
    let report = dir.join("report.yaml");
    std::fs::write(
        &report,
        "id: cells\ndate: 2017-06-30\neditions:\n  - lang: en\n    source: en.yaml\n  - lang: ar\n    source: ar.yaml\n",
    )
    .unwrap();
    report
}

/// Builds both editions in both formats once per test binary.
fn built() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let report = write_report(dir.path());
        let opts = RunOptions {
            out_dir: dir.path().join("out"),
            ..RunOptions::new(&report)
        };
        build_ok(&opts);
        dir
    })
    .path()
}

#[derive(Debug, Clone)]
struct Word {
    x0: f32,
    x1: f32,
    y0: f32,
    text: String,
}

/// The words of the first page as `pdftotext -bbox` reads them.
fn words(pdf: &Path) -> Vec<Word> {
    let (ok, out, err) = tool(
        "pdftotext",
        &["-bbox", "-f", "1", "-l", "1", pdf.to_str().unwrap(), "-"],
    );
    assert!(ok, "{err}");
    let attr = |tag: &str, name: &str| -> f32 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
    };
    out.split("<word ")
        .skip(1)
        .map(|w| {
            let (tag, rest) = w.split_once('>').unwrap();
            Word {
                x0: attr(tag, "xMin"),
                x1: attr(tag, "xMax"),
                y0: attr(tag, "yMin"),
                text: logical(rest.split_once("</word>").unwrap().0),
            }
        })
        .collect()
}

/// pdftotext gives an Arabic word's letters in visual order, right to left: back to the
/// order they are read in.
fn logical(word: &str) -> String {
    match word.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) {
        true => word.chars().rev().collect(),
        false => word.to_string(),
    }
}

fn find<'w>(words: &'w [Word], text: &str) -> &'w Word {
    words
        .iter()
        .find(|w| w.text == text)
        .unwrap_or_else(|| panic!("no word {text:?} in {words:?}"))
}

/// The words inside `bounds` (left, right) and between `top` and `bottom`, in reading
/// order: line by line, then from the start edge.
fn in_column(
    words: &[Word],
    bounds: (f32, f32),
    (top, bottom): (f32, f32),
    rtl: bool,
) -> Vec<Word> {
    let mut out: Vec<Word> = words
        .iter()
        .filter(|w| w.y0 > top && w.y0 < bottom)
        .filter(|w| {
            let mid = (w.x0 + w.x1) / 2.0;
            mid > bounds.0 && mid < bounds.1
        })
        .cloned()
        .collect();
    out.sort_by(|a, b| {
        let line = (a.y0 - b.y0).abs() > 2.0;
        match (line, rtl) {
            (true, _) => a.y0.total_cmp(&b.y0),
            (false, false) => a.x0.total_cmp(&b.x0),
            (false, true) => b.x1.total_cmp(&a.x1),
        }
    });
    out
}

/// Every key found in `words` in order (each after the one before it).
fn assert_in_order(words: &[Word], keys: &[&str], what: &str) {
    let mut from = 0;
    for key in keys {
        let at = words[from..]
            .iter()
            .position(|w| w.text.contains(key))
            .unwrap_or_else(|| {
                panic!(
                    "{what}: {key:?} not found after word {from} in {:?}",
                    words.iter().map(|w| &w.text).collect::<Vec<_>>()
                )
            });
        from += at + 1;
    }
}

#[test]
fn the_pdf_sets_paragraphs_and_lists_in_order_within_their_columns() {
    if !have("pdftotext") {
        return;
    }
    let dir = built();
    let report = dir.join("report.yaml");
    let plan = run::plan(&RunOptions::new(&report)).unwrap_or_else(|e| panic!("{e}"));
    for (edition, layout) in &plan.editions {
        let lang = edition.lang.tag.as_str();
        let rtl = lang == "ar";
        let words = words(&dir.join(format!("out/cells.{lang}.pdf")));
        let page = &layout.page;
        // The text area across the page: the table's outer edges.
        let (left, right) = match rtl {
            false => (page.margin_start.0, page.width.0 - page.margin_end.0),
            true => (page.margin_end.0, page.width.0 - page.margin_start.0),
        };
        let pad = layout.tables.padding.0;
        let heads: Vec<&Word> = match rtl {
            false => ["Session", "Outcomes", "Partners"]
                .map(|h| find(&words, h))
                .to_vec(),
            true => ["الجلسة", "النتائج", "الشركاء"]
                .map(|h| find(&words, h))
                .to_vec(),
        };
        // Column edges from the header cells' start edges (less the padding).
        let (outcomes, partners) = match rtl {
            false => (
                (heads[1].x0 - pad, heads[2].x0 - pad),
                (heads[2].x0 - pad, right),
            ),
            true => (
                (heads[2].x1 + pad, heads[1].x1 + pad),
                (left, heads[2].x1 + pad),
            ),
        };
        let next_row = find(&words, if rtl { "عادية" } else { "Plain" }).y0;
        let rows = (heads[0].y0 + 2.0, next_row - 1.0);
        let (outcome_keys, partner_keys) = keys(lang);
        for (bounds, keys, what) in [
            (outcomes, &outcome_keys, "outcomes"),
            (partners, &partner_keys, "partners"),
        ] {
            let cell = in_column(&words, bounds, rows, rtl);
            assert_in_order(&cell, keys, &format!("{lang} {what}"));
            for w in &cell {
                assert!(
                    w.x0 >= bounds.0 - 0.5 && w.x1 <= bounds.1 + 0.5,
                    "{lang} {what}: {w:?} reaches past the column {bounds:?}"
                );
            }
        }
        // Each marker on its item's first line, on the start side of its text.
        let marker = find(&words, if rtl { "يكفي" } else { "Alpha" });
        let one = in_column(&words, outcomes, rows, rtl)
            .into_iter()
            .find(|w| w.text.contains('1') && (w.y0 - marker.y0).abs() < 2.0)
            .unwrap_or_else(|| panic!("{lang}: no marker 1 on the first item's line"));
        match rtl {
            false => assert!(one.x1 < marker.x0, "{one:?} {marker:?}"),
            true => assert!(one.x0 > marker.x1, "{one:?} {marker:?}"),
        }
        let bullets = in_column(&words, partners, rows, rtl)
            .iter()
            .filter(|w| w.text == "•")
            .count();
        assert_eq!(bullets, 2, "{lang}: the two bullets");
    }
}

#[test]
fn pandoc_reads_the_cells_paragraphs_and_lists() {
    if !have("pandoc") {
        return;
    }
    for lang in ["en", "ar"] {
        let path = built().join(format!("out/cells.{lang}.docx"));
        let (ok, out, err) = tool(
            "pandoc",
            &["-f", "docx", "-t", "json", path.to_str().unwrap()],
        );
        assert!(ok, "{err}");
        let json: Value = serde_json::from_str(&out).unwrap();
        let table = json["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["t"] == "Table")
            .unwrap_or_else(|| panic!("{lang}: no table"));
        // Table: attr caption colspecs head bodies foot; a body: attr rhc head rows;
        // a row: attr cells; a cell: attr align rowspan colspan blocks.
        let row = &table["c"][4][0][3][0][1];
        let kinds = |cell: &Value| -> Vec<String> {
            (cell[4].as_array().unwrap().iter())
                .map(|b| b["t"].as_str().unwrap().replace("Plain", "Para"))
                .collect()
        };
        assert_eq!(
            kinds(&row[1]),
            ["Para", "Para", "OrderedList"],
            "{lang}: {}",
            row[1]
        );
        let ordered = &row[1][4][2]["c"][1];
        assert_eq!(ordered.as_array().unwrap().len(), 3, "{lang}: {ordered}");
        assert_eq!(kinds(&row[2]), ["BulletList"], "{lang}: {}", row[2]);
        assert_eq!(row[2][4][0]["c"].as_array().unwrap().len(), 2);
        // The note in the second paragraph is a real footnote.
        assert!(row[1][4][1].to_string().contains("\"Note\""), "{lang}");
    }
}

#[test]
fn libreoffice_converts_the_docx_with_the_cells_text() {
    if !have("soffice") || !have("pdftotext") {
        return;
    }
    let dir = built();
    let outdir = dir.join("lo");
    let docx: Vec<PathBuf> = ["en", "ar"]
        .iter()
        .map(|l| dir.join(format!("out/cells.{l}.docx")))
        .collect();
    soffice_to_pdf(
        &docx.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
        &outdir,
    );
    for (lang, needles) in [
        ("en", ["Second paragraph", "Gamma item", "Bullet one"]),
        ("ar", ["الفقرة الثانية", "البند الثالث", "نقطة أولى"]),
    ] {
        let pdf = outdir.join(format!("cells.{lang}.pdf"));
        let (ok, text, err) = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        assert!(ok, "{err}");
        for needle in needles {
            assert!(text.contains(needle), "{lang}: {needle:?} in {text}");
        }
    }
}

/// Plans a report whose English table has `rows`; the error text, if any.
fn plan_error(rows: &str) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let edition = format!("title: T\nbody:\n  - table:\n      rows:\n{rows}");
    std::fs::write(dir.path().join("en.yaml"), edition).unwrap();
    std::fs::write(
        dir.path().join("report.yaml"),
        "id: t\neditions:\n  - lang: en\n    source: en.yaml\n",
    )
    .unwrap();
    run::plan(&RunOptions::new(dir.path().join("report.yaml")))
        .err()
        .map(|e| e.to_string())
}

#[test]
fn a_cell_of_only_items_is_fine_and_an_empty_cell_map_is_an_error() {
    assert_eq!(
        plan_error("        - [a, {items: [x, y], numbered: true}]\n"),
        None
    );
    let e = plan_error("        - [a, {colspan: 1}]\n").expect("an empty cell map is an error");
    assert!(
        e.contains("en.yaml:5:15: the cell has no `text`, `paragraphs` or `items`"),
        "{e}"
    );
    let e = plan_error("        - [a, {paragraphs: [], items: [\"  \"]}]\n").expect("errors");
    assert!(
        e.contains("en.yaml:5:28: the cell's `paragraphs` is empty"),
        "{e}"
    );
    assert!(
        e.contains("the cell list item is empty once whitespace is removed"),
        "{e}"
    );
    let e = plan_error("        - [a, {text: b, numbered: true}]\n").expect("errors");
    assert!(e.contains("`numbered` belongs to a cell's `items`"), "{e}");
}

#[test]
fn parity_counts_the_paragraphs_and_lists_of_cells() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path());
    // The Arabic edition drops an item of the numbered list in a cell.
    let ar = AR.replace(", \"البند الثاني\"", "");
    std::fs::write(dir.path().join("ar.yaml"), ar).unwrap();
    let plan = run::plan(&RunOptions::new(&report)).unwrap_or_else(|e| panic!("{e}"));
    let warnings = plan.warnings.to_string();
    assert!(
        warnings.contains("a numbered list of 2 items")
            && warnings.contains("a numbered list of 3 items"),
        "{warnings}"
    );
}
