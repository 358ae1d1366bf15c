//! Tables on the laid-out pages: a 40-row table runs over pages with its header rows set
//! again at the top of each, in both layouts and in Arabic; no row leaves the text area; the
//! PDF (validated PDF/A-2a + PDF/UA-1 by krilla while it is written) builds.

mod common;

use std::path::Path;

use folio::run::{self, RunOptions};
use folio::typeset::typeset;

/// A report with one 40-row table in English and Arabic.
fn write_report(dir: &Path) -> std::path::PathBuf {
    let rows: String = (1..=40)
        .map(|i| {
            format!(
                "        - [\"Country {i}\", \"Item {i}: a description long enough to wrap onto a second line in its column\", \"{}.5\"]\n",
                i * 1234
            )
        })
        .collect();
    let edition = |title: &str, before: &str| {
        format!(
            "title: {title}\nbody:\n  - paragraph: {before}\n  - table:\n      caption: \"Table 1. Forty rows\"\n      columns: [1fr, 3fr, auto]\n      align: [start, start, decimal]\n      header:\n        - [Country, Description, Amount]\n      rows:\n{rows}  - paragraph: {before}\n"
        )
    };
    std::fs::write(dir.join("en.yaml"), edition("Tables", "A paragraph.")).unwrap();
    std::fs::write(dir.join("ar.yaml"), edition("جداول", "فقرة قصيرة.")).unwrap();
    let report = dir.join("report.yaml");
    std::fs::write(
        &report,
        "id: tables\ndate: 2017-06-30\neditions:\n  - lang: en\n    source: en.yaml\n  - lang: ar\n    source: ar.yaml\n",
    )
    .unwrap();
    report
}

fn text_of(lines: &[folio::typeset::pages::Line]) -> String {
    lines
        .iter()
        .flat_map(|l| l.runs.iter().map(|r| r.text.as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_long_table_repeats_its_header_on_every_page_it_reaches() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path());
    for layout in ["report-a4", "report-letter"] {
        let opts = RunOptions {
            layout: Some(layout.to_string()),
            ..RunOptions::new(&report)
        };
        let plan = run::plan(&opts).unwrap_or_else(|e| panic!("{e}"));
        for (edition, resolved) in &plan.editions {
            let set = typeset(edition, resolved, &plan.fonts);
            let pages = &set.pages.pages;
            let with_rows: Vec<usize> = (0..pages.len())
                .filter(|&p| text_of(&pages[p].lines).contains("Item "))
                .collect();
            assert!(
                with_rows.len() >= 2,
                "{layout} {}: the table should run over pages: {with_rows:?}",
                edition.lang.tag
            );
            // The header is content once, on the first page; an artifact on the others.
            let first = with_rows[0];
            assert!(text_of(&pages[first].lines).contains("Description"));
            assert!(pages[first].repeated.is_empty());
            for &p in &with_rows[1..] {
                let repeated = text_of(&pages[p].repeated);
                assert!(
                    repeated.contains("Country") && repeated.contains("Description"),
                    "{layout} {} page {}: no repeated header: {repeated:?}",
                    edition.lang.tag,
                    p + 1
                );
                assert!(!text_of(&pages[p].lines).contains("Description"));
            }
            // Every row's cells, all forty, once each as content.
            let all: String = pages.iter().map(|p| text_of(&p.lines)).collect();
            for i in 1..=40 {
                assert_eq!(
                    all.matches(&format!("Item {i}:")).count(),
                    1,
                    "{layout} {}: row {i}",
                    edition.lang.tag
                );
            }
            // Rules on every page the table reaches, and no line below the text area.
            let bottom = resolved.page.height.0 - resolved.page.margin_bottom.0;
            for &p in &with_rows {
                assert!(pages[p].rules.len() >= 2, "page {} has no rules", p + 1);
                for line in pages[p].lines.iter().chain(&pages[p].repeated) {
                    assert!(
                        line.baseline.0 <= bottom + 0.01,
                        "a line below the text area"
                    );
                }
            }
            assert_eq!(set.stats.overfull_lines, 0);
            assert_eq!(set.stats.stranded_headings, 0);
        }
    }
}

#[test]
fn arabic_tables_mirror_the_column_order() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path());
    let plan = run::plan(&RunOptions::new(&report)).unwrap_or_else(|e| panic!("{e}"));
    let x_of = |lang: &str, needle: &str| {
        let (edition, layout) = plan
            .editions
            .iter()
            .find(|(e, _)| e.lang.tag == lang)
            .unwrap();
        let set = typeset(edition, layout, &plan.fonts);
        set.pages.pages[0]
            .lines
            .iter()
            .find(|l| l.runs.iter().any(|r| r.text.contains(needle)))
            .map(|l| l.runs[0].x.0)
            .unwrap_or_else(|| panic!("{lang}: {needle} not on page 1"))
    };
    assert!(x_of("en", "Country") < x_of("en", "Description"));
    assert!(x_of("ar", "Country") > x_of("ar", "Description"));
}

#[test]
fn the_pdf_with_a_table_builds_and_validates() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path());
    let opts = RunOptions {
        out_dir: dir.path().join("out"),
        ..RunOptions::new(&report)
    };
    common::build_ok(&opts);
    if common::have("pdftotext") {
        let pdf = dir.path().join("out/tables.en.pdf");
        let (ok, text, err) = common::tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
        assert!(ok, "{err}");
        assert!(
            text.contains("Country 40") && text.contains("49360.5"),
            "{text}"
        );
    }
}

#[test]
fn check_names_a_cell_whose_characters_no_font_has_and_counts_rows_for_parity() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path());
    let en = dir.path().join("en.yaml");
    let text =
        std::fs::read_to_string(&en)
            .unwrap()
            .replacen("[\"Country 3\"", "[\"Country 3 🦀\"", 1);
    std::fs::write(&en, text).unwrap();
    // The Arabic edition loses a row.
    let ar = dir.path().join("ar.yaml");
    let text = std::fs::read_to_string(&ar).unwrap();
    let row = text
        .lines()
        .find(|l| l.contains("\"Country 7\""))
        .unwrap()
        .to_string();
    std::fs::write(&ar, text.replacen(&format!("{row}\n"), "", 1)).unwrap();
    let e = match run::plan(&RunOptions::new(&report)) {
        Ok(_) => panic!("a character no font has must be an error"),
        Err(e) => e.to_string(),
    };
    assert!(
        e.contains("en.yaml:13:") && e.contains("no font can draw '🦀'"),
        "{e}"
    );
    assert!(
        e.contains("ar.yaml") && e.contains("table of 3 columns, 1 header rows and 39 rows"),
        "{e}"
    );
}

#[test]
fn fixed_columns_wider_than_the_text_are_an_error_from_check() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path());
    let en = dir.path().join("en.yaml");
    let text = std::fs::read_to_string(&en)
        .unwrap()
        .replace("columns: [1fr, 3fr, auto]", "columns: [100mm, 80mm, auto]");
    std::fs::write(&en, text).unwrap();
    let e = match run::plan(&RunOptions::new(&report)) {
        Ok(_) => panic!("fixed columns wider than the text must be an error"),
        Err(e) => e.to_string(),
    };
    assert!(
        e.contains("en.yaml:4:5")
            && e.contains("the table's fixed columns take 510pt of a text width of 454pt"),
        "{e}"
    );
}

/// The x where a cell's number has its decimal separator (or ends, for a whole number).
fn separator_x(line: &folio::typeset::pages::Line) -> f32 {
    let run = &line.runs[0];
    let dot = run.text.find(['.', ',']).unwrap_or(run.text.len());
    run.x.0
        + run
            .glyphs
            .iter()
            .filter(|g| (g.text_range.start as usize) < dot)
            .map(|g| g.advance.0)
            .sum::<f32>()
}

#[test]
fn decimal_columns_line_up_on_the_separator() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("en.yaml"),
        "title: Numbers\nbody:\n  - table:\n      columns: [2fr, 1fr]\n      align: [start, decimal]\n      header:\n        - [Item, Amount]\n      rows:\n        - [a, \"1.5\"]\n        - [b, \"12.25\"]\n        - [c, \"100\"]\n        - [d, \"3.125\"]\n",
    )
    .unwrap();
    let report = dir.path().join("report.yaml");
    std::fs::write(
        &report,
        "id: n\neditions:\n  - lang: en\n    source: en.yaml\n",
    )
    .unwrap();
    let plan = run::plan(&RunOptions::new(&report)).unwrap_or_else(|e| panic!("{e}"));
    let (edition, layout) = &plan.editions[0];
    let set = typeset(edition, layout, &plan.fonts);
    let page = &set.pages.pages[0];
    let xs: Vec<f32> = ["1.5", "12.25", "100", "3.125"]
        .iter()
        .map(|n| {
            let line = page
                .lines
                .iter()
                .find(|l| l.runs.len() == 1 && l.runs[0].text == *n)
                .unwrap_or_else(|| panic!("{n} not found"));
            separator_x(line)
        })
        .collect();
    for x in &xs {
        assert!((x - xs[0]).abs() < 0.01, "separators at {xs:?}");
    }
    // The widest fraction ends at the column's end less the padding.
    let widest = page
        .lines
        .iter()
        .find(|l| l.runs.first().is_some_and(|r| r.text == "3.125"))
        .unwrap();
    let end = widest.runs[0].x.0 + widest.runs[0].width().0;
    let column_end = layout.page.width.0 - layout.page.margin_end.0 - layout.tables.padding.0;
    assert!((end - column_end).abs() < 0.5, "{end} against {column_end}");
}
