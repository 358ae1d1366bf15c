//! Short pages and lead-ins: a paragraph that introduces a list ("… as follows:") keeps its
//! last lines with the list's first item, but splits within the widow and orphan rules
//! rather than move whole and leave its page short, and never after a line ending in a
//! hyphen; a heading before it stays with its first lines. Read back from the PDF as a
//! reader sees it (`pdftotext -bbox`), page by page.

mod common;

use common::*;
use folio::run::{self, RunOptions};
use folio::typeset::typeset;

/// Five lines at A4 body size; the third ends on a hyphen ("extraor-"), so that the page
/// never ends after it.
const LEAD: &str = "LEADSTART The participants went over every one of the proposals that had \
    come before the round table in the course of its two sessions, weighed what each would ask \
    of the States that took it up and of the organizations that would help them, and the \
    extraordinary conditions under which they thought it could succeed, before agreeing on the \
    recommendations they wished to put before the Forum, which are as follows:";

/// A report whose first page holds `filler` one-line paragraphs, then (after a heading, kept
/// with it, when `heading`) the lead-in and its list.
fn report(dir: &std::path::Path, filler: usize, heading: bool) -> std::path::PathBuf {
    let mut body = String::new();
    for k in 0..filler {
        body.push_str(&format!("        - paragraph: \"Filler paragraph {k}.\"\n"));
    }
    if heading {
        body.push_str("        - heading: HEADSTART Recommendations\n");
    }
    body.push_str(&format!(
        "        - paragraph: \"{}\"\n",
        LEAD.split_whitespace().collect::<Vec<_>>().join(" ")
    ));
    body.push_str(
        "        - list:\n            items:\n              - FIRSTITEM Making it easier for migrants to move safely.\n              - Reducing irregular migration.\n",
    );
    let id = format!("short-{filler}-{heading}");
    let path = dir.join(format!("{id}.yaml"));
    std::fs::write(
        &path,
        format!(
            "id: {id}\neditions:\n  - lang: en\n    content:\n      title: Short pages\n      body:\n{body}"
        ),
    )
    .unwrap();
    path
}

fn options(path: &std::path::Path) -> RunOptions {
    RunOptions {
        layout: Some("report-a4".into()),
        ..RunOptions::new(path)
    }
}

/// Page (from 1) and index among that page's body lines of the first line holding `text`.
fn find(pages: &[Vec<Vec<&Word>>], text: &str) -> (usize, usize) {
    for (p, lines) in pages.iter().enumerate() {
        if let Some(l) = lines.iter().position(|l| line_text(l).contains(text)) {
            return (p + 1, l);
        }
    }
    panic!("no line holds {text:?}");
}

#[test]
fn a_lead_in_splits_within_the_rules_and_ends_on_its_lists_page() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    // One more filler paragraph at a time moves the lead-in down the first page and past
    // its foot: every line of it in turn would be the last of the page.
    for (filler, heading) in (26..42).flat_map(|f| [(f, false), (f, true)]) {
        let path = report(dir.path(), filler, heading);
        let plan = run::plan(&options(&path)).unwrap_or_else(|e| panic!("{e}"));
        let (edition, layout) = &plan.editions[0];
        let (orphans, widows) = (layout.pagination.orphans, layout.pagination.widows);
        let stats = typeset(edition, layout, &plan.fonts).stats;
        let case = format!("{filler} fillers, heading {heading}: {stats:?}");
        assert_eq!(
            (stats.widows, stats.orphans, stats.stranded_headings),
            (0, 0, 0),
            "{case}"
        );
        let out = dir.path().join(format!("out-{filler}-{heading}"));
        run::build(&RunOptions {
            out_dir: out.clone(),
            ..options(&path)
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let words = bbox_words(&out.join(format!("short-{filler}-{heading}.en.pdf")));
        let count = words.iter().map(|w| w.page).max().unwrap_or(0);
        let pages: Vec<_> = (1..=count).map(|p| body_lines(&words, p, false)).collect();
        // No page ends on a word cut at its last line.
        for (p, lines) in pages.iter().enumerate().take(count - 1) {
            let last = lines.last().expect("a page with text");
            assert!(
                !ends_on_hyphen(last),
                "{case}: page {} ends on {:?}",
                p + 1,
                line_text(last)
            );
        }
        let (lead_page, lead_line) = find(&pages, "LEADSTART");
        let (end_page, end_line) = find(&pages, "follows:");
        let (item_page, item_line) = find(&pages, "FIRSTITEM");
        // The lead-in's last line is followed by the list's first item, on its page.
        assert_eq!((item_page, item_line), (end_page, end_line + 1), "{case}");
        // A heading before it stays with its first lines.
        if heading {
            assert_eq!(
                find(&pages, "HEADSTART"),
                (lead_page, lead_line - 1),
                "{case}"
            );
        }
        if lead_page == end_page {
            assert_eq!(stats.short_pages, 0, "{case}: the lead-in moved whole");
            continue;
        }
        assert_eq!(end_page, lead_page + 1, "{case}");
        let here = pages[lead_page - 1].len() - lead_line;
        let there = end_line + 1;
        assert!(
            here >= orphans && there >= widows,
            "{case}: the lead-in split {here}/{there}, outside the rules ({orphans}/{widows})"
        );
        assert_eq!(here + there, 5, "{case}");
        // A page left short (the report counts it) only when the line that would have
        // filled it within the widow rule ends on a hyphen, which never ends a page.
        let held = there > widows && ends_on_hyphen(&pages[lead_page][0]);
        assert!(
            stats.short_pages == 0 || held,
            "{case}: split {here}/{there}"
        );
        seen.insert((here, there, stats.short_pages, heading));
    }
    // The lead-in went across the page turn only as the rules allow, 2/3 (3/2 would end the
    // page on its third line's hyphen, 4/1 leave a widow): once filling the page, and once
    // with room for its third line, held back by the hyphen, which the report counts.
    for heading in [false, true] {
        assert!(seen.contains(&(2, 3, 0, heading)), "{seen:?}");
        assert!(seen.contains(&(2, 3, 1, heading)), "{seen:?}");
    }
    assert!(seen.iter().all(|&(here, ..)| here == 2), "{seen:?}");
}
