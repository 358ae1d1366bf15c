//! The manifest (`manifest.json`) that lists what a build wrote.

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

/// A batch's `manifest.json`, at the top of the output folder: one entry per report, sorted
/// by id, each pointing at the report's own manifest (docs/batches.md). It holds nothing
/// that depends on the machine or the clock, so that merged shards equal one run.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct BatchManifest {
    pub tool: String,
    pub reports: Vec<ReportEntry>,
    /// Only in a shard's manifest: which slice of which batch it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<ShardInfo>,
}

#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct ReportEntry {
    /// The report's `id`; none when report.yaml could not be read far enough to give one.
    pub id: Option<String>,
    /// The report file, as found from the command line's arguments.
    pub source: String,
    /// `ok`, or `failed` (not built, or some outputs failed).
    pub status: String,
    /// The report's own manifest, relative to the batch's folder, when it was written.
    pub manifest: Option<String>,
    /// Outputs written, and outputs that failed.
    pub outputs: usize,
    pub failed: usize,
    /// PDF pages and bytes of every output written.
    pub pages: usize,
    pub bytes: u64,
    pub warnings: usize,
    /// Why the report failed, one message per error.
    pub errors: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct ShardInfo {
    /// K of `--shard K/N` (from 1) and N.
    pub index: usize,
    pub count: usize,
    /// How many reports the whole batch has, and the SHA-256 of their ids (sorted, one a
    /// line): `merge-manifests` checks that the shards are slices of one batch.
    pub batch_reports: usize,
    pub batch_sha256: String,
}

impl ReportEntry {
    /// What the batch manifest is sorted by and a shard is chosen by: the id, or the source
    /// when there is none.
    pub fn key(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.source)
    }
}

impl BatchManifest {
    pub fn new(mut reports: Vec<ReportEntry>, shard: Option<ShardInfo>) -> BatchManifest {
        reports.sort_by(|a, b| a.key().cmp(b.key()).then(a.source.cmp(&b.source)));
        BatchManifest {
            tool: format!("folio {}", env!("CARGO_PKG_VERSION")),
            reports,
            shard,
        }
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}
