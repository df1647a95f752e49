//! The command line: argument parsing, file walking, parallel checking, output and exit
//! codes. The only part of claimlint that prints, reads the environment or exits.

mod ack;
mod args;
mod check;
mod claim_report;
mod config;
mod explain;
mod fix;
mod inputs;
mod lookup;
mod output;
mod seen;

use args::{Cli, Command};
use clap::Parser;
use std::process::ExitCode;

/// Exit codes: 0 nothing at or above `--fail-on`, 1 findings at or above it, 2 usage or
/// I/O errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    Success,
    Failure,
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> ExitCode {
        ExitCode::from(match s {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        })
    }
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayVersion => {
            return version().into();
        }
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let status = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rules(args) => explain::rules(args.format),
        Command::Explain { rule } => explain::explain(&rule),
        Command::Inspect {
            file,
            redact,
            mmap,
            no_mmap,
        } => inspect(&file, redact, inputs::Mapping::of(mmap, no_mmap)),
        Command::Ack(args) => ack::run(&args),
        Command::Lookup(args) => lookup::run(&args),
        Command::Generate(args) => generate(&args),
        Command::Fix(args) => fix::run(&args),
        Command::Fmt(args) => fix::fmt(&args),
        Command::Completions { shell } => completions(shell),
    };
    status.into()
}

/// `claimlint --version`: the version and the embedded code-set releases, then the user
/// tables that `claimlint.toml` in the current directory (or above) loads.
fn version() -> ExitStatus {
    let mut text = format!(
        "claimlint {} ({}; {})\n",
        env!("CARGO_PKG_VERSION"),
        claimlint::settings::embedded_releases(),
        claimlint::codes::external::RELEASES
    );
    let resolved =
        config::Resolver::new(config::Overrides::default()).and_then(|mut r| r.for_dir(None));
    let status = match resolved {
        Ok(resolved) => {
            if let (Some(user), Some(path)) = (
                resolved.settings.code_sets().describe_user(),
                &resolved.config,
            ) {
                let cwd = std::env::current_dir().unwrap_or_default();
                let shown = path.strip_prefix(&cwd).unwrap_or(path);
                text.push_str(&format!("code sets from {}: {user}\n", shown.display()));
            }
            ExitStatus::Success
        }
        Err(e) => {
            eprintln!("claimlint: {e}");
            ExitStatus::Error
        }
    };
    write_stdout(&text).status(status)
}

fn inspect(path: &std::path::Path, redact: bool, mapping: inputs::Mapping) -> ExitStatus {
    let input = inputs::Input::single(path);
    // Read as `check` reads: a large file is mapped, not copied onto the heap.
    match input.open(inputs::ReadOptions { mapping }) {
        Ok(source) => {
            let redaction = redact.then(|| config::redaction(None));
            let view = claimlint::redact::View::new(source.bytes(), redaction.as_ref());
            // The tree escapes what it quotes of the file (see `inspect::render`), and is
            // written as it is drawn.
            let mut out = std::io::stdout().lock();
            let written = claimlint::report::inspect::render_to(&input.name(), &view, &mut out)
                .and_then(|()| std::io::Write::flush(&mut out));
            let status = match source.change() {
                None => ExitStatus::Success,
                Some(change) => {
                    eprintln!(
                        "claimlint: {}: changed while it was read ({} bytes when opened, {} now); the tree may not match the file",
                        input.name(),
                        change.opened,
                        change.now
                    );
                    ExitStatus::Error
                }
            };
            output_ok(written).status(status)
        }
        Err(e) => {
            eprintln!("claimlint: {}: cannot read: {e}", input.name());
            ExitStatus::Error
        }
    }
}

fn generate(args: &args::GenerateArgs) -> ExitStatus {
    use claimlint_synth::{self as synth, Options};
    let options = Options {
        claims: args.claims,
        lines_per_claim: args.lines_per_claim,
        error_rate: args.errors,
        seed: args.seed,
        newline: args.newline,
        claims_per_st: args.claims_per_set.max(1),
        ..Options::default()
    };
    let written = std::fs::File::create(&args.out).and_then(|f| {
        let mut w = std::io::BufWriter::new(f);
        let summary = synth::write(&options, &mut w)?;
        std::io::Write::flush(&mut w)?;
        Ok(summary)
    });
    match written {
        Ok(s) => {
            eprintln!(
                "claimlint: {}: {} bytes, {} segments, {} claims, {} service lines, {} injected errors",
                args.out.display(),
                s.bytes,
                s.segments,
                s.claims,
                s.service_lines,
                s.errors.len()
            );
            ExitStatus::Success
        }
        Err(e) => {
            eprintln!("claimlint: {}: {e}", args.out.display());
            ExitStatus::Error
        }
    }
}

/// What became of writing the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Written {
    Ok,
    /// The reader went away (`| head`): output ends quietly, the exit code is unchanged.
    Closed,
    /// The output could not be written (a full disk): said once on standard error, and
    /// the exit code is 2, since the report is lost.
    Failed,
}

impl Written {
    /// The exit status of a command whose own outcome is `status`.
    pub(crate) fn status(self, status: ExitStatus) -> ExitStatus {
        if self == Written::Failed {
            ExitStatus::Error
        } else {
            status
        }
    }

    pub(crate) fn is_ok(self) -> bool {
        self == Written::Ok
    }
}

/// Writes `value` as pretty JSON and a newline to standard output as it serializes, so a
/// report of hundreds of thousands of findings is never held twice in memory.
pub(crate) fn write_json_stdout(value: &impl serde::Serialize) -> Written {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = serde_json::to_writer_pretty(&mut out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    output_ok(written)
}

/// Writes text to standard output.
pub(crate) fn write_stdout(text: &str) -> Written {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    output_ok(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// Whether writing the output succeeded; a closed pipe (`| head`) ends the output quietly,
/// any other error is said once.
pub(crate) fn output_ok(written: std::io::Result<()>) -> Written {
    match written {
        Ok(()) => Written::Ok,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Written::Closed,
        Err(e) => {
            eprintln!("claimlint: cannot write output: {e}");
            Written::Failed
        }
    }
}

/// Whether the human report is colored: `--color always|never`, or with `auto` (the
/// default) when standard output is a terminal, unless `NO_COLOR` is set (not empty);
/// `CLICOLOR_FORCE` (set, not `0`) colors a pipe too. `--no-color` is `--color never`.
pub(crate) fn color_wanted(choice: args::ColorChoice, no_color: bool, terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match choice {
        _ if no_color => false,
        args::ColorChoice::Always => true,
        args::ColorChoice::Never => false,
        args::ColorChoice::Auto if set("NO_COLOR") => false,
        args::ColorChoice::Auto
            if set("CLICOLOR_FORCE")
                && std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| v != "0") =>
        {
            true
        }
        args::ColorChoice::Auto => terminal,
    }
}

/// The width the human report wraps at: `COLUMNS` when set, else the terminal's when
/// writing to one, else 100.
pub(crate) fn width(terminal: bool) -> usize {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
    {
        return n;
    }
    if terminal && let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
        return usize::from(w);
    }
    100
}

/// `claimlint completions SHELL`: a completion script; `claimlint completions man`: the
/// man page (roff).
fn completions(shell: args::CompletionTarget) -> ExitStatus {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    let mut out: Vec<u8> = Vec::new();
    let made = match shell {
        args::CompletionTarget::Man => clap_mangen::Man::new(cmd).render(&mut out),
        args::CompletionTarget::Shell(shell) => {
            clap_complete::generate(shell, &mut cmd, "claimlint", &mut out);
            Ok(())
        }
    };
    match made {
        Ok(()) => write_stdout(&String::from_utf8_lossy(&out)).status(ExitStatus::Success),
        Err(e) => {
            eprintln!("claimlint: {e}");
            ExitStatus::Error
        }
    }
}
