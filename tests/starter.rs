//! The first hour: `folio init` writes a report that builds at once (read back with
//! pdftotext, qpdf and pandoc) and never replaces a file; `folio layouts` lists every shipped
//! layout and `layouts show` prints one that loads as a layout file; `folio fonts` says which
//! scripts each family covers, as fontconfig reads the same files; a layout's own `font-dir`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

fn folio(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .output()
        .unwrap()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Text as a reader compares it: bidi controls and marks (pdftotext wraps right-to-left
/// runs in them) dropped, every run of white space one space.
fn normal(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn init_writes_a_report_that_builds_in_every_language_and_layout_asked() {
    let cases = [
        ("en,fr", "report-a4"),
        ("ar,zh,ru", "un-official"),
        ("es,de", "report-letter"),
    ];
    for (langs, layout) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("new-report");
        let o = folio(&["init", s(&dir), "--langs", langs, "--layout", layout]);
        assert!(o.status.success(), "{}", stderr(&o));
        // Every file names its schema on its first line, and the schema is there.
        for name in std::iter::once("report")
            .chain(langs.split(','))
            .chain(["layout"])
        {
            let text = read(&dir.join(format!("{name}.yaml")));
            let first = text.lines().next().unwrap();
            let schema = first
                .strip_prefix("# yaml-language-server: $schema=")
                .unwrap_or_else(|| panic!("{name}.yaml begins with {first}"));
            assert!(dir.join(schema).is_file(), "{name}.yaml names {schema}");
        }
        let out = dir.join("out");
        let o = folio(&["build", s(&dir.join("report.yaml")), "-o", s(&out)]);
        assert!(o.status.success(), "{layout} {langs}: {}", stderr(&o));
        assert_eq!(
            stderr(&o),
            "",
            "a new report builds without a warning ({layout}, {langs})"
        );
        for lang in langs.split(',') {
            // The edition's title as its file says it, in the PDF and in the DOCX.
            let edition: serde_json::Value =
                serde_saphyr::from_str(&read(&dir.join(format!("{lang}.yaml")))).unwrap();
            let title = edition["title"].as_str().unwrap();
            let pdf = out.join(format!("new-report.{lang}.pdf"));
            let docx = out.join(format!("new-report.{lang}.docx"));
            assert!(pdf.is_file() && docx.is_file(), "{lang}: {:?}", out);
            if have("pdftotext") {
                let (ok, text, err) = tool("pdftotext", &[s(&pdf), "-"]);
                assert!(ok, "{err}");
                assert!(normal(&text).contains(title), "{lang} PDF: {text}");
            }
            if have("qpdf") {
                let (ok, text, err) = tool("qpdf", &["--check", s(&pdf)]);
                assert!(ok, "{lang}: {text}{err}");
            }
            if have("pandoc") {
                let (ok, text, err) =
                    tool("pandoc", &["-s", "--wrap=none", "-t", "plain", s(&docx)]);
                assert!(ok, "{err}");
                assert!(normal(&text).contains(title), "{lang} DOCX: {text}");
            }
        }
    }
}

#[test]
fn init_never_replaces_a_file_and_writes_nothing_when_one_exists() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // A folder holding only a report.yaml of the user's: refused, nothing added.
    std::fs::write(dir.join("report.yaml"), "mine\n").unwrap();
    let before = snapshot(dir);
    let o = folio(&["init", s(dir), "--langs", "en,fr"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("report.yaml") && err.contains("already exists"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(snapshot(dir), before, "init changed the folder");

    // A report made by init, edited, then init again: refused, every file as it was.
    let dir = tmp.path().join("made");
    assert!(
        folio(&["init", s(&dir), "--langs", "en,fr"])
            .status
            .success()
    );
    std::fs::write(dir.join("en.yaml"), "title: Mine\n").unwrap();
    let before = snapshot(&dir);
    let o = folio(&["init", s(&dir), "--langs", "en,fr"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for name in ["report.yaml", "en.yaml", "fr.yaml", "layout.yaml"] {
        assert!(err.contains(name), "{name} not named: {err}");
    }
    assert_eq!(snapshot(&dir), before, "init changed the folder");
}

#[test]
fn init_refuses_an_unknown_layout_or_language_before_writing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new");
    for (args, expected) in [
        (vec!["--layout", "report-a5"], "unknown layout `report-a5`"),
        (vec!["--langs", "en,en"], "`en` twice"),
        (vec!["--langs", "english!"], "`english!`"),
    ] {
        let mut all = vec!["init", s(&dir)];
        all.extend(args);
        let o = folio(&all);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains(expected), "{}", stderr(&o));
        assert!(!dir.exists(), "{all:?} made the folder");
    }
}

/// The shipped layouts, from the `layouts/` folder the binary embeds.
fn layout_files() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("layouts"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".yaml").map(String::from)
        })
        .collect();
    names.sort();
    names
}

#[test]
fn layouts_lists_every_shipped_layout_with_a_description() {
    let o = folio(&["layouts"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let listed: Vec<(String, String)> = stdout(&o)
        .lines()
        .map(|l| {
            let (name, description) = l.split_once(' ').unwrap();
            (name.to_string(), description.trim().to_string())
        })
        .collect();
    let mut names: Vec<String> = listed.iter().map(|(n, _)| n.clone()).collect();
    names.sort();
    assert_eq!(names, layout_files());
    for (name, description) in &listed {
        // The description is the first sentence of the comment the file opens with.
        let text = read(&root().join("layouts").join(format!("{name}.yaml")));
        let comment = normal(
            &text
                .lines()
                .map_while(|l| l.strip_prefix('#'))
                .collect::<Vec<_>>()
                .join(" "),
        );
        assert!(description.len() > 20, "{name}: {description}");
        assert!(
            comment.starts_with(description.as_str()),
            "{name}: {description}"
        );
        assert!(description.ends_with('.'), "{name}: {description}");
    }
}

#[test]
fn layouts_show_prints_a_layout_that_loads_as_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    for name in layout_files() {
        let o = folio(&["layouts", "show", &name]);
        assert!(o.status.success(), "{}", stderr(&o));
        let text = stdout(&o);
        assert_eq!(
            text,
            read(&root().join("layouts").join(format!("{name}.yaml")))
        );
        // A shipped layout names no font folder: it has nowhere to bring one from.
        assert!(!text.contains("\nfont-dir:"), "{name}");
        // Saved beside a report, with the images it names, it is that report's layout.
        let dir = tmp.path().join(&name);
        assert!(
            folio(&["init", s(&dir), "--langs", "en,ar,zh"])
                .status
                .success()
        );
        std::fs::write(dir.join("layout.yaml"), &text).unwrap();
        for entry in std::fs::read_dir(root().join("layouts")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "png" || e == "jpg") {
                std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
            }
        }
        let o = folio(&["check", s(&dir.join("report.yaml"))]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
    }
    let o = folio(&["layouts", "show", "report-a5"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("report-a4"), "{}", stderr(&o));
}

/// `folio fonts` as a map from family to its scripts.
fn fonts_listed(args: &[&str]) -> BTreeMap<String, (Vec<String>, String)> {
    let mut all = vec!["fonts"];
    all.extend(args);
    let o = folio(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let col = |name: &str| header.find(name).unwrap();
    let (styles, scripts, from) = (col("styles"), col("scripts"), col("from"));
    lines
        .map(|l| {
            let family = l[..styles].trim().to_string();
            let list = l[scripts..from].trim();
            let list = list.split(", ").map(String::from).collect();
            (family, (list, l[from..].trim().to_string()))
        })
        .collect()
}

#[test]
fn fonts_lists_the_shipped_families_with_the_scripts_fontconfig_finds() {
    let listed = fonts_listed(&[]);
    if !have("fc-query") {
        return;
    }
    // (folio's script, fontconfig's language that needs it).
    let pairs = [("Arabic", "ar"), ("Han", "zh-cn"), ("Cyrillic", "ru")];
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(root().join("fonts")).unwrap() {
        let path = entry.unwrap().path();
        if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("ttf" | "otf")
        ) {
            continue;
        }
        let (ok, out, err) = tool(
            "fc-query",
            &["--format", "%{family[0]}\t%{lang}\n", s(&path)],
        );
        assert!(ok, "{err}");
        let (family, langs) = out.trim().split_once('\t').unwrap();
        let langs: Vec<&str> = langs.split('|').collect();
        let (scripts, from) = listed
            .get(family)
            .unwrap_or_else(|| panic!("{family} ({}) not listed: {listed:?}", path.display()));
        assert_eq!(from, "shipped", "{family}");
        for (script, lang) in pairs {
            assert_eq!(
                scripts.iter().any(|s| s == script),
                langs.contains(&lang),
                "{family}: {script} listed {scripts:?}, fontconfig's languages {langs:?}"
            );
            if langs.contains(&lang) {
                seen.push(script);
            }
        }
    }
    for (script, _) in pairs {
        assert!(seen.contains(&script), "no shipped family covers {script}");
    }
}

/// A font that Folio does not ship, from the system (fontconfig), or `None` with a visible
/// skip (a failure in CI).
fn system_font() -> Option<PathBuf> {
    if !have("fc-match") {
        return None;
    }
    let (ok, file, _) = tool("fc-match", &["--format", "%{file}", "DejaVu Sans"]);
    let path = PathBuf::from(file.trim());
    if ok && path.file_name().is_some_and(|n| n == "DejaVuSans.ttf") {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("DejaVu Sans is required in CI (fonts-dejavu-core)");
    }
    eprintln!("SKIPPED: DejaVu Sans is not installed; this check did not run");
    None
}

#[test]
fn a_layout_loads_the_fonts_of_its_own_font_folder() {
    let Some(font) = system_font() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("r");
    assert!(folio(&["init", s(&dir), "--langs", "en"]).status.success());
    let layout = dir.join("layout.yaml");
    let text = read(&layout).replace("serif: [Noto Serif]", "serif: [DejaVu Sans, Noto Serif]");
    std::fs::write(&layout, &text).unwrap();
    let report = dir.join("report.yaml");

    // Without the folder the family is unknown.
    let o = folio(&["check", s(&report)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("DejaVu Sans"), "{}", stderr(&o));

    std::fs::create_dir(dir.join("fonts")).unwrap();
    std::fs::copy(&font, dir.join("fonts/DejaVuSans.ttf")).unwrap();
    std::fs::write(&layout, format!("{text}font-dir: fonts\n")).unwrap();
    let out = dir.join("out");
    let o = folio(&["build", s(&report), "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    if have("pdffonts") {
        let (ok, fonts, err) = tool("pdffonts", &[s(&out.join("r.en.pdf"))]);
        assert!(ok, "{err}");
        assert!(fonts.contains("DejaVuSans"), "{fonts}");
    }
    // `folio fonts --layout` lists it, from the layout's folder.
    let listed = fonts_listed(&["--layout", s(&layout)]);
    let (scripts, from) = &listed["DejaVu Sans"];
    assert!(scripts.contains(&"Latin".to_string()), "{scripts:?}");
    assert!(from.ends_with("fonts"), "{from}");
}

#[test]
fn a_layout_font_folder_stays_inside_the_layout_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("r");
    assert!(folio(&["init", s(&dir), "--langs", "en"]).status.success());
    let layout = dir.join("layout.yaml");
    let text = read(&layout);
    let lines = text.lines().count() + 1;
    let report = dir.join("report.yaml");
    let outside = tmp.path().join("elsewhere");
    std::fs::create_dir(&outside).unwrap();
    std::fs::copy(
        root().join("fonts/NotoSans-Regular.ttf"),
        outside.join("a.ttf"),
    )
    .unwrap();

    // A folder that does not exist, and one outside the layout's folder: errors at the key.
    for (value, expected) in [
        ("missing", "does not exist"),
        ("../elsewhere", "leads outside"),
    ] {
        std::fs::write(&layout, format!("{text}font-dir: {value}\n")).unwrap();
        let o = folio(&["check", s(&report)]);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(err.contains(&format!("layout.yaml:{lines}:")), "{err}");
        assert!(err.contains(expected), "{err}");
    }
    // A link inside the folder to a font outside it is refused, naming the file.
    std::fs::create_dir(dir.join("fonts")).unwrap();
    std::os::unix::fs::symlink(outside.join("a.ttf"), dir.join("fonts/a.ttf")).unwrap();
    std::fs::write(&layout, format!("{text}font-dir: fonts\n")).unwrap();
    let o = folio(&["check", s(&report)]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("a.ttf") && err.contains("leads outside"),
        "{err}"
    );
}
