//! Mistakes that used to pass in silence and now say what went wrong: a list item YAML merged
//! into the one above, an unknown placeholder, a two-line slot that only the build rejected,
//! a running head too wide for the page, a fallback face that kept the text after it, and
//! numbers broken across lines.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use folio::run::{self, RunOptions};
use folio::typeset::typeset;

/// Writes a one-edition report (`en.yaml` holds `content`, `layout.yaml` holds `layout` when
/// given) into a temporary folder; returns the folder and the report's path.
fn report(
    lang: &str,
    content: &str,
    layout: Option<&str>,
) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let layout_line = layout.map_or(String::new(), |_| "layout: layout.yaml\n".into());
    std::fs::write(
        dir.path().join("report.yaml"),
        format!(
            "id: r\nsymbol: GFMD/2017/RT3\ndate: 2017-06-30\noriginal: {lang}\n{layout_line}editions:\n  - lang: {lang}\n    source: text.yaml\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("text.yaml"), content).unwrap();
    if let Some(layout) = layout {
        std::fs::write(dir.path().join("layout.yaml"), layout).unwrap();
    }
    let path = dir.path().join("report.yaml");
    (dir, path)
}

/// Runs the folio binary; (exit code, stderr).
fn folio(args: &[&str], report: &Path) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .arg(report)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn an_item_indented_too_far_is_an_error_not_merged() {
    let (_dir, path) = report(
        "en",
        "title: T\nbody:\n  - list:\n      items:\n        - First item\n          - Second item\n        - Third item\n",
        None,
    );
    let (code, err) = folio(&["check"], &path);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("text.yaml:6:11")
            && err.contains("`- Second item` with its `-` at column 11")
            && err.contains("expected a new item's `-` at column 9"),
        "{err}"
    );
    // Written in quotes, the dash is the writer's text: no error.
    let (_dir, path) = report(
        "en",
        "title: T\nbody:\n  - list:\n      items:\n        - \"First item\n          - on purpose\"\n",
        None,
    );
    let (code, err) = folio(&["check"], &path);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn an_unknown_placeholder_is_an_error_with_the_known_ones() {
    let layout = "header: { left: \"{distribution}\", right: \"{titel}\" }\n";
    let (_dir, path) = report("en", "title: T\nbody:\n  - paragraph: P\n", Some(layout));
    let (code, err) = folio(&["check"], &path);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("layout.yaml:1:")
            && err.contains("unknown placeholder `{distribution}`")
            && err.contains("`{symbol}`")
            && err.contains("`{page}`"),
        "{err}"
    );
    assert!(
        err.contains("unknown placeholder `{titel}`") && err.contains("did you mean `{title}`?"),
        "{err}"
    );
}

#[test]
fn check_rejects_a_two_line_slot_as_build_does() {
    let layout = "footer: { center: \"{page}\\n{pages}\" }\n";
    let (dir, path) = report("en", "title: T\nbody:\n  - paragraph: P\n", Some(layout));
    let (check, check_err) = folio(&["check"], &path);
    let out = dir.path().join("out");
    let (build, build_err) = folio(&["build", "-o", out.to_str().unwrap()], &path);
    assert_eq!((check, build), (1, 1), "{check_err}\n{build_err}");
    let message = |err: &str| -> String {
        err.lines()
            .find(|l| l.contains("line break"))
            .unwrap_or_else(|| panic!("{err}"))
            .to_string()
    };
    assert_eq!(message(&check_err), message(&build_err));
    assert!(
        message(&check_err).contains("`footer.center`"),
        "{check_err}"
    );
    assert!(!out.join("r.en.pdf").exists());
}

/// The report-letter header prints `{title}` left and `{symbol}` right on pages 2 onwards.
fn letter_build(title: &str) -> (tempfile::TempDir, run::BuildResult) {
    let paragraph =
        "Participants recognized that migration is a megatrend of the century. ".repeat(40);
    let (dir, path) = report(
        "en",
        &format!(
            "title: \"{title}\"\nbody:\n  - paragraph: {paragraph}\n  - paragraph: {paragraph}\n  - paragraph: {paragraph}\n"
        ),
        None,
    );
    let opts = RunOptions {
        out_dir: dir.path().join("out"),
        layout: Some("report-letter".into()),
        ..RunOptions::new(path)
    };
    let result = run::build(&opts).unwrap_or_else(|e| panic!("{e}"));
    (dir, result)
}

/// Words of a PDF page (`pdftotext -bbox`) with their boxes: (page, xMin, xMax, yMin, word).
fn words(pdf: &Path) -> Vec<(usize, f32, f32, f32, String)> {
    let (ok, html, err) = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    assert!(ok, "{err}");
    let mut page = 0;
    let mut out = Vec::new();
    for line in html.lines().map(str::trim_start) {
        if line.starts_with("<page") {
            page += 1;
        }
        let Some(rest) = line.strip_prefix("<word ") else {
            continue;
        };
        let attr = |name: &str| -> f32 {
            let at = rest.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            rest[at..rest[at..].find('"').unwrap() + at]
                .parse()
                .unwrap()
        };
        let word = rest[rest.find('>').unwrap() + 1..rest.find("</word>").unwrap()].to_string();
        out.push((page, attr("xMin"), attr("xMax"), attr("yMin"), word));
    }
    out
}

#[test]
fn a_running_head_too_wide_is_reported_and_counted_overfull() {
    let long = "Roundtable 3 – Governance of Migration and Development: principles, institutions and processes for safe, orderly and regular migration";
    let (dir, result) = letter_build(long);
    let stats = &result.stats[0].1;
    assert!(stats.pages >= 2, "{stats:?}");
    let warning = (result.warnings.iter())
        .find(|w| w.contains("`header`"))
        .unwrap_or_else(|| panic!("{:?}", result.warnings));
    assert!(
        warning.contains("`left` slot (`Roundtable 3")
            && warning.contains("`right` slot (`GFMD/2017/RT3`")
            && warning.contains("pt too wide"),
        "{warning}"
    );
    // Pages 2 onwards print the title in the header (page 1 has its own): each is an
    // overfull line, as the warning says.
    assert_eq!(stats.overfull_lines, stats.pages - 1, "{stats:?}");
    assert!(
        warning.contains(&format!("from 2 to {}", stats.pages)),
        "{warning}"
    );
    // A reader sees what the warning says: on page 2 the title's words reach past the start
    // of the symbol on the same line.
    if have("pdftotext") {
        let words = words(&dir.path().join("out/r.en.pdf"));
        let symbol = (words.iter())
            .find(|w| w.0 == 2 && w.4 == "GFMD/2017/RT3")
            .expect("the symbol on page 2");
        let reach = (words.iter())
            .filter(|w| w.0 == 2 && (w.3 - symbol.3).abs() < 1.0 && w.4 != "GFMD/2017/RT3")
            .map(|w| w.2)
            .fold(0.0, f32::max);
        assert!(reach > symbol.1, "{reach} {symbol:?}");
    }
    // A short title fits: no warning, nothing overfull.
    let (_dir, result) = letter_build("Roundtable 3");
    assert_eq!(result.stats[0].1.overfull_lines, 0, "{:?}", result.warnings);
    assert!(
        !result.warnings.iter().any(|w| w.contains("too wide")),
        "{:?}",
        result.warnings
    );
}

#[test]
fn a_fallback_character_leaves_the_next_words_in_the_first_face() {
    // Folio Test Serif (Noto Serif's Latin letters, no no-break spaces; made by
    // scripts/make-fonts.sh) is first: French puts a narrow no-break space (U+202F) inside
    // guillemets, which only Noto Serif, next in the chain, has.
    let layout =
        "fonts:\n  text: [Folio Test Serif, Noto Serif]\nstyles:\n  body: { font: text }\n";
    let (_dir, path) = report(
        "fr",
        "title: Titre\nbody:\n  - paragraph: Il a dit \"bonjour\" puis est reparti vers la maison.\n",
        Some(layout),
    );
    let opts = RunOptions {
        font_dirs: vec![root().join("tests/assets/fonts")],
        ..RunOptions::new(path)
    };
    let plan = run::plan(&opts).unwrap_or_else(|e| panic!("{e}"));
    let (edition, layout) = &plan.editions[0];
    let set = typeset(edition, layout, &plan.fonts);
    let runs: Vec<(String, String)> = (set.pages.pages.iter())
        .flat_map(|p| &p.lines)
        .flat_map(|l| &l.runs)
        .map(|r| (plan.fonts.face(r.face).family.clone(), r.text.clone()))
        .collect();
    let family_of = |text: &str| -> Vec<&str> {
        (runs.iter())
            .filter(|(_, t)| t.contains(text))
            .map(|(f, _)| f.as_str())
            .collect()
    };
    let narrow = family_of("\u{202F}");
    assert!(
        !narrow.is_empty() && narrow.iter().all(|f| *f == "Noto Serif"),
        "{runs:?}"
    );
    for word in ["bonjour", "puis", "maison"] {
        assert_eq!(
            family_of(word),
            vec!["Folio Test Serif"],
            "{word}: {runs:?}"
        );
    }
}

#[test]
fn numbers_stay_on_one_line_in_both_formats() {
    // A narrow column makes every space a candidate break.
    let layout = "page: { margins: { start: 25mm, end: 140mm } }\n";
    let text = "Call +41 22 917 12 34 between 9 a.m. and 5 p.m., or walk 10 km to the office at No. 5 of the street.";
    let (dir, path) = report(
        "en",
        &format!("title: T\nbody:\n  - paragraph: {text}\n  - paragraph: {text}\n"),
        Some(layout),
    );
    let out = dir.path().join("out");
    let (code, err) = folio(&["build", "-o", out.to_str().unwrap()], &path);
    assert_eq!(code, 0, "{err}");
    let bound = ["+41 22 917 12 34", "9 a.m.", "5 p.m.,", "10 km", "No. 5"];
    if have("pdftotext") {
        // Lines as a reader sees them: words on one baseline, in order.
        let mut lines: Vec<((usize, i32), String)> = Vec::new();
        for (page, _, _, y, word) in words(&out.join("r.en.pdf")) {
            let key = (page, y.round() as i32);
            match lines.last_mut() {
                Some((k, line)) if *k == key => {
                    line.push(' ');
                    line.push_str(&word);
                }
                _ => lines.push((key, word)),
            }
        }
        let shown: Vec<&str> = lines.iter().map(|(_, l)| l.as_str()).collect();
        assert!(
            shown.len() > 8,
            "the column should break the text: {shown:#?}"
        );
        for group in bound {
            let whole = shown.iter().filter(|l| l.contains(group)).count();
            assert_eq!(whole, 2, "`{group}` broken across lines: {shown:#?}");
        }
    }
    if have("pandoc") {
        let (ok, plain, err) = tool(
            "pandoc",
            &[
                out.join("r.en.docx").to_str().unwrap(),
                "-t",
                "plain",
                "--wrap=none",
            ],
        );
        assert!(ok, "{err}");
        for group in bound {
            let tied = group.replace(' ', "\u{A0}");
            assert_eq!(
                plain.matches(&tied).count(),
                2,
                "`{tied}` in the DOCX:\n{plain:?}"
            );
        }
    }
}
