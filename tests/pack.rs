//! The circular pack (`folio pack DIR`): the zip is deterministic and holds exactly the
//! manifest's files; the cover is PDF/A-3 with every file attached (poppler, qpdf); the
//! index parses, links only files beside it, and its thumbnails are PNGs; Chromium opens it.

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{build_ok, fixture, have, tool};
use folio::pack::{PackResult, pack};
use folio::run::RunOptions;

/// The fixture built once, then packed, in a folder of its own.
fn packed() -> &'static (tempfile::TempDir, PackResult) {
    static PACKED: OnceLock<(tempfile::TempDir, PackResult)> = OnceLock::new();
    PACKED.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        build_into(dir.path());
        let result = pack(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        (dir, result)
    })
}

fn build_into(dir: &Path) {
    let opts = RunOptions {
        out_dir: dir.to_path_buf(),
        ..RunOptions::new(fixture())
    };
    build_ok(&opts);
}

fn dir() -> &'static Path {
    packed().0.path()
}

fn manifest() -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir().join("manifest.json")).unwrap()).unwrap()
}

/// The manifest's output paths.
fn manifest_files() -> Vec<String> {
    manifest()["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["path"].as_str().unwrap().to_string())
        .collect()
}

/// A copy of the packed folder's build (outputs and manifest, nothing of the pack).
fn copy_build(to: &Path) {
    for name in manifest_files()
        .iter()
        .chain([&"manifest.json".to_string()])
    {
        std::fs::copy(dir().join(name), to.join(name)).unwrap();
    }
}

#[test]
fn the_zip_is_named_after_the_symbol_and_holds_exactly_the_manifests_files() {
    let (_, result) = packed();
    // The fixture's symbol is GFMD/2017/RT3.
    assert_eq!(result.zip, "GFMD-2017-RT3.zip");
    assert_eq!(result.cover, "GFMD-2017-RT3-cover.pdf");
    let bytes = std::fs::read(dir().join(&result.zip)).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().to_string())
        .collect();
    let mut expected = manifest_files();
    expected.push("manifest.json".to_string());
    expected.sort();
    assert_eq!(names, expected, "sorted, and nothing else");
    assert_eq!(expected.len(), 13, "six editions × two formats + manifest");
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        assert_eq!(data, std::fs::read(dir().join(&name)).unwrap(), "{name}");
        assert_eq!(entry.unix_mode(), Some(0o100644), "{name}");
        let time = entry.last_modified().unwrap();
        assert_eq!(
            (
                time.year(),
                time.month(),
                time.day(),
                time.hour(),
                time.minute()
            ),
            (1980, 1, 1, 0, 0),
            "{name}"
        );
    }
}

#[test]
fn packing_again_and_elsewhere_gives_the_same_bytes() {
    let (_, first) = packed();
    let read = |dir: &Path, name: &str| std::fs::read(dir.join(name)).unwrap();
    let zip = read(dir(), &first.zip);
    let cover = read(dir(), &first.cover);
    let index = read(dir(), &first.index);
    // Another folder, other times: only the build's bytes may matter.
    let other = tempfile::tempdir().unwrap();
    copy_build(other.path());
    let second = pack(other.path()).unwrap_or_else(|e| panic!("{e}"));
    assert!(read(other.path(), &second.zip) == zip, "zip differs");
    assert!(read(other.path(), &second.cover) == cover, "cover differs");
    assert!(read(other.path(), &second.index) == index, "index differs");
    // And once more over its own earlier pack.
    let third = pack(other.path()).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        read(other.path(), &third.zip) == zip,
        "zip differs on repacking"
    );
    for thumb in &first.thumbnails {
        assert!(read(other.path(), thumb) == read(dir(), thumb), "{thumb}");
    }
}

#[test]
fn the_cover_claims_pdf_a_3_and_carries_every_file() {
    let (_, result) = packed();
    let cover = dir().join(&result.cover);
    let cover_arg = cover.to_str().unwrap();
    // krilla validated the cover as PDF/A-3a + PDF/UA-1 when `pack` wrote it (an export that
    // fails validation returns no bytes); the XMP must say so to a PDF reader too.
    if have("pdfinfo") {
        let (ok, meta, err) = tool("pdfinfo", &["-meta", cover_arg]);
        assert!(ok, "{err}");
        assert!(meta.contains("<pdfaid:part>3</pdfaid:part>"), "{meta}");
        assert!(meta.contains("<pdfaid:conformance>A</pdfaid:conformance>"));
        assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"));
    }
    if have("qpdf") {
        let (ok, out, err) = tool("qpdf", &["--check", cover_arg]);
        assert!(ok, "{out}{err}");
    }
    if have("pdfdetach") {
        let (ok, list, err) = tool("pdfdetach", &["-list", cover_arg]);
        assert!(ok, "{err}");
        let listed: BTreeSet<&str> = list
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once(": ").map(|(_, name)| name.trim()))
            .collect();
        let mut expected: BTreeSet<String> = manifest_files().into_iter().collect();
        expected.insert("manifest.json".to_string());
        let expected: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
        assert_eq!(listed, expected, "{list}");
        // What is attached is the files themselves.
        let saved = tempfile::tempdir().unwrap();
        let (ok, _, err) = tool(
            "pdfdetach",
            &["-saveall", "-o", saved.path().to_str().unwrap(), cover_arg],
        );
        assert!(ok, "{err}");
        for name in expected {
            let attached = std::fs::read(saved.path().join(name)).unwrap();
            assert!(
                attached == std::fs::read(dir().join(name)).unwrap(),
                "{name}"
            );
        }
    }
}

#[test]
fn the_cover_lists_every_file_with_labels_in_every_language() {
    if !have("pdftotext") {
        return;
    }
    let cover = dir().join(&packed().1.cover);
    let (ok, text, err) = tool("pdftotext", &[cover.to_str().unwrap(), "-"]);
    assert!(ok, "{err}");
    // One label of each language's table header (Arabic's extraction order varies, so its
    // label is looked for as a word of its own).
    for label in [
        "Size (bytes)",
        "Taille (octets)",
        "Tamaño (bytes)",
        "Размер (байт)",
        "大小（字节）",
        "الحجم",
    ] {
        assert!(text.contains(label), "no {label:?} in\n{text}");
    }
    for output in manifest()["outputs"].as_array().unwrap() {
        let sha = output["sha256"].as_str().unwrap();
        // Printed in groups of sixteen, which the column may break into lines.
        for group in sha.as_bytes().chunks(16) {
            let group = std::str::from_utf8(group).unwrap();
            assert!(text.contains(group), "{group} of {sha} missing");
        }
        let bytes = output["bytes"].as_u64().unwrap().to_string();
        assert!(text.contains(&bytes), "size {bytes} missing");
    }
}

/// Every `href` and `src` of a page, which must each be a file beside it.
fn links(html: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse("[href], [src]").unwrap();
    document
        .select(&selector)
        .flat_map(|e| [e.attr("href"), e.attr("src")])
        .flatten()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_index_parses_and_links_only_files_in_the_folder() {
    let (_, result) = packed();
    let html = std::fs::read_to_string(dir().join(&result.index)).unwrap();
    let document = scraper::Html::parse_document(&html);
    assert!(
        document.errors.is_empty(),
        "HTML parse errors: {:?}",
        document.errors
    );
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    assert_eq!(
        document.select(&select("script")).count(),
        0,
        "no JavaScript"
    );
    let links = links(&html);
    for link in &links {
        assert!(
            !link.contains('/') && !link.contains(':'),
            "{link} is not a file beside the page"
        );
        assert!(dir().join(link).is_file(), "{link} does not resolve");
    }
    let linked: BTreeSet<&str> = links.iter().map(String::as_str).collect();
    for file in manifest_files()
        .iter()
        .chain([&result.zip, &result.cover])
        .chain(&result.thumbnails)
    {
        assert!(linked.contains(file.as_str()), "{file} is not linked");
    }
    // A row per edition in its language; Arabic right to left.
    let langs: Vec<String> = manifest()["editions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["lang"].as_str().unwrap().to_string())
        .collect();
    let rows: Vec<_> = document.select(&select("tr[lang]")).collect();
    let row_langs: Vec<&str> = rows.iter().map(|r| r.attr("lang").unwrap()).collect();
    assert_eq!(row_langs, langs);
    for row in rows {
        let rtl = row.attr("dir") == Some("rtl");
        assert_eq!(rtl, row.attr("lang") == Some("ar"), "{}", row.html());
    }
    // Every thumbnail is a PNG of the declared size.
    let images: Vec<_> = document.select(&select("img")).collect();
    assert_eq!(images.len(), 6);
    for img in images {
        let src = img.attr("src").unwrap();
        assert!(
            !img.attr("alt").unwrap_or("").is_empty(),
            "{src} has no alt"
        );
        let (width, height, grey) = grey_pixels(&std::fs::read(dir().join(src)).unwrap())
            .unwrap_or_else(|e| panic!("{src}: {e}"));
        assert_eq!(width.to_string(), img.attr("width").unwrap());
        assert_eq!(height.to_string(), img.attr("height").unwrap());
        assert_eq!(width, folio::pack::THUMB_WIDTH, "{src}");
        assert!(height > width, "{src}: a portrait page");
        // A page with text on it, not a blank.
        assert!(grey.iter().any(|&g| g < 128), "{src} has no dark pixel");
    }
}

#[test]
fn the_index_opens_in_chromium() {
    if !have("chromium") {
        return;
    }
    let (_, result) = packed();
    let index = dir().join(&result.index);
    let url = format!("file://{}", index.display());
    let profile = tempfile::tempdir().unwrap();
    let chromium = |extra: &[&str]| {
        let user_data = format!("--user-data-dir={}", profile.path().display());
        let mut args = vec![
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            user_data.as_str(),
        ];
        args.extend(extra);
        args.push(&url);
        let out = Command::new("chromium").args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    // The DOM Chromium built: every row and link is there.
    let dom = String::from_utf8(chromium(&["--dump-dom"])).unwrap();
    let html = std::fs::read_to_string(&index).unwrap();
    assert_eq!(links(&dom), links(&html));
    assert!(dom.contains("lang=\"ar\" dir=\"rtl\""), "{dom}");
    // And what it drew: a page with the thumbnails' dark text on it.
    let shot: PathBuf = profile.path().join("index.png");
    let shot_arg = format!("--screenshot={}", shot.display());
    chromium(&[&shot_arg, "--window-size=1000,1400"]);
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (1000, 1400));
    let channels = info.color_type.samples();
    let dark = pixels.chunks(channels).filter(|p| p[0] < 100).count();
    assert!(
        dark > 1000,
        "the screenshot is nearly blank ({dark} dark pixels)"
    );
}

#[test]
fn a_file_that_differs_from_the_manifest_stops_the_pack_and_nothing_is_written() {
    let other = tempfile::tempdir().unwrap();
    copy_build(other.path());
    let victim = other.path().join("roundtable-3.fr.pdf");
    let mut bytes = std::fs::read(&victim).unwrap();
    let last = bytes.len() - 10;
    bytes[last] ^= 1;
    std::fs::write(&victim, bytes).unwrap();
    let error = pack(other.path()).unwrap_err().to_string();
    assert!(
        error.contains("roundtable-3.fr.pdf: has SHA-256"),
        "{error}"
    );
    assert!(!other.path().join("GFMD-2017-RT3.zip").exists());
    assert!(!other.path().join("index.html").exists());

    std::fs::remove_file(&victim).unwrap();
    let error = pack(other.path()).unwrap_err().to_string();
    assert!(
        error.contains("roundtable-3.fr.pdf: cannot be read"),
        "{error}"
    );
}

/// Every file in `dir` (not in sub-folders), by name.
fn files_in(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// The folder `build --pack` wrote (`built`) against `folio pack` of the same build
/// (`repacked`): the same names, the same bytes but for the thumbnails (PNG), which
/// `build --pack` draws from its laid-out pages and `folio pack` reads back from the PDFs
/// with hayro, and which must agree to the eye.
fn assert_same_pack(built: &Path, repacked: &Path) {
    let (built, repacked) = (files_in(built), files_in(repacked));
    assert_eq!(
        built.keys().collect::<Vec<_>>(),
        repacked.keys().collect::<Vec<_>>(),
        "the same names"
    );
    for (name, bytes) in &built {
        if !name.ends_with(".png") {
            assert!(bytes == &repacked[name], "{name} differs");
            continue;
        }
        let (w, h, drawn) = grey_pixels(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (rw, rh, read) = grey_pixels(&repacked[name]).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((w, h), (rw, rh), "{name}: the same size");
        // Ink (how dark the page is on average) and where it is: the mean difference of
        // grey levels, and the share of pixels one picture draws dark (< 128) and the other
        // leaves light (> 192), which a glyph or a rule drawn in the wrong place would raise.
        // Measured on the fixture: ink within 1 %, mean differences 2.6 to 4.9, at most
        // 0.2 % of pixels apart (anti-aliasing: hayro blends in linear light).
        let ink = |g: &[u8]| g.iter().map(|&v| 255.0 - f64::from(v)).sum::<f64>() / g.len() as f64;
        let mean_diff = (drawn.iter().zip(&read))
            .map(|(&a, &b)| (f64::from(a) - f64::from(b)).abs())
            .sum::<f64>()
            / drawn.len() as f64;
        let misplaced = (drawn.iter().zip(&read))
            .filter(|&(&a, &b)| (a < 128 && b > 192) || (b < 128 && a > 192))
            .count() as f64
            / drawn.len() as f64;
        eprintln!(
            "{name}: ink {:.2} drawn, {:.2} read back; mean difference {mean_diff:.2}; misplaced {:.3} %",
            ink(&drawn),
            ink(&read),
            misplaced * 100.0
        );
        assert!(ink(&drawn) > 0.0, "{name}: a blank page");
        assert!(
            (ink(&drawn) - ink(&read)).abs() < 0.25 * ink(&read),
            "{name}: {:.2} of ink drawn against {:.2} read back",
            ink(&drawn),
            ink(&read)
        );
        assert!(
            mean_diff < 6.0,
            "{name}: grey levels differ by {mean_diff:.2} on average"
        );
        assert!(
            misplaced < 0.005,
            "{name}: {:.3} % of pixels disagree",
            misplaced * 100.0
        );
    }
}

/// A PNG's size and its pixels' grey levels (0 black, 255 white), row by row.
fn grey_pixels(png: &[u8]) -> Result<(u32, u32, Vec<u8>), String> {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .map_err(|e| e.to_string())?;
    let mut pixels = vec![0; reader.output_buffer_size().ok_or("no size")?];
    let info = reader.next_frame(&mut pixels).map_err(|e| e.to_string())?;
    let channels = match info.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => return Err(format!("{other:?} pixels")),
    };
    let grey = (pixels[..info.buffer_size()].chunks(channels))
        .map(|p| match p {
            [level] => *level,
            _ => {
                ((u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000)
                    as u8
            }
        })
        .collect();
    Ok((info.width, info.height, grey))
}

#[test]
fn build_with_pack_writes_the_same_files_as_build_then_pack() {
    let with_pack = tempfile::tempdir().unwrap();
    let opts = RunOptions {
        out_dir: with_pack.path().to_path_buf(),
        pack: true,
        ..RunOptions::new(fixture())
    };
    let result = build_ok(&opts);
    let packed = result.packed.expect("the build says what it packed");
    assert_eq!(packed.zip, "GFMD-2017-RT3.zip");
    assert_eq!(packed.thumbnails.len(), 6);
    assert_same_pack(with_pack.path(), dir());
}

#[test]
fn build_pack_packs_every_report_of_a_batch() {
    let work = tempfile::tempdir().unwrap();
    let other = work.path().join("other/report.yaml");
    std::fs::create_dir_all(other.parent().unwrap()).unwrap();
    std::fs::write(
        &other,
        "id: other\ndate: 2024-05-06\neditions:\n\
         \x20 - lang: en\n    content:\n      title: Other\n      body:\n\
         \x20       - paragraph: The text of the other report.\n",
    )
    .unwrap();
    let out = work.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", "--pack", "-q", "-o"])
        .arg(&out)
        .arg(fixture())
        .arg(&other)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for (id, zip) in [
        ("roundtable-3", "GFMD-2017-RT3.zip"),
        ("other", "other.zip"),
    ] {
        let folder = out.join(id);
        assert!(folder.join(zip).is_file(), "{id}: no {zip}");
        // The same files as `folio pack` makes of the build alone.
        let again = work.path().join(format!("again-{id}"));
        std::fs::create_dir_all(&again).unwrap();
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(folder.join("manifest.json")).unwrap()).unwrap();
        let outputs = manifest["outputs"].as_array().unwrap().iter();
        for name in outputs
            .map(|o| o["path"].as_str().unwrap())
            .chain(["manifest.json"])
        {
            std::fs::copy(folder.join(name), again.join(name)).unwrap();
        }
        pack(&again).unwrap_or_else(|e| panic!("{e}"));
        assert_same_pack(&folder, &again);
    }
}

#[test]
fn a_folder_without_a_manifest_is_refused_by_the_command() {
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("pack")
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no manifest.json here"), "{stderr}");
    assert_eq!(std::fs::read_dir(empty.path()).unwrap().count(), 0);
}

#[test]
fn text_from_the_manifest_is_escaped_in_the_index() {
    let other = tempfile::tempdir().unwrap();
    copy_build(other.path());
    let path = other.path().join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    manifest["symbol"] = "A/80/<b>".into();
    manifest["editions"][0]["title"] = "<script>alert(1)</script> & \"x\"".into();
    std::fs::write(&path, serde_json::to_vec(&manifest).unwrap()).unwrap();
    let result = pack(other.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(result.zip, "A-80--b-.zip");
    let html = std::fs::read_to_string(other.path().join(&result.index)).unwrap();
    let document = scraper::Html::parse_document(&html);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    assert_eq!(document.select(&select("script, b")).count(), 0, "{html}");
    let title: String = document
        .select(&select("p.title"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(title, "<script>alert(1)</script> & \"x\"");
    let heading: String = document
        .select(&select("h1"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(heading, "A/80/<b>");
}
