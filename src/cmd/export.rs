use crate::cli::{ExportArgs, ExportFormat};
use crate::render::export::{Selection, export};
use crate::render::{json, yaml};
use anyhow::Result;
use std::process::ExitCode;

pub fn run(args: ExportArgs, ctx: &super::Context) -> Result<ExitCode> {
    let checklists = ctx.load(&args.paths.paths)?;
    let plan = ctx.plan();
    let tree = export(&checklists, &Selection::everything(true, ctx.dates(&plan)));
    let out = match args.format {
        ExportFormat::Json => json(&tree)?,
        ExportFormat::Yaml => yaml(&tree)?,
    };
    super::print(&out)?;
    Ok(ExitCode::SUCCESS)
}
