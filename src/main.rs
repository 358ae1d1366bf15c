//! The `folio` binary: everything happens in the library; see `folio::cli`.

// mimalloc: the typesetter allocates many small glyph runs from several threads at once,
// where it measured faster than the system allocator (see benches/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    folio::cli::main()
}
