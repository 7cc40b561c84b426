//! Subcommands: each reads, calls the pure core, and writes its output. The only place
//! (with `main.rs`) that touches stdout, stderr and files.

mod context;
mod export;
mod gate;
mod init;
mod lint;
mod next;
mod picker;
mod report;
mod shell;
mod status;
mod sync;
mod tick;
mod tree;

pub use context::Context;

use crate::cli::{Cli, Command};
use crate::store;
use crate::workspace::{Checklist, qualify_ids};
use anyhow::Result;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs a parsed command line. `Err` means "could not do what was asked" (exit 2).
pub fn run(cli: Cli) -> Result<ExitCode> {
    let Cli { global, command } = cli;
    // Completions, man and init need no workspace: they work where preflight.yaml is broken.
    let ctx = || Context::new(&global);
    match command {
        Command::Completions(args) => shell::completions(args.shell),
        Command::Man => shell::man(),
        Command::Init(args) => init::run(&args, global.quiet),
        Command::Status(args) => status::run(args, &ctx()?),
        Command::Tree(args) => tree::run(args, &ctx()?),
        Command::Export(args) => export::run(args, &ctx()?),
        Command::Gate(args) => gate::run(args, &ctx()?),
        Command::Sync(args) => sync::run(args, &ctx()?),
        Command::Lint(args) => lint::run(args, &ctx()?),
        Command::Next(args) => next::run(args, &ctx()?),
        Command::Report(args) => report::run(args, &ctx()?),
        Command::Tick(args) => tick::tick(args, &ctx()?),
        Command::Untick(args) => tick::untick(args, &ctx()?),
    }
}

/// Finds, reads and parses the checklists that `paths` name.
pub fn load(paths: &[PathBuf]) -> Result<Vec<Checklist>> {
    let files = store::discover(paths)?;
    let mut checklists = files
        .into_iter()
        .map(|path| Ok(Checklist::new(path.clone(), store::read_text(&path)?)))
        .collect::<Result<Vec<_>>>()?;
    qualify_ids(&mut checklists);
    Ok(checklists)
}

/// Writes to stdout in one go.
pub fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
