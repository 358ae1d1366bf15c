//! The manifest (`manifest.json`) that lists what a build wrote.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Format;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub report: String,
    pub tool: String,
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
