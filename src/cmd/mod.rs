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
    let mut checklists = load_files(&files)?;
    qualify_ids(&mut checklists);
    Ok(checklists)
}

/// Reads and parses `files`, in parallel when there are several, keeping their order. When
/// several fail, the error of the first failing file (in order) is reported, as a sequential
/// load would. Parallel because a directory of hundreds of checklists was otherwise one core's
/// work (bench/README.md: kep-bulk, 532 files).
fn load_files(files: &[PathBuf]) -> Result<Vec<Checklist>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let load_one = |path: &PathBuf| Ok(Checklist::new(path.clone(), store::read_text(path)?));
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len());
    if workers <= 1 {
        return files.iter().map(load_one).collect();
    }
    // Workers take the next file from a shared counter, so one big file does not hold up a
    // fixed share of the small ones.
    let next = AtomicUsize::new(0);
    let work = || {
        let mut loaded = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(path) = files.get(i) else {
                return loaded;
            };
            loaded.push((i, load_one(path)));
        }
    };
    let mut slots: Vec<Option<Result<Checklist>>> = files.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                // Parsing never recurses, but a large reserved (untouched) stack costs nothing
                // and matches the main worker's margin for what might.
                std::thread::Builder::new()
                    .stack_size(64 << 20)
                    .spawn_scoped(scope, work)
            })
            .collect::<std::io::Result<_>>()?;
        for handle in handles {
            let loaded = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            for (i, result) in loaded {
                slots[i] = Some(result);
            }
        }
        Ok::<_, anyhow::Error>(())
    })?;
    slots
        .into_iter()
        .map(|slot| slot.unwrap_or_else(|| Err(anyhow::anyhow!("a checklist was not loaded"))))
        .collect()
}

/// Writes to stdout in one go.
pub fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod load_tests {
    use super::*;

    #[test]
    fn parallel_load_keeps_file_order_and_reports_the_first_bad_file() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = (0..40)
            .map(|i| {
                let path = dir.path().join(format!("{i:02}.md"));
                let text = match i {
                    17 | 31 => b"- [ ] bad \xff\n".to_vec(),
                    _ => format!("## Week {i}: w\n- [x] task {i}\n").into_bytes(),
                };
                std::fs::write(&path, text).unwrap();
                path
            })
            .collect();
        let good: Vec<PathBuf> = files
            .iter()
            .filter(|p| !p.ends_with("17.md") && !p.ends_with("31.md"))
            .cloned()
            .collect();
        let loaded = load_files(&good).unwrap();
        assert_eq!(
            loaded.iter().map(|c| &c.path).collect::<Vec<_>>(),
            good.iter().collect::<Vec<_>>()
        );
        assert!(loaded.iter().all(|c| c.doc.tasks.len() == 1));
        for _ in 0..5 {
            let err = load_files(&files).unwrap_err().to_string();
            assert!(err.contains("17.md"), "{err}");
        }
    }
}
