//! Titles and headings keep a hyphenated compound whole on its line ("labour-" over "market"
//! reads as a word cut in two) whenever another break exists, as a reader of the PDF sees
//! its lines (pdftotext); and the DOCX shows a balanced title in the PDF's lines, with line
//! breaks where the PDF's lines end (python-docx), which LibreOffice keeps.

mod common;

use common::*;
use folio::run::{self, RunOptions};

/// Titles that the balanced title breaker cut after their compound's hyphen while it only
/// cost what a hyphen costs in running text.
const TITLES: [(&str, &str); 2] = [
    (
        "en",
        "Skills partnerships and labour-market access for refugees",
    ),
    (
        "ru",
        "Трудовая миграция и социально-экономическое развитие регионов",
    ),
];

/// A report with one edition per title, each with a paragraph under it.
fn report(dir: &std::path::Path) -> std::path::PathBuf {
    let mut yaml = String::from("id: titles\neditions:\n");
    for (lang, title) in TITLES {
        yaml.push_str(&format!(
            "  - lang: {lang}\n    content:\n      title: \"{title}\"\n      body:\n        - paragraph: BODYSTART Text.\n"
        ));
    }
    let path = dir.join("report.yaml");
    std::fs::write(&path, yaml).unwrap();
    path
}

#[test]
fn a_title_breaks_at_a_space_not_after_a_compounds_hyphen() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run::build(&RunOptions {
        layout: Some("report-a4".into()),
        out_dir: out.clone(),
        ..RunOptions::new(report(dir.path()))
    })
    .unwrap_or_else(|e| panic!("{e}"));
    for (lang, title) in TITLES {
        let page = page_one(&out.join(format!("titles.{lang}.pdf")));
        let first = title.split_whitespace().next().unwrap();
        let lines: Vec<&str> = (page.iter().map(String::as_str))
            .skip_while(|l| !l.starts_with(first))
            .take_while(|l| !l.is_empty() && !l.starts_with("BODYSTART"))
            .collect();
        // Broken (the title is wider than the measure; balancing may take three lines),
        // each line ending at a space.
        assert!(lines.len() >= 2, "{lang}: {lines:?}\n{page:?}");
        assert!(!lines[0].ends_with('-'), "{lang}: {lines:?}");
        assert_eq!(lines.join(" "), title, "{lang}: {lines:?}");
    }
}

/// The lines of the first paragraph of each DOCX of `files` in the Title style, as
/// python-docx reads them (a `w:br` is a newline in its text).
fn docx_titles(files: &[std::path::PathBuf]) -> Vec<Vec<String>> {
    let script = concat!(
        "import sys, docx\n",
        "for f in sys.argv[1:]:\n",
        "    t = next(p for p in docx.Document(f).paragraphs if p.style.name == 'Title')\n",
        "    print(t.text.replace('\\n', '|'))\n",
    );
    let mut args = vec!["-c", script];
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    let (ok, out, err) = tool("python3", &args);
    assert!(ok, "{err}");
    out.lines()
        // pdftotext prints a no-break space (before a dash) as a space.
        .map(|l| {
            (l.split('|'))
                .map(|s| s.trim().replace('\u{a0}', " "))
                .collect()
        })
        .collect()
}

/// The lines of page 1 of a PDF, as pdftotext reads them, trimmed.
fn page_one(pdf: &std::path::Path) -> Vec<String> {
    (pdf_page_text(pdf, 1, &[]).lines())
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn the_docx_title_breaks_where_the_pdfs_balanced_lines_end() {
    if !have("pdftotext") || !have_python_docx() {
        return;
    }
    // The fixture's centred titles in report-a4 (Arabic aside: pdftotext reads its lines in
    // visual order) and the small report's.
    let mut cases: Vec<(std::path::PathBuf, std::path::PathBuf)> = langs()
        .into_iter()
        .filter(|l| l != "ar")
        .map(|l| {
            (
                out("report-a4", &format!("roundtable-3.{l}.pdf")),
                out("report-a4", &format!("roundtable-3.{l}.docx")),
            )
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("out");
    run::build(&RunOptions {
        layout: Some("report-a4".into()),
        out_dir: small.clone(),
        ..RunOptions::new(report(dir.path()))
    })
    .unwrap_or_else(|e| panic!("{e}"));
    for (lang, _) in TITLES {
        cases.push((
            small.join(format!("titles.{lang}.pdf")),
            small.join(format!("titles.{lang}.docx")),
        ));
    }
    let docx: Vec<_> = cases.iter().map(|(_, d)| d.clone()).collect();
    let titles = docx_titles(&docx);
    let mut broken = 0;
    for ((pdf, docx), lines) in cases.iter().zip(&titles) {
        let page = page_one(pdf);
        // Each of the DOCX title's lines is a whole line of the PDF, in order.
        let at = page.iter().position(|l| *l == lines[0]);
        let at = at.unwrap_or_else(|| panic!("{}: {lines:?} not in {page:?}", docx.display()));
        assert_eq!(
            &page[at..at + lines.len()],
            &lines[..],
            "{}",
            docx.display()
        );
        broken += (lines.len() > 1) as usize;
    }
    assert!(broken >= 3, "several titles take two lines: {titles:?}");

    // LibreOffice shows the DOCX titles in the same lines.
    if !have("soffice") {
        return;
    }
    let lo = dir.path().join("lo");
    std::fs::create_dir_all(&lo).unwrap();
    let files: Vec<&std::path::Path> = docx.iter().map(|d| d.as_path()).collect();
    soffice_to_pdf_with_fonts(&files, &lo);
    // LibreOffice puts a space between Han and digits ("圆桌会议 3"): lines are compared
    // without their spaces.
    let bare = |l: &str| l.split_whitespace().collect::<String>();
    for (docx, lines) in docx.iter().zip(&titles) {
        let pdf = lo.join(docx.with_extension("pdf").file_name().unwrap());
        let page: Vec<String> = page_one(&pdf).iter().map(|l| bare(l)).collect();
        let lines: Vec<String> = lines.iter().map(|l| bare(l)).collect();
        let at = page.iter().position(|l| *l == lines[0]);
        let at = at
            .unwrap_or_else(|| panic!("LibreOffice {}: {lines:?} not in {page:?}", docx.display()));
        assert_eq!(
            &page[at..at + lines.len()],
            &lines[..],
            "LibreOffice {}",
            docx.display()
        );
    }
}
