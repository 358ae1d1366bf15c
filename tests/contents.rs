//! Tables of contents as readers see them: pdftotext finds the title in each language and
//! every heading with the page it is on after dot leaders; the entries link to the headings'
//! pages; Arabic puts the number on the left; the DOCX holds a real TOC field (python-docx,
//! pandoc, LibreOffice) showing the same numbers; a contents longer than a page still gets
//! its numbers right.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use folio::edition::{contents_title, lang_of};
use folio::model::{Block, plain_text};
use folio::run::{self, Format, RunOptions};
use serde_json::Value;

/// pdftotext's text of a PDF, one string per page.
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let (ok, text, err) = tool("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
    assert!(ok, "{err}");
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// A line of a contents entry's end: the dot leaders.
fn has_leaders(line: &str) -> bool {
    line.contains(". . .")
}

/// A contents entry as read: the tokens of its lines and its page number.
type Entry = (Vec<String>, usize);

/// What pdftotext shows of the contents: per entry, the tokens of its lines (the lines since
/// the previous entry's end, page furniture included) and the number its last line ends with; and where the last
/// entry ends (page, line), after which the body's headings come.
fn read_entries(lang: &str, pages: &[String]) -> (Vec<Entry>, (usize, usize)) {
    let mut entries = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    let mut end = (0, 0);
    for (p, page) in pages.iter().enumerate() {
        for (l, line) in page.lines().enumerate() {
            let mut toks = tokens(lang, line);
            if !has_leaders(line) {
                pending.extend(toks);
                continue;
            }
            toks.retain(|t| t != ".");
            let at = toks
                .iter()
                .rposition(|t| t.chars().all(|c| c.is_ascii_digit()))
                .unwrap_or_else(|| panic!("{lang}: no page number in {line:?}"));
            let number: usize = toks.remove(at).parse().unwrap();
            pending.extend(toks);
            entries.push((std::mem::take(&mut pending), number));
            end = (p, l);
        }
    }
    (entries, end)
}

/// The page (from 1) of the first line after `after` whose tokens begin `heading` (a heading
/// may take two lines in the body).
fn heading_page(lang: &str, pages: &[String], after: (usize, usize), heading: &[String]) -> usize {
    for (p, page) in pages.iter().enumerate().skip(after.0) {
        for (l, line) in page.lines().enumerate() {
            if p == after.0 && l <= after.1 || has_leaders(line) {
                continue;
            }
            let toks = tokens(lang, line);
            if !toks.is_empty() && heading.starts_with(&toks) && toks.len() >= heading.len().min(3)
            {
                return p + 1;
            }
        }
    }
    panic!("{lang}: heading {heading:?} not found after the contents");
}

/// The edition's headings down to `levels` as plain text, in reading order.
fn headings_of(body: &[Block]) -> Vec<String> {
    let levels = body
        .iter()
        .find_map(|b| match b {
            Block::Contents { levels, .. } => Some(*levels),
            _ => None,
        })
        .expect("a contents block");
    body.iter()
        .filter_map(|b| match b {
            Block::Heading { level, text, .. } if *level <= levels => Some(plain_text(text)),
            _ => None,
        })
        .collect()
}

/// Every link annotation of a PDF whose destination is a page of the document: (its alt
/// text, the page it is on, the page it leads to), pages from 0.
fn internal_links(pdf: &Path) -> Vec<(String, usize, usize)> {
    let (ok, json, err) = tool("qpdf", &["--json=2", pdf.to_str().unwrap()]);
    assert!(ok, "{err}");
    let json: Value = serde_json::from_str(&json).unwrap();
    let objects = &json["qpdf"][1];
    let value = |reference: &Value| {
        objects[format!("obj:{}", reference.as_str().unwrap())]["value"].clone()
    };
    let pages: Vec<String> = (json["pages"].as_array().unwrap().iter())
        .map(|p| p["object"].as_str().unwrap().to_string())
        .collect();
    let mut links = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let dict = &objects[format!("obj:{page}")]["value"];
        let annots = match &dict["/Annots"] {
            Value::Array(a) => a.clone(),
            Value::String(_) => value(&dict["/Annots"])
                .as_array()
                .cloned()
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        for annot in annots {
            let annot = value(&annot);
            if annot["/Subtype"] != "/Link" || annot["/Dest"].is_null() {
                continue;
            }
            let dest = match &annot["/Dest"] {
                Value::String(_) => value(&annot["/Dest"]),
                other => other.clone(),
            };
            let target = dest[0].as_str().unwrap();
            let to = pages.iter().position(|q| q == target).unwrap();
            let alt = annot["/Contents"].as_str().unwrap_or_default();
            links.push((alt.trim_start_matches("u:").to_string(), p, to));
        }
    }
    links
}

/// For every edition and both shipped layouts: the title in the edition's language on the
/// contents' page, each heading's entry with the page pdftotext finds the heading on, and a
/// link from the entry to that page.
#[test]
fn fixture_contents_show_every_heading_with_its_page_and_link_there() {
    if !have("pdftotext") || !have("qpdf") {
        return;
    }
    let plan = run::plan(&RunOptions::new(fixture())).unwrap();
    for layout in ["report-a4", "report-letter"] {
        for (edition, _) in &plan.editions {
            let lang = edition.lang.tag.as_str();
            let pdf = out(layout, &format!("roundtable-3.{lang}.pdf"));
            let pages = pdf_pages(&pdf);
            let title = tokens(lang, contents_title(&edition.lang));
            let (entries, end) = read_entries(lang, &pages);
            let first = tokens(lang, &pages[0]);
            assert!(
                first.windows(title.len()).any(|w| w == title),
                "{layout} {lang}: no {title:?} on page 1"
            );
            let headings = headings_of(&edition.content.body);
            assert_eq!(
                entries.len(),
                headings.len(),
                "{layout} {lang}: {entries:?}"
            );
            let links = internal_links(&pdf);
            for ((shown, number), heading) in entries.iter().zip(&headings) {
                let heading_tokens = tokens(lang, heading);
                assert!(
                    shown.ends_with(&heading_tokens),
                    "{layout} {lang}: entry {shown:?} for {heading:?}"
                );
                let page = heading_page(lang, &pages, end, &heading_tokens);
                assert_eq!(*number, page, "{layout} {lang}: {heading:?}");
                assert!(
                    links
                        .iter()
                        .any(|(alt, _, to)| alt == heading && to + 1 == page),
                    "{layout} {lang}: no link from {heading:?} to page {page}: {links:?}"
                );
            }
        }
    }
}

/// pdftotext's words of one page with their boxes: (text, xMin, yMin).
fn words_with_boxes(pdf: &Path, page: usize) -> Vec<(String, f32, f32)> {
    let p = page.to_string();
    let (ok, html, err) = tool(
        "pdftotext",
        &["-bbox", "-f", &p, "-l", &p, pdf.to_str().unwrap(), "-"],
    );
    assert!(ok, "{err}");
    let attr = |tag: &str, name: &str| -> f32 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
    };
    html.split("<word ")
        .skip(1)
        .map(|w| {
            let (tag, rest) = w.split_once('>').unwrap();
            let text = rest.split("</word>").next().unwrap().to_string();
            (text, attr(tag, "xMin"), attr(tag, "yMin"))
        })
        .collect()
}

#[test]
fn arabic_entries_have_their_number_on_the_left() {
    if !have("pdftotext") {
        return;
    }
    for layout in ["report-a4", "report-letter"] {
        let pdf = out(layout, "roundtable-3.ar.pdf");
        let words = words_with_boxes(&pdf, 1);
        let leader = words
            .iter()
            .find(|(t, _, _)| t == ".")
            .unwrap_or_else(|| panic!("{layout}: no leaders on page 1"));
        let line: Vec<_> = words
            .iter()
            .filter(|(_, _, y)| (y - leader.2).abs() < 2.0)
            .collect();
        let number = line
            .iter()
            .find(|(t, _, _)| t.chars().all(|c| c.is_ascii_digit()))
            .unwrap_or_else(|| panic!("{layout}: no number on the entry's line: {line:?}"));
        let arabic: Vec<_> = line
            .iter()
            .filter(|(t, _, _)| {
                t.chars()
                    .any(|c| ('\u{600}'..='\u{6ff}').contains(&c) || c >= '\u{fb50}')
            })
            .collect();
        assert!(!arabic.is_empty(), "{layout}: {line:?}");
        for (t, x, _) in line.iter().filter(|(t, _, _)| t == ".") {
            assert!(
                number.1 < *x,
                "{layout}: a leader {t} at {x} left of the number"
            );
        }
        for (t, x, _) in arabic {
            assert!(
                number.1 < *x,
                "{layout}: number at {} not left of {t} at {x}",
                number.1
            );
        }
    }
}

/// Runs python-docx on a DOCX and returns what it finds of the table of contents.
fn docx_contents(docx: &Path) -> Value {
    let script = r#"
import json, sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
body = d.element.body
styles = {}
for name in ['TOC Heading', 'toc 1', 'toc 2', 'toc 3']:
    s = d.styles[name]
    styles[name] = [[str(t.alignment), str(t.leader), int(t.position.pt * 20)] for t in s.paragraph_format.tab_stops]
update = d.settings.element.find(qn('w:updateFields'))
print(json.dumps({
    'instr': [t.text for t in body.iter(qn('w:instrText'))],
    'bookmarks': [[p.style.name, b.get(qn('w:name'))] for p in d.paragraphs for b in p._p.iter(qn('w:bookmarkStart'))],
    'anchors': [h.get(qn('w:anchor')) for h in body.iter(qn('w:hyperlink')) if h.get(qn('w:anchor'))],
    'entries': [[p.style.name, p.text] for p in d.paragraphs if p.style.name.startswith('toc ')],
    'titles': [p.text for p in d.paragraphs if p.style.name == 'TOC Heading'],
    'styles': styles,
    'update': None if update is None else update.get(qn('w:val')),
}))
"#;
    let (ok, json, err) = tool("python3", &["-c", script, docx.to_str().unwrap()]);
    assert!(ok, "{err}");
    serde_json::from_str(&json).unwrap()
}

#[test]
fn docx_holds_a_toc_field_with_bookmarked_headings_and_the_pdf_numbers() {
    if !have_python_docx() {
        return;
    }
    let plan = run::plan(&RunOptions::new(fixture())).unwrap();
    for (edition, layout) in &plan.editions {
        let lang = edition.lang.tag.as_str();
        let toc = docx_contents(&out("report-a4", &format!("roundtable-3.{lang}.docx")));
        let instr = toc["instr"].as_array().unwrap();
        assert!(
            instr
                .iter()
                .any(|i| i.as_str().unwrap().trim() == r#"TOC \o "1-2" \h \z \u"#),
            "{lang}: {instr:?}"
        );
        assert_eq!(toc["update"], "true", "{lang}");
        assert_eq!(toc["titles"][0], contents_title(&edition.lang), "{lang}");
        // Each entry links to a bookmark on its heading, and shows the PDF's page.
        let headings = headings_of(&edition.content.body);
        let bookmarks = toc["bookmarks"].as_array().unwrap();
        let anchors = toc["anchors"].as_array().unwrap();
        assert_eq!(bookmarks.len(), headings.len(), "{lang}: {bookmarks:?}");
        for (mark, anchor) in bookmarks.iter().zip(anchors) {
            assert!(
                mark[0].as_str().unwrap().starts_with("Heading"),
                "{lang}: {mark}"
            );
            assert!(
                mark[1].as_str().unwrap().starts_with("_Toc"),
                "{lang}: {mark}"
            );
            assert_eq!(&mark[1], anchor, "{lang}");
        }
        let pdf = pdf_pages(&out("report-a4", &format!("roundtable-3.{lang}.pdf")));
        let (pdf_entries, _) = read_entries(lang, &pdf);
        let entries = toc["entries"].as_array().unwrap();
        assert_eq!(entries.len(), headings.len(), "{lang}: {entries:?}");
        for ((entry, heading), (_, number)) in entries.iter().zip(&headings).zip(&pdf_entries) {
            assert_eq!(entry[0], "toc 1", "{lang}");
            assert_eq!(entry[1], format!("{heading}\t{number}"), "{lang}");
        }
        // The entry styles' dot-leader tab at the end of the text.
        let width = (layout.text_width().0 * 20.0).round() as i64;
        for name in ["toc 1", "toc 2", "toc 3"] {
            let tabs = toc["styles"][name].as_array().unwrap();
            assert_eq!(tabs.len(), 1, "{lang} {name}: {tabs:?}");
            assert!(tabs[0][0].as_str().unwrap().contains("RIGHT"), "{tabs:?}");
            assert!(tabs[0][1].as_str().unwrap().contains("DOTS"), "{tabs:?}");
            assert!(
                (tabs[0][2].as_i64().unwrap() - width).abs() <= 1,
                "{tabs:?} {width}"
            );
        }
    }
}

#[test]
fn pandoc_and_libreoffice_read_the_entries() {
    let plan = run::plan(&RunOptions::new(fixture())).unwrap();
    let docx = |lang: &str| out("report-a4", &format!("roundtable-3.{lang}.docx"));
    if have("pandoc") {
        for (edition, _) in &plan.editions {
            let lang = edition.lang.tag.as_str();
            let (ok, text, err) = tool(
                "pandoc",
                &["-f", "docx", "-t", "plain", docx(lang).to_str().unwrap()],
            );
            assert!(ok, "{err}");
            let title = contents_title(&edition.lang);
            let heading = &headings_of(&edition.content.body)[0];
            let entry = format!("{heading} 1");
            assert!(
                text.contains(&format!("{title}\n\n{entry}\n")),
                "{lang}: no {title:?} then {entry:?} in pandoc's text:\n{text}"
            );
        }
    }
    if have("soffice") && have("pdftotext") {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = ["en", "ar", "zh"].iter().map(|l| docx(l)).collect();
        let files: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        soffice_to_pdf(&files, dir.path());
        for lang in ["en", "ar", "zh"] {
            let pages = pdf_pages(&dir.path().join(format!("roundtable-3.{lang}.pdf")));
            let title = tokens(lang, contents_title(&lang_of(lang)));
            let first = tokens(lang, &pages[0]);
            assert!(
                first.windows(title.len()).any(|w| w == title),
                "{lang}: {first:?}"
            );
            // Word's leader is a run of dots, perhaps without spaces around it.
            let entry = pages[0]
                .lines()
                .find(|l| l.contains("....."))
                .unwrap_or_else(|| panic!("{lang}: no entry with leaders: {}", pages[0]));
            let entry = tokens(lang, &entry.replace('.', " "));
            assert!(entry.contains(&"1".to_string()), "{lang}: {entry:?}");
        }
    }
}

/// A report of sixty headings on three levels, some long enough to wrap in the contents, in
/// English and Arabic; with `layout`, a layout file beside it.
fn long_report(dir: &Path, layout: Option<&str>) -> PathBuf {
    let letters: Vec<char> = "بتثجحخدذ".chars().collect();
    let edition = |ar: bool| {
        let mut body = String::from("  - contents: {levels: 3}\n");
        for i in 0..60 {
            let level = [1, 2, 2, 3, 3][i % 5];
            // Arabic keys are letter pairs after ظ, which no word of the text has.
            let key = match ar {
                false => format!("Section {}", i + 1),
                true => format!("القسم ظ{}{}", letters[i / 8], letters[i % 8]),
            };
            let long = match (i % 7 == 6, ar) {
                (false, _) => "",
                (true, false) => {
                    " and a much longer title that needs more than one line in the contents"
                }
                (true, true) => " وعنوان أطول بكثير يحتاج إلى أكثر من سطر واحد في المحتويات",
            };
            let about = if ar {
                "بشأن حوكمة الهجرة"
            } else {
                "on the governance of migration"
            };
            let text = if ar {
                "تناولت المجموعة الثالثة من اجتماعات المائدة المستديرة حوكمة الهجرة والتنمية. "
                    .repeat(5)
            } else {
                "The perspectives of different actors were presented: governments of countries of origin, transit and destination, but also the private sector and the civil society. ".repeat(3)
            };
            body.push_str(&format!(
                "  - heading: \"{key} {about}{long}\"\n    level: {level}\n  - paragraph: \"{text}\"\n"
            ));
        }
        format!(
            "title: {}\nbody:\n{body}",
            if ar {
                "تقرير طويل"
            } else {
                "A long report"
            }
        )
    };
    std::fs::write(dir.join("en.yaml"), edition(false)).unwrap();
    std::fs::write(dir.join("ar.yaml"), edition(true)).unwrap();
    let mut report = String::from("id: long\ndate: 2017-06-30\n");
    if let Some(layout) = layout {
        std::fs::write(dir.join("layout.yaml"), layout).unwrap();
        report.push_str("layout: layout.yaml\n");
    }
    report.push_str(
        "editions:\n  - lang: en\n    source: en.yaml\n  - lang: ar\n    source: ar.yaml\n",
    );
    let path = dir.join("report.yaml");
    std::fs::write(&path, report).unwrap();
    path
}

/// The key of a heading or entry (its section number, or its Arabic letter pair).
fn key(lang: &str, toks: &[String]) -> String {
    match lang {
        "ar" => toks
            .iter()
            .find(|t| t.starts_with('ظ') && t.chars().count() == 3)
            .cloned()
            .unwrap_or_default(),
        _ => toks
            .iter()
            .position(|t| t == "Section")
            .and_then(|i| toks.get(i + 1).cloned())
            .unwrap_or_default(),
    }
}

/// Builds the long report; checks that every entry shows the page its heading is on and
/// links there, and that the DOCX (from the same build, and built alone) shows the same.
fn check_long_report(report: &Path, min_contents_pages: usize) {
    let dir = report.parent().unwrap();
    for formats in [vec![Format::Pdf, Format::Docx], vec![Format::Docx]] {
        let out = dir.join(format!("out-{}", formats.len()));
        let result = run::build(&RunOptions {
            out_dir: out.clone(),
            formats: formats.clone(),
            ..RunOptions::new(report)
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(!result.failed, "{:?}", result.warnings);
        assert!(
            !result.warnings.iter().any(|w| w.contains("contents")),
            "{:?}",
            result.warnings
        );
    }
    for lang in ["en", "ar"] {
        let pdf = dir.join(format!("out-2/long.{lang}.pdf"));
        let pages = pdf_pages(&pdf);
        let (entries, end) = read_entries(lang, &pages);
        assert_eq!(entries.len(), 60, "{lang}");
        assert!(
            end.0 + 1 >= min_contents_pages,
            "{lang}: contents end on page {}",
            end.0 + 1
        );
        let links = internal_links(&pdf);
        let mut numbers = Vec::new();
        for (shown, number) in &entries {
            let key = key(lang, shown);
            assert!(!key.is_empty(), "{lang}: {shown:?}");
            let heading = (pages.iter().enumerate().skip(end.0))
                .flat_map(|(p, page)| page.lines().enumerate().map(move |(l, line)| (p, l, line)))
                .filter(|&(p, l, line)| (p, l) > end && !has_leaders(line))
                .find(|(_, _, line)| {
                    let toks = tokens(lang, line);
                    key_of_heading(lang, &toks) == Some(key.clone())
                })
                .unwrap_or_else(|| panic!("{lang}: heading {key} not found"));
            assert_eq!(*number, heading.0 + 1, "{lang}: entry {key}");
            assert!(
                links.iter().any(|(alt, from, to)| names(lang, alt, &key)
                    && *from <= end.0
                    && to + 1 == *number),
                "{lang}: no link for {key} to page {number}"
            );
            numbers.push(*number);
        }
        assert!(
            numbers.iter().any(|&n| n >= 10),
            "{lang}: two-digit pages: {numbers:?}"
        );
        // The DOCX shows the PDF's numbers, whether its PDF was built alongside or not.
        if have_python_docx() {
            for out in ["out-2", "out-1"] {
                let toc = docx_contents(&dir.join(format!("{out}/long.{lang}.docx")));
                let shown: Vec<usize> = (toc["entries"].as_array().unwrap().iter())
                    .map(|e| {
                        e[1].as_str()
                            .unwrap()
                            .rsplit('\t')
                            .next()
                            .unwrap()
                            .parse()
                            .unwrap()
                    })
                    .collect();
                assert_eq!(shown, numbers, "{lang} {out}");
            }
        }
    }
}

/// Whether a link's alt text (the heading) is the heading of `key`.
fn names(lang: &str, alt: &str, key: &str) -> bool {
    match lang {
        "ar" => alt.contains(key),
        _ => alt.starts_with(&format!("Section {key} ")),
    }
}

/// A body heading's key: its first line starts with the key ("Section 12", "القسم ظبت").
fn key_of_heading(lang: &str, toks: &[String]) -> Option<String> {
    match lang {
        "ar" => toks
            .iter()
            .take(3)
            .find(|t| t.starts_with('ظ') && t.chars().count() == 3)
            .cloned(),
        _ => (toks.first().map(String::as_str) == Some("Section")).then(|| toks.get(1).cloned())?,
    }
}

#[test]
fn a_long_contents_gets_every_page_number_right() {
    if !have("pdftotext") || !have("qpdf") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    check_long_report(&long_report(dir.path(), None), 2);
}

/// Entries set far apart: the contents takes several pages, so every heading moves by pages
/// once the contents is in, and the numbers must follow.
#[test]
fn a_layout_that_makes_the_contents_pages_long_still_numbers_right() {
    if !have("pdftotext") || !have("qpdf") {
        return;
    }
    let layout = "name: tall-contents\nstyles:\n  contents-title: { size: 24pt, leading: 30pt, space-after: 24pt }\n  contents-1: { leading: 40pt }\n  contents-2: { leading: 40pt }\n  contents-3: { leading: 40pt }\n";
    let dir = tempfile::tempdir().unwrap();
    check_long_report(&long_report(dir.path(), Some(layout)), 4);
}

/// A contents block with levels out of range, a second contents block and an unknown field
/// are errors naming file:line:col and what was expected; nothing is written.
#[test]
fn bad_contents_blocks_are_errors_with_positions() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.yaml");
    std::fs::write(
        &report,
        "id: t\ndate: 2017-06-30\neditions:\n  - lang: en\n    content:\n      title: T\n      body:\n        - contents: {levels: 4}\n        - heading: H\n        - contents\n",
    )
    .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["check", report.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{err}");
    for needle in [
        "report.yaml:8:30: `levels` of the contents is 4; expected 1, 2 or 3",
        "report.yaml:10:11: found a second `contents` block; expected at most one per edition",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    // serde stops an edition's body at its first unknown field, so this one on its own.
    std::fs::write(
        &report,
        "id: t\neditions:\n  - lang: en\n    content:\n      title: T\n      body:\n        - contents: {level: 2}\n",
    )
    .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["check", report.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("report.yaml:7:") && err.contains("`level`") && err.contains("levels"),
        "{err}"
    );
}
