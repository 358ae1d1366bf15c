//! List markers per language in both formats, read back the way readers see them: the PDF with
//! pdftotext, the DOCX through its numbering definitions (python-docx) and LibreOffice's
//! rendering of it. Also where LibreOffice puts right-to-left markers, which face draws Arabic
//! counters, and the space that sets a quote off from the list before it.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use folio::layouts::{Layout, StyleName};
use folio::run::{self, RunOptions};

/// Item words per language: every item starts with a tag (`Ka`, `Kb`, … letters only, which
/// one face draws whole, so no reader splits it) that finds its line.
const WORDS: [(&str, &str); 6] = [
    ("en", "training"),
    ("fr", "formation"),
    ("es", "formación"),
    ("ru", "подготовка"),
    ("ar", "التدريب"),
    ("zh", "培训"),
];

/// The tag of item `k`: `Ka` for the first.
fn tag(k: usize) -> String {
    format!("K{}", char::from(b'a' + (k - 1) as u8))
}

/// Numbered: 1, 2 (a, b (i, ii, iii)), 3; a quote; bulleted: •, • (–, – (‣)); a paragraph.
fn report() -> String {
    let mut out =
        String::from("id: lists\nsymbol: T/1\ndate: 2017-06-30\noriginal: en\neditions:\n");
    for (lang, word) in WORDS {
        let item = |tag: &str| format!("\"{tag} {word}\"");
        out.push_str(&format!(
            "  - lang: {lang}
    content:
      title: T
      body:
        - paragraph: \"Pp {word}\"
        - list:
            numbered: true
            items:
              - {k1}
              - text: {k2}
                items:
                  - {k3}
                  - text: {k4}
                    items: [{k5}, {k6}, {k7}]
              - {k8}
        - quote: \"Qq {word}\"
        - list:
            items:
              - {k9}
              - text: {k10}
                items:
                  - {k11}
                  - text: {k12}
                    items: [{k13}]
        - paragraph: \"Pz {word}\"
",
            k1 = item(&tag(1)),
            k2 = item(&tag(2)),
            k3 = item(&tag(3)),
            k4 = item(&tag(4)),
            k5 = item(&tag(5)),
            k6 = item(&tag(6)),
            k7 = item(&tag(7)),
            k8 = item(&tag(8)),
            k9 = item(&tag(9)),
            k10 = item(&tag(10)),
            k11 = item(&tag(11)),
            k12 = item(&tag(12)),
            k13 = item(&tag(13)),
        ));
    }
    out
}

/// The markers each shipped layout prints, items K1…K13 in order: the UN forms (English
/// `(a)`, French, Spanish and Russian `a)`, Arabic `1 -`, `(أ)`, `’1‘`) and GB/T 9704 for
/// Chinese in `report-a4`; `report-letter` uses `a)` for the Latin-script editions.
fn expected(layout: &str, lang: &str) -> Vec<&'static str> {
    let latin_bullets = ["•", "•", "–", "–", "‣"];
    let letter_bullets = ["‣", "‣", "–", "–", "•"];
    let (numbered, bullets): ([&str; 8], [&str; 5]) = match (layout, lang) {
        ("report-a4", "en") => (
            ["1.", "2.", "(a)", "(b)", "(i)", "(ii)", "(iii)", "3."],
            latin_bullets,
        ),
        ("report-a4", "fr" | "es" | "ru") => (
            ["1.", "2.", "a)", "b)", "i)", "ii)", "iii)", "3."],
            latin_bullets,
        ),
        (_, "ar") => (
            [
                "1\u{a0}\u{2011}",
                "2\u{a0}\u{2011}",
                "(أ)",
                "(ب)",
                "’1‘",
                "’2‘",
                "’3‘",
                "3\u{a0}\u{2011}",
            ],
            if layout == "report-a4" {
                latin_bullets
            } else {
                letter_bullets
            },
        ),
        (_, "zh") => (
            [
                "（一）",
                "（二）",
                "1.",
                "2.",
                "（1）",
                "（2）",
                "（3）",
                "（三）",
            ],
            ["●", "●", "○", "○", "◆"],
        ),
        _ => (
            ["1.", "2.", "a)", "b)", "i)", "ii)", "iii)", "3."],
            letter_bullets,
        ),
    };
    numbered.into_iter().chain(bullets).collect()
}

/// What a marker looks like to a reader, whichever tool extracted it: no spaces, hyphens as
/// hyphen-minus; Arabic markers as a bag of characters, since poppler gives the characters
/// of a right-to-left word in visual order in some runs and logical order in others.
fn norm(lang: &str, marker: &str) -> String {
    let s: String = marker
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .map(|c| match c {
            '\u{2010}' | '\u{2011}' => '-',
            c => c,
        })
        .collect();
    if lang == "ar" {
        let mut chars: Vec<char> = s.chars().collect();
        chars.sort_unstable();
        chars.into_iter().collect()
    } else {
        s
    }
}

struct Word {
    x0: f32,
    y0: f32,
    x1: f32,
    text: String,
}

/// Words of page 1 from `pdftotext -bbox`.
fn words(pdf: &Path) -> Vec<Word> {
    let (ok, out, err) = tool(
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
    let attr = |line: &str, name: &str| -> f32 {
        let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[at..].split('"').next().unwrap().parse().unwrap()
    };
    out.lines()
        .filter(|l| l.trim_start().starts_with("<word "))
        .map(|l| {
            let text = l.split('>').nth(1).unwrap().split('<').next().unwrap();
            Word {
                x0: attr(l, "xMin"),
                y0: attr(l, "yMin"),
                x1: attr(l, "xMax"),
                text: text
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">"),
            }
        })
        .collect()
}

/// The word that is `tag` exactly.
fn tagged<'w>(words: &'w [Word], tag: &str, pdf: &Path) -> &'w Word {
    words
        .iter()
        .find(|w| w.text == tag)
        .unwrap_or_else(|| panic!("{}: no word {tag}", pdf.display()))
}

/// Each item's marker: the words on its tag's line on the start side of the tag, in
/// reading order, and those words themselves.
fn markers<'w>(words: &'w [Word], rtl: bool, pdf: &Path) -> Vec<(String, Vec<&'w Word>)> {
    (1..=13)
        .map(|k| {
            let tag = tagged(words, &tag(k), pdf);
            let mut side: Vec<&Word> = words
                .iter()
                .filter(|w| (w.y0 - tag.y0).abs() < 3.0)
                .filter(|w| match rtl {
                    true => w.x0 >= tag.x1 - 0.1,
                    false => w.x1 <= tag.x0 + 0.1,
                })
                .filter(|w| !std::ptr::eq(*w, tag))
                .collect();
            side.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            if rtl {
                side.reverse();
            }
            let text = side.iter().map(|w| w.text.as_str()).collect::<String>();
            (text, side)
        })
        .collect()
}

struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
    lo: PathBuf,
    layouts: BTreeMap<String, Layout>,
}

fn build(layout: &str) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.yaml");
    std::fs::write(&report, self::report()).unwrap();
    let opts = RunOptions {
        out_dir: dir.path().join("out"),
        layout: Some(layout.into()),
        ..RunOptions::new(&report)
    };
    build_ok(&opts);
    let plan = run::plan(&opts).unwrap();
    let layouts = plan
        .editions
        .iter()
        .map(|(e, l)| (e.lang.tag.clone(), l.clone()))
        .collect();
    let lo = dir.path().join("lo");
    std::fs::create_dir_all(&lo).unwrap();
    Built {
        out: dir.path().join("out"),
        lo,
        _dir: dir,
        layouts,
    }
}

fn pdf(b: &Built, lang: &str) -> PathBuf {
    b.out.join(format!("lists.{lang}.pdf"))
}

/// LibreOffice's rendering of every edition's DOCX, with Folio's fonts.
fn render_docx(b: &Built) {
    let docx: Vec<PathBuf> = WORDS
        .iter()
        .map(|(lang, _)| b.out.join(format!("lists.{lang}.docx")))
        .collect();
    let refs: Vec<&Path> = docx.iter().map(PathBuf::as_path).collect();
    soffice_to_pdf_with_fonts(&refs, &b.lo);
}

#[test]
fn pdf_markers_take_each_language_s_forms() {
    if !have("pdftotext") {
        return;
    }
    for layout in ["report-a4", "report-letter"] {
        let b = build(layout);
        for (lang, _) in WORDS {
            let path = pdf(&b, lang);
            let got: Vec<String> = markers(&words(&path), lang == "ar", &path)
                .into_iter()
                .map(|(m, _)| norm(lang, &m))
                .collect();
            let want: Vec<String> = expected(layout, lang)
                .into_iter()
                .map(|m| norm(lang, m))
                .collect();
            assert_eq!(got, want, "{layout} {lang}");
        }
    }
}

/// The DOCX numbering (python-docx) counts in Word's formats with the PDF's level texts, and
/// LibreOffice's rendering of it prints the PDF's markers, inside the text area.
#[test]
fn docx_markers_match_the_pdf_in_libreoffice() {
    if !have("pdftotext") || !have("soffice") || !have_python_docx() {
        return;
    }
    for layout in ["report-a4", "report-letter"] {
        let b = build(layout);
        render_docx(&b);
        for (lang, _) in WORDS {
            let docx = b.out.join(format!("lists.{lang}.docx"));
            let levels = docx_levels(&docx);
            let want_fmt: [&str; 3] = match (layout, lang) {
                (_, "ar") => ["decimal", "arabicAbjad", "decimal"],
                (_, "zh") => ["chineseCounting", "decimal", "decimal"],
                _ => ["decimal", "lowerLetter", "lowerRoman"],
            };
            let want_jc = if lang == "ar" { "right" } else { "left" };
            let expected = expected(layout, lang);
            // Items K1, K3, K5 open levels 1, 2, 3 of the numbered list; the marker of a first
            // item is the level text with its counter's first value.
            for (ilvl, item) in [(0usize, 0usize), (1, 2), (2, 4)] {
                let (fmt, text, jc) = &levels[item];
                assert_eq!(fmt, want_fmt[ilvl], "{layout} {lang} level {ilvl}");
                assert_eq!(jc, want_jc, "{layout} {lang} level {ilvl}");
                let first = folio::layouts::numbering::parse_pattern(expected[item]).unwrap();
                let lvl_text = format!("{}%{}{}", first.prefix, ilvl + 1, first.suffix);
                assert_eq!(text, &lvl_text, "{layout} {lang} level {ilvl}");
            }
            let ours = pdf(&b, lang);
            let theirs = b.lo.join(format!("lists.{lang}.pdf"));
            let ours: Vec<String> = markers(&words(&ours), lang == "ar", &ours)
                .into_iter()
                .map(|(m, _)| norm(lang, &m))
                .collect();
            let lo_words = words(&theirs);
            let lo_markers = markers(&lo_words, lang == "ar", &theirs);
            let theirs: Vec<String> = lo_markers
                .iter()
                .map(|(m, _)| {
                    // LibreOffice's `arabicAbjad` table starts with a bare alif (ا) where
                    // Word's starts with alif with hamza (أ, [MS-DOCX] 2.4), as the PDF does.
                    let m = if lang == "ar" {
                        m.replace('ا', "أ")
                    } else {
                        m.clone()
                    };
                    norm(lang, &m)
                })
                .collect();
            assert_eq!(theirs, ours, "{layout} {lang}: LibreOffice against the PDF");
            if lang == "ar" {
                let l = &b.layouts[lang];
                let (left, right) = (l.page.margin_end.0, l.page.width.0 - l.page.margin_start.0);
                for (marker, side) in &lo_markers {
                    for w in side {
                        assert!(
                            w.x0 >= left - 0.5 && w.x1 <= right + 0.5,
                            "{layout}: LibreOffice draws marker {marker} at {}..{}, outside the text area {left}..{right}",
                            w.x0,
                            w.x1
                        );
                    }
                }
            }
        }
    }
}

/// (numFmt, lvlText, lvlJc) of the level each list paragraph of the DOCX shows, in order,
/// as python-docx reads the numbering part (a `w:lvlOverride` level wins).
fn docx_levels(docx: &Path) -> Vec<(String, String, String)> {
    const SCRIPT: &str = r#"
import sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
numbering = d.part.numbering_part.element
abstract = {a.get(qn('w:abstractNumId')): a for a in numbering.findall(qn('w:abstractNum'))}
nums = {n.get(qn('w:numId')): n for n in numbering.findall(qn('w:num'))}
def val(lvl, tag):
    e = lvl.find(qn(tag))
    return e.get(qn('w:val')) if e is not None else ''
for p in d.paragraphs:
    pr = p._p.pPr
    if pr is None or pr.numPr is None:
        continue
    num_id, ilvl = str(pr.numPr.numId.val), str(pr.numPr.ilvl.val)
    num = nums[num_id]
    lvl = None
    for o in num.findall(qn('w:lvlOverride')):
        if o.get(qn('w:ilvl')) == ilvl and o.find(qn('w:lvl')) is not None:
            lvl = o.find(qn('w:lvl'))
    if lvl is None:
        a = abstract[num.find(qn('w:abstractNumId')).get(qn('w:val'))]
        lvl = [l for l in a.findall(qn('w:lvl')) if l.get(qn('w:ilvl')) == ilvl][0]
    print(val(lvl, 'w:numFmt'), val(lvl, 'w:lvlText'), val(lvl, 'w:lvlJc'), sep='\t')
"#;
    let (ok, out, err) = tool("python3", &["-c", SCRIPT, &docx.display().to_string()]);
    assert!(ok, "{err}");
    out.lines()
        .map(|l| {
            let mut f = l.split('\t').map(String::from);
            (
                f.next().unwrap(),
                f.next().unwrap(),
                f.next().unwrap_or_default(),
            )
        })
        .collect()
}

/// The digits and letters of Arabic markers are drawn in the Arabic face (poppler's
/// pdftohtml names each text piece's font); only brackets and quotes, which the Arabic face
/// lacks, come from the Latin one.
#[test]
fn arabic_counters_are_set_in_the_arabic_face() {
    if !have("pdftohtml") {
        return;
    }
    for layout in ["report-a4", "report-letter"] {
        let b = build(layout);
        let path = pdf(&b, "ar");
        let (ok, xml, err) = tool(
            "pdftohtml",
            &[
                "-xml",
                "-i",
                "-stdout",
                "-f",
                "1",
                "-l",
                "1",
                &path.display().to_string(),
            ],
        );
        assert!(ok, "{err}");
        let attr = |line: &str, name: &str| -> String {
            let at = line.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            line[at..].split('"').next().unwrap().to_string()
        };
        let fonts: BTreeMap<String, String> = xml
            .lines()
            .filter(|l| l.trim_start().starts_with("<fontspec"))
            .map(|l| (attr(l, "id"), attr(l, "family")))
            .collect();
        let texts: Vec<(f32, f32, String, String)> = xml
            .lines()
            .filter(|l| l.starts_with("<text"))
            .map(|l| {
                let text = l.split('>').nth(1).unwrap().split('<').next().unwrap();
                (
                    attr(l, "top").parse().unwrap(),
                    attr(l, "left").parse().unwrap(),
                    fonts[&attr(l, "font")].clone(),
                    text.to_string(),
                )
            })
            .collect();
        let mut counters = 0;
        for k in 1..=8 {
            let tag = tag(k);
            let (top, left, ..) = texts
                .iter()
                .find(|t| t.3.split_whitespace().any(|w| w == tag))
                .unwrap_or_else(|| panic!("{layout}: no {tag}"));
            // The marker lies on the tag's line, on its right (the start side).
            for (_, _, font, text) in texts
                .iter()
                .filter(|t| (t.0 - top).abs() < 3.0 && t.1 > *left && !t.3.contains(&tag))
                .filter(|t| !t.3.contains(WORDS[4].1))
            {
                if text.chars().any(char::is_alphanumeric) {
                    counters += 1;
                    assert!(
                        font.contains("NotoNaskhArabic"),
                        "{layout}: marker piece {text:?} of {tag} is set in {font}"
                    );
                }
            }
        }
        assert!(counters >= 8, "{layout}: found {counters} marker counters");
    }
}

/// A quote after a list is set off by at least the paragraph gap, more than the gap between
/// items, in the PDF and in LibreOffice's rendering of the DOCX.
#[test]
fn a_quote_after_a_list_is_set_off_from_it() {
    if !have("pdftotext") {
        return;
    }
    let with_lo = have("soffice");
    for layout in ["report-a4", "report-letter"] {
        let b = build(layout);
        if with_lo {
            render_docx(&b);
        }
        for (lang, _) in WORDS {
            let l = &b.layouts[lang];
            let para_gap = l.style(StyleName::Body).space_after.0;
            let item_gap = l.style(StyleName::List).space_after.0;
            let leading = l.style(StyleName::List).leading.0;
            let mut files = vec![pdf(&b, lang)];
            if with_lo {
                files.push(b.lo.join(format!("lists.{lang}.pdf")));
            }
            for (i, path) in files.iter().enumerate() {
                let ws = words(path);
                let y = |tag: &str| tagged(&ws, tag, path).y0;
                // Items 7 and 8 are consecutive; 8 ends the list the quote follows.
                let between_items = y(&tag(8)) - y(&tag(7));
                let before_quote = y("Qq") - y(&tag(8));
                let extra = before_quote - between_items;
                assert!(
                    extra >= para_gap - item_gap - 0.5,
                    "{layout} {lang} ({}): the quote is {extra:.1}pt further from the list than items are from each other; expected at least {:.1}",
                    path.display(),
                    para_gap - item_gap
                );
                if i == 0 {
                    // Folio sets list and quote lines on the same leading: the gap itself.
                    assert!(
                        before_quote - leading >= para_gap - 0.5,
                        "{layout} {lang}: {:.1}pt above the quote",
                        before_quote - leading
                    );
                }
            }
        }
    }
}
