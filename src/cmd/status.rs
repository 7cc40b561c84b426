use crate::cli::{StatusArgs, StatusFormat};
use crate::render::export::{Selection, export};
use crate::render::status::{Depth, TableStyle, markdown, openmetrics, rows_planned, table};
use crate::render::{json, yaml};
use anyhow::Result;
use std::process::ExitCode;

pub fn run(args: StatusArgs, ctx: &super::Context) -> Result<ExitCode> {
    let checklists = ctx.load(&args.paths.paths)?;
    let depth = args
        .depth
        .unwrap_or_else(|| Depth::default_for(&checklists));
    let plan = ctx.plan();
    let rows = |depth| rows_planned(&checklists, depth, &plan, ctx.today);
    let out = match args.format {
        StatusFormat::Table => table(
            &rows(depth),
            TableStyle {
                borders: ctx.stdout_is_terminal,
                width: ctx.width,
                colors: ctx.colors,
            },
        ),
        StatusFormat::Markdown => markdown(&rows(depth)),
        StatusFormat::Openmetrics => {
            // Gauges for phases and weeks whatever the depth: the dashboard wants both.
            openmetrics(&rows(depth.max(Depth::Week)))
        }
        StatusFormat::Json | StatusFormat::Yaml => {
            let shown = |c: &crate::workspace::Checklist, h: usize| {
                depth == Depth::Section
                    || c.doc.headings[h].kind != crate::model::HeadingKind::Section
            };
            let select = Selection {
                with_tasks: false,
                heading: &shown,
                task: &|_, _| false,
                dates: ctx.dates(&plan),
            };
            render_tree(&export(&checklists, &select), args.format)?
        }
    };
    super::print(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn render_tree<T: serde::Serialize>(tree: &T, format: StatusFormat) -> Result<String> {
    if format == StatusFormat::Json {
        json(tree)
    } else {
        yaml(tree)
    }
}
