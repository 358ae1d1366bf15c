//! Tests of the PDF writer on hand-built pages shaped with real Noto Serif fonts, checked with poppler and qpdf when installed.
use std::path::Path;

use std::process::Command;
use std::sync::Arc;

use super::*;
use crate::fonts::Face;
use crate::typeset::pages::{Glyph, GlyphRun, Line, Page, StructKind, StructNode};
use crate::units::Pt;

const SERIF: FaceId = FaceId(0);
const SERIF_BOLD: FaceId = FaceId(1);

fn book() -> FontBook {
    // The shipped faces, so that the tests need nothing installed.
    let face = |file: &str, bytes: &'static [u8]| Face::parse(file, Arc::new(bytes), 0).unwrap();
    FontBook::from_faces(vec![
        face(
            "NotoSerif-Regular.ttf",
            include_bytes!("../../../fonts/NotoSerif-Regular.ttf"),
        ),
        face(
            "NotoSerif-Bold.ttf",
            include_bytes!("../../../fonts/NotoSerif-Bold.ttf"),
        ),
    ])
}

/// Shapes `text` left to right with harfrust, the way the typesetter does: glyph text ranges
/// run from a cluster's start to the next larger cluster start.
fn run(book: &FontBook, face: FaceId, text: &str, x: f32, size: f32) -> GlyphRun {
    let font = harfrust::Font::new(book.face(face).data.clone(), 0).expect("font parses");
    let shaper = harfrust::ShaperFont::new(&font);
    let mut buffer = harfrust::Buffer::new();
    buffer.push_str(text);
    buffer.set_direction(harfrust::Direction::LeftToRight);
    buffer.guess_segment_properties();
    harfrust::shape(&shaper, &mut buffer, harfrust::ShapeOptions::new()).expect("shapes");
    let scale = size / f32::from(font.units_per_em());

    let mut starts: Vec<usize> = buffer
        .glyph_infos()
        .iter()
        .map(|i| i.cluster as usize)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let end_of = |start: usize| {
        starts
            .iter()
            .copied()
            .find(|&s| s > start)
            .unwrap_or(text.len())
    };
    let glyphs = buffer
        .glyph_infos()
        .iter()
        .zip(buffer.glyph_positions())
        .map(|(info, pos)| Glyph {
            id: u16::try_from(info.glyph_id).unwrap(),
            text_range: info.cluster..end_of(info.cluster as usize) as u32,
            advance: Pt(pos.x_advance as f32 * scale),
            x_offset: Pt(pos.x_offset as f32 * scale),
            y_offset: Pt(pos.y_offset as f32 * scale),
        })
        .collect();
    GlyphRun {
        face,
        size: Pt(size),
        x: Pt(x),
        text: text.to_string(),
        glyphs,
        color: [0, 0, 0],
        link: None,
        note: None,
        lang: None,
        decoration: None,
    }
}

/// Runs placed one after another from `x`.
fn runs_from(x: f32, mut runs: Vec<GlyphRun>) -> Vec<GlyphRun> {
    let mut at = Pt(x);
    for run in &mut runs {
        run.x = at;
        at += run.width();
    }
    runs
}

fn node(kind: StructKind, parent: Option<usize>, text: &str) -> StructNode {
    StructNode {
        kind,
        parent,
        text: text.to_string(),
        source: None,
    }
}

fn line(node: usize, baseline: f32, runs: Vec<GlyphRun>) -> Line {
    Line {
        node,
        baseline: Pt(baseline),
        runs,
    }
}

const LINK: &str = "https://example.org/report";

/// Two pages: title, heading, a paragraph with a link split over two runs, a numbered list,
/// a second-level heading, a German run, and a footer on each page.
fn sample(book: &FontBook) -> Pages {
    let structure = vec![
        node(StructKind::Title, None, "Annual report"),
        node(StructKind::Heading(1), None, "Introduction"),
        node(StructKind::Paragraph, None, "Read the full report online."),
        node(StructKind::List { numbered: true }, None, ""),
        node(StructKind::ListItem, Some(3), ""),
        node(StructKind::ListLabel, Some(4), "1."),
        node(StructKind::ListBody, Some(4), "First point"),
        node(StructKind::Heading(2), None, "Details"),
        node(StructKind::Paragraph, None, "Zweite Seite bitte."),
    ];
    let linked = |mut run: GlyphRun| {
        run.link = Some(Arc::from(LINK));
        run.color = [0, 0, 200];
        run
    };
    let paragraph = runs_from(
        72.0,
        vec![
            run(book, SERIF, "Read the ", 0.0, 11.0),
            linked(run(book, SERIF, "full ", 0.0, 11.0)),
            linked(run(book, SERIF, "report", 0.0, 11.0)),
            run(book, SERIF, " online.", 0.0, 11.0),
        ],
    );
    let mut german = run(book, SERIF, "Zweite Seite", 72.0, 11.0);
    german.lang = Some("de".to_string());
    let mut rest = run(book, SERIF, " bitte.", 0.0, 11.0);
    rest.x = german.x + german.width();
    rest.lang = Some("de".to_string());

    let first = Page {
        lines: vec![
            line(
                0,
                100.0,
                vec![run(book, SERIF_BOLD, "Annual report", 72.0, 20.0)],
            ),
            line(
                1,
                140.0,
                vec![run(book, SERIF_BOLD, "Introduction", 72.0, 16.0)],
            ),
            line(2, 170.0, paragraph),
            line(5, 195.0, vec![run(book, SERIF, "1.", 72.0, 11.0)]),
            line(6, 195.0, vec![run(book, SERIF, "First point", 90.0, 11.0)]),
        ],
        artifacts: vec![line(0, 800.0, vec![run(book, SERIF, "Page 1", 280.0, 9.0)])],
        ..Page::default()
    };
    let second = Page {
        lines: vec![
            line(7, 100.0, vec![run(book, SERIF_BOLD, "Details", 72.0, 14.0)]),
            line(8, 130.0, vec![german, rest]),
        ],
        artifacts: vec![
            line(0, 40.0, vec![run(book, SERIF, "Annual report", 72.0, 9.0)]),
            line(0, 800.0, vec![run(book, SERIF, "Page 2", 280.0, 9.0)]),
        ],
        ..Page::default()
    };
    Pages {
        info: DocInfo {
            id: "annual/en".to_string(),
            lang: "en".to_string(),
            rtl: false,
            title: "Annual report".to_string(),
            authors: vec!["Ada Lovelace".to_string()],
        },
        width: Pt(595.28),
        height: Pt(841.89),
        pages: vec![first, second],
        structure,
        outline: vec![
            OutlineEntry {
                level: 1,
                title: "Introduction".to_string(),
                page: 0,
                y: Pt(124.0),
            },
            OutlineEntry {
                level: 2,
                title: "Details".to_string(),
                page: 1,
                y: Pt(86.0),
            },
        ],
    }
}

fn options(standard: PdfStandard) -> PdfOptions {
    PdfOptions {
        standard,
        created: Some(jiff::civil::date(2024, 5, 1)),
    }
}

/// Whether an external checker is installed; in CI a missing one is a failure.
fn have(tool: &str) -> bool {
    let found = Command::new(tool).arg("--version").output().is_ok();
    if !found {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{tool} is not installed, and CI=true requires it");
        }
        eprintln!("skipped: {tool} not installed");
    }
    found
}

/// Runs `tool` with `args`, the PDF's path standing in for `FILE`.
fn run_tool(tool: &str, args: &[&str], file: &Path) -> String {
    let args: Vec<&std::ffi::OsStr> = args
        .iter()
        .map(|&arg| {
            if arg == "FILE" {
                file.as_os_str()
            } else {
                arg.as_ref()
            }
        })
        .collect();
    let output = Command::new(tool)
        .args(&args)
        .output()
        .unwrap_or_else(|error| panic!("{tool}: {error}"));
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{tool} {args:?} failed:\n{text}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    text
}

fn write_temp(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::io::Write::write_all(&mut file, bytes).unwrap();
    file
}

#[test]
fn writes_valid_deterministic_pdf_a2a_ua1() {
    let book = book();
    let pages = sample(&book);
    let bytes = write_pdf(&pages, &PdfFonts::new(&book), &options(PdfStandard::A2aUa1))
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(bytes.starts_with(b"%PDF-1.7"));
    let again = write_pdf(&pages, &PdfFonts::new(&book), &options(PdfStandard::A2aUa1)).unwrap();
    assert!(bytes == again, "two writes of the same pages differ");

    let file = write_temp(&bytes);
    if have("qpdf") {
        run_tool("qpdf", &["--check", "FILE"], file.path());
        // One annotation for the link split over two runs, with its URI.
        let json = run_tool(
            "qpdf",
            &["--json=1", "--json-key=objects", "FILE"],
            file.path(),
        );
        assert_eq!(json.matches("/Subtype\": \"/Link").count(), 1, "{json}");
        assert_eq!(json.matches(LINK).count(), 1, "{json}");
    }
    if have("pdfinfo") {
        let info = run_tool("pdfinfo", &["FILE"], file.path());
        assert!(info.contains("Tagged:          yes"), "{info}");
        assert!(info.contains("Pages:           2"), "{info}");
        assert!(info.contains("Title:           Annual report"), "{info}");
        assert!(info.contains("Author:          Ada Lovelace"), "{info}");
        assert!(info.contains("Creator:         Folio"), "{info}");
        assert!(
            info.contains("Page size:       595.28 x 841.89 pts"),
            "{info}"
        );
        let structure = run_tool("pdfinfo", &["-struct-text", "FILE"], file.path());
        for expected in [
            "H1",
            "\"Introduction\"",
            "H2",
            "Link",
            "L (block)",
            "LI",
            "Lbl",
            "LBody",
            "\"First point\"",
        ] {
            assert!(
                structure.contains(expected),
                "no {expected} in\n{structure}"
            );
        }
        assert!(
            !structure.contains("Page 1"),
            "footer tagged as content:\n{structure}"
        );
    }
    if have("pdftotext") {
        let text = run_tool("pdftotext", &["FILE", "-"], file.path());
        for expected in [
            "Annual report",
            "Introduction",
            "Read the full report online.",
            "First point",
            "Details",
            "Zweite Seite bitte.",
            "Page 2",
        ] {
            assert!(text.contains(expected), "no {expected:?} in\n{text}");
        }
    }
}

#[test]
fn every_standard_writes() {
    let book = book();
    let fonts = PdfFonts::new(&book);
    let pages = sample(&book);
    for standard in PdfStandard::ALL {
        write_pdf(&pages, &fonts, &options(standard))
            .unwrap_or_else(|error| panic!("{standard}: {error}"));
    }
}

#[test]
fn notdef_glyph_fails_validation() {
    let book = book();
    let mut pages = sample(&book);
    let tofu = &mut pages.pages[1].lines[1].runs[0];
    tofu.glyphs[0].id = 0;
    // The line's element names the input line its block was written on.
    let node = pages.pages[1].lines[1].node;
    pages.structure[node].source = Some("en.yaml:12:5".into());
    let result = write_pdf(&pages, &PdfFonts::new(&book), &options(PdfStandard::A2aUa1));
    let Err(PdfError::Validation { problems }) = result else {
        panic!("expected a validation error, got {result:?}");
    };
    let message = PdfError::Validation { problems }.to_string();
    assert!(message.contains(".notdef"), "{message}");
    assert!(message.contains("NotoSerif-Regular.ttf"), "{message}");
    assert!(message.contains("\"Z\""), "{message}");
    assert!(
        message.contains("page 2, line 2, from en.yaml:12:5"),
        "{message}"
    );
    assert!(message.contains("PDF/A-2a"), "{message}");

    // Without a standard nothing forbids it.
    write_pdf(&pages, &PdfFonts::new(&book), &options(PdfStandard::None)).unwrap();
}

#[test]
fn pdf_a_needs_a_date() {
    let book = book();
    let pages = sample(&book);
    let options = PdfOptions {
        standard: PdfStandard::A2b,
        created: None,
    };
    let error = write_pdf(&pages, &PdfFonts::new(&book), &options)
        .unwrap_err()
        .to_string();
    assert!(error.contains("no date"), "{error}");
}

#[test]
fn rtl_edition_sets_direction() {
    let book = book();
    let mut pages = sample(&book);
    pages.info.rtl = true;
    let bytes = write_pdf(&pages, &PdfFonts::new(&book), &options(PdfStandard::A2aUa1)).unwrap();
    let file = write_temp(&bytes);
    if have("qpdf") {
        let json = run_tool(
            "qpdf",
            &["--json=1", "--json-key=objects", "FILE"],
            file.path(),
        );
        assert!(json.contains("\"/Direction\": \"/R2L\""), "{json}");
    }
}

#[test]
fn malformed_pages_are_errors_not_panics() {
    let book = book();
    let fonts = PdfFonts::new(&book);
    let mut pages = sample(&book);
    pages.pages[0].lines[0].node = 99;
    let error = write_pdf(&pages, &fonts, &options(PdfStandard::None));
    assert!(matches!(error, Err(PdfError::Pages(_))), "{error:?}");

    let mut pages = sample(&book);
    pages.outline[1].page = 5;
    let error = write_pdf(&pages, &fonts, &options(PdfStandard::None));
    assert!(matches!(error, Err(PdfError::Pages(_))), "{error:?}");

    let mut pages = sample(&book);
    pages.pages[0].lines[0].runs[0].face = FaceId(7);
    let error = write_pdf(&pages, &fonts, &options(PdfStandard::None));
    assert!(matches!(error, Err(PdfError::Pages(_))), "{error:?}");

    // A face whose bytes krilla cannot read.
    let broken = Face {
        file: "broken.ttf".to_string(),
        data: Arc::new(b"not a font".to_vec()),
        ..book.face(SERIF).clone()
    };
    let broken = FontBook::from_faces(vec![broken.clone(), broken]);
    let pages = sample(&book);
    let error = write_pdf(&pages, &PdfFonts::new(&broken), &options(PdfStandard::None));
    assert!(
        matches!(&error, Err(PdfError::Font { face }) if face.contains("broken.ttf")),
        "{error:?}"
    );
}

#[test]
fn standards_parse_by_name() {
    for standard in PdfStandard::ALL {
        assert_eq!(standard.name().parse::<PdfStandard>(), Ok(standard));
    }
    assert_eq!("A-2A+UA-1".parse::<PdfStandard>(), Ok(PdfStandard::A2aUa1));
    assert_eq!(PdfStandard::default(), PdfStandard::A2aUa1);
    let error = "pdf/x".parse::<PdfStandard>().unwrap_err().to_string();
    assert_eq!(
        error,
        "unknown PDF standard `pdf/x`; expected one of: none, a-2b, a-2a, ua-1, a-2a+ua-1, a-3a+ua-1"
    );
}

#[test]
fn outline_nests_by_level_and_survives_skipped_levels() {
    fn shape(nested: &[Nested<&str>]) -> String {
        nested
            .iter()
            .map(|n| {
                if n.kids.is_empty() {
                    n.item.to_string()
                } else {
                    format!("{}[{}]", n.item, shape(&n.kids))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
    let items = [
        (2, "a"),
        (1, "b"),
        (2, "c"),
        (3, "d"),
        (2, "e"),
        (1, "f"),
        (3, "g"),
        (2, "h"),
    ];
    assert_eq!(shape(&nest(items)), "a b[c[d] e] f[g h]");
    assert_eq!(shape(&nest(Vec::<(u8, &str)>::new())), "");
}

#[test]
fn fonts_are_shared_across_threads_with_identical_output() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<PdfFonts>();

    use rayon::prelude::*;
    let book = book();
    let fonts = PdfFonts::new(&book);
    let pages = sample(&book);
    let outputs: Vec<Vec<u8>> = (0..4)
        .into_par_iter()
        .map(|_| write_pdf(&pages, &fonts, &options(PdfStandard::A2aUa1)).unwrap())
        .collect();
    assert!(outputs.windows(2).all(|pair| pair[0] == pair[1]));
}

#[test]
fn attachments_pass_pdf_a_3_and_are_refused_by_pdf_a_2() {
    let book = book();
    let fonts = PdfFonts::new(&book);
    let pages = sample(&book);
    let file = Attachment {
        name: "data.json".to_string(),
        mime_type: "application/json".to_string(),
        description: "data".to_string(),
        bytes: std::sync::Arc::new(b"{}".to_vec()),
        compress: true,
    };
    let attached = std::slice::from_ref(&file);
    let pdf = write_pdf_attached(&pages, &fonts, &options(PdfStandard::A3aUa1), attached)
        .unwrap_or_else(|error| panic!("{error}"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("<pdfaid:part>3</pdfaid:part>"));
    // PDF/A-2 allows no attached file: krilla's validator says so and writes nothing.
    let error =
        write_pdf_attached(&pages, &fonts, &options(PdfStandard::A2aUa1), attached).unwrap_err();
    assert!(matches!(error, PdfError::Validation { .. }), "{error}");
}
