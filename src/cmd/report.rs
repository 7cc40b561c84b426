use crate::cli::ReportArgs;
use anyhow::Result;
use std::process::ExitCode;

pub fn run(_args: ReportArgs, _ctx: &super::Context) -> Result<ExitCode> {
    anyhow::bail!("report: not yet implemented")
}
