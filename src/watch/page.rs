//! The preview page: the last build's pages, one column per edition, or its errors; a small
//! script polls `/version` and reloads the page when a build has finished.

use super::{EditionPdf, Outcome, Snapshot};
use crate::pack::html::escape;

/// How often the page asks whether a new build has finished.
const POLL_MS: u32 = 500;

/// The page for `snap`. Images are addressed by build version, so a reloaded page never
/// shows a cached page of an older build.
pub fn html(snap: &Snapshot) -> String {
    let (state, body) = match &snap.outcome {
        Outcome::Pending => ("pending", "<p class=status>Building…</p>".to_string()),
        Outcome::Built { editions, warnings } => {
            let mut body = String::new();
            if !warnings.is_empty() {
                body.push_str(&format!("<pre class=warnings>{}</pre>", escape(warnings)));
            }
            body.push_str(&columns(snap.version, editions));
            ("ok", body)
        }
        Outcome::Failed { text, editions } => {
            // The errors take the place of the pages; editions whose jobs succeeded in a
            // build with a failed job follow them.
            let mut body = format!("<pre id=errors class=errors>{}</pre>", escape(text));
            body.push_str(&columns(snap.version, editions));
            ("failed", body)
        }
    };
    format!(
        r#"<!doctype html>
<html lang=en>
<head>
<meta charset=utf-8>
<title>folio watch: {report}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #e8e8e8; }}
header {{ padding: 8px 16px; background: #333; color: #fff; }}
.errors, .warnings {{ margin: 16px; padding: 12px; white-space: pre-wrap; background: #fff; }}
.errors {{ border-left: 6px solid #c00; }}
.warnings {{ border-left: 6px solid #c90; }}
.editions {{ display: flex; gap: 16px; padding: 16px; align-items: flex-start; }}
.edition {{ flex: 0 0 320px; }}
.edition h2 {{ font-size: 14px; margin: 0 0 8px; }}
.edition img {{ display: block; width: 100%; margin-bottom: 12px; background: #fff;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); }}
</style>
</head>
<body data-version="{version}" data-state="{state}">
<header>folio watch · {report} · build {version} · <span id=state>{state}</span></header>
{body}
<script>
// Reload when a build has finished: a poll rather than server-sent events, so that no
// connection stays open and a restarted server is picked up.
setInterval(function () {{
  fetch('/version', {{ cache: 'no-store' }})
    .then(function (r) {{ return r.text(); }})
    .then(function (v) {{ if (v.trim() !== document.body.dataset.version) location.reload(); }})
    .catch(function () {{}});
}}, {POLL_MS});
</script>
</body>
</html>
"#,
        report = escape(&snap.report),
        version = snap.version,
    )
}

/// One column per edition, its pages under one another.
fn columns(version: u64, editions: &[EditionPdf]) -> String {
    let mut out = String::from("<main class=editions>");
    for e in editions {
        let lang = escape(&e.lang);
        out.push_str(&format!(
            "<section class=edition data-lang=\"{lang}\"><h2>{lang} · {} pages</h2>",
            e.pages
        ));
        for page in 1..=e.pages {
            // Marks each image as the browser loaded it, for people and tests alike.
            out.push_str(&format!(
                "<img src=\"/page/{version}/{lang}/{page}.png\" alt=\"{lang} page {page}\" \
                 onload=\"this.dataset.loaded='yes'\" onerror=\"this.dataset.loaded='no'\">"
            ));
        }
        out.push_str("</section>");
    }
    out.push_str("</main>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_escaped_and_take_the_place_of_pages() {
        let snap = Snapshot {
            version: 3,
            report: "r.yaml".into(),
            outcome: Outcome::Failed {
                text: "error: r.yaml:2:1: expected <text>".into(),
                editions: Vec::new(),
            },
        };
        let page = html(&snap);
        assert!(page.contains("expected &lt;text&gt;"), "{page}");
        assert!(page.contains("data-version=\"3\""));
        assert!(!page.contains("<img"));
    }
}
