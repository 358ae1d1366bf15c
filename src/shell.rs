//! Shell integration from the clap definitions themselves, so that they cannot drift from
//! the command line: completion scripts (clap_complete) and the man page (clap_mangen).

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::Cli;

pub use clap_complete::Shell;

/// `folio completions SHELL`: the completion script on stdout.
pub fn completions(shell: Shell) -> ExitCode {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "folio", &mut std::io::stdout());
    ExitCode::SUCCESS
}

/// `folio man`: the man page (roff) on stdout, its SUBCOMMANDS section listing every command.
pub fn man() -> ExitCode {
    let mut page = Vec::new();
    let written = clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .and_then(|()| std::io::stdout().write_all(&page));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the man page: {e}");
            ExitCode::from(1)
        }
    }
}
