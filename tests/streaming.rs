//! Streamed typesetting (pages made one at a time, glyphs of long documents built a second
//! time page by page) gives exactly what typesetting the whole edition at once gives: the
//! same glyph runs, the same report, the same PDF bytes.

mod common;

use common::*;
use folio::export::pdf::{PdfFonts, write_pdf, write_pdf_stream};
use folio::run::{self, RunOptions};
use folio::typeset::{Page, stream_keeping, typeset};

#[test]
fn streamed_pages_and_pdf_equal_the_whole_edition_at_once() {
    for layout in ["report-a4", "report-letter"] {
        let plan = run::plan(&RunOptions {
            layout: Some(layout.into()),
            ..RunOptions::new(fixture())
        })
        .unwrap();
        let fonts = PdfFonts::new(&plan.fonts);
        for (edition, resolved) in &plan.editions {
            let whole = typeset(edition, resolved, &plan.fonts);
            let expected: Vec<String> = whole.pages.pages.iter().map(debug).collect();
            let pdf = write_pdf(&whole.pages, &fonts, &plan.pdf).unwrap();
            // Nothing kept (every block built again), and some kept.
            for keep in [0, 2_000] {
                let at = format!("{layout} {} keeping {keep}", edition.lang.tag);
                let streamed = stream_keeping(edition, resolved, &plan.fonts, keep);
                assert_eq!(streamed.stats, whole.stats, "{at}");
                assert_eq!(streamed.warnings, whole.warnings, "{at}");
                assert_eq!(streamed.pages.count, expected.len(), "{at}");
                assert_eq!(streamed.pages.structure, whole.pages.structure, "{at}");
                assert_eq!(streamed.pages.outline, whole.pages.outline, "{at}");
                let pages: Vec<String> = stream_keeping(edition, resolved, &plan.fonts, keep)
                    .pages
                    .pages
                    .map(|page| debug(&page))
                    .collect();
                assert!(pages == expected, "{at}: pages differ");
                let bytes = write_pdf_stream(streamed.pages, &fonts, &plan.pdf, |_, _| {}).unwrap();
                assert!(bytes == pdf, "{at}: PDF bytes differ");
            }
        }
    }
}

fn debug(page: &Page) -> String {
    format!("{page:?}")
}
