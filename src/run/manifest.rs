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
        }
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}
