//! Right-to-left DOCX furniture as LibreOffice renders it, against Folio's PDF, both read with
//! `pdftotext -bbox`: the paragraph numbers of the Arabic circular hang in the right margin in
//! both, and the Arabic `n/N` footer reads page then count, left to right, in both.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use folio::layouts::Layout;
use folio::run::{self, RunOptions};

/// Builds the Arabic edition of `report` with `layout` into `dir/out`, renders its DOCX with
/// LibreOffice (Folio's fonts) into `dir/lo`; returns Folio's PDF, LibreOffice's and the layout.
fn build_ar(report: &Path, layout: &str, dir: &Path) -> (PathBuf, PathBuf, Layout) {
    let opts = RunOptions {
        out_dir: dir.join("out"),
        langs: Some(vec!["ar".into()]),
        layout: Some(layout.into()),
        ..RunOptions::new(report)
    };
    build_ok(&opts);
    let plan = run::plan(&opts).unwrap();
    let layout = plan.editions[0].1.clone();
    // The report's id names the files: the one DOCX built.
    let docx = (std::fs::read_dir(dir.join("out")).unwrap())
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "docx"))
        .unwrap();
    let name = docx.with_extension("pdf");
    let name = name.file_name().unwrap();
    let lo = dir.join("lo");
    std::fs::create_dir_all(&lo).unwrap();
    soffice_to_pdf_with_fonts(&[&docx], &lo);
    (dir.join("out").join(name), lo.join(name), layout)
}

/// The numbers printed right of the text area (the start margin of a right-to-left page),
/// between the top and bottom margins, in reading order.
fn right_margin_numbers(pdf: &Path, layout: &Layout) -> Vec<u32> {
    let page = &layout.page;
    let right = page.width.0 - page.margin_start.0;
    let (top, bottom) = (page.margin_top.0, page.height.0 - page.margin_bottom.0);
    let mut found: Vec<(usize, f32, u32)> = bbox_words(pdf)
        .into_iter()
        .filter(|w| w.x0 > right + 1.0 && w.y > top - 20.0 && w.y < bottom)
        .filter_map(|w| {
            let digits: String = w.text.chars().filter(char::is_ascii_digit).collect();
            Some((w.page, w.y, digits.parse().ok()?))
        })
        .collect();
    found.sort_by(|a, b| (a.0, a.1).partial_cmp(&(b.0, b.1)).unwrap());
    found.into_iter().map(|(.., n)| n).collect()
}

#[test]
fn arabic_paragraph_numbers_hang_in_the_right_margin_in_both_formats() {
    if !have("pdftotext") || !have("soffice") {
        return;
    }
    let report = root().join("fixtures/information-circular/report.yaml");
    for layout in ["un-official", "un-official-letter"] {
        let dir = tempfile::tempdir().unwrap();
        let (ours, theirs, l) = build_ar(&report, layout, dir.path());
        // The circular numbers its eight paragraphs.
        let expected: Vec<u32> = (1..=8).collect();
        assert_eq!(
            right_margin_numbers(&ours, &l),
            expected,
            "{layout}: Folio's PDF"
        );
        assert_eq!(
            right_margin_numbers(&theirs, &l),
            expected,
            "{layout}: LibreOffice's rendering of the DOCX"
        );
    }
}

/// Each page's footer below the bottom margin, its words left to right as a reader sees them.
fn footers(pdf: &Path, layout: &Layout) -> Vec<String> {
    let bottom = layout.page.height.0 - layout.page.margin_bottom.0;
    let all = bbox_words(pdf);
    let pages = all.iter().map(|w| w.page).max().unwrap_or(0);
    (1..=pages)
        .map(|p| {
            let mut on: Vec<&Word> = all.iter().filter(|w| w.page == p && w.y > bottom).collect();
            on.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let mut text = String::new();
            let mut last: Option<f32> = None;
            for w in on {
                if last.is_some_and(|x1| w.x0 - x1 > 2.0) {
                    text.push(' ');
                }
                text.push_str(&w.text);
                last = Some(w.x1);
            }
            text
        })
        .collect()
}

#[test]
fn arabic_page_n_of_n_reads_page_then_count_in_both_formats() {
    if !have("pdftotext") || !have("soffice") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (ours, theirs, l) = build_ar(&fixture(), "un-official", dir.path());
    for pdf in [&ours, &theirs] {
        let footers = footers(pdf, &l);
        let count = footers.len();
        assert!(count >= 3, "{}: {count} pages", pdf.display());
        // Page 1 carries the first-page footer (no job here: none); later pages `n/N`.
        for (i, footer) in footers.iter().enumerate().skip(1) {
            assert_eq!(
                footer.trim(),
                format!("{}/{count}", i + 1),
                "{}: page {}",
                pdf.display(),
                i + 1
            );
        }
    }
}
