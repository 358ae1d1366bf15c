//! Issue 11, items 4, 6 and 7: what `build` would fail on is an error from `check` (and
//! `build` then writes nothing); nonsense layouts are errors, all reported in one run; the
//! warnings of validation reach the user.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// A one-edition report (or several, from `editions`) with `layout` beside it.
fn report(editions: &[(&str, &str, &str)], extra: &str, layout: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut yaml = format!("id: t\nlayout: l.yaml\ndate: 2017-06-30\n{extra}editions:\n");
    for (lang, title, paragraph) in editions {
        yaml.push_str(&format!(
            "  - lang: {lang}\n    content:\n      title: \"{title}\"\n      body:\n        - heading: \"H\"\n        - paragraph: \"{paragraph}\"\n"
        ));
    }
    std::fs::write(dir.path().join("report.yaml"), yaml).unwrap();
    std::fs::write(dir.path().join("l.yaml"), layout).unwrap();
    dir
}

fn folio(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `check` fails naming every needle; `build` fails the same way and writes nothing.
fn fails_everywhere(dir: &Path, needles: &[&str]) -> String {
    let report = dir.join("report.yaml");
    let (code, err) = folio(&["check", report.to_str().unwrap()]);
    assert_eq!(code, 1, "check must fail:\n{err}");
    for needle in needles {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    let out = dir.join("out");
    let (code, build_err) = folio(&[
        "build",
        report.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "build must fail:\n{build_err}");
    assert!(build_err.contains("nothing was written"), "{build_err}");
    let written: Vec<_> = std::fs::read_dir(&out)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(written.is_empty(), "outputs were written: {written:?}");
    err
}

/// `check` and `build` succeed (exit 0); returns build's stderr and the output folder.
fn builds(dir: &Path) -> (String, std::path::PathBuf) {
    let report = dir.join("report.yaml");
    let (code, err) = folio(&["check", report.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let out = dir.join("out");
    let (code, err) = folio(&[
        "build",
        report.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    (err, out)
}

#[test]
fn control_characters_in_text_are_errors_naming_the_character() {
    // YAML escapes: the file itself holds no control character, the text does.
    for (lang, title, text, code) in [
        ("en", "T", "a\\\\e b", "U+001B (ESC)"),
        ("en", "T", "a\\\\a b", "U+0007 (BEL)"),
        ("en", "T", "a\\\\x7f b", "U+007F (DEL)"),
        ("en", "T", "a\\\\0 b", "U+0000 (NUL)"),
        ("en", "T", "a\\\\x9b b", "U+009B"),
        ("zh", "标题", "中文\\\\uFEFF中文", "U+FEFF"),
        ("ar", "عنوان", "عربي\\\\uFEFFعربي", "U+FEFF"),
    ] {
        let text = text.replace("\\\\", "\\");
        let dir = report(&[(lang, title, &text)], "", "");
        let err = fails_everywhere(dir.path(), &[code, "expected printable text"]);
        // The paragraph's text starts on line 10, column 22.
        assert!(err.contains("report.yaml:10:22"), "{err}");
    }
}

#[test]
fn control_characters_in_the_symbol_and_header_templates_are_errors() {
    let dir = report(
        &[("en", "T", "p")],
        "symbol: \"S\\e1\"\n",
        "footer: { left: \"x\\a\" }\n",
    );
    let err = fails_everywhere(dir.path(), &["U+001B (ESC)", "U+0007 (BEL)"]);
    assert!(
        err.contains("report.yaml:4:9") && err.contains("l.yaml:1:17"),
        "{err}"
    );
}

#[test]
fn whitespace_controls_are_spaces_and_build_everywhere() {
    let dir = report(
        &[
            ("en", "T\\tT", "a\\tb\\u0085c\\u2028d\\u2029e"),
            ("zh", "标题", "中文\\u2028中文\\u2029中文"),
            ("ar", "عنوان", "عربي\\u2028عربي\\u2029عربي"),
        ],
        "",
        "",
    );
    let (_, out) = builds(dir.path());
    for name in [
        "t.en.pdf",
        "t.en.docx",
        "t.zh.pdf",
        "t.zh.docx",
        "t.ar.pdf",
        "t.ar.docx",
    ] {
        assert!(out.join(name).is_file(), "{name}");
    }
    let dump = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["dump", dir.path().join("report.yaml").to_str().unwrap()])
        .output()
        .unwrap();
    let dump = String::from_utf8_lossy(&dump.stdout);
    assert!(
        dump.contains(" T T\n") && dump.contains(" a b c d e\n"),
        "{dump}"
    );
}

#[test]
fn a_heading_of_a_tab_is_empty_and_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("report.yaml"),
        "id: t\ndate: 2017-06-30\neditions:\n  - lang: en\n    content:\n      title: T\n      body:\n        - heading: \"\\t\"\n        - paragraph: \"\\u2028\"\n        - list: { items: [\"\\t\"] }\n",
    )
    .unwrap();
    fails_everywhere(
        dir.path(),
        &[
            "report.yaml:8:20: the heading is empty once whitespace is removed; expected some text",
            "report.yaml:9:22: the paragraph is empty",
            "report.yaml:10:27: the list item is empty",
        ],
    );
}

#[test]
fn header_text_the_header_font_cannot_draw_is_an_error() {
    // The symbol is printed only in the header: nothing else checks it.
    let dir = report(
        &[("en", "T", "p")],
        "symbol: \"GFMD/☃\"\n",
        "header: { left: \"{symbol}\" }\n",
    );
    fails_everywhere(
        dir.path(),
        &[
            "l.yaml: edition `en`: the header's left slot `{symbol}` prints '☃' (U+2603)",
            "style `header`",
        ],
    );
    // `{title}` and `{original}` are filled in and checked the same way: a title in a
    // footer. (Every face is in every fallback chain, so a title its own style can draw is
    // drawable in a footer too; this one must pass.)
    let dir = report(
        &[("en", "Report 中", "p")],
        "",
        "styles:\n  title: { font: Noto Sans CJK SC }\nfirst-page:\n  footer: { right: \"{title}\" }\n",
    );
    builds(dir.path());
}

#[test]
fn an_id_too_long_for_a_file_name_is_an_error() {
    let dir = report(&[("en", "T", "p")], "", "");
    let path = dir.path().join("report.yaml");
    let long = "a".repeat(240);
    let text = read(&path).replacen("id: t", &format!("id: {long}"), 1);
    std::fs::write(&path, text).unwrap();
    fails_everywhere(
        dir.path(),
        &["report.yaml:1:5: `id` is 240 characters long; expected at most 100"],
    );
}

#[test]
fn nonsense_layout_values_are_errors_naming_the_field_and_range() {
    for (layout, needles) in [
        (
            "styles:\n  body: { size: 0pt }\n",
            &["l.yaml:2:17: `size`: found `0pt`; expected a length greater than 0pt"][..],
        ),
        (
            "styles:\n  body: { leading: 0pt }\n",
            &["l.yaml:2:20: `leading`: found `0pt`; expected a length greater than 0pt"],
        ),
        (
            "page: { width: 0pt, height: 0pt }\n",
            &[
                "l.yaml:1:16: `width`: found `0pt`; expected a length from 3pt to 14400pt",
                "l.yaml:1:29: `height`: found `0pt`",
            ],
        ),
        (
            "page: { width: 15000pt }\n",
            &["l.yaml:1:16: `width`: found `15000pt`; expected a length from 3pt to 14400pt"],
        ),
        (
            "page: { margins: { start: 400pt, end: 400pt } }\n",
            &["l.yaml:1:27: `margins`: found start 400pt and end 400pt on a page 595.28pt wide"],
        ),
        (
            "page: { margins: { top: 500pt, bottom: 500pt } }\n",
            &["l.yaml:1:25: `margins`: found top 500pt and bottom 500pt on a page 841.89pt high"],
        ),
        (
            "styles:\n  heading-1: { size: 1000pt, leading: 1000pt }\n",
            &[
                "l.yaml:2:22: `size`: found 1000pt; expected at most the text area's height",
                "l.yaml:2:39: `leading`: found 1000pt",
            ],
        ),
        (
            "justification: { stretch: .nan, shrink: -1, tolerance: .inf }\n",
            &[
                "l.yaml:1:27: `stretch`: found `NaN`; expected a number from 0 to 10",
                "l.yaml:1:41: `shrink`: found `-1`; expected a number from 0 to 0.9",
                "l.yaml:1:56: `tolerance`: found `inf`; expected a number from 0.1 to 100",
            ],
        ),
        (
            "hyphenation: { min-word: 0, left: 0, right: 0, max-consecutive: 0 }\n",
            &[
                "`min-word`: found `0`; expected a whole number from 1 to 100",
                "l.yaml:1:35: `left`: found `0`; expected a whole number from 1 to 20",
                "`right`: found `0`",
                "`max-consecutive`: found `0`",
            ],
        ),
        (
            "pagination: { widows: 0, orphans: 100000 }\n",
            &[
                "l.yaml:1:23: `widows`: found `0`; expected a whole number from 1 to 10",
                "l.yaml:1:35: `orphans`: found `100000`",
            ],
        ),
        (
            "styles:\n  quote: { indent-start: 300pt, indent-end: 300pt }\n",
            &[
                "l.yaml:2:26: `indent-start`, `indent-end` and `first-line-indent`: found 600pt in all; expected less than the text width",
            ],
        ),
        (
            "lists:\n  - { indent: 2000pt }\n",
            &["l.yaml:2:15: list level 1: found indent 2000pt"],
        ),
        (
            "languages:\n  ar:\n    styles: { body: { size: -3pt } }\n",
            &["l.yaml:3:29: `size`: found `-3pt`; expected a length from 0pt to 14400pt"],
        ),
    ] {
        let edition = if layout.contains("ar:") {
            ("ar", "عنوان", "عربي")
        } else {
            ("en", "T", "p")
        };
        let dir = report(&[edition], "", layout);
        fails_everywhere(dir.path(), needles);
    }
}

#[test]
fn every_layout_error_comes_in_one_run_with_the_report_errors() {
    let dir = report(
        &[("en", "T", "p"), ("fr", "T", "p")],
        "",
        "pagee: {}\nstyles:\n  body: { sise: 1pt }\nhyphenation: { lef: 1 }\nlanguages:\n  fr:\n    lists: [{ indnt: 2pt }]\n",
    );
    let err = fails_everywhere(
        dir.path(),
        &[
            "l.yaml:1:1: unknown field `pagee`, expected one of name, page,",
            "l.yaml:3:11: unknown field `sise`, expected one of font, size,",
            "l.yaml:4:16: unknown field `lef`, expected one of enabled, min-word,",
            "l.yaml:7:15: unknown field `indnt`, expected one of numbered, bullet, indent, hanging",
        ],
    );
    assert_eq!(err.matches("error:").count(), 4, "{err}");

    // Value errors in the layout come out with the report's own errors.
    let dir = report(
        &[("en", "T", "p"), ("ar", "T", "p")],
        "original: en\n",
        "styles:\n  body: { leading: 0pt }\nlanguages:\n  ar:\n    justification: { stretch: -1 }\n",
    );
    let path = dir.path().join("report.yaml");
    let text = read(&path).replacen("id: t", "id: Not An Id", 1);
    std::fs::write(&path, text).unwrap();
    let err = fails_everywhere(
        dir.path(),
        &[
            "report.yaml:1:5: `id` is `Not An Id`",
            "l.yaml:2:20: `leading`: found `0pt`",
            "l.yaml:5:31: `stretch`: found `-1`",
        ],
    );
    // The same leading error for each edition is reported once.
    assert_eq!(err.matches("`leading`").count(), 1, "{err}");
}

#[test]
fn validation_warnings_reach_check_and_build() {
    let dir = report(&[("en", "T", "a **b c")], "original: de\n", "");
    let report = dir.path().join("report.yaml");
    let needles = [
        "warning: ",
        "report.yaml:4:11: `original` is `de`, which is not one of the editions",
        "report.yaml:11:25: `**` was not paired and is printed as is",
    ];
    let (code, err) = folio(&["check", report.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    for needle in needles {
        assert!(err.contains(needle), "check: missing {needle:?} in:\n{err}");
    }
    let (err, out) = builds(dir.path());
    for needle in needles {
        assert!(err.contains(needle), "build: missing {needle:?} in:\n{err}");
    }
    assert!(out.join("t.en.pdf").is_file());
}
