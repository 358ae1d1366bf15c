//! The command line: clap definitions and help, turned into `RunOptions`; exit codes
//! 0 success, 1 invalid input or a failed job, 2 usage error (clap's own).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::stderr_color;
use crate::export::pdf::PdfStandard;
use crate::run::batch::{self, BatchOptions, Shard};
use crate::run::progress::{self, Progress, Verbosity};
use crate::run::{self, Format, RunOptions};

#[derive(Parser, Debug)]
#[command(
    name = "folio",
    version,
    about = "One YAML report definition to a PDF and a Word file for every language edition",
    after_help = "Start with `folio check report.yaml`, then `folio build report.yaml -o out`."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only errors: no progress, tables or warnings.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print a line per job (report, file, time, pages, size).
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Write a PDF and a DOCX for every edition, then manifest.json.
    ///
    /// With one report file, the outputs go straight into the output folder. With several
    /// reports, folders (every report.yaml or *.folio.yaml under them) or .batch files, each
    /// report goes into OUT/<id>/ and a batch manifest.json into OUT (docs/batches.md).
    Build {
        /// Report definitions (report.yaml), folders of reports, or .batch files.
        #[arg(required = true)]
        reports: Vec<PathBuf>,
        /// Build only the K-th of N slices of the batch, chosen by report id (docs/batches.md).
        #[arg(long, value_name = "K/N")]
        shard: Option<Shard>,
        /// Output folder.
        #[arg(short, long, default_value = "out")]
        output: PathBuf,
        #[command(flatten)]
        common: Common,
        /// Only these formats.
        #[arg(long, value_delimiter = ',', value_enum)]
        format: Option<Vec<FormatArg>>,
        /// Worker threads (default: one per core; at most 256).
        #[arg(short, long, value_parser = clap::value_parser!(u16).range(1..=run::MAX_JOBS as i64))]
        jobs: Option<u16>,
        /// PDF standard: a-2a+ua-1 (default), a-2a, a-2b, ua-1, a-3a+ua-1, none.
        #[arg(long)]
        pdf_standard: Option<PdfStandard>,
        /// Print the typography report of each PDF edition.
        #[arg(long)]
        stats: bool,
        /// Then pack each report's folder for a circular, as `folio pack` does (docs/pack.md).
        #[arg(long)]
        pack: bool,
    },
    /// Check the definition, layout, editions and font coverage; write nothing.
    Check {
        report: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Print the laid-out pages of one edition as text (page, line, x/y, text).
    Dump {
        report: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Join the output folders of `build --shard K/N` runs into the folder one run writes.
    MergeManifests {
        /// Every shard's output folder.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Output folder.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Pack a build folder for a circular: <symbol>.zip, <symbol>-cover.pdf (PDF/A-3, the files
    /// attached) and index.html with first-page thumbnails.
    Pack {
        /// The folder of one report's build (its manifest.json and outputs).
        dir: PathBuf,
    },
    /// Write a large report for benchmarks: the fixture's body repeated N times.
    Generate {
        /// A report definition to copy.
        report: PathBuf,
        /// How many times to repeat each edition's body.
        #[arg(long, default_value_t = 50)]
        repeat: usize,
        /// Folder for the generated report and editions.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Start a report: report.yaml, an edition file per language, a copy of the layout.
    Init(crate::starter::InitArgs),
    /// List the shipped layouts; `layouts show NAME` prints one as YAML to copy.
    Layouts(crate::starter::LayoutsArgs),
    /// List the font families available and the scripts each covers.
    Fonts(crate::starter::FontsArgs),
    /// Write JSON Schemas of the report, edition and layout files (for editors).
    Schema(crate::schema::SchemaArgs),
    /// Build, then build again whenever the report, its editions or its layout change.
    Watch {
        /// The report definition (report.yaml).
        report: PathBuf,
        /// Output folder.
        #[arg(short, long, default_value = "out")]
        output: PathBuf,
        /// Serve a page of the current PDF pages at ADDR (default 127.0.0.1:7171), reloaded after each build.
        #[arg(long, value_name = "ADDR", num_args = 0..=1, default_missing_value = crate::watch::DEFAULT_ADDR)]
        serve: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell).
    Completions { shell: crate::shell::Shell },
    /// Print the man page (roff).
    Man,
    /// Check an output folder against its manifest.json: sizes, SHA-256, pages, PDF/A and
    /// PDF/UA claims, each DOCX's text against its PDF's, the editions' structure.
    Verify {
        /// The output folder of one report's build.
        dir: PathBuf,
    },
}

#[derive(clap::Args, Debug)]
struct Common {
    /// Only these editions (comma-separated language tags).
    #[arg(long, value_delimiter = ',')]
    lang: Option<Vec<String>>,
    /// A shipped layout by name, or a layout file.
    #[arg(long)]
    layout: Option<String>,
    /// More fonts (repeatable); the shipped fonts come first.
    #[arg(long)]
    font_dir: Vec<PathBuf>,
    /// Let the report read edition files and layouts outside its own folder.
    #[arg(long)]
    allow_outside: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Pdf,
    Docx,
}

fn options(report: PathBuf, common: Common) -> RunOptions {
    RunOptions {
        langs: common.lang,
        layout: common.layout,
        font_dirs: common.font_dir,
        allow_outside: common.allow_outside,
        ..RunOptions::new(report)
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    match cli.command {
        Command::Build {
            reports,
            shard,
            output,
            common,
            format,
            jobs,
            pdf_standard,
            stats,
            pack,
        } => {
            let formats = format
                .map(|fs| {
                    fs.into_iter()
                        .map(|f| match f {
                            FormatArg::Pdf => Format::Pdf,
                            FormatArg::Docx => Format::Docx,
                        })
                        .collect()
                })
                .unwrap_or_else(|| vec![Format::Pdf, Format::Docx]);
            let opts = RunOptions {
                out_dir: output,
                formats,
                jobs: jobs.map(usize::from),
                pdf_standard,
                pack,
                ..options(reports[0].clone(), common)
            };
            if batch::is_batch(&reports, shard) {
                let opts = BatchOptions {
                    inputs: reports,
                    run: opts,
                    shard,
                };
                return build_batch(&opts, verbosity, stats);
            }
            match run::build_reporting(&opts, &Progress::lines(verbosity)) {
                Ok(result) if verbosity == Verbosity::Quiet => {
                    for e in result.errors.iter().chain(&result.manifest_error) {
                        eprintln!("{e}");
                    }
                    ExitCode::from(u8::from(result.failed))
                }
                Ok(result) => {
                    for w in &result.warnings {
                        eprintln!("{w}");
                    }
                    for o in &result.manifest.outputs {
                        let size = o.bytes.map(|b| format!("{b} bytes")).unwrap_or_default();
                        println!(
                            "{:<4} {:<5} {:<32} {:>13}  {}",
                            o.lang, o.format, o.path, size, o.status
                        );
                    }
                    if stats {
                        print_stats(&result.stats);
                    }
                    if let Some(packed) = &result.packed {
                        for name in [&packed.zip, &packed.cover, &packed.index] {
                            println!("{}", opts.out_dir.join(name).display());
                        }
                    }
                    if let Some(e) = &result.manifest_error {
                        eprintln!(
                            "error: {e}\nthe outputs marked ok above are in place, but without manifest.json this build is not committed"
                        );
                    }
                    if result.failed {
                        ExitCode::from(1)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                // `run::build` fails only before it replaces anything.
                Err(diags) => {
                    eprint!("{}", diags.render(stderr_color()));
                    eprintln!("nothing was written");
                    ExitCode::from(1)
                }
            }
        }
        Command::Check { report, common } => match run::plan(&options(report, common)) {
            Ok(_) if verbosity == Verbosity::Quiet => ExitCode::SUCCESS,
            Ok(plan) => {
                eprint!("{}", plan.warnings.render(stderr_color()));
                println!(
                    "ok: {} editions, layout and fonts checked",
                    plan.editions.len()
                );
                ExitCode::SUCCESS
            }
            Err(diags) => {
                eprint!("{}", diags.render(stderr_color()));
                ExitCode::from(1)
            }
        },
        Command::Dump { report, common } => match run::dump(&options(report, common)) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(diags) => {
                eprint!("{}", diags.render(stderr_color()));
                ExitCode::from(1)
            }
        },
        Command::MergeManifests { dirs, output } => {
            match run::merge::merge_manifests(&dirs, &output) {
                Ok(merged) => {
                    let failed: Vec<&str> = (merged.reports.iter())
                        .filter(|r| r.status != "ok")
                        .map(|r| r.key())
                        .collect();
                    if verbosity != Verbosity::Quiet {
                        println!(
                            "{} reports merged into {}",
                            merged.reports.len(),
                            output.display()
                        );
                    }
                    if failed.is_empty() {
                        ExitCode::SUCCESS
                    } else {
                        eprintln!("failed reports in the batch: {}", failed.join(", "));
                        ExitCode::from(1)
                    }
                }
                Err(diags) => {
                    eprint!("{diags}");
                    eprintln!("nothing was merged");
                    ExitCode::from(1)
                }
            }
        }
        Command::Pack { dir } => match crate::pack::pack(&dir) {
            Ok(packed) => {
                for name in [&packed.zip, &packed.cover, &packed.index] {
                    println!("{}", dir.join(name).display());
                }
                ExitCode::SUCCESS
            }
            Err(diags) => {
                eprint!("{diags}");
                eprintln!("nothing was written");
                ExitCode::from(1)
            }
        },
        Command::Generate {
            report,
            repeat,
            output,
        } => match run::generate(&report, repeat, &output) {
            Ok(path) => {
                println!("{}", path.display());
                ExitCode::SUCCESS
            }
            Err(diags) => {
                eprint!("{}", diags.render(stderr_color()));
                ExitCode::from(1)
            }
        },
        Command::Init(args) => crate::starter::init(args),
        Command::Layouts(args) => crate::starter::layouts(args),
        Command::Fonts(args) => crate::starter::fonts(args),
        Command::Schema(args) => crate::schema::command(args),
        Command::Watch {
            report,
            output,
            serve,
            common,
        } => crate::watch::watch(crate::watch::WatchOptions {
            run: RunOptions {
                out_dir: output,
                ..options(report, common)
            },
            serve,
        }),
        Command::Completions { shell } => crate::shell::completions(shell),
        Command::Man => crate::shell::man(),
        Command::Verify { dir } => crate::verify::main(&dir),
    }
}

/// A batch: the progress, the closing table (unless `--quiet`), exit 1 if a report failed.
fn build_batch(opts: &BatchOptions, verbosity: Verbosity, stats: bool) -> ExitCode {
    let progress = Progress::batch(verbosity);
    let result = batch::build_batch(opts, &progress);
    progress.finish();
    match result {
        Ok(result) => {
            if verbosity != Verbosity::Quiet {
                if stats {
                    for report in &result.reports {
                        if let Ok(built) = &report.result {
                            println!("{}", report.entry.key());
                            print_stats(&built.stats);
                        }
                    }
                }
                print!("{}", progress::summary(&result));
            } else if result.failed {
                let failed: Vec<&str> = (result.reports.iter())
                    .filter(|r| r.entry.status != "ok")
                    .map(|r| r.entry.key())
                    .collect();
                eprintln!("failed: {}", failed.join(", "));
            }
            if let Some(e) = &result.manifest_error {
                eprintln!(
                    "error: {e}\nthe reports are in place, but without the batch's manifest.json it is not committed"
                );
            }
            ExitCode::from(u8::from(result.failed))
        }
        Err(diags) => {
            eprint!("{diags}");
            eprintln!("nothing was built");
            ExitCode::from(1)
        }
    }
}

fn print_stats(stats: &[(String, crate::typeset::Stats)]) {
    println!(
        "{:<6} {:>5} {:>6} {:>10} {:>11} {:>5} {:>8} {:>8} {:>6} {:>7} {:>9} {:>6}",
        "lang",
        "pages",
        "lines",
        "hyphenated",
        "worst ratio",
        "loose",
        "over tol",
        "overfull",
        "widows",
        "orphans",
        "stranded",
        "short"
    );
    for (lang, s) in stats {
        println!(
            "{:<6} {:>5} {:>6} {:>10} {:>11.2} {:>5} {:>8} {:>8} {:>6} {:>7} {:>9} {:>6}",
            lang,
            s.pages,
            s.lines,
            s.hyphenated_lines,
            s.worst_ratio,
            s.loose_lines,
            s.over_tolerance,
            s.overfull_lines,
            s.widows,
            s.orphans,
            s.stranded_headings,
            s.short_pages
        );
    }
}
