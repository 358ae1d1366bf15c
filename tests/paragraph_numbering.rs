//! Consecutive paragraph numbering, `{para:label}` and heading labels, read back the way
//! readers do: pdftotext -bbox (numbers in the margin, the same in every edition), qpdf's
//! outline, pandoc's DOCX reader and LibreOffice's rendering of the DOCX.

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use common::{Word, bbox_words, build_ok, have, read, root, tool};
use folio::run::{self, RunOptions};

const LANGS: [&str; 6] = ["en", "fr", "es", "ru", "ar", "zh"];
/// The paragraph (1-based, among `paragraph` blocks) labelled `istanbul`, the one opted out,
/// and the one whose text ends with a reference to the first.
const LABELLED: usize = 3;
const OPTED_OUT: usize = 5;
const REFERRING: usize = 8;

/// The fixture's edition with paragraph `LABELLED` labelled, `OPTED_OUT` opted out, a
/// reference at the end of `REFERRING`, and level-2 headings "RT 3.1" and "RT 3.2" before
/// paragraphs 2 and 7 (in the map form, re-indenting the text lines under `text:`).
fn edited(source: &str) -> String {
    const P: &str = "  - paragraph: ";
    let lines: Vec<&str> = source.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let (mut i, mut k) = (0, 0);
    while i < lines.len() {
        if !lines[i].starts_with(P) {
            out.push(lines[i].to_string());
            i += 1;
            continue;
        }
        k += 1;
        match k {
            2 => out.push("  - heading: \"RT 3.1\"\n    level: 2".into()),
            7 => out.push("  - heading: \"RT 3.2\"\n    level: 2".into()),
            _ => {}
        }
        let extra = match k {
            LABELLED => "      label: istanbul\n",
            OPTED_OUT => "      numbered: false\n",
            REFERRING => "",
            _ => {
                out.push(lines[i].to_string());
                i += 1;
                continue;
            }
        };
        let mut rest = lines[i][P.len()..].to_string();
        let mut more: Vec<String> = Vec::new();
        i += 1;
        while i < lines.len() && lines[i].starts_with("      ") {
            more.push(format!("  {}", lines[i]));
            i += 1;
        }
        if k == REFERRING {
            match more.last_mut() {
                Some(last) => last.push_str(" ({para:istanbul})"),
                // A one-line quoted string: before its closing quote.
                None => rest.insert_str(rest.len() - 1, "({para:istanbul})"),
            }
        }
        out.push(format!("  - paragraph:\n{extra}      text: {rest}"));
        out.extend(more);
    }
    out.join("\n") + "\n"
}

struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
}

/// The fixture with numbering on, built once with the shipped A4 layout plus heading labels.
fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let src = root().join("fixtures/roundtable-3");
        let report = read(&src.join("report.yaml"))
            .replace("layout: report-a4", "layout: numbered.yaml")
            .replace("editions:", "paragraph-numbering: true\neditions:");
        std::fs::write(dir.path().join("report.yaml"), report).unwrap();
        let layout = read(&root().join("layouts/report-a4.yaml"))
            .replace("name: report-a4", "name: numbered")
            + "headings:\n  numbering: [\"I.\", \"A.\", \"1.\"]\n";
        std::fs::write(dir.path().join("numbered.yaml"), layout).unwrap();
        for lang in LANGS {
            let text = edited(&read(&src.join(format!("{lang}.yaml"))));
            std::fs::write(dir.path().join(format!("{lang}.yaml")), text).unwrap();
        }
        let out = dir.path().join("out");
        let opts = RunOptions {
            out_dir: out.clone(),
            ..RunOptions::new(dir.path().join("report.yaml"))
        };
        build_ok(&opts);
        Built { _dir: dir, out }
    })
}

fn file(lang: &str, ext: &str) -> PathBuf {
    built().out.join(format!("roundtable-3.{lang}.{ext}"))
}

/// The numbers printed in the start margin, in reading order, each with the words that
/// follow it on its line (the paragraph's first words).
fn margin_numbers(lang: &str) -> Vec<(usize, Vec<Word>)> {
    let (width, margin) = (595.28, 25.0 * 72.0 / 25.4);
    let rtl = lang == "ar";
    let all = bbox_words(&file(lang, "pdf"));
    let in_margin = |w: &Word| match rtl {
        false => w.x0 < margin - 1.0,
        true => w.x1 > width - margin + 1.0,
    };
    let mut out: Vec<(usize, Vec<Word>)> = Vec::new();
    for w in all.iter().filter(|w| in_margin(w)) {
        let digits: String = w.text.chars().filter(char::is_ascii_digit).collect();
        let Ok(n) = digits.parse() else { continue };
        let same_line: Vec<Word> = (all.iter())
            .filter(|o| o.page == w.page && (o.y - w.y).abs() < 3.0 && !in_margin(o))
            .cloned()
            .collect();
        out.push((n, same_line));
    }
    out
}

/// How many paragraphs the edition numbers: its `paragraph` blocks less the opted-out one.
fn numbered_paragraphs(lang: &str) -> usize {
    let plan = run::plan(&RunOptions::new(built().out.join("../report.yaml"))).unwrap();
    let (edition, _) = (plan.editions.iter())
        .find(|(e, _)| e.lang.tag == lang)
        .unwrap();
    (edition.content.body.iter())
        .filter(|b| matches!(b, folio::model::Block::Paragraph { numbered: true, .. }))
        .count()
}

#[test]
fn every_edition_numbers_the_same_paragraphs_in_the_margin() {
    if !have("pdftotext") {
        return;
    }
    let count = numbered_paragraphs("en");
    assert!(count > 10, "{count}");
    let expected: Vec<usize> = (1..=count).collect();
    for lang in LANGS {
        assert_eq!(numbered_paragraphs(lang), count, "{lang}");
        let found: Vec<usize> = margin_numbers(lang).iter().map(|(n, _)| *n).collect();
        assert_eq!(found, expected, "{lang}: the numbers in the start margin");
    }
}

#[test]
fn each_number_starts_its_paragraph_and_the_opted_out_one_has_none() {
    if !have("pdftotext") {
        return;
    }
    let plan = run::plan(&RunOptions::new(built().out.join("../report.yaml"))).unwrap();
    for (edition, _) in &plan.editions {
        let lang = edition.lang.tag.as_str();
        if lang == "ar" {
            // pdftotext gives Arabic lines in visual order; the sequence test covers it.
            continue;
        }
        let paragraphs: Vec<(bool, String)> = (edition.content.body.iter())
            .filter_map(|b| match b {
                folio::model::Block::Paragraph { text, numbered, .. } => {
                    Some((*numbered, folio::model::plain_text(text)))
                }
                _ => None,
            })
            .collect();
        let numbered: Vec<&String> = (paragraphs.iter())
            .filter(|(n, _)| *n)
            .map(|(_, t)| t)
            .collect();
        for (n, line) in margin_numbers(lang) {
            let first = line.first().map(|w| w.text.clone()).unwrap_or_default();
            let start: String = first.chars().take(1).collect();
            assert!(
                numbered[n - 1].starts_with(&start) && !start.is_empty(),
                "{lang}: number {n} stands before {first:?}, not before {:?}",
                &numbered[n - 1].chars().take(30).collect::<String>()
            );
        }
        // The opted-out paragraph: its first word starts a line with no number before it,
        // and the paragraph after it has the number after the one before it.
        assert!(!paragraphs[OPTED_OUT - 1].0, "{lang}");
        let before = paragraphs[..OPTED_OUT - 1].iter().filter(|p| p.0).count();
        let numbers = margin_numbers(lang);
        let next = &numbers[before].1;
        let next_text = &paragraphs[OPTED_OUT].1;
        assert!(
            next_text.starts_with(&next[0].text.chars().take(1).collect::<String>()),
            "{lang}: {} should number the paragraph after the opted-out one",
            before + 1
        );
    }
}

#[test]
fn a_reference_becomes_the_labelled_paragraphs_number() {
    if !have("pdftotext") || !have("pandoc") {
        return;
    }
    // Paragraphs before the labelled one are all numbered.
    let expected = format!("({LABELLED})");
    for lang in LANGS {
        let (ok, text, err) = tool(
            "pdftotext",
            &[&file(lang, "pdf").display().to_string(), "-"],
        );
        assert!(ok, "{err}");
        let (ok, docx, err) = tool(
            "pandoc",
            &["-t", "plain", &file(lang, "docx").display().to_string()],
        );
        assert!(ok, "{err}");
        let mirrored = format!("){LABELLED}(");
        for (what, text) in [("PDF", &text), ("DOCX", &docx)] {
            let found = text.contains(&expected)
                || text.contains(&format!("（{LABELLED}）"))
                || (lang == "ar" && text.contains(&mirrored));
            assert!(found, "{lang} {what}: no {expected}");
            assert!(!text.contains("{para:"), "{lang} {what}");
        }
    }
}

#[test]
fn headings_are_labelled_in_the_pdf_its_outline_and_the_docx() {
    if !have("pdftotext") || !have("qpdf") || !have("pandoc") {
        return;
    }
    let pdf = file("en", "pdf");
    let (_, text, _) = tool("pdftotext", &[&pdf.display().to_string(), "-"]);
    let (ok, json, err) = tool(
        "qpdf",
        &["--json", "--json-key=outlines", &pdf.display().to_string()],
    );
    assert!(ok, "{err}");
    let (_, docx, _) = tool(
        "pandoc",
        &["-t", "plain", &file("en", "docx").display().to_string()],
    );
    for label in [
        "I.\u{A0}General summary",
        "A.\u{A0}RT 3.1",
        "B.\u{A0}RT 3.2",
    ] {
        let spaced = label.replace('\u{A0}', " ");
        for (what, text) in [("PDF", &text), ("outline", &json), ("DOCX", &docx)] {
            assert!(
                text.contains(label) || text.contains(&spaced),
                "{what}: no {spaced:?}"
            );
        }
    }
}

#[test]
fn pandoc_reads_the_docx_paragraphs_with_the_same_numbers() {
    if !have("pandoc") || !have("pdftotext") {
        return;
    }
    for lang in LANGS {
        let (ok, md, err) = tool(
            "pandoc",
            &["-t", "markdown", &file(lang, "docx").display().to_string()],
        );
        assert!(ok, "{err}");
        // Top-level ordered items: `12. Text` at the start of a line.
        let numbers: Vec<usize> = (md.lines())
            .filter_map(|l| {
                let digits: String = l.chars().take_while(char::is_ascii_digit).collect();
                let rest = &l[digits.len()..];
                (!digits.is_empty() && rest.starts_with(". ")).then(|| digits.parse().unwrap())
            })
            .collect();
        let pdf: Vec<usize> = margin_numbers(lang).iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, pdf, "{lang}: pandoc's numbers against the PDF's");
    }
}

#[test]
fn libreoffice_prints_the_numbers_of_the_docx() {
    if !have("soffice") || !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let docx = file("en", "docx");
    common::soffice_to_pdf(&[&docx], dir.path());
    let pdf = dir.path().join("roundtable-3.en.pdf");
    let (_, text, _) = tool("pdftotext", &[&pdf.display().to_string(), "-"]);
    let count = numbered_paragraphs("en");
    let mut from = 0;
    for n in 1..=count {
        let marker = format!("{n}.");
        let at = (text[from..].lines())
            .position(|l| l.trim_start().starts_with(&marker))
            .unwrap_or_else(|| panic!("LibreOffice's rendering has no {marker} after {}", n - 1));
        from += text[from..]
            .lines()
            .take(at + 1)
            .map(|l| l.len() + 1)
            .sum::<usize>();
    }
    assert!(text.contains("(a)"), "subparagraphs (a)");
    assert!(text.contains("I.") && text.contains("General summary"));
}

#[test]
fn unknown_and_duplicate_labels_are_errors_with_positions() {
    let dir = tempfile::tempdir().unwrap();
    let body = "  - paragraph:\n      text: First.\n      label: a\n  - paragraph:\n      text: Second.\n      label: a\n  - paragraph: See {para:b}.\n";
    let report = format!(
        "id: t\nparagraph-numbering: true\neditions:\n  - lang: en\n    content:\n      title: T\n      body:\n{}",
        body.lines()
            .map(|l| format!("    {l}\n"))
            .collect::<String>()
    );
    let path = dir.path().join("report.yaml");
    std::fs::write(&path, report).unwrap();
    let errors = run::plan(&RunOptions::new(&path)).err().expect("errors");
    let text = errors.to_string();
    assert!(
        text.contains("report.yaml:13:18") && text.contains("`a` is given twice"),
        "{text}"
    );
    assert!(
        text.contains("report.yaml:14:9") && text.contains("`{para:b}` names no paragraph"),
        "{text}"
    );
}
