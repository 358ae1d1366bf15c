//! The job number and bar code of an official document (issue 8): the roundtable fixture with
//! `job:` and the test layout `tests/assets/jobcode-layout.yaml`, in all six editions. The
//! first page's footer prints the job number with the edition's letter, the date of
//! processing and a Code 39 bar code (decoded here from the laid-out bars with a table of our
//! own); later pages print the symbol outer side, n/N and the job number, mirrored in Arabic;
//! the DOCX carries PAGE and NUMPAGES fields, the bar code picture and even-page headers, and
//! LibreOffice converts it; errors name the file, line and column.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use folio::run::{self, BuildResult, RunOptions};
use folio::typeset::pages::{Page, Rule};
use folio::typeset::typeset;

const JOB: &str = "job: { number: 17-01234, date: 2017-07-03 }";

/// Each edition's language letter, as the United Nations prints it.
const LETTERS: [(&str, &str); 6] = [
    ("en", "E"),
    ("fr", "F"),
    ("es", "S"),
    ("ru", "R"),
    ("ar", "A"),
    ("zh", "C"),
];

/// The fixture copied into `dir` with the test layout beside it and `extra` (a `job:` line,
/// or nothing) added to its definition.
fn write_fixture(dir: &Path, extra: &str) -> PathBuf {
    let from = fixture();
    let from = from.parent().unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::copy(
        root().join("tests/assets/jobcode-layout.yaml"),
        dir.join("layout.yaml"),
    )
    .unwrap();
    let report = dir.join("report.yaml");
    let text = std::fs::read_to_string(&report).unwrap();
    let text = text.replace(
        "layout: report-a4",
        &format!("layout: layout.yaml\n{extra}"),
    );
    assert!(
        text.contains("layout: layout.yaml"),
        "the fixture names its layout"
    );
    std::fs::write(&report, text).unwrap();
    report
}

/// The fixture with a job, built once per test binary (the build validates PDF/A-2 and
/// PDF/UA-1 with krilla and fails otherwise).
fn built() -> &'static (tempfile::TempDir, PathBuf, BuildResult) {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf, BuildResult)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let report = write_fixture(dir.path(), JOB);
        let out = dir.path().join("out");
        let opts = RunOptions {
            out_dir: out.clone(),
            ..RunOptions::new(&report)
        };
        let result = build_ok(&opts);
        (dir, out, result)
    })
}

fn output(lang: &str, ext: &str) -> PathBuf {
    built().1.join(format!("roundtable-3.{lang}.{ext}"))
}

/// Code 39 as ISO/IEC 16388 tabulates it, for the characters a job number's bar code holds:
/// the nine elements (bar, space, bar …) of each, `1` wide and `0` narrow. Written here from
/// the standard's table, not taken from the encoder, so that the test can catch it.
const CODE39: [(char, &str); 11] = [
    ('0', "000110100"),
    ('1', "100100001"),
    ('2', "001100001"),
    ('3', "101100000"),
    ('4', "000110001"),
    ('5', "100110000"),
    ('6', "001110000"),
    ('7', "000100101"),
    ('8', "100100100"),
    ('9', "001100100"),
    ('*', "010010100"),
];

/// Reads the bars of a page back into characters: the elements are the bars' widths and the
/// gaps between them; an element wider than the middle of the narrowest and widest is wide.
/// Characters are nine elements apart from the next by a narrow gap.
fn decode(bars: &[Rule]) -> Result<String, String> {
    let mut bars = bars.to_vec();
    bars.sort_by(|a, b| a.x.0.total_cmp(&b.x.0));
    let mut elements = Vec::new();
    for (i, bar) in bars.iter().enumerate() {
        if i > 0 {
            let before = &bars[i - 1];
            elements.push(bar.x.0 - (before.x.0 + before.width.0));
        }
        elements.push(bar.width.0);
    }
    let (narrow, wide) = elements
        .iter()
        .fold((f32::MAX, 0f32), |(n, w), &e| (n.min(e), w.max(e)));
    if wide < narrow * 2.0 {
        return Err(format!("no wide elements: {narrow} to {wide}"));
    }
    let middle = (narrow + wide) / 2.0;
    let mut text = String::new();
    for chunk in elements.chunks(10) {
        let pattern: String = (chunk[..9.min(chunk.len())].iter())
            .map(|&e| if e > middle { '1' } else { '0' })
            .collect();
        let c = CODE39
            .iter()
            .find(|(_, p)| *p == pattern)
            .ok_or_else(|| format!("no character has elements {pattern}"))?;
        text.push(c.0);
        if chunk.len() == 10 && chunk[9] > middle {
            return Err("a wide gap between characters".into());
        }
    }
    Ok(text)
}

#[test]
fn the_decoder_reads_a_known_symbol() {
    // `*1*` drawn from the standard's table by hand, one point a narrow element, three wide.
    let mut bars = Vec::new();
    let mut x = 0.0;
    for (i, pattern) in ["010010100", "100100001", "010010100"].iter().enumerate() {
        if i > 0 {
            x += 1.0;
        }
        for (j, e) in pattern.chars().enumerate() {
            let w = if e == '1' { 3.0 } else { 1.0 };
            if j % 2 == 0 {
                bars.push(Rule {
                    x: folio::units::Pt(x),
                    y: folio::units::Pt(0.0),
                    width: folio::units::Pt(w),
                    height: folio::units::Pt(10.0),
                });
            }
            x += w;
        }
    }
    assert_eq!(decode(&bars).unwrap(), "*1*");
    bars.swap_remove(3);
    assert!(decode(&bars).is_err());
}

/// The laid-out pages of every edition, with the job.
fn laid_out() -> Vec<(String, Vec<Page>, folio::layouts::Layout)> {
    let dir = tempfile::tempdir().unwrap();
    let report = write_fixture(dir.path(), JOB);
    let plan = run::plan(&RunOptions::new(&report)).unwrap_or_else(|e| panic!("{e}"));
    (plan.editions.iter())
        .map(|(edition, layout)| {
            let pages = typeset(edition, layout, &plan.fonts).pages.pages;
            (edition.lang.primary.clone(), pages, layout.clone())
        })
        .collect()
}

#[test]
fn the_drawn_bar_code_decodes_to_the_job_number_on_the_first_page_only() {
    let editions = laid_out();
    assert_eq!(editions.len(), 6);
    for (lang, pages, layout) in &editions {
        let first = &pages[0];
        let text = decode(&first.bars).unwrap_or_else(|e| panic!("{lang}: {e}"));
        assert_eq!(text, "*1701234*", "{lang}");
        let digits: String = "17-01234".chars().filter(char::is_ascii_digit).collect();
        assert_eq!(text.trim_matches('*'), digits);
        // 0.25 mm modules, 8 mm bars, in the footer below the text area, at the line's start
        // (the right in Arabic), the same in every edition.
        let mm = 72.0 / 25.4;
        let narrow = first
            .bars
            .iter()
            .map(|b| b.width.0)
            .fold(f32::MAX, f32::min);
        assert!((narrow - 0.25 * mm).abs() < 0.01, "{lang}: {narrow}");
        assert!(
            first
                .bars
                .iter()
                .all(|b| (b.height.0 - 8.0 * mm).abs() < 0.01)
        );
        let page = &layout.page;
        let bottom = page.height.0 - page.margin_bottom.0;
        assert!(first.bars.iter().all(|b| b.y.0 > bottom), "{lang}");
        let left = first.bars.iter().map(|b| b.x.0).fold(f32::MAX, f32::min);
        let right = (first.bars.iter())
            .map(|b| b.x.0 + b.width.0)
            .fold(0.0, f32::max);
        if lang == "ar" {
            let end = page.width.0 - page.margin_end.0;
            assert!((right - end).abs() < 0.01, "{lang}: {right}");
        } else {
            assert!((left - page.margin_start.0).abs() < 0.01, "{lang}: {left}");
        }
        for (i, page) in pages.iter().enumerate().skip(1) {
            assert!(page.bars.is_empty(), "{lang} page {}", i + 1);
        }
    }
}

/// pdftotext's words of page `page` (from 1): text, left x, top y.
fn words_on(pdf: &Path, page: usize) -> Vec<(String, f32, f32)> {
    let page = page.to_string();
    let (ok, html, err) = tool(
        "pdftotext",
        &[
            "-bbox",
            "-f",
            &page,
            "-l",
            &page,
            pdf.to_str().unwrap(),
            "-",
        ],
    );
    assert!(ok, "{err}");
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word "))
        .map(|l| {
            let attr = |name: &str| -> f32 {
                l.split(&format!("{name}=\""))
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap()
            };
            let text = l.split('>').nth(1).unwrap().split('<').next().unwrap();
            let text = text
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">");
            // Invisible bidi isolates are no part of a word.
            let text: String = text
                .chars()
                .filter(|c| !('\u{2066}'..='\u{2069}').contains(c))
                .collect();
            (text, attr("xMin"), attr("yMin"))
        })
        .collect()
}

fn page_count(pdf: &Path) -> usize {
    let (ok, info, err) = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(ok, "{err}");
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn the_first_page_prints_the_job_with_the_editions_letter_the_date_and_the_code() {
    if !have("pdftotext") || !have("pdfinfo") {
        return;
    }
    for (lang, letter) in LETTERS {
        let pdf = output(lang, "pdf");
        let words = words_on(&pdf, 1);
        let has = |w: &str| words.iter().any(|(t, ..)| t == w);
        let (ok, text, _) = tool(
            "pdftotext",
            &["-f", "1", "-l", "1", pdf.to_str().unwrap(), "-"],
        );
        assert!(ok);
        let text: String = text
            .chars()
            .filter(|c| !('\u{2066}'..='\u{2069}').contains(c))
            .collect();
        if lang == "ar" {
            // pdftotext reorders right-to-left lines by itself; the words are what it finds.
            assert!(
                has("17-01234") && has(&format!("({letter})")),
                "{lang}: {words:?}"
            );
        } else {
            assert!(
                text.contains(&format!("17-01234 ({letter})")),
                "{lang}: {text}"
            );
        }
        assert!(has("030717"), "{lang}: ddmmyy");
        assert!(has("*1701234*"), "{lang}: the code's human-readable text");
        // The first page's footer has no n/N; later ones do.
        assert!(
            !words
                .iter()
                .any(|(t, ..)| t.contains('/') && t.starts_with("1/")),
            "{lang}"
        );
    }
}

#[test]
fn later_pages_print_n_of_n_the_job_and_the_symbol_on_the_outer_side() {
    if !have("pdftotext") || !have("pdfinfo") {
        return;
    }
    for (lang, letter) in LETTERS {
        let pdf = output(lang, "pdf");
        let count = page_count(&pdf);
        assert!(
            count >= 3,
            "{lang}: {count} pages, an odd and an even one after the first"
        );
        let width = 595.28;
        for n in 2..=count {
            let words = words_on(&pdf, n);
            let find = |w: &str| {
                (words.iter().find(|(t, ..)| t == w))
                    .unwrap_or_else(|| panic!("{lang} page {n}: no {w} in {words:?}"))
            };
            let number = find(&format!("{n}/{count}"));
            let symbol = find("GFMD/2017/RT3");
            let job = find("17-01234");
            assert!(
                words.iter().any(|(t, ..)| *t == format!("({letter})")),
                "{lang} page {n}"
            );
            assert!(
                !words
                    .iter()
                    .any(|(t, ..)| t == "030717" || t == "*1701234*"),
                "{lang} page {n}"
            );
            // Outer side: right on odd pages, left on even ones; mirrored in Arabic.
            let outer_right = (n % 2 == 1) != (lang == "ar");
            let right = |x: f32| x > width / 2.0;
            assert_eq!(
                right(symbol.1),
                outer_right,
                "{lang} page {n}: symbol at {}",
                symbol.1
            );
            assert_eq!(
                right(number.1),
                outer_right,
                "{lang} page {n}: n/N at {}",
                number.1
            );
            assert_eq!(
                right(job.1),
                !outer_right,
                "{lang} page {n}: job at {}",
                job.1
            );
            assert!(
                symbol.2 < 100.0 && number.2 > 700.0,
                "{lang} page {n}: header and footer"
            );
        }
    }
}

#[test]
fn the_arabic_first_page_footer_is_mirrored() {
    if !have("pdftotext") {
        return;
    }
    let width = 595.28;
    for (lang, right) in [("en", false), ("ar", true)] {
        let words = words_on(&output(lang, "pdf"), 1);
        for w in ["17-01234", "030717", "*1701234*"] {
            let (_, x, y) =
                (words.iter().find(|(t, ..)| t == w)).unwrap_or_else(|| panic!("{lang}: {w}"));
            assert_eq!(*x > width / 2.0, right, "{lang}: {w} at {x}");
            assert!(*y > 750.0, "{lang}: {w} in the footer");
        }
        // Reading order within the footer line: the job number first, then the date, from
        // the line's start (the right in Arabic).
        let x = |w: &str| words.iter().find(|(t, ..)| t == w).unwrap().1;
        assert_eq!(x("17-01234") < x("030717"), !right, "{lang}");
    }
}

#[test]
fn the_docx_has_page_fields_the_bar_code_picture_and_even_headers() {
    for (lang, letter) in LETTERS {
        let parts = parts(&output(lang, "docx"));
        let document = part(&parts, "word/document.xml");
        let rels = part(&parts, "word/_rels/document.xml.rels");
        assert!(document.contains("<w:titlePg />"), "{lang}");
        assert!(
            part(&parts, "word/settings.xml").contains("<w:evenAndOddHeaders"),
            "{lang}"
        );
        let first = part(&parts, &referenced(&document, "footer", "first", &rels));
        assert!(
            first.contains(&format!("17-01234 ({letter})")),
            "{lang}: {first}"
        );
        assert!(
            first.contains("030717") && first.contains("*1701234*"),
            "{lang}"
        );
        assert!(
            first.contains(r#"descr="Bar code *1701234*""#),
            "{lang}: {first}"
        );
        assert!(
            !first.contains("NUMPAGES"),
            "{lang}: no n/N on the first page"
        );
        // The picture's media: a PNG as wide as the symbol at ten pixels to the module.
        let footer_name = referenced(&document, "footer", "first", &rels);
        let footer_rels = part(
            &parts,
            &footer_name
                .replace("word/", "word/_rels/")
                .replace(".xml", ".xml.rels"),
        );
        let target = footer_rels
            .split("Target=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let (_, png) = (parts.iter().find(|(n, _)| *n == format!("word/{target}"))).unwrap();
        assert!(png.starts_with(b"\x89PNG"), "{lang}: {target}");
        for kind in ["default", "even"] {
            let footer = part(&parts, &referenced(&document, "footer", kind, &rels));
            assert!(
                footer.contains("PAGE") && footer.contains("NUMPAGES"),
                "{lang} {kind}"
            );
            assert!(
                footer.contains(&format!("17-01234 ({letter})")),
                "{lang} {kind}"
            );
            assert!(
                !footer.contains("<w:drawing>"),
                "{lang} {kind}: no bar code"
            );
            let header = part(&parts, &referenced(&document, "header", kind, &rels));
            assert!(header.contains("GFMD/2017/RT3"), "{lang} {kind}");
        }
    }
}

#[test]
fn libreoffice_converts_every_docx_with_the_furniture() {
    if !have("soffice") || !have("pdftotext") || !have("pdfinfo") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let docx: Vec<PathBuf> = LETTERS.iter().map(|(l, _)| output(l, "docx")).collect();
    let refs: Vec<&Path> = docx.iter().map(PathBuf::as_path).collect();
    soffice_to_pdf(&refs, dir.path());
    for (lang, letter) in LETTERS {
        let pdf = dir.path().join(format!("roundtable-3.{lang}.pdf"));
        assert!(pdf.exists(), "{lang}: LibreOffice made no PDF");
        let words = words_on(&pdf, 1);
        let has = |w: &str| words.iter().any(|(t, ..)| t == w);
        assert!(
            has("17-01234") && has(&format!("({letter})")),
            "{lang}: {words:?}"
        );
        assert!(has("030717"), "{lang}");
        // The code's text as it reads on the page: LibreOffice draws the asterisks of a
        // right-to-left paragraph as words of their own, so the line's words left to right.
        let (_, _, y) = (words.iter().find(|(t, ..)| t.contains("1701234")))
            .unwrap_or_else(|| panic!("{lang}: {words:?}"));
        let mut line: Vec<_> = words.iter().filter(|w| (w.2 - y).abs() < 0.5).collect();
        line.sort_by(|a, b| a.1.total_cmp(&b.1));
        let line: String = line.iter().map(|w| w.0.as_str()).collect();
        assert_eq!(line, "*1701234*", "{lang}");
        // NUMPAGES and PAGE as LibreOffice computes them for its own pages.
        let count = page_count(&pdf);
        if count >= 2 {
            let words = words_on(&pdf, 2);
            // In every edition `2/N`, as Folio's PDF reads (checked above): the DOCX's
            // right-to-left footers hold each field between left-to-right marks, without
            // which LibreOffice ordered the two results as neutrals, `N/2`.
            let expected = format!("2/{count}");
            // The footer's words left to right, joined: LibreOffice's Arabic fields are words
            // of their own.
            let mut footer: Vec<_> = words.iter().filter(|w| w.2 > 780.0).collect();
            footer.sort_by(|a, b| a.1.total_cmp(&b.1));
            let footer: String = footer.iter().map(|w| w.0.as_str()).collect();
            assert!(footer.contains(&expected), "{lang}: {footer}");
        }
    }
}

#[test]
fn without_a_job_nothing_is_printed_and_no_placeholder_shows() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_fixture(dir.path(), "");
    let plan = run::plan(&RunOptions::new(&report)).unwrap_or_else(|e| panic!("{e}"));
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    let (edition, layout) = &plan.editions[0];
    let pages = typeset(edition, layout, &plan.fonts).pages.pages;
    for page in &pages {
        assert!(page.bars.is_empty());
        let text: String = (page.artifacts.iter())
            .flat_map(|l| &l.runs)
            .map(|r| r.text.as_str())
            .collect();
        assert!(!text.contains('{') && !text.contains("1701234"), "{text}");
    }
}

#[test]
fn a_job_that_the_layout_does_not_print_is_worth_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_fixture(dir.path(), JOB);
    let opts = RunOptions {
        layout: Some("report-a4".into()),
        ..RunOptions::new(&report)
    };
    let plan = run::plan(&opts).unwrap_or_else(|e| panic!("{e}"));
    let warnings = plan.warnings.to_string();
    assert!(
        warnings.contains("report.yaml:")
            && warnings.contains("prints neither its number nor its bar code"),
        "{warnings}"
    );
}

#[test]
fn a_bad_job_or_bar_code_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_fixture(dir.path(), "job: { number: 17-1234, date: 2017-13-03 }");
    let e = run::plan(&RunOptions::new(&report))
        .err()
        .expect("an error")
        .to_string();
    assert!(
        e.contains("report.yaml:4:16") && e.contains("`job.number` is `17-1234`"),
        "{e}"
    );
    assert!(
        e.contains("report.yaml:4:31") && e.contains("`job.date` is `2017-13-03`"),
        "{e}"
    );

    let dir = tempfile::tempdir().unwrap();
    let report = write_fixture(dir.path(), JOB);
    let layout = dir.path().join("layout.yaml");
    let text = std::fs::read_to_string(&layout).unwrap().replace(
        "barcode: { at: footer-left, pages: first, height: 8mm, module: 0.25mm }",
        "barcode: { at: footer-middle, pages: first, height: 80mm, ratio: 4 }",
    );
    std::fs::write(&layout, &text).unwrap();
    let (line, at) = (text.lines().enumerate())
        .find(|(_, l)| l.starts_with("barcode:"))
        .map(|(i, l)| (i + 1, l.find("ratio").unwrap() + 1 + "ratio: ".len()))
        .unwrap();
    let e = run::plan(&RunOptions::new(&report))
        .err()
        .expect("an error")
        .to_string();
    assert!(
        e.contains(&format!("layout.yaml:{line}:16")) && e.contains("`at` is `footer-middle`"),
        "{e}"
    );
    assert!(
        e.contains(&format!("layout.yaml:{line}:{at}")) && e.contains("`ratio` is 4"),
        "{e}"
    );
}
