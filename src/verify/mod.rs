//! `folio verify DIR`: re-reads one report's output folder and checks, per file, that it is
//! what `manifest.json` says (present, size, SHA-256, pages, PDF/A and PDF/UA claims,
//! language), that each edition's DOCX says word for word what its PDF says, and that the
//! editions have the same block structure. See docs/verify.md.

mod docx;
mod pdf;
pub mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::run::Manifest;
use text::{Block, Token};

/// One problem found, naming the file it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub what: String,
}

/// What `verify` found: a line per file that passed, and every problem.
#[derive(Debug, Default)]
pub struct Verification {
    pub ok: Vec<String>,
    pub problems: Vec<Problem>,
}

impl Verification {
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }

    fn problem(&mut self, file: &str, what: impl Into<String>) {
        self.problems.push(Problem {
            file: file.to_string(),
            what: what.into(),
        });
    }

    /// The report as printed: the OK list, then the problems grouped by file.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for line in &self.ok {
            let _ = writeln!(out, "ok    {line}");
        }
        let mut by_file: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for p in &self.problems {
            by_file.entry(&p.file).or_default().push(&p.what);
        }
        for (file, problems) in by_file {
            for what in problems {
                let _ = writeln!(out, "FAIL  {file}: {what}");
            }
        }
        if self.passed() {
            let _ = writeln!(out, "verified: {} files", self.ok.len());
        } else {
            let files: BTreeSet<&str> = self.problems.iter().map(|p| p.file.as_str()).collect();
            let _ = writeln!(
                out,
                "verification failed: {} problems in {} files",
                self.problems.len(),
                files.len()
            );
        }
        out
    }
}

const MANIFEST: &str = "manifest.json";

/// What was read of one edition's PDF or DOCX, for the checks across files.
#[derive(Default)]
struct Edition {
    pdf: Option<(String, pdf::PdfFacts)>,
    docx: Option<(String, docx::DocxFacts)>,
}

/// Verifies the output folder `dir` of one report's build.
pub fn verify(dir: &Path) -> Verification {
    let mut v = Verification::default();
    let manifest: Manifest = match std::fs::read_to_string(dir.join(MANIFEST)) {
        Err(e) => {
            v.problem(
                MANIFEST,
                format!("cannot be read ({e}): is this a Folio output folder?"),
            );
            return v;
        }
        Ok(text) => match serde_json::from_str(&text) {
            Ok(m) => m,
            Err(e) => {
                v.problem(MANIFEST, format!("is not a Folio manifest ({e})"));
                return v;
            }
        },
    };
    let mut editions: BTreeMap<String, Edition> = BTreeMap::new();
    let mut ok_lines: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let listed: BTreeSet<&str> = manifest.outputs.iter().map(|o| o.path.as_str()).collect();
    for output in &manifest.outputs {
        let file = output.path.as_str();
        if output.status != "ok" {
            v.problem(
                file,
                format!("the build did not write it ({})", output.status),
            );
            continue;
        }
        // The manifest is input here: it may name only files in this folder.
        if file.is_empty() || file.contains(['/', '\\']) || file.starts_with('.') {
            v.problem(file, "the manifest names a path outside the output folder");
            continue;
        }
        let bytes = match std::fs::read(dir.join(file)) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                v.problem(
                    file,
                    "missing: the manifest lists it but the folder has no such file",
                );
                continue;
            }
            Err(e) => {
                v.problem(file, format!("cannot be read ({e})"));
                continue;
            }
        };
        let mut facts = Vec::new();
        let problems_before = v.problems.len();
        if output.bytes != Some(bytes.len() as u64) {
            v.problem(
                file,
                format!(
                    "size is {} bytes, the manifest says {}",
                    bytes.len(),
                    output.bytes.map_or("none".to_string(), |b| b.to_string())
                ),
            );
        }
        let digest: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if output.sha256.as_deref() != Some(digest.as_str()) {
            v.problem(
                file,
                format!(
                    "SHA-256 is {digest}, the manifest says {}",
                    output.sha256.as_deref().unwrap_or("none")
                ),
            );
        } else {
            facts.push(format!("{} bytes, SHA-256 matches", bytes.len()));
        }
        let edition = editions.entry(output.lang.clone()).or_default();
        match output.format.as_str() {
            "pdf" => match pdf::read(bytes) {
                Err(e) => v.problem(file, e),
                Ok(read) => {
                    check_pdf(
                        &mut v,
                        file,
                        output,
                        manifest.pdf_standard.as_deref(),
                        &read,
                        &mut facts,
                    );
                    edition.pdf = Some((file.to_string(), read));
                }
            },
            "docx" => match docx::read(&bytes) {
                Err(e) => v.problem(file, e),
                Ok(read) => {
                    if let Some(lang) = &read.lang
                        && primary(lang) != primary(&output.lang)
                    {
                        v.problem(
                            file,
                            format!("its language is {lang}, the manifest says {}", output.lang),
                        );
                    }
                    facts.push("opens".to_string());
                    edition.docx = Some((file.to_string(), read));
                }
            },
            other => v.problem(file, format!("unknown format `{other}` in the manifest")),
        }
        if v.problems.len() == problems_before {
            ok_lines.insert(file.to_string(), facts);
        }
    }
    unlisted(&mut v, dir, &manifest.report, &listed);
    for edition in editions.values() {
        compare_text(&mut v, edition, &mut ok_lines);
    }
    compare_structure(&mut v, &editions);
    // A file is OK only if no check named it.
    let failed: BTreeSet<String> = v.problems.iter().map(|p| p.file.clone()).collect();
    for (file, facts) in ok_lines {
        if !failed.contains(&file) {
            v.ok.push(format!("{file}: {}", facts.join(", ")));
        }
    }
    v
}

fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn check_pdf(
    v: &mut Verification,
    file: &str,
    output: &crate::run::Output,
    standard: Option<&str>,
    read: &pdf::PdfFacts,
    facts: &mut Vec<String>,
) {
    if output.pages != Some(read.pages) {
        v.problem(
            file,
            format!(
                "has {} pages, the manifest says {}",
                read.pages,
                output.pages.map_or("none".to_string(), |p| p.to_string())
            ),
        );
    } else {
        facts.push(format!("{} pages", read.pages));
    }
    let claimed = |r: &pdf::PdfFacts| {
        let mut parts = Vec::new();
        if let Some((part, conformance)) = &r.pdfa {
            parts.push(format!("PDF/A-{part}{}", conformance.to_ascii_lowercase()));
        }
        if let Some(part) = &r.pdfua {
            parts.push(format!("PDF/UA-{part}"));
        }
        parts
    };
    match standard {
        Some(standard) => {
            let (pdfa, pdfua) = expected_claims(standard);
            let ok_a = read
                .pdfa
                .as_ref()
                .map(|(p, c)| (p.clone(), c.to_ascii_uppercase()))
                == pdfa.map(|(p, c)| (p.to_string(), c.to_string()));
            let ok_ua = read.pdfua.as_deref() == pdfua;
            if ok_a && ok_ua {
                let parts = claimed(read);
                facts.push(if parts.is_empty() {
                    "claims no PDF/A or PDF/UA, as built".to_string()
                } else {
                    parts.join(" + ")
                });
            } else {
                let parts = claimed(read);
                v.problem(
                    file,
                    format!(
                        "claims {} in its XMP, but the build's standard was {standard}",
                        if parts.is_empty() {
                            "neither PDF/A nor PDF/UA".to_string()
                        } else {
                            parts.join(" + ")
                        }
                    ),
                );
            }
        }
        None => facts.push(format!(
            "claims {} (the manifest names no standard)",
            claimed(read).join(" + ")
        )),
    }
    match &read.lang {
        Some(lang) if primary(lang) == primary(&output.lang) => {}
        Some(lang) => v.problem(
            file,
            format!(
                "its language (/Lang) is {lang}, the manifest says {}",
                output.lang
            ),
        ),
        None => v.problem(file, "has no document language (/Lang)"),
    }
}

/// The XMP claims a standard's name implies: PDF/A part and conformance, PDF/UA part.
fn expected_claims(standard: &str) -> (Option<(&'static str, &'static str)>, Option<&'static str>) {
    let pdfa = if standard.contains("a-2a") {
        Some(("2", "A"))
    } else if standard.contains("a-2b") {
        Some(("2", "B"))
    } else {
        None
    };
    let pdfua = standard.contains("ua-1").then_some("1");
    (pdfa, pdfua)
}

/// Folio outputs of this report in the folder that the manifest does not list: a PDF or DOCX
/// named `<report>.<language tag>.<pdf|docx>`. Other files (a pack's zip, cover, index)
/// are not Folio build outputs and are left alone.
fn unlisted(v: &mut Verification, dir: &Path, report: &str, listed: &BTreeSet<&str>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    for name in names {
        let Some(rest) = name.strip_prefix(report).and_then(|r| r.strip_prefix('.')) else {
            continue;
        };
        let Some((lang, ext)) = rest.rsplit_once('.') else {
            continue;
        };
        let tag_like = {
            let mut subtags = lang.split('-');
            subtags.next().is_some_and(|p| {
                (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_lowercase())
            }) && subtags.all(|s| {
                !s.is_empty() && s.len() <= 8 && s.chars().all(|c| c.is_ascii_alphanumeric())
            })
        };
        if matches!(ext, "pdf" | "docx") && tag_like && !listed.contains(name.as_str()) {
            v.problem(
                &name,
                "a Folio output the manifest does not list (left from another build?)",
            );
        }
    }
}

/// The tokens of a PDF's blocks outside notes, and of its notes.
fn pdf_tokens(blocks: &[Block]) -> (Vec<Token>, Vec<Token>) {
    let (mut body, mut notes) = (String::new(), String::new());
    for block in blocks {
        let into = if block.note { &mut notes } else { &mut body };
        into.push_str(&block.text);
        into.push('\n');
    }
    (text::tokens(&body), text::tokens(&notes))
}

fn compare_text(
    v: &mut Verification,
    edition: &Edition,
    ok_lines: &mut BTreeMap<String, Vec<String>>,
) {
    let (Some((pdf_file, pdf)), Some((docx_file, docx))) = (&edition.pdf, &edition.docx) else {
        return;
    };
    let (pdf_body, pdf_notes) = pdf_tokens(&pdf.blocks);
    let docx_body: String = docx
        .blocks
        .iter()
        .map(|b| format!("{}\n", b.text))
        .collect();
    let docx_body = text::tokens(&docx_body);
    let docx_notes = text::tokens(&docx.notes.join("\n"));
    let mut same = true;
    for (what, p, d) in [
        ("text", &pdf_body, &docx_body),
        ("footnotes' text", &pdf_notes, &docx_notes),
    ] {
        if let Some(diff) = text::compare(p, d) {
            same = false;
            let counted = match diff.unmatched {
                Some((a, b)) => format!(
                    "; {a} of the PDF's {} words and {b} of the DOCX's {} have no match",
                    p.len(),
                    d.len()
                ),
                None => format!(" ({} and {} words)", p.len(), d.len()),
            };
            v.problem(
                docx_file,
                format!(
                    "its {what} differs from {pdf_file} from word {}{counted}\n        PDF:  {}\n        DOCX: {}",
                    diff.at + 1,
                    diff.pdf_context,
                    diff.docx_context
                ),
            );
        }
    }
    if same {
        let line = format!(
            "same text as {pdf_file} ({} words, {} in footnotes)",
            pdf_body.len(),
            pdf_notes.len()
        );
        if let Some(facts) = ok_lines.get_mut(docx_file) {
            facts.push(line);
        }
    }
}

/// The block sequence from the title on: a masthead before it legitimately differs between
/// editions (the original's has no language line, so one control line fewer).
fn from_title(blocks: &[Block]) -> Vec<String> {
    let start = blocks.iter().position(|b| b.tag == "Title").unwrap_or(0);
    blocks[start..].iter().map(|b| b.tag.clone()).collect()
}

/// Every edition's PDF structure (the sequence of structure types) and DOCX structure (the
/// sequence of paragraph styles, table cells marked) against the one most editions share.
fn compare_structure(v: &mut Verification, editions: &BTreeMap<String, Edition>) {
    let pdfs: Vec<(&str, Vec<String>)> = editions
        .values()
        .filter_map(|e| e.pdf.as_ref())
        .map(|(file, facts)| (file.as_str(), from_title(&facts.blocks)))
        .collect();
    let docxs: Vec<(&str, Vec<String>)> = editions
        .values()
        .filter_map(|e| e.docx.as_ref())
        .map(|(file, facts)| (file.as_str(), from_title(&facts.blocks)))
        .collect();
    for (kind, files) in [("structure tree", pdfs), ("paragraph styles", docxs)] {
        let mut counts: BTreeMap<&Vec<String>, usize> = BTreeMap::new();
        for (_, seq) in &files {
            *counts.entry(seq).or_default() += 1;
        }
        let Some((&common, &n)) = counts.iter().max_by_key(|(_, n)| **n) else {
            continue;
        };
        if counts.len() == 1 {
            continue;
        }
        let sharing: Vec<&str> = files
            .iter()
            .filter(|(_, s)| s == common)
            .map(|(f, _)| *f)
            .collect();
        for (file, seq) in &files {
            if seq == common {
                continue;
            }
            let at = seq.iter().zip(common).take_while(|(a, b)| a == b).count();
            let here = seq.get(at).map_or("the end", String::as_str);
            let there = common.get(at).map_or("the end", String::as_str);
            v.problem(
                file,
                format!(
                    "its {kind} (from the title on) differs from that of {n} other edition(s) ({}) at element {}: {here} where they have {there} ({} elements against {})",
                    sharing.join(", "),
                    at + 1,
                    seq.len(),
                    common.len()
                ),
            );
        }
    }
}

/// Runs `verify` for the command line: the report on stdout, exit 0 or 1.
pub fn main(dir: &Path) -> std::process::ExitCode {
    let verification = verify(dir);
    print!("{}", verification.render());
    if verification.passed() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::from(1)
    }
}
