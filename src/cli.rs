//! The command line: clap definitions and help, turned into `RunOptions`; exit codes
//! 0 success, 1 invalid input or a failed job, 2 usage error (clap's own).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::export::pdf::PdfStandard;
use crate::run::{self, Format, RunOptions};

#[derive(Parser, Debug)]
#[command(
    name = "folio",
    version,
    about = "One YAML report definition to a PDF and a Word file for every language edition"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Write a PDF and a DOCX for every edition, then manifest.json.
    Build {
        /// The report definition (report.yaml).
        report: PathBuf,
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
        /// PDF standard: a-2a+ua-1 (default), a-2a, a-2b, ua-1, none.
        #[arg(long)]
        pdf_standard: Option<PdfStandard>,
        /// Print the typography report of each PDF edition.
        #[arg(long)]
        stats: bool,
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
    match cli.command {
        Command::Build {
            report,
            output,
            common,
            format,
            jobs,
            pdf_standard,
            stats,
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
                ..options(report, common)
            };
            match run::build(&opts) {
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
                    eprint!("{diags}");
                    eprintln!("nothing was written");
                    ExitCode::from(1)
                }
            }
        }
        Command::Check { report, common } => match run::plan(&options(report, common)) {
            Ok(plan) => {
                eprint!("{}", plan.warnings);
                println!(
                    "ok: {} editions, layout and fonts checked",
                    plan.editions.len()
                );
                ExitCode::SUCCESS
            }
            Err(diags) => {
                eprint!("{diags}");
                ExitCode::from(1)
            }
        },
        Command::Dump { report, common } => match run::dump(&options(report, common)) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(diags) => {
                eprint!("{diags}");
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
                eprint!("{diags}");
                ExitCode::from(1)
            }
        },
        Command::Verify { dir } => crate::verify::main(&dir),
    }
}

fn print_stats(stats: &[(String, crate::typeset::Stats)]) {
    println!(
        "{:<6} {:>5} {:>6} {:>10} {:>11} {:>5} {:>8} {:>6} {:>7} {:>9}",
        "lang",
        "pages",
        "lines",
        "hyphenated",
        "worst ratio",
        "loose",
        "overfull",
        "widows",
        "orphans",
        "stranded"
    );
    for (lang, s) in stats {
        println!(
            "{:<6} {:>5} {:>6} {:>10} {:>11.2} {:>5} {:>8} {:>6} {:>7} {:>9}",
            lang,
            s.pages,
            s.lines,
            s.hyphenated_lines,
            s.worst_ratio,
            s.loose_lines,
            s.overfull_lines,
            s.widows,
            s.orphans,
            s.stranded_headings
        );
    }
}
