use crate::cli::{StatusArgs, StatusFormat};
use crate::render::export::{Selection, export};
use crate::render::status::{Depth, TableStyle, markdown, rows, table};
use crate::render::{json, yaml};
use anyhow::Result;
use std::process::ExitCode;

pub fn run(args: StatusArgs, ctx: &super::Context) -> Result<ExitCode> {
    let checklists = ctx.load(&args.paths.paths)?;
    let depth = args
        .depth
        .unwrap_or_else(|| Depth::default_for(&checklists));
    let out = match args.format {
        StatusFormat::Table => table(
            &rows(&checklists, depth),
            TableStyle {
                borders: ctx.stdout_is_terminal,
                width: ctx.width,
                colors: ctx.colors,
            },
        ),
        StatusFormat::Markdown => markdown(&rows(&checklists, depth)),
        StatusFormat::Json | StatusFormat::Yaml => {
            let shown = |c: &crate::workspace::Checklist, h: usize| {
                depth == Depth::Section
                    || c.doc.headings[h].kind != crate::model::HeadingKind::Section
            };
            let select = Selection {
                with_tasks: false,
                heading: &shown,
                task: &|_, _| false,
            };
            let tree = export(&checklists, &select);
            if args.format == StatusFormat::Json {
                json(&tree)?
            } else {
                yaml(&tree)?
            }
        }
    };
    super::print(&out)?;
    Ok(ExitCode::SUCCESS)
}
