//! Figures: an image (PNG or JPEG) with required alternative text and an optional caption, in
//! the PDF as a tagged `Figure` with `Alt` and in the DOCX as an inline picture with its
//! description; errors name the file, line and column.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use folio::run::{self, RunOptions};

/// A report whose English and Arabic editions hold the emblem as a figure (`figure` is the
/// YAML of the block's fields).
fn write_report(dir: &Path, figure: &str) -> PathBuf {
    for name in ["emblem.png", "emblem.jpg"] {
        std::fs::copy(root().join("tests/assets").join(name), dir.join(name)).unwrap();
    }
    let edition = |title: &str, text: &str| {
        format!(
            "title: {title}\nbody:\n  - paragraph: {text}\n  - figure:\n{figure}  - paragraph: {text}\n"
        )
    };
    std::fs::write(dir.join("en.yaml"), edition("Figures", "A paragraph.")).unwrap();
    std::fs::write(dir.join("ar.yaml"), edition("أشكال", "فقرة قصيرة.")).unwrap();
    let report = dir.join("report.yaml");
    std::fs::write(
        &report,
        "id: figs\ndate: 2017-06-30\neditions:\n  - lang: en\n    source: en.yaml\n  - lang: ar\n    source: ar.yaml\n",
    )
    .unwrap();
    report
}

const EMBLEM: &str = "      image: emblem.png\n      alt: A globe of meridians and parallels between two arcs\n      width: 40mm\n      caption: \"Figure 1. The emblem\"\n";

fn build(report: &Path, out: &Path) -> run::BuildResult {
    let opts = RunOptions {
        out_dir: out.to_path_buf(),
        ..RunOptions::new(report)
    };
    let result = run::build(&opts).unwrap_or_else(|e| panic!("{e}"));
    assert!(!result.failed, "{:?}", result.warnings);
    result
}

#[test]
fn a_figure_is_an_image_tagged_with_its_alt_text_in_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path(), EMBLEM);
    let out = dir.path().join("out");
    build(&report, &out);
    for lang in ["en", "ar"] {
        let pdf = out.join(format!("figs.{lang}.pdf"));
        if have("pdfimages") {
            let (ok, list, err) = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
            assert!(ok, "{err}");
            // Header, rule, one image (plus its soft mask for the PNG's transparency).
            let images: Vec<&str> = list
                .lines()
                .skip(2)
                .filter(|l| l.contains(" image "))
                .collect();
            assert_eq!(images.len(), 1, "{list}");
            assert!(
                images[0].contains(" 240 "),
                "the image keeps its 240 pixels: {list}"
            );
        }
        if have("qpdf") {
            let (ok, json, err) = tool("qpdf", &["--json", pdf.to_str().unwrap()]);
            assert!(ok, "{err}");
            assert!(json.contains("/Figure"), "no Figure element");
            assert!(
                json.contains("A globe of meridians and parallels between two arcs"),
                "no Alt text"
            );
        }
        if have("pdftotext") {
            let (ok, text, err) = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
            assert!(ok, "{err}");
            assert!(text.contains("Figure 1. The emblem"), "{text}");
        }
    }
}

#[test]
fn jpeg_figures_at_their_natural_size_build_too() {
    let dir = tempfile::tempdir().unwrap();
    let figure = "      image: emblem.jpg\n      alt: The emblem as a photograph\n";
    let report = write_report(dir.path(), figure);
    build(&report, &dir.path().join("out"));
}

#[test]
fn figure_errors_name_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "      image: emblem.png\n",
            "en.yaml:4:5",
            "the figure has no `alt`",
        ),
        (
            "      image: missing.png\n      alt: x\n",
            "en.yaml:5:14",
            "image `",
        ),
        (
            "      image: ../outside.png\n      alt: x\n",
            "en.yaml:5:14",
            "leads outside the report's folder",
        ),
        (
            "      image: en.yaml\n      alt: x\n",
            "en.yaml:5:14",
            "expected PNG or JPEG",
        ),
        (
            "      image: emblem.png\n      alt: x\n      width: wide\n",
            "en.yaml:7:14",
            "`width` is `wide`",
        ),
    ];
    std::fs::write(dir.path().join("../outside.png"), b"x").ok();
    for (figure, at, message) in cases {
        let report = write_report(dir.path(), figure);
        let e = match run::plan(&RunOptions::new(&report)) {
            Ok(_) => panic!("{figure}: should fail"),
            Err(e) => e.to_string(),
        };
        assert!(e.contains(at) && e.contains(message), "{figure}\n{e}");
    }
}
