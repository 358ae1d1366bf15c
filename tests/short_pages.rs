//! Short pages: a page ends early only when the rules leave no choice. A paragraph that
//! introduces a list ("… as follows:") keeps its last lines with the list, but splits
//! within the widow and orphan rules instead of moving whole and leaving the page short;
//! a heading before it stays with its first lines, and a footnote with its reference. The
//! typography report counts short pages: none on these pages (`outputs.rs` checks the
//! fixture).

mod common;

use common::*;
use folio::run::{self, RunOptions};
use folio::typeset::{Pages, typeset};

const LEAD: &str = "LEADSTART The participants went over every one of the proposals that had come \
    before the round table in the course of its two sessions, weighed what each would ask of \
    the States that took it up and of the organizations that would help them, and set out at \
    some length the conditions under which they thought it could succeed, the partners it would \
    need, the time it would take and the resources it would call for, before agreeing on the \
    points that they wished to put before the Global Forum, which are as follows:";

/// A report whose page 1 holds `filler` one-line paragraphs, then (after a heading when
/// `heading`) the lead-in and its list.
fn report(dir: &std::path::Path, filler: usize, heading: bool) -> std::path::PathBuf {
    let mut body = String::new();
    for k in 0..filler {
        body.push_str(&format!("        - paragraph: \"Filler paragraph {k}.\"\n"));
    }
    if heading {
        body.push_str("        - heading: HEADSTART Recommendations\n");
    }
    body.push_str(&format!(
        "        - paragraph: \"{}^[NOTESTART A note on the lead-in.]\"\n",
        LEAD.split_whitespace().collect::<Vec<_>>().join(" ")
    ));
    body.push_str(
        "        - list:\n            items:\n              - FIRSTITEM Making it easier for migrants to move.\n              - Reducing irregular migration.\n",
    );
    let path = dir.join("report.yaml");
    std::fs::write(
        &path,
        format!(
            "id: short\neditions:\n  - lang: en\n    content:\n      title: Short pages\n      body:\n{body}"
        ),
    )
    .unwrap();
    path
}

/// The page (from 0) of the first line holding `text`.
fn page_of(pages: &Pages, text: &str) -> usize {
    pages
        .pages
        .iter()
        .position(|p| {
            p.lines.iter().any(|l| {
                l.runs
                    .iter()
                    .map(|r| r.text.as_str())
                    .collect::<String>()
                    .contains(text)
            })
        })
        .unwrap_or_else(|| panic!("no line holds {text:?}"))
}

#[test]
fn a_lead_in_splits_with_its_list_instead_of_leaving_the_page_short() {
    let dir = tempfile::tempdir().unwrap();
    let mut split = None;
    for heading in [false, true] {
        // One more filler paragraph at a time moves the lead-in down the page past its foot.
        for filler in 20..40 {
            let path = report(dir.path(), filler, heading);
            let plan = run::plan(&RunOptions {
                layout: Some("report-a4".into()),
                ..RunOptions::new(&path)
            })
            .unwrap_or_else(|e| panic!("{e}"));
            let (edition, layout) = &plan.editions[0];
            let set = typeset(edition, layout, &plan.fonts);
            let s = &set.stats;
            let case = format!("heading {heading}, {filler} fillers: {s:?}");
            assert_eq!(
                (s.widows, s.orphans, s.stranded_headings, s.short_pages),
                (0, 0, 0, 0),
                "{case}"
            );
            let lead = page_of(&set.pages, "LEADSTART");
            let follows = page_of(&set.pages, "follows:");
            let item = page_of(&set.pages, "FIRSTITEM");
            assert_eq!(follows, item, "the lead-in ends with its list: {case}");
            // The note's mark ends the lead-in: the note is on the page of its last line.
            assert_eq!(
                page_of(&set.pages, "NOTESTART"),
                follows,
                "the note stays with its reference: {case}"
            );
            if heading {
                assert_eq!(page_of(&set.pages, "HEADSTART"), lead, "{case}");
            }
            if lead != follows {
                split.get_or_insert((path.clone(), lead));
            }
        }
    }
    let (path, page) = split.expect("some filler puts the lead-in across the page turn");
    // A reader sees the lead-in begin at the foot of the page and go on over the list.
    if !have("pdftotext") {
        return;
    }
    let out = dir.path().join("out");
    run::build(&RunOptions {
        layout: Some("report-a4".into()),
        out_dir: out.clone(),
        ..RunOptions::new(&path)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let pdf = out.join("short.en.pdf");
    let text_of = |p: usize| {
        let p = (p + 1).to_string();
        let (ok, text, err) = tool(
            "pdftotext",
            &[
                "-enc",
                "UTF-8",
                "-f",
                &p,
                "-l",
                &p,
                pdf.to_str().unwrap(),
                "-",
            ],
        );
        assert!(ok, "{err}");
        text
    };
    let (here, there) = (text_of(page), text_of(page + 1));
    assert!(
        here.contains("LEADSTART") && !here.contains("follows:"),
        "{here}"
    );
    assert!(
        there.contains("follows:") && there.contains("FIRSTITEM"),
        "{there}"
    );
}
