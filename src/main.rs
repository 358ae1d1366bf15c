//! The `folio` binary: everything happens in the library; see `folio::cli`.

fn main() -> std::process::ExitCode {
    folio::cli::main()
}
