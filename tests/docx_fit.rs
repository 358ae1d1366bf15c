//! The information circular's DOCX as LibreOffice renders it, against Folio's PDF: every
//! edition has the PDF's page count, and page 1's masthead and heading stand within a few
//! points of the PDF's (LibreOffice once put a paragraph of its own before the masthead
//! table and set Arabic lines 2.4 pt taller, and the Spanish and Arabic circulars ran onto a
//! second page). The Arabic DOCX names the layout's Latin face in its Latin font slots and the
//! Arabic face in the complex-script slot.

mod common;

use std::path::Path;

use common::*;
use folio::run::RunOptions;

/// How far (pt) LibreOffice may set the middle of page 1's lines from the PDF's. pdftotext's
/// boxes come from each producer's font metrics, not from the ink: the same Chinese heading
/// measured 14.0 pt tall in Folio's PDF and 18.2 pt in LibreOffice's, so box middles are
/// compared and a few points between them is metrics. The defect this guards against put
/// every line 17–26 pt lower.
const TOLERANCE: f32 = 6.0;

const LANGS: [&str; 6] = ["en", "fr", "es", "ru", "ar", "zh"];

/// The first word of each edition's circular heading.
fn heading_word(lang: &str) -> &'static str {
    match lang {
        "en" => "Information",
        "fr" => "Circulaire",
        "es" => "Circular",
        "ru" => "Информационный",
        "ar" => "تعميم",
        "zh" => "情况通报",
        other => panic!("no heading for {other}"),
    }
}

fn build(dir: &Path) {
    let opts = RunOptions {
        out_dir: dir.to_path_buf(),
        ..RunOptions::new(root().join("fixtures/information-circular/report.yaml"))
    };
    build_ok(&opts);
}

fn pages(pdf: &Path) -> usize {
    let (ok, out, err) = tool("pdfinfo", &[&pdf.display().to_string()]);
    assert!(ok, "{err}");
    (out.lines())
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count for {}", pdf.display()))
}

/// The top of page 1's first line and of the heading's line. pdftotext gives Arabic words in
/// visual order, so a word matches its own letters reversed too.
fn first_lines(pdf: &Path, heading: &str) -> (f32, f32) {
    let words: Vec<_> = (bbox_words(pdf).into_iter())
        .filter(|w| w.page == 1)
        .collect();
    let middle = |w: &Word| (w.y + w.y1) / 2.0;
    let top = words.iter().map(middle).fold(f32::INFINITY, f32::min);
    let reversed: String = heading.chars().rev().collect();
    let title = (words.iter())
        .find(|w| w.text.contains(heading) || w.text.contains(&reversed))
        .map(middle)
        .unwrap_or_else(|| panic!("no `{heading}` on page 1 of {}", pdf.display()));
    (top, title)
}

#[test]
fn libreoffice_sets_the_circular_as_the_pdf_does() {
    if !have("soffice") || !have("pdftotext") || !have("pdfinfo") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let docx: Vec<_> = (LANGS.iter())
        .map(|l| dir.path().join(format!("information-circular.{l}.docx")))
        .collect();
    let lo = dir.path().join("lo");
    std::fs::create_dir_all(&lo).unwrap();
    let refs: Vec<&Path> = docx.iter().map(|p| p.as_path()).collect();
    soffice_to_pdf_with_fonts(&refs, &lo);
    let mut wrong = Vec::new();
    for lang in LANGS {
        let pdf = dir.path().join(format!("information-circular.{lang}.pdf"));
        let rendered = lo.join(format!("information-circular.{lang}.pdf"));
        let (want, got) = (pages(&pdf), pages(&rendered));
        if want != got {
            wrong.push(format!(
                "{lang}: {got} pages in LibreOffice, {want} in the PDF"
            ));
        }
        let heading = heading_word(lang);
        let (pdf_top, pdf_title) = first_lines(&pdf, heading);
        let (lo_top, lo_title) = first_lines(&rendered, heading);
        for (what, p, l) in [
            ("first line", pdf_top, lo_top),
            ("heading", pdf_title, lo_title),
        ] {
            if (p - l).abs() > TOLERANCE {
                wrong.push(format!(
                    "{lang}: page 1's {what} at y {l:.1} in LibreOffice, {p:.1} in the PDF"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every `w:rFonts` of the Arabic circular's styles and document: Noto Serif (the layout's
/// Latin face) in `ascii` and `hAnsi`, Noto Naskh Arabic in `cs`.
#[test]
fn arabic_runs_name_the_latin_face_and_the_arabic_face() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let ar = parts(&dir.path().join("information-circular.ar.docx"));
    let mut seen = 0;
    for name in ["word/styles.xml", "word/document.xml"] {
        let xml = part(&ar, name);
        for element in xml.split("<w:rFonts ").skip(1) {
            let tag = element.split("/>").next().unwrap();
            let attr = |a: &str| {
                tag.split(&format!("w:{a}=\""))
                    .nth(1)
                    .and_then(|v| v.split('"').next())
                    .unwrap_or("")
                    .to_owned()
            };
            assert_eq!(attr("ascii"), "Noto Serif", "{name}: {tag}");
            assert_eq!(attr("hAnsi"), "Noto Serif", "{name}: {tag}");
            assert_eq!(attr("cs"), "Noto Naskh Arabic", "{name}: {tag}");
            seen += 1;
        }
    }
    // The document defaults and every paragraph style name their fonts.
    assert!(seen > 10, "only {seen} w:rFonts in the Arabic DOCX");
    // The Chinese edition keeps its CJK face, which has its own Latin letters, everywhere.
    let zh = parts(&dir.path().join("information-circular.zh.docx"));
    let styles = part(&zh, "word/styles.xml");
    assert!(
        styles.contains(r#"w:ascii="Noto Serif CJK SC""#)
            && styles.contains(r#"w:eastAsia="Noto Serif CJK SC""#),
        "the Chinese styles lost their CJK face"
    );
}
