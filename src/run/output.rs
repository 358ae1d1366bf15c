//! The output folder's contract (docs/security.md): one build at a time (a lock on the folder),
//! outputs staged in exclusive temporaries with unpredictable names and renamed over their
//! final names, stale temporaries cleaned at start, and `manifest.json` written last as the
//! commit point: present, it describes exactly the files it lists.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Temporaries are `.folio-<final name>.<random>.tmp`.
const TEMP_PREFIX: &str = ".folio-";
const TEMP_SUFFIX: &str = ".tmp";
pub const MANIFEST: &str = "manifest.json";

/// An output folder, locked for this process until dropped.
pub struct OutputDir {
    dir: PathBuf,
    /// The folder itself, opened and `flock`ed: no lock file to plant a link at or leave behind.
    _lock: File,
}

/// An output written in full to a temporary beside its final name, not yet visible.
pub struct Staged {
    name: String,
    file: NamedTempFile,
}

impl OutputDir {
    /// Creates and locks `dir` (waiting for another build into it to finish), then removes
    /// temporaries that an interrupted build left behind: under the lock none is live.
    pub fn open(dir: &Path) -> Result<OutputDir, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the output folder: {e}"))?;
        let lock = File::open(dir).map_err(|e| format!("cannot open the output folder: {e}"))?;
        if lock.try_lock().is_err() {
            eprintln!(
                "waiting for another build into {} to finish…",
                dir.display()
            );
            lock.lock()
                .map_err(|e| format!("cannot lock the output folder: {e}"))?;
        }
        let out = OutputDir {
            dir: dir.to_path_buf(),
            _lock: lock,
        };
        out.remove_stale_temporaries();
        Ok(out)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn remove_stale_temporaries(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let is_file_or_link = entry
                .file_type()
                .is_ok_and(|t| t.is_file() || t.is_symlink());
            if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) && is_file_or_link {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Writes `bytes` in full (and to disk) under a temporary name created exclusively
    /// (`O_CREAT | O_EXCL`), so no planted link or file is ever followed or reused.
    pub fn stage(&self, name: &str, bytes: &[u8]) -> Result<Staged, String> {
        let mut file = tempfile::Builder::new()
            .prefix(&format!("{TEMP_PREFIX}{name}."))
            .suffix(TEMP_SUFFIX)
            .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644))
            .tempfile_in(&self.dir)
            .map_err(|e| format!("cannot create a temporary file for {name}: {e}"))?;
        file.write_all(bytes)
            .and_then(|()| file.as_file().sync_all())
            .map_err(|e| format!("cannot write {name}: {e}"))?;
        Ok(Staged {
            name: name.to_string(),
            file,
        })
    }

    /// Renames a staged output over its final name. `rename` replaces a link at the final
    /// name instead of following it. On failure the temporary is removed.
    pub fn commit(&self, staged: Staged) -> Result<(), String> {
        staged
            .file
            .persist(self.path(&staged.name))
            .map(drop)
            .map_err(|e| format!("cannot write {}: {}", staged.name, e.error))
    }

    /// Renames a staged output to its final name only when nothing stands there (`folio init`
    /// never replaces a file: a hard link, which fails on an existing name, then an unlink).
    /// On failure the temporary is removed.
    pub fn commit_new(&self, staged: Staged) -> Result<(), String> {
        staged
            .file
            .persist_noclobber(self.path(&staged.name))
            .map(drop)
            .map_err(|e| format!("cannot write {}: {}", staged.name, e.error))
    }

    /// Removes what stands under a final name (a file or a link, never a folder), so that an
    /// output this build could not make is not mistaken for a current one.
    pub fn remove(&self, name: &str) {
        let path = self.path(name);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir()) {
            let _ = std::fs::remove_file(path);
        }
    }

    /// Makes the renames durable before the manifest claims them.
    pub fn sync(&self) {
        if let Ok(dir) = File::open(&self.dir) {
            let _ = dir.sync_all();
        }
    }
}

/// A test hook, named in docs/security.md: `FOLIO_TEST_FAULT=abort` ends the process
/// (as kill -9 would) and `FOLIO_TEST_FAULT=pause` sleeps five seconds, where it is called:
/// between two renames of a build's commit, the moment a crash or a second build hurts most.
pub fn test_fault() {
    match std::env::var("FOLIO_TEST_FAULT").as_deref() {
        Ok("abort") => std::process::abort(),
        Ok("pause") => std::thread::sleep(std::time::Duration::from_secs(5)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staged_files_are_invisible_until_committed_and_links_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        let out = OutputDir::open(&dir.path().join("out")).unwrap();
        std::os::unix::fs::symlink(&victim, out.path("a.pdf")).unwrap();
        let staged = out.stage("a.pdf", b"new").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
        out.commit(staged).unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
        let meta = std::fs::symlink_metadata(out.path("a.pdf")).unwrap();
        assert!(meta.is_file());
        assert_eq!(std::fs::read(out.path("a.pdf")).unwrap(), b"new");
    }

    #[test]
    fn opening_removes_stale_temporaries_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".folio-a.pdf.x1y2z3.tmp"), "stale").unwrap();
        std::fs::write(dir.path().join("notes.tmp"), "user's").unwrap();
        let out = OutputDir::open(dir.path()).unwrap();
        assert!(!out.path(".folio-a.pdf.x1y2z3.tmp").exists());
        assert!(out.path("notes.tmp").exists());
    }

    #[test]
    fn a_second_build_into_the_folder_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutputDir::open(dir.path()).unwrap();
        let other = File::open(dir.path()).unwrap();
        assert!(other.try_lock().is_err(), "the folder is not locked");
        drop(first);
        assert!(other.try_lock().is_ok(), "the lock outlived its build");
    }
}
