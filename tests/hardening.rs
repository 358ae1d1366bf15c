//! Hostile input, faults and concurrent runs: nothing is written outside `-o`, no input is
//! replaced, no link is followed, FIFOs and devices are refused, and `manifest.json`, when
//! present, always describes the files beside it (kill -9, a full disk, two builds at once).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use common::*;
use sha2::{Digest, Sha256};

fn folio(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .output()
        .unwrap()
}

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A copy of the fixture folder at `dir/name`; returns its report.yaml.
fn copy_fixture(dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(root().join("fixtures/roundtable-3")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
    to.join("report.yaml")
}

/// Every file below `dir` with its bytes, links as their targets.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
            } else if meta.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                files.push((path, target.to_string_lossy().as_bytes().to_vec()));
            } else {
                files.push((path.clone(), std::fs::read(&path).unwrap_or_default()));
            }
        }
    }
    files.sort();
    files
}

/// When `manifest.json` is present, every output it lists as ok is there with its size and
/// SHA-256, and every file named like an output of the report is listed. Returns whether a
/// manifest was there.
fn assert_manifest_consistent(dir: &Path, context: &str) -> bool {
    let Ok(text) = std::fs::read_to_string(dir.join("manifest.json")) else {
        return false;
    };
    let m: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{context}: manifest is not JSON ({e}): {text}"));
    let outputs = m["outputs"].as_array().unwrap();
    for o in outputs {
        let path = dir.join(o["path"].as_str().unwrap());
        if o["status"] == "ok" {
            let bytes = std::fs::read(&path)
                .unwrap_or_else(|e| panic!("{context}: {} listed but {e}", path.display()));
            assert_eq!(
                bytes.len() as u64,
                o["bytes"].as_u64().unwrap(),
                "{context}"
            );
            let digest: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(digest, o["sha256"].as_str().unwrap(), "{context}: {path:?}");
        }
    }
    true
}

fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn generate_never_writes_outside_o_nor_replaces_an_input() {
    let tmp = tempfile::tempdir().unwrap();
    // -o naming the report's own folder.
    let report = copy_fixture(tmp.path(), "r1");
    let before = snapshot(report.parent().unwrap());
    let o = folio(&[
        "generate",
        s(&report),
        "--repeat",
        "2",
        "-o",
        s(report.parent().unwrap()),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("would replace an input"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(report.parent().unwrap()), before);

    // A source that climbs out of the report's folder.
    let report = copy_fixture(tmp.path(), "r2");
    std::fs::create_dir(tmp.path().join("x")).unwrap();
    std::fs::rename(
        report.with_file_name("en.yaml"),
        tmp.path().join("x/en.yaml"),
    )
    .unwrap();
    let text = read(&report).replace("source: en.yaml", "source: ../x/en.yaml");
    std::fs::write(&report, text).unwrap();
    let outside = snapshot(&tmp.path().join("x"));
    let generated = tmp.path().join("gen");
    let o = folio(&["generate", s(&report), "--repeat", "2", "-o", s(&generated)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("outside the report's folder"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(&tmp.path().join("x")), outside);
    assert!(snapshot(&generated).is_empty());

    // The ordinary case still works and stays inside -o.
    let report = copy_fixture(tmp.path(), "r3");
    let o = folio(&["generate", s(&report), "--repeat", "2", "-o", s(&generated)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let written: Vec<_> = snapshot(&generated).into_iter().map(|(p, _)| p).collect();
    assert_eq!(written.len(), 7, "{written:?}");
    assert!(written.iter().all(|p| p.starts_with(&generated)));
}

#[test]
fn sources_and_layouts_outside_the_report_folder_are_refused_without_quoting_them() {
    let tmp = tempfile::tempdir().unwrap();
    let report = copy_fixture(tmp.path(), "r");
    let secret = tmp.path().join("secret.yaml");
    std::fs::write(&secret, "root:x:0:0:secret-content\n").unwrap();
    // An absolute path, a climbing path, and a link inside the folder that leads out.
    std::os::unix::fs::symlink(&secret, report.with_file_name("link.yaml")).unwrap();
    let text = read(&report)
        .replacen(
            "source: en.yaml",
            &format!("source: {}", secret.display()),
            1,
        )
        .replacen("source: fr.yaml", "source: ../secret.yaml", 1)
        .replacen("source: es.yaml", "source: link.yaml", 1);
    std::fs::write(&report, text).unwrap();
    let o = folio(&["check", s(&report)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(
        err.matches("leads outside the report's folder").count(),
        3,
        "{err}"
    );
    assert!(
        !err.contains("secret-content") && !err.contains("root:x"),
        "{err}"
    );
    // A layout file outside.
    let other = copy_fixture(tmp.path(), "l");
    let text = read(&other).replace("layout: report-a4", "layout: ../secret.yaml");
    std::fs::write(&other, text).unwrap();
    let o = folio(&["check", s(&other)]);
    let err = stderr(&o);
    assert!(
        err.contains("layout: `") && err.contains("leads outside"),
        "{err}"
    );
    assert!(
        !err.contains("secret-content") && !err.contains("root:x"),
        "{err}"
    );
    // --allow-outside reads them.
    let o = folio(&["check", s(&report), "--allow-outside"]);
    let err = stderr(&o);
    assert!(
        !err.contains("leads outside") && err.contains("secret.yaml:1:1"),
        "{err}"
    );
}

#[test]
fn fifos_devices_and_oversized_files_are_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let report = copy_fixture(tmp.path(), "r");
    let fonts = tmp.path().join("fonts");
    std::fs::create_dir(&fonts).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(fonts.join("A.ttf"))
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink("/dev/zero", fonts.join("B.ttf")).unwrap();
    std::os::unix::fs::symlink("/dev/urandom", fonts.join("C.otf")).unwrap();
    std::fs::File::create(fonts.join("D.ttf"))
        .unwrap()
        .set_len(folio::input::MAX_FONT_BYTES + 1)
        .unwrap();
    // A FIFO used to block `check` forever: a child that does not finish fails the test.
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["check", s(&report), "--font-dir", s(&fonts)])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut waited = Duration::ZERO;
    while child.try_wait().unwrap().is_none() {
        assert!(
            waited < Duration::from_secs(60),
            "check hangs on a FIFO font"
        );
        std::thread::sleep(Duration::from_millis(50));
        waited += Duration::from_millis(50);
    }
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for name in ["A.ttf", "B.ttf", "C.otf"] {
        assert!(
            err.contains(&format!("{name}: this is a FIFO, socket or device")),
            "{err}"
        );
    }
    assert!(
        err.contains("D.ttf: the file is 129 MiB; the limit for a font is 128 MiB"),
        "{err}"
    );

    let o = folio(&["check", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("expected a regular file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn jobs_are_capped() {
    let o = folio(&["build", s(&fixture()), "-j", "100000"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1..=256") || stderr(&o).contains("256"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn planted_links_are_never_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let victim = tmp.path().join("victim");
    std::fs::write(&victim, "precious").unwrap();
    for name in [
        "roundtable-3.en.pdf",
        "roundtable-3.en.docx",
        "manifest.json",
        // The temporary names of earlier versions were predictable.
        ".roundtable-3.en.pdf.1234.tmp",
    ] {
        std::os::unix::fs::symlink(&victim, out.join(name)).unwrap();
    }
    let o = folio(&["build", s(&fixture()), "--lang", "en", "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    for name in [
        "roundtable-3.en.pdf",
        "roundtable-3.en.docx",
        "manifest.json",
    ] {
        let meta = std::fs::symlink_metadata(out.join(name)).unwrap();
        assert!(meta.is_file(), "{name} is still a link");
    }
    assert!(assert_manifest_consistent(&out, "after planting links"));
}

#[test]
fn stale_temporaries_are_cleaned_and_none_are_left() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(
        out.join(".folio-roundtable-3.en.pdf.AbC123.tmp"),
        vec![0u8; 4096],
    )
    .unwrap();
    std::fs::write(out.join("user-notes.tmp"), "mine").unwrap();
    let o = folio(&["build", s(&fixture()), "--lang", "en", "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(temporaries(&out), vec!["user-notes.tmp".to_string()]);
}

/// `build` of the fixture's English and French editions in `layout` into `out`: two
/// layouts give every output different bytes.
fn rebuild_args<'a>(report: &'a Path, layout: &'a str, out: &'a Path) -> [&'a str; 8] {
    let langs = "en,fr";
    [
        "build",
        s(report),
        "--lang",
        langs,
        "--layout",
        layout,
        "-o",
        s(out),
    ]
}

/// kill -9 at many points of a rebuild: the manifest, when present, always matches the
/// files, and the next build cleans every temporary it left. Rebuilds alternate between two
/// layouts, so that every output's bytes change from one build to the next.
#[test]
fn kill_9_never_leaves_a_manifest_that_disagrees_with_the_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let report = fixture();
    let args = |layout| rebuild_args(&report, layout, &out);
    let o = folio(&args("report-a4"));
    assert!(o.status.success(), "{}", stderr(&o));
    let start = std::time::Instant::now();
    let o = folio(&args("report-letter"));
    let full = start.elapsed();
    assert!(o.status.success());
    let mut without_manifest = 0;
    let runs = 16;
    for i in 0..runs {
        // Spread the kills over the whole run, the end included.
        let delay = full.mul_f64(i as f64 / (runs - 2) as f64);
        let layout = ["report-a4", "report-letter"][i % 2];
        let mut child = spawn(&args(layout));
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        if !assert_manifest_consistent(&out, &format!("killed after {delay:?}")) {
            without_manifest += 1;
        }
    }
    eprintln!("{without_manifest} of {runs} kills left no manifest (an uncommitted build)");
    let o = folio(&args("report-a4"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(assert_manifest_consistent(&out, "after the final build"));
    assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
}

/// A crash in the middle of the commit (half the outputs renamed) leaves no manifest, never
/// an old one beside new files; the next build commits cleanly.
#[test]
fn a_crash_mid_commit_leaves_no_stale_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let report = fixture();
    let args = |layout| rebuild_args(&report, layout, &out);
    assert!(folio(&args("report-a4")).status.success());
    let crashed = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args("report-letter"))
        .env("FOLIO_TEST_FAULT", "abort")
        .output()
        .unwrap();
    assert!(!crashed.status.success());
    assert!(
        !assert_manifest_consistent(&out, "after the crash"),
        "a manifest survived the crash"
    );
    assert!(
        !temporaries(&out).is_empty(),
        "the crash should have left staged temporaries"
    );
    assert!(folio(&args("report-letter")).status.success());
    assert!(assert_manifest_consistent(&out, "after the next build"));
    assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
}

/// A second build waits while the first is paused in the middle of its commit.
#[test]
fn a_second_build_waits_for_a_commit_in_progress() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let report = fixture();
    let first = ["build", s(&report), "--lang", "en", "-o", s(&out)];
    assert!(folio(&first).status.success());
    let mut paused = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args([
            "build",
            s(&report),
            "--lang",
            "en",
            "--layout",
            "report-letter",
            "-o",
            s(&out),
        ])
        .env("FOLIO_TEST_FAULT", "pause")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The commit has begun once the old manifest is gone.
    while out.join("manifest.json").exists() {
        assert!(
            paused.try_wait().unwrap().is_none(),
            "the paused build ended early"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = folio(&[
        "build",
        s(&report),
        "--lang",
        "en",
        "--format",
        "docx",
        "-o",
        s(&out),
    ]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("waiting for another build"),
        "{}",
        stderr(&second)
    );
    assert!(paused.wait().unwrap().success());
    // The second build committed last: its manifest lists its one output, and it matches.
    assert!(assert_manifest_consistent(&out, "after both"));
    let m: serde_json::Value = serde_json::from_str(&read(&out.join("manifest.json"))).unwrap();
    assert_eq!(m["outputs"].as_array().unwrap().len(), 1);
}

/// Two builds into one folder at once are serialised by the folder lock.
#[test]
fn concurrent_builds_into_one_folder_do_not_interleave() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let report = fixture();
    for round in 0..3 {
        let a = spawn(&["build", s(&report), "--lang", "en,ar", "-o", s(&out)]);
        let b = spawn(&[
            "build",
            s(&report),
            "--lang",
            "fr,zh",
            "-j",
            "1",
            "-o",
            s(&out),
        ]);
        for mut child in [a, b] {
            assert!(child.wait().unwrap().success(), "round {round}");
        }
        assert!(assert_manifest_consistent(&out, &format!("round {round}")));
        assert!(temporaries(&out).is_empty());
    }
}

/// A full disk while writing: nothing under a final name changes, no temporary is left, and
/// the message says why. Needs root for a small tmpfs.
#[test]
fn a_full_disk_changes_nothing_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let mnt = tmp.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs", s(&mnt)])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|st| st.success());
    if !mounted {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI runs as root and must be able to mount a tmpfs for this test");
        }
        eprintln!("SKIPPED: cannot mount a tmpfs (not root); the full-disk test did not run");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(mnt.clone());
    let out = mnt.join("out");
    let o = folio(&["build", s(&fixture()), "--lang", "en", "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = snapshot(&out);
    // Every edition needs about 560 KB: more than the 256 KB disk.
    let o = folio(&["build", s(&fixture()), "-o", s(&out)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(
        err.contains("untouched") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before, "{err}");
    assert!(assert_manifest_consistent(&out, "after a full disk"));
}

/// Input limits: a paragraph over 256 KiB and a definition file over 32 MiB are errors
/// that name the place, found before anything is typeset.
#[test]
fn oversized_text_and_files_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let report = copy_fixture(tmp.path(), "r");
    let en = report.with_file_name("en.yaml");
    let long = "word ".repeat(60_000);
    let text = read(&en).replacen("body:\n", &format!("body:\n  - paragraph: {long}\n"), 1);
    std::fs::write(&en, text).unwrap();
    let o = folio(&["check", s(&report)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("en.yaml:") && err.contains("the text is 293 KiB; expected at most 256 KiB"),
        "{err}"
    );

    let fr = report.with_file_name("fr.yaml");
    std::fs::File::options()
        .append(true)
        .open(&fr)
        .unwrap()
        .set_len(folio::input::MAX_DEFINITION_BYTES + 10)
        .unwrap();
    let o = folio(&["check", s(&report)]);
    let err = stderr(&o);
    assert!(
        err.contains("fr.yaml: the file is 33 MiB; the limit for a YAML definition is 32 MiB"),
        "{err}"
    );
}
