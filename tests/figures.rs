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
    build_ok(&opts)
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
                .filter(|l| l.split_whitespace().nth(2) == Some("image"))
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

// ---- DOCX ---------------------------------------------------------------------------------

/// The emblem's printed width, 40 mm, in EMU (36,000 to the millimetre).
const EMBLEM_EMU: i64 = 1_440_000;
const EMBLEM_ALT: &str = "A globe of meridians and parallels between two arcs";

/// Builds the DOCX editions only, so that these tests check the DOCX writer alone.
fn build_docx(report: &Path, out: &Path) -> run::BuildResult {
    let opts = RunOptions {
        out_dir: out.to_path_buf(),
        formats: vec![run::Format::Docx],
        ..RunOptions::new(report)
    };
    build_ok(&opts)
}

#[test]
fn a_figure_is_an_inline_picture_described_by_its_alt_text_in_the_docx() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path(), EMBLEM);
    let out = dir.path().join("out");
    build_docx(&report, &out);
    let png = std::fs::read(root().join("tests/assets/emblem.png")).unwrap();
    for lang in ["en", "ar"] {
        let docx = out.join(format!("figs.{lang}.docx"));
        let parts = parts(&docx);
        // The image, once, as its own part; its relationship and content type.
        let media: Vec<&String> = (parts.iter().map(|(n, _)| n))
            .filter(|n| n.starts_with("word/media/"))
            .collect();
        assert_eq!(media, ["word/media/figure1.png"], "{lang}");
        assert!(
            parts
                .iter()
                .any(|(n, d)| n == "word/media/figure1.png" && *d == png)
        );
        let rels = part(&parts, "word/_rels/document.xml.rels");
        assert!(
            rels.contains(r#"<Relationship Id="rIdFigure1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/figure1.png" />"#),
            "{rels}"
        );
        let types = part(&parts, "[Content_Types].xml");
        assert!(types.contains(r#"Extension="png""#), "{types}");
        // The caption kept with a centred paragraph holding the picture at its printed size.
        let xml = part(&parts, "word/document.xml");
        let caption = xml.find("Figure 1. The emblem").expect("caption");
        let picture = xml.find("<w:drawing>").expect("drawing");
        assert!(caption < picture);
        let caption_p = &xml[xml[..caption].rfind("<w:p ").unwrap()..caption];
        assert!(
            caption_p.contains(r#"<w:pStyle w:val="Caption" />"#),
            "{caption_p}"
        );
        let styles = part(&parts, "word/styles.xml");
        let caption_style = &styles[styles.find(r#"w:styleId="Caption""#).unwrap()..];
        let caption_style = &caption_style[..caption_style.find("</w:style>").unwrap()];
        assert!(
            caption_p.contains("<w:keepNext />")
                || (caption_style.contains("<w:keepNext />") && !caption_p.contains("<w:keepNext")),
            "the caption is kept with the picture: {caption_p} {caption_style}"
        );
        let picture_p = &xml[xml[..picture].rfind("<w:p ").unwrap()..picture];
        assert!(
            picture_p.contains(r#"<w:jc w:val="center" />"#),
            "{picture_p}"
        );
        assert!(xml.contains(&format!(
            r#"<wp:extent cx="{EMBLEM_EMU}" cy="{EMBLEM_EMU}" />"#
        )));
        assert!(xml.contains(&format!(
            r#"<wp:docPr id="1" name="Figure 1" descr="{EMBLEM_ALT}" />"#
        )));
        assert!(xml.contains(&format!(
            r#"<pic:cNvPr id="1" name="Figure 1" descr="{EMBLEM_ALT}" />"#
        )));
        assert!(xml.contains(r#"<a:blip r:embed="rIdFigure1" />"#));
        assert_eq!(xml.matches("<w:drawing>").count(), 1);
    }
}

#[test]
fn pandoc_reads_the_picture_with_its_alt_text_after_its_caption() {
    if !have("pandoc") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path(), EMBLEM);
    let out = dir.path().join("out");
    build_docx(&report, &out);
    for lang in ["en", "ar"] {
        let docx = out.join(format!("figs.{lang}.docx"));
        let (ok, json, err) = tool(
            "pandoc",
            &["-f", "docx", "-t", "json", docx.to_str().unwrap()],
        );
        assert!(ok, "{err}");
        let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut images = Vec::new();
        collect_images(&doc["blocks"], &mut images);
        assert_eq!(images.len(), 1, "{lang}: {json}");
        let alt = inline_text(&images[0]["c"][1]);
        assert_eq!(alt, EMBLEM_ALT, "{lang}: {json}");
        let caption = json.find("emblem\"").expect("caption text");
        let image = json.find("\"Image\"").unwrap();
        assert!(caption < image, "{lang}: the caption comes first: {json}");
    }
}

fn collect_images(value: &serde_json::Value, out: &mut Vec<serde_json::Value>) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("t").and_then(|t| t.as_str()) == Some("Image") {
                out.push(value.clone());
            }
            map.values().for_each(|v| collect_images(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_images(v, out)),
        _ => {}
    }
}

/// The text of pandoc inlines: `Str` pieces and a space for each `Space`.
fn inline_text(value: &serde_json::Value) -> String {
    let mut text = String::new();
    for inline in value.as_array().into_iter().flatten() {
        match inline["t"].as_str() {
            Some("Str") => text.push_str(inline["c"].as_str().unwrap_or("")),
            Some("Space") | Some("SoftBreak") => text.push(' '),
            _ => {}
        }
    }
    text
}

#[test]
fn python_docx_finds_one_inline_shape_at_the_printed_width() {
    if !have_python_docx() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path(), EMBLEM);
    let out = dir.path().join("out");
    build_docx(&report, &out);
    let script = "import sys, docx\nd = docx.Document(sys.argv[1])\nprint(len(d.inline_shapes), *[s.width for s in d.inline_shapes], *[s.height for s in d.inline_shapes])";
    for lang in ["en", "ar"] {
        let docx = out.join(format!("figs.{lang}.docx"));
        let (ok, text, err) = tool("python3", &["-c", script, docx.to_str().unwrap()]);
        assert!(ok, "{err}");
        assert_eq!(
            text.trim(),
            format!("1 {EMBLEM_EMU} {EMBLEM_EMU}"),
            "{lang}"
        );
    }
}

#[test]
fn libreoffice_draws_the_picture() {
    if !have("soffice") || !have("pdfimages") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path(), EMBLEM);
    let out = dir.path().join("out");
    build_docx(&report, &out);
    let pdfs = dir.path().join("lo");
    for lang in ["en", "ar"] {
        let docx = out.join(format!("figs.{lang}.docx"));
        soffice_to_pdf(&[&docx], &pdfs);
        let pdf = pdfs.join(format!("figs.{lang}.pdf"));
        let (ok, list, err) = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
        assert!(ok, "{err}");
        // The image (its transparency is a soft mask of its own).
        let images: Vec<&str> = (list.lines().skip(2))
            .filter(|l| l.split_whitespace().nth(2) == Some("image"))
            .collect();
        assert_eq!(images.len(), 1, "{lang}: {list}");
        assert!(
            images[0].contains(" 240 "),
            "{lang}: all 240 pixels: {list}"
        );
        if have("pdftotext") {
            let (ok, text, err) = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
            assert!(ok, "{err}");
            if lang == "en" {
                assert!(text.contains("Figure 1. The emblem"), "{text}");
            }
        }
    }
}

#[test]
fn docx_with_figures_is_the_same_from_build_to_build() {
    let dir = tempfile::tempdir().unwrap();
    for (figure, ext) in [
        (EMBLEM, "png"),
        (
            "      image: emblem.jpg\n      alt: The emblem as a photograph\n",
            "jpeg",
        ),
    ] {
        let report = write_report(dir.path(), figure);
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        build_docx(&report, &a);
        build_docx(&report, &b);
        for lang in ["en", "ar"] {
            let name = format!("figs.{lang}.docx");
            let first = std::fs::read(a.join(&name)).unwrap();
            assert_eq!(first, std::fs::read(b.join(&name)).unwrap(), "{name}");
            let parts = parts(&a.join(&name));
            let media = format!("word/media/figure1.{ext}");
            assert!(parts.iter().any(|(n, _)| *n == media), "{media}");
            let types = part(&parts, "[Content_Types].xml");
            assert!(types.contains(&format!(r#"Extension="{ext}""#)), "{types}");
        }
        std::fs::remove_dir_all(&a).unwrap();
        std::fs::remove_dir_all(&b).unwrap();
    }
}

#[test]
fn a_page_break_before_a_figure_goes_on_its_caption_or_its_picture() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path(), EMBLEM);
    std::fs::write(
        dir.path().join("en.yaml"),
        format!(
            "title: Figures\nbody:\n  - paragraph: A.\n  - page-break\n  - figure:\n{EMBLEM}  - page-break\n  - figure:\n      image: emblem.jpg\n      alt: Second\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ar.yaml"),
        std::fs::read(dir.path().join("en.yaml")).unwrap(),
    )
    .unwrap();
    let out = dir.path().join("out");
    build_docx(&report, &out);
    let parts = parts(&out.join("figs.en.docx"));
    let xml = part(&parts, "word/document.xml");
    let paragraph = |at: usize| {
        let start = xml[..at].rfind("<w:p ").unwrap();
        &xml[start..start + xml[start..].find("</w:pPr>").unwrap()]
    };
    let caption = paragraph(xml.find("Figure 1. The emblem").unwrap());
    assert!(caption.contains("<w:pageBreakBefore />"), "{caption}");
    let drawings: Vec<usize> = xml.match_indices("<w:drawing>").map(|(i, _)| i).collect();
    assert_eq!(drawings.len(), 2);
    assert!(!paragraph(drawings[0]).contains("pageBreakBefore"));
    assert!(paragraph(drawings[1]).contains("<w:pageBreakBefore />"));
    // Ids and parts in document order, one per figure.
    assert!(xml.contains(r#"<wp:docPr id="2" name="Figure 2" descr="Second" />"#));
    assert!(xml.contains(r#"<a:blip r:embed="rIdFigure2" />"#));
    assert!(parts.iter().any(|(n, _)| n == "word/media/figure2.jpeg"));
}
