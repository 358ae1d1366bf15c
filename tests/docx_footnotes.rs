//! Footnotes in the DOCX editions, read back the way their readers do: pandoc's DOCX reader
//! (the notes, in order, with their text, and no mark left in the body), python-docx and the
//! XML (the footnotes part, references, custom marks, styles, settings), LibreOffice then
//! pdftotext (the notes at the foot of the page of their reference).

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{build_ok, have, have_python_docx, langs, read, soffice_to_pdf, tool};
use folio::run::{Format, RunOptions};
use serde_json::Value;

/// Notes in a heading, a paragraph (with markup and a link), a list item, a quote, a table's
/// caption and one of its cells, in English and Arabic.
const REPORT: &str = r#"
id: notes
date: 2017-06-30
editions:
  - lang: en
    content:
      title: Notes
      body:
        - heading: Sessions^[A note on a heading.]
        - paragraph: The roundtable^[See *the summary* at [gfmd.org](https://gfmd.org/).] met twice.
        - list:
            items:
              - First item^[A note on a list item.]
              - Second item
        - quote: A quotation^[A note on a quote.] ends here.
        - table:
            caption: "Table 1. Sessions^[A note on a caption.]"
            header:
              - [Session, Theme]
            rows:
              - ["RT 3.1^[A note in a cell.]", Crises]
  - lang: ar
    content:
      title: ملاحظات
      body:
        - heading: الجلسات^[ملاحظة على عنوان.]
        - paragraph: اجتمعت المائدة المستديرة^[انظر *الموجز* في [gfmd.org](https://gfmd.org/).] مرتين.
        - list:
            items:
              - البند الأول^[ملاحظة على بند.]
              - البند الثاني
        - quote: اقتباس^[ملاحظة على اقتباس.] ينتهي هنا.
        - table:
            caption: "الجدول 1. الجلسات^[ملاحظة على عنوان جدول.]"
            header:
              - [الجلسة, الموضوع]
            rows:
              - ["3.1^[ملاحظة في خلية.]", الأزمات]
"#;

const NOTES_EN: [&str; 6] = [
    "A note on a heading.",
    "See the summary at gfmd.org.",
    "A note on a list item.",
    "A note on a quote.",
    "A note on a caption.",
    "A note in a cell.",
];

/// Builds the fixture's DOCX editions once per test binary.
fn fixture_docx(lang: &str) -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let opts = RunOptions {
            out_dir: dir.path().to_path_buf(),
            formats: vec![Format::Docx],
            ..RunOptions::new(common::fixture())
        };
        build_ok(&opts);
        dir
    });
    dir.path().join(format!("roundtable-3.{lang}.docx"))
}

/// Builds `REPORT` once per layout: the default (numbers) and one asking for symbols.
fn small_docx(symbols: bool, lang: &str) -> PathBuf {
    static NUMBERS: OnceLock<tempfile::TempDir> = OnceLock::new();
    static SYMBOLS: OnceLock<tempfile::TempDir> = OnceLock::new();
    let cell = if symbols { &SYMBOLS } else { &NUMBERS };
    let dir = cell.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("report.yaml");
        std::fs::write(&report, REPORT).unwrap();
        let layout = dir.path().join("symbols.yaml");
        std::fs::write(&layout, "name: symbols\nfootnotes:\n  marks: symbols\n").unwrap();
        let opts = RunOptions {
            out_dir: dir.path().join("out"),
            formats: vec![Format::Docx],
            layout: symbols.then(|| layout.display().to_string()),
            ..RunOptions::new(&report)
        };
        build_ok(&opts);
        dir
    });
    dir.path().join(format!("out/notes.{lang}.docx"))
}

fn part(docx: &Path, name: &str) -> String {
    let file = std::fs::File::open(docx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// pandoc's reading of a DOCX as JSON.
fn pandoc(docx: &Path) -> Value {
    let (ok, out, err) = tool(
        "pandoc",
        &["-f", "docx", "-t", "json", docx.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// The document's text without its notes, and each note's text, in reading order.
fn body_and_notes(v: &Value) -> (String, Vec<String>) {
    fn walk(v: &Value, body: &mut String, notes: &mut Vec<String>) {
        match v {
            Value::Object(m) => match m.get("t").and_then(Value::as_str) {
                Some("Str") => body.push_str(m["c"].as_str().unwrap()),
                Some("Space" | "SoftBreak" | "LineBreak") => body.push(' '),
                Some("Note") => {
                    let mut text = String::new();
                    walk(&m["c"], &mut text, notes);
                    notes.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
                }
                // Blocks end with a space, so paragraphs do not run together.
                Some("Para" | "Plain" | "Header") => {
                    walk(&m["c"], body, notes);
                    body.push(' ');
                }
                _ => m.values().for_each(|c| walk(c, body, notes)),
            },
            Value::Array(items) => items.iter().for_each(|c| walk(c, body, notes)),
            _ => {}
        }
    }
    let (mut body, mut notes) = (String::new(), Vec::new());
    walk(&v["blocks"], &mut body, &mut notes);
    (body, notes)
}

/// Each `^[note]` of a fixture edition's source, the text on either side of it (up to ten
/// characters, within its paragraph), which the body must read as one, and the rest of its
/// paragraph.
fn source_notes(lang: &str) -> Vec<(String, String, String, String)> {
    let text = read(&common::root().join(format!("fixtures/roundtable-3/{lang}.yaml")));
    let mut out = Vec::new();
    for line in text.lines() {
        let mut rest = line;
        while let Some(start) = rest.find("^[") {
            let end = start + rest[start..].find(']').unwrap();
            let before: String = rest[..start].chars().rev().take(10).collect();
            let after = &rest[end + 1..];
            let after: String = after[..after.find("^[").unwrap_or(after.len())]
                .chars()
                .take(10)
                .collect();
            out.push((
                rest[start + 2..end].to_owned(),
                before.chars().rev().collect(),
                after,
                rest[end + 1..].to_owned(),
            ));
            rest = &rest[end + 1..];
        }
    }
    out
}

#[test]
fn pandoc_reads_every_editions_notes_in_order_and_no_mark_in_the_body() {
    if !have("pandoc") {
        return;
    }
    for lang in langs() {
        let (body, notes) = body_and_notes(&pandoc(&fixture_docx(&lang)));
        let expected = source_notes(&lang);
        assert_eq!(expected.len(), 3, "{lang}: the fixture has three notes");
        let texts: Vec<&str> = expected.iter().map(|(t, ..)| t.as_str()).collect();
        assert_eq!(notes, texts, "{lang}");
        // The text around each reference reads straight on: no "1" after "Istanbul.". The
        // typography rules may have bound words with no-break spaces: spaces all the same.
        let spaces = |s: &str| s.replace(['\u{a0}', '\u{202f}'], " ");
        let body = spaces(&body);
        for (_, before, after, _) in &expected {
            let joined = spaces(&format!("{before}{after}"));
            assert!(
                body.contains(&joined),
                "{lang}: `{joined}` not in the body: {body}"
            );
        }
    }
}

#[test]
fn notes_in_headings_lists_quotes_captions_and_cells_keep_their_order_and_links() {
    if !have("pandoc") {
        return;
    }
    for symbols in [false, true] {
        let json = pandoc(&small_docx(symbols, "en"));
        let (body, notes) = body_and_notes(&json);
        // A custom mark is typed at the start of its note, as Word writes it.
        let expected: Vec<String> = (NOTES_EN.iter().enumerate())
            .map(|(i, note)| match symbols {
                true => format!("{} {note}", "*".repeat(i + 1)),
                false => note.to_string(),
            })
            .collect();
        assert_eq!(notes, expected, "symbols: {symbols}");
        assert!(body.contains("The roundtable met twice."), "{body}");
        assert!(body.contains("Table 1. Sessions "), "{body}");
        // The link in the second note has its target (a relationship of footnotes.xml).
        let json = json.to_string();
        assert!(json.contains(r#""https://gfmd.org/""#), "{json}");
        let (_, notes) = body_and_notes(&pandoc(&small_docx(symbols, "ar")));
        assert_eq!(notes.len(), 6, "{notes:?}");
        assert!(notes[2].ends_with("ملاحظة على بند."), "{notes:?}");
        assert!(notes[5].ends_with("ملاحظة في خلية."), "{notes:?}");
    }
    let rels = part(&small_docx(false, "en"), "word/_rels/footnotes.xml.rels");
    assert!(
        rels.contains(r#"Target="https://gfmd.org/" TargetMode="External""#),
        "{rels}"
    );
}

#[test]
fn the_xml_has_references_the_part_its_separators_styles_and_settings() {
    for lang in ["en", "ar"] {
        let docx = fixture_docx(lang);
        let document = part(&docx, "word/document.xml");
        let references: Vec<&str> = document
            .split(r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference" /></w:rPr><w:footnoteReference w:id=""#)
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        assert_eq!(references, ["1", "2", "3"], "{lang}");
        assert!(!document.contains("customMarkFollows"));

        let notes = part(&docx, "word/footnotes.xml");
        let ids: Vec<&str> = notes
            .split("<w:footnote ")
            .skip(1)
            .map(|s| {
                let s = &s[s.find("w:id=\"").unwrap() + 6..];
                &s[..s.find('"').unwrap()]
            })
            .collect();
        assert_eq!(ids, ["-1", "0", "1", "2", "3"], "{lang}");
        assert!(notes.contains(r#"<w:footnote w:type="separator" w:id="-1">"#));
        assert!(notes.contains("<w:separator />") && notes.contains("<w:continuationSeparator />"));
        // Each note: the footnote text style, then Word's own mark and a space.
        assert_eq!(
            notes
                .matches(concat!(
                    r#"<w:pStyle w:val="FootnoteText" /></w:pPr>"#,
                    r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference" /></w:rPr><w:footnoteRef /></w:r>"#,
                    r#"<w:r><w:t xml:space="preserve"> </w:t></w:r>"#
                ))
                .count(),
            3,
            "{notes}"
        );

        let types = part(&docx, "[Content_Types].xml");
        assert!(types.contains(r#"<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml" />"#));
        let rels = part(&docx, "word/_rels/document.xml.rels");
        assert!(rels.contains(r#"relationships/footnotes" Target="footnotes.xml""#));
        let settings = part(&docx, "word/settings.xml");
        assert!(
            settings.contains(
                r#"<w:footnote w:id="-1" /><w:footnote w:id="0" /></w:footnotePr><w:compat>"#
            ),
            "{settings}"
        );

        let styles = part(&docx, "word/styles.xml");
        let style = |id: &str| {
            let s = &styles[styles.find(&format!(r#"w:styleId="{id}""#)).unwrap()..];
            s[..s.find("</w:style>").unwrap()].to_owned()
        };
        assert!(style("FootnoteReference").contains(r#"<w:vertAlign w:val="superscript" />"#));
        let text = style("FootnoteText");
        assert!(text.contains(r#"<w:sz w:val="18" />"#), "{text}");
        // Arabic notes run right to left like the body.
        assert_eq!(text.contains("<w:bidi />"), lang == "ar", "{text}");
    }
}

#[test]
fn symbol_marks_are_custom_marks_in_the_body_and_the_notes() {
    let docx = small_docx(true, "en");
    let document = part(&docx, "word/document.xml");
    let marks: Vec<&str> = document
        .split(r#"<w:footnoteReference w:customMarkFollows="1" w:id=""#)
        .skip(1)
        .map(|s| {
            let s = &s[s.find(r#"<w:t xml:space="preserve">"#).unwrap() + 26..];
            &s[..s.find('<').unwrap()]
        })
        .collect();
    assert_eq!(marks, ["*", "**", "***", "****", "*****", "******"]);
    let notes = part(&docx, "word/footnotes.xml");
    assert!(!notes.contains("<w:footnoteRef />"), "{notes}");
    let second = &notes[notes.find(r#"<w:footnote w:id="2">"#).unwrap()..];
    assert!(
        second.contains(r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference" /></w:rPr><w:t xml:space="preserve">**</w:t></w:r>"#),
        "{second}"
    );
    // With numbers, no custom mark anywhere.
    let numbers = part(&small_docx(false, "en"), "word/document.xml");
    assert!(!numbers.contains("customMarkFollows"));
}

#[test]
fn python_docx_finds_the_footnotes_part_and_styles() {
    if !have_python_docx() {
        return;
    }
    let script = r#"
import sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
notes = [r.target_part for r in d.part.rels.values() if r.reltype.endswith('/footnotes')]
print(len(notes), notes[0].partname)
refs = d.element.body.findall('.//' + qn('w:footnoteReference'))
print(len(refs))
print(sorted(s.style_id for s in d.styles if s.style_id.startswith('Footnote')))
"#;
    for lang in ["en", "zh"] {
        let path = fixture_docx(lang);
        let (ok, out, err) = tool("python3", &["-c", script, path.to_str().unwrap()]);
        assert!(ok, "{err}");
        assert_eq!(
            out.lines().collect::<Vec<_>>(),
            [
                "1 /word/footnotes.xml",
                "3",
                "['FootnoteReference', 'FootnoteText']"
            ],
            "{lang}"
        );
    }
}

/// Words of a `pdftotext -bbox` page: (text, yMin).
fn bbox_pages(xhtml: &str) -> Vec<(f64, Vec<(String, f64)>)> {
    let attr = |s: &str, name: &str| -> f64 {
        let s = &s[s.find(&format!("{name}=\"")).unwrap() + name.len() + 2..];
        s[..s.find('"').unwrap()].parse().unwrap()
    };
    xhtml
        .split("<page ")
        .skip(1)
        .map(|page| {
            let height = attr(page, "height");
            let words = page
                .split("<word ")
                .skip(1)
                .map(|w| {
                    let text = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
                    (text.to_owned(), attr(w, "yMin"))
                })
                .collect();
            (height, words)
        })
        .collect()
}

/// Where `words` occur one after the other: the page and the first word's yMin.
fn find(pages: &[(f64, Vec<(String, f64)>)], words: &[&str]) -> Option<(usize, f64)> {
    pages.iter().enumerate().find_map(|(p, (_, page))| {
        (page.windows(words.len()))
            .find(|w| w.iter().zip(words).all(|((t, _), x)| t == x))
            .map(|w| (p, w[0].1))
    })
}

#[test]
fn libreoffice_sets_each_note_at_the_foot_of_its_references_page() {
    if !have("soffice") || !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (en, fr) = (fixture_docx("en"), fixture_docx("fr"));
    soffice_to_pdf(&[&en, &fr], dir.path());
    for lang in ["en", "fr"] {
        let pdf = dir.path().join(format!("roundtable-3.{lang}.pdf"));
        let (ok, xhtml, err) = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
        assert!(ok, "{err}");
        let pages = bbox_pages(&xhtml);
        for (note, _, _, rest) in source_notes(lang) {
            // Enough words that the body, which may name the same thing, does not match.
            let note_words: Vec<&str> = note.split_whitespace().take(6).collect();
            // The words after the reference: the first is the one the mark (and any
            // punctuation) stuck to.
            let after_words: Vec<&str> = rest.split_whitespace().skip(1).take(4).collect();
            let (page, y) =
                find(&pages, &note_words).unwrap_or_else(|| panic!("{lang}: {note} not found"));
            let (ref_page, ref_y) = find(&pages, &after_words)
                .unwrap_or_else(|| panic!("{lang}: `{after_words:?}` not found"));
            assert_eq!(page, ref_page, "{lang}: {note}");
            assert!(y > ref_y, "{lang}: {note} above its reference");
            assert!(
                y > pages[page].0 * 0.6,
                "{lang}: {note} at {y} of {}",
                pages[page].0
            );
        }
    }
}
