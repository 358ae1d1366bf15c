//! End-to-end: the fixture built in both layouts, and every output read back the way real
//! readers do (qpdf, poppler, pandoc, LibreOffice).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use folio::model::{Block, Content, EmphasisStyle, List, plain_text};
use folio::run::{self, RunOptions};
use serde_json::Value;

const LAYOUTS: [&str; 2] = ["report-a4", "report-letter"];

fn content(lang: &str) -> std::sync::Arc<Content> {
    let plan = run::plan(&RunOptions::new(fixture())).unwrap();
    plan.editions
        .iter()
        .find(|(e, _)| e.lang.tag == lang)
        .unwrap()
        .0
        .content
        .clone()
}

/// Words a page prints besides the content: header and footer fields, page numbers, list
/// markers.
fn furniture(lang: &str) -> std::collections::BTreeSet<String> {
    let plan = run::plan(&RunOptions::new(fixture())).unwrap();
    let (e, layout) = plan
        .editions
        .iter()
        .find(|(e, _)| e.lang.tag == lang)
        .unwrap();
    let mut text = format!(
        "{} {} {} {}",
        e.date.clone().unwrap_or_default(),
        e.original_label.clone().unwrap_or_default(),
        e.symbol.clone().unwrap_or_default(),
        e.title_text()
    );
    for n in 1..100 {
        text.push_str(&format!(" {n} {n}. ({n}) {n}/"));
        // "{page} / {pages}" may come out of pdftotext without its spaces.
        for m in 1..20 {
            text.push_str(&format!(" {n}/{m}"));
        }
    }
    // A contents entry's dot leaders.
    text.push_str(" . ");
    for level in &layout.list_levels {
        text.push_str(&format!(" {} ", level.bullet));
        for n in 1..30 {
            let pattern = folio::layouts::numbering::parse_pattern(&level.numbered).unwrap();
            text.push_str(&format!(" {} ", pattern.marker(n)));
        }
    }
    tokens(lang, &text).into_iter().collect()
}

/// Every word the edition prints from its source, in reading order; table cells only when
/// `cells` (poppler reads a table line by line across its cells, not cell by cell: tables
/// have their own test, `tables_read_row_by_row`).
/// The text of runs as printed: each footnote reference is its mark (the shipped layouts
/// number notes 1, 2, 3 through the document, in reading order).
fn marked(runs: &[folio::model::Inline], marks: &mut usize) -> String {
    runs.iter()
        .map(|r| match r.note {
            Some(_) => {
                *marks += 1;
                marks.to_string()
            }
            None => r.text.clone(),
        })
        .collect()
}

/// The words of every footnote, and note marks, as set at the page foot.
fn note_words(lang: &str, c: &Content) -> Vec<String> {
    fn notes(t: &[folio::model::Inline], out: &mut String) {
        for note in folio::model::notes_in(t) {
            out.push_str(&plain_text(&note.text));
            out.push(' ');
        }
    }
    fn items(l: &List, out: &mut String) {
        for item in &l.items {
            notes(&item.text, out);
            if let Some(sub) = &item.sublist {
                items(sub, out);
            }
        }
    }
    let mut text = String::new();
    for block in &c.body {
        match block {
            Block::Heading { text: t, .. }
            | Block::Paragraph { text: t, .. }
            | Block::Quote { text: t, .. } => notes(t, &mut text),
            Block::List(l) => items(l, &mut text),
            _ => {}
        }
    }
    let mut words = tokens(lang, &text);
    words.extend((1..=words.len()).map(|n| n.to_string()));
    words
}

fn source_words(lang: &str, c: &Content, cells: bool) -> Vec<String> {
    let marks = &mut 0;
    fn list(l: &List, out: &mut String, marks: &mut usize) {
        for item in &l.items {
            out.push_str(&marked(&item.text, marks));
            out.push('\n');
            if let Some(sub) = &item.sublist {
                list(sub, out, marks);
            }
        }
    }
    let mut text = format!(
        "{}\n{}\n",
        marked(&c.title, marks),
        marked(&c.subtitle, marks)
    );
    for a in &c.authors {
        text.push_str(&marked(&a.name, marks));
        text.push('\n');
        for line in &a.affiliation {
            text.push_str(&marked(line, marks));
            text.push('\n');
        }
    }
    for block in &c.body {
        match block {
            Block::Heading { text: t, .. }
            | Block::Paragraph { text: t, .. }
            | Block::Quote { text: t, .. } => {
                text.push_str(&marked(t, marks));
                text.push('\n');
            }
            Block::List(l) => list(l, &mut text, marks),
            Block::Figure(f) => {
                text.push_str(&marked(&f.caption, marks));
                text.push('\n');
            }
            // Caption, then the cells row by row.
            Block::Table(t) => {
                text.push_str(&marked(&t.caption, marks));
                text.push('\n');
                for row in t.header.iter().chain(&t.rows).filter(|_| cells) {
                    for cell in &row.cells {
                        text.push_str(&marked(&cell.paras.concat(), marks));
                        text.push('\n');
                    }
                }
            }
            Block::PageBreak { .. } => {}
            // The title, then the headings it lists (their page numbers are furniture).
            Block::Contents { levels, .. } => {
                text.push_str(folio::edition::contents_title(&folio::edition::lang_of(
                    lang,
                )));
                text.push('\n');
                for (_, heading) in headings(c, *levels) {
                    text.push_str(&plain_text(heading));
                    text.push('\n');
                }
            }
        }
    }
    tokens(lang, &text)
}

/// The headings of an edition down to `levels`, as a contents block lists them.
fn headings(c: &Content, levels: u8) -> Vec<(u8, &[folio::model::Inline])> {
    c.body
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, text, .. } if *level <= levels => Some((*level, &text[..])),
            _ => None,
        })
        .collect()
}

#[test]
fn manifest_lists_every_output_with_its_hash() {
    for layout in LAYOUTS {
        let (dir, result) = built(layout);
        let manifest: Value =
            serde_json::from_str(&read(&dir.path().join("manifest.json"))).unwrap();
        let outputs = manifest["outputs"].as_array().unwrap();
        assert_eq!(outputs.len(), 2 * langs().len());
        assert_eq!(manifest["report"], "roundtable-3");
        assert!(manifest["tool"].as_str().unwrap().starts_with("folio "));
        let keys: Vec<(String, String)> = outputs
            .iter()
            .map(|o| {
                (
                    o["lang"].as_str().unwrap().into(),
                    o["format"].as_str().unwrap().into(),
                )
            })
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "sorted by edition then format");
        for o in outputs {
            let bytes = std::fs::read(dir.path().join(o["path"].as_str().unwrap())).unwrap();
            assert_eq!(o["bytes"].as_u64().unwrap() as usize, bytes.len());
            use sha2::Digest;
            let hash: String = sha2::Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(o["sha256"].as_str().unwrap(), hash);
            assert_eq!(o["status"], "ok");
        }
        assert_eq!(result.manifest.outputs.len(), outputs.len());
    }
}

#[test]
fn pdfs_pass_qpdf_and_embed_subset_fonts() {
    if !have("qpdf") || !have("pdffonts") || !have("pdfinfo") {
        return;
    }
    for layout in LAYOUTS {
        for lang in langs() {
            let pdf = out(layout, &format!("roundtable-3.{lang}.pdf"));
            let pdf = pdf.to_str().unwrap();
            let (ok, stdout, stderr) = tool("qpdf", &["--check", pdf]);
            assert!(ok, "{pdf}: {stdout}{stderr}");
            let (_, fonts, _) = tool("pdffonts", &[pdf]);
            let rows: Vec<&str> = fonts.lines().skip(2).collect();
            assert!(!rows.is_empty(), "{fonts}");
            for row in rows {
                let cols: Vec<&str> = row.split_whitespace().collect();
                let n = cols.len();
                // emb sub uni are the fifth, fourth and third columns from the end.
                assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{pdf}: {row}");
                assert!(cols[0].contains('+'), "subset tag: {row}");
            }
            let (_, info, _) = tool("pdfinfo", &[pdf]);
            assert!(info.contains("Tagged:          yes"), "{info}");
        }
    }
}

#[test]
fn pdf_text_is_the_source_text_in_order() {
    if !have("pdftotext") {
        return;
    }
    for layout in LAYOUTS {
        for lang in langs() {
            let pdf = out(layout, &format!("roundtable-3.{lang}.pdf"));
            let (ok, text, err) = tool("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
            assert!(ok, "{err}");
            let expected = source_words(&lang, &content(&lang), lang == "ar");
            let mut cells = table_cell_words(&lang, &content(&lang));
            // Footnotes are printed at the foot of the page, between the body's words.
            cells.extend(note_words(&lang, &content(&lang)));
            let found = tokens(&lang, &dehyphenate(&text));
            if lang == "ar" {
                // Poppler rebuilds logical order from glyph positions with its own
                // heuristics. In right-to-left lines it reads the numbers and Latin between
                // two Arabic words in the order they are drawn ("(MICIC)" and its note mark
                // come out "2 MICIC"; "3.1 (RT 3.1)" came out "RT 3 1 3 1" before
                // `typography` put a right-to-left mark after the first number), and it
                // takes a table's rows whose two-line cells reach into the next row for
                // something else than the table, reading a row's one-line cells first (3
                // words). So Arabic is held to: the same words, each as often as in the
                // source (furniture aside), and 99% of them in source order (longest common
                // subsequence; measured 0.9972 with A4 and Letter, 4 words of 1450 out of
                // order; 0.982 and 0.980 while each list item's short last line came after
                // the next item's first line, before list markers reached their text,
                // `LaidLine::reaching`).
                let mut missing = expected.clone();
                let mut extra = Vec::new();
                for w in &found {
                    match missing.iter().position(|m| m == w) {
                        Some(i) => {
                            missing.remove(i);
                        }
                        None => extra.push(w.clone()),
                    }
                }
                assert!(
                    missing.is_empty(),
                    "{layout} ar: words missing from the PDF: {missing:?}"
                );
                let furniture = furniture(&lang);
                let unexplained: Vec<&String> = extra
                    .iter()
                    .filter(|w| !furniture.contains(*w) && !cells.contains(*w))
                    .collect();
                assert!(
                    unexplained.is_empty(),
                    "{layout} ar: words not in the source: {unexplained:?}"
                );
                let common = lcs(&expected, &found);
                let ratio = common as f32 / expected.len() as f32;
                eprintln!(
                    "{layout} ar: {ratio:.4} in order ({common} of {})",
                    expected.len()
                );
                assert!(
                    ratio >= 0.99,
                    "{layout} ar: only {ratio:.3} of the words in source order"
                );
                continue;
            }
            // The PDF also prints furniture (symbol, date, page numbers, "Original:" line)
            // and list markers; everything else must be the source, in order.
            let mut next = 0;
            let mut extra = Vec::new();
            for w in &found {
                if next < expected.len() && *w == expected[next] {
                    next += 1;
                } else {
                    extra.push(w.clone());
                }
            }
            assert_eq!(
                next,
                expected.len(),
                "{layout} {lang}: source word {:?} (#{next}) not found in order\nexpected next: {:?}\nextracted: {:?}",
                expected.get(next),
                &expected[next..expected.len().min(next + 8)],
                &found[..found.len().min(next + 30)]
            );
            let unexplained: Vec<&String> = extra
                .iter()
                .filter(|w| !furniture(&lang).contains(*w))
                .filter(|w| match cells.iter().position(|c| c == *w) {
                    Some(i) => {
                        cells.remove(i);
                        false
                    }
                    None => true,
                })
                .collect();
            assert!(
                unexplained.is_empty(),
                "{layout} {lang}: words not in the source: {unexplained:?}"
            );
        }
    }
}

/// The words of every table cell of the edition, each as often as it is printed.
fn table_cell_words(lang: &str, c: &Content) -> Vec<String> {
    let mut text = String::new();
    for block in &c.body {
        if let Block::Table(t) = block {
            for row in t.header.iter().chain(&t.rows) {
                for cell in &row.cells {
                    text.push_str(&plain_text(&cell.paras.concat()));
                    text.push('\n');
                }
            }
        }
    }
    tokens(lang, &text)
}

/// Tables as a reader copies them (`pdftotext -layout`): the rows come in order, and all
/// the words of a row's cells stand between that row's first line and the next row's.
#[test]
fn tables_read_row_by_row() {
    if !have("pdftotext") {
        return;
    }
    for layout in LAYOUTS {
        for lang in langs() {
            let pdf = out(layout, &format!("roundtable-3.{lang}.pdf"));
            let args = ["-layout", "-enc", "UTF-8", pdf.to_str().unwrap(), "-"];
            let (ok, text, err) = tool("pdftotext", &args);
            assert!(ok, "{err}");
            let lines: Vec<Vec<String>> = text.lines().map(|l| tokens(&lang, l)).collect();
            let c = content(&lang);
            let mut tables = 0;
            for block in &c.body {
                let Block::Table(t) = block else { continue };
                tables += 1;
                // Per row, per cell, its words.
                let rows: Vec<Vec<Vec<String>>> = t
                    .header
                    .iter()
                    .chain(&t.rows)
                    .map(|r| {
                        r.cells
                            .iter()
                            .map(|c| tokens(&lang, &plain_text(&c.paras.concat())))
                            .collect()
                    })
                    .collect();
                // A row starts on the first line after the previous row's start that holds
                // the first word of each of its cells (they share that baseline).
                let mut starts = Vec::new();
                let mut from = 0;
                for row in &rows {
                    let at = (from..lines.len())
                        .find(|&i| {
                            row.iter()
                                .all(|cell| cell.first().is_none_or(|w| lines[i].contains(w)))
                        })
                        .unwrap_or_else(|| {
                            panic!("{layout} {lang}: row {row:?} not found after line {from}")
                        });
                    starts.push(at);
                    from = at + 1;
                }
                starts.push(lines.len());
                for (r, row) in rows.iter().enumerate() {
                    let mut region: Vec<String> = lines[starts[r]..starts[r + 1]]
                        .iter()
                        .flatten()
                        .cloned()
                        .collect();
                    for w in row.iter().flatten() {
                        let i = region.iter().position(|x| x == w).unwrap_or_else(|| {
                            panic!("{layout} {lang}: {w:?} of row {r} is not between its row's lines {}..{}", starts[r], starts[r + 1])
                        });
                        region.remove(i);
                    }
                }
            }
            assert_eq!(tables, 1, "{layout} {lang}: the fixture has one table");
        }
    }
}

/// pandoc's view of a DOCX: headings by level, lists with item counts, bold and italic spans.
#[derive(Default, Debug, PartialEq)]
struct DocxShape {
    headings: Vec<(u64, String)>,
    lists: Vec<(String, usize)>,
    strong: usize,
    emph: usize,
}

fn walk(v: &Value, shape: &mut DocxShape) {
    match v {
        Value::Object(map) => {
            match map.get("t").and_then(Value::as_str) {
                Some("Header") => {
                    let level = map["c"][0].as_u64().unwrap();
                    shape.headings.push((level, inline_text(&map["c"][2])));
                }
                Some(kind @ ("OrderedList" | "BulletList")) => {
                    let items = if kind == "OrderedList" {
                        &map["c"][1]
                    } else {
                        &map["c"]
                    };
                    shape
                        .lists
                        .push((kind.to_string(), items.as_array().unwrap().len()));
                }
                Some("Strong") => shape.strong += 1,
                Some("Emph") => shape.emph += 1,
                _ => {}
            }
            for value in map.values() {
                walk(value, shape);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| walk(i, shape)),
        _ => {}
    }
}

fn inline_text(v: &Value) -> String {
    let mut out = String::new();
    if let Some(items) = v.as_array() {
        for i in items {
            match i["t"].as_str() {
                Some("Str") => out.push_str(i["c"].as_str().unwrap()),
                Some("Space") => out.push(' '),
                _ => out.push_str(&inline_text(&i["c"])),
            }
        }
    }
    out
}

/// What pandoc should read from an edition's DOCX. Emphasis is written the way the layout
/// shows it in the edition's script (the fixture emphasises words of its own script): bold
/// reads as strong, italic as emphasis, and emphasis dots or underlines as neither.
fn expected_shape(c: &Content, emphasis: EmphasisStyle) -> DocxShape {
    let mut shape = DocxShape::default();
    let count = |inl: &[folio::model::Inline], s: &mut DocxShape| {
        // Adjacent runs with the same property are one span for pandoc.
        let mut prev = (false, false);
        for i in inl {
            let strong = i.strong || (i.emphasis && emphasis == EmphasisStyle::Bold);
            let emph = i.emphasis && emphasis == EmphasisStyle::Italic;
            s.strong += (strong && !prev.0) as usize;
            s.emph += (emph && !prev.1) as usize;
            prev = (strong, emph);
        }
    };
    fn lists(l: &List, s: &mut DocxShape, count: &dyn Fn(&[folio::model::Inline], &mut DocxShape)) {
        s.lists.push((
            if l.numbered {
                "OrderedList"
            } else {
                "BulletList"
            }
            .into(),
            l.items.len(),
        ));
        for item in &l.items {
            count(&item.text, s);
            if let Some(sub) = &item.sublist {
                lists(sub, s, count);
            }
        }
    }
    for block in &c.body {
        match block {
            Block::Heading { level, text, .. } => {
                shape.headings.push((*level as u64, plain_text(text)));
                count(text, &mut shape);
            }
            Block::Paragraph { text, .. } | Block::Quote { text, .. } => count(text, &mut shape),
            Block::List(l) => lists(l, &mut shape, &count),
            Block::Figure(f) => count(&f.caption, &mut shape),
            Block::Table(t) => {
                count(&t.caption, &mut shape);
                for row in t.header.iter().chain(&t.rows) {
                    for cell in &row.cells {
                        count(&cell.paras.concat(), &mut shape);
                    }
                }
            }
            Block::PageBreak { .. } => {}
            Block::Contents { levels, .. } => {
                for (_, heading) in headings(c, *levels) {
                    count(heading, &mut shape);
                }
            }
        }
    }
    shape
}

#[test]
fn pandoc_reads_headings_lists_and_emphasis_from_docx() {
    if !have("pandoc") {
        return;
    }
    for layout in LAYOUTS {
        for lang in langs() {
            let docx = out(layout, &format!("roundtable-3.{lang}.docx"));
            let (ok, json, err) = tool(
                "pandoc",
                &["-f", "docx", "-t", "json", docx.to_str().unwrap()],
            );
            assert!(ok, "{err}");
            let mut shape = DocxShape::default();
            walk(
                &serde_json::from_str::<Value>(&json).unwrap()["blocks"],
                &mut shape,
            );
            let plan = fixture_plan(layout);
            let (edition, resolved) = (plan.editions.iter())
                .find(|(e, _)| e.lang.tag == lang)
                .unwrap();
            let emphasis = resolved.emphasis.of(edition.lang.script);
            let expected = expected_shape(&edition.content, emphasis);
            assert_eq!(shape.headings, expected.headings, "{layout} {lang}");
            assert_eq!(shape.lists, expected.lists, "{layout} {lang}");
            assert_eq!(
                (shape.strong, shape.emph),
                (expected.strong, expected.emph),
                "{layout} {lang}"
            );
        }
    }
}

#[test]
fn libreoffice_converts_every_docx() {
    if !have("soffice") {
        return;
    }
    for layout in LAYOUTS {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = langs()
            .iter()
            .map(|l| out(layout, &format!("roundtable-3.{l}.docx")))
            .collect();
        let files: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        soffice_to_pdf(&files, dir.path());
        for lang in langs() {
            let pdf = dir.path().join(format!("roundtable-3.{lang}.pdf"));
            let size = std::fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0);
            assert!(
                size > 10_000,
                "{layout} {lang}: LibreOffice wrote {size} bytes"
            );
        }
    }
}

#[test]
fn typography_report_is_clean_in_every_edition_and_layout() {
    let mut seen = BTreeMap::new();
    for layout in LAYOUTS {
        let (_, result) = built(layout);
        assert_eq!(result.stats.len(), langs().len());
        for (lang, s) in &result.stats {
            assert_eq!(
                (s.overfull_lines, s.widows, s.orphans, s.stranded_headings),
                (0, 0, 0, 0),
                "{layout} {lang}: {s:?}"
            );
            // A lead-in splits within the rules rather than move whole; a page is still left
            // short where the rules leave no choice (measured: ru report-a4 page 2, before a
            // six-line paragraph whose second to fourth lines end on a hyphen).
            assert!(s.short_pages <= 1, "{layout} {lang}: {s:?}");
            assert!(s.lines > 50 && s.pages >= 2, "{layout} {lang}: {s:?}");
            seen.insert((layout, lang.clone()), s.pages);
        }
    }
    // The two layouts really differ.
    assert_ne!(seen[&("report-a4", "en".to_string())], 0);
}

#[test]
fn no_page_ends_on_a_hyphen_in_any_edition_or_layout() {
    if !have("pdftotext") {
        return;
    }
    for layout in LAYOUTS {
        for lang in langs() {
            let pdf = out(layout, &format!("roundtable-3.{lang}.pdf"));
            // Word boxes keep a line's end hyphen, where pdftotext's default text joins the
            // cut word again.
            let words = bbox_words(&pdf);
            let pages = words.iter().map(|w| w.page).max().unwrap_or(0);
            assert!(pages >= 2, "{layout} {lang}");
            for page in 1..pages {
                let lines = body_lines(&words, page, lang == "ar");
                let last = lines.last().expect("a page with text");
                assert!(
                    !ends_on_hyphen(last),
                    "{layout} {lang} page {page} ends on {:?}",
                    line_text(last)
                );
            }
        }
    }
}

#[test]
fn switching_layouts_changes_both_outputs() {
    for lang in langs() {
        for ext in ["pdf", "docx"] {
            let a = std::fs::read(out("report-a4", &format!("roundtable-3.{lang}.{ext}"))).unwrap();
            let b =
                std::fs::read(out("report-letter", &format!("roundtable-3.{lang}.{ext}"))).unwrap();
            assert_ne!(a, b, "{lang} {ext}");
        }
    }
    if have("pdfinfo") {
        let (_, info, _) = tool(
            "pdfinfo",
            &[out("report-letter", "roundtable-3.en.pdf")
                .to_str()
                .unwrap()],
        );
        assert!(info.contains("612 x 792"), "{info}");
    }
}

#[test]
fn no_notdef_glyph_reaches_any_edition() {
    for layout in LAYOUTS {
        let plan = run::plan(&RunOptions {
            layout: Some(layout.into()),
            ..RunOptions::new(fixture())
        })
        .unwrap();
        for (edition, resolved) in &plan.editions {
            let pages = folio::typeset::typeset(edition, resolved, &plan.fonts).pages;
            let mut glyphs = 0;
            for line in pages
                .pages
                .iter()
                .flat_map(|p| p.lines.iter().chain(&p.artifacts))
            {
                for run in &line.runs {
                    for g in &run.glyphs {
                        glyphs += 1;
                        assert_ne!(
                            g.id,
                            0,
                            "{layout} {}: .notdef for {:?}",
                            edition.lang.tag,
                            &run.text[g.text()]
                        );
                    }
                }
            }
            assert!(
                glyphs > 1000,
                "{layout} {}: {glyphs} glyphs",
                edition.lang.tag
            );
        }
    }
}

/// python-docx, as a script a secretariat would write, reads the Arabic paragraphs as right
/// to left and the Chinese runs with an East Asian font.
#[test]
fn python_docx_sees_rtl_arabic_and_east_asian_chinese() {
    if !have_python_docx() {
        return;
    }
    let script = r#"
import sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
styles = d.styles.element
def inherited(p, tag):
    # the paragraph's own pPr, then its style chain, then the document defaults
    pPr = p._p.pPr
    if pPr is not None and pPr.find(qn(tag)) is not None:
        return True
    style = p.style
    while style is not None:
        sp = style.element.pPr
        if sp is not None and sp.find(qn(tag)) is not None:
            return True
        style = style.base_style
    return False
body = [p for p in d.paragraphs if p.text.strip()]
rtl = sum(1 for p in body if inherited(p, 'w:bidi'))
fonts = styles.findall('.//' + qn('w:rFonts'))
east = sorted({f.get(qn('w:eastAsia')) for f in fonts if f.get(qn('w:eastAsia'))})
print(len(body), rtl, '|'.join(east))
"#;
    for (lang, check) in [("ar", "rtl"), ("zh", "east")] {
        let docx = out("report-a4", &format!("roundtable-3.{lang}.docx"));
        let (ok, stdout, stderr) = tool("python3", &["-c", script, docx.to_str().unwrap()]);
        assert!(ok, "{stderr}");
        let fields: Vec<&str> = stdout.trim().splitn(3, ' ').collect();
        let (paragraphs, rtl): (usize, usize) =
            (fields[0].parse().unwrap(), fields[1].parse().unwrap());
        assert!(paragraphs > 20, "{lang}: {stdout}");
        match check {
            "rtl" => assert_eq!(
                rtl, paragraphs,
                "ar: every paragraph right to left: {stdout}"
            ),
            _ => assert!(
                fields[2].contains("CJK SC"),
                "zh: East Asian font: {stdout}"
            ),
        }
    }
}
