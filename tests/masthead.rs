//! The official masthead (issue 8): the fixture built with the shipped `un-official` layouts
//! shows, on page 1 of every edition, the symbol, the distribution line, the date of issue
//! and the language lines in that edition's published forms, the organ and the agenda item
//! with its asterisk note; the Arabic masthead is mirrored; the rules and the emblem are on
//! the laid-out page; the PDFs pass krilla's PDF/A-2 + PDF/UA-1 validation; LibreOffice reads
//! the masthead from every DOCX. Bad masthead fields are errors at file:line:col.

mod common;

use std::path::Path;
use std::sync::OnceLock;

use common::*;
use folio::run::{self, BuildResult, RunOptions};
use folio::typeset::pages::StructKind;
use folio::typeset::typeset;

const LAYOUTS: [&str; 2] = ["un-official", "un-official-letter"];

/// The fixture built once per layout.
fn official(layout: &str) -> &'static (tempfile::TempDir, BuildResult) {
    static A4: OnceLock<(tempfile::TempDir, BuildResult)> = OnceLock::new();
    static LETTER: OnceLock<(tempfile::TempDir, BuildResult)> = OnceLock::new();
    let cell = if layout == "un-official" {
        &A4
    } else {
        &LETTER
    };
    cell.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let opts = RunOptions {
            out_dir: dir.path().to_path_buf(),
            layout: Some(layout.to_string()),
            ..RunOptions::new(fixture())
        };
        let result = run::build(&opts).unwrap_or_else(|e| panic!("{e}"));
        (dir, result)
    })
}

/// What a reader of each edition's page 1 must find, as published documents print it:
/// distribution, date, language line (translated editions), original, the agenda item.
fn expected(lang: &str) -> [&'static str; 5] {
    match lang {
        "fr" => [
            "Distr. générale",
            "30 juin 2017",
            "Français",
            "Original : anglais",
            "Point 3 de l’ordre du jour provisoire",
        ],
        "es" => [
            "Distr. general",
            "30 de junio de 2017",
            "Español",
            "Original: inglés",
            "Tema 3 del programa provisional",
        ],
        "ru" => [
            "Distr.: General",
            "30 June 2017",
            "Russian",
            "Original: English",
            "Пункт 3 предварительной повестки дня",
        ],
        "ar" => [
            "Distr.: General",
            "30 June 2017",
            "Arabic",
            "Original: English",
            "البند 3 من جدول الأعمال المؤقت",
        ],
        "zh" => [
            "Distr.: General",
            "30 June 2017",
            "Chinese",
            "Original: English",
            "临时议程",
        ],
        _ => [
            "Distr.: General",
            "30 June 2017",
            "",
            "Original: English",
            "Item 3 of the provisional agenda",
        ],
    }
}

fn page_one(pdf: &Path) -> String {
    pdf_page_text(pdf, 1, &[])
}

#[test]
fn page_one_of_every_edition_has_the_masthead_in_its_language() {
    if !have("pdftotext") {
        return;
    }
    for layout in LAYOUTS {
        let (dir, result) = official(layout);
        // export::pdf validates every PDF against PDF/A-2 and PDF/UA-1; a failure fails the job.
        assert!(!result.failed, "{layout}: {:?}", result.warnings);
        for lang in langs() {
            let text = page_one(&dir.path().join(format!("roundtable-3.{lang}.pdf")));
            // The agenda item's asterisk is a mark of its own, next to the last word.
            let found = tokens(&lang, &text.replace('*', " "));
            let shown = std::iter::once("GFMD/2017/RT3").chain(expected(&lang));
            for want in shown.filter(|w| !w.is_empty()) {
                let want = tokens(&lang, want);
                assert!(
                    found
                        .windows(want.len().max(1))
                        .any(|w| w == want.as_slice()),
                    "{layout} {lang}: page 1 lacks {want:?}:\n{text}"
                );
            }
            // The agenda note's asterisk, at the foot of the page, says what the item's
            // asterisk refers to.
            // poppler gives the mark on a line of its own before the note, or (Arabic) on the
            // note's line.
            let note = text.rfind("GFMD/2017/1");
            let line = text
                .lines()
                .find(|l| l.contains("GFMD/2017/1"))
                .unwrap_or_default();
            assert!(
                note.is_some_and(|n| text[..n].rfind('*').is_some()) || line.contains('*'),
                "{layout} {lang}: no agenda note under an asterisk:\n{text}"
            );
        }
    }
}

/// Word x positions on page 1 from `pdftotext -bbox`, by word.
fn word_x(pdf: &Path) -> Vec<(String, f32)> {
    let (ok, html, err) = tool(
        "pdftotext",
        &[
            "-bbox",
            "-f",
            "1",
            "-l",
            "1",
            &pdf.display().to_string(),
            "-",
        ],
    );
    assert!(ok, "{err}");
    html.lines()
        .filter_map(|l| {
            let x = l.split("xMin=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let word = l.split('>').nth(1)?.split('<').next()?.to_string();
            Some((word, x))
        })
        .collect()
}

#[test]
fn the_arabic_masthead_is_mirrored() {
    if !have("pdftotext") {
        return;
    }
    for layout in LAYOUTS {
        let dir = official(layout).0.path();
        let at = |lang: &str, pick: &dyn Fn(&str) -> bool| -> f32 {
            let words = word_x(&dir.join(format!("roundtable-3.{lang}.pdf")));
            (words.iter().find(|(w, _)| pick(w)))
                .unwrap_or_else(|| panic!("{layout} {lang}: word not found in {words:?}"))
                .1
        };
        let symbol = |w: &str| w == "GFMD/2017/RT3";
        // "United Nations" / "الأمم المتحدة": poppler gives Arabic words in visual order,
        // letters reversed, so the organisation's name is found by its letters.
        let en = (at("en", &symbol), at("en", &|w| w == "United"));
        assert!(
            en.0 > en.1,
            "{layout} en: symbol at {} left of the organisation at {}",
            en.0,
            en.1
        );
        let organization = |w: &str| {
            use unicode_normalization::UnicodeNormalization;
            let w: String = w.nfkc().collect();
            w.contains("ممألا") || w.contains("الأمم")
        };
        let ar = (at("ar", &symbol), at("ar", &organization));
        assert!(
            ar.0 < ar.1,
            "{layout} ar: symbol at {} right of the organisation at {}",
            ar.0,
            ar.1
        );
        // The control lines sit on the other side from the organ, as the symbol does.
        let distr = at("ar", &|w| w == "Distr.:");
        assert!(
            distr < ar.1,
            "{layout} ar: the control lines are not on the symbol's side"
        );
    }
}

#[test]
fn rules_and_emblem_are_on_the_laid_out_page() {
    for layout in LAYOUTS {
        let plan = fixture_plan(layout);
        for (edition, resolved) in &plan.editions {
            let set = typeset(edition, resolved, &plan.fonts);
            let page = &set.pages.pages[0];
            let width = resolved.text_width().0;
            let masthead = resolved
                .masthead
                .as_ref()
                .expect("the layout draws a masthead");
            let rules: Vec<_> = (page.rules.iter())
                .filter(|r| {
                    (r.width.0 - width).abs() < 0.5 && (r.height - masthead.rule).0.abs() < 0.01
                })
                .collect();
            assert_eq!(
                rules.len(),
                2,
                "{layout} {}: {:?}",
                edition.lang.tag,
                page.rules
            );
            // Both rules are above the title, the second under the control lines.
            let emblem = (page.images.iter())
                .find(|i| i.node.is_some())
                .unwrap_or_else(|| panic!("{layout} {}: no emblem", edition.lang.tag));
            let node = &set.pages.structure[emblem.node.unwrap()];
            assert_eq!(node.kind, StructKind::Figure);
            assert_eq!(node.text, "Emblem (placeholder)");
            assert!(rules[0].y < emblem.y && emblem.y + emblem.height < rules[1].y);
            // The organ's first glyphs sit between the rules.
            let organ = edition
                .content
                .organ
                .first()
                .expect("the fixture names an organ");
            let first = organ.text.split_whitespace().next().unwrap().to_string();
            let line = (page.lines.iter())
                .find(|l| {
                    l.runs
                        .iter()
                        .any(|r| r.text.contains(first.as_str()) && r.size.0 >= 16.0)
                })
                .expect("the organ is set large");
            assert!(rules[0].y < line.baseline && line.baseline < rules[1].y);
            assert_eq!(set.stats.overfull_lines, 0, "{layout} {}", edition.lang.tag);
        }
    }
}

#[test]
fn report_layouts_draw_no_masthead() {
    // The masthead is the layout's to ask for: report-a4 prints none, and its first page
    // keeps the symbol, date and original in its header and footer (tests/first_page.rs).
    let plan = fixture_plan("report-a4");
    for (edition, resolved) in &plan.editions {
        assert!(resolved.masthead.is_none());
        let composed = folio::compose::compose(edition, resolved);
        assert!(composed.masthead.is_none());
        assert!(composed.notes.iter().all(|n| !n.starred));
    }
}

#[test]
fn libreoffice_reads_the_masthead_from_every_docx() {
    if !have("soffice") || !have("pdftotext") {
        return;
    }
    let dir = official("un-official").0.path();
    let out = tempfile::tempdir().unwrap();
    let docx: Vec<_> = (langs().iter())
        .map(|l| dir.join(format!("roundtable-3.{l}.docx")))
        .collect();
    let refs: Vec<&Path> = docx.iter().map(|p| p.as_path()).collect();
    soffice_to_pdf_with_fonts(&refs, out.path());
    for lang in langs() {
        let pdf = out.path().join(format!("roundtable-3.{lang}.pdf"));
        assert!(pdf.exists(), "LibreOffice did not convert the {lang} DOCX");
        // `-layout`: LibreOffice's boxes for the organisation's taller words overlap the
        // "Distr.: General" line beside them, and the default mode then reads "General"
        // before "Distr.:"; rebuilt from positions, the line reads as drawn.
        let text = pdf_page_text(&pdf, 1, &["-layout"]);
        let found = tokens(&lang, &text);
        let [distr, _, language, original, _] = expected(&lang);
        for want in ["GFMD/2017/RT3", distr, language, original]
            .into_iter()
            .filter(|w| !w.is_empty())
        {
            let want = tokens(&lang, want);
            assert!(
                found
                    .windows(want.len().max(1))
                    .any(|w| w == want.as_slice()),
                "{lang}: LibreOffice's page 1 lacks {want:?}:\n{text}"
            );
        }
    }
}

#[test]
fn the_docx_masthead_is_a_ruled_table_with_the_emblem_and_a_typed_asterisk() {
    let dir = official("un-official").0.path();
    for lang in langs() {
        let file = std::fs::File::open(dir.join(format!("roundtable-3.{lang}.docx"))).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
            .unwrap();
        let body = xml.split("<w:body>").nth(1).unwrap();
        // A 1 pt paragraph first: without it LibreOffice puts one of Normal's 18 pt before a
        // table that opens the body (export::docx::masthead).
        let opening = body.split("<w:tbl>").next().unwrap();
        assert!(
            opening.matches("<w:p>").count() + opening.matches("<w:p ").count() == 1
                && !opening.contains("<w:t"),
            "{lang}: the body does not start with the masthead: {opening}"
        );
        let body = &body[opening.len()..];
        let table = body.split("</w:tbl>").next().unwrap();
        assert!(
            table.contains("GFMD/2017/RT3") && table.contains(r#"descr="Emblem (placeholder)""#)
        );
        assert_eq!(
            table
                .matches(r#"<w:bottom w:val="single" w:sz="12""#)
                .count(),
            5,
            "{lang}"
        );
        assert_eq!(table.contains("<w:bidiVisual />"), lang == "ar");
        // The item's asterisk is typed (Word leaves it out of its count); body notes count from 1.
        assert!(
            xml.contains(r#"<w:footnoteReference w:customMarkFollows="1" w:id="1""#),
            "{lang}"
        );
        assert!(
            !xml.contains(r#"w:customMarkFollows="1" w:id="2""#),
            "{lang}"
        );
    }
}

/// A copy of the fixture with `edit` applied to one of its files, planned.
fn plan_edited(file: &str, edit: &dyn Fn(&str) -> String) -> Result<run::Plan, String> {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture().parent().unwrap().to_path_buf();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let text = read(&path);
        let name = path.file_name().unwrap().to_str().unwrap();
        let text = if name == file { edit(&text) } else { text };
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let opts = RunOptions {
        layout: Some("un-official".into()),
        ..RunOptions::new(dir.path().join("report.yaml"))
    };
    let plan = run::plan(&opts).map_err(|e| e.to_string());
    drop(dir);
    plan
}

/// The line (from 1) of the fixture file `file` that starts with `start`.
fn line_of(file: &str, start: &str) -> usize {
    let text = read(&fixture().parent().unwrap().join(file));
    1 + text
        .lines()
        .position(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("{file} has no line starting {start:?}"))
}

#[test]
fn bad_masthead_fields_are_errors_where_written() {
    let plan_edited = |file: &str, edit: &dyn Fn(&str) -> String| -> Result<(), String> {
        plan_edited(file, edit).map(drop)
    };
    let e = plan_edited("report.yaml", &|t| {
        t.replace("distribution: general", "distribution: public")
    })
    .unwrap_err();
    assert!(
        e.contains(&format!(
            "report.yaml:{}:15",
            line_of("report.yaml", "distribution:")
        )) && e
            .contains("`distribution` is `public`; expected `general`, `limited` or `restricted`"),
        "{e}"
    );
    let e = plan_edited("fr.yaml", &|t| t.replace("item: 3", "item: 0")).unwrap_err();
    assert!(
        e.contains(&format!("fr.yaml:{}:9", line_of("fr.yaml", "  item:")))
            && e.contains("`item` is 0"),
        "{e}"
    );
    let e = plan_edited("es.yaml", &|t| t.replace("item: 3", "item: tres")).unwrap_err();
    assert!(
        e.contains(&format!("es.yaml:{}:9", line_of("es.yaml", "  item:")))
            && e.contains("invalid i64"),
        "{e}"
    );
    let e = plan_edited("ru.yaml", &|t| t.replace("  footnote:", "  note:")).unwrap_err();
    assert!(
        e.contains(&format!("ru.yaml:{}:3", line_of("ru.yaml", "  footnote:")))
            && e.contains("note")
            && e.contains("footnote"),
        "{e}"
    );
}

#[test]
fn check_warns_when_an_edition_names_another_agenda_item() {
    let plan = plan_edited("zh.yaml", &|t| t.replace("item: 3", "item: 4")).unwrap();
    let warnings = plan.warnings.to_string();
    assert!(
        warnings.contains(&format!("zh.yaml:{}:3", line_of("zh.yaml", "  session:")))
            && warnings.contains("its masthead has item 4 where the original `en` has item 3"),
        "{warnings}"
    );
    let plan = plan_edited("ru.yaml", &|t| t.to_string()).unwrap();
    assert!(
        !plan.warnings.to_string().contains("masthead"),
        "{}",
        plan.warnings
    );
}
