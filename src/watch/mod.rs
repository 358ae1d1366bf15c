//! `folio watch`: build, then build again whenever the report, its edition files, its layout
//! or its images change, through the same `run::build` as `folio build`; with `--serve`, a
//! local page of the current PDF pages (`serve`).

mod page;
mod serve;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::run::{self, Format, RunOptions};
use crate::{definition, model};

/// Where `--serve` listens when no address is given.
pub const DEFAULT_ADDR: &str = "127.0.0.1:7171";

/// How long the files must stay unchanged before a rebuild: an editor's save is often a
/// write, a rename and a metadata change, and one save should make one build.
const QUIET: Duration = Duration::from_millis(250);

/// What `folio watch` was asked to do.
pub struct WatchOptions {
    /// The build of each round, as `folio build` would run it.
    pub run: RunOptions,
    /// Serve the preview page at this address (`host:port`; port 0 picks a free one).
    pub serve: Option<String>,
}

/// The outcome of the last build, as the page shows it.
#[derive(Clone, Default)]
pub struct Snapshot {
    /// Counts finished builds; the page reloads when it changes.
    pub version: u64,
    pub report: String,
    pub outcome: Outcome,
}

#[derive(Clone, Default)]
pub enum Outcome {
    /// The first build has not finished.
    #[default]
    Pending,
    /// The plan or a job failed: the diagnostics' text, and the PDFs that were written.
    Failed {
        text: String,
        editions: Vec<EditionPdf>,
    },
    Built {
        editions: Vec<EditionPdf>,
        warnings: String,
    },
}

/// One edition's PDF as this build wrote it.
#[derive(Clone)]
pub struct EditionPdf {
    pub lang: String,
    pub pages: usize,
    pub pdf: Arc<Vec<u8>>,
}

pub type Shared = Arc<Mutex<Snapshot>>;

/// Runs until interrupted: exits only when the watcher or the server cannot start.
pub fn watch(opts: WatchOptions) -> ExitCode {
    let shared: Shared = Arc::new(Mutex::new(Snapshot {
        report: opts.run.report.display().to_string(),
        ..Snapshot::default()
    }));
    if let Some(addr) = &opts.serve {
        match serve::start(addr, shared.clone()) {
            Ok(bound) => println!("serving http://{bound}/"),
            Err(e) => {
                eprintln!("error: cannot serve at {addr}: {e}");
                return ExitCode::from(1);
            }
        }
    }
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch files: {e}");
            return ExitCode::from(1);
        }
    };
    let out_dir = absolute(&opts.run.out_dir);
    let mut watched: BTreeSet<PathBuf> = BTreeSet::new();
    let mut inputs = vec![absolute(&opts.run.report)];
    loop {
        let found = build_once(&opts.run, &shared);
        if !found.is_empty() {
            inputs = found;
        }
        // The report's folder holds its editions and images (read only inside it unless
        // --allow-outside); anything read from elsewhere is watched in its own folder.
        for (dir, mode) in folders(&inputs) {
            if watched.insert(dir.clone())
                && let Err(e) = watcher.watch(&dir, mode)
            {
                eprintln!("warning: cannot watch {}: {e}", dir.display());
            }
        }
        let _ = std::io::stdout().flush();
        wait_for_change(&rx, &inputs, &out_dir);
    }
}

/// One build into the output folder; publishes its outcome and returns the files it read
/// (empty when the report could not be planned).
fn build_once(opts: &RunOptions, shared: &Shared) -> Vec<PathBuf> {
    let started = Instant::now();
    let inputs = inputs(opts);
    let outcome = match run::build(opts) {
        Ok(result) => {
            let editions = result
                .manifest
                .outputs
                .iter()
                .filter(|o| o.status == "ok" && o.format == Format::Pdf.extension())
                .filter_map(|o| {
                    let pdf = std::fs::read(opts.out_dir.join(&o.path)).ok()?;
                    Some(EditionPdf {
                        lang: o.lang.clone(),
                        pages: o.pages.unwrap_or(0),
                        pdf: Arc::new(pdf),
                    })
                })
                .collect();
            let text = result.warnings.join("\n");
            println!(
                "built {} files into {} in {:.1} s{}",
                result.manifest.outputs.len(),
                opts.out_dir.display(),
                started.elapsed().as_secs_f64(),
                if result.failed { ", with errors" } else { "" }
            );
            if !text.is_empty() {
                eprintln!("{text}");
            }
            if result.failed {
                let mut text = text;
                if let Some(e) = &result.manifest_error {
                    text.push_str(&format!("\nerror: {e}"));
                }
                Outcome::Failed { text, editions }
            } else {
                Outcome::Built {
                    editions,
                    warnings: text,
                }
            }
        }
        Err(diags) => {
            let text = diags.to_string();
            eprint!("{text}");
            println!("not built: the previous outputs are unchanged; waiting for a change");
            Outcome::Failed {
                text,
                editions: Vec::new(),
            }
        }
    };
    let mut snap = shared.lock().unwrap_or_else(|e| e.into_inner());
    snap.version += 1;
    snap.outcome = outcome;
    inputs
}

/// The files a build of `opts` reads, as far as the report can be read (empty when it
/// cannot): the report, its edition files and figures' images, whether they exist or not
/// (a missing one is what the user is about to write), and a layout named by a file.
/// Only YAML is read here; fonts and layouts are `run::build`'s.
fn inputs(opts: &RunOptions) -> Vec<PathBuf> {
    let Ok(loaded) = definition::load_report(&opts.report, &opts.scope()) else {
        return Vec::new();
    };
    let dir = opts.report.parent().unwrap_or(Path::new("."));
    let mut files = vec![opts.report.clone()];
    files.extend(
        (loaded.def.editions.iter())
            .filter_map(|e| e.value.source.as_ref().map(|s| dir.join(&s.value))),
    );
    files.extend(loaded.images.keys().cloned());
    // A layout given as a file (on the command line, from the current folder; in the
    // report, from its folder); a shipped layout's name is no file.
    let layout = match &opts.layout {
        Some(name) => Some(PathBuf::from(name)),
        None => model::layout_ref(&loaded).map(|l| dir.join(l.name)),
    };
    files.extend(layout.filter(|l| l.is_file()));
    files.iter().map(|f| absolute(f)).collect()
}

/// The folders of the inputs, watched one level deep: a report may sit in a large folder,
/// and editors save by writing a new file and renaming it over the old one, which only
/// the folder sees.
fn folders(inputs: &[PathBuf]) -> Vec<(PathBuf, RecursiveMode)> {
    let dirs: BTreeSet<&Path> = inputs.iter().filter_map(|i| i.parent()).collect();
    (dirs.into_iter())
        .filter(|d| d.is_dir())
        .map(|d| (d.to_path_buf(), RecursiveMode::NonRecursive))
        .collect()
}

/// Blocks until a file the build reads has changed and then stayed unchanged for `QUIET`.
fn wait_for_change(
    rx: &mpsc::Receiver<notify::Result<notify::Event>>,
    inputs: &[PathBuf],
    out: &Path,
) {
    let mut changed = false;
    loop {
        let event = if changed {
            match rx.recv_timeout(QUIET) {
                Ok(event) => event,
                Err(mpsc::RecvTimeoutError::Timeout) => return,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        } else {
            match rx.recv() {
                Ok(event) => event,
                Err(_) => return,
            }
        };
        match event {
            Ok(event) if matters(&event, inputs, out) => changed = true,
            Ok(_) => {}
            Err(e) => eprintln!("warning: watching: {e}"),
        }
    }
}

/// Whether an event can change the build: a change (not a read: the build reads its own
/// inputs) to an input, or to a YAML file or image that an edited report may now name;
/// never the outputs, nor editors' hidden and backup files.
fn matters(event: &notify::Event, inputs: &[PathBuf], out: &Path) -> bool {
    if !matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    ) {
        return false;
    }
    event.paths.iter().any(|path| {
        if path.starts_with(out) {
            return false;
        }
        if inputs.contains(path) {
            return true;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        !name.starts_with('.')
            && ["yaml", "yml", "png", "jpg", "jpeg"]
                .iter()
                .any(|e| ext.eq_ignore_ascii_case(e))
    })
}

/// `path` from the root, so that paths from notify compare with it.
fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // Resolve symbolic links in the folder part (such as /tmp), as notify reports them.
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => dir.canonicalize().map(|d| d.join(name)).unwrap_or(path),
        _ => path,
    }
}
