//! `folio completions SHELL` and `folio man` generate, and name every subcommand that the
//! command line has (read from the clap definitions, so a new command is checked too).

mod common;

use std::process::Command;

use clap::CommandFactory;

/// Every subcommand's name, from the same definitions `folio` parses with.
fn subcommands() -> Vec<String> {
    let names: Vec<String> = folio::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    assert!(names.iter().any(|n| n == "watch"), "{names:?}");
    names
}

fn folio(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "folio {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn completions_name_every_subcommand_in_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = folio(&["completions", shell]);
        for name in subcommands() {
            assert!(script.contains(&name), "{shell} completion lacks `{name}`");
        }
    }
}

#[test]
fn bash_completion_loads_and_completes_subcommands() {
    if !common::have("bash") {
        return;
    }
    let script = folio(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("folio.bash");
    std::fs::write(&file, script).unwrap();
    // What bash offers after `folio w`: the completion function clap wrote, run as bash
    // runs it on Tab.
    let probe = format!(
        "source {}; COMP_WORDS=(folio w); COMP_CWORD=1; COMP_LINE='folio w'; COMP_POINT=7; \
         _folio folio w folio; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let (ok, stdout, stderr) = common::tool("bash", &["-c", &probe]);
    assert!(ok, "{stderr}");
    assert!(stdout.lines().any(|l| l == "watch"), "{stdout}{stderr}");
}

#[test]
fn man_page_lists_every_subcommand() {
    let page = folio(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH folio"),
        "{page}"
    );
    // roff escapes a hyphen as `\-`.
    let text = page.replace("\\-", "-");
    for name in subcommands() {
        assert!(text.contains(&name), "the man page lacks `{name}`");
    }
    // The roff must also read as a page: man renders it without warnings.
    if !common::have("man") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("folio.1");
    std::fs::write(&file, &page).unwrap();
    let out = Command::new("man")
        .args(["--warnings", "-l"])
        .arg(&file)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{warnings}");
    assert!(warnings.trim().is_empty(), "{warnings}");
    assert!(text.contains("SUBCOMMANDS"), "{text}");
    assert!(text.contains("folio-watch"), "{text}");
}
