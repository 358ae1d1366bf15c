//! `folio verify`: passes on fresh builds of both fixtures (every edition), and fails naming
//! the file after each tampering: a byte changed, a file deleted, two editions' PDFs swapped
//! (with the manifest as built, and rewritten to match the swapped files), a DOCX's text
//! edited with the manifest updated.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use folio::run::RunOptions;
use folio::verify::{Verification, verify};
use serde_json::Value;

/// The fixture built once per test binary (its own layout, every edition).
fn built(report: &str) -> &'static Path {
    static ROUNDTABLE: OnceLock<tempfile::TempDir> = OnceLock::new();
    static CIRCULAR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let cell = if report == "roundtable-3" {
        &ROUNDTABLE
    } else {
        &CIRCULAR
    };
    cell.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let opts = RunOptions {
            out_dir: dir.path().to_path_buf(),
            ..RunOptions::new(root().join(format!("fixtures/{report}/report.yaml")))
        };
        build_ok(&opts);
        dir
    })
    .path()
}

/// A copy of a built folder to tamper with.
fn copy(report: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(built(report)).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}

/// The files the problems name, sorted and without repeats.
fn named(v: &Verification) -> Vec<String> {
    let mut files: Vec<String> = v.problems.iter().map(|p| p.file.clone()).collect();
    files.sort();
    files.dedup();
    files
}

fn problems_of<'a>(v: &'a Verification, file: &str) -> Vec<&'a str> {
    v.problems
        .iter()
        .filter(|p| p.file == file)
        .map(|p| p.what.as_str())
        .collect()
}

/// Rewrites the manifest's entry for `file` to the file's present size, SHA-256 and (for
/// a PDF) the pages of the entry it was swapped with, if any.
fn update_manifest(dir: &Path, file: &str, pages_from: Option<&str>) {
    use sha2::{Digest, Sha256};
    let path = dir.join("manifest.json");
    let mut manifest: Value = serde_json::from_str(&read(&path)).unwrap();
    let outputs = manifest["outputs"].as_array().unwrap().clone();
    let pages =
        pages_from.map(|from| outputs.iter().find(|o| o["path"] == from).unwrap()["pages"].clone());
    let bytes = std::fs::read(dir.join(file)).unwrap();
    let digest: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    for o in manifest["outputs"].as_array_mut().unwrap() {
        if o["path"] == file {
            o["bytes"] = bytes.len().into();
            o["sha256"] = digest.clone().into();
            if let Some(pages) = &pages {
                o["pages"] = pages.clone();
            }
        }
    }
    std::fs::write(&path, serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
}

fn folio_verify(dir: &Path) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("verify")
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn fresh_build_verifies(report: &str) {
    {
        let dir = built(report);
        let v = verify(dir);
        eprint!("{}", v.render());
        assert!(v.passed(), "{report}:\n{}", v.render());
        let files = std::fs::read_dir(dir).unwrap().count() - 1;
        assert_eq!(v.ok.len(), files, "one OK line per output");
        // Every DOCX was compared with its PDF, word by word.
        let compared = v.ok.iter().filter(|l| l.contains("same text as")).count();
        assert_eq!(compared, files / 2, "{}", v.render());
        // And the command says so with exit 0.
        let (ok, stdout) = folio_verify(dir);
        assert!(ok, "{stdout}");
        assert!(
            stdout.contains(&format!("verified: {files} files")),
            "{stdout}"
        );
    }
}

#[test]
fn a_fresh_build_of_the_roundtable_verifies() {
    fresh_build_verifies("roundtable-3");
}

/// Fails today on one word: the Arabic PDF draws the extension "3-7373" as "7373-3" (the
/// "3" joins the Arabic run, the hyphen is in another face; glyphs left to right: 7373 at
/// x=386, "-" at 413.7, "3" at 417.4), where the DOCX says "3-7373" and Word shows it so.
/// A typesetter bug verify found, not a verify bug: see docs/verify.md.
#[test]
fn a_fresh_build_of_the_circular_verifies() {
    fresh_build_verifies("information-circular");
}

#[test]
fn a_changed_byte_a_deleted_file_and_swapped_pdfs_are_named() {
    // A byte in the middle of the French PDF.
    let dir = copy("roundtable-3");
    let fr: PathBuf = dir.path().join("roundtable-3.fr.pdf");
    let mut bytes = std::fs::read(&fr).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(&fr, bytes).unwrap();
    let v = verify(dir.path());
    assert_eq!(named(&v), ["roundtable-3.fr.pdf"], "{}", v.render());
    assert!(
        problems_of(&v, "roundtable-3.fr.pdf")
            .iter()
            .any(|p| p.contains("SHA-256"))
    );
    let (ok, stdout) = folio_verify(dir.path());
    assert!(
        !ok && stdout.contains("FAIL  roundtable-3.fr.pdf"),
        "{stdout}"
    );

    // The English DOCX deleted.
    let dir = copy("roundtable-3");
    std::fs::remove_file(dir.path().join("roundtable-3.en.docx")).unwrap();
    let v = verify(dir.path());
    assert_eq!(named(&v), ["roundtable-3.en.docx"], "{}", v.render());
    assert!(problems_of(&v, "roundtable-3.en.docx")[0].contains("missing"));

    // The French and Spanish PDFs swapped: the checksums catch it.
    let dir = copy("roundtable-3");
    let (fr, es) = (
        dir.path().join("roundtable-3.fr.pdf"),
        dir.path().join("roundtable-3.es.pdf"),
    );
    let tmp = dir.path().join("swap");
    std::fs::rename(&fr, &tmp).unwrap();
    std::fs::rename(&es, &fr).unwrap();
    std::fs::rename(&tmp, &es).unwrap();
    let v = verify(dir.path());
    let files = named(&v);
    assert!(
        files.contains(&"roundtable-3.fr.pdf".to_string())
            && files.contains(&"roundtable-3.es.pdf".to_string()),
        "{}",
        v.render()
    );

    // The same swap with the manifest rewritten to match the swapped files: the language
    // and the text against each edition's DOCX must catch it.
    update_manifest(
        dir.path(),
        "roundtable-3.fr.pdf",
        Some("roundtable-3.es.pdf"),
    );
    update_manifest(
        dir.path(),
        "roundtable-3.es.pdf",
        Some("roundtable-3.fr.pdf"),
    );
    let v = verify(dir.path());
    eprint!("{}", v.render());
    for lang in ["fr", "es"] {
        let pdf = format!("roundtable-3.{lang}.pdf");
        let docx = format!("roundtable-3.{lang}.docx");
        assert!(
            problems_of(&v, &pdf).iter().any(|p| p.contains("language")),
            "{}",
            v.render()
        );
        assert!(
            problems_of(&v, &docx)
                .iter()
                .any(|p| p.contains("text differs")),
            "{}",
            v.render()
        );
        assert!(problems_of(&v, &pdf).iter().all(|p| !p.contains("SHA-256")));
    }
    // No other edition is blamed.
    assert_eq!(named(&v).len(), 4, "{}", v.render());
}

/// Replaces `from` with `to` in the DOCX's `word/document.xml`, keeping every other part.
fn edit_docx(path: &Path, from: &str, to: &str) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        parts.push((file.name().to_string(), data));
    }
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut replaced = false;
    for (name, mut data) in parts {
        if name == "word/document.xml" {
            let text = String::from_utf8(data).unwrap();
            assert!(text.contains(from), "{from:?} is not in the DOCX");
            replaced = true;
            data = text.replacen(from, to, 1).into_bytes();
        }
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    assert!(replaced);
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn a_docx_whose_text_was_edited_is_named_even_with_the_manifest_updated() {
    let dir = copy("roundtable-3");
    let docx = dir.path().join("roundtable-3.en.docx");
    let document = String::from_utf8(
        parts(&docx)
            .into_iter()
            .find(|(n, _)| n == "word/document.xml")
            .unwrap()
            .1,
    )
    .unwrap();
    // One word of the body, changed as an editor would.
    assert!(document.contains("migration"));
    edit_docx(&docx, "migration", "immigration");
    update_manifest(dir.path(), "roundtable-3.en.docx", None);
    let v = verify(dir.path());
    eprint!("{}", v.render());
    assert_eq!(named(&v), ["roundtable-3.en.docx"], "{}", v.render());
    let problem = problems_of(&v, "roundtable-3.en.docx")[0];
    assert!(
        problem.contains("text differs from roundtable-3.en.pdf"),
        "{problem}"
    );
    assert!(problem.contains("[immigration]"), "{problem}");
}

#[test]
fn the_circular_swapped_with_its_manifest_rewritten_fails_on_text() {
    let dir = copy("information-circular");
    let (ru, zh) = (
        dir.path().join("information-circular.ru.docx"),
        dir.path().join("information-circular.zh.docx"),
    );
    let tmp = dir.path().join("swap");
    std::fs::rename(&ru, &tmp).unwrap();
    std::fs::rename(&zh, &ru).unwrap();
    std::fs::rename(&tmp, &zh).unwrap();
    update_manifest(dir.path(), "information-circular.ru.docx", None);
    update_manifest(dir.path(), "information-circular.zh.docx", None);
    let v = verify(dir.path());
    for lang in ["ru", "zh"] {
        let docx = format!("information-circular.{lang}.docx");
        assert!(
            problems_of(&v, &docx)
                .iter()
                .any(|p| p.contains("language")),
            "{}",
            v.render()
        );
        assert!(
            problems_of(&v, &docx)
                .iter()
                .any(|p| p.contains("text differs")),
            "{}",
            v.render()
        );
    }
}
