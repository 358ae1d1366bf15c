//! Footnotes on the laid-out pages and in the PDF: every note starts on the page of its
//! reference (over a generated report with hundreds of notes, in both layouts and in
//! Arabic), a long note continues on the next page, notes sit under their rule at the foot
//! and on the right in Arabic, marks follow the layout, the PDF tags notes and links marks
//! to them, and bad notes are errors.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use folio::run::{self, RunOptions};
use folio::typeset::pages::{Pages, StructKind};
use folio::typeset::typeset;

/// Words for generated text: plain, and long enough to wrap.
const WORDS: &[&str] = &[
    "migration",
    "governance",
    "development",
    "countries",
    "partners",
    "report",
    "crisis",
    "protection",
    "dialogue",
    "cooperation",
];
const ARABIC: &[&str] = &[
    "الهجرة",
    "التنمية",
    "البلدان",
    "الشركاء",
    "التقرير",
    "الأزمة",
    "الحماية",
    "الحوار",
    "التعاون",
    "الحوكمة",
];

/// `n` words from `words`, deterministic in `seed`.
fn text(words: &[&str], seed: usize, n: usize) -> String {
    (0..n)
        .map(|i| words[(seed * 7 + i * 3 + i * i) % words.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// A report of `paragraphs` paragraphs, each with one or two notes of varied length
/// (every 37th note runs to about ten lines), in English and Arabic.
fn write_report(dir: &Path, paragraphs: usize) -> std::path::PathBuf {
    let edition = |words: &[&str], title: &str| {
        let mut body = String::new();
        for p in 0..paragraphs {
            let note = |k: usize| {
                let n = if k.is_multiple_of(37) {
                    120
                } else {
                    4 + k % 23
                };
                format!("^[{}.]", text(words, k, n))
            };
            let first = text(words, p, 10 + p % 40);
            let second = text(words, p + 1, 5 + p % 17);
            let notes = if p.is_multiple_of(3) {
                format!("{first}{} {second}{}", note(2 * p), note(2 * p + 1))
            } else {
                format!("{first}{} {second}", note(2 * p))
            };
            body.push_str(&format!("  - paragraph: \"{notes}.\"\n"));
        }
        format!("title: {title}\nbody:\n{body}")
    };
    std::fs::write(dir.join("en.yaml"), edition(WORDS, "Notes")).unwrap();
    std::fs::write(dir.join("ar.yaml"), edition(ARABIC, "حواش")).unwrap();
    let report = dir.join("report.yaml");
    std::fs::write(
        &report,
        "id: notes\ndate: 2017-06-30\neditions:\n  - lang: en\n    source: en.yaml\n  - lang: ar\n    source: ar.yaml\n",
    )
    .unwrap();
    report
}

/// Per note: the pages its mark is on, and the pages its lines are on.
fn note_places(pages: &Pages) -> (BTreeMap<usize, Vec<usize>>, BTreeMap<usize, Vec<usize>>) {
    let mut marks: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut starts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (p, page) in pages.pages.iter().enumerate() {
        for line in &page.lines {
            for run in &line.runs {
                if let Some(n) = run.note {
                    marks.entry(n).or_default().push(p);
                }
            }
        }
        for anchor in &page.notes {
            starts.entry(anchor.note).or_default().push(p);
        }
    }
    (marks, starts)
}

fn is_note(pages: &Pages, node: usize) -> bool {
    pages.structure[node].kind == StructKind::Note
}

#[test]
fn every_note_starts_on_the_page_of_its_reference() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path(), 300);
    for layout in ["report-a4", "report-letter"] {
        let opts = RunOptions {
            layout: Some(layout.to_string()),
            ..RunOptions::new(&report)
        };
        let plan = run::plan(&opts).unwrap_or_else(|e| panic!("{e}"));
        for (edition, resolved) in &plan.editions {
            let lang = &edition.lang.tag;
            let set = typeset(edition, resolved, &plan.fonts);
            let pages = &set.pages;
            let (marks, starts) = note_places(pages);
            assert_eq!(
                marks.len(),
                400,
                "{layout} {lang}: 400 notes are referenced"
            );
            assert_eq!(starts.len(), 400, "{layout} {lang}: 400 notes are set");
            for (n, on) in &marks {
                assert_eq!(on.len(), 1, "{layout} {lang}: note {n} marked once: {on:?}");
                assert_eq!(
                    starts.get(n),
                    Some(on),
                    "{layout} {lang}: note {} starts on another page than its mark",
                    n + 1
                );
            }
            let bottom = resolved.page.height.0 - resolved.page.margin_bottom.0;
            let mut continued = 0;
            for (p, page) in pages.pages.iter().enumerate() {
                let body = page.lines.iter().filter(|l| !is_note(pages, l.node));
                let notes: Vec<_> = page
                    .lines
                    .iter()
                    .filter(|l| is_note(pages, l.node))
                    .collect();
                // Notes sit below the body's last line, under their rule, inside the margin.
                let lowest_body = body.map(|l| l.baseline.0).fold(0.0, f32::max);
                if let Some(first) = notes.first() {
                    assert!(
                        first.baseline.0 > lowest_body + 8.0,
                        "{layout} {lang} page {}: a note overlaps the text",
                        p + 1
                    );
                    assert!(
                        !page.rules.is_empty(),
                        "{layout} {lang} page {}: notes without their rule",
                        p + 1
                    );
                    if page.notes.first().is_none_or(|a| a.y.0 > first.baseline.0) {
                        continued += 1;
                    }
                }
                for line in &notes {
                    assert!(
                        line.baseline.0 <= bottom + 0.5,
                        "{layout} {lang} page {}: a note runs into the bottom margin",
                        p + 1
                    );
                }
            }
            assert!(
                continued > 0,
                "{layout} {lang}: the ten-line notes should sometimes continue overleaf"
            );
            assert_eq!(set.stats.overfull_lines, 0, "{layout} {lang}");
        }
    }
}

#[test]
fn arabic_notes_and_their_rule_are_on_the_right() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path(), 12);
    let plan = run::plan(&RunOptions::new(&report)).unwrap_or_else(|e| panic!("{e}"));
    for (edition, layout) in &plan.editions {
        let set = typeset(edition, layout, &plan.fonts);
        let page = &set.pages.pages[0];
        let rule = page
            .rules
            .first()
            .expect("the first page has notes under a rule");
        let (left, right) = (
            layout.page.margin_start.0,
            layout.page.width.0 - layout.page.margin_start.0,
        );
        let ends = |x: f32, w: f32| (x, x + w);
        let (x0, x1) = ends(rule.x.0, rule.width.0);
        match edition.lang.direction {
            folio::edition::Direction::Rtl => {
                assert!((x1 - right).abs() < 0.5, "rule from the right: {x0}..{x1}");
                assert!(x0 > left + 100.0, "a short rule: {x0}..{x1}");
            }
            _ => assert!((x0 - left).abs() < 0.5, "rule from the left: {x0}..{x1}"),
        }
        // A one-line note starts at the start margin: its last glyph ends at the right in
        // Arabic, its first starts at the left otherwise.
        let note_line = page
            .lines
            .iter()
            .rfind(|l| set.pages.structure[l.node].kind == StructKind::Note)
            .expect("a note line");
        let start = note_line
            .runs
            .iter()
            .map(|r| r.x.0)
            .fold(f32::MAX, f32::min);
        let end = note_line
            .runs
            .iter()
            .map(|r| (r.x + r.width()).0)
            .fold(0.0, f32::max);
        match edition.lang.direction {
            folio::edition::Direction::Rtl => assert!((end - right).abs() < 1.0, "{end}"),
            _ => assert!((start - left).abs() < 1.0, "{start}"),
        }
    }
}

#[test]
fn symbol_marks_from_the_layout() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path(), 3);
    let layout = dir.path().join("symbols.yaml");
    std::fs::write(&layout, "footnotes:\n  marks: symbols\n").unwrap();
    let opts = RunOptions {
        layout: Some(layout.to_string_lossy().into_owned()),
        ..RunOptions::new(&report)
    };
    let plan = run::plan(&opts).unwrap_or_else(|e| panic!("{e}"));
    let (edition, resolved) = &plan.editions[0];
    let set = typeset(edition, resolved, &plan.fonts);
    let marks: Vec<&str> = set.pages.pages[0]
        .lines
        .iter()
        .flat_map(|l| l.runs.iter())
        .filter(|r| r.note.is_some())
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(marks, ["*", "**", "***", "****"]);
}

#[test]
fn empty_and_nested_notes_are_errors_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.yaml");
    std::fs::write(
        &report,
        "id: bad\neditions:\n  - lang: en\n    content:\n      title: T\n      body:\n        - paragraph: \"Empty^[ ] note.\"\n        - paragraph: \"Nested^[a ^[b] c] note.\"\n",
    )
    .unwrap();
    let err = match run::plan(&RunOptions::new(&report)) {
        Ok(_) => panic!("bad notes were accepted"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("report.yaml:7:"), "{err}");
    assert!(err.contains("footnote `^[]` is empty"), "{err}");
    assert!(err.contains("report.yaml:8:"), "{err}");
    assert!(err.contains("holds another footnote"), "{err}");
}

/// The fixture's PDFs: each note's text is on the page of its reference, the PDF tags notes
/// as `Note` and links every mark to its note.
#[test]
fn fixture_notes_are_on_their_pages_tagged_and_linked() {
    if !have("pdftotext") || !have("qpdf") {
        return;
    }
    for layout in ["report-a4", "report-letter"] {
        for lang in langs() {
            let pdf = out(layout, &format!("roundtable-3.{lang}.pdf"));
            let pdf = pdf.to_str().unwrap();
            let (ok, info, err) = tool("pdfinfo", &[pdf]);
            assert!(ok, "{err}");
            let pages: usize = info
                .lines()
                .find_map(|l| l.strip_prefix("Pages:"))
                .and_then(|n| n.trim().parse().ok())
                .unwrap();
            // The text of each page with the furniture; a note's mark and its first words
            // are on one page.
            let mut found = 0;
            for p in 1..=pages {
                let p = p.to_string();
                let (_, text, _) = tool(
                    "pdftotext",
                    &["-enc", "UTF-8", "-f", &p, "-l", &p, pdf, "-"],
                );
                // Poppler wraps right-to-left runs in embedding controls.
                let text: String = text
                    .chars()
                    .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}'))
                    .collect();
                let text = dehyphenate(&text);
                let sep = if lang == "zh" { "" } else { " " };
                let words: Vec<String> = text.split_whitespace().map(String::from).collect();
                let text: String = words.join(sep);
                for (mark, note) in fixture_notes(&lang).iter().enumerate() {
                    let start: String = note.split_whitespace().collect::<Vec<_>>().join(sep);
                    // The raised mark at the note's start may come out before or after
                    // its line (poppler orders by position): it is on the page, as a word.
                    let marked = words.iter().any(|w| {
                        w.trim_matches(|c: char| !c.is_ascii_digit()) == (mark + 1).to_string()
                    });
                    // Poppler reorders numbers inside right-to-left lines: Arabic notes are
                    // held to their words without digits, each on the page.
                    let on_page = match lang.as_str() {
                        "ar" => note
                            .split_whitespace()
                            .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
                            .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()))
                            .all(|w| text.split(' ').any(|t| t.contains(w))),
                        _ => text.contains(&start),
                    };
                    if on_page {
                        assert!(
                            marked,
                            "{layout} {lang} page {p}: note {} unmarked",
                            mark + 1
                        );
                        found += 1;
                    }
                }
            }
            assert_eq!(
                found, 3,
                "{layout} {lang}: three notes found with their marks"
            );
            // Tags and links, read from the uncompressed file.
            let dir = tempfile::tempdir().unwrap();
            let plain = dir.path().join("plain.pdf");
            let (ok, _, err) = tool(
                "qpdf",
                &[
                    "--qdf",
                    "--object-streams=disable",
                    pdf,
                    plain.to_str().unwrap(),
                ],
            );
            assert!(ok, "{err}");
            let bytes = std::fs::read(&plain).unwrap();
            let raw = String::from_utf8_lossy(&bytes);
            assert_eq!(
                raw.matches("/S /Note").count(),
                3,
                "{layout} {lang}: three Note elements"
            );
            // Each mark's link leads to a place in the document, not to a URL.
            let internal = raw.matches("/Subtype /Link").count() - raw.matches("/URI").count();
            assert!(internal >= 3, "{layout} {lang}: {internal} internal links");
        }
    }
}

/// The fixture edition's notes as written.
fn fixture_notes(lang: &str) -> Vec<String> {
    let text = std::fs::read_to_string(fixture().with_file_name(format!("{lang}.yaml"))).unwrap();
    text.match_indices("^[")
        .map(|(i, _)| {
            let rest = &text[i + 2..];
            rest[..rest.find(']').unwrap()].to_string()
        })
        .collect()
}

#[test]
fn marks_restart_on_every_page_when_the_layout_asks() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path(), 60);
    let layout = dir.path().join("per-page.yaml");
    std::fs::write(&layout, "footnotes:\n  restart: page\n").unwrap();
    let opts = RunOptions {
        layout: Some(layout.to_string_lossy().into_owned()),
        ..RunOptions::new(&report)
    };
    let plan = run::plan(&opts).unwrap_or_else(|e| panic!("{e}"));
    for (edition, resolved) in &plan.editions {
        let set = typeset(edition, resolved, &plan.fonts);
        let pages = &set.pages.pages;
        assert!(pages.len() > 3, "the notes run over several pages");
        for (p, page) in pages.iter().enumerate() {
            // In note order: a right-to-left line holds its runs in visual order.
            let mut marks: Vec<(usize, &str)> = page
                .lines
                .iter()
                .flat_map(|l| l.runs.iter())
                .filter_map(|r| r.note.map(|n| (n, r.text.as_str())))
                .collect();
            marks.sort();
            let marks: Vec<&str> = marks.into_iter().map(|(_, m)| m).collect();
            let expected: Vec<String> = (1..=marks.len()).map(|n| n.to_string()).collect();
            assert_eq!(
                marks,
                expected,
                "{} page {}: marks count from 1 on each page",
                edition.lang.tag,
                p + 1
            );
            // Each note starts with the mark its reference shows.
            for anchor in &page.notes {
                let mark = page
                    .lines
                    .iter()
                    .flat_map(|l| l.runs.iter())
                    .find(|r| r.note == Some(anchor.note))
                    .map(|r| r.text.clone())
                    .expect("the note's mark is on its page");
                assert!(anchor.text.starts_with(&mark), "{:?} {mark}", anchor.text);
            }
        }
    }
}
