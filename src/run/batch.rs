//! Many reports in one run (docs/batches.md): the reports that folders and batch files name,
//! their ids (unique, and each report's shard), one rayon pool over every report × edition ×
//! format, each report written into `OUT/<id>/` as soon as its jobs end, the batch manifest.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::output::{MANIFEST, OutputDir};
use super::progress::Progress;
use super::thumbnails::Thumbnails;
use super::{
    BatchManifest, BuildResult, JobThread, MAX_JOBS, ReportEntry, RunOptions, ShardInfo, Shared,
    jobs_of, plan_with, refuse_to_replace_inputs, run_jobs, write,
};
use crate::definition::{self, ReportIdDef};
use crate::diag::{Diagnostic, Diagnostics, Severity, SourceRef};
use crate::input::{self, InputKind};
use crate::pack::CoverSetting;

/// A folder holds the reports in files with this name…
pub const REPORT_FILE: &str = "report.yaml";
/// …or with a name ending so.
pub const REPORT_SUFFIX: &str = ".folio.yaml";
/// A batch file: report files and folders, one a line, relative to the batch file.
pub const BATCH_SUFFIX: &str = ".batch";

/// `--shard K/N`: the K-th (from 1) of N slices of a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let expected = || format!("`{text}`: expected K/N with 1 ≤ K ≤ N, such as 2/5");
        let (k, n) = text.split_once('/').ok_or_else(expected)?;
        let (index, count): (usize, usize) = (
            k.trim().parse().map_err(|_| expected())?,
            n.trim().parse().map_err(|_| expected())?,
        );
        if index == 0 || index > count {
            return Err(expected());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether the report with this key (its id) is in this slice: by the SHA-256 of the
    /// key alone, so a report's slice depends only on its id and N, whatever else the batch
    /// holds.
    pub fn holds(self, key: &str) -> bool {
        let digest = Sha256::digest(key.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        (u64::from_be_bytes(first) % self.count as u64) as usize == self.index - 1
    }
}

/// What `folio build` is asked for when it builds a batch.
pub struct BatchOptions {
    /// The REPORT arguments: report files, folders and batch files.
    pub inputs: Vec<PathBuf>,
    /// Options for every report; `out_dir` is the batch's folder, `report` is unused.
    pub run: RunOptions,
    pub shard: Option<Shard>,
}

/// Whether the REPORT arguments make a batch: anything but one report file. One path that
/// does not exist stays a single build, whose plan says so.
pub fn is_batch(inputs: &[PathBuf], shard: Option<Shard>) -> bool {
    shard.is_some() || inputs.len() != 1 || inputs[0].is_dir() || is_batch_file(&inputs[0])
}

fn is_batch_file(path: &Path) -> bool {
    path.to_string_lossy().ends_with(BATCH_SUFFIX)
}

/// One report of the batch and how it went.
pub struct ReportOutcome {
    pub entry: ReportEntry,
    /// Editions built (0 when the report was not built).
    pub editions: usize,
    pub time: Duration,
    pub result: Result<BuildResult, Diagnostics>,
}

pub struct BatchResult {
    /// Sorted like the manifest's entries.
    pub reports: Vec<ReportOutcome>,
    pub manifest: BatchManifest,
    /// Why the batch's `manifest.json` could not be written, if it could not.
    pub manifest_error: Option<String>,
    pub failed: bool,
}

/// A report found by the arguments, with its id as far as report.yaml could be read.
struct Found {
    source: PathBuf,
    id: Option<String>,
}

impl Found {
    fn key(&self) -> String {
        self.id
            .clone()
            .unwrap_or_else(|| self.source.display().to_string())
    }
}

/// Builds every report of the batch (or of its shard). An `Err` is the batch refused as a
/// whole before anything was built: a missing argument, an empty folder, two reports with
/// one id, fonts that cannot be read, an output folder that cannot be used. A report that
/// fails is in the result, marked failed, and the others are built.
pub fn build_batch(opts: &BatchOptions, progress: &Progress) -> Result<BatchResult, Diagnostics> {
    let sources = collect(&opts.inputs)?;
    let found: Vec<Found> = sources
        .into_iter()
        .map(|source| {
            // The id only: editions are read when the report is built, by its shard.
            let id = definition::load_yaml::<ReportIdDef>(&source)
                .ok()
                .map(|def| def.id.value.trim().to_string());
            Found { source, id }
        })
        .collect();
    duplicate_ids(&found)?;

    let mut keys: Vec<String> = found.iter().map(Found::key).collect();
    keys.sort();
    let shard = opts.shard.map(|shard| ShardInfo {
        index: shard.index,
        count: shard.count,
        batch_reports: keys.len(),
        batch_sha256: hex(&Sha256::digest(keys.join("\n").as_bytes())),
    });
    let found: Vec<Found> = found
        .into_iter()
        .filter(|f| opts.shard.is_none_or(|shard| shard.holds(&f.key())))
        .collect();

    let out_dir = &opts.run.out_dir;
    let out_error =
        |message: String| Diagnostics::from(Diagnostic::error(SourceRef::file(out_dir), message));
    let shared = Shared::load(&opts.run.font_dirs);
    if let Some(errors) = shared.font_errors() {
        return Err(errors.clone());
    }
    // One cover setting for every report's pack.
    let cover = opts.run.pack.then(|| shared.cover_setting()).transpose()?;
    let inputs: Vec<PathBuf> = (found.iter().map(|f| f.source.clone()))
        .chain(opts.inputs.iter().cloned())
        .collect();
    refuse_to_replace_inputs(out_dir, [MANIFEST], &inputs).map_err(out_error)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.run.jobs.unwrap_or(0).min(MAX_JOBS))
        .build()
        .map_err(|e| out_error(format!("cannot start worker threads: {e}")))?;
    let out = OutputDir::open(out_dir).map_err(out_error)?;
    // The batch's manifest is its commit point, as a report's is: gone until the end.
    out.remove(MANIFEST);

    let mut reports = build_all(&found, opts, &shared, cover.as_ref(), &pool, progress);
    let manifest = BatchManifest::new(reports.iter().map(|r| r.entry.clone()).collect(), shard);
    reports.sort_by(|a, b| (a.entry.key(), &a.entry.source).cmp(&(b.entry.key(), &b.entry.source)));
    let manifest_error = out
        .stage(MANIFEST, manifest.to_json().as_bytes())
        .and_then(|staged| out.commit(staged))
        .err();
    out.sync();
    let failed = manifest.reports.iter().any(|r| r.status != "ok") || manifest_error.is_some();
    Ok(BatchResult {
        reports,
        manifest,
        manifest_error,
        failed,
    })
}

/// Reports whose jobs have ended and that wait for a writer: a bound, so that made outputs
/// never pile up in memory when writing is slower than making.
const WRITE_QUEUE: usize = 2;
/// Threads that write reports. A report's commit mostly waits for the disk (`fsync` of every
/// file, 4 ms each here, far more on network volumes), so it runs beside the pool, whose
/// threads go on making the next reports instead of waiting.
const WRITERS: usize = 2;

/// A report planned and made, not yet written.
struct Made<'a> {
    found: &'a Found,
    started: Instant,
    plan: super::Plan,
    jobs: Vec<(super::Job, String)>,
    results: Vec<Result<super::Made, String>>,
    thumbnails: Thumbnails,
}

/// Every report on the pool (planning, then its jobs beside every other report's), each
/// handed to a writer as soon as its jobs end: only the reports being made, queued or
/// written hold their outputs' bytes.
fn build_all(
    found: &[Found],
    opts: &BatchOptions,
    shared: &Shared,
    cover: Option<&CoverSetting>,
    pool: &rayon::ThreadPool,
    progress: &Progress,
) -> Vec<ReportOutcome> {
    let (queue, next) = mpsc::sync_channel::<Made>(WRITE_QUEUE);
    let next = Arc::new(Mutex::new(next));
    std::thread::scope(|scope| {
        let writers: Vec<_> = (0..WRITERS)
            .map(|_| {
                // Each writer holds the receiver: if every writer ended, sending fails and
                // the report is written where it was made.
                let next = next.clone();
                scope.spawn(move || {
                    let mut written = Vec::new();
                    loop {
                        // The lock is held while waiting for a report, not while writing it.
                        let made = next.lock().unwrap_or_else(PoisonError::into_inner).recv();
                        let Ok(made) = made else { break };
                        written.push(finish(made, opts, cover, progress));
                    }
                    written
                })
            })
            .collect();
        drop(next);
        let mut reports: Vec<ReportOutcome> = pool.install(|| {
            found
                .par_iter()
                .filter_map(|f| match make(f, opts, shared, progress) {
                    Ok(made) => match queue.send(made) {
                        Ok(()) => None,
                        Err(mpsc::SendError(made)) => Some(finish(made, opts, cover, progress)),
                    },
                    Err((started, diags)) => Some(outcome(f, 0, started, Err(diags), progress)),
                })
                .collect()
        });
        drop(queue);
        for writer in writers {
            reports.extend(
                writer
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        reports
    })
}

/// Plans one report and runs its jobs on the batch's pool, as tasks among every other
/// report's; a report that cannot be planned is failed with its diagnostics.
fn make<'a>(
    found: &'a Found,
    opts: &BatchOptions,
    shared: &Shared,
    progress: &Progress,
) -> Result<Made<'a>, (Instant, Diagnostics)> {
    let started = Instant::now();
    let run = RunOptions {
        report: found.source.clone(),
        ..opts.run.clone()
    };
    match plan_with(&run, shared) {
        Ok(plan) => {
            let jobs = jobs_of(&plan, &run.formats);
            progress.report_started(&plan.report.id, jobs.len());
            // A batch's threads never idle until its end: the report's thumbnails are all
            // drawn before it is handed to a writer.
            let thumbnails = Thumbnails::new(jobs.len());
            let results = rayon::in_place_scope(|scope| {
                let first_pages = run.pack.then_some((scope, &thumbnails));
                run_jobs(&plan, &jobs, progress, JobThread::Pool, first_pages)
            });
            Ok(Made {
                found,
                started,
                plan,
                jobs,
                results,
                thumbnails,
            })
        }
        Err(diags) => Err((started, diags)),
    }
}

/// Writes a made report into `OUT/<id>/` (its bytes dropped as they are committed).
fn finish(
    made: Made,
    opts: &BatchOptions,
    cover: Option<&CoverSetting>,
    progress: &Progress,
) -> ReportOutcome {
    let out = opts.run.out_dir.join(&made.plan.report.id);
    let pack = cover.map(|cover| (cover, &made.thumbnails));
    let result = write(&made.plan, &out, &made.jobs, made.results, pack);
    let editions = made.plan.editions.len();
    drop(made.plan);
    outcome(made.found, editions, made.started, result, progress)
}

/// A report's entry in the batch manifest, its messages said as it ends.
fn outcome(
    found: &Found,
    editions: usize,
    started: Instant,
    result: Result<BuildResult, Diagnostics>,
    progress: &Progress,
) -> ReportOutcome {
    let source = found.source.display().to_string();
    let entry = match &result {
        Ok(built) => {
            for line in &built.warnings {
                if built.errors.contains(line) {
                    progress.error(&format!("{source}: {line}"));
                } else {
                    progress.note(&format!("{source}: {line}"));
                }
            }
            let ok = built.manifest.outputs.iter().filter(|o| o.status == "ok");
            let mut errors = built.errors.clone();
            if let Some(e) = &built.manifest_error {
                progress.error(&format!("error: {source}: {e}"));
                errors.push(format!("error: {e}"));
            }
            ReportEntry {
                id: Some(built.manifest.report.clone()),
                source,
                status: if built.failed { "failed" } else { "ok" }.to_string(),
                manifest: built
                    .manifest_error
                    .is_none()
                    .then(|| format!("{}/{MANIFEST}", built.manifest.report)),
                outputs: ok.clone().count(),
                failed: built.manifest.outputs.len() - ok.clone().count(),
                pages: ok.clone().filter_map(|o| o.pages).sum(),
                bytes: ok.filter_map(|o| o.bytes).sum(),
                warnings: built.warnings.len() - built.errors.len(),
                errors,
            }
        }
        Err(diags) => {
            progress.error(&format!("{diags}error: {source}: not built"));
            let (errors, warnings): (Vec<_>, Vec<_>) =
                diags.0.iter().partition(|d| d.severity == Severity::Error);
            ReportEntry {
                id: found.id.clone(),
                source,
                status: "failed".to_string(),
                manifest: None,
                outputs: 0,
                failed: 0,
                pages: 0,
                bytes: 0,
                warnings: warnings.len(),
                errors: errors.iter().map(ToString::to_string).collect(),
            }
        }
    };
    ReportOutcome {
        entry,
        editions,
        time: started.elapsed(),
        result,
    }
}

/// Every report file the arguments name, each once (the first time it is named), in the
/// arguments' order and each folder's sorted order. All problems are reported together.
pub fn collect(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut found = Vec::new();
    for input in inputs {
        let at = SourceRef::file(input);
        if input.is_dir() {
            folder(input, &at, &mut found, &mut diags);
        } else if is_batch_file(input) {
            batch_file(input, &mut found, &mut diags);
        } else if input.is_file() {
            found.push(input.clone());
        } else {
            diags.push(
                Diagnostic::error(at, "no such report file, folder or batch file").with_hint(
                    "expected a report (report.yaml), a folder of reports or a `.batch` file",
                ),
            );
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let mut seen = HashSet::new();
    found.retain(|path| seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())));
    Ok(found)
}

/// The reports under a folder; an error at `at` when there are none.
fn folder(dir: &Path, at: &SourceRef, found: &mut Vec<PathBuf>, diags: &mut Diagnostics) {
    let before = found.len();
    if let Err(e) = scan(dir, found) {
        diags.push(Diagnostic::error(
            at.clone(),
            format!("cannot read the folder {}: {e}", dir.display()),
        ));
        return;
    }
    if found.len() == before {
        diags.push(
            Diagnostic::error(
                at.clone(),
                format!("no reports in the folder {}", dir.display()),
            )
            .with_hint(format!(
                "looked for files named `{REPORT_FILE}` or ending in `{REPORT_SUFFIX}`, in the folder and every folder under it (hidden folders and links are skipped)"
            )),
        );
    }
}

/// Depth first in name order; hidden entries (`.git`) and links are skipped, so a link
/// cannot make the walk loop or leave the folder.
fn scan(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries = std::fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            scan(&entry.path(), found)?;
        } else if kind.is_file() && (name == REPORT_FILE || name.ends_with(REPORT_SUFFIX)) {
            found.push(entry.path());
        }
    }
    Ok(())
}

/// A batch file: one report file or folder a line, relative to the batch file's folder;
/// blank lines and lines starting with `#` are skipped.
fn batch_file(file: &Path, found: &mut Vec<PathBuf>, diags: &mut Diagnostics) {
    let text = match input::read_text(file, InputKind::Definition) {
        Ok(text) => text,
        Err(e) => {
            diags.push(Diagnostic::error(SourceRef::file(file), e));
            return;
        }
    };
    let base = file.parent().unwrap_or(Path::new("."));
    for (i, line) in text.lines().enumerate() {
        let entry = line.trim();
        if entry.is_empty() || entry.starts_with('#') {
            continue;
        }
        let column = line.len() - line.trim_start().len() + 1;
        let at = SourceRef::new(file, i as u32 + 1, column as u32);
        let path = base.join(entry);
        if is_batch_file(&path) {
            diags.push(
                Diagnostic::error(
                    at,
                    format!(
                        "`{entry}` is a batch file; a batch file lists reports and folders only"
                    ),
                )
                .with_hint("name the other batch file on the command line instead"),
            );
        } else if path.is_dir() {
            folder(&path, &at, found, diags);
        } else if path.is_file() {
            found.push(path);
        } else {
            diags.push(
                Diagnostic::error(
                    at,
                    format!("`{entry}` does not exist (looked for {})", path.display()),
                )
                .with_hint(
                    "a batch file's lines are report files or folders, relative to the batch file",
                ),
            );
        }
    }
}

/// Two reports with one id would write into one folder: an error naming both files.
fn duplicate_ids(found: &[Found]) -> Result<(), Diagnostics> {
    let mut first: BTreeMap<&str, &Path> = BTreeMap::new();
    let mut diags = Diagnostics::default();
    for f in found {
        let Some(id) = f.id.as_deref() else { continue };
        if let Some(other) = first.insert(id, &f.source) {
            diags.push(
                Diagnostic::error(
                    SourceRef::file(&f.source),
                    format!("the id `{id}` is also the id of {}", other.display()),
                )
                .with_hint("each report of a batch needs an id of its own: it names the report's folder, OUT/<id>/"),
            );
            first.insert(id, other);
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(())
    }
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_read_and_checked() {
        assert_eq!("2/5".parse(), Ok(Shard { index: 2, count: 5 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_key_is_in_exactly_one_shard() {
        for count in 1..6 {
            for key in ["a", "roundtable-3", "report-17", ""] {
                let holders = (1..=count)
                    .filter(|&index| Shard { index, count }.holds(key))
                    .count();
                assert_eq!(holders, 1, "{key} in {count} shards");
            }
        }
    }
}
