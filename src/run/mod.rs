//! Running a build: the plan (what to make), jobs on rayon, atomic writes, the manifest,
//! the exit status. The only module that knows about threads, the clock and output files.

pub mod batch;
mod check;
mod manifest;
pub mod merge;
pub(crate) mod output;
pub mod progress;
mod thumbnails;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use rayon::prelude::*;

use crate::definition;
use crate::diag::{Diagnostic, Diagnostics, SourceRef};
use crate::edition::{self, Edition};
use crate::export::docx::write_docx_set;
use crate::export::pdf::{PdfFonts, PdfOptions, PdfStandard, write_pdf_stream};
use crate::fonts::FontBook;
use crate::input::{self, InputKind, Scope};
use crate::layouts::{self, Layout};
use crate::model::{self, Block, Report};
use crate::typeset::{self, Stats};
use crate::typography;

pub use manifest::{BatchManifest, EditionEntry, Manifest, Output, ReportEntry, ShardInfo};
use output::{MANIFEST, OutputDir};
use progress::{JobLine, Progress};
use thumbnails::{FirstPage, Thumbnails};

/// The most worker threads `-j` may ask for: more only costs memory.
pub const MAX_JOBS: usize = 256;

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
    /// Lets the report read edition files and layouts outside its own folder.
    pub allow_outside: bool,
    /// Packs each report's folder for a circular (`pack`) once its build is committed.
    pub pack: bool,
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
            allow_outside: false,
            pack: false,
        }
    }

    /// Where the report may read its edition files and layout from.
    pub fn scope(&self) -> Scope {
        if self.allow_outside {
            Scope::anywhere()
        } else {
            Scope::folder_of(&self.report)
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
    /// Every file read from disk (report, editions, layout), which no output may replace.
    pub inputs: Vec<PathBuf>,
}

/// What every report of a run shares: the fonts, parsed once, and each layout, loaded once.
pub struct Shared {
    fonts: Result<Arc<FontBook>, Diagnostics>,
    /// Whether `fonts` are the shipped faces alone (no `--font-dir`).
    fonts_shipped: bool,
    /// Loaded layouts by what names them (`LayoutKey`); only successes are kept, so that a
    /// report naming a broken layout gets the errors at its own line.
    layouts: Mutex<HashMap<LayoutKey, Arc<layouts::LoadedLayout>>>,
}

/// What decides which layout a name means: a shipped layout's name, or a path as written
/// with the folder it is relative to (and so the scope it is read under).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum LayoutKey {
    Shipped(String),
    File { name: String, base: PathBuf },
}

impl Shared {
    /// Parses the fonts (the shipped ones and `font_dirs`); errors are kept for each plan.
    pub fn load(font_dirs: &[PathBuf]) -> Shared {
        Shared {
            fonts: FontBook::load(font_dirs).map(Arc::new),
            fonts_shipped: font_dirs.is_empty(),
            layouts: Mutex::default(),
        }
    }

    /// What the pack's cover is set with (`CoverSetting::load`): the default layout, from
    /// this run's layouts, and the shipped fonts, this run's own when it names no font
    /// folder, so that the cover shapes with the plans the jobs have made.
    pub fn cover_setting(&self) -> Result<crate::pack::CoverSetting, Diagnostics> {
        let name = layouts::DEFAULT_LAYOUT;
        let at = SourceRef::file(Path::new(name));
        let layout = self.layout(name, Path::new("."), &at, &Scope::anywhere())?;
        let fonts = match &self.fonts {
            Ok(fonts) if self.fonts_shipped => fonts.clone(),
            _ => Arc::new(FontBook::load(&[])?),
        };
        Ok(crate::pack::CoverSetting { layout, fonts })
    }

    /// The font errors, if the fonts could not be loaded.
    pub fn font_errors(&self) -> Option<&Diagnostics> {
        self.fonts.as_ref().err()
    }

    fn layout(
        &self,
        name: &str,
        base: &Path,
        at: &SourceRef,
        scope: &Scope,
    ) -> Result<Arc<layouts::LoadedLayout>, Diagnostics> {
        let key = if layouts::shipped_layouts().contains(&name) {
            LayoutKey::Shipped(name.to_string())
        } else {
            // The same name from the same folder is the same file under the same scope.
            let base = std::fs::canonicalize(base).unwrap_or_else(|_| base.to_path_buf());
            LayoutKey::File {
                name: name.to_string(),
                base,
            }
        };
        // Held while loading, so that two reports never load one layout twice.
        let mut cache = self.layouts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(layout) = cache.get(&key) {
            return Ok(layout.clone());
        }
        let layout = Arc::new(layouts::load_layout(name, base, at, scope)?);
        cache.insert(key, layout.clone());
        Ok(layout)
    }
}

/// Reads and checks everything, writing nothing. All errors found are returned together.
pub fn plan(opts: &RunOptions) -> Result<Plan, Diagnostics> {
    plan_with(opts, &Shared::load(&opts.font_dirs))
}

/// `plan` with the fonts and layouts of a run that builds several reports.
pub fn plan_with(opts: &RunOptions, shared: &Shared) -> Result<Plan, Diagnostics> {
    let scope = opts.scope();
    let loaded = definition::load_report(&opts.report, &scope)?;
    let mut inputs = vec![loaded.file.clone()];
    inputs.extend(
        loaded
            .sources
            .iter()
            .flatten()
            .map(|(file, _)| file.clone()),
    );
    // The report's errors do not stop the plan: the layout is loaded and resolved as well,
    // so that one run reports every error. The report's warnings start the list.
    let (report, mut diags) = match model::validate(&loaded) {
        Ok(warned) => (Some(warned.output), warned.warnings),
        Err(errors) => (None, errors),
    };
    let base = opts.report.parent().unwrap_or(Path::new("."));
    let written = model::layout_ref(&loaded);
    // A layout named on the command line is the user's own choice, so it is not confined.
    let (layout_name, layout_base, layout_at, layout_scope) = match &opts.layout {
        Some(name) => (
            name.clone(),
            Path::new("."),
            SourceRef::file(Path::new("--layout")),
            Scope::anywhere(),
        ),
        None => match written {
            Some(written) => (written.name, base, written.at, scope),
            None => (
                layouts::DEFAULT_LAYOUT.to_string(),
                base,
                SourceRef::file(&opts.report),
                scope,
            ),
        },
    };
    let layout = shared.layout(&layout_name, layout_base, &layout_at, &layout_scope);
    // The run's fonts, or, when the layout names its own font folder, those plus its own
    // (after the --font-dir folders), loaded for this report.
    let fonts = match layout.as_deref().map(layouts::font_dir) {
        Ok(Err(e)) => Err(e),
        Ok(Ok(Some((own, own_scope)))) => {
            let anywhere = Scope::anywhere();
            let dirs = (opts.font_dirs.iter().map(|d| (d.as_path(), &anywhere)))
                .chain([(own.as_path(), &own_scope)]);
            FontBook::load_scoped(&dirs.collect::<Vec<_>>()).map(Arc::new)
        }
        Ok(Ok(None)) | Err(_) => shared.fonts.clone(),
    };
    let (report, fonts, layout) = match (report, fonts, layout) {
        (Some(r), Ok(f), Ok(l)) => (r, f, l),
        (_, fonts, layout) => {
            let fonts = fonts.map_err(|e| diags.extend(e)).ok();
            if let Ok(layout) = layout {
                resolve_written_languages(opts, &loaded, &layout, fonts.as_deref(), &mut diags);
            } else if let Err(e) = layout {
                diags.extend(e);
            }
            return Err(diags.sorted());
        }
    };

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
                // Every check and writer reads the edition with its layout's punctuation.
                let edition = typography::apply(edition, &resolved);
                diags.extend(check::families_exist(&resolved, &fonts, &layout.file));
                diags.extend(check::fonts_cover(
                    &edition,
                    &resolved,
                    &fonts,
                    source,
                    &layout.file,
                ));
                diags.extend(check::furniture_cover(
                    &edition,
                    &resolved,
                    &fonts,
                    &layout.file,
                ));
                diags.extend(check::tables_fit(&edition, &resolved));
                editions.push((edition, resolved));
            }
            Err(e) => diags.extend(e),
        }
    }
    diags.extend(check::parity(&report));
    if let Some((_, resolved)) = editions.first() {
        diags.extend(check::job_shown(&report, resolved, &resolved.name));
    }

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
    if !layouts::shipped_layouts().contains(&layout_name.as_str()) {
        inputs.push(layout.file.clone());
        inputs.extend(layout.images.keys().cloned());
    }
    Ok(Plan {
        report,
        editions,
        fonts,
        pdf: PdfOptions {
            standard,
            created: Some(created.unwrap_or(jiff::civil::date(1970, 1, 1))),
        },
        warnings: diags.sorted(),
        inputs,
    })
}

/// When the report has errors (or the fonts could not be loaded): resolves the layout for
/// every language the report names (as far as it can be read), so that layout errors come
/// out in the same run as the report's.
fn resolve_written_languages(
    opts: &RunOptions,
    loaded: &definition::LoadedReport,
    layout: &layouts::LoadedLayout,
    fonts: Option<&FontBook>,
    diags: &mut Diagnostics,
) {
    let mut primaries = std::collections::BTreeSet::new();
    for entry in &loaded.def.editions {
        let tag = entry.value.lang.value.trim();
        if opts
            .langs
            .as_ref()
            .is_some_and(|ls| !ls.iter().any(|l| l.eq_ignore_ascii_case(tag)))
        {
            continue;
        }
        primaries.insert(edition::lang_of(tag).primary);
    }
    for lang in primaries {
        match layouts::resolve(layout, &lang) {
            Ok(resolved) => {
                if let Some(fonts) = fonts {
                    diags.extend(check::families_exist(&resolved, fonts, &layout.file));
                }
            }
            Err(e) => diags.extend(e),
        }
    }
}

/// The laid-out pages of every planned edition as text (`folio dump`), for golden files.
pub fn dump(opts: &RunOptions) -> Result<String, Diagnostics> {
    let plan = plan(opts)?;
    let mut text = String::new();
    for (edition, layout) in &plan.editions {
        let set = typeset::typeset(edition, layout, &plan.fonts);
        text.push_str(&format!("== {} ({})\n", edition.lang.tag, layout.name));
        text.push_str(&typeset::dump::dump(&set.pages));
    }
    Ok(text)
}

/// The date of `SOURCE_DATE_EPOCH`, the reproducible-builds convention for a fixed clock.
pub(crate) fn source_date_epoch() -> Option<jiff::civil::Date> {
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
    /// Shared with the pack, when the run packs.
    bytes: Arc<Vec<u8>>,
    pages: Option<usize>,
    stats: Option<Stats>,
    /// Typesetting warnings (a word wider than the line).
    warnings: Vec<String>,
}

/// The result of a build: the manifest, the typography report per edition, warnings.
pub struct BuildResult {
    pub manifest: Manifest,
    pub stats: Vec<(String, Stats)>,
    /// Every message for the user in order: the plan's warnings, the jobs' warnings and the
    /// failed jobs' errors (which `errors` repeats, for `--quiet`).
    pub warnings: Vec<String>,
    pub errors: Vec<String>,
    pub failed: bool,
    /// Why `manifest.json` could not be written, if it could not: the outputs marked `ok`
    /// are then in place but the build is not committed.
    pub manifest_error: Option<String>,
    /// What `pack` wrote, when the run packed the folder and the pack was made.
    pub packed: Option<crate::pack::PackResult>,
}

/// Builds every planned job in parallel, then writes the outputs and the manifest under the
/// output folder's contract (`output`): an `Err` means nothing under a final name changed.
pub fn build(opts: &RunOptions) -> Result<BuildResult, Diagnostics> {
    build_reporting(opts, &Progress::silent())
}

/// `build`, telling `progress` about each job as it ends (`--verbose`).
pub fn build_reporting(opts: &RunOptions, progress: &Progress) -> Result<BuildResult, Diagnostics> {
    let shared = Shared::load(&opts.font_dirs);
    let plan = plan_with(opts, &shared)?;
    let cover = opts.pack.then(|| shared.cover_setting()).transpose()?;
    let jobs = jobs_of(&plan, &opts.formats);
    let out_error = |message: String| {
        Diagnostics::from(Diagnostic::error(SourceRef::file(&opts.out_dir), message))
    };
    // The thumbnails' tasks may still be drawing when the jobs end: the scope spans the
    // writing too, and the pack takes each thumbnail when it needs it.
    let thumbnails = Thumbnails::new(jobs.len());
    let run = || {
        rayon::in_place_scope(|scope| {
            let first_pages = opts.pack.then_some((scope, &thumbnails));
            let results = run_jobs(&plan, &jobs, progress, JobThread::Own, first_pages);
            let pack = cover.as_ref().map(|cover| (cover, &thumbnails));
            write(&plan, &opts.out_dir, &jobs, results, pack)
        })
    };
    match opts.jobs {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.clamp(1, MAX_JOBS).min(jobs.len().max(1)))
            .build()
            .map_err(|e| out_error(format!("cannot start worker threads: {e}")))?
            .install(run),
        None => run(),
    }
}

/// Every edition in every format, with the file name each output gets.
fn jobs_of(plan: &Plan, formats: &[Format]) -> Vec<(Job, String)> {
    let mut formats = formats.to_vec();
    formats.sort();
    formats.dedup();
    (0..plan.editions.len())
        .flat_map(|edition| formats.iter().map(move |&format| Job { edition, format }))
        .map(|job| {
            let name = format!(
                "{}.{}.{}",
                plan.report.id,
                plan.editions[job.edition].0.lang.tag,
                job.format.extension()
            );
            (job, name)
        })
        .collect()
}

/// Which thread runs a job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum JobThread {
    /// A thread of its own, which ends with the job (`make`): one report's build, whose
    /// pool threads go idle with what they freed while the last jobs run.
    Own,
    /// The pool thread that took the job: a batch's threads go from job to job, and each
    /// job reuses the memory its thread's previous job freed instead of new pages that the
    /// kernel must zero (10 % of a batch's CPU on threads of their own). A thread keeps at
    /// most one job's freed memory, and only at the batch's very end is one idle.
    Pool,
}

/// Runs a report's jobs on the current rayon pool (a batch's one pool shares it with the
/// other reports' jobs), in the jobs' order; with `first_pages` (the run packs), each PDF job
/// hands its first page to `Thumbnails`, whose tasks on the scope draw them.
fn run_jobs<'scope>(
    plan: &'scope Plan,
    jobs: &[(Job, String)],
    progress: &Progress,
    thread: JobThread,
    first_pages: Option<(&rayon::Scope<'scope>, &'scope Thumbnails)>,
) -> Vec<Result<Made, String>> {
    // One edition's PDF and DOCX jobs paginate it once: whichever needs its headings' pages
    // first (the PDF job always does, as it typesets) leaves them here for the other.
    let pages: Vec<HeadingPages> = plan.editions.iter().map(|_| OnceLock::new()).collect();
    (jobs.par_iter().enumerate())
        .map(|(i, (job, name))| {
            let started = Instant::now();
            let first_page = first_pages.map(|(scope, thumbnails)| FirstPage {
                scope,
                thumbnails,
                fonts: &plan.fonts,
                job: i,
            });
            let first_page = first_page.as_ref();
            let made = match thread {
                JobThread::Own => make(plan, *job, &pages[job.edition], first_page),
                JobThread::Pool => make_here(plan, *job, &pages[job.edition], first_page),
            };
            progress.job_done(&JobLine {
                report: &plan.report.id,
                name,
                bytes: made.as_ref().ok().map(|m| m.bytes.len()),
                pages: made.as_ref().ok().and_then(|m| m.pages),
                error: made.as_ref().err().map(String::as_str),
                time: started.elapsed(),
            });
            made
        })
        .collect()
}

/// Writes one report's outputs and then its manifest into `out_dir` under the output
/// folder's contract; with `pack`, packs the folder (`pack::pack_built`) under the same lock
/// once the manifest is in. The pack is made beside the commit, from the manifest the build
/// will have when every output goes in, and written only if they all did: a pack carries
/// exactly a committed build, or nothing (as `folio pack` would refuse).
fn write(
    plan: &Plan,
    out_dir: &Path,
    jobs: &[(Job, String)],
    results: Vec<Result<Made, String>>,
    pack: Option<(&crate::pack::CoverSetting, &Thumbnails)>,
) -> Result<BuildResult, Diagnostics> {
    let out_error =
        |message: String| Diagnostics::from(Diagnostic::error(SourceRef::file(out_dir), message));
    let names = jobs.iter().map(|(_, name)| name.as_str());
    refuse_to_replace_inputs(out_dir, names.chain([MANIFEST]), &plan.inputs).map_err(out_error)?;
    let out = OutputDir::open(out_dir).map_err(out_error)?;
    // Every output as the manifest lists it once committed (its size and SHA-256).
    let outputs: Vec<Output> = (jobs.iter().zip(&results))
        .map(|((job, name), result)| {
            let lang = &plan.editions[job.edition].0.lang.tag;
            match result {
                Ok(made) => Output::written(lang, job.format, name, &made.bytes, made.pages),
                Err(message) => Output::failed(lang, job.format, name, message),
            }
        })
        .collect();
    let manifest_of = |outputs: Vec<Output>| {
        let mut manifest =
            Manifest::new(&plan.report.id, outputs).describing(&plan.report, &plan.editions);
        manifest.pdf_standard = Some(plan.pdf.standard.name().to_string());
        manifest
    };
    let to_pack = pack
        .filter(|_| results.iter().all(Result::is_ok))
        .map(|cover| {
            let (cover, thumbnails) = cover;
            let built: Vec<crate::pack::Built> = (results.iter().zip(jobs).enumerate())
                .filter_map(|(i, (result, (job, name)))| {
                    let made = result.as_ref().ok()?;
                    let thumbnail = (job.format == Format::Pdf).then(|| {
                        let take = move || thumbnails.take(i, &plan.fonts);
                        Box::new(take) as crate::pack::TakeThumbnail
                    });
                    Some(crate::pack::Built {
                        name: name.clone(),
                        bytes: made.bytes.clone(),
                        thumbnail,
                    })
                })
                .collect();
            (cover, manifest_of(outputs.clone()), built)
        });
    let commit = || commit(plan, &out, jobs, results, outputs, manifest_of);
    let (pack_made, committed) = match to_pack {
        // The pack, the longer, first: the pool's other thread takes the commit.
        Some((cover, manifest, built)) => rayon::join(
            || {
                let json = manifest.to_json();
                let made = crate::pack::pack_built(
                    &out,
                    out_dir,
                    cover,
                    &manifest,
                    json.as_bytes(),
                    built,
                );
                Some(made)
            },
            commit,
        ),
        None => (None, commit()),
    };
    let Committed {
        manifest,
        manifest_error,
        stats,
        mut warnings,
        mut errors,
    } = committed.map_err(out_error)?;
    let failed = manifest.outputs.iter().any(|o| o.status != "ok");
    let mut packed = None;
    if pack.is_some() {
        let made = match pack_made {
            Some(made) if !failed && manifest_error.is_none() => {
                made.and_then(|pack| pack.write(&out, out_dir))
            }
            _ => Err(Diagnostics::from(Diagnostic::error(
                SourceRef::file(out_dir),
                "not made: the build did not succeed",
            ))),
        };
        match made {
            Ok(result) => packed = Some(result),
            Err(diags) => {
                let messages: Vec<&str> = diags.0.iter().map(|d| d.message.as_str()).collect();
                let error = format!("error: the pack: {}", messages.join("; "));
                warnings.push(error.clone());
                errors.push(error);
            }
        }
    }
    Ok(BuildResult {
        manifest,
        stats,
        warnings,
        failed: failed || manifest_error.is_some() || !errors.is_empty(),
        errors,
        manifest_error,
        packed,
    })
}

/// What committing a report's outputs and manifest left.
struct Committed {
    manifest: Manifest,
    manifest_error: Option<String>,
    stats: Vec<(String, Stats)>,
    warnings: Vec<String>,
    errors: Vec<String>,
}

/// Stages every output, then renames each into place and writes the manifest (`outputs`,
/// each made `failed` when its file could not be put in place). `Err`: an output could not
/// be staged, and nothing under a final name changed.
fn commit(
    plan: &Plan,
    out: &OutputDir,
    jobs: &[(Job, String)],
    results: Vec<Result<Made, String>>,
    mut outputs: Vec<Output>,
    manifest_of: impl FnOnce(Vec<Output>) -> Manifest,
) -> Result<Committed, String> {
    // Stage every output before replacing any: a full disk or a write error here leaves
    // the previous build as it was.
    let mut staged = Vec::new();
    for ((_, name), result) in jobs.iter().zip(&results) {
        staged.push(match result {
            Ok(made) => Some(
                out.stage(name, &made.bytes)
                    .map_err(|e| format!("{e}; the previous outputs and manifest are untouched"))?,
            ),
            Err(_) => None,
        });
    }

    // Commit: the old manifest goes first, so that an interrupted build leaves none.
    out.remove(MANIFEST);
    let mut stats = Vec::new();
    let mut warnings: Vec<String> = plan.warnings.render_each(false);
    let mut errors = Vec::new();
    for (i, (((job, name), result), staged)) in jobs.iter().zip(results).zip(staged).enumerate() {
        if i == jobs.len() / 2 {
            output::test_fault();
        }
        let lang = &plan.editions[job.edition].0.lang.tag;
        let written = result.and_then(|made| match staged {
            Some(staged) => out.commit(staged).map(|()| made),
            None => Err("not staged".to_string()),
        });
        match written {
            Ok(made) => {
                warnings.extend(
                    made.warnings
                        .iter()
                        .map(|w| format!("warning: {name}: {w}")),
                );
                if let Some(s) = made.stats {
                    stats.push((lang.clone(), s));
                }
            }
            Err(message) => {
                // A previous build's file must not pass for this build's.
                out.remove(name);
                let error = format!("error: {name}: {message}");
                warnings.push(error.clone());
                errors.push(error);
                outputs[i] = Output::failed(lang, job.format, name, &message);
            }
        }
    }
    out.sync();
    let manifest = manifest_of(outputs);
    let manifest_json = manifest.to_json();
    let manifest_error = out
        .stage(MANIFEST, manifest_json.as_bytes())
        .and_then(|staged| out.commit(staged))
        .err();
    out.sync();
    Ok(Committed {
        manifest,
        manifest_error,
        stats,
        warnings,
        errors,
    })
}

/// An error when an output would replace one of the inputs, such as `-o` naming the
/// report's folder with an edition file called like an output.
fn refuse_to_replace_inputs<'a>(
    out: &Path,
    names: impl IntoIterator<Item = &'a str>,
    inputs: &[PathBuf],
) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let identity = |m: std::fs::Metadata| (m.dev(), m.ino());
    let inputs: Vec<_> = inputs
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok().map(identity))
        .collect();
    for name in names {
        let target = out.join(name);
        if let Ok(meta) = std::fs::symlink_metadata(&target)
            && inputs.contains(&identity(meta))
        {
            return Err(format!(
                "the output {} would replace an input file; choose another output folder with -o",
                target.display()
            ));
        }
    }
    Ok(())
}

/// Runs one job on a thread of its own, which ends with the job. mimalloc returns a thread's
/// freed pages only when that thread allocates again, so a pool thread left idle after its
/// job kept all it had freed committed while the other job went on: ×500 `en`, PDF + DOCX at
/// -j 2, 191–209 MiB peak on the pool threads, 180–190 MiB on threads of their own (see
/// benches/README.md). For one report no time difference was measurable; a batch, whose
/// threads never idle until its end, runs its jobs on the pool's threads (`JobThread::Pool`).
fn make(
    plan: &Plan,
    job: Job,
    pages: &HeadingPages,
    first_page: Option<&FirstPage>,
) -> Result<Made, String> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| make_here(plan, job, pages, first_page))
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The page of every heading of one edition (`typeset::heading_pages`), once one of its jobs
/// has paginated it.
type HeadingPages = OnceLock<Vec<usize>>;

fn make_here(
    plan: &Plan,
    job: Job,
    heading_pages: &HeadingPages,
    first_page: Option<&FirstPage>,
) -> Result<Made, String> {
    let (edition, layout) = &plan.editions[job.edition];
    // Only a table of contents needs the headings' pages in the DOCX.
    let contents = (edition.content.blocks()).any(|b| matches!(b, Block::Contents { .. }));
    match job.format {
        Format::Pdf => {
            // Broken and paginated whole, then drawn page by page: only one page's glyph
            // runs exist at a time (see benches/README.md, memory at ×500).
            let set = typeset::stream(edition, layout, &plan.fonts);
            if contents {
                // Never waits: a DOCX job paginating at the same time sets the same pages.
                let _ = heading_pages.set(set.pages.heading_pages());
            }
            let pages = set.pages.count;
            // The font bytes are shared; krilla's font handles are made per document. krilla
            // clones its handle for every glyph run, and one handle shared by two threads
            // made both jobs a third slower (measured: 0.73 s against 0.54 s of CPU for two
            // editions at -j 2).
            let pdf_fonts = PdfFonts::new(&plan.fonts);
            // The pack's thumbnail is drawn from the first page's items while they exist,
            // rather than by reading the PDF back: about a fifth of hayro's time, which was
            // most of what `build --pack` added (benches/README.md).
            let size = (set.pages.width, set.pages.height);
            let bytes = write_pdf_stream(set.pages, &pdf_fonts, &plan.pdf, |index, page| {
                if let (Some(first_page), 0) = (first_page, index) {
                    first_page.draw(page, size);
                }
            })
            .map_err(|e| e.to_string())?;
            Ok(Made {
                bytes: Arc::new(bytes),
                pages: Some(pages),
                stats: Some(set.stats),
                warnings: set.warnings,
            })
        }
        Format::Docx => {
            // The PDF job's pages when it has got that far, or a pagination of its own
            // (without glyphs) rather than waiting for it: `--format docx` has no PDF job.
            let pages = match (contents, heading_pages.get()) {
                (false, _) => Vec::new(),
                (true, Some(pages)) => pages.clone(),
                (true, None) => {
                    let pages = typeset::heading_pages(edition, layout, &plan.fonts);
                    let _ = heading_pages.set(pages.clone());
                    pages
                }
            };
            // The title's lines as the PDF balances them; only the titles are shaped.
            let titles = typeset::title_breaks(edition, layout, &plan.fonts);
            let bytes =
                write_docx_set(edition, layout, &pages, &titles).map_err(|e| e.to_string())?;
            Ok(Made {
                bytes: Arc::new(bytes),
                pages: None,
                stats: None,
                warnings: Vec::new(),
            })
        }
    }
}

/// Writes a copy of `report` whose editions repeat their body `repeat` times, for
/// benchmarks anyone can reproduce. Returns the new report's path. Every file goes into
/// `out` under the same safe writes as a build, and none may replace an input.
pub fn generate(report: &Path, repeat: usize, out: &Path) -> Result<PathBuf, Diagnostics> {
    let loaded = definition::load_report(report, &Scope::folder_of(report))?;
    if loaded.diagnostics.has_errors() {
        return Err(loaded.diagnostics);
    }
    let fail = |at: &Path, message: String| {
        Diagnostics::from(Diagnostic::error(SourceRef::file(at), message))
    };
    let dir = report.parent().unwrap_or(Path::new("."));
    let report_name = plain_name(report)
        .ok_or_else(|| fail(report, "expected a report file, not a folder".to_string()))?;
    // The copied report names its edition files as the original does, so each must be a
    // plain file name beside the report.
    let mut files = vec![(
        report_name.clone(),
        input::read_text(report, InputKind::Definition).map_err(|e| fail(report, e))?,
    )];
    let mut inputs = vec![report.to_path_buf()];
    for (file, _) in loaded.sources.iter().flatten() {
        let name = plain_name(file)
            .filter(|_| file.parent() == Some(dir))
            .ok_or_else(|| {
                fail(file, "`folio generate` copies edition files that sit beside the report; expected `source: <file name>`".to_string())
            })?;
        let source = input::read_text(file, InputKind::Definition).map_err(|e| fail(file, e))?;
        files.push((name, repeat_body(&source, repeat)));
        inputs.push(file.clone());
    }
    if let Some((name, text)) = files
        .iter()
        .find(|(_, t)| t.len() as u64 > input::MAX_DEFINITION_BYTES)
    {
        return Err(fail(
            out,
            format!(
                "{name} would be {} MiB; Folio reads definitions up to {} MiB, so lower --repeat",
                text.len() >> 20,
                input::MAX_DEFINITION_BYTES >> 20
            ),
        ));
    }
    files[0]
        .1
        .insert_str(0, "# generated by `folio generate`; layouts by name only\n");

    refuse_to_replace_inputs(out, files.iter().map(|(n, _)| n.as_str()), &inputs)
        .map_err(|e| fail(out, e))?;
    let target = OutputDir::open(out).map_err(|e| fail(out, e))?;
    let staged = files
        .iter()
        .map(|(name, text)| target.stage(name, text.as_bytes()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| fail(out, e))?;
    for staged in staged {
        target.commit(staged).map_err(|e| fail(out, e))?;
    }
    target.sync();
    Ok(out.join(report_name))
}

/// The body is the last key of an edition file in Folio's fixtures: repeat its items.
fn repeat_body(source: &str, repeat: usize) -> String {
    let Some(at) = source.find("\nbody:\n") else {
        return source.to_string();
    };
    let (head, rest) = source.split_at(at + "\nbody:\n".len());
    // The body ends at the next top-level key (`organ:`, `agenda:` …): a line that starts
    // with neither indentation, a list dash nor a comment.
    let body_len = rest
        .split_inclusive('\n')
        .take_while(|line| line.starts_with([' ', '\t', '-', '#', '\n', '\r']))
        .map(str::len)
        .sum();
    let (body, tail) = rest.split_at(body_len);
    let mut repeated = head.to_string();
    for _ in 0..repeat {
        // Past the limit `generate` refuses the file anyway; stop before memory runs out.
        if repeated.len() as u64 > input::MAX_DEFINITION_BYTES {
            break;
        }
        repeated.push_str(body);
        if !body.ends_with('\n') {
            repeated.push('\n');
        }
    }
    repeated.push_str(tail);
    repeated
}

/// The last component of `path`, when it is an ordinary name.
fn plain_name(path: &Path) -> Option<String> {
    match path.components().next_back()? {
        std::path::Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::repeat_body;

    #[test]
    fn repeat_body_repeats_only_the_body_and_keeps_the_keys_after_it() {
        let source = "title: T\nbody:\n  - paragraph: a\n  # note\n  - paragraph: b\norgan: O\nagenda:\n  - x\n";
        assert_eq!(
            repeat_body(source, 2),
            "title: T\nbody:\n  - paragraph: a\n  # note\n  - paragraph: b\n  - paragraph: a\n  # note\n  - paragraph: b\norgan: O\nagenda:\n  - x\n"
        );
        let last = "title: T\nbody:\n- paragraph: a\n";
        assert_eq!(
            repeat_body(last, 2),
            "title: T\nbody:\n- paragraph: a\n- paragraph: a\n"
        );
    }
}
