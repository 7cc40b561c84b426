//! `preflight`: parse the command line, run it, map the outcome to an exit code.
//! Exit codes: 0 success, 1 a check found something, 2 could not do what was asked.

use clap::Parser;
use preflight::cli::Cli;
use preflight::sanitize::for_terminal_block;
use std::process::ExitCode;

/// Deeply nested checklists (10,000-level lists) are walked without recursion, but their
/// serialisers recurse; a large stack keeps them safe. It is only reserved, not used.
const STACK_BYTES: usize = 256 << 20;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let worker = std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(move || preflight::cmd::run(cli));
    let outcome = match worker {
        Ok(handle) => handle.join().unwrap_or_else(|_| {
            Err(anyhow::anyhow!(
                "internal error (a bug): the command panicked"
            ))
        }),
        Err(e) => Err(e.into()),
    };
    match outcome {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!(
                "preflight: error: {}",
                for_terminal_block(&format!("{err:#}"))
            );
            ExitCode::from(2)
        }
    }
}

/// `preflight tree | head` closes the pipe early: not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
