//! Annexes as readers see them, in all six official languages (tests/assets/annexes: annex I
//! submitted in French, annex II in the report's English): each starts a new page under its
//! translated label and title; "[Original: French]" stands under annex I only, on the end
//! side (right, left in Arabic); the PDF outline, its `H1` elements and the contents list the
//! annexes at the top level; pandoc reads each DOCX annex heading as one level-1 header (label,
//! line break, title) and LibreOffice's rendering starts each annex on a new page. A document
//! with one annex labels it without a number; bad annex definitions are errors with positions.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use folio::model::plain_text;
use folio::run::{self, BuildResult, RunOptions};
use serde_json::Value;

const LANGS: [&str; 6] = ["en", "fr", "es", "ru", "ar", "zh"];

/// The labels UN documents give annexes I and II in each language (docs/format.md, "Annexes").
fn labels(lang: &str) -> [&'static str; 2] {
    match lang {
        "en" => ["Annex I", "Annex II"],
        "fr" => ["Annexe I", "Annexe II"],
        "es" => ["Anexo I", "Anexo II"],
        "ru" => ["Приложение I", "Приложение II"],
        "ar" => ["المرفق الأول", "المرفق الثاني"],
        "zh" => ["附件一", "附件二"],
        _ => unreachable!(),
    }
}

/// "[Original: French]" as each edition words it.
fn original_note(lang: &str) -> &'static str {
    match lang {
        "en" => "[Original: French]",
        "fr" => "[Original\u{a0}: français]",
        "es" => "[Original: francés]",
        "ru" => "[Подлинный текст на французском языке]",
        "ar" => "[الأصل: بالفرنسية]",
        "zh" => "[原件：法文]",
        _ => unreachable!(),
    }
}

fn report() -> PathBuf {
    root().join("tests/assets/annexes/report.yaml")
}

fn built() -> &'static (tempfile::TempDir, BuildResult) {
    static BUILT: OnceLock<(tempfile::TempDir, BuildResult)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let opts = RunOptions {
            out_dir: dir.path().to_path_buf(),
            ..RunOptions::new(report())
        };
        let result = build_ok(&opts);
        (dir, result)
    })
}

fn output(lang: &str, ext: &str) -> PathBuf {
    built().0.path().join(format!("annexes.{lang}.{ext}"))
}

/// The annex titles each edition gives, as written.
fn titles(lang: &str) -> Vec<String> {
    let plan = run::plan(&RunOptions::new(report())).unwrap();
    let (edition, _) = (plan.editions.iter())
        .find(|(e, _)| e.lang.tag == lang)
        .unwrap();
    (edition.content.annexes.iter())
        .map(|a| plain_text(&a.title))
        .collect()
}

/// One word of a page as pdftotext -bbox gives it.
#[derive(Clone, Debug)]
struct Word {
    text: String,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

/// Every page of a PDF: its width and height and its words with their boxes.
fn pages(pdf: &Path) -> Vec<(f32, f32, Vec<Word>)> {
    let (ok, html, err) = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    assert!(ok, "{err}");
    let attr = |tag: &str, name: &str| -> f32 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
    };
    html.split("<page ")
        .skip(1)
        .map(|page| {
            let (tag, rest) = page.split_once('>').unwrap();
            let words = (rest.split("<word ").skip(1))
                .map(|w| {
                    let (tag, rest) = w.split_once('>').unwrap();
                    Word {
                        text: rest.split("</word>").next().unwrap().to_string(),
                        x0: attr(tag, "xMin"),
                        y0: attr(tag, "yMin"),
                        x1: attr(tag, "xMax"),
                        y1: attr(tag, "yMax"),
                    }
                })
                .collect();
            (attr(tag, "width"), attr(tag, "height"), words)
        })
        .collect()
}

/// The text area's lines of a page (header and footer left out: `top` and `bottom` are the
/// margins), top to bottom, each line's words left to right.
fn body_lines(page: &(f32, f32, Vec<Word>), top: f32, bottom: f32) -> Vec<Vec<Word>> {
    let (_, height, words) = page;
    let mut words: Vec<Word> = (words.iter())
        .filter(|w| w.y0 > top - 6.0 && w.y1 < height - bottom + 6.0)
        .cloned()
        .collect();
    words.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Vec<Word>> = Vec::new();
    for word in words {
        match lines.last_mut() {
            Some(line) if (line[0].y0 - word.y0).abs() < 3.0 => line.push(word),
            _ => lines.push(vec![word]),
        }
    }
    lines
}

/// The tokens of some words, sorted: poppler orders the words of a right-to-left line in
/// either direction, so lines are compared as bags of tokens.
fn bag(lang: &str, words: &[Word]) -> Vec<String> {
    let text: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    bag_of(lang, &text.join(" "))
}

/// `bag` of a text. An Arabic token is its letters sorted: pdftotext -bbox gives the letters
/// of an Arabic word in visual order (right to left reversed), its plain text in reading order.
fn bag_of(lang: &str, text: &str) -> Vec<String> {
    let mut toks = tokens(lang, text);
    if lang == "ar" {
        for tok in &mut toks {
            let mut chars: Vec<char> = tok.chars().collect();
            chars.sort();
            *tok = chars.into_iter().collect();
        }
    }
    toks.sort();
    toks
}

/// The page (from 0) where each annex starts: the page whose first body line is the
/// annex's label, the next line its title. Fails unless every annex has one.
fn annex_pages(lang: &str, pdf: &Path, margins: (f32, f32), annexes: usize) -> Vec<usize> {
    let pages = pages(pdf);
    let titles = titles(lang);
    (0..annexes)
        .map(|i| {
            let label = bag_of(lang, labels(lang)[i]);
            let title = bag_of(lang, &titles[i]);
            let at = (pages.iter()).position(|page| {
                let lines = body_lines(page, margins.0, margins.1);
                lines.len() >= 2 && bag(lang, &lines[0]) == label && bag(lang, &lines[1]) == title
            });
            at.unwrap_or_else(|| {
                let firsts: Vec<_> = (pages.iter())
                    .map(|p| {
                        body_lines(p, margins.0, margins.1)
                            .first()
                            .map(|l| bag(lang, l))
                    })
                    .collect();
                panic!(
                    "{lang}: no page starts with {label:?} then {title:?}; first lines: {firsts:?}"
                )
            })
        })
        .collect()
}

/// The margins the edition's layout gives its text area.
fn margins(lang: &str) -> (f32, f32) {
    let plan = run::plan(&RunOptions::new(report())).unwrap();
    let (_, layout) = (plan.editions.iter())
        .find(|(e, _)| e.lang.tag == lang)
        .unwrap();
    (layout.page.margin_top.0, layout.page.margin_bottom.0)
}

/// Whether a line stands at the end side of the text area: flush with the end margin (the
/// right, the left in Arabic) and clear of the start margin.
fn at_end_side(lang: &str, line: &[Word], width: f32) -> bool {
    let plan = run::plan(&RunOptions::new(report())).unwrap();
    let (_, layout) = (plan.editions.iter())
        .find(|(e, _)| e.lang.tag == lang)
        .unwrap();
    let (start, end) = (layout.page.margin_start.0, layout.page.margin_end.0);
    let left = line.iter().map(|w| w.x0).fold(f32::MAX, f32::min);
    let right = line.iter().map(|w| w.x1).fold(0.0, f32::max);
    match lang {
        // Mirrored: the start margin is on the right.
        "ar" => (left - end).abs() < 3.0 && right < width - start - 20.0,
        _ => (right - (width - end)).abs() < 3.0 && left > start + 20.0,
    }
}

/// The words of `note` on a page: the line whose tokens are the note's.
fn note_line(
    lang: &str,
    page: &(f32, f32, Vec<Word>),
    note: &str,
    margins: (f32, f32),
) -> Option<Vec<Word>> {
    let want = bag_of(lang, note);
    body_lines(page, margins.0, margins.1)
        .into_iter()
        .find(|line| bag(lang, line) == want)
}

#[test]
fn each_annex_starts_a_new_page_under_its_label_and_title_in_every_language() {
    if !have("pdftotext") {
        return;
    }
    for lang in LANGS {
        let pdf = output(lang, "pdf");
        let at = annex_pages(lang, &pdf, margins(lang), 2);
        // The body is on the first page; each annex on a page of its own after it.
        assert_eq!(at, vec![1, 2], "{lang}");
    }
}

#[test]
fn the_original_note_stands_at_the_end_side_under_annex_one_only() {
    if !have("pdftotext") {
        return;
    }
    for lang in LANGS {
        let pdf = output(lang, "pdf");
        let pages = pages(&pdf);
        let m = margins(lang);
        let note = original_note(lang);
        let line = note_line(lang, &pages[1], note, m)
            .unwrap_or_else(|| panic!("{lang}: {note:?} is not on annex I's page"));
        // Right under the heading: the third line of the page.
        let lines = body_lines(&pages[1], m.0, m.1);
        assert_eq!(bag(lang, &lines[2]), bag_of(lang, note), "{lang}");
        assert!(at_end_side(lang, &line, pages[1].0), "{lang}: {line:?}");
        // Annex II is in the report's original language: no note under it.
        assert!(
            note_line(lang, &pages[2], note, m).is_none(),
            "{lang}: annex II has an original note"
        );
        let any_bracket = (pages[2].2.iter()).any(|w| w.text.contains('['));
        assert!(!any_bracket, "{lang}: a bracket on annex II's page");
    }
}

/// Top-level outline entries: (title, page from 1, number of kids).
fn outline(pdf: &Path) -> Vec<(String, i64, usize)> {
    let (ok, json, err) = tool(
        "qpdf",
        &["--json", "--json-key=outlines", pdf.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&json).unwrap();
    (v["outlines"].as_array().unwrap().iter())
        .map(|e| {
            (
                e["title"].as_str().unwrap().to_string(),
                e["destpageposfrom1"].as_i64().unwrap(),
                e["kids"].as_array().unwrap().len(),
            )
        })
        .collect()
}

#[test]
fn the_outline_lists_each_annex_at_the_top_level_on_its_page() {
    if !have("qpdf") {
        return;
    }
    for lang in LANGS {
        let entries = outline(&output(lang, "pdf"));
        assert_eq!(entries.len(), 4, "{lang}: {entries:?}");
        for (i, title) in titles(lang).iter().enumerate() {
            let (text, page, kids) = &entries[2 + i];
            let want = bag_of(lang, &format!("{} {title}", labels(lang)[i]));
            assert_eq!(bag_of(lang, text), want, "{lang}");
            assert_eq!(*page, i as i64 + 2, "{lang}: {text}");
            assert_eq!(*kids, 0, "{lang}");
        }
    }
}

/// The structure elements of a PDF of kind `tag` (`/H1`): their `/T` titles and how many
/// kids (marked-content items) each has.
fn elements(pdf: &Path, tag: &str) -> Vec<(String, usize)> {
    let (ok, json, err) = tool(
        "qpdf",
        &["--json", "--json-key=qpdf", pdf.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&json).unwrap();
    let objects = v["qpdf"][1].as_object().unwrap();
    let mut out: Vec<(usize, String, usize)> = (objects.iter())
        .filter_map(|(id, o)| {
            let value = &o["value"];
            (value["/S"] == tag).then(|| {
                let title = value["/T"].as_str().unwrap_or("");
                let kids = value["/K"].as_array().map_or(1, Vec::len);
                let n: usize = id
                    .trim_start_matches("obj:")
                    .split(' ')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
                (n, title.trim_start_matches("u:").to_string(), kids)
            })
        })
        .collect();
    out.sort();
    out.into_iter().map(|(_, t, k)| (t, k)).collect()
}

#[test]
fn each_annex_heading_is_one_h1_holding_its_label_and_title() {
    if !have("qpdf") {
        return;
    }
    for lang in LANGS {
        let h1 = elements(&output(lang, "pdf"), "/H1");
        assert_eq!(h1.len(), 4, "{lang}: {h1:?}");
        for (i, title) in titles(lang).iter().enumerate() {
            let (text, kids) = &h1[2 + i];
            let want = bag_of(lang, &format!("{} {title}", labels(lang)[i]));
            assert_eq!(bag_of(lang, text), want, "{lang}");
            // The label's line and the title's line.
            assert_eq!(*kids, 2, "{lang}: {text}");
        }
    }
}

#[test]
fn the_contents_lists_each_annex_with_its_page() {
    if !have("pdftotext") {
        return;
    }
    for lang in LANGS {
        let pages = pages(&output(lang, "pdf"));
        let m = margins(lang);
        let entries: Vec<Vec<String>> = body_lines(&pages[0], m.0, m.1)
            .iter()
            .filter(|line| line.iter().any(|w| w.text.contains("...") || w.text == "."))
            .map(|line| {
                let mut toks = bag(lang, line);
                toks.retain(|t| t.chars().any(char::is_alphanumeric));
                toks
            })
            .collect();
        assert_eq!(entries.len(), 4, "{lang}: {entries:?}");
        for (i, title) in titles(lang).iter().enumerate() {
            let want = bag_of(lang, &format!("{} {title} {}", labels(lang)[i], i + 2));
            assert_eq!(entries[2 + i], want, "{lang}");
        }
    }
}

/// pandoc's level-1 headers of a DOCX, each split at its line breaks into plain strings.
fn pandoc_headers(docx: &Path) -> Vec<Vec<String>> {
    let (ok, json, err) = tool(
        "pandoc",
        &["-f", "docx", "-t", "json", docx.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&json).unwrap();
    let mut out = Vec::new();
    for block in v["blocks"].as_array().unwrap() {
        if block["t"] != "Header" || block["c"][0] != 1 {
            continue;
        }
        let mut lines = vec![String::new()];
        for inline in block["c"][2].as_array().unwrap() {
            match inline["t"].as_str().unwrap() {
                "Str" => lines
                    .last_mut()
                    .unwrap()
                    .push_str(inline["c"].as_str().unwrap()),
                "Space" => lines.last_mut().unwrap().push(' '),
                "LineBreak" => lines.push(String::new()),
                other => panic!("unexpected {other} in a header"),
            }
        }
        out.push(lines);
    }
    out
}

#[test]
fn pandoc_reads_each_docx_annex_heading_as_one_header_with_label_and_title() {
    if !have("pandoc") {
        return;
    }
    for lang in LANGS {
        let docx = output(lang, "docx");
        let headers = pandoc_headers(&docx);
        let annexes: Vec<&Vec<String>> = headers.iter().filter(|h| h.len() == 2).collect();
        assert_eq!(annexes.len(), 2, "{lang}: {headers:?}");
        for (i, title) in titles(lang).iter().enumerate() {
            assert_eq!(
                bag_of(lang, &annexes[i][0]),
                bag_of(lang, labels(lang)[i]),
                "{lang}"
            );
            assert_eq!(bag_of(lang, &annexes[i][1]), bag_of(lang, title), "{lang}");
        }
        // The note is a paragraph of its own, once.
        let (ok, text, err) = tool(
            "pandoc",
            &["-f", "docx", "-t", "plain", docx.to_str().unwrap()],
        );
        assert!(ok, "{err}");
        let note = tokens(lang, original_note(lang)).join(" ");
        let found = (text.lines())
            .filter(|l| tokens(lang, l).join(" ") == note)
            .count();
        assert_eq!(found, 1, "{lang}: {text}");
    }
}

#[test]
fn the_docx_annex_heading_breaks_the_page_is_a_heading_and_runs_right_to_left_in_arabic() {
    for lang in LANGS {
        let docx = std::fs::read(output(lang, "docx")).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
            .unwrap();
        let label = labels(lang)[0];
        let at = xml
            .find(&format!(">{label}<"))
            .unwrap_or_else(|| panic!("{lang}: no label"));
        let start = xml[..at].rfind("<w:p ").unwrap();
        let properties = &xml[start..at];
        assert!(
            properties.contains("<w:pStyle w:val=\"Heading1\""),
            "{lang}: {properties}"
        );
        assert!(
            properties.contains("<w:pageBreakBefore"),
            "{lang}: {properties}"
        );
        let end = at + xml[at..].find("</w:p>").unwrap();
        assert!(
            xml[at..end].contains("<w:br"),
            "{lang}: no line break before the title"
        );
        // The styles carry the direction: every paragraph style is right-to-left in Arabic.
        let mut styles = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/styles.xml").unwrap(), &mut styles)
            .unwrap();
        let heading = &styles[styles.find("w:styleId=\"Heading1\"").unwrap()..];
        let heading = &heading[..heading.find("</w:style>").unwrap()];
        assert_eq!(
            heading.contains("<w:bidi"),
            lang == "ar",
            "{lang}: {heading}"
        );
    }
}

#[test]
fn libreoffice_starts_each_annex_on_a_new_page_with_the_note_at_the_end_side() {
    if !have("soffice") || !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let docx: Vec<PathBuf> = LANGS.iter().map(|l| output(l, "docx")).collect();
    let refs: Vec<&Path> = docx.iter().map(PathBuf::as_path).collect();
    soffice_to_pdf_with_fonts(&refs, dir.path());
    for lang in LANGS {
        let pdf = dir.path().join(format!("annexes.{lang}.pdf"));
        let m = margins(lang);
        let at = annex_pages(lang, &pdf, m, 2);
        assert!(
            at[0] >= 1 && at[1] == at[0] + 1,
            "{lang}: annexes on pages {at:?}"
        );
        let pages = pages(&pdf);
        let line = note_line(lang, &pages[at[0]], original_note(lang), m)
            .unwrap_or_else(|| panic!("{lang}: no note in LibreOffice's rendering"));
        assert!(at_end_side(lang, &line, pages[at[0]].0), "{lang}: {line:?}");
    }
}

/// A report whose editions have one annex each, written inline, with no `annexes:` list.
fn one_annex_report(dir: &Path) -> PathBuf {
    let titles = [
        ("en", "Terms of reference"),
        ("fr", "Mandat"),
        ("es", "Mandato"),
        ("ru", "Круг ведения"),
        ("ar", "الاختصاصات"),
        ("zh", "职权范围"),
    ];
    let mut yaml = String::from("id: one\noriginal: en\neditions:\n");
    for (lang, title) in titles {
        yaml.push_str(&format!(
            "  - lang: {lang}\n    content:\n      title: {title}\n      body:\n        - paragraph: {title}.\n      annexes:\n        - title: {title}\n          body:\n            - paragraph: {title}.\n"
        ));
    }
    let report = dir.join("report.yaml");
    std::fs::write(&report, yaml).unwrap();
    report
}

#[test]
fn a_single_annex_is_labelled_without_a_number() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let report = one_annex_report(dir.path());
    let out = dir.path().join("out");
    let result = run::build(&RunOptions {
        out_dir: out.clone(),
        formats: vec![run::Format::Pdf],
        ..RunOptions::new(&report)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(!result.failed);
    let words = [
        ("en", "Annex"),
        ("fr", "Annexe"),
        ("es", "Anexo"),
        ("ru", "Приложение"),
        ("ar", "المرفق"),
        ("zh", "附件"),
    ];
    for (lang, word) in words {
        let pages = pages(&out.join(format!("one.{lang}.pdf")));
        assert_eq!(pages.len(), 2, "{lang}");
        let m = margins(lang);
        let lines = body_lines(&pages[1], m.0, m.1);
        assert_eq!(bag(lang, &lines[0]), bag_of(lang, word), "{lang}");
        // The annex has the document's original: no note.
        assert!(!pages[1].2.iter().any(|w| w.text.contains('[')), "{lang}");
    }
}

/// `folio check` on a report (and edition files) written to a temporary folder: its exit
/// status and standard error.
fn check(files: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["check", dir.path().join("report.yaml").to_str().unwrap()])
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn assert_errors(files: &[(&str, &str)], needles: &[&str]) {
    let (code, err) = check(files);
    assert_eq!(code, Some(1), "{err}");
    for needle in needles {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
}

const EDITION: &str = "title: T\nbody:\n  - paragraph: P\nannexes:\n  - title: A\n    body:\n      - paragraph: Q\n  - title: B\n    body:\n      - paragraph: R\n";

#[test]
fn bad_annex_definitions_are_errors_with_positions() {
    // An edition's annex that names its original, one without a body, one with an empty title.
    assert_errors(
        &[
            (
                "report.yaml",
                "id: t\noriginal: en\neditions:\n  - lang: en\n    source: en.yaml\n",
            ),
            (
                "en.yaml",
                "title: T\nannexes:\n  - title: A\n    original: fr\n    body:\n      - paragraph: Q\n  - title: B\n  - title: \" \"\n    body:\n      - paragraph: R\n",
            ),
        ],
        &[
            "en.yaml:4:15: found `original` in annex 1; expected it in report.yaml's `annexes:`",
            "en.yaml:7:5: annex 2 has no `body`; expected at least one block",
            "en.yaml:8:12: the annex title is empty once whitespace is removed",
        ],
    );
    // report.yaml lists more annexes than one edition has, fewer than another; a bad tag.
    let report = "id: t\noriginal: en\nannexes:\n  - original: fr\n  - original: \"fr FR!\"\n  - {}\neditions:\n  - lang: en\n    source: en.yaml\n  - lang: fr\n    source: fr.yaml\n";
    let four = format!(
        "{EDITION}  - title: C\n    body:\n      - paragraph: S\n  - title: D\n    body:\n      - paragraph: S\n"
    );
    assert_errors(
        &[
            ("report.yaml", report),
            ("en.yaml", EDITION),
            ("fr.yaml", &four),
        ],
        &[
            "report.yaml:6:5: report.yaml's `annexes:` lists 3 annexes, but edition `en` has 2; expected as many annexes in every edition",
            "fr.yaml:14:5: edition `fr` has 4 annexes, but report.yaml's `annexes:` lists 3; expected one entry there per annex",
            "report.yaml:5:15: the annex's `original` is `fr FR!`; expected a BCP 47 language tag",
        ],
    );
    // Unknown fields, in an edition's annex and in report.yaml's list (serde stops at the
    // first of each file).
    assert_errors(
        &[
            (
                "report.yaml",
                "id: t\nannexes:\n  - originl: fr\neditions:\n  - lang: en\n    source: en.yaml\n",
            ),
            ("en.yaml", EDITION),
        ],
        &["report.yaml:3:5: unknown field `originl`, expected one of original"],
    );
    assert_errors(
        &[
            (
                "report.yaml",
                "id: t\neditions:\n  - lang: en\n    source: en.yaml\n",
            ),
            (
                "en.yaml",
                "title: T\nannexes:\n  - titel: A\n    body:\n      - paragraph: Q\n",
            ),
        ],
        &["en.yaml:3:5: unknown field `titel`, expected one of title, body, original"],
    );
    // A layout's `annexes:` takes only its switch, as a boolean.
    assert_errors(
        &[
            (
                "report.yaml",
                "id: t\nlayout: l.yaml\neditions:\n  - lang: en\n    source: en.yaml\n",
            ),
            ("en.yaml", EDITION),
            ("l.yaml", "annexes: { restart-numbers: true }\n"),
        ],
        &["l.yaml:1:12: unknown field `restart-numbers`"],
    );
}

#[test]
fn a_layout_may_restart_paragraph_numbers_in_each_annex() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "report.yaml",
            "id: t\nlayout: l.yaml\neditions:\n  - lang: en\n    source: en.yaml\n",
        ),
        ("en.yaml", EDITION),
        ("l.yaml", "annexes: { restart-paragraph-numbers: true }\n"),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let plan = run::plan(&RunOptions::new(dir.path().join("report.yaml"))).unwrap();
    assert!(plan.editions[0].1.annexes.restart_paragraph_numbers);
    let shipped = run::plan(&RunOptions::new(report())).unwrap();
    assert!(!shipped.editions[0].1.annexes.restart_paragraph_numbers);
}

#[test]
fn a_missing_translated_annex_is_a_parity_warning() {
    let dir = tempfile::tempdir().unwrap();
    let one = "title: T\nbody:\n  - paragraph: P\nannexes:\n  - title: A\n    body:\n      - paragraph: Q\n";
    let files = [
        (
            "report.yaml",
            "id: t\noriginal: en\neditions:\n  - lang: en\n    source: en.yaml\n  - lang: fr\n    source: fr.yaml\n",
        ),
        ("en.yaml", EDITION),
        ("fr.yaml", one),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let plan = run::plan(&RunOptions::new(dir.path().join("report.yaml"))).unwrap();
    let warnings = plan.warnings.to_string();
    assert!(
        warnings.contains("edition `fr` differs from the original"),
        "{warnings}"
    );
}
