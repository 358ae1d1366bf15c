//! The manifest (`manifest.json`) that lists what a build wrote, and atomic file writes.

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::Format;

#[derive(Clone, Debug, Serialize)]
pub struct Manifest {
    pub report: String,
    pub tool: String,
    pub outputs: Vec<Output>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Output {
    pub lang: String,
    pub format: String,
    /// Relative to the output folder.
    pub path: String,
    pub bytes: Option<u64>,
    /// Pages of a PDF; Word paginates a DOCX itself, so none is given for it.
    pub pages: Option<usize>,
    pub sha256: Option<String>,
    /// `ok`, or `failed: <reason>`.
    pub status: String,
}

impl Output {
    pub fn written(
        lang: &str,
        format: Format,
        path: &str,
        bytes: &[u8],
        pages: Option<usize>,
    ) -> Output {
        let digest = Sha256::digest(bytes);
        Output {
            lang: lang.to_string(),
            format: format.extension().to_string(),
            path: path.to_string(),
            bytes: Some(bytes.len() as u64),
            pages,
            sha256: Some(digest.iter().map(|b| format!("{b:02x}")).collect()),
            status: "ok".to_string(),
        }
    }

    pub fn failed(lang: &str, format: Format, path: &str, reason: &str) -> Output {
        Output {
            lang: lang.to_string(),
            format: format.extension().to_string(),
            path: path.to_string(),
            bytes: None,
            pages: None,
            sha256: None,
            status: format!("failed: {reason}"),
        }
    }
}

impl Manifest {
    /// Outputs sorted by edition, then format.
    pub fn new(report: &str, mut outputs: Vec<Output>) -> Manifest {
        outputs.sort_by(|a, b| (&a.lang, &a.format).cmp(&(&b.lang, &b.format)));
        Manifest {
            report: report.to_string(),
            tool: format!("folio {}", env!("CARGO_PKG_VERSION")),
            outputs,
        }
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it: readers never see a
/// half-written file, and a failure leaves nothing behind.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write {}: {e}", path.display())
    })
}
