//! Overfull lines as a reader measures them: the typography report counts lines whose glyphs
//! cross the margins, and `pdftotext -bbox` agrees, on every fixture edition in both layouts
//! (none) and on a report with a word wider than the measure (one).

mod common;

use common::*;
use folio::run::{self, RunOptions};
use folio::typeset::typeset;

/// Words of a PDF (`pdftotext -bbox`) whose boxes cross the text area's left or right edge:
/// (page, word, how far out in points).
fn words_outside(pdf: &str, left: f32, right: f32) -> Vec<(usize, String, f32)> {
    let (ok, html, err) = tool("pdftotext", &["-bbox", pdf, "-"]);
    assert!(ok, "{err}");
    let mut page = 0;
    let mut out = Vec::new();
    for line in html.lines() {
        if line.trim_start().starts_with("<page") {
            page += 1;
        }
        let Some(rest) = line.trim_start().strip_prefix("<word ") else {
            continue;
        };
        let attr = |name: &str| -> f32 {
            let at = rest.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            rest[at..rest[at..].find('"').unwrap() + at]
                .parse()
                .unwrap()
        };
        let word = rest[rest.find('>').unwrap() + 1..rest.find("</word>").unwrap()].to_string();
        let (x0, x1) = (attr("xMin"), attr("xMax"));
        // Half a point of slack: poppler's boxes come from font metrics, not ink.
        if x0 < left - 0.5 || x1 > right + 0.5 {
            out.push((page, word, (left - x0).max(x1 - right)));
        }
    }
    out
}

#[test]
fn fixture_lines_stay_inside_the_margins_and_the_report_agrees() {
    if !have("pdftotext") {
        return;
    }
    for layout in ["report-a4", "report-letter"] {
        let plan = fixture_plan(layout);
        for (edition, resolved) in &plan.editions {
            let lang = &edition.lang.tag;
            let set = typeset(edition, resolved, &plan.fonts);
            let page = &resolved.page;
            let (left, right) = (page.margin_start.0, (page.width - page.margin_end).0);
            let pdf = out(layout, &format!("roundtable-3.{lang}.pdf"));
            let outside = words_outside(pdf.to_str().unwrap(), left, right);
            assert!(
                outside.is_empty(),
                "{layout} {lang}: words past the margins: {outside:?}"
            );
            assert_eq!(set.stats.overfull_lines, 0, "{layout} {lang}");
        }
    }
}

#[test]
fn a_word_wider_than_the_measure_is_counted_where_the_reader_sees_it() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.yaml");
    // Digits: no hyphenation point, no break opportunity.
    let long = "1234567890".repeat(9);
    std::fs::write(
        &report,
        format!(
            "id: wide\neditions:\n  - lang: en\n    content:\n      title: Wide\n      body:\n        - paragraph: \"A short start, then {long} and an end.\"\n"
        ),
    )
    .unwrap();
    let plan = run::plan(&RunOptions::new(&report)).unwrap_or_else(|e| panic!("{e}"));
    let (edition, layout) = &plan.editions[0];
    let set = typeset(edition, layout, &plan.fonts);
    assert_eq!(
        set.stats.overfull_lines, 1,
        "the report counts the one line"
    );
    let out = dir.path().join("out");
    let opts = RunOptions {
        out_dir: out.clone(),
        ..RunOptions::new(&report)
    };
    run::build(&opts).unwrap_or_else(|e| panic!("{e}"));
    let page = &layout.page;
    let outside = words_outside(
        out.join("wide.en.pdf").to_str().unwrap(),
        page.margin_start.0,
        (page.width - page.margin_end).0,
    );
    assert_eq!(
        outside.len(),
        1,
        "the reader sees one word outside: {outside:?}"
    );
    assert!(outside[0].1.starts_with("12345"), "{outside:?}");
}
