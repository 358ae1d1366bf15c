//! Golden layout dumps: the laid-out lines of every edition in both layouts as readable text,
//! so that a change in breaking or pagination shows as a diff a reviewer can read.
//! Run with `UPDATE_GOLDEN=1` to accept a change.

mod common;

use common::*;
use folio::run::{self, RunOptions};
use folio::typeset::{dump::dump, typeset};

#[test]
fn layout_dumps_match_the_golden_files() {
    for layout in ["report-a4", "report-letter"] {
        let plan = run::plan(&RunOptions {
            layout: Some(layout.into()),
            ..RunOptions::new(fixture())
        })
        .unwrap();
        let mut text = String::new();
        for (edition, resolved) in &plan.editions {
            text.push_str(&format!("== {} ({})\n", edition.lang.tag, layout));
            text.push_str(&dump(&typeset(edition, resolved, &plan.fonts).pages));
        }
        let path = root().join(format!("tests/golden/roundtable-3.{layout}.txt"));
        if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        let expected = read(&path);
        if expected != text {
            let first = expected
                .lines()
                .zip(text.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{layout}: layout changed at line {}:\n  golden: {}\n  now:    {}\n(UPDATE_GOLDEN=1 cargo test --test golden accepts it)",
                first + 1,
                expected.lines().nth(first).unwrap_or(""),
                text.lines().nth(first).unwrap_or("")
            );
        }
    }
}
