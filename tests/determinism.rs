//! Same input, same bytes: across runs, and whatever the number of worker threads.

mod common;

use common::*;
use folio::run::{self, RunOptions};

fn build(jobs: usize) -> (tempfile::TempDir, Vec<(String, Vec<u8>)>) {
    let dir = tempfile::tempdir().unwrap();
    let opts = RunOptions {
        out_dir: dir.path().to_path_buf(),
        jobs: Some(jobs),
        ..RunOptions::new(fixture())
    };
    let result = run::build(&opts).unwrap();
    let mut files: Vec<(String, Vec<u8>)> = result
        .manifest
        .outputs
        .iter()
        .map(|o| {
            (
                o.path.clone(),
                std::fs::read(dir.path().join(&o.path)).unwrap(),
            )
        })
        .collect();
    files.push((
        "manifest.json".into(),
        std::fs::read(dir.path().join("manifest.json")).unwrap(),
    ));
    (dir, files)
}

#[test]
fn serial_parallel_and_repeated_builds_are_byte_identical() {
    let (_a, one) = build(1);
    let (_b, two) = build(2);
    let (_c, again) = build(2);
    assert_eq!(one.len(), 2 * langs().len() + 1);
    for ((name, x), (_, y)) in one.iter().zip(&two) {
        assert!(x == y, "{name} differs between -j 1 and -j 2");
    }
    for ((name, x), (_, y)) in two.iter().zip(&again) {
        assert!(x == y, "{name} differs between two runs");
    }
}

#[test]
fn no_temporary_files_are_left_behind() {
    let (dir, files) = build(2);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), files.len(), "{names:?}");
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}
