//! The information circular: the second fixture built in all six editions and both formats,
//! read back the way readers do. Page 1 of each PDF (pdftotext) has the heading, the
//! To/From/Subject labels and their values, the values starting at one x (pdftotext -bbox)
//! and, in Arabic, right of the labels' left edge; the expiry note with the date in the
//! edition's language; pandoc reads the same text from each DOCX; LibreOffice converts each
//! DOCX; misuse of the fields is an error at file:line:col.

mod common;

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use folio::edition::{format_date, lang_of};
use folio::model::plain_text;
use folio::run::{self, RunOptions};
use serde_json::Value;

fn report() -> PathBuf {
    root().join("fixtures/information-circular/report.yaml")
}

/// The heading and the three labels each edition must print (UN ST/IC usage; see
/// docs/official-documents-circular.md), and the expiry note's words before the date.
fn expected(lang: &str) -> (&'static str, [&'static str; 3], &'static str) {
    match lang {
        "en" => (
            "Information circular",
            ["To:", "From:", "Subject:"],
            "Expiration date of the present information circular:",
        ),
        "fr" => (
            "Circulaire d’information",
            ["Destinataires :", "Expéditeur :", "Objet :"],
            "Date d’expiration de la présente circulaire :",
        ),
        "es" => (
            "Circular informativa",
            ["A:", "De:", "Asunto:"],
            "Fecha de expiración de la presente circular:",
        ),
        "ru" => (
            "Информационный циркуляр",
            ["Кому:", "От:", "Тема:"],
            "Срок действия настоящего информационного циркуляра истекает",
        ),
        "ar" => (
            "تعميم إعلامي",
            ["إلى:", "من:", "الموضوع:"],
            "تاريخ انتهاء سريان هذا التعميم الإعلامي:",
        ),
        "zh" => (
            "情况通报",
            ["致：", "发文：", "事由："],
            "本情况通报的失效日期：",
        ),
        other => panic!("no expectation for {other}"),
    }
}

const LANGS: [&str; 6] = ["en", "fr", "es", "ru", "ar", "zh"];

/// Builds the circular once per test binary, both formats, and checks it plans without a
/// warning (its six editions agree in structure).
fn built() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let plan = run::plan(&RunOptions::new(report())).unwrap_or_else(|e| panic!("{e}"));
        assert!(plan.warnings.is_empty(), "{}", plan.warnings);
        let dir = tempfile::tempdir().unwrap();
        let opts = RunOptions {
            out_dir: dir.path().to_path_buf(),
            ..RunOptions::new(report())
        };
        build_ok(&opts);
        dir
    })
    .path()
}

fn output(lang: &str, ext: &str) -> PathBuf {
    built().join(format!("information-circular.{lang}.{ext}"))
}

/// Each edition's To, From and Subject as written (the typography applied), from the plan.
fn values(lang: &str) -> [String; 3] {
    let plan = run::plan(&RunOptions::new(report())).unwrap_or_else(|e| panic!("{e}"));
    let (edition, _) = (plan.editions.iter())
        .find(|(e, _)| e.lang.tag == lang)
        .unwrap();
    let head = edition.content.circular.as_ref().expect("a circular");
    [&head.to, &head.from, &head.subject].map(|line| plain_text(&line.text))
}

/// The expiry date written out in the edition's language.
fn expiry_date(lang: &str) -> String {
    format_date(jiff::civil::date(2027, 12, 31), &lang_of(lang))
}

/// Spaces of every kind as one space; poppler's bidi marks dropped.
fn flat(text: &str) -> String {
    let text: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    text.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words compared whatever order poppler gives an Arabic word's letters in: its letters
/// and digits (NFKC), sorted. Other scripts: the word as it is.
fn key(lang: &str, word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if lang != "ar" {
        return word.to_string();
    }
    let mut letters: Vec<char> = word.nfkc().filter(|c| c.is_alphanumeric()).collect();
    letters.sort_unstable();
    letters.into_iter().collect()
}

/// Whether `needle`'s words all appear in `page` (as keys, for Arabic), or `needle` itself
/// appears in `page` (other scripts, spaces flattened; Chinese without the spaces poppler
/// puts in the gaps between ideographs and digits).
fn shows(lang: &str, page: &str, needle: &str) -> bool {
    let (page, needle) = (flat(page), flat(needle));
    if lang == "zh" {
        return page.replace(' ', "").contains(&needle.replace(' ', ""));
    }
    if lang != "ar" {
        return page.contains(&needle);
    }
    let words: Vec<String> = page.split(' ').map(|w| key(lang, w)).collect();
    needle
        .split(' ')
        .map(|w| key(lang, w))
        .filter(|k| !k.is_empty())
        .all(|k| words.contains(&k))
}

#[test]
fn page_one_has_the_heading_labels_values_and_expiry_note_in_every_edition() {
    if !have("pdftotext") {
        return;
    }
    for lang in LANGS {
        let pdf = output(lang, "pdf");
        let (ok, page, err) = tool(
            "pdftotext",
            &["-f", "1", "-l", "1", pdf.to_str().unwrap(), "-"],
        );
        assert!(ok, "{err}");
        let (heading, labels, expiry) = expected(lang);
        assert!(
            shows(lang, &page, heading),
            "{lang}: no `{heading}` in\n{page}"
        );
        for (label, value) in labels.iter().zip(values(lang)) {
            assert!(shows(lang, &page, label), "{lang}: no `{label}` in\n{page}");
            assert!(
                shows(lang, &page, &value),
                "{lang}: no `{value}` in\n{page}"
            );
        }
        let note = format!("{expiry} {}", expiry_date(lang));
        assert!(shows(lang, &page, &note), "{lang}: no `{note}` in\n{page}");
    }
}

/// A word of `pdftotext -bbox` output.
#[derive(Debug)]
struct Word {
    x_min: f32,
    x_max: f32,
    y_min: f32,
    text: String,
}

fn bbox_words(pdf: &Path) -> Vec<Word> {
    let (ok, xml, err) = tool(
        "pdftotext",
        &["-f", "1", "-l", "1", "-bbox", pdf.to_str().unwrap(), "-"],
    );
    assert!(ok, "{err}");
    let attr = |line: &str, name: &str| -> f32 {
        let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + line[start..].find('"').unwrap();
        line[start..end].parse().unwrap()
    };
    xml.lines()
        .filter(|l| l.trim_start().starts_with("<word "))
        .map(|l| Word {
            x_min: attr(l, "xMin"),
            x_max: attr(l, "xMax"),
            y_min: attr(l, "yMin"),
            text: l[l.find('>').unwrap() + 1..l.rfind("</word>").unwrap()]
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">"),
        })
        .collect()
}

#[test]
fn values_start_at_one_x_beside_their_labels_mirrored_in_arabic() {
    if !have("pdftotext") {
        return;
    }
    for lang in LANGS {
        let rtl = lang == "ar";
        let words = bbox_words(&output(lang, "pdf"));
        let (_, labels, _) = expected(lang);
        let mut starts = Vec::new();
        for label in labels {
            // The label's words (poppler splits a French label at its no-break space).
            let parts: Vec<&str> = label.split([' ', '\u{a0}']).collect();
            let first = key(lang, parts[0]);
            let found = (words.iter())
                .find(|w| key(lang, &w.text) == first)
                .unwrap_or_else(|| panic!("{lang}: no label word `{}` in {words:?}", parts[0]));
            let mut line: Vec<&Word> = (words.iter())
                .filter(|w| (w.y_min - found.y_min).abs() < 1.0)
                .collect();
            // In reading order: from the right in Arabic.
            line.sort_by(|a, b| match rtl {
                true => b.x_max.total_cmp(&a.x_max),
                false => a.x_min.total_cmp(&b.x_min),
            });
            assert!(
                line.len() > parts.len(),
                "{lang}: `{label}` has no value: {line:?}"
            );
            let (label_words, value_words) = line.split_at(parts.len());
            let label_text: Vec<String> = label_words.iter().map(|w| key(lang, &w.text)).collect();
            let want: Vec<String> = parts.iter().map(|p| key(lang, p)).collect();
            assert_eq!(
                label_text, want,
                "{lang}: the line does not start with `{label}`"
            );
            // The value's first line holds the start of the value as written.
            let value = &values(lang)[starts.len()];
            for word in value_words {
                assert!(
                    shows(lang, value, &word.text),
                    "{lang}: `{}` on the line of `{label}` is not in `{value}`",
                    word.text
                );
            }
            let (label_edge, value_start) = match rtl {
                true => (
                    label_words.iter().map(|w| w.x_min).fold(f32::MAX, f32::min),
                    value_words[0].x_max,
                ),
                false => (
                    label_words.iter().map(|w| w.x_max).fold(0.0, f32::max),
                    value_words[0].x_min,
                ),
            };
            match rtl {
                true => assert!(
                    label_edge > value_start,
                    "{lang}: `{label}` is not right of its value"
                ),
                false => assert!(
                    label_edge < value_start,
                    "{lang}: `{label}` is not left of its value"
                ),
            }
            starts.push(value_start);
        }
        let spread = starts
            .iter()
            .fold(0.0f32, |m, &x| m.max((x - starts[0]).abs()));
        assert!(spread < 0.5, "{lang}: values start at {starts:?}");
    }
}

/// Plain text of a pandoc document (JSON), block by block, notes included where they are
/// referenced.
fn pandoc_text(v: &Value) -> String {
    match v {
        Value::Object(m) => match m.get("t").and_then(Value::as_str) {
            Some("Str") => m["c"].as_str().unwrap().to_owned(),
            Some("Space" | "SoftBreak" | "LineBreak") => " ".into(),
            Some("Para" | "Plain") => format!("{} ", pandoc_text(&m["c"])),
            _ => m.get("c").map(pandoc_text).unwrap_or_default(),
        },
        Value::Array(items) => items.iter().map(pandoc_text).collect(),
        _ => String::new(),
    }
}

#[test]
fn pandoc_reads_the_same_heading_block_and_note_from_every_docx() {
    if !have("pandoc") {
        return;
    }
    for lang in LANGS {
        let docx = output(lang, "docx");
        let (ok, json, err) = tool(
            "pandoc",
            &["-f", "docx", "-t", "json", docx.to_str().unwrap()],
        );
        assert!(ok, "{err}");
        let doc: Value = serde_json::from_str(&json).unwrap();
        // pandoc takes a paragraph in Word's Title style for the document's title.
        let text = flat(&format!(
            "{} {}",
            pandoc_text(&doc["meta"]["title"]),
            pandoc_text(&doc["blocks"])
        ));
        let (heading, labels, expiry) = expected(lang);
        assert!(
            shows(lang, &text, heading),
            "{lang}: no `{heading}` in {text}"
        );
        // Each label followed by its value: the table's cells in reading order.
        for (label, value) in labels.iter().zip(values(lang)) {
            let line = format!("{label} {value}");
            assert!(shows(lang, &text, &line), "{lang}: no `{line}` in {text}");
        }
        let note = format!("{expiry} {}", expiry_date(lang));
        assert!(shows(lang, &text, &note), "{lang}: no `{note}` in {text}");
    }
}

fn part(lang: &str, name: &str) -> String {
    let file = std::fs::File::open(output(lang, "docx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    (zip.by_name(name).unwrap())
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn docx_block_is_a_borderless_table_right_to_left_in_arabic_with_a_typed_star() {
    for lang in LANGS {
        let xml = part(lang, "word/document.xml");
        let (_, labels, _) = expected(lang);
        // The To/From/Subject table: the one with the first label (the official layout's
        // masthead is a table too, before it).
        let to = labels[0].split([' ', '\u{a0}']).next().unwrap();
        let table = (xml.split("<w:tbl>").skip(1))
            .map(|t| &t[..t.find("</w:tbl>").unwrap()])
            .find(|t| t.contains(to))
            .unwrap_or_else(|| panic!("{lang}: no table with {to:?}"));
        assert!(
            !table.contains(r#"w:val="single""#),
            "{lang}: the block has rules"
        );
        assert_eq!(table.contains("<w:bidiVisual />"), lang == "ar", "{lang}");
        // The heading's note is starred (a typed mark); the body's is Word's number 1.
        let starred = r#"<w:footnoteReference w:customMarkFollows="1" w:id="1" />"#;
        assert!(
            xml.contains(starred),
            "{lang}: the heading's note is not starred"
        );
        assert!(
            xml.contains(r#"<w:footnoteReference w:id="2" />"#),
            "{lang}"
        );
        // Runs take the edition's language (and Arabic its direction) from the defaults.
        let styles = part(lang, "word/styles.xml");
        assert!(
            styles.contains(&format!(r#"<w:lang w:val="{lang}""#)),
            "{lang}"
        );
        assert_eq!(styles.contains("<w:rtl />"), lang == "ar", "{lang}");
    }
}

#[test]
fn libreoffice_converts_every_docx_with_the_heading_and_labels() {
    if !have("soffice") || !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = LANGS.iter().map(|l| output(l, "docx")).collect();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    soffice_to_pdf_with_fonts(&refs, dir.path());
    for lang in LANGS {
        let pdf = dir.path().join(format!("information-circular.{lang}.pdf"));
        let (ok, page, err) = tool(
            "pdftotext",
            &["-f", "1", "-l", "1", pdf.to_str().unwrap(), "-"],
        );
        assert!(ok, "{lang}: {err}");
        let (heading, labels, _) = expected(lang);
        assert!(
            shows(lang, &page, heading),
            "{lang}: no `{heading}` in\n{page}"
        );
        for label in labels {
            assert!(shows(lang, &page, label), "{lang}: no `{label}` in\n{page}");
        }
    }
}

/// A one-edition report in a temporary folder: `report` holds the report's own fields,
/// `content` the edition's (indented under `content:`).
fn plan_of(report: &str, content: &str) -> Result<run::Plan, String> {
    let dir = tempfile::tempdir().unwrap();
    let content: String = content.lines().map(|l| format!("      {l}\n")).collect();
    let text = format!("id: c\n{report}editions:\n  - lang: en\n    content:\n{content}");
    let file = dir.path().join("report.yaml");
    std::fs::write(&file, text).unwrap();
    run::plan(&RunOptions::new(&file)).map_err(|e| e.to_string())
}

#[test]
fn misuse_is_an_error_at_its_line_and_column() {
    let circular = "kind: information-circular\n";
    let full = "title: T\nto: Staff\nfrom: The Controller\nsubject: S\nbody:\n  - paragraph: P\n";
    assert!(plan_of(circular, full).is_ok());
    let cases: [(&str, &str, &str, &str); 7] = [
        (
            "",
            full,
            "report.yaml:6:11: found `to` in a report",
            "information circular",
        ),
        (
            "kind: memo\n",
            "title: T\n",
            "report.yaml:2:7: `kind` is `memo`",
            "information-circular",
        ),
        (
            "kind: information-circular\nexpires: 2027-13-01\n",
            full,
            "report.yaml:3:10: `expires` is `2027-13-01`",
            "ISO date",
        ),
        (
            "expires: 2027-12-31\n",
            "title: T\n",
            "report.yaml:2:10: found `expires` in a report",
            "kind: information-circular",
        ),
        (
            circular,
            "title: T\nto: Staff\nfrom: The Controller\n",
            "report.yaml:6:14: this edition of an information circular has no `subject`",
            "`to`, `from` and `subject`",
        ),
        (
            circular,
            "title: T\nauthors: [{name: A}]\nto: Staff\nfrom: F\nsubject: S\n",
            "report.yaml:7:17: found `authors` in an information circular",
            "from",
        ),
        (
            circular,
            "title: T\nto: ' '\nfrom: F\nsubject: S\n",
            "report.yaml:7:11: the to is empty",
            "some text",
        ),
    ];
    for (report, content, at, expected) in cases {
        let err = plan_of(report, content)
            .err()
            .unwrap_or_else(|| panic!("no error for {report}{content}"));
        assert!(err.contains(at), "expected `{at}` in:\n{err}");
        assert!(err.contains(expected), "expected `{expected}` in:\n{err}");
    }
}

#[test]
fn an_expiry_before_the_date_of_issue_is_a_warning() {
    let plan = plan_of(
        "kind: information-circular\ndate: 2026-03-02\nexpires: 2025-12-31\n",
        "title: T\nto: Staff\nfrom: F\nsubject: S\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let warnings = plan.warnings.to_string();
    assert!(
        warnings.contains("report.yaml:4:10") && warnings.contains("before the date of issue"),
        "{warnings}"
    );
}
