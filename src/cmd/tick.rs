//! `tick` / `untick` (issue 3; being built).
use crate::cli::{TickArgs, UntickArgs};
use anyhow::{Result, bail};
use std::process::ExitCode;

pub fn tick(_args: TickArgs) -> Result<ExitCode> {
    bail!("tick is not built yet")
}

pub fn untick(_args: UntickArgs) -> Result<ExitCode> {
    bail!("untick is not built yet")
}
