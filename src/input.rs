//! Reading input files safely: regular files only, bounded in size, and (unless the user
//! allows it) only from inside the report's folder. Every file Folio reads goes through here.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// The largest report, edition or layout file Folio reads (a ×500 fixture edition is 12 MB).
pub const MAX_DEFINITION_BYTES: u64 = 32 << 20;
/// The largest font file (Noto CJK collections are about 30 MB).
pub const MAX_FONT_BYTES: u64 = 128 << 20;
/// The largest image a figure may name.
pub const MAX_IMAGE_BYTES: u64 = 32 << 20;

/// What kind of input a file is, for its size limit and for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    Definition,
    Font,
    Image,
}

impl InputKind {
    pub fn limit(self) -> u64 {
        match self {
            InputKind::Definition => MAX_DEFINITION_BYTES,
            InputKind::Font => MAX_FONT_BYTES,
            InputKind::Image => MAX_IMAGE_BYTES,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            InputKind::Definition => "a YAML definition",
            InputKind::Font => "a font",
            InputKind::Image => "an image",
        }
    }
}

/// Reads a whole input file. Refuses FIFOs, devices and folders before reading a byte (a
/// FIFO named `x.ttf` would block forever, `/dev/zero` would fill memory), and files over
/// the kind's limit. The error is a sentence for a diagnostic at the file.
pub fn read(path: &Path, kind: InputKind) -> Result<Vec<u8>, String> {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    let len = regular_len(&file)?;
    let limit = kind.limit();
    if len > limit {
        return Err(too_large(len, limit, kind));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // A file that grows while being read is still cut at the limit.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit, kind));
    }
    Ok(bytes)
}

/// Reads a UTF-8 text input.
pub fn read_text(path: &Path, kind: InputKind) -> Result<String, String> {
    String::from_utf8(read(path, kind)?).map_err(|e| {
        format!(
            "the file is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

fn regular_len(file: &File) -> Result<u64, String> {
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read the file: {e}"))?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "a FIFO, socket or device"
        };
        return Err(format!("this is {what}; expected a regular file"));
    }
    Ok(meta.len())
}

fn too_large(len: u64, limit: u64, kind: InputKind) -> String {
    format!(
        "the file is {} MiB; the limit for {} is {} MiB",
        len.div_ceil(1 << 20),
        kind.noun(),
        limit >> 20
    )
}

/// Where a report may read its edition files and layout from: its own folder (after
/// following links), or anywhere when the user allows it (`--allow-outside`). Paths given on
/// the command line (`--layout`, `--font-dir`) are the user's own choice and not confined.
#[derive(Clone, Debug)]
pub struct Scope {
    /// The report's folder, resolved; `None` allows every path.
    root: Option<PathBuf>,
}

impl Scope {
    pub fn anywhere() -> Scope {
        Scope { root: None }
    }

    /// Confines reads to the folder holding `report`.
    pub fn folder_of(report: &Path) -> Scope {
        let dir = match report.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        Scope {
            root: Some(dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())),
        }
    }

    /// `Ok` when `path` (which must exist) resolves inside the scope. The error says where
    /// it leads without reading it, so nothing of an outside file reaches a message.
    pub fn admit(&self, path: &Path) -> Result<(), String> {
        let Some(root) = &self.root else {
            return Ok(());
        };
        let real = path
            .canonicalize()
            .map_err(|e| format!("cannot read the file: {e}"))?;
        if real.starts_with(root) {
            Ok(())
        } else {
            Err(format!(
                "`{}` leads outside the report's folder (to `{}`); Folio reads only files inside `{}` unless run with --allow-outside",
                path.display(),
                real.display(),
                root.display()
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_fifos_devices_and_folders_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.ttf");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let e = read(&fifo, InputKind::Font).unwrap_err();
        assert!(e.contains("FIFO"), "{e}");
        let e = read(Path::new("/dev/zero"), InputKind::Definition).unwrap_err();
        assert!(e.contains("device"), "{e}");
        let e = read(dir.path(), InputKind::Definition).unwrap_err();
        assert!(e.contains("folder"), "{e}");
    }

    #[test]
    fn refuses_files_over_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.yaml");
        let file = File::create(&big).unwrap();
        file.set_len(MAX_DEFINITION_BYTES + 1).unwrap();
        let e = read(&big, InputKind::Definition).unwrap_err();
        assert!(e.contains("limit") && e.contains("32 MiB"), "{e}");
    }

    #[test]
    fn scope_admits_the_folder_and_refuses_links_and_dots_leading_out() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("report");
        std::fs::create_dir(&inner).unwrap();
        std::fs::write(inner.join("en.yaml"), "x").unwrap();
        std::fs::write(dir.path().join("secret.yaml"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.yaml"), inner.join("link.yaml"))
            .unwrap();
        let scope = Scope::folder_of(&inner.join("report.yaml"));
        assert!(scope.admit(&inner.join("en.yaml")).is_ok());
        assert!(scope.admit(&inner.join("../secret.yaml")).is_err());
        assert!(scope.admit(&inner.join("link.yaml")).is_err());
        assert!(scope.admit(&dir.path().join("secret.yaml")).is_err());
        assert!(Scope::anywhere().admit(&inner.join("link.yaml")).is_ok());
    }
}
