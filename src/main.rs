//! The `claimlint` command. All the work is in the library and `cli`.

/// mimalloc keeps freed pages for reuse: checking transaction set after transaction set
/// otherwise makes the system allocator map and unmap the same large blocks every time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    claimlint_cli::run()
}

#[path = "cli/mod.rs"]
mod claimlint_cli;
