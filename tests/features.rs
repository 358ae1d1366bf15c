//! Blocks and options the fixture does not use: inline content, a layout file beside the
//! report, headings of every level, a quote, a page break, nested lists, links, A5 paper.

mod common;

use common::*;
use folio::run::{self, RunOptions};

const REPORT: &str = r#"
id: features
layout: my-layout.yaml
date: 2024-02-29
editions:
  - lang: en-GB
    content:
      title: Every block
      body:
        - heading: One
        - heading: Two
          level: 2
        - heading: Three
          level: 3
        - paragraph: See [the reference](https://example.org/ref) for *details*.
        - quote: A quoted passage that stands apart from the text around it.
        - page-break
        - list:
            numbered: true
            items:
              - First item
              - text: Second item with children
                items:
                  - text: Child with grandchildren
                    items: [Grandchild one, Grandchild two]
                  - Child two
"#;

const LAYOUT: &str = r#"
page: { size: A5, margins: { top: 15mm, bottom: 15mm, start: 15mm, end: 15mm } }
footer: { center: "{page} of {pages}, {date}" }
"#;

fn build() -> (tempfile::TempDir, folio::run::BuildResult) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.yaml"), REPORT).unwrap();
    std::fs::write(dir.path().join("my-layout.yaml"), LAYOUT).unwrap();
    let opts = RunOptions {
        out_dir: dir.path().join("out"),
        ..RunOptions::new(dir.path().join("report.yaml"))
    };
    let result = run::build(&opts).unwrap_or_else(|e| panic!("{e}"));
    (dir, result)
}

#[test]
fn every_block_kind_reaches_both_outputs() {
    let (dir, result) = build();
    assert!(!result.failed, "{:?}", result.warnings);
    let pdf = dir.path().join("out/features.en-GB.pdf");
    let docx = dir.path().join("out/features.en-GB.docx");
    assert_eq!(
        result
            .manifest
            .outputs
            .iter()
            .find(|o| o.format == "pdf")
            .unwrap()
            .pages,
        Some(2),
        "the page break makes two pages"
    );
    if have("pdfinfo") {
        let (_, info, _) = tool("pdfinfo", &[pdf.to_str().unwrap()]);
        assert!(info.contains("419.") && info.contains("595."), "A5: {info}");
    }
    if have("pdftotext") {
        let (_, text, _) = tool("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
        for needle in [
            "A quoted passage",
            "Grandchild two",
            "(a)",
            "(i)",
            "29 February 2024",
            "1 of 2",
            "2 of 2",
        ] {
            assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
        }
    }
    if have("qpdf") {
        let (_, json, _) = tool("qpdf", &["--json", pdf.to_str().unwrap()]);
        assert!(
            json.contains("https://example.org/ref"),
            "the link annotation"
        );
    }
    if have("pandoc") {
        let (_, native, _) = tool(
            "pandoc",
            &["-f", "docx", "-t", "native", docx.to_str().unwrap()],
        );
        for needle in [
            "Header 1",
            "Header 2",
            "Header 3",
            "BlockQuote",
            "OrderedList",
            "https://example.org/ref",
            "Emph",
        ] {
            assert!(
                native.contains(needle),
                "{needle:?} missing from pandoc's reading:\n{native}"
            );
        }
        assert!(
            native.matches("OrderedList").count() >= 3,
            "three nested levels:\n{native}"
        );
    }
}
