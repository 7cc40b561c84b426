//! `completions SHELL` and `man`: generated from the clap definition, so they never drift
//! from the real command line.

use crate::cli::Cli;
use anyhow::Result;
use clap::CommandFactory;
use std::process::ExitCode;

pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "preflight", &mut out);
    super::print(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::SUCCESS)
}

pub fn man() -> Result<ExitCode> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    super::print(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::SUCCESS)
}
