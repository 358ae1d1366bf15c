//! Helpers shared by the end-to-end tests: external checkers, fixture builds, text comparison.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use folio::run::{self, BuildResult, RunOptions};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture() -> PathBuf {
    root().join("fixtures/roundtable-3/report.yaml")
}

/// Whether an external checker is installed. Missing: a visible skip locally, a failure in CI.
pub fn have(tool: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{tool} is required in CI (install it with .ci/run)");
        }
        eprintln!("SKIPPED: {tool} is not installed; this check did not run");
    }
    found
}

/// Whether python-docx can be imported: a visible skip locally, a failure in CI.
pub fn have_python_docx() -> bool {
    if !have("python3") {
        return false;
    }
    if tool("python3", &["-c", "import docx"]).0 {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("python-docx is required in CI (install it with .ci/run)");
    }
    eprintln!("SKIPPED: python-docx is not installed; this check did not run");
    false
}

/// Converts DOCX files to PDF with LibreOffice into `outdir`, with a profile of its own
/// there (so parallel tests do not share one); panics with LibreOffice's output on failure.
pub fn soffice_to_pdf(docx: &[&Path], outdir: &Path) {
    let profile = format!(
        "-env:UserInstallation=file://{}/lo-profile",
        outdir.display()
    );
    let outdir_arg = outdir.display().to_string();
    let mut args = vec![
        profile.as_str(),
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        outdir_arg.as_str(),
    ];
    let files: Vec<String> = docx.iter().map(|p| p.display().to_string()).collect();
    args.extend(files.iter().map(String::as_str));
    let (ok, stdout, stderr) = tool("soffice", &args);
    assert!(ok, "{stdout}{stderr}");
}

pub fn tool(cmd: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Builds the fixture once per layout per test binary, into a temporary folder.
/// The fixture planned (loaded, validated, resolved) with a shipped layout.
pub fn fixture_plan(layout: &str) -> run::Plan {
    let opts = RunOptions {
        layout: Some(layout.to_string()),
        ..RunOptions::new(fixture())
    };
    run::plan(&opts).unwrap_or_else(|e| panic!("{e}"))
}

/// Builds `opts`, which must succeed with every output made.
pub fn build_ok(opts: &RunOptions) -> BuildResult {
    let result = run::build(opts).unwrap_or_else(|e| panic!("{e}"));
    assert!(!result.failed, "{:?}", result.warnings);
    result
}

pub fn built(layout: &str) -> &'static (tempfile::TempDir, BuildResult) {
    static A4: OnceLock<(tempfile::TempDir, BuildResult)> = OnceLock::new();
    static LETTER: OnceLock<(tempfile::TempDir, BuildResult)> = OnceLock::new();
    let cell = if layout == "report-a4" { &A4 } else { &LETTER };
    cell.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let opts = RunOptions {
            out_dir: dir.path().to_path_buf(),
            layout: Some(layout.to_string()),
            ..RunOptions::new(fixture())
        };
        let result = build_ok(&opts);
        (dir, result)
    })
}

pub fn out(layout: &str, file: &str) -> PathBuf {
    built(layout).0.path().join(file)
}

/// The languages of the fixture's editions.
pub fn langs() -> Vec<String> {
    let plan = run::plan(&RunOptions::new(fixture())).unwrap();
    plan.editions
        .iter()
        .map(|(e, _)| e.lang.tag.clone())
        .collect()
}

/// Words for comparing extracted text with the source: spaces of every kind split words,
/// hyphens and dashes are dropped (a line-end hyphen and a source hyphen look the same).
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .map(|w| {
            w.chars()
                .filter(|c| !matches!(c, '-' | '\u{2010}' | '\u{2011}'))
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Tokens for comparing text in any edition. Arabic: poppler's bidi marks dropped,
/// presentation forms normalised (NFKC), letters and digits only, since poppler moves
/// brackets and punctuation around in mixed-direction lines. Chinese: one token per letter
/// or digit, whitespace ignored. Other scripts: `words`.
pub fn tokens(lang: &str, text: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let text: String = text.nfkc().filter(|c| !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')).collect();
    match lang {
        "ar" => {
            // Runs of one class: poppler may drop the space between a number and a word.
            let class = |c: char| {
                if c.is_numeric() {
                    1
                } else if c.is_ascii_alphabetic() {
                    2
                } else if c.is_alphabetic() {
                    3
                } else {
                    0
                }
            };
            let mut out: Vec<String> = Vec::new();
            let mut last = 0;
            // Vowel marks (harakat) are compared apart from their letters: a mark may come
            // out of the PDF on either side of the letter it sits on.
            for c in text
                .chars()
                .filter(|c| !matches!(*c as u32, 0x064B..=0x065F | 0x0670))
            {
                let k = class(c);
                if k != 0 && k == last {
                    out.last_mut().expect("a token is open").push(c);
                } else if k != 0 {
                    out.push(c.to_string());
                }
                last = k;
            }
            out
        }
        "zh" => text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .map(String::from)
            .collect(),
        _ => words(&text),
    }
}

/// pdftotext's text with words broken across lines joined again.
pub fn dehyphenate(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = line.trim_end();
        if let Some(stem) = line.strip_suffix('-') {
            out.push_str(stem);
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `soffice_to_pdf` with Folio's own fonts visible to LibreOffice (a fontconfig file in
/// `outdir` that adds `fonts/` to the system's), so that its rendering of an Arabic or Chinese
/// DOCX uses the faces the DOCX names, as on a machine that has them installed, instead of
/// whatever fallback the system has (often none for CJK).
pub fn soffice_to_pdf_with_fonts(docx: &[&Path], outdir: &Path) {
    let conf = outdir.join("fonts.conf");
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\
         <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include><dir>{}</dir>\
         <cachedir>{}</cachedir></fontconfig>\n",
        root().join("fonts").display(),
        outdir.join("fontconfig-cache").display()
    );
    std::fs::write(&conf, xml).unwrap();
    let out = Command::new("soffice")
        .env("FONTCONFIG_FILE", &conf)
        .arg(format!(
            "-env:UserInstallation=file://{}/lo-profile",
            outdir.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(outdir)
        .args(docx)
        .output()
        .unwrap_or_else(|e| panic!("soffice: {e}"));
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The parts of a DOCX archive by name.
pub fn parts(docx: &Path) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            (file.name().to_owned(), data)
        })
        .collect()
}

/// The text of page `page` (from 1) of `pdf` as pdftotext reads it, with more of its options
/// (`-layout`: lines rebuilt from positions).
pub fn pdf_page_text(pdf: &Path, page: usize, options: &[&str]) -> String {
    let (path, page) = (pdf.display().to_string(), page.to_string());
    let mut args = vec!["-enc", "UTF-8", "-f", page.as_str(), "-l", page.as_str()];
    args.extend(options);
    args.extend([path.as_str(), "-"]);
    let (ok, text, err) = tool("pdftotext", &args);
    assert!(ok, "{err}: {path}");
    text
}

/// One part of a DOCX archive as text.
pub fn part(parts: &[(String, Vec<u8>)], name: &str) -> String {
    let (_, data) = (parts.iter().find(|(n, _)| n == name)).unwrap_or_else(|| panic!("no {name}"));
    String::from_utf8(data.clone()).unwrap()
}

/// The header or footer part the section refers to as `kind` (`default`, `first`, `even`),
/// through the document's relationships `rels`.
pub fn referenced(document: &str, element: &str, kind: &str, rels: &str) -> String {
    let at = document
        .find(&format!(r#"<w:{element}Reference w:type="{kind}" r:id=""#))
        .unwrap_or_else(|| panic!("no {kind} {element}"));
    let rid = document[at..]
        .split("r:id=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let rel = rels.find(&format!(r#"Id="{rid}""#)).unwrap();
    let target = rels[rel..]
        .split("Target=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    format!("word/{target}")
}

/// Length of the longest common subsequence of two token lists: how many words come out
/// in the source's order.
pub fn lcs(a: &[String], b: &[String]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y {
                diagonal + 1
            } else {
                row[j + 1].max(row[j])
            };
            diagonal = up;
        }
    }
    row[b.len()]
}

/// A word of `pdftotext -bbox`: page (from 1), x range, top, text.
#[derive(Debug, Clone)]
pub struct Word {
    pub page: usize,
    pub x0: f32,
    pub x1: f32,
    /// The box's top (`yMin`).
    pub y: f32,
    /// The box's bottom (`yMax`).
    pub y1: f32,
    pub text: String,
}

/// Every word of `pdf` with its box, as `pdftotext -bbox` reads it.
pub fn bbox_words(pdf: &Path) -> Vec<Word> {
    let (ok, html, err) = tool("pdftotext", &["-bbox", &pdf.display().to_string(), "-"]);
    assert!(ok, "{err}");
    let attr = |tag: &str, name: &str| -> f32 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let mut out = Vec::new();
    let mut page = 0;
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page") {
            page += 1;
        } else if let Some(tag) = line.strip_prefix("<word ") {
            let text = tag.split('>').nth(1).unwrap_or("").split('<').next();
            out.push(Word {
                page,
                x0: attr(tag, "xMin"),
                x1: attr(tag, "xMax"),
                y: attr(tag, "yMin"),
                y1: attr(tag, "yMax"),
                text: text.unwrap().replace("&amp;", "&"),
            });
        }
    }
    out
}

/// The lines of body text of page `page` (from 1), top to bottom, each as its words in
/// reading order: words grouped by their box's top, leaving out the running header and
/// footer and the footnotes, which are set smaller than the text (a line counts as body text
/// when its tallest word is at least nine tenths of the page's commonest word height).
pub fn body_lines(words: &[Word], page: usize, rtl: bool) -> Vec<Vec<&Word>> {
    let on_page: Vec<&Word> = words.iter().filter(|w| w.page == page).collect();
    let height = |w: &Word| ((w.y1 - w.y) * 10.0).round() as i32;
    let mut counts = std::collections::BTreeMap::new();
    for w in &on_page {
        *counts.entry(height(w)).or_insert(0) += 1;
    }
    let Some((&common, _)) = counts.iter().max_by_key(|&(_, n)| *n) else {
        return Vec::new();
    };
    let mut lines: Vec<Vec<&Word>> = Vec::new();
    let mut sorted = on_page;
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    for w in sorted {
        match lines.last_mut() {
            Some(line) if (line[0].y - w.y).abs() < 1.0 => line.push(w),
            _ => lines.push(vec![w]),
        }
    }
    lines.retain(|l| l.iter().map(|w| height(w)).max().unwrap_or(0) * 10 >= common * 9);
    for line in &mut lines {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        if rtl {
            line.reverse();
        }
    }
    lines
}

/// A body line as text, its words joined by spaces.
pub fn line_text(line: &[&Word]) -> String {
    line.iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a line ends on a hyphen (a word cut at its end), as a reader sees it.
pub fn ends_on_hyphen(line: &[&Word]) -> bool {
    line.last()
        .is_some_and(|w| w.text.ends_with(['-', '\u{2010}', '\u{ad}']))
}
