//! Dates of issue in the United Nations' forms (or the locale's, when the layout asks), read
//! back from the PDF with pdftotext and from the DOCX's header part.

mod common;

use std::io::Read;
use std::path::Path;

use common::*;
use folio::run::RunOptions;

/// A four-edition report dated 30 June 2017 whose layout prints `{date}` in the header, built
/// with `typography` added to the layout.
fn build(typography: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut report = String::from("id: dates\nlayout: dated.yaml\ndate: 2017-06-30\neditions:\n");
    for lang in ["en", "ru", "ar", "zh"] {
        report.push_str(&format!(
            "  - lang: {lang}\n    content:\n      title: T\n      body:\n        - paragraph: P\n"
        ));
    }
    std::fs::write(dir.path().join("report.yaml"), report).unwrap();
    std::fs::write(
        dir.path().join("dated.yaml"),
        format!(
            "header: {{ left: \"{{date}}\" }}\nfirst-page: {{ header: {{ left: \"{{date}}\" }} }}\n{typography}"
        ),
    )
    .unwrap();
    let opts = RunOptions {
        out_dir: dir.path().join("out"),
        ..RunOptions::new(dir.path().join("report.yaml"))
    };
    build_ok(&opts);
    dir
}

/// Page 1's text, with no-break spaces as spaces and without the directional marks
/// pdftotext puts around right-to-left runs.
fn first_page(pdf: &Path) -> String {
    let (ok, text, err) = tool(
        "pdftotext",
        &["-enc", "UTF-8", "-l", "1", pdf.to_str().unwrap(), "-"],
    );
    assert!(ok, "{err}");
    text.replace('\u{a0}', " ")
        .chars()
        .filter(|c| !('\u{202a}'..='\u{202e}').contains(c))
        .collect()
}

/// Every header part of a DOCX, concatenated.
fn docx_headers(docx: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let names: Vec<String> = zip
        .file_names()
        .filter(|n| n.starts_with("word/header") || n == &"word/styles.xml")
        .map(String::from)
        .collect();
    let mut all = String::new();
    for name in names {
        zip.by_name(&name)
            .unwrap()
            .read_to_string(&mut all)
            .unwrap();
    }
    all
}

#[test]
fn dates_are_in_the_un_forms_by_default_and_the_locale_forms_when_asked() {
    let un = build("");
    let locale = build("typography: { dates: locale }\n");
    let pdf =
        |dir: &tempfile::TempDir, lang: &str| dir.path().join(format!("out/dates.{lang}.pdf"));
    let docx = |dir: &tempfile::TempDir, lang: &str| {
        docx_headers(&dir.path().join(format!("out/dates.{lang}.docx")))
    };

    // Both formats carry the same characters.
    for (lang, un_form, locale_form) in [
        ("en", "30 June 2017", "June 30, 2017"),
        ("ru", "30 июня 2017\u{a0}года", "30 июня 2017\u{202f}г."),
        ("zh", "2017年6月30日", "2017年6月30日"),
        ("ar", "30 حزيران/يونيه 2017", "30 يونيو 2017"),
    ] {
        assert!(
            docx(&un, lang).contains(un_form),
            "{lang}: DOCX lacks {un_form:?}"
        );
        assert!(
            docx(&locale, lang).contains(locale_form),
            "{lang}: DOCX lacks {locale_form:?}"
        );
    }
    // Chinese digits sit against the ideographs in Word too.
    assert!(docx(&un, "zh").contains(r#"<w:autoSpaceDN w:val="0" />"#));
    assert!(!docx(&un, "en").contains("autoSpaceDN"));

    if !have("pdftotext") {
        return;
    }
    let page = first_page(&pdf(&un, "en"));
    assert!(page.contains("30 June 2017"), "{page}");
    assert!(first_page(&pdf(&locale, "en")).contains("June 30, 2017"));
    let page = first_page(&pdf(&un, "ru"));
    assert!(page.contains("30 июня 2017 года"), "{page}");
    // No space between the digits and 年月日: the PDF puts no room there.
    let page = first_page(&pdf(&un, "zh"));
    assert!(page.contains("2017年6月30日"), "{page}");
    // Arabic comes out of pdftotext with its digits moved about (docs/typography.md, Arabic
    // extraction): each part is there.
    let page = first_page(&pdf(&un, "ar"));
    for part in ["30", "حزيران/يونيه", "2017"] {
        assert!(page.contains(part), "{part}: {page}");
    }
    let page = first_page(&pdf(&locale, "ar"));
    assert!(page.contains("يونيو") && !page.contains("حزيران"), "{page}");
}
