//! Hyphenation quality on the laid-out pages: no paragraph of any fixture edition ends on a
//! word stub after a hyphenated line, capitalised words are cut only as a last resort unless
//! the layout allows it, and the typography report counts loose lines.

mod common;

use common::*;
use folio::run::{self, RunOptions};
use folio::typeset::pages::Pages;
use folio::typeset::typeset;

/// Each structure element's lines in reading order, as text (for paragraphs: its lines).
fn paragraphs(pages: &Pages) -> Vec<Vec<String>> {
    let mut out: Vec<(usize, Vec<String>)> = Vec::new();
    for page in &pages.pages {
        for line in &page.lines {
            let text: String = line.runs.iter().map(|r| r.text.as_str()).collect();
            match out.last_mut() {
                Some((node, lines)) if *node == line.node => lines.push(text),
                _ => out.push((line.node, vec![text])),
            }
        }
    }
    out.into_iter().map(|(_, lines)| lines).collect()
}

/// Lines that end with a word cut by hyphenation (a letter, then the hyphen).
fn cut(line: &str) -> Option<&str> {
    let word = line.trim_end().rsplit(' ').next()?;
    let body = word.strip_suffix('-')?;
    body.chars().last()?.is_alphabetic().then_some(word)
}

#[test]
fn no_paragraph_ends_on_a_stub_after_a_hyphen() {
    for layout in ["report-a4", "report-letter"] {
        let plan = fixture_plan(layout);
        for (edition, resolved) in &plan.editions {
            let set = typeset(edition, resolved, &plan.fonts);
            let min = resolved.hyphenation.min_last_line;
            let mut after_hyphen = 0;
            for lines in paragraphs(&set.pages) {
                let [.., second_last, last] = lines.as_slice() else {
                    continue;
                };
                if cut(second_last).is_some() {
                    after_hyphen += 1;
                    assert!(
                        last.trim().chars().count() >= min,
                        "{layout} {}: a paragraph ends on the stub {last:?}",
                        edition.lang.tag
                    );
                }
            }
            // The rule is not vacuous: paragraphs end after a hyphenated line in the
            // languages that hyphenate.
            if resolved.hyphenation.enabled && edition.lang.tag == "ru" {
                assert!(after_hyphen > 0, "{layout} ru: no paragraph to check");
            }
        }
    }
}

/// A Spanish paragraph of proper nouns at a narrow measure: with the default layout no
/// capitalised word is cut where a lower-case one can be; a layout that allows it cuts some.
#[test]
fn capitalised_words_are_cut_only_as_a_last_resort() {
    let dir = tempfile::tempdir().unwrap();
    let text = "La delegación de Marruecos, los Representantes de Filipinas y de Etiopía, la \
        Organización Internacional para las Migraciones y el Alto Comisionado presentaron \
        recomendaciones comprensibles sobre la gobernanza migratoria y la reintegración \
        sostenible de las comunidades desplazadas en Centroamérica y Mesoamérica. "
        .repeat(6);
    std::fs::write(
        dir.path().join("report.yaml"),
        format!(
            "id: caps\neditions:\n  - lang: es\n    content:\n      title: Nombres\n      body:\n        - paragraph: \"{text}\"\n"
        ),
    )
    .unwrap();
    let base = std::fs::read_to_string(root().join("layouts/report-a4.yaml")).unwrap();
    // A narrow measure, where cuts are needed.
    let narrow = base.replace("start: 25mm, end: 25mm", "start: 50mm, end: 50mm");
    let cuts = |allow: bool| -> (usize, usize) {
        let layout = dir.path().join(format!("caps-{allow}.yaml"));
        let yaml = narrow.replace(
            "max-consecutive: 2 }",
            &format!("max-consecutive: 2, capitalized: {allow} }}"),
        );
        std::fs::write(&layout, yaml).unwrap();
        let opts = RunOptions {
            layout: Some(layout.to_string_lossy().into_owned()),
            ..RunOptions::new(dir.path().join("report.yaml"))
        };
        let plan = run::plan(&opts).unwrap_or_else(|e| panic!("{e}"));
        let (edition, resolved) = &plan.editions[0];
        let set = typeset(edition, resolved, &plan.fonts);
        let lines: Vec<String> = paragraphs(&set.pages).concat();
        let cut_words: Vec<&str> = lines.iter().filter_map(|l| cut(l)).collect();
        let capital = cut_words
            .iter()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count();
        (capital, cut_words.len())
    };
    let (default_caps, default_all) = cuts(false);
    let (allowed_caps, _) = cuts(true);
    assert!(default_all > 0, "the narrow measure hyphenates");
    assert!(
        default_caps < allowed_caps,
        "capitalised cuts: {default_caps} by default, {allowed_caps} when allowed"
    );
}

/// An English report at a narrow measure, with words that British and American patterns cut
/// differently: a `en-GB` edition cuts them the British way in the PDF (as pdftotext reads
/// its line ends), `en` the American way, and the DOCX and the PDF say which English, so
/// that Word and LibreOffice hyphenate with the same patterns.
#[test]
fn british_english_uses_british_patterns() {
    if !have("pdftotext") {
        return;
    }
    use folio::typeset::hyphenate::points;
    // Words whose first cut differs between the two pattern sets.
    let differing: Vec<&str> = [
        "project",
        "projects",
        "progress",
        "problems",
        "process",
        "programme",
        "protection",
        "democracy",
        "development",
        "knowledge",
        "integration",
        "recognition",
        "migration",
        "population",
        "government",
        "particular",
        "separate",
        "character",
        "products",
    ]
    .into_iter()
    .filter(|w| points(w, "en-GB", 2, 3) != points(w, "en", 2, 3))
    .collect();
    assert!(differing.len() >= 3, "{differing:?}");
    // Running text (a list of long words alone is set without cuts: the breaker spreads
    // the paragraph's few cuts thin); the measure below makes each line a few words.
    let text = "The democracy of knowledge is a democratic knowledge of the recognition and \
                integration of populations, in particular through development programmes and \
                the protection of democracy and knowledge. "
        .repeat(3);
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(root().join("layouts/report-a4.yaml")).unwrap();
    let narrow = base.replace("start: 25mm, end: 25mm", "start: 70mm, end: 70mm");
    let layout = dir.path().join("narrow.yaml");
    std::fs::write(&layout, narrow).unwrap();
    for tag in ["en-GB", "en"] {
        std::fs::write(
            dir.path().join("report.yaml"),
            format!(
                "id: words\neditions:\n  - lang: {tag}\n    content:\n      title: Words\n      body:\n        - paragraph: \"{text}\"\n"
            ),
        )
        .unwrap();
        let out = dir.path().join(tag);
        let opts = RunOptions {
            layout: Some(layout.to_string_lossy().into_owned()),
            out_dir: out.clone(),
            ..RunOptions::new(dir.path().join("report.yaml"))
        };
        build_ok(&opts);
        let pdf = out.join(format!("words.{tag}.pdf"));
        // `-layout`: the default mode joins a word cut at a line end back together.
        let (ok, page_text, err) = tool("pdftotext", &["-layout", &pdf.display().to_string(), "-"]);
        assert!(ok, "{err}");
        let lines: Vec<&str> = page_text.lines().map(str::trim).collect();
        let (mut checked, mut wrong) = (0, Vec::new());
        for pair in lines.windows(2) {
            let Some(head) = cut(pair[0]).and_then(|w| w.strip_suffix('-')) else {
                continue;
            };
            let tail = pair[1].split(' ').next().unwrap_or("");
            let word = format!("{head}{tail}");
            if !differing.contains(&word.as_str()) {
                continue;
            }
            checked += 1;
            let expected = points(&word, tag, 2, 3);
            if !expected.contains(&head.len()) {
                wrong.push(format!("{head}-{tail}"));
            }
        }
        assert!(
            checked > 0,
            "{tag}: no differing word was cut:\n{page_text}"
        );
        assert!(
            wrong.is_empty(),
            "{tag}: cut against its patterns: {wrong:?}"
        );
        // The files say which English.
        let docx = out.join(format!("words.{tag}.docx"));
        let styles = part(&parts(&docx), "word/styles.xml");
        assert!(
            styles.contains(&format!(r#"<w:lang w:val="{tag}""#)),
            "{tag}: DOCX styles' language"
        );
        if have("qpdf") {
            let (ok, qdf, err) = tool(
                "qpdf",
                &[
                    "--qdf",
                    "--object-streams=disable",
                    &pdf.display().to_string(),
                    "-",
                ],
            );
            assert!(ok, "{err}");
            assert!(qdf.contains(&format!("/Lang ({tag})")), "{tag}: PDF /Lang");
        }
    }
}
