//! Running a build: the plan (what to make), jobs on rayon, atomic writes, the manifest,
//! the exit status. The only module that knows about threads, the clock and output files.

mod check;
mod manifest;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::definition;
use crate::diag::{Diagnostic, Diagnostics, SourceRef};
use crate::edition::{self, Edition};
use crate::export::docx::write_docx;
use crate::export::pdf::{PdfFonts, PdfOptions, PdfStandard, write_pdf_stream};
use crate::fonts::FontBook;
use crate::layouts::{self, Layout};
use crate::model::{self, Report};
use crate::typeset::{self, Stats};

pub use manifest::{Manifest, Output};

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Pdf,
    Docx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }
}

/// Everything a run needs to know, from the command line or a test.
#[derive(Clone, Debug)]
pub struct RunOptions {
    pub report: PathBuf,
    pub out_dir: PathBuf,
    /// Only these editions (primary tags as written in the report).
    pub langs: Option<Vec<String>>,
    pub formats: Vec<Format>,
    /// Overrides the report's `layout:`.
    pub layout: Option<String>,
    /// Worker threads; `None` lets rayon decide.
    pub jobs: Option<usize>,
    pub font_dirs: Vec<PathBuf>,
    /// Overrides the layout's `pdf-standard`.
    pub pdf_standard: Option<PdfStandard>,
}

impl RunOptions {
    pub fn new(report: impl Into<PathBuf>) -> RunOptions {
        RunOptions {
            report: report.into(),
            out_dir: PathBuf::from("out"),
            langs: None,
            formats: vec![Format::Pdf, Format::Docx],
            layout: None,
            jobs: None,
            font_dirs: Vec::new(),
            pdf_standard: None,
        }
    }
}

/// A checked report, ready to build: every edition resolved with its layout, fonts loaded.
pub struct Plan {
    pub report: Report,
    pub editions: Vec<(Edition, Layout)>,
    pub fonts: Arc<FontBook>,
    pub pdf: PdfOptions,
    /// Warnings found while checking (parity, dates).
    pub warnings: Diagnostics,
}

/// Reads and checks everything, writing nothing. All errors found are returned together.
pub fn plan(opts: &RunOptions) -> Result<Plan, Diagnostics> {
    let loaded = definition::load_report(&opts.report)?;
    let report = model::validate(&loaded)?;
    let base = opts.report.parent().unwrap_or(Path::new("."));
    let (layout_name, layout_base, layout_at) = match &opts.layout {
        Some(name) => (
            name.clone(),
            Path::new("."),
            SourceRef::file(Path::new("--layout")),
        ),
        None => (report.layout.name.clone(), base, report.layout.at.clone()),
    };
    let fonts = FontBook::load(&opts.font_dirs);
    let layout = layouts::load_layout(&layout_name, layout_base, &layout_at);
    let (fonts, layout) = match (fonts, layout) {
        (Ok(f), Ok(l)) => (f, l),
        (f, l) => {
            let mut diags = Diagnostics::default();
            diags.extend(f.err().unwrap_or_default());
            diags.extend(l.err().unwrap_or_default());
            return Err(diags);
        }
    };

    let mut diags = Diagnostics::default();
    if let Some(langs) = &opts.langs {
        for lang in langs {
            if !report
                .editions
                .iter()
                .any(|e| e.lang.eq_ignore_ascii_case(lang))
            {
                diags.push(
                    Diagnostic::error(
                        SourceRef::file(&opts.report),
                        format!("--lang names `{lang}`, which is not an edition of this report"),
                    )
                    .with_hint(format!(
                        "the editions are {}",
                        report
                            .editions
                            .iter()
                            .map(|e| e.lang.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
            }
        }
    }
    let mut editions = Vec::new();
    for source in &report.editions {
        if opts
            .langs
            .as_ref()
            .is_some_and(|ls| !ls.iter().any(|l| l.eq_ignore_ascii_case(&source.lang)))
        {
            continue;
        }
        let edition = edition::resolve(&report, source);
        match layouts::resolve(&layout, &edition.lang.primary) {
            Ok(resolved) => {
                diags.extend(check::families_exist(&resolved, &fonts, &layout.file));
                diags.extend(check::fonts_cover(
                    &edition,
                    &resolved,
                    &fonts,
                    source,
                    &layout.file,
                ));
                editions.push((edition, resolved));
            }
            Err(e) => diags.extend(e),
        }
    }
    diags.extend(check::parity(&report));

    let standard = match (opts.pdf_standard, &layout.def.pdf_standard) {
        (Some(s), _) => s,
        (None, Some(text)) => text.value.parse().unwrap_or_else(|e| {
            diags.push(Diagnostic::error(
                definition::at(&layout.file, text),
                format!("{e}"),
            ));
            PdfStandard::default()
        }),
        (None, None) => PdfStandard::default(),
    };
    let created = report.date.or_else(source_date_epoch);
    if created.is_none() && standard != PdfStandard::None && standard != PdfStandard::Ua1 {
        diags.push(Diagnostic::warning(
            report.at.clone(),
            "no `date` and no SOURCE_DATE_EPOCH: PDF/A needs a document date, so 1970-01-01 is used",
        ).with_hint("add `date: YYYY-MM-DD` to the report"));
    }
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    Ok(Plan {
        report,
        editions,
        fonts: Arc::new(fonts),
        pdf: PdfOptions {
            standard,
            created: Some(created.unwrap_or(jiff::civil::date(1970, 1, 1))),
        },
        warnings: diags.sorted(),
    })
}

/// The date of `SOURCE_DATE_EPOCH`, the reproducible-builds convention for a fixed clock.
fn source_date_epoch() -> Option<jiff::civil::Date> {
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    let ts = jiff::Timestamp::from_second(secs).ok()?;
    Some(ts.to_zoned(jiff::tz::TimeZone::UTC).date())
}

/// One edition in one format.
#[derive(Clone, Copy, Debug)]
struct Job {
    edition: usize,
    format: Format,
}

/// What one job produced.
struct Made {
    bytes: Vec<u8>,
    pages: Option<usize>,
    stats: Option<Stats>,
    /// Typesetting warnings (a word wider than the line).
    warnings: Vec<String>,
}

/// The result of a build: the manifest, the typography report per edition, warnings.
pub struct BuildResult {
    pub manifest: Manifest,
    pub stats: Vec<(String, Stats)>,
    pub warnings: Vec<String>,
    pub failed: bool,
}

/// Builds every planned job in parallel and writes the outputs and the manifest.
pub fn build(opts: &RunOptions) -> Result<BuildResult, Diagnostics> {
    let plan = plan(opts)?;
    std::fs::create_dir_all(&opts.out_dir).map_err(|e| {
        Diagnostic::error(
            SourceRef::file(&opts.out_dir),
            format!("cannot create the output folder: {e}"),
        )
    })?;
    let jobs: Vec<Job> = (0..plan.editions.len())
        .flat_map(|edition| {
            let mut formats = opts.formats.clone();
            formats.sort();
            formats.dedup();
            formats
                .into_iter()
                .map(move |format| Job { edition, format })
        })
        .collect();
    let run_jobs = || -> Vec<(Job, Result<Made, String>)> {
        jobs.par_iter()
            .map(|&job| (job, make(&plan, job)))
            .collect()
    };
    let results = match opts.jobs {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .map_err(|e| {
                Diagnostic::error(
                    SourceRef::default(),
                    format!("cannot start worker threads: {e}"),
                )
            })?
            .install(run_jobs),
        None => run_jobs(),
    };

    let mut outputs = Vec::new();
    let mut stats = Vec::new();
    let mut warnings: Vec<String> = plan.warnings.0.iter().map(ToString::to_string).collect();
    for (job, result) in results {
        let (edition, _) = &plan.editions[job.edition];
        let name = format!(
            "{}.{}.{}",
            plan.report.id,
            edition.lang.tag,
            job.format.extension()
        );
        let written = result.and_then(|made| {
            manifest::write_atomic(&opts.out_dir.join(&name), &made.bytes)?;
            Ok(made)
        });
        outputs.push(match written {
            Ok(made) => {
                warnings.extend(
                    made.warnings
                        .iter()
                        .map(|w| format!("warning: {name}: {w}")),
                );
                if let Some(s) = made.stats {
                    stats.push((edition.lang.tag.clone(), s));
                }
                Output::written(
                    &edition.lang.tag,
                    job.format,
                    &name,
                    &made.bytes,
                    made.pages,
                )
            }
            Err(message) => {
                warnings.push(format!("error: {name}: {message}"));
                Output::failed(&edition.lang.tag, job.format, &name, &message)
            }
        });
    }
    let manifest = Manifest::new(&plan.report.id, outputs);
    let failed = manifest.outputs.iter().any(|o| o.status != "ok");
    manifest::write_atomic(
        &opts.out_dir.join("manifest.json"),
        manifest.to_json().as_bytes(),
    )
    .map_err(|e| Diagnostic::error(SourceRef::file(&opts.out_dir), e))?;
    Ok(BuildResult {
        manifest,
        stats,
        warnings,
        failed,
    })
}

/// Runs one job on a thread of its own, which ends with the job. mimalloc returns a thread's
/// freed pages only when that thread allocates again, so a pool thread left idle after its
/// job kept all it had freed committed while the other job went on: ×500 `en`, PDF + DOCX at
/// -j 2, 191–209 MiB peak on the pool threads, 180–190 MiB on threads of their own (see
/// benches/README.md). A thread costs microseconds; no time difference was measurable.
fn make(plan: &Plan, job: Job) -> Result<Made, String> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| make_here(plan, job))
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

fn make_here(plan: &Plan, job: Job) -> Result<Made, String> {
    let (edition, layout) = &plan.editions[job.edition];
    match job.format {
        Format::Pdf => {
            // Broken and paginated whole, then drawn page by page: only one page's glyph
            // runs exist at a time (see benches/README.md, memory at ×500).
            let set = typeset::stream(edition, layout, &plan.fonts);
            let pages = set.pages.count;
            // The font bytes are shared; krilla's font handles are made per document. krilla
            // clones its handle for every glyph run, and one handle shared by two threads
            // made both jobs a third slower (measured: 0.73 s against 0.54 s of CPU for two
            // editions at -j 2).
            let pdf_fonts = PdfFonts::new(&plan.fonts);
            let bytes = write_pdf_stream(set.pages, edition, &pdf_fonts, &plan.pdf)
                .map_err(|e| e.to_string())?;
            Ok(Made {
                bytes,
                pages: Some(pages),
                stats: Some(set.stats),
                warnings: set.warnings,
            })
        }
        Format::Docx => {
            let bytes = write_docx(edition, layout).map_err(|e| e.to_string())?;
            Ok(Made {
                bytes,
                pages: None,
                stats: None,
                warnings: Vec::new(),
            })
        }
    }
}

/// Writes a copy of `report` whose editions repeat their body `repeat` times, for
/// benchmarks anyone can reproduce. Returns the new report's path.
pub fn generate(report: &Path, repeat: usize, out: &Path) -> Result<PathBuf, Diagnostics> {
    let loaded = definition::load_report(report)?;
    if loaded.diagnostics.has_errors() {
        return Err(loaded.diagnostics);
    }
    let io = |e: std::io::Error| {
        Diagnostics::from(Diagnostic::error(SourceRef::file(out), e.to_string()))
    };
    std::fs::create_dir_all(out).map_err(io)?;
    let dir = report.parent().unwrap_or(Path::new("."));
    let text = std::fs::read_to_string(report).map_err(io)?;
    for (file, _) in loaded.sources.iter().flatten() {
        let source = std::fs::read_to_string(file).map_err(io)?;
        // The body is the last key of an edition file in Folio's fixtures: repeat its items.
        let Some(at) = source.find("\nbody:\n") else {
            continue;
        };
        let (head, body) = source.split_at(at + "\nbody:\n".len());
        let mut repeated = head.to_string();
        for _ in 0..repeat {
            repeated.push_str(body);
            if !body.ends_with('\n') {
                repeated.push('\n');
            }
        }
        let name = file.strip_prefix(dir).unwrap_or(file);
        std::fs::write(out.join(name), repeated).map_err(io)?;
    }
    let layout_note = "# generated by `folio generate`; layouts by name only\n";
    let path = out.join(report.file_name().unwrap_or_default());
    std::fs::write(&path, format!("{layout_note}{text}")).map_err(io)?;
    Ok(path)
}
