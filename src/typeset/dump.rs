//! A readable text dump of laid-out pages (page, line, position, text), for golden files
//! whose diffs show a reviewer what a change in breaking or pagination did.

use std::fmt::Write;

use super::pages::Pages;

pub fn dump(pages: &Pages) -> String {
    let mut out = String::new();
    for (p, page) in pages.pages.iter().enumerate() {
        let _ = writeln!(out, "page {}", p + 1);
        for (l, line) in page.lines.iter().enumerate() {
            let x = line.runs.first().map(|r| r.x.0).unwrap_or(0.0);
            let end = line
                .runs
                .iter()
                .map(|r| r.x.0 + r.width().0)
                .fold(x, f32::max);
            let text: String = line.runs.iter().map(|r| r.text.as_str()).collect();
            let _ = writeln!(
                out,
                "  {:>3} x={:>7.2}..{:>7.2} y={:>7.2} {}",
                l + 1,
                x,
                end,
                line.baseline.0,
                text
            );
        }
        for line in &page.artifacts {
            let x = line.runs.first().map(|r| r.x.0).unwrap_or(0.0);
            let text: String = line.runs.iter().map(|r| r.text.as_str()).collect();
            let _ = writeln!(
                out,
                "  art x={:>7.2} y={:>7.2} {}",
                x, line.baseline.0, text
            );
        }
    }
    out
}
