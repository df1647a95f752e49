//! Helpers shared by the command-line test files.

use assert_cmd::Command;

/// The `claimlint` binary, run from the repository root with a fixed width and colors
/// decided by the tests.
pub fn claimlint() -> Command {
    let mut cmd = Command::cargo_bin("claimlint").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env("COLUMNS", "80");
    cmd
}

/// Runs the command: exit code, standard output, standard error.
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}
