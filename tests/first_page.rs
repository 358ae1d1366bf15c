//! An official document is known by its first page: in every shipped layout and edition, page
//! 1 shows the document symbol, the date of issue and the "Original:" line, as the laid-out
//! page carries them and as pdftotext reads them.

mod common;

use common::*;
use folio::edition::{format_date, original_label};
use folio::typeset::typeset;

#[test]
fn page_one_shows_symbol_date_and_original_in_every_layout() {
    for layout in ["report-a4", "report-letter"] {
        let plan = fixture_plan(layout);
        for (edition, resolved) in &plan.editions {
            let lang = &edition.lang.tag;
            let set = typeset(edition, resolved, &plan.fonts);
            let furniture: String = set.pages.pages[0]
                .artifacts
                .iter()
                .flat_map(|l| l.runs.iter().map(|r| r.text.as_str()))
                .collect::<Vec<_>>()
                .join(" ");
            let symbol = plan
                .report
                .symbol
                .as_deref()
                .expect("the fixture has a symbol");
            let date = format_date(plan.report.date.expect("and a date"), &edition.lang);
            let original = original_label(
                plan.report.original.as_deref().expect("and an original"),
                &edition.lang,
            );
            let squeeze = |s: &str| s.split_whitespace().collect::<String>();
            // Right-to-left runs are in visual order (the Arabic date's two month names, split at
            // their slash, swap places): the words, each present, are the test.
            let words = |s: &str| -> Vec<String> {
                s.split(|c: char| c.is_whitespace() || c == '/')
                    .filter(|w| !w.is_empty())
                    .map(String::from)
                    .collect()
            };
            let shown = words(&furniture);
            for (what, text) in [("symbol", symbol), ("date", &date), ("original", &original)] {
                assert!(
                    words(text).iter().all(|w| shown.contains(w)),
                    "{layout} {lang}: page 1 lacks the {what} {text:?}: {furniture:?}"
                );
            }
            // And a reader finds them on the printed page.
            if have("pdftotext") && lang != "ar" {
                let pdf = out(layout, &format!("roundtable-3.{lang}.pdf"));
                let page1 = pdf_page_text(&pdf, 1, &[]);
                for text in [symbol, date.as_str()] {
                    assert!(
                        squeeze(&page1).contains(&squeeze(text)),
                        "{layout} {lang}: pdftotext finds no {text:?} on page 1"
                    );
                }
            }
        }
    }
}
