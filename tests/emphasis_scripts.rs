//! Emphasis per script, read back from both formats: Arabic emphasis in the bold Arabic face,
//! Chinese emphasis dots under the ideographs (drawn, never in the extracted text), Latin words
//! inside them still italic; the DOCX with `w:b`/`w:bCs` or `w:em`, never `w:i` on those
//! runs, and LibreOffice's rendering of it. Digits inside Arabic text in the Arabic face.
//! Small inputs written for each rule, and the fixture.

mod common;

use std::path::Path;

use common::*;
use folio::compose::compose;
use folio::edition::Edition;
use folio::fonts::FontBook;
use folio::layouts::Layout;
use folio::run::{self, RunOptions};
use folio::typeset::pages::{GlyphRun, Mark, Pages};
use folio::typeset::typeset;

const ARABIC: &str =
    "قال الخبراء إن *الهجرة الآمنة (safe migration)* مهمة منذ عام 2017 (الفقرة 12).";
const CHINESE: &str = "关于*危机中的移民：SDG目标*的会议。";

/// A report with the Arabic and Chinese paragraphs (and an English original), built.
fn build() -> (tempfile::TempDir, run::Plan) {
    let dir = tempfile::tempdir().unwrap();
    let mut report = String::from("id: emph\noriginal: en\neditions:\n");
    for (lang, text) in [
        ("en", "Experts said *safe migration* matters since 2017."),
        ("ar", ARABIC),
        ("zh", CHINESE),
    ] {
        report.push_str(&format!(
            "  - lang: {lang}\n    content:\n      title: T\n      body:\n        - paragraph: \"{text}\"\n"
        ));
    }
    std::fs::write(dir.path().join("report.yaml"), report).unwrap();
    let opts = RunOptions {
        out_dir: dir.path().join("out"),
        ..RunOptions::new(dir.path().join("report.yaml"))
    };
    build_ok(&opts);
    let plan = run::plan(&opts).unwrap_or_else(|e| panic!("{e}"));
    (dir, plan)
}

fn edition<'p>(plan: &'p run::Plan, lang: &str) -> &'p (Edition, Layout) {
    plan.editions
        .iter()
        .find(|(e, _)| e.lang.tag == lang)
        .unwrap()
}

fn runs(pages: &Pages) -> Vec<&GlyphRun> {
    (pages.pages.iter())
        .flat_map(|p| &p.lines)
        .flat_map(|l| &l.runs)
        .collect()
}

/// The face of the body run holding `text`.
fn face_of<'f>(fonts: &'f FontBook, runs: &[&GlyphRun], text: &str) -> &'f folio::fonts::Face {
    let run = runs
        .iter()
        .find(|r| r.text.contains(text))
        .unwrap_or_else(|| panic!("no run holds {text:?}: {runs:#?}"));
    fonts.face(run.face)
}

/// Every run of a DOCX's body as `text|b|bCs|i|iCs|em`, from python-docx's XML of each run.
fn docx_runs(docx: &Path) -> Vec<String> {
    let script = format!(
        "import docx\n\
         from docx.oxml.ns import qn\n\
         for p in docx.Document({:?}).paragraphs:\n\
         \x20   for r in p.runs:\n\
         \x20       pr = r._r.rPr\n\
         \x20       has = lambda t: pr is not None and pr.find(qn('w:' + t)) is not None\n\
         \x20       em = pr.find(qn('w:em')).get(qn('w:val')) if has('em') else ''\n\
         \x20       print('|'.join([r.text] + [str(int(has(t))) for t in ('b', 'bCs', 'i', 'iCs')] + [em]))",
        docx.to_str().unwrap()
    );
    let (ok, out, err) = tool("python3", &["-c", &script]);
    assert!(ok, "{err}");
    out.lines().map(String::from).collect()
}

fn docx_run<'r>(runs: &'r [String], text: &str) -> &'r str {
    runs.iter()
        .find(|r| r.split('|').next().unwrap().contains(text))
        .unwrap_or_else(|| panic!("no DOCX run holds {text:?}: {runs:#?}"))
}

fn pdftotext(pdf: &Path) -> String {
    let (ok, text, err) = tool("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
    assert!(ok, "{err}");
    text
}

#[test]
fn arabic_emphasis_is_bold_and_a_latin_word_in_it_italic() {
    let (dir, plan) = build();
    let (ed, layout) = edition(&plan, "ar");
    let pages = typeset(ed, layout, &plan.fonts).pages;
    let runs = runs(&pages);
    let emphasised = face_of(&plan.fonts, &runs, "الآمنة");
    assert!(
        emphasised.bold && emphasised.family == "Noto Naskh Arabic",
        "{} bold={}",
        emphasised.family,
        emphasised.bold
    );
    let latin = face_of(&plan.fonts, &runs, "safe");
    assert!(
        latin.italic && latin.family == "Noto Serif",
        "{}",
        latin.family
    );
    let plain = face_of(&plan.fonts, &runs, "الخبراء");
    assert!(!plain.bold, "the text around it is regular");
    // Digits after Arabic letters, even after a Latin bracket, are the Arabic face's.
    for number in ["2017", "12"] {
        let face = face_of(&plan.fonts, &runs, number);
        assert_eq!(face.family, "Noto Naskh Arabic", "{number}");
    }
    let pdf = dir.path().join("out/emph.ar.pdf");
    if have("pdffonts") {
        let (_, fonts, _) = tool("pdffonts", &[pdf.to_str().unwrap()]);
        assert!(fonts.contains("NotoNaskhArabic-Bold"), "{fonts}");
        assert!(fonts.contains("NotoSerif-Italic"), "{fonts}");
    }
    if have("pdftotext") {
        // The text in reading order, between the title and the page's furniture.
        let source = tokens("ar", &ARABIC.replace('*', ""));
        let got = tokens("ar", &pdftotext(&pdf));
        assert!(got.windows(source.len()).any(|w| w == source), "{got:?}");
    }
    if have_python_docx() {
        let docx_runs = docx_runs(&dir.path().join("out/emph.ar.docx"));
        // Bold for Word's complex-script text too, and no italic for Word to slant.
        assert!(
            docx_run(&docx_runs, "الآمنة").ends_with("|1|1|0|0|"),
            "{docx_runs:#?}"
        );
        assert!(
            docx_run(&docx_runs, "safe").ends_with("|0|0|1|1|"),
            "{docx_runs:#?}"
        );
        assert!(
            docx_run(&docx_runs, "الخبراء").ends_with("|0|0|0|0|"),
            "{docx_runs:#?}"
        );
    }
}

#[test]
fn chinese_emphasis_has_dots_under_its_ideographs_only() {
    let (dir, plan) = build();
    let (ed, layout) = edition(&plan, "zh");
    let pages = typeset(ed, layout, &plan.fonts).pages;
    let lines: Vec<_> = pages.pages.iter().flat_map(|p| &p.lines).collect();
    let dots: Vec<(f32, f32)> = (lines.iter())
        .flat_map(|l| l.decorations())
        .filter_map(|m| match m {
            Mark::Dot { x, y, .. } => Some((x.0, y.0)),
            Mark::Rule(_) => None,
        })
        .collect();
    // 危机中的移民 and 目标: not the colon, not SDG.
    assert_eq!(dots.len(), 8, "{dots:?}");
    let runs = runs(&pages);
    let dotted: Vec<&&GlyphRun> = runs.iter().filter(|r| r.decoration.is_some()).collect();
    let text: String = dotted.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(text, "危机中的移民：目标");
    // Each dot under its character: between the run's glyph edges, below the baseline.
    let line = lines
        .iter()
        .find(|l| l.runs.iter().any(|r| r.decoration.is_some()))
        .unwrap();
    for (x, y) in &dots {
        assert!(*y > line.baseline.0 && *y < line.baseline.0 + 5.0, "{y}");
        assert!(
            dotted
                .iter()
                .any(|r| r.x.0 < *x && *x < (r.x + r.width()).0),
            "{x}"
        );
    }
    let latin = face_of(&plan.fonts, &runs, "SDG");
    assert!(latin.italic, "the Latin word is italic: {}", latin.family);
    let pdf = dir.path().join("out/emph.zh.pdf");
    if have("pdftotext") {
        // No dot characters: the text as written (pdftotext shows the room before SDG's
        // neighbour as a space).
        let text: String = pdftotext(&pdf).split_whitespace().collect();
        assert!(text.contains("关于危机中的移民：SDG目标的会议。"), "{text}");
    }
    if have_python_docx() {
        let docx_runs = docx_runs(&dir.path().join("out/emph.zh.docx"));
        assert!(
            docx_run(&docx_runs, "危机").ends_with("|0|0|0|0|dot"),
            "{docx_runs:#?}"
        );
        assert!(
            docx_run(&docx_runs, "目标").ends_with("|0|0|0|0|dot"),
            "{docx_runs:#?}"
        );
        assert!(
            docx_run(&docx_runs, "SDG").ends_with("|0|0|1|1|"),
            "{docx_runs:#?}"
        );
    }
}

#[test]
fn libreoffice_renders_the_docx_emphasis_with_the_same_text() {
    if !have("soffice") || !have("pdftotext") || !have("pdffonts") {
        return;
    }
    let (dir, _) = build();
    let out = dir.path().join("lo");
    std::fs::create_dir_all(&out).unwrap();
    let ar = dir.path().join("out/emph.ar.docx");
    let zh = dir.path().join("out/emph.zh.docx");
    soffice_to_pdf_with_fonts(&[&ar, &zh], &out);
    let (_, fonts, _) = tool("pdffonts", &[out.join("emph.ar.pdf").to_str().unwrap()]);
    assert!(fonts.contains("NotoNaskhArabic-Bold"), "{fonts}");
    let text = pdftotext(&out.join("emph.zh.pdf"));
    assert!(text.contains("危机中的移民"), "{text}");
    assert!(
        !text.contains(['・', '•', '·']),
        "no dot characters: {text}"
    );
}

#[test]
fn the_fixture_emphasis_follows_its_script_and_arabic_digits_are_arabic() {
    let plan = fixture_plan("report-a4");
    for (ed, layout) in &plan.editions {
        let lang = ed.lang.tag.as_str();
        if lang != "ar" && lang != "zh" {
            continue;
        }
        let composed = compose(ed, layout);
        let emphasised: Vec<String> = (composed.paras())
            .flat_map(|p| p.text.iter())
            .filter(|r| r.emphasis && !r.strong)
            .map(|r| r.text.clone())
            .collect();
        assert!(
            !emphasised.is_empty(),
            "{lang}: the fixture emphasises text"
        );
        let pages = typeset(ed, layout, &plan.fonts).pages;
        let runs = runs(&pages);
        if lang == "ar" {
            // Every word of the emphasised phrases is set in a run of the bold Arabic face.
            for word in emphasised.iter().flat_map(|t| t.split_whitespace()) {
                let word = word.trim_matches(|c: char| !c.is_alphabetic());
                let bold = runs.iter().any(|r| {
                    r.text.contains(word)
                        && plan.fonts.face(r.face).bold
                        && plan.fonts.face(r.face).family == "Noto Naskh Arabic"
                });
                assert!(bold, "{word} is not in Noto Naskh Arabic Bold");
            }
            // Digits in Arabic text (not in a Latin phrase such as "RT 3.1", nor a footnote
            // mark after a Latin word, which follows that word) are Arabic's.
            let numbers = (runs.iter())
                .filter(|r| r.note.is_none() && r.text.contains(|c: char| c.is_ascii_digit()));
            for run in numbers {
                if !run.text.contains(|c: char| c.is_ascii_alphabetic()) {
                    let face = plan.fonts.face(run.face);
                    let all: Vec<(&str, &str)> = (runs.iter())
                        .filter(|r| r.text.contains(|c: char| c.is_ascii_digit()))
                        .map(|r| (r.text.as_str(), plan.fonts.face(r.face).family.as_str()))
                        .collect();
                    assert_eq!(face.family, "Noto Naskh Arabic", "{:?} {all:?}", run.text);
                }
            }
        } else {
            let ideographs = (emphasised.iter())
                .flat_map(|t| t.chars())
                .filter(|&c| c.is_alphabetic() && folio::model::is_cjk(c))
                .count();
            let dots = (pages.pages.iter())
                .flat_map(|p| &p.lines)
                .flat_map(|l| l.decorations())
                .count();
            assert_eq!(dots, ideographs, "one dot per emphasised ideograph");
        }
    }
    if have("pdftotext") {
        let text = pdftotext(&out("report-a4", "roundtable-3.zh.pdf"));
        assert!(
            text.contains("危机中的移民：冲突、气候变化和自然灾害"),
            "{text}"
        );
    }
}

#[test]
fn a_layout_chooses_each_script_s_emphasis_and_bad_values_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("report.yaml"),
        format!(
            "id: e\nlayout: l.yaml\noriginal: ar\neditions:\n  - lang: ar\n    content:\n      title: T\n      body:\n        - paragraph: \"{ARABIC}\"\n"
        ),
    )
    .unwrap();
    let check = |layout: &str| {
        std::fs::write(dir.path().join("l.yaml"), layout).unwrap();
        run::plan(&RunOptions::new(dir.path().join("report.yaml")))
    };
    let plan =
        check("emphasis: { arabic: underline }\nlanguages:\n  ar: { emphasis: { latin: bold } }\n")
            .unwrap_or_else(|e| panic!("{e}"));
    let (ed, layout) = &plan.editions[0];
    let pages = typeset(ed, layout, &plan.fonts).pages;
    let underlines = (pages.pages.iter())
        .flat_map(|p| &p.lines)
        .flat_map(|l| l.decorations())
        .filter(|m| matches!(m, Mark::Rule(_)))
        .count();
    assert!(underlines > 0, "the Arabic emphasis is underlined");
    let runs = runs(&pages);
    let latin = face_of(&plan.fonts, &runs, "safe");
    assert!(
        latin.bold && !latin.italic,
        "the language's choice for Latin"
    );
    let errors = check("emphasis: { arabic: slanted }\n")
        .err()
        .expect("a bad value is an error")
        .to_string();
    assert!(
        errors.contains("l.yaml:1:21") && errors.contains("`slanted`"),
        "{errors}"
    );
    let errors = check("languages:\n  ar: { emphasis: { klingon: bold } }\n")
        .err()
        .expect("an unknown script is an error")
        .to_string();
    assert!(
        errors.contains("l.yaml:2:21") && errors.contains("klingon"),
        "{errors}"
    );
}
