//! The manifest (`manifest.json`) that lists what a build wrote.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Format;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub report: String,
    pub tool: String,
    /// The PDF standard the build claimed and validated (`a-2a+ua-1`, …), which `verify`
    /// checks each PDF's XMP against.
    #[serde(
        rename = "pdf-standard",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub pdf_standard: Option<String>,
    pub outputs: Vec<Output>,
    /// The document symbol (`A/80/123`), when the report has one: `folio pack` names the
    /// zip and cover after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    /// The report's date (`YYYY-MM-DD`), when it has one: the pack's cover is dated by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Every edition built, in the report's order, with its title: the pack's cover and
    /// index list the editions so.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub editions: Vec<EditionEntry>,
}

/// One edition of the report as the manifest records it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EditionEntry {
    pub lang: String,
    pub title: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
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
            pdf_standard: None,
            outputs,
            symbol: None,
            date: None,
            editions: Vec::new(),
        }
    }

    /// Records what `folio pack` needs of the report: its symbol, date and editions' titles.
    pub fn describing(
        mut self,
        report: &crate::model::Report,
        editions: &[(crate::edition::Edition, crate::layouts::Layout)],
    ) -> Manifest {
        self.symbol = report.symbol.clone();
        self.date = report.date.map(|d| d.to_string());
        self.editions = editions
            .iter()
            .map(|(edition, _)| EditionEntry {
                lang: edition.lang.tag.clone(),
                title: edition.title_text(),
            })
            .collect();
        self
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
