//! The `claimlint` command. All the work is in the library and `cli`.

fn main() -> std::process::ExitCode {
    claimlint_cli::run()
}

#[path = "cli/mod.rs"]
mod claimlint_cli;
