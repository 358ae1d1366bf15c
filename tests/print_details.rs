//! Details a reader sees on paper (issue 10, minors): adjacent Chinese full-width punctuation
//! set close (1.5 em a pair) with no paragraph ending on one character alone, French ordinal
//! suffixes raised (`XXIe`), links in the layout's colour with their URL in a footnote when
//! asked. Read back from the PDF (pdftotext, its boxes, its pixels), the DOCX's XML and
//! LibreOffice's rendering of the DOCX; small inputs written for each rule, and the fixture.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use folio::run::{self, RunOptions};
use folio::typeset::typeset;

/// Pairs of full-width marks, each between two ideographs in a paragraph of its own; the
/// last paragraph is the control, with no pair.
const PAIRS: [&str; 5] = ["甲：（乙", "甲。」乙", "甲），乙", "甲（「乙", "甲乙丙丁"];

/// 86 ideographs and a full stop: broken where the line is full, the last line would hold one
/// ideograph and the stop.
fn runt_paragraph() -> String {
    "一二三四五六七八九十".repeat(9)[..86 * 3].to_string() + "。"
}

const FRENCH: &str = "Au XXIe siècle, le 1er et la 1re, les 2e et 3es rangs de François Ier. Le De Ce Mes : `3e` et https://ex.org/2e restent.";

const LINK_TEXT: &str = "Voir [le site du HCR](https://www.unhcr.org/fr) et [https://www.iom.int](https://www.iom.int).";

/// The report (zh and fr editions) built with `layout` (a file written beside it when given).
fn build(layout: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let mut report = String::from("id: details\noriginal: fr\n");
    if let Some(layout) = layout {
        std::fs::write(dir.path().join("layout.yaml"), layout).unwrap();
        report.push_str("layout: layout.yaml\n");
    }
    report.push_str("editions:\n  - lang: zh\n    content:\n      title: T\n      body:\n");
    for pair in PAIRS {
        report.push_str(&format!("        - paragraph: \"{pair}\"\n"));
    }
    report.push_str(&format!("        - paragraph: \"{}\"\n", runt_paragraph()));
    report.push_str("  - lang: fr\n    content:\n      title: T\n      body:\n");
    for text in [FRENCH, LINK_TEXT] {
        report.push_str(&format!("        - paragraph: '{text}'\n"));
    }
    std::fs::write(dir.path().join("report.yaml"), report).unwrap();
    let out = dir.path().join("out");
    let opts = RunOptions {
        out_dir: out.clone(),
        ..RunOptions::new(dir.path().join("report.yaml"))
    };
    build_ok(&opts);
    (dir, out)
}

fn pdftotext(pdf: &Path) -> String {
    let (ok, text, err) = tool("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
    assert!(ok, "{err}");
    text
}

fn zip_part(docx: &Path, name: &str) -> String {
    part(&parts(docx), name)
}

#[test]
fn adjacent_chinese_punctuation_takes_one_and_a_half_em() {
    if !have("pdftotext") {
        return;
    }
    let (_dir, out) = build(None);
    let words = bbox_words(&out.join("details.zh.pdf"));
    let width = |text: &str| {
        let w = words
            .iter()
            .find(|w| w.text == text)
            .unwrap_or_else(|| panic!("no word {text:?}: {words:#?}"));
        w.x1 - w.x0
    };
    // Four ideographs: four em.
    let em = width("甲乙丙丁") / 4.0;
    assert!((em - 10.5).abs() < 0.5, "body em {em}");
    for pair in &PAIRS[..4] {
        // Two ideographs and the pair: 2 + 1.5 em, not 4 (the gap inside the pair is half
        // an em, not a whole one).
        let ems = width(pair) / em;
        assert!((ems - 3.5).abs() < 0.05, "{pair}: {ems} em");
    }
}

#[test]
fn no_chinese_paragraph_ends_on_one_character() {
    if !have("pdftotext") {
        return;
    }
    let (_dir, out) = build(None);
    let words = bbox_words(&out.join("details.zh.pdf"));
    let tail = runt_paragraph();
    let last = words
        .iter()
        .find(|w| w.text.ends_with("。") && tail.ends_with(&w.text) && w.text != tail)
        .unwrap_or_else(|| panic!("the long paragraph's last line: {words:#?}"));
    let han = last.text.chars().filter(|c| c.is_alphabetic()).count();
    assert!(han >= 2, "last line {:?}", last.text);
    // The fixture's Chinese editions, in both layouts: no line after a full line (a
    // paragraph's last line) holds a single ideograph.
    for layout in ["report-a4", "report-letter"] {
        let lines = lines(&bbox_words(&common::out(layout, "roundtable-3.zh.pdf")));
        let right = lines.iter().map(|l| l.x1).fold(0.0, f32::max);
        let mut checked = 0;
        for pair in lines.windows(2) {
            let (above, line) = (&pair[0], &pair[1]);
            let full = above.page == line.page && above.x1 > right - 2.0;
            if !full || !line.text.chars().all(|c| c as u32 >= 0x2E80) {
                continue;
            }
            checked += 1;
            let han = line.text.chars().filter(|c| c.is_alphabetic()).count();
            assert!(
                han > 1,
                "{layout}: {:?} alone after {:?}",
                line.text,
                above.text
            );
        }
        assert!(
            checked > 10,
            "{layout}: only {checked} last lines of Chinese text"
        );
    }
}

/// The words of `pdftotext -bbox` gathered into lines (same page, same top).
fn lines(words: &[Word]) -> Vec<Word> {
    let mut lines: Vec<Word> = Vec::new();
    for w in words {
        match lines.last_mut() {
            Some(l) if l.page == w.page && (l.y - w.y).abs() < 1.0 => {
                l.text.push_str(&w.text);
                l.x1 = l.x1.max(w.x1);
            }
            _ => lines.push(w.clone()),
        }
    }
    lines
}

#[test]
fn chinese_docx_asks_word_to_compress_punctuation() {
    let (_dir, out) = build(None);
    let settings = zip_part(&out.join("details.zh.docx"), "word/settings.xml");
    let at = settings
        .find(r#"<w:characterSpacingControl w:val="compressPunctuation" />"#)
        .unwrap_or_else(|| panic!("{settings}"));
    // Before w:compat, as the schema orders the settings, and not inside it.
    assert!(at < settings.find("<w:compat").unwrap(), "{settings}");
    let french = zip_part(&out.join("details.fr.docx"), "word/settings.xml");
    assert!(!french.contains("characterSpacingControl"), "{french}");
}

#[test]
fn french_ordinals_are_superscript_in_both_formats() {
    let (dir, out) = build(None);
    // The typesetter's runs: each suffix smaller than the numeral before it.
    let plan = run::plan(&RunOptions::new(dir.path().join("report.yaml"))).unwrap();
    let (ed, layout) = plan
        .editions
        .iter()
        .find(|(e, _)| e.lang.primary == "fr")
        .unwrap();
    let pages = typeset(ed, layout, &plan.fonts).pages;
    let runs: Vec<_> = (pages.pages.iter())
        .flat_map(|p| &p.lines)
        .flat_map(|l| &l.runs)
        .collect();
    let body = layout.style(folio::layouts::StyleName::Body).size;
    let raised: Vec<&str> = (runs.iter())
        .filter(|r| r.size < body)
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(raised, ["e", "er", "re", "e", "es", "er"], "{runs:#?}");
    if have("pdftotext") {
        let text = pdftotext(&out.join("details.fr.pdf"));
        for read in [
            "XXIe siècle",
            "1er et la 1re",
            "2e et 3es",
            "François Ier",
            "3e et https://",
        ] {
            assert!(text.contains(read), "{read:?} in {text}");
        }
    }
    // The DOCX: each suffix a run of its own with w:vertAlign superscript, nothing else.
    let document = zip_part(&out.join("details.fr.docx"), "word/document.xml");
    let superscripts: Vec<&str> = document
        .split("<w:r>")
        .filter(|r| r.contains(r#"<w:vertAlign w:val="superscript" />"#))
        .filter_map(|r| r.split("<w:t xml:space=\"preserve\">").nth(1))
        .filter_map(|t| t.split("</w:t>").next())
        .collect();
    assert_eq!(
        superscripts,
        ["e", "er", "re", "e", "es", "er"],
        "{document}"
    );
    if have("pandoc") {
        let (ok, md, err) = tool(
            "pandoc",
            &[
                out.join("details.fr.docx").to_str().unwrap(),
                "-t",
                "markdown",
            ],
        );
        assert!(ok, "{err}");
        assert!(md.contains("XXI^e^ siècle"), "{md}");
    }
}

/// The colour of the darkest pixel in the box (PDF points, top-left origin) of page 1.
fn ink(pdf: &Path, x: f32, y: f32, w: f32, h: f32) -> [u8; 3] {
    let scale = 4.0; // 288 dpi
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("crop");
    let px = |v: f32| ((v * scale).round() as i64).to_string();
    let (ok, _, err) = tool(
        "pdftoppm",
        &[
            "-r",
            "288",
            "-f",
            "1",
            "-l",
            "1",
            "-x",
            &px(x),
            "-y",
            &px(y),
            "-W",
            &px(w),
            "-H",
            &px(h),
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let ppm = std::fs::read(dir.path().join("crop.ppm")).unwrap();
    // P6, width, height, max, then RGB bytes after the fourth whitespace-ended field.
    let mut fields = 0;
    let mut start = 0;
    for (i, b) in ppm.iter().enumerate() {
        if b.is_ascii_whitespace() {
            fields += 1;
            if fields == 4 {
                start = i + 1;
                break;
            }
        }
    }
    ppm[start..]
        .chunks_exact(3)
        .min_by_key(|p| p.iter().map(|&c| c as u32).sum::<u32>())
        .map(|p| [p[0], p[1], p[2]])
        .unwrap()
}

#[test]
fn links_are_coloured_on_paper_and_their_urls_footnoted() {
    if !have("pdftotext") || !have("pdftoppm") {
        return;
    }
    let (_dir, out) = build(Some("links: { color: \"#0b4f9c\", urls: footnote }\n"));
    let pdf = out.join("details.fr.pdf");
    let text = pdftotext(&pdf);
    assert!(text.contains("Voir le site du HCR"), "{text}");
    let words = bbox_words(&pdf);
    let word = |t: &str| words.iter().find(|w| w.text.starts_with(t)).unwrap();
    // Link text in the layout's blue; the text around it black.
    let link = word("HCR");
    let [r, g, b] = ink(&pdf, link.x0, link.y, link.x1 - link.x0, 8.0);
    assert!(b > 120 && r < 60 && g < 120, "link ink {r},{g},{b}");
    let plain = word("Voir");
    let [r, g, b] = ink(&pdf, plain.x0, plain.y, plain.x1 - plain.x0, 8.0);
    assert!(r < 60 && g < 60 && b < 60, "text ink {r},{g},{b}");
    // The link whose text is not its URL has a note with the URL; the other has none.
    let after = text.split("Original").next().unwrap();
    assert!(after.contains("https://www.unhcr.org/fr"), "{text}");
    assert_eq!(text.matches("https://www.iom.int").count(), 1, "{text}");
    // The DOCX: the Hyperlink character style has the colour (no direct colour on runs),
    // and the same note as a Word footnote.
    let docx = out.join("details.fr.docx");
    let styles = zip_part(&docx, "word/styles.xml");
    let hyperlink = styles
        .split("<w:style ")
        .find(|s| s.contains(r#"w:styleId="Hyperlink""#))
        .unwrap_or_else(|| panic!("{styles}"));
    assert!(
        hyperlink.contains(r#"<w:color w:val="0B4F9C" />"#),
        "{hyperlink}"
    );
    let document = zip_part(&docx, "word/document.xml");
    assert!(
        !document.contains("<w:color "),
        "direct colour in {document}"
    );
    let notes = zip_part(&docx, "word/footnotes.xml");
    assert!(notes.contains("https://www.unhcr.org/fr"), "{notes}");
    assert!(!notes.contains("iom.int"), "{notes}");
    // Without the option: links coloured by default, no note.
    let (_dir, out) = build(None);
    let text = pdftotext(&out.join("details.fr.pdf"));
    assert_eq!(text.matches("unhcr").count(), 0, "{text}");
}

#[test]
fn libreoffice_renders_the_chinese_and_french_docx() {
    if !have("soffice") || !have("pdftotext") {
        return;
    }
    let (dir, out) = build(None);
    let rendered = dir.path().join("lo");
    soffice_to_pdf(
        &[&out.join("details.zh.docx"), &out.join("details.fr.docx")],
        &rendered,
    );
    let words = bbox_words(&rendered.join("details.zh.pdf"));
    // LibreOffice (7.4) reads compressPunctuation but does not compress these pairs: each
    // mark keeps its em there (Word compresses). What it must keep is every character.
    for pair in PAIRS {
        assert!(
            words.iter().any(|w| w.text.contains(pair)),
            "{pair}: {words:#?}"
        );
    }
    let text = pdftotext(&rendered.join("details.fr.pdf"));
    assert!(text.contains("XXIe siècle"), "{text}");
}
