use crate::cli::{TreeArgs, TreeFormat};
use crate::render::export::{Selection, export};
use crate::render::tree::{Filter, Visible, markdown, text};
use crate::render::{json, yaml};
use crate::workspace::Checklist;
use anyhow::{Result, bail};
use std::process::ExitCode;

pub fn run(args: TreeArgs, ctx: &super::Context) -> Result<ExitCode> {
    let checklists = ctx.load(&args.paths.paths)?;
    let filter = Filter {
        open: args.open,
        done: args.done,
        week: args.week,
    };
    if let Some(n) = args.week {
        let exists = checklists.iter().any(|c| {
            c.doc
                .headings
                .iter()
                .any(|h| h.kind == crate::model::HeadingKind::Week && h.number == Some(n))
        });
        if !exists {
            bail!("no week {n} in the checklists loaded");
        }
    }
    let out = match args.format {
        TreeFormat::Text => text(&checklists, filter, ctx.colors),
        TreeFormat::Markdown => markdown(&checklists, filter),
        TreeFormat::Json | TreeFormat::Yaml => {
            let visible: Vec<Visible> = checklists
                .iter()
                .map(|c| Visible::compute(c, filter))
                .collect();
            let index = |c: &Checklist| {
                checklists
                    .iter()
                    .position(|x| std::ptr::eq(x, c))
                    .unwrap_or(0)
            };
            let heading = |c: &Checklist, h: usize| visible[index(c)].headings[h];
            let task = |c: &Checklist, t: usize| visible[index(c)].tasks[t];
            let plan = ctx.plan();
            let select = Selection {
                with_tasks: true,
                heading: &heading,
                task: &task,
                dates: ctx.dates(&plan),
            };
            let tree = export(&checklists, &select);
            if args.format == TreeFormat::Json {
                json(&tree)?
            } else {
                yaml(&tree)?
            }
        }
    };
    super::print(&out)?;
    Ok(ExitCode::SUCCESS)
}
