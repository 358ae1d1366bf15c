//! Tests of the DOCX writer: the XML it writes, and pandoc and LibreOffice reading it back.
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use super::*;
use crate::diag::SourceRef;
use crate::edition::Lang;
use crate::layouts::{Hyphenation, Justification, ListLevel, PageGeometry, Pagination, TableRules};
use crate::model::{Author, Block, Content, List, ListItem};

fn style(families: &str, size: f32, leading: f32, bold: bool, align: Align) -> Style {
    Style {
        families: vec![families.to_owned(), "Noto Sans".to_owned()],
        size: Pt(size),
        leading: Pt(leading),
        bold,
        italic: false,
        align,
        space_before: Pt(0.0),
        space_after: Pt(6.0),
        indent_start: Pt(0.0),
        indent_end: Pt(0.0),
        first_line_indent: Pt(0.0),
        keep_with_next: false,
        color: [0, 0, 0],
    }
}

fn layout(body_family: &str) -> Layout {
    let body = style(body_family, 11.0, 14.0, false, Align::Justify);
    let heading = |size: f32| Style {
        space_before: Pt(12.0),
        keep_with_next: true,
        color: [0x1F, 0x3A, 0x5F],
        ..style("Noto Sans", size, size * 1.25, true, Align::Start)
    };
    let mut styles = BTreeMap::new();
    styles.insert(StyleName::Body, body.clone());
    styles.insert(
        StyleName::Title,
        style("Noto Sans", 22.0, 28.0, true, Align::Center),
    );
    styles.insert(
        StyleName::Subtitle,
        style("Noto Sans", 14.0, 18.0, false, Align::Center),
    );
    styles.insert(
        StyleName::Authors,
        Style {
            italic: true,
            ..style(body_family, 11.0, 14.0, false, Align::Center)
        },
    );
    styles.insert(StyleName::Heading1, heading(16.0));
    styles.insert(StyleName::Heading2, heading(13.0));
    styles.insert(StyleName::Heading3, heading(11.0));
    styles.insert(
        StyleName::List,
        Style {
            space_after: Pt(3.0),
            ..body.clone()
        },
    );
    styles.insert(
        StyleName::Quote,
        Style {
            italic: true,
            indent_start: Pt(36.0),
            indent_end: Pt(36.0),
            ..body.clone()
        },
    );
    let small = style("Noto Sans", 9.0, 11.0, false, Align::Start);
    styles.insert(StyleName::Header, small.clone());
    styles.insert(StyleName::Footer, small.clone());
    styles.insert(
        StyleName::Caption,
        style("Noto Sans", 10.0, 12.0, true, Align::Start),
    );
    styles.insert(
        StyleName::TableHeader,
        style("Noto Sans", 9.0, 11.0, true, Align::Start),
    );
    styles.insert(StyleName::TableCell, small.clone());
    styles.insert(StyleName::Footnote, small);
    styles.insert(StyleName::ContentsTitle, heading(14.0));
    for (name, indent) in [
        (StyleName::Contents1, 0.0),
        (StyleName::Contents2, 18.0),
        (StyleName::Contents3, 36.0),
    ] {
        let entry = Style {
            indent_start: Pt(indent),
            ..style(body_family, 11.0, 14.0, false, Align::Start)
        };
        styles.insert(name, entry);
    }
    let level = |numbered: &str, bullet: &str, indent: f32| ListLevel {
        numbered: numbered.into(),
        bullet: bullet.into(),
        indent: Pt(indent),
        hanging: Pt(18.0),
    };
    Layout {
        name: "test".into(),
        page: PageGeometry {
            width: Pt(595.28),
            height: Pt(841.89),
            margin_top: Pt(72.0),
            margin_bottom: Pt(72.0),
            margin_start: Pt(72.0),
            margin_end: Pt(54.0),
            header_distance: Pt(36.0),
            footer_distance: Pt(36.0),
        },
        styles,
        header: Slots {
            right: "{symbol}".into(),
            ..Slots::default()
        },
        footer: Slots {
            center: "{page} / {pages}".into(),
            ..Slots::default()
        },
        first_header: None,
        first_footer: None,
        even_header: None,
        even_footer: None,
        hyphenation: Hyphenation {
            enabled: true,
            min_word: 6,
            left_min: 2,
            right_min: 3,
            max_consecutive: 2,
            penalty: 50.0,
            min_last_line: 5,
            capitalized: false,
            max_share: 1.0,
        },
        justification: Justification {
            stretch: 0.5,
            shrink: 0.33,
            tolerance: 2.0,
        },
        pagination: Pagination {
            widows: 2,
            orphans: 2,
        },
        list_levels: vec![
            level("1.", "•", 18.0),
            level("(a)", "–", 36.0),
            level("(i)", "◦", 54.0),
        ],
        tables: TableRules {
            rule: Pt(0.75),
            header_rule: Pt(0.5),
            vertical: false,
            padding: Pt(3.0),
            split_rows: true,
        },
        footnotes: crate::layouts::Footnotes {
            marks: crate::layouts::NoteMarks::Numbers,
            restart_each_page: false,
            separator: Pt(108.0),
            rule: Pt(0.5),
            space: Pt(8.0),
        },
        annexes: crate::layouts::Annexes::default(),
        links: crate::layouts::Links {
            color: crate::layouts::LINK_COLOR,
            url_notes: false,
        },
        typography: crate::layouts::Typography {
            smart_punctuation: true,
            quotes: None,
            dates: Default::default(),
        },
        emphasis: crate::layouts::Emphasis::default(),
        images: Vec::new(),
        masthead: None,
        barcode: None,
        paragraph_numbers: crate::layouts::ParagraphNumbers::default(),
        headings: crate::layouts::Headings::default(),
    }
}

fn at() -> SourceRef {
    SourceRef::default()
}

fn t(text: &str) -> Inline {
    Inline {
        text: text.into(),
        ..Inline::default()
    }
}

fn para(text: Vec<Inline>) -> Block {
    Block::Paragraph {
        text,
        numbered: false,
        label: None,
        at: at(),
    }
}

fn list(numbered: bool, items: Vec<(&str, Option<List>)>) -> List {
    List {
        numbered,
        items: items
            .into_iter()
            .map(|(text, sublist)| ListItem {
                text: vec![t(text)],
                sublist,
                at: at(),
            })
            .collect(),
        at: at(),
    }
}

/// Words in the edition's language, so the same structure serves every test edition.
struct Words<'a> {
    title: &'a str,
    intro: &'a str,
    bold: &'a str,
    italic: &'a str,
    link: &'a str,
    item: &'a str,
    long: &'a str,
}

fn edition(lang: Lang, w: &Words) -> Edition {
    let heading = |level, text: &str| Block::Heading {
        level,
        text: vec![t(text)],
        at: at(),
    };
    let nested = list(
        true,
        vec![("a", Some(list(false, vec![(w.item, None)]))), ("b", None)],
    );
    let body = vec![
        heading(1, w.intro),
        para(vec![
            t(&format!("{} ", w.long)),
            Inline {
                strong: true,
                ..t(w.bold)
            },
            t(" · "),
            Inline {
                emphasis: true,
                ..t(w.italic)
            },
            t(" · "),
            Inline {
                link: Some(Arc::from("https://example.org/?a=1&b=2")),
                ..t(w.link)
            },
            t("."),
        ]),
        heading(2, w.item),
        Block::List(list(
            true,
            vec![(w.item, None), (w.item, Some(nested)), (w.item, None)],
        )),
        para(vec![t(w.long)]),
        Block::List(list(false, vec![(w.item, None), (w.item, None)])),
        Block::Quote {
            text: vec![t(w.long)],
            at: at(),
        },
        Block::PageBreak { at: at() },
        heading(3, w.title),
        Block::List(list(true, vec![(w.item, None), (w.item, None)])),
        para(vec![t(&[w.long; 6].join(" "))]),
    ];
    Edition {
        issued: None,
        report_id: "widgets".into(),
        lang,
        content: Arc::new(Content {
            title: vec![t(w.title)],
            subtitle: vec![t(w.intro)],
            authors: vec![
                Author {
                    name: vec![t("Ann Author")],
                    affiliation: vec![vec![t("Widget Institute")], vec![t("Geneva")]],
                },
                Author {
                    name: vec![t("Bo Writer")],
                    affiliation: vec![],
                },
            ],
            body,
            ..Default::default()
        }),
        symbol: Some("FOL/2024/1".into()),
        date: Some("30 June 2017".into()),
        original_label: Some("Original: English".into()),
        contents_title: vec![t("Contents")],
        original: None,
        distribution: None,
        circular: None,
        job: None,
    }
}

fn english() -> Edition {
    let lang = Lang {
        tag: "en".into(),
        primary: "en".into(),
        direction: Direction::Ltr,
        script: Script::Latin,
    };
    edition(
        lang,
        &Words {
            title: "Annual Report on Widgets",
            intro: "Introduction",
            bold: "bold words",
            italic: "italic words",
            link: "a link",
            item: "A finding",
            long: "Widgets were counted in every region, and the totals were checked twice by independent teams before publication.",
        },
    )
}

fn arabic() -> Edition {
    let lang = Lang {
        tag: "ar".into(),
        primary: "ar".into(),
        direction: Direction::Rtl,
        script: Script::Arabic,
    };
    edition(
        lang,
        &Words {
            title: "التقرير السنوي عن الأدوات",
            intro: "مقدمة",
            bold: "كلمات عريضة",
            italic: "كلمات مائلة",
            link: "رابط",
            item: "نتيجة",
            long: "أحصيت الأدوات في كل منطقة، وراجعت فرق مستقلة المجاميع مرتين قبل النشر.",
        },
    )
}

fn arabic_layout() -> Layout {
    let mut layout = layout("Noto Naskh Arabic");
    for name in [StyleName::Header, StyleName::Footer] {
        layout.styles.get_mut(&name).unwrap().families[0] = "Noto Naskh Arabic".into();
    }
    layout.first_footer = Some(Slots {
        left: "{date}".into(),
        right: "{original}".into(),
        ..Slots::default()
    });
    layout
}

/// Every part of the archive as text, with its compression method.
fn parts(bytes: &[u8]) -> BTreeMap<String, (String, zip::CompressionMethod)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (f.name().to_owned(), (s, f.compression()))
        })
        .collect()
}

fn part<'a>(parts: &'a BTreeMap<String, (String, zip::CompressionMethod)>, n: &str) -> &'a str {
    &parts.get(n).unwrap_or_else(|| panic!("no part {n}")).0
}

#[test]
fn styles_are_real_word_styles() {
    let p = parts(&write_docx(&english(), &layout("Noto Serif")).unwrap());
    let styles = part(&p, "word/styles.xml");
    assert_eq!(styles.matches(r#"w:styleId="Normal""#).count(), 1);
    assert!(styles.contains(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal">"#));
    for id in [
        "Title",
        "Subtitle",
        "Authors",
        "ListParagraph",
        "Quote",
        "Header",
        "Footer",
    ] {
        assert!(styles.contains(&format!(r#"w:styleId="{id}""#)), "{id}");
    }
    for level in 1..=3 {
        let start = styles
            .find(&format!(r#"w:styleId="Heading{level}""#))
            .unwrap();
        let def = &styles[start..start + styles[start..].find("</w:style>").unwrap()];
        assert!(def.contains(&format!(r#"<w:name w:val="heading {level}" />"#)));
        assert!(def.contains(&format!(r#"<w:outlineLvl w:val="{}" />"#, level - 1)));
        assert!(def.contains("<w:keepNext />"));
        assert!(def.contains("<w:b />") && def.contains("<w:bCs />"));
        assert!(def.contains(r#"<w:basedOn w:val="Normal" />"#));
        assert!(def.contains(r#"w:ascii="Noto Sans""#));
    }
    let normal = &styles[styles.find(r#"w:styleId="Normal""#).unwrap()..];
    let normal = &normal[..normal.find("</w:style>").unwrap()];
    assert!(normal.contains(r#"<w:sz w:val="22" /><w:szCs w:val="22" />"#));
    assert!(normal.contains(r#"w:ascii="Noto Serif""#) && normal.contains(r#"w:cs="Noto Serif""#));
    assert!(normal.contains(r#"<w:jc w:val="both" />"#));
    assert!(
        normal.contains(r#"w:line="280" w:lineRule="exact""#),
        "{normal}"
    );
    assert!(styles.contains(r#"<w:lang w:val="en" />"#));
    assert!(!styles.contains("<w:rtl />"));
    // Header tab stops at half and full text width (595.28 - 72 - 54 pt).
    assert!(
        styles.contains(r#"w:val="center" w:pos="4693""#),
        "{styles}"
    );
    assert!(styles.contains(r#"w:val="right" w:pos="9386""#));
}

#[test]
fn numbering_has_two_abstract_lists_and_one_num_per_list() {
    let p = parts(&write_docx(&english(), &layout("Noto Serif")).unwrap());
    let num = part(&p, "word/numbering.xml");
    for (id, formats) in [
        (2, ["decimal", "lowerLetter", "lowerRoman"]),
        (3, ["bullet", "bullet", "bullet"]),
    ] {
        let start = num
            .find(&format!(r#"<w:abstractNum w:abstractNumId="{id}""#))
            .unwrap();
        let def = &num[start..start + num[start..].find("</w:abstractNum>").unwrap()];
        assert_eq!(def.matches("<w:lvl ").count(), 3, "{def}");
        for f in formats {
            assert!(def.contains(&format!(r#"<w:numFmt w:val="{f}" />"#)));
        }
    }
    assert!(num.contains(r#"<w:lvlText w:val="%1." />"#));
    assert!(num.contains(r#"<w:lvlText w:val="(%2)" />"#));
    assert!(num.contains(r#"<w:lvlText w:val="(%3)" />"#));
    assert!(num.contains(r#"<w:lvlText w:val="–" />"#));
    assert!(num.contains(r#"<w:ind w:left="720" w:right="0" w:hanging="360" />"#));
    // Lists: numbered, its nested numbered and bulleted sublists, bulleted, numbered.
    for id in 2..=6 {
        assert!(num.contains(&format!(r#"<w:num w:numId="{id}">"#)), "{num}");
    }
    assert!(!num.contains(r#"<w:num w:numId="7">"#));
    assert!(num.contains(r#"<w:startOverride w:val="1" />"#));
    let doc = part(&p, "word/document.xml");
    assert!(doc.contains(r#"<w:ilvl w:val="2" />"#));
}

#[test]
fn document_has_fields_links_section_and_metadata() {
    let bytes = write_docx(&english(), &layout("Noto Serif")).unwrap();
    let p = parts(&bytes);
    for (name, (_, method)) in &p {
        assert_eq!(*method, zip::CompressionMethod::Deflated, "{name}");
    }
    assert_eq!(
        p.keys().next().map(String::as_str),
        Some("[Content_Types].xml")
    );
    let footer = part(&p, "word/footer1.xml");
    assert!(
        footer.contains("<w:instrText>PAGE</w:instrText>"),
        "{footer}"
    );
    assert!(footer.contains("<w:instrText>NUMPAGES</w:instrText>"));
    assert!(footer.contains(r#"w:fldCharType="separate""#));
    assert!(part(&p, "word/header1.xml").contains("FOL/2024/1"));
    let doc = part(&p, "word/document.xml");
    assert!(doc.contains(r#"<w:hyperlink r:id="rIdLink1""#), "{doc}");
    assert!(doc.contains(r#"<w:rStyle w:val="Hyperlink" />"#));
    assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "{doc}");
    assert!(doc.contains(r#"w:left="1440""#) && doc.contains(r#"w:right="1080""#));
    assert!(doc.contains("<w:pageBreakBefore />"));
    assert!(!doc.contains("<w:titlePg"));
    let rels = part(&p, "word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Id="rIdLink1""#) && rels.contains("TargetMode=\"External\""));
    let core = part(&p, "docProps/core.xml");
    assert!(core.contains("<dc:title>Annual Report on Widgets</dc:title>"));
    assert!(core.contains("<dc:creator>Ann Author; Bo Writer</dc:creator>"));
    assert!(core.contains("<dc:language>en</dc:language>"));
    assert!(part(&p, "docProps/app.xml").contains("<Application>Folio</Application>"));
}

#[test]
fn arabic_edition_is_right_to_left() {
    let p = parts(&write_docx(&arabic(), &arabic_layout()).unwrap());
    let styles = part(&p, "word/styles.xml");
    assert!(styles.contains("<w:rtl />"));
    assert!(styles.contains(r#"<w:lang w:val="ar" w:bidi="ar" />"#));
    assert_eq!(
        styles.matches("<w:bidi />").count(),
        StyleName::ALL.len(),
        "every paragraph style is bidi"
    );
    // Arabic leading is exact, as the PDF sets it: at least would grow to Naskh's 1.7 em.
    assert!(styles.contains(r#"w:lineRule="exact""#));
    assert!(!styles.contains(r#"w:lineRule="atLeast""#));
    let doc = part(&p, "word/document.xml");
    let sect = &doc[doc.rfind("<w:sectPr").unwrap()..];
    assert!(sect.contains("<w:bidi />"), "{sect}");
    assert!(sect.contains("<w:titlePg"));
    // Start margin on the right.
    assert!(sect.contains(r#"w:left="1080""#) && sect.contains(r#"w:right="1440""#));
    assert!(part(&p, "word/numbering.xml").contains("<w:bidi />"));
    assert!(doc.contains("التقرير السنوي"));
    let first_footer = p
        .iter()
        .filter(|(n, _)| n.starts_with("word/footer"))
        .any(|(_, (x, _))| x.contains("30 June 2017"));
    assert!(first_footer);
}

#[test]
fn chinese_edition_sets_east_asian_language() {
    let mut ed = english();
    ed.lang = Lang {
        tag: "zh-Hans".into(),
        primary: "zh".into(),
        direction: Direction::Ltr,
        script: Script::Han,
    };
    let p = parts(&write_docx(&ed, &layout("Noto Serif CJK SC")).unwrap());
    let styles = part(&p, "word/styles.xml");
    assert!(styles.contains(r#"<w:lang w:val="zh-Hans" w:eastAsia="zh-Hans" />"#));
    assert!(styles.contains(r#"w:eastAsia="Noto Serif CJK SC""#));
}

#[test]
fn same_bytes_from_many_threads() {
    let (en, ar) = (english(), arabic());
    let (lay, ar_lay) = (layout("Noto Serif"), arabic_layout());
    let reference = write_docx(&en, &lay).unwrap();
    let results: Vec<Vec<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let (en, ar, lay, ar_lay) = (&en, &ar, &lay, &ar_lay);
                s.spawn(move || {
                    // Uneven prior work leaves docx-rs's counters in different states.
                    for _ in 0..i % 3 {
                        write_docx(ar, ar_lay).unwrap();
                    }
                    write_docx(en, lay).unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for r in results {
        assert!(r == reference, "parallel build differs");
    }
    use rayon::prelude::*;
    let all: Vec<Vec<u8>> = (0..8)
        .into_par_iter()
        .map(|_| write_docx(&en, &lay).unwrap())
        .collect();
    assert!(all.iter().all(|r| *r == reference));
}

#[test]
fn numbered_patterns() {
    assert_eq!(numbered_format("1.", 0).unwrap(), ("decimal", "%1.".into()));
    assert_eq!(
        numbered_format("(a)", 1).unwrap(),
        ("lowerLetter", "(%2)".into())
    );
    assert_eq!(
        numbered_format("(i)", 2).unwrap(),
        ("lowerRoman", "(%3)".into())
    );
    assert_eq!(
        numbered_format("a)", 0).unwrap(),
        ("lowerLetter", "%1)".into())
    );
    assert_eq!(
        numbered_format("A.", 0).unwrap(),
        ("upperLetter", "%1.".into())
    );
    assert_eq!(
        numbered_format("I.", 1).unwrap(),
        ("upperRoman", "%2.".into())
    );
    assert!(numbered_format("x.", 0).is_err());
    assert!(numbered_format("1.1", 0).is_err());
    assert!(numbered_format("", 0).is_err());
}

/// An external tool, or `None` with a visible note; under CI its absence fails the test.
fn tool(name: &str) -> Option<()> {
    let found = Command::new(name).arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{name} is required when CI=true"
        );
        eprintln!("skipped: {name} not installed");
    }
    found.then_some(())
}

fn walk(value: &serde_json::Value, found: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(tag) = map.get("t").and_then(|t| t.as_str()) {
                let c = map.get("c");
                found.push(match tag {
                    "Header" => format!("Header {}", c.unwrap()[0]),
                    "OrderedList" => {
                        format!("OrderedList {}", c.unwrap()[1].as_array().unwrap().len())
                    }
                    "BulletList" => {
                        format!("BulletList {}", c.unwrap().as_array().unwrap().len())
                    }
                    _ => tag.to_owned(),
                });
            }
            map.values().for_each(|v| walk(v, found));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, found)),
        _ => {}
    }
}

#[test]
fn pandoc_reads_structure_back() {
    if tool("pandoc").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("en.docx");
    std::fs::write(
        &file,
        write_docx(&english(), &layout("Noto Serif")).unwrap(),
    )
    .unwrap();
    let out = Command::new("pandoc")
        .args(["-f", "docx", "-t", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found = Vec::new();
    walk(&json["blocks"], &mut found);
    let count = |s: &str| found.iter().filter(|f| *f == s).count();
    for h in ["Header 1", "Header 2", "Header 3"] {
        assert_eq!(count(h), 1, "{h} in {found:?}");
    }
    assert_eq!(count("OrderedList 3"), 1, "{found:?}");
    assert_eq!(
        count("OrderedList 2"),
        2,
        "nested and second list: {found:?}"
    );
    assert_eq!(count("BulletList 2"), 1, "{found:?}");
    assert_eq!(count("BulletList 1"), 1, "third level: {found:?}");
    assert!(count("Strong") >= 1 && count("Emph") >= 1 && count("Link") == 1);
    let title = json["meta"]["title"].to_string();
    assert!(title.contains("Widgets"), "{title}");
}

#[test]
fn libreoffice_converts_to_pdf() {
    if tool("soffice").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let keep = std::env::var_os("FOLIO_DOCX_RENDER_DIR");
    let out_dir = keep.as_deref().map(Path::new).unwrap_or(dir.path());
    let en = out_dir.join("en.docx");
    let ar = out_dir.join("ar.docx");
    std::fs::write(&en, write_docx(&english(), &layout("Noto Serif")).unwrap()).unwrap();
    std::fs::write(&ar, write_docx(&arabic(), &arabic_layout()).unwrap()).unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}/lo-profile",
        dir.path().display()
    );
    let status = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(out_dir)
        .args([&en, &ar])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    for name in ["en.pdf", "ar.pdf"] {
        let pdf = std::fs::read(out_dir.join(name)).unwrap();
        assert!(pdf.starts_with(b"%PDF"), "{name}");
    }
}

#[test]
fn slots_without_a_centre_clear_the_centre_stop() {
    let bytes = write_docx(&english(), &layout("Noto Serif")).unwrap();
    let p = parts(&bytes);
    // The header has only a right slot, the footer only a centre one.
    let header = part(&p, "word/header1.xml");
    assert!(header.contains(r#"w:val="clear""#), "{header}");
    assert_eq!(header.matches("<w:tab />").count(), 1, "{header}");
    let footer = part(&p, "word/footer1.xml");
    assert!(!footer.contains(r#"w:val="clear""#), "{footer}");
}

fn with_body(mut ed: Edition, body: Vec<Block>) -> Edition {
    let mut content = (*ed.content).clone();
    content.body = body;
    ed.content = Arc::new(content);
    ed
}

fn paragraphs(doc: &str) -> Vec<&str> {
    let body = &doc[doc.find("<w:body>").unwrap()..doc.rfind("<w:sectPr").unwrap()];
    body.split("<w:p ").skip(1).collect()
}

#[test]
fn a_trailing_page_break_adds_no_empty_page() {
    let mut body = english().content.body.clone();
    body.push(Block::PageBreak { at: at() });
    let ed = with_body(english(), body);
    let p = parts(&write_docx(&ed, &layout("Noto Serif")).unwrap());
    let doc = part(&p, "word/document.xml");
    assert!(!doc.contains(r#"w:type="page""#), "no page break run");
    // The one inside the body still starts its block's page.
    assert_eq!(doc.matches("<w:pageBreakBefore />").count(), 1);
    let last = paragraphs(doc).pop().unwrap();
    assert!(last.contains("Widgets were counted"), "{last}");
}

#[test]
fn hyphenation_follows_compose() {
    let p = parts(&write_docx(&english(), &layout("Noto Serif")).unwrap());
    assert!(part(&p, "word/settings.xml").contains("<w:autoHyphenation />"));
    let styles = part(&p, "word/styles.xml");
    let def = |id: &str| {
        let s = &styles[styles.find(&format!(r#"w:styleId="{id}">"#)).unwrap()..];
        s[..s.find("</w:style>").unwrap()].to_owned()
    };
    for id in [
        "Title",
        "Subtitle",
        "Authors",
        "Heading1",
        "Heading2",
        "Heading3",
        "Caption",
        "TableHeading",
        // compose never hyphenates table cells: their columns are narrow.
        "TableContents",
    ] {
        assert!(def(id).contains("<w:suppressAutoHyphens />"), "{id}");
    }
    for id in ["Normal", "ListParagraph", "Quote"] {
        assert!(!def(id).contains("suppressAutoHyphens"), "{id}");
    }
    // No paragraph needs its own setting: each hyphenates as its style does.
    assert!(!part(&p, "word/document.xml").contains("suppressAutoHyphens"));

    // A layout that never hyphenates: automatic hyphenation off, every style suppressed.
    let mut off = layout("Noto Serif");
    off.hyphenation.enabled = false;
    let p = parts(&write_docx(&english(), &off).unwrap());
    assert!(!part(&p, "word/settings.xml").contains("autoHyphenation"));
    assert!(def_all_suppressed(part(&p, "word/styles.xml")));
}

fn def_all_suppressed(styles: &str) -> bool {
    styles.matches("<w:suppressAutoHyphens />").count() == StyleName::ALL.len()
}

#[test]
fn the_title_block_ends_with_the_subtitle_space_and_no_keep() {
    let mut lay = layout("Noto Serif");
    lay.styles
        .get_mut(&StyleName::Subtitle)
        .unwrap()
        .space_after = Pt(14.0);
    lay.styles
        .get_mut(&StyleName::Authors)
        .unwrap()
        .keep_with_next = true;
    let p = parts(&write_docx(&english(), &lay).unwrap());
    let doc = part(&p, "word/document.xml");
    let paras = paragraphs(doc);
    // Title, subtitle, Ann Author, two affiliation lines, Bo Writer: the last ends the block.
    let last = paras[5];
    assert!(last.contains("Bo Writer"), "{last}");
    assert!(
        last.contains(r#"<w:spacing w:before="0" w:after="280" />"#),
        "{last}"
    );
    assert!(last.contains(r#"<w:keepNext w:val="0" />"#), "{last}");
    for p in &paras[2..5] {
        assert!(!p.contains("<w:spacing") && !p.contains("keepNext"), "{p}");
    }
}

#[test]
fn each_composed_list_has_its_num_at_its_depth() {
    let p = parts(&write_docx(&english(), &layout("Noto Serif")).unwrap());
    let doc = part(&p, "word/document.xml");
    let nums: Vec<(u32, u32)> = paragraphs(doc)
        .iter()
        .filter_map(|p| {
            let num = p.split(r#"<w:numId w:val=""#).nth(1)?;
            let lvl = p.split(r#"<w:ilvl w:val=""#).nth(1)?;
            let n = |s: &str| s[..s.find('"').unwrap()].parse().unwrap();
            Some((n(num), n(lvl)))
        })
        .collect();
    // List 1 (items 1, 2, [nested 2: a, [bulleted 4: item], b], 3), bulleted 5, numbered 6.
    assert_eq!(
        nums,
        vec![
            (2, 0),
            (2, 0),
            (3, 1),
            (4, 2),
            (3, 1),
            (2, 0),
            (5, 0),
            (5, 0),
            (6, 0),
            (6, 0)
        ]
    );
    let numbering = part(&p, "word/numbering.xml");
    assert!(numbering.contains(r#"<w:num w:numId="4"><w:abstractNumId w:val="3" />"#));
}

#[test]
fn a_list_whose_pattern_is_not_the_layouts_overrides_its_level() {
    let (ed, lay) = (english(), layout("Noto Serif"));
    let writer = Writer::new(&ed, &lay, &[]);
    let meta = ListMeta {
        numbered: true,
        depth: 1,
        parent: None,
        pattern: parse_pattern("A."),
        subparagraphs: false,
    };
    let xml = String::from_utf8(writer.list_num(9, &meta).build()).unwrap();
    assert!(
        xml.contains(r#"<w:lvlOverride w:ilvl="1"><w:lvl w:ilvl="1""#),
        "{xml}"
    );
    assert!(xml.contains(r#"<w:numFmt w:val="upperLetter" />"#), "{xml}");
    assert!(xml.contains(r#"<w:lvlText w:val="%2." />"#), "{xml}");
    let same = ListMeta {
        pattern: parse_pattern("(a)"),
        ..meta
    };
    let xml = String::from_utf8(writer.list_num(9, &same).build()).unwrap();
    assert!(!xml.contains("<w:lvl "), "{xml}");
}

fn cell(text: &str, colspan: usize, rowspan: usize) -> crate::model::Cell {
    crate::model::Cell {
        paras: vec![vec![t(text)]],
        list: None,
        colspan,
        rowspan,
        at: at(),
    }
}

fn table_block(caption: &str) -> Block {
    use crate::model::{Column, ColumnWidth, Row, Table};
    let row = |cells| Row { cells, at: at() };
    Block::Table(Table {
        caption: if caption.is_empty() {
            vec![]
        } else {
            vec![t(caption)]
        },
        columns: vec![
            Column {
                width: ColumnWidth::Auto,
                align: CellAlign::Decimal,
            },
            Column {
                width: ColumnWidth::Fixed(Pt(100.0)),
                align: CellAlign::Start,
            },
        ],
        header: vec![
            row(vec![cell("Region", 1, 2), cell("Count", 1, 1)]),
            row(vec![cell("2017", 1, 1)]),
        ],
        rows: vec![row(vec![cell("12.5", 1, 1), cell("North", 1, 1)])],
        at: at(),
    })
}

#[test]
fn tables_follow_the_layout_rules() {
    let mut lay = layout("Noto Serif");
    lay.tables.split_rows = false;
    lay.tables.vertical = true;
    let ed = with_body(
        english(),
        vec![
            para(vec![t("Before")]),
            Block::PageBreak { at: at() },
            table_block(""),
        ],
    );
    let p = parts(&write_docx(&ed, &lay).unwrap());
    let doc = part(&p, "word/document.xml");
    let tbl = &doc[doc.find("<w:tbl>").unwrap()..doc.find("</w:tbl>").unwrap()];
    assert_eq!(tbl.matches("<w:cantSplit />").count(), 3, "{tbl}");
    assert_eq!(tbl.matches("<w:tblHeader />").count(), 2);
    assert!(tbl.contains(r#"<w:insideV w:val="single" w:sz="6""#));
    // Text width 9386 twips; 100 pt fixed, the auto column takes the rest.
    assert!(tbl.contains(r#"<w:gridCol w:w="7386" /><w:gridCol w:w="2000" />"#));
    // A header cell spanning both header rows carries the header rule below it.
    let first = &tbl[tbl.find("<w:tc>").unwrap()..tbl.find("</w:tc>").unwrap()];
    assert!(first.contains(r#"<w:vMerge w:val="restart" />"#), "{first}");
    assert!(
        first.contains(r#"<w:top w:val="single" w:sz="6""#),
        "{first}"
    );
    assert!(
        first.contains(r#"<w:bottom w:val="single" w:sz="4""#),
        "{first}"
    );
    // The page break goes to the table's first paragraph when there is no caption.
    assert!(first.contains("<w:pageBreakBefore />"), "{first}");
    assert!(tbl.contains(r#"<w:jc w:val="right" />"#), "decimal column");
    assert!(!tbl.contains("<w:bidiVisual />"));

    let ar = with_body(arabic(), vec![table_block("جدول")]);
    let p = parts(&write_docx(&ar, &arabic_layout()).unwrap());
    let doc = part(&p, "word/document.xml");
    assert!(doc.contains("<w:tbl><w:tblPr><w:bidiVisual />"), "{doc}");
    let styles = part(&p, "word/styles.xml");
    for id in ["TableHeading", "TableContents", "Caption"] {
        let s = &styles[styles.find(&format!(r#"w:styleId="{id}">"#)).unwrap()..];
        assert!(
            s[..s.find("</w:style>").unwrap()].contains("<w:bidi />"),
            "{id}"
        );
    }
}

#[test]
fn grid_widths() {
    use crate::model::{Column, ColumnWidth};
    let col = |width| Column {
        width,
        align: CellAlign::Start,
    };
    let g = table::grid(
        &[
            col(ColumnWidth::Fraction(1.0)),
            col(ColumnWidth::Fraction(2.0)),
            col(ColumnWidth::Auto),
        ],
        1000,
    );
    assert_eq!(g, vec![250, 500, 250]);
    let g = table::grid(
        &[
            col(ColumnWidth::Fixed(Pt(60.0))),
            col(ColumnWidth::Fraction(1.0)),
        ],
        1000,
    );
    assert_eq!(g, vec![1200, 0], "fixed columns wider than the text");
    let thirds = table::grid(&[col(ColumnWidth::Fraction(1.0)); 3], 1000);
    assert_eq!(thirds.iter().sum::<i32>(), 1000);
}
