//! Bad input: every error names the file, line and column and says what was expected;
//! an invalid definition writes nothing at all.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// A copy of the fixture in a temporary folder, with `edit` applied to one of its files.
fn broken_fixture(file: &str, edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("fixtures/roundtable-3")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_owned();
        let mut text = read(&path);
        if name == file {
            text = edit(text);
        }
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// Runs `folio build` on the copy; returns the exit code and stderr, and asserts that no
/// output of any kind was written.
fn build_fails(dir: &Path) -> (i32, String) {
    let out: PathBuf = dir.join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args([
            "build",
            dir.join("report.yaml").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let written: Vec<_> = std::fs::read_dir(&out)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(
        written.is_empty(),
        "outputs were written: {written:?}\n{stderr}"
    );
    (output.status.code().unwrap_or(-1), stderr)
}

#[test]
fn malformed_yaml_names_file_line_and_column() {
    let dir = broken_fixture("fr.yaml", |t| {
        t.replacen("subtitle:", "subtitle: [unclosed", 1)
    });
    let (code, err) = build_fails(dir.path());
    assert_eq!(code, 1);
    assert!(
        err.contains("fr.yaml:2:") || err.contains("fr.yaml:3:"),
        "{err}"
    );
}

#[test]
fn unknown_field_is_named_with_the_valid_ones() {
    let dir = broken_fixture("report.yaml", |t| t.replacen("symbol:", "symbl:", 1));
    let (code, err) = build_fails(dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("report.yaml:4:1"), "{err}");
    assert!(
        err.contains("symbl") && err.contains("symbol") && err.contains("editions"),
        "{err}"
    );
}

#[test]
fn unknown_block_field_in_an_edition_file() {
    let dir = broken_fixture("es.yaml", |t| t.replacen("- paragraph:", "- paragrap:", 1));
    let (code, err) = build_fails(dir.path());
    assert_eq!(code, 1);
    assert!(
        err.contains("es.yaml:11:5")
            && err.contains("`paragrap`")
            && err.contains("heading, level, paragraph, list, quote"),
        "{err}"
    );
}

#[test]
fn missing_edition_file() {
    let dir = broken_fixture("report.yaml", |t| {
        t.replacen("source: ru.yaml", "source: russian.yaml", 1)
    });
    let (code, err) = build_fails(dir.path());
    assert_eq!(code, 1);
    assert!(
        err.contains("report.yaml:15:")
            && err.contains("russian.yaml")
            && err.contains("does not exist"),
        "{err}"
    );
}

#[test]
fn unknown_layout_lists_the_shipped_ones() {
    let dir = broken_fixture("report.yaml", |t| {
        t.replacen("layout: report-a4", "layout: report-a3", 1)
    });
    let (code, err) = build_fails(dir.path());
    assert_eq!(code, 1);
    assert!(
        err.contains("report.yaml:3:9")
            && err.contains("report-a3")
            && err.contains("report-letter"),
        "{err}"
    );
}

#[test]
fn duplicate_language_points_at_both() {
    let dir = broken_fixture("report.yaml", |t| t.replacen("lang: es", "lang: fr", 1));
    let (code, err) = build_fails(dir.path());
    assert_eq!(code, 1);
    assert!(
        err.contains("report.yaml:12:11")
            && err.contains("duplicate language `fr`")
            && err.contains("line 10"),
        "{err}"
    );
}

#[test]
fn every_error_is_reported_at_once() {
    let dir = broken_fixture("report.yaml", |t| {
        t.replacen("id: roundtable-3", "id: Roundtable 3", 1)
            .replacen("date: 2017-06-30", "date: 30/06/2017", 1)
            .replacen("lang: es", "lang: fr", 1)
    });
    let (code, err) = build_fails(dir.path());
    assert_eq!(code, 1);
    for needle in [
        "`id` is `Roundtable 3`",
        "`date` is `30/06/2017`",
        "duplicate language",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    // `check` reports the same errors and writes nothing either.
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["check", dir.path().join("report.yaml").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr)
            .matches("error:")
            .count(),
        3
    );
}

#[test]
fn a_character_no_font_has_is_named_with_edition_and_line() {
    let dir = broken_fixture("en.yaml", |t| {
        t.replacen("General summary", "General summary \u{1F600}", 1)
    });
    let (code, err) = build_fails(dir.path());
    assert_eq!(code, 1);
    assert!(
        err.contains("en.yaml:") && err.contains("edition `en`") && err.contains("U+1F600"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", "--format", "odt", "x.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["frobnicate"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn check_succeeds_on_the_fixture_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .current_dir(dir.path())
        .args(["check", fixture().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_failing_job_does_not_stop_the_others() {
    let out = tempfile::tempdir().unwrap();
    // A folder where the English PDF should go: that one write fails, the rest succeed.
    std::fs::create_dir(out.path().join("roundtable-3.en.pdf")).unwrap();
    std::fs::write(out.path().join("roundtable-3.en.pdf/keep"), "").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args([
            "build",
            fixture().to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&out.path().join("manifest.json"))).unwrap();
    let outputs = manifest["outputs"].as_array().unwrap();
    let failed: Vec<&serde_json::Value> = outputs.iter().filter(|o| o["status"] != "ok").collect();
    assert_eq!(failed.len(), 1, "{manifest}");
    assert_eq!(failed[0]["path"], "roundtable-3.en.pdf");
    assert!(
        failed[0]["status"]
            .as_str()
            .unwrap()
            .starts_with("failed: ")
    );
    assert_eq!(
        outputs.len() - 1,
        outputs.iter().filter(|o| o["status"] == "ok").count()
    );
    assert!(out.path().join("roundtable-3.fr.pdf").is_file());
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn check_warns_when_an_edition_lost_a_paragraph() {
    // Drop the French edition's third paragraph (the one starting "Cette table ronde").
    let dir = broken_fixture("fr.yaml", |t| {
        let start = t
            .find("  - paragraph: >-\n      Cette table ronde")
            .expect("the fixture's third paragraph");
        let end = start + t[start + 1..].find("  - ").unwrap() + 1;
        format!("{}{}", &t[..start], &t[end..])
    });
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["check", dir.path().join("report.yaml").to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(0),
        "a warning, not an error: {err}"
    );
    assert!(
        err.contains("warning: ")
            && err.contains("fr.yaml:")
            && err.contains("edition `fr` differs from the original"),
        "{err}"
    );
    assert!(
        // The paragraph that went held the first footnote: the first block that differs is
        // the one in its place, which holds none.
        err.contains(
            "block 6 is a paragraph where the original `en` has a paragraph with 1 footnote"
        ),
        "{err}"
    );
}

#[test]
fn check_counts_footnotes_for_parity_and_covers_their_characters() {
    // The French edition loses its first footnote; the English one gets a character no
    // font has in its second (a note's text is checked like the body's).
    let dir = broken_fixture("fr.yaml", |t| {
        let start = t.find("^[Huitième Sommet").expect("the first French note");
        let end = start + t[start..].find(']').unwrap() + 1;
        format!("{}{}", &t[..start], &t[end..])
    });
    let en = dir.path().join("en.yaml");
    let text = read(&en).replacen(
        "Migrants in Countries in Crisis",
        "Migrants 🦀 in Countries",
        1,
    );
    std::fs::write(&en, text).unwrap();
    let e = match folio::run::plan(&folio::run::RunOptions::new(dir.path().join("report.yaml"))) {
        Ok(_) => panic!("a character no font has, in a footnote, must be an error"),
        Err(e) => e.to_string(),
    };
    assert!(
        // At the character itself: the folded paragraph of line 37 has its text on line 38.
        e.contains("en.yaml:38:38:") && e.contains("no font can draw '🦀'"),
        "{e}"
    );
    assert!(
        e.contains("fr.yaml:")
            && e.contains(
                "block 6 is a paragraph where the original `en` has a paragraph with 1 footnote"
            ),
        "{e}"
    );
}

#[test]
fn unknown_edition_and_missing_font_folder_are_named() {
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args([
            "check",
            fixture().to_str().unwrap(),
            "--lang",
            "en,de",
            "--font-dir",
            "/nonexistent/fonts",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("/nonexistent/fonts") && err.contains("cannot read the font folder"),
        "{err}"
    );
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["check", fixture().to_str().unwrap(), "--lang", "en,de"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("--lang names `de`")
            && err.contains("the editions are en, fr, es, ru, ar, zh"),
        "{err}"
    );
}

#[test]
fn a_word_wider_than_the_line_is_a_warning_naming_the_block() {
    // Digits are never hyphenated, so nothing can break this word.
    let long = "GFMD2017RT3".repeat(12);
    let dir = broken_fixture("en.yaml", |t| {
        t.replacen(
            "  - heading: General summary\n",
            &format!("  - heading: General summary\n  - paragraph: A word {long} too long.\n"),
            1,
        )
    });
    let out = dir.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args([
            "build",
            dir.path().join("report.yaml").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--lang",
            "en",
            "--format",
            "pdf",
            "--stats",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: roundtable-3.en.pdf: ")
            && err.contains("en.yaml:11:5")
            && err.contains("wider than the line"),
        "{err}"
    );
    let en = stdout
        .lines()
        .skip_while(|l| !l.starts_with("lang "))
        .find(|l| l.starts_with("en "))
        .unwrap_or_default()
        .to_string();
    // lang, pages, lines, hyphenated, worst ratio, loose, over tol, overfull.
    assert_eq!(
        en.split_whitespace().nth(7),
        Some("1"),
        "one overfull line: {stdout}"
    );
}

#[test]
fn a_misspelt_font_family_is_an_error_naming_the_layout() {
    let dir = broken_fixture("report.yaml", |t| {
        t.replacen("layout: report-a4", "layout: house.yaml", 1)
    });
    std::fs::write(
        dir.path().join("house.yaml"),
        "fonts:\n  serif: [Noto Serf]\n",
    )
    .unwrap();
    let (code, err) = build_fails(dir.path());
    assert_eq!(code, 1);
    assert!(
        err.contains("house.yaml") && err.contains("`Noto Serf`") && err.contains("Noto Serif"),
        "{err}"
    );
    // One cause, one error: not one per style that inherits the family, nor per edition.
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(
        err.contains("house.yaml:2:11: the font family `Noto Serf`"),
        "{err}"
    );
    assert!(err.contains("did you mean `Noto Serif`?"), "{err}");
}

#[test]
fn edition_file_errors_come_with_the_report_errors() {
    let dir = broken_fixture("report.yaml", |t| {
        t.replacen("source: ru.yaml", "source: russian.yaml", 1)
            .replacen("lang: es", "lang: fr", 1)
    });
    let (code, err) = build_fails(dir.path());
    assert_eq!(code, 1);
    assert!(
        err.contains("russian.yaml") && err.contains("does not exist"),
        "{err}"
    );
    assert!(err.contains("duplicate language `fr`"), "{err}");
}
