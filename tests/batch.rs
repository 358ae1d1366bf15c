//! Batches (`folio build` over several reports, folders and batch files), shards merged with
//! `merge-manifests`, and what the command prints (`--quiet`, `--verbose`, no bar off a
//! terminal). Small two-edition reports written into temporary folders keep it fast.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use folio::run::{self, RunOptions};

/// A report with an English and a French edition, inline, in `dir/<folder>/report.yaml`.
fn report(dir: &Path, folder: &str, id: &str) -> PathBuf {
    let text = format!(
        "id: {id}\ndate: 2024-05-06\neditions:\n\
         \x20 - lang: en\n    content:\n      title: Report {id}\n      body:\n\
         \x20       - heading: Summary\n        - paragraph: The text of report {id}, in English.\n\
         \x20 - lang: fr\n    content:\n      title: Rapport {id}\n      body:\n\
         \x20       - heading: Résumé\n        - paragraph: Le texte du rapport {id}, en français.\n"
    );
    let file = dir.join(folder).join("report.yaml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, text).unwrap();
    file
}

/// A report whose first paragraph is misspelt: it fails to validate.
fn broken(dir: &Path, folder: &str) -> PathBuf {
    let file = report(dir, folder, "broken");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replacen("- paragraph:", "- paragraf:", 1);
    std::fs::write(&file, text).unwrap();
    file
}

fn folio(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let name = path.strip_prefix(root).unwrap().display().to_string();
                files.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

fn assert_same_tree(a: &Path, b: &Path) {
    let (a_files, b_files) = (tree(a), tree(b));
    assert_eq!(
        a_files.keys().collect::<Vec<_>>(),
        b_files.keys().collect::<Vec<_>>(),
        "{} and {} hold different files",
        a.display(),
        b.display()
    );
    for (name, bytes) in &a_files {
        assert!(bytes == &b_files[name], "{name} differs");
    }
}

fn batch_manifest(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap()
}

#[test]
fn a_folder_with_a_broken_report_builds_the_others_exits_1_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    let alpha = report(&reports, "alpha", "alpha");
    let beta = report(&reports, "nested/beta", "beta");
    let bad = broken(&reports, "gamma");
    let out = dir.path().join("out");
    let run = folio(&["build", s(&reports), "-o", s(&out)]);
    let (stdout, stderr) = (text(&run.stdout), text(&run.stderr));
    assert_eq!(run.status.code(), Some(1), "{stdout}{stderr}");
    // The broken report's diagnostics, naming its file and the misspelt field.
    assert!(
        stderr.contains(&format!("{}:", bad.display())) && stderr.contains("paragraf"),
        "{stderr}"
    );
    // The closing table names it as failed, with its file.
    let last = stdout.lines().last().unwrap();
    assert_eq!(
        last,
        format!("2 of 3 reports built; failed: broken ({})", bad.display())
    );

    let manifest = batch_manifest(&out);
    let entries = manifest["reports"].as_array().unwrap();
    let ids: Vec<&str> = entries.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["alpha", "beta", "broken"]);
    assert_eq!(entries[2]["status"], "failed");
    assert!(entries[2]["manifest"].is_null());
    assert!(
        entries[2]["errors"][0]
            .as_str()
            .unwrap()
            .contains("paragraf")
    );
    assert!(!out.join("broken").exists());

    // Each good report's folder is byte for byte what building it alone writes.
    for (file, id) in [(&alpha, "alpha"), (&beta, "beta")] {
        let entry = entries.iter().find(|e| e["id"] == id).unwrap();
        assert_eq!(entry["status"], "ok");
        assert_eq!(entry["source"], s(file));
        assert_eq!(entry["manifest"], format!("{id}/manifest.json"));
        assert_eq!(entry["outputs"], 4);
        let alone = dir.path().join(format!("alone-{id}"));
        let result = run::build(&RunOptions {
            out_dir: alone.clone(),
            ..RunOptions::new(file.as_path())
        })
        .unwrap();
        assert!(!result.failed);
        assert_eq!(
            entry["pages"],
            result
                .manifest
                .outputs
                .iter()
                .filter_map(|o| o.pages)
                .sum::<usize>()
        );
        assert_same_tree(&alone, &out.join(id));
    }
}

#[test]
fn reports_with_one_id_are_refused_naming_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let first = report(dir.path(), "one", "same-id");
    let second = report(dir.path(), "two", "same-id");
    let out = dir.path().join("out");
    let run = folio(&["build", s(&first), s(&second), "-o", s(&out)]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{}: the id `same-id` is also the id of {}",
            second.display(),
            first.display()
        )),
        "{stderr}"
    );
    assert!(!out.exists(), "a refused batch wrote something");
}

#[test]
fn a_folder_without_reports_says_which_names_were_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(empty.join("sub")).unwrap();
    std::fs::write(empty.join("sub/notes.yaml"), "id: x\n").unwrap();
    let run = folio(&["build", s(&empty), "-o", s(&dir.path().join("out"))]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no reports in the folder"), "{stderr}");
    assert!(
        stderr.contains("`report.yaml`") && stderr.contains("`.folio.yaml`"),
        "{stderr}"
    );
}

#[test]
fn a_batch_file_lists_reports_and_folders_relative_to_itself() {
    let dir = tempfile::tempdir().unwrap();
    report(dir.path(), "a", "from-file");
    report(dir.path(), "more/b", "from-folder");
    let list = dir.path().join("session.batch");
    std::fs::write(&list, "# the session's reports\na/report.yaml\n\nmore\n").unwrap();
    let out = dir.path().join("out");
    let run = folio(&["build", s(&list), "-o", s(&out), "--format", "docx"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let manifest = batch_manifest(&out);
    let ids: Vec<&str> = (manifest["reports"].as_array().unwrap().iter())
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["from-file", "from-folder"]);

    // A line naming nothing is an error at its line and column.
    std::fs::write(&list, "a/report.yaml\n  missing/report.yaml\n").unwrap();
    let run = folio(&["build", s(&list), "-o", s(&out)]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{}:2:3: `missing/report.yaml` does not exist",
            list.display()
        )),
        "{stderr}"
    );
}

#[test]
fn shards_merged_equal_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    for id in ["r-one", "r-two", "r-three", "r-four", "r-five", "r-six"] {
        report(&reports, id, id);
    }
    broken(&reports, "r-seven");
    let whole = dir.path().join("whole");
    let run = folio(&["build", s(&reports), "-o", s(&whole), "--format", "pdf"]);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));

    let mut shard_dirs = Vec::new();
    let mut held = 0;
    for k in 1..=3 {
        let shard = dir.path().join(format!("shard-{k}"));
        let run = folio(&[
            "build",
            s(&reports),
            "-o",
            s(&shard),
            "--format",
            "pdf",
            "--shard",
            &format!("{k}/3"),
        ]);
        let manifest = batch_manifest(&shard);
        let entries = manifest["reports"].as_array().unwrap();
        held += entries.len();
        let has_broken = entries.iter().any(|e| e["status"] == "failed");
        assert_eq!(run.status.code(), Some(if has_broken { 1 } else { 0 }));
        assert_eq!(manifest["shard"]["index"], k);
        assert_eq!(manifest["shard"]["batch_reports"], 7);
        shard_dirs.push(shard);
    }
    assert_eq!(held, 7, "every report is in exactly one shard");

    let merged = dir.path().join("merged");
    let mut args = vec!["merge-manifests"];
    args.extend(shard_dirs.iter().map(|d| s(d)));
    args.extend(["-o", s(&merged)]);
    let run = folio(&args);
    // The batch holds a failed report, and merging says so.
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));
    assert!(
        text(&run.stderr).contains("broken"),
        "{}",
        text(&run.stderr)
    );
    assert_same_tree(&whole, &merged);

    // A missing shard is refused, naming it.
    let run = folio(&[
        "merge-manifests",
        s(&shard_dirs[0]),
        s(&shard_dirs[2]),
        "-o",
        s(&dir.path().join("partial")),
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        text(&run.stderr).contains("shards missing: 2/3"),
        "{}",
        text(&run.stderr)
    );
}

#[test]
fn off_a_terminal_there_is_no_bar_and_a_summary_table() {
    let dir = tempfile::tempdir().unwrap();
    let one = report(dir.path(), "one", "one");
    let two = report(dir.path(), "two", "two");
    let out = dir.path().join("out");
    // `output()` pipes standard error: not a terminal.
    let run = folio(&["build", s(&one), s(&two), "-o", s(&out), "--format", "docx"]);
    let (stdout, stderr) = (text(&run.stdout), text(&run.stderr));
    assert!(run.status.success(), "{stderr}");
    assert!(
        !stderr.contains('\r') && !stderr.contains('\x1b') && !stderr.contains("jobs"),
        "a progress bar was drawn: {stderr:?}"
    );
    let lines: Vec<&str> = stdout.lines().collect();
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(
        header,
        [
            "report", "status", "editions", "pages", "size", "time", "warnings"
        ]
    );
    assert!(
        lines[1].starts_with("one ") && lines[1].contains(" ok "),
        "{stdout}"
    );
    assert!(
        lines[2].starts_with("two ") && lines[2].contains(" ok "),
        "{stdout}"
    );
    assert_eq!(lines[3], "2 of 2 reports built");
}

#[test]
fn quiet_prints_nothing_on_success_and_verbose_a_line_per_job() {
    let dir = tempfile::tempdir().unwrap();
    let one = report(dir.path(), "one", "one");
    let two = report(dir.path(), "two", "two");
    let out = dir.path().join("out");
    for args in [
        vec!["--quiet", "build", s(&one), s(&two), "-o", s(&out)],
        vec!["build", s(&one), "-o", s(&out), "-q"],
    ] {
        let run = folio(&args);
        assert!(run.status.success(), "{}", text(&run.stderr));
        assert_eq!(
            (text(&run.stdout), text(&run.stderr)),
            (String::new(), String::new()),
            "{args:?}"
        );
    }
    let run = folio(&["build", s(&one), s(&two), "-o", s(&out), "--verbose"]);
    let stderr = text(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    for name in ["one.en.pdf", "one.fr.docx", "two.en.docx", "two.fr.pdf"] {
        let line = stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name}: {stderr}"));
        assert!(line.ends_with("KiB") || line.ends_with(" B"), "{line}");
    }
    let run = folio(&["build", s(&one), s(&two), "-o", s(&out), "-q", "-v"]);
    assert_eq!(run.status.code(), Some(2), "--quiet and --verbose together");
}

#[test]
fn the_reports_of_a_run_share_one_font_book() {
    let dir = tempfile::tempdir().unwrap();
    let a = report(dir.path(), "a", "a");
    let b = report(dir.path(), "b", "b");
    let shared = run::Shared::load(&[]);
    let plan_a = run::plan_with(&RunOptions::new(&a), &shared).unwrap();
    let plan_b = run::plan_with(&RunOptions::new(&b), &shared).unwrap();
    assert!(std::sync::Arc::ptr_eq(&plan_a.fonts, &plan_b.fonts));
    // …and each plan alone loads its own.
    let alone = run::plan(&RunOptions::new(&a)).unwrap();
    assert!(!std::sync::Arc::ptr_eq(&plan_a.fonts, &alone.fonts));
}
