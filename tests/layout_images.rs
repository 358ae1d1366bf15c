//! Images in a layout's header and footer slots (an emblem on the first page, a logo on every
//! page): where the laid-out pages put them, the PDF's image XObjects on those pages (as
//! artifacts, PDF/A + PDF/UA validated by the build), mirrored slots in Arabic, the DOCX
//! pictures in the right header and footer parts with their descriptions, LibreOffice's
//! rendering of them, and errors naming the layout file's line and column.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use folio::layouts::{Band, Layout, StyleName};
use folio::run::{self, RunOptions};
use folio::typeset::pages::PlacedImage;
use folio::typeset::typeset;

const EMBLEM_ALT: &str = "The emblem: a globe between two arcs";
const LOGO_ALT: &str = "The logo";

/// The emblem, 20 mm wide, centred in the first page's header; the logo, 8 mm wide, at the
/// right of every page's footer.
const IMAGES: &str = "images:
  - { file: emblem.png, width: 20mm, at: header-center, pages: first, alt: \"The emblem: a globe between two arcs\" }
  - { file: art/emblem.jpg, width: 8mm, at: footer-right, alt: The logo }
";

/// A report of three pages in English and Arabic, with a layout (`layout.yaml`, its header
/// and footer text first, then `images`) beside it.
fn write_report(dir: &Path, images: &str) -> PathBuf {
    std::fs::create_dir_all(dir.join("art")).unwrap();
    std::fs::copy(
        root().join("tests/assets/emblem.png"),
        dir.join("emblem.png"),
    )
    .unwrap();
    std::fs::copy(
        root().join("tests/assets/emblem.jpg"),
        dir.join("art/emblem.jpg"),
    )
    .unwrap();
    std::fs::write(
        dir.join("layout.yaml"),
        format!(
            "page: {{ margins: {{ top: 40mm }} }}\nheader: {{ left: \"{{symbol}}\", right: \"{{date}}\" }}\nfooter: {{ center: \"{{page}}\" }}\n{images}"
        ),
    )
    .unwrap();
    let edition = |title: &str, text: &str| {
        format!(
            "    content:\n      title: {title}\n      body:\n        - paragraph: {text}\n        - page-break\n        - paragraph: {text}\n        - page-break\n        - paragraph: {text}\n"
        )
    };
    let report = dir.join("report.yaml");
    std::fs::write(
        &report,
        format!(
            "id: imgs\nsymbol: A/80/1\ndate: 2017-06-30\nlayout: layout.yaml\neditions:\n  - lang: en\n{}  - lang: ar\n{}",
            edition("Emblems", "A short paragraph."),
            edition("شعارات", "فقرة قصيرة.")
        ),
    )
    .unwrap();
    report
}

/// The header and footer baselines of page `index` as `furniture` sets them: the header's
/// line runs down from the header distance and is as tall as its tallest image.
fn header_baseline(layout: &Layout, index: usize) -> f32 {
    let tallest = (layout.images_on(index, Band::Header))
        .map(|i| i.height.0)
        .fold(layout.style(StyleName::Header).size.0, f32::max);
    layout.page.header_distance.0 + tallest
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.01
}

#[test]
fn the_pages_hold_each_image_in_its_slot_on_its_pages_mirrored_in_arabic() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path(), IMAGES);
    let plan = run::plan(&RunOptions::new(&report)).unwrap_or_else(|e| panic!("{e}"));
    for (edition, layout) in &plan.editions {
        let lang = edition.lang.primary.as_str();
        let rtl = lang == "ar";
        let pages = typeset(edition, layout, &plan.fonts).pages;
        assert_eq!(pages.pages.len(), 3, "{lang}");
        let page = &layout.page;
        let (left, right) = (page.margin_start.0, page.width.0 - page.margin_end.0);
        let emblem_w = 20.0 * 72.0 / 25.4;
        let logo_w = 8.0 * 72.0 / 25.4;
        for (index, laid) in pages.pages.iter().enumerate() {
            let images: Vec<&PlacedImage> = laid.images.iter().collect();
            assert_eq!(
                images.len(),
                if index == 0 { 2 } else { 1 },
                "{lang} page {index}"
            );
            assert!(
                images.iter().all(|i| i.node.is_none()),
                "artifacts, no structure"
            );
            // The logo: bottom on the footer baseline, at the end of the line (left in Arabic).
            let logo = images.iter().find(|i| close(i.width.0, logo_w)).unwrap();
            let footer = page.height.0 - page.footer_distance.0;
            assert!(close(logo.y.0 + logo.height.0, footer), "{lang} {logo:?}");
            let logo_x = if rtl { left } else { right - logo_w };
            assert!(close(logo.x.0, logo_x), "{lang} page {index}: {logo:?}");
            assert!(logo.y.0 >= page.height.0 - page.margin_bottom.0);
            // The header text sits on the header line's baseline, which the emblem lowers.
            let baseline = header_baseline(layout, index);
            let header_lines: Vec<f32> = (laid.artifacts.iter())
                .filter(|l| l.baseline.0 < page.height.0 / 2.0)
                .map(|l| l.baseline.0)
                .collect();
            assert_eq!(
                header_lines.len(),
                2,
                "{lang} page {index}: symbol and date"
            );
            assert!(header_lines.iter().all(|&b| close(b, baseline)));
            if index == 0 {
                let emblem = images.iter().find(|i| close(i.width.0, emblem_w)).unwrap();
                assert!(
                    close(emblem.x.0, (left + right - emblem_w) / 2.0),
                    "{emblem:?}"
                );
                assert!(close(emblem.y.0, page.header_distance.0), "{emblem:?}");
                assert!(close(emblem.y.0 + emblem.height.0, baseline));
                assert!(emblem.y.0 + emblem.height.0 <= page.margin_top.0);
                assert!(
                    baseline > header_baseline(layout, 1),
                    "the emblem lowers the line"
                );
            }
            // Nothing of the text area is above the header's line.
            let first_text = laid
                .lines
                .iter()
                .map(|l| l.baseline.0)
                .fold(f32::MAX, f32::min);
            assert!(first_text > page.margin_top.0, "{lang} page {index}");
        }
    }
}

#[test]
fn a_language_may_have_images_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let images = format!(
        "{IMAGES}languages:\n  ar:\n    images:\n      - {{ file: emblem.png, width: 10mm, at: footer-left }}\n"
    );
    let report = write_report(dir.path(), &images);
    let plan = run::plan(&RunOptions::new(&report)).unwrap_or_else(|e| panic!("{e}"));
    for (edition, layout) in &plan.editions {
        let sizes: Vec<f32> = layout.images.iter().map(|i| i.width.0).collect();
        match edition.lang.primary.as_str() {
            "ar" => {
                assert_eq!(sizes.len(), 1);
                let pages = typeset(edition, layout, &plan.fonts).pages;
                let image = &pages.pages[1].images[0];
                // footer-left is the right of an Arabic page.
                let right = layout.page.width.0 - layout.page.margin_end.0;
                assert!(close(image.x.0 + image.width.0, right), "{image:?}");
            }
            _ => assert_eq!(sizes.len(), 2),
        }
    }
}

/// `pdfimages -list`'s image rows (not soft masks) as (page, x-ppi).
fn pdf_images(pdf: &Path) -> Vec<(usize, u32)> {
    let (ok, list, err) = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
    assert!(ok, "{err}");
    list.lines()
        .skip(2)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            (cols.get(2) == Some(&"image"))
                .then(|| (cols[0].parse().unwrap(), cols[12].parse().unwrap()))
        })
        .collect()
}

/// 240 pixels at 20 mm and at 8 mm.
const EMBLEM_PPI: u32 = 305;
const LOGO_PPI: u32 = 762;

#[test]
fn the_pdf_draws_the_images_on_their_pages_as_artifacts() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path(), IMAGES);
    let out = dir.path().join("out");
    let opts = RunOptions {
        out_dir: out.clone(),
        formats: vec![run::Format::Pdf],
        ..RunOptions::new(&report)
    };
    // The build validates PDF/A-2 and PDF/UA-1 (krilla) and fails otherwise.
    build_ok(&opts);
    for lang in ["en", "ar"] {
        let pdf = out.join(format!("imgs.{lang}.pdf"));
        if have("pdfimages") {
            let images = pdf_images(&pdf);
            assert_eq!(
                images,
                [(1, EMBLEM_PPI), (1, LOGO_PPI), (2, LOGO_PPI), (3, LOGO_PPI)],
                "{lang}"
            );
        }
        if have("qpdf") {
            let (ok, out, err) = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
            assert!(ok, "{out}{err}");
            let (ok, json, err) = tool("qpdf", &["--json", pdf.to_str().unwrap()]);
            assert!(ok, "{err}");
            // Furniture is no content: no Figure element, no alt text in the structure.
            assert!(
                !json.contains("/Figure") && !json.contains(EMBLEM_ALT),
                "{lang}"
            );
        }
    }
}

#[test]
fn the_docx_has_the_pictures_in_their_header_and_footer_parts() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path(), IMAGES);
    let out = dir.path().join("out");
    let opts = RunOptions {
        out_dir: out.clone(),
        formats: vec![run::Format::Docx],
        ..RunOptions::new(&report)
    };
    build_ok(&opts);
    let png = std::fs::read(dir.path().join("emblem.png")).unwrap();
    for lang in ["en", "ar"] {
        let docx = out.join(format!("imgs.{lang}.docx"));
        let parts = parts(&docx);
        let document = part(&parts, "word/document.xml");
        let rels = part(&parts, "word/_rels/document.xml.rels");
        // The emblem is on the first page only: Word's title-page header.
        assert!(document.contains("<w:titlePg />"), "{lang}");
        let (document, rels) = (&document, &rels);
        let first = referenced(document, "header", "first", rels);
        let every = referenced(document, "header", "default", rels);
        let first_xml = part(&parts, &first);
        assert!(
            first_xml.contains(&format!(r#"descr="{EMBLEM_ALT}""#)),
            "{first_xml}"
        );
        assert!(
            !part(&parts, &every).contains("<w:drawing>"),
            "{lang}: later headers"
        );
        // Its media, related from the header's own relationships part.
        let header_rels = part(
            &parts,
            &first
                .replace("word/", "word/_rels/")
                .replace(".xml", ".xml.rels"),
        );
        let rid = first_xml
            .split("r:embed=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let target = header_rels
            .split(&format!(r#"Id="{rid}""#))
            .nth(1)
            .and_then(|r| r.split("Target=\"").nth(1))
            .and_then(|t| t.split('"').next())
            .unwrap_or_else(|| panic!("{rid} not in {header_rels}"));
        assert!(target.starts_with("media/") && target.ends_with(".png"));
        let media = (parts.iter().find(|(n, _)| *n == format!("word/{target}"))).unwrap();
        assert_eq!(media.1, png, "the emblem's bytes as they are");
        // The logo is in both footers, a JPEG.
        for kind in ["first", "default"] {
            let footer = part(&parts, &referenced(document, "footer", kind, rels));
            assert!(
                footer.contains(&format!(r#"descr="{LOGO_ALT}""#)),
                "{lang} {kind}"
            );
        }
        let types = part(&parts, "[Content_Types].xml");
        assert!(types.contains(r#"Extension="png""#) && types.contains(r#"Extension="jpeg""#));
    }
    if have_python_docx() {
        let script = "import sys, docx
for path in sys.argv[1:]:
    d = docx.Document(path)
    s = d.sections[0]
    assert s.different_first_page_header_footer, path
    first = s.first_page_header._element.xml
    assert 'descr=\"The emblem: a globe between two arcs\"' in first, first
    assert 'descr=\"The logo\"' in s.footer._element.xml
    assert 'descr=\"The logo\"' in s.first_page_footer._element.xml
    assert 'w:drawing' not in s.header._element.xml
    print('ok', path)
";
        let files: Vec<String> = ["en", "ar"]
            .iter()
            .map(|l| out.join(format!("imgs.{l}.docx")).display().to_string())
            .collect();
        let mut args = vec!["-c", script];
        args.extend(files.iter().map(String::as_str));
        let (ok, stdout, stderr) = tool("python3", &args);
        assert!(ok, "{stdout}{stderr}");
    }
    if have("soffice") && have("pdfimages") {
        let lo = dir.path().join("lo");
        let files: Vec<PathBuf> = ["en", "ar"]
            .iter()
            .map(|l| out.join(format!("imgs.{l}.docx")))
            .collect();
        soffice_to_pdf(&files.iter().map(PathBuf::as_path).collect::<Vec<_>>(), &lo);
        for lang in ["en", "ar"] {
            let pages: Vec<usize> = pdf_images(&lo.join(format!("imgs.{lang}.pdf")))
                .into_iter()
                .map(|(page, _)| page)
                .collect();
            assert_eq!(
                pages,
                [1, 1, 2, 3],
                "{lang}: emblem and logo on page 1, logo after"
            );
        }
    }
}

#[test]
fn image_errors_name_the_layout_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    // The one entry of `images` is line 5 of layout.yaml.
    let cases = [
        (
            "  - { file: missing.png, at: header-left }\n",
            "layout.yaml:5:13",
            "does not exist",
        ),
        (
            "  - { file: emblem.png, at: header-middle }\n",
            "layout.yaml:5:29",
            "`at` is `header-middle`",
        ),
        (
            "  - { file: emblem.png, at: footer-left, pages: odd }\n",
            "layout.yaml:5:49",
            "`pages` is `odd`",
        ),
        (
            "  - { file: report.yaml, at: footer-left }\n",
            "layout.yaml:5:13",
            "expected PNG or JPEG",
        ),
        (
            "  - { file: ../outside.png, at: footer-left }\n",
            "layout.yaml:5:13",
            "leads outside",
        ),
        // 60 mm tall from the 12 mm header distance reaches past the 40 mm top margin.
        (
            "  - { file: emblem.png, width: 60mm, at: header-center }\n",
            "layout.yaml:5:32",
            "into the text area",
        ),
        (
            "  - { file: emblem.png, width: 30mm, at: footer-left }\n",
            "layout.yaml:5:32",
            "into the text area",
        ),
        // The header's left slot has the symbol.
        (
            "  - { file: emblem.png, width: 5mm, at: header-left }\n",
            "layout.yaml:5:41",
            "already holds text",
        ),
    ];
    std::fs::write(dir.path().join("outside.png"), b"x").ok();
    let inner = dir.path().join("report");
    for (entry, at, message) in cases {
        let report = write_report(&inner, &format!("images:\n{entry}"));
        let e = match run::plan(&RunOptions::new(&report)) {
            Ok(_) => panic!("{entry}: should fail"),
            Err(e) => e.to_string(),
        };
        assert!(e.contains(at) && e.contains(message), "{entry}\n{e}");
    }
}
