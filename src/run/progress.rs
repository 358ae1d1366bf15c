//! What a build tells the person running it while it runs: the progress bar (a batch on a
//! terminal), per-job lines (`--verbose`), messages as they come (errors always, the rest
//! unless `--quiet`), and the batch's closing table.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// How much to say: `--quiet` (errors only), the default, or `--verbose` (a line per job).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    #[default]
    Normal,
    Verbose,
}

/// One finished job, as `--verbose` prints it.
pub struct JobLine<'a> {
    pub report: &'a str,
    /// The output's file name.
    pub name: &'a str,
    pub bytes: Option<usize>,
    pub pages: Option<usize>,
    pub error: Option<&'a str>,
    pub time: Duration,
}

/// Shared by every worker thread of a run (indicatif's bar is itself shared and locked).
pub struct Progress {
    verbosity: Verbosity,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Says nothing: for library callers and tests.
    pub fn silent() -> Progress {
        Progress {
            verbosity: Verbosity::Quiet,
            bar: None,
        }
    }

    /// Messages at `verbosity`, without a bar (a single report builds in a blink).
    pub fn lines(verbosity: Verbosity) -> Progress {
        Progress {
            verbosity,
            bar: None,
        }
    }

    /// For a batch: a bar over the jobs on standard error when it is a terminal and not
    /// `--quiet`. Its length grows as each report is planned and its jobs are known.
    pub fn batch(verbosity: Verbosity) -> Progress {
        let bar = (verbosity != Verbosity::Quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {elapsed:>4} [{bar:30}] {pos}/{len} jobs, {rate} · {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .with_key(
                    "rate",
                    |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.1}/s", state.per_sec());
                    },
                )
                .progress_chars("=> "),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress { verbosity, bar }
    }

    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// A report has been planned: its jobs join the bar, and it is the one shown.
    pub fn report_started(&self, id: &str, jobs: usize) {
        if let Some(bar) = &self.bar {
            bar.inc_length(jobs as u64);
            bar.set_message(id.to_string());
        }
    }

    pub fn job_done(&self, job: &JobLine) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
        if self.verbosity == Verbosity::Verbose {
            let what = match (job.error, job.bytes, job.pages) {
                (Some(e), _, _) => format!("failed: {e}"),
                (None, Some(b), Some(p)) => format!("{p} pages, {}", size(b as u64)),
                (None, Some(b), None) => size(b as u64),
                (None, None, _) => String::new(),
            };
            self.say(&format!(
                "{:<24} {:<36} {:>7.3} s  {what}",
                job.report,
                job.name,
                job.time.as_secs_f64()
            ));
        }
    }

    /// An error: always said.
    pub fn error(&self, text: &str) {
        self.say(text);
    }

    /// A warning or a note: said unless `--quiet`.
    pub fn note(&self, text: &str) {
        if self.verbosity != Verbosity::Quiet {
            self.say(text);
        }
    }

    /// Prints on standard error above the bar, if there is one.
    fn say(&self, text: &str) {
        let text = text.trim_end();
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }

    /// Removes the bar before the closing table.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A size for people: bytes, KiB or MiB.
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// The batch's closing table: a line per report (editions, pages, size, time, warnings),
/// then what failed, by id and file.
pub fn summary(result: &super::batch::BatchResult) -> String {
    let mut text = format!(
        "{:<32} {:<7} {:>8} {:>6} {:>10} {:>8} {:>8}\n",
        "report", "status", "editions", "pages", "size", "time", "warnings"
    );
    for report in &result.reports {
        let e = &report.entry;
        text.push_str(&format!(
            "{:<32} {:<7} {:>8} {:>6} {:>10} {:>6.2} s {:>8}\n",
            e.key(),
            e.status,
            report.editions,
            e.pages,
            size(e.bytes),
            report.time.as_secs_f64(),
            e.warnings
        ));
    }
    let failed: Vec<String> = (result.reports.iter())
        .filter(|r| r.entry.status != "ok")
        .map(|r| format!("{} ({})", r.entry.key(), r.entry.source))
        .collect();
    let built = result.reports.len() - failed.len();
    text.push_str(&format!(
        "{built} of {} reports built",
        result.reports.len()
    ));
    if !failed.is_empty() {
        text.push_str(&format!("; failed: {}", failed.join(", ")));
    }
    text.push('\n');
    text
}
