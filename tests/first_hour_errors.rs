//! The sixteen mistakes of a newcomer's first hour (issue 12, docs/common-mistakes.md): each
//! message names file:line:col, shows the source line with a caret under the culprit, and
//! gives a hint that says what to write instead.

use std::path::Path;
use std::process::Command;

const REPORT: &str = "id: my-report
layout: report-a4
date: 2017-06-30
editions:
  - lang: en
    source: en.yaml
  - lang: fr
    source: fr.yaml
";

const EN: &str = "title: My report
body:
  - heading: Introduction
  - paragraph: Some *text* here.
  - list:
      items:
        - First
        - Second
";

const FR: &str = "title: Mon rapport
body:
  - heading: Introduction
  - paragraph: Du *texte* ici.
  - list:
      items:
        - Premier
        - Second
";

/// A two-edition report in a temporary folder, with `edit` applied to (file, text) pairs.
fn report(edit: impl Fn(&str, &str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("report.yaml", REPORT), ("en.yaml", EN), ("fr.yaml", FR)] {
        std::fs::write(dir.path().join(name), edit(name, text)).unwrap();
    }
    dir
}

/// Runs `folio ARGS` in `dir`; returns the exit code and stderr (never coloured: not a
/// terminal).
fn folio(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        !stderr.contains('\u{1b}'),
        "colour outside a terminal: {stderr}"
    );
    (output.status.code().unwrap_or(-1), stderr)
}

fn check(dir: &Path) -> (i32, String) {
    folio(dir, &["check", "report.yaml"])
}

/// Asserts that `stderr` holds `first` (the `error: file:line:col: message` line), the source
/// line `source` numbered `line` with a caret line `caret` under it, and `hint`.
fn assert_teaches(stderr: &str, first: &str, line: u32, source: &str, caret: &str, hint: &str) {
    assert!(stderr.contains(first), "missing {first:?} in:\n{stderr}");
    let gutter = " ".repeat(line.to_string().len());
    let snippet = format!("{line} | {source}\n{gutter} | {caret}\n");
    assert!(stderr.contains(&snippet), "missing\n{snippet}in:\n{stderr}");
    assert!(
        stderr
            .lines()
            .any(|l| l.trim_start().starts_with("= hint: ") && l.contains(hint)),
        "missing hint {hint:?} in:\n{stderr}"
    );
}

#[test]
fn misspelt_field() {
    let dir = report(|f, t| match f {
        "en.yaml" => t.replace("- paragraph:", "- paragrph:"),
        _ => t.to_string(),
    });
    let (code, err) = check(dir.path());
    assert_eq!(code, 1, "{err}");
    assert_teaches(
        &err,
        "error: en.yaml:4:5: unknown field `paragrph`, expected one of heading, level, paragraph,",
        4,
        "  - paragrph: Some *text* here.",
        "    ^^^^^^^^",
        "did you mean `paragraph`?",
    );
}

#[test]
fn unquoted_colon() {
    let dir = report(|f, t| match f {
        "en.yaml" => t.replace("Some *text* here.", "Note: the text here."),
        _ => t.to_string(),
    });
    let (code, err) = check(dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("mapping values"), "parser jargon: {err}");
    assert_teaches(
        &err,
        "error: en.yaml:4:20: this text contains ': ' (a colon and a space)",
        4,
        "  - paragraph: Note: the text here.",
        "                   ^",
        "put the text in quotes: `- paragraph: \"Note: the text here.\"`",
    );
}

#[test]
fn tab_indentation() {
    let dir = report(|f, t| match f {
        "en.yaml" => t.replace("  - paragraph", "\t- paragraph"),
        _ => t.to_string(),
    });
    let (code, err) = check(dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("plain scalar"), "parser jargon: {err}");
    // The snippet shows the tab as four spaces, the caret under all of it.
    assert_teaches(
        &err,
        "error: en.yaml:4:1: a tab is used for indentation; YAML indents with spaces only",
        4,
        "    - paragraph: Some *text* here.",
        "^^^^",
        "replace the tab with spaces",
    );
}

#[test]
fn missing_edition_file() {
    let dir = report(|_, t| t.to_string());
    std::fs::remove_file(dir.path().join("fr.yaml")).unwrap();
    let (code, err) = check(dir.path());
    assert_eq!(code, 1, "{err}");
    assert_teaches(
        &err,
        "error: report.yaml:8:13: edition `fr`: source file `fr.yaml` does not exist",
        8,
        "    source: fr.yaml",
        "            ^^^^^^^",
        "`source` is relative to the report file",
    );
}

#[test]
fn language_name_for_a_tag() {
    let dir = report(|f, t| match f {
        "report.yaml" => t.replace("lang: fr", "lang: french"),
        _ => t.to_string(),
    });
    let (code, err) = check(dir.path());
    assert_eq!(code, 1, "{err}");
    assert_teaches(
        &err,
        "error: report.yaml:7:11: `lang` is `french`; expected a BCP 47 language tag",
        7,
        "  - lang: french",
        "          ^^^^^^",
        "`french` looks like the name of a language; write its tag: `lang: fr`",
    );
}

/// Not the sixteen's "item indented too far" (it merges silently into the item above; wt-silent
/// makes that a message): an item indented to no level of the list is a parse error, and says
/// which indentations would do.
#[test]
fn list_item_indented_to_no_level() {
    let dir = report(|f, t| match f {
        "en.yaml" => t.replace("        - Second", "       - Second"),
        _ => t.to_string(),
    });
    let (code, err) = check(dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(
        !err.contains("did not find expected"),
        "parser jargon: {err}"
    );
    assert_teaches(
        &err,
        "error: en.yaml:8:8: this line is indented by 7 spaces, which lines up with no line above it; expected 8 spaces to start a new item of the list on line 7, or 6 spaces to add a key beside `items` on line 6",
        8,
        "       - Second",
        "       ^^^^^^^^",
        "items of one list, and keys of one map, start in the same column",
    );
}

#[test]
fn heading_level_4() {
    let dir = report(|f, t| match f {
        "en.yaml" => t.replace(
            "  - heading: Introduction\n",
            "  - heading: Introduction\n    level: 4\n",
        ),
        _ => t.to_string(),
    });
    let (code, err) = check(dir.path());
    assert_eq!(code, 1, "{err}");
    assert_teaches(
        &err,
        "error: en.yaml:4:12: `level` is 4; expected 1, 2 or 3",
        4,
        "    level: 4",
        "           ^",
        "make it `level: 3`",
    );
}

#[test]
fn day_first_date() {
    let dir = report(|f, t| match f {
        "report.yaml" => t.replace("date: 2017-06-30", "date: 30/06/2017"),
        _ => t.to_string(),
    });
    let (code, err) = check(dir.path());
    assert_eq!(code, 1, "{err}");
    assert_teaches(
        &err,
        "error: report.yaml:3:7: `date` is `30/06/2017`; expected an ISO date like 2017-06-30",
        3,
        "date: 30/06/2017",
        "      ^^^^^^^^^^",
        "write the year first, then month and day: `date: 2017-06-30`",
    );
}

#[test]
fn unknown_layout() {
    let dir = report(|f, t| match f {
        "report.yaml" => t.replace("report-a4", "report-a5"),
        _ => t.to_string(),
    });
    let (code, err) = check(dir.path());
    assert_eq!(code, 1, "{err}");
    assert_teaches(
        &err,
        "error: report.yaml:2:9: unknown layout `report-a5`",
        2,
        "layout: report-a5",
        "        ^^^^^^^^^",
        "did you mean `report-a4`? expected one of `report-a4`",
    );
}

#[test]
fn unclosed_bold() {
    let dir = report(|f, t| match f {
        "en.yaml" => t.replace("Some *text* here.", "Some **bold text here."),
        _ => t.to_string(),
    });
    let (code, err) = check(dir.path());
    assert_eq!(code, 0, "a warning, not an error: {err}");
    assert_teaches(
        &err,
        "warning: en.yaml:4:21: `**` was not paired and is printed as is",
        4,
        "  - paragraph: Some **bold text here.",
        "                    ^^",
        "close the bold text with `**` right after its last character",
    );
}

#[test]
fn an_emoji_once_with_every_place() {
    let dir = report(|f, t| match f {
        "en.yaml" => t
            .replace("Introduction", "Introduction 😀")
            .replace(
                "Some *text* here.",
                ">-\n      Some text\n      and 😀 here.",
            )
            .replace("- First", "- First 😀"),
        _ => t.to_string(),
    });
    let (code, err) = check(dir.path());
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        err.matches("no font can draw").count(),
        1,
        "one cause, one error: {err}"
    );
    assert_teaches(
        &err,
        "error: en.yaml:3:27: edition `en`: no font can draw '😀' (U+1F600); it is also in the blocks at lines 4 and 9",
        3,
        "  - heading: Introduction 😀",
        "                          ^^",
        "the shipped fonts have no emoji: write the word instead, or add a font that has it with --font-dir",
    );
}

#[test]
fn a_hindi_word() {
    let dir = report(|f, t| match f {
        "en.yaml" => t.replace("Some *text* here.", "Some text नमस्ते here."),
        _ => t.to_string(),
    });
    let (code, err) = check(dir.path());
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        err.matches("no font can draw").count(),
        1,
        "one word, one error: {err}"
    );
    assert_teaches(
        &err,
        "error: en.yaml:4:26: edition `en`: no font can draw 'नमस्ते' (U+0928 U+092E U+0938 U+094D U+0924 U+0947)",
        4,
        "  - paragraph: Some text नमस्ते here.",
        "                         ^^^^",
        "the shipped fonts have no Devanagari (Hindi); add a font that has it with --font-dir",
    );
}

#[test]
fn duplicate_language() {
    let dir = report(|f, t| match f {
        "report.yaml" => t.replace("lang: fr", "lang: en"),
        _ => t.to_string(),
    });
    let (code, err) = check(dir.path());
    assert_eq!(code, 1, "{err}");
    assert_teaches(
        &err,
        "error: report.yaml:7:11: duplicate language `en`",
        7,
        "  - lang: en",
        "          ^^",
        "`en` is already an edition at line 5",
    );
}

/// Today's behaviour; wt-batch makes a folder a batch build, where a folder without a report
/// file is still an error.
#[test]
fn a_folder_as_report() {
    let dir = report(|_, t| t.to_string());
    std::fs::create_dir(dir.path().join("drafts")).unwrap();
    let (code, err) = folio(dir.path(), &["check", "drafts"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error: drafts: this is a folder"), "{err}");
    assert!(
        err.contains("= hint: give the report file, such as `drafts/report.yaml`"),
        "{err}"
    );
}

#[test]
fn no_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = folio(dir.path(), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("Usage: folio [OPTIONS] <COMMAND>"), "{err}");
    assert!(err.contains("check") && err.contains("build"), "{err}");
    assert!(
        err.contains(
            "Start with `folio check report.yaml`, then `folio build report.yaml -o out`."
        ),
        "{err}"
    );
}

#[test]
fn lang_with_no_such_edition() {
    let dir = report(|_, t| t.to_string());
    let (code, err) = folio(dir.path(), &["check", "report.yaml", "--lang", "de"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "error: report.yaml: --lang names `de`, which is not an edition of this report"
        ),
        "{err}"
    );
    assert!(err.contains("= hint: the editions are en, fr"), "{err}");
}

/// Budget breaches are sentences with the limit, never serde-saphyr's type names.
#[test]
fn a_file_too_large_is_a_sentence() {
    let items: String = (0..260_000).map(|i| format!("        - p{i}\n")).collect();
    let dir = report(|f, t| match f {
        "en.yaml" => format!("title: T\nbody:\n  - list:\n      items:\n{items}"),
        _ => t.to_string(),
    });
    let (code, err) = check(dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("budget") && !err.contains("Nodes"), "{err}");
    assert!(err.contains("more than 250000 YAML values"), "{err}");
}
