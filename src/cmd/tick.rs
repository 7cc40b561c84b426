//! `tick` / `untick`: resolve the items, plan the box edits with the cascade, verify them,
//! then write each changed checklist atomically, all under the edit lock.
//!
//! Nothing is written unless every item resolves and every file's edit verifies; a failed
//! verification is a bug and stops before the user's file is touched. With `--dry-run` the
//! change is shown as a unified diff and nothing is locked or written.

use super::Context;
use crate::cli::{TickArgs, UntickArgs};
use crate::edit::{self, Action, Plan, PlanError};
use crate::model::Document;
use crate::render::diff::unified;
use crate::render::status::heading_label;
use crate::rollup::rollup;
use crate::sanitize::{for_terminal, for_terminal_block};
use crate::select;
use crate::store;
use crate::workspace::{Checklist, qualify_ids};
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::ExitCode;

pub fn tick(args: TickArgs, ctx: &Context) -> Result<ExitCode> {
    run(&args, Action::Tick, false, ctx)
}

pub fn untick(args: UntickArgs, ctx: &Context) -> Result<ExitCode> {
    run(&args.tick, Action::Untick, args.recursive, ctx)
}

/// One checklist's verified change.
struct Outcome {
    checklist: usize,
    plan: Plan,
    new_source: String,
    new_doc: Document,
}

fn run(args: &TickArgs, action: Action, recursive: bool, ctx: &Context) -> Result<ExitCode> {
    let files = ctx.checklist_files(&args.files)?;
    // The picker runs before the lock: a person choosing must not hold up other writers.
    // IDs depend only on structure, so what was picked still names the same tasks.
    let items = match args.items.is_empty() {
        false => args.items.clone(),
        true => super::picker::pick(&super::load(&files)?, action)?,
    };
    if items.is_empty() {
        if !ctx.quiet {
            super::print("nothing picked; nothing changed\n")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    // Held from before the first read until after the last write.
    let _lock = match args.dry_run {
        true => None,
        false => Some(store::lock_for_edit(&files)?),
    };
    let mut checklists = files
        .into_iter()
        .map(|path| Ok(Checklist::new(path.clone(), store::read_text(&path)?)))
        .collect::<Result<Vec<_>>>()?;
    qualify_ids(&mut checklists);
    let targets = resolve_all(&checklists, &items)?;
    let stamp_day = (args.stamp || action == Action::Untick).then_some(ctx.today);
    let outcomes = plan_all(&checklists, &targets, action, recursive, stamp_day)?;

    if outcomes.is_empty() {
        let state = match action {
            Action::Tick => "ticked",
            Action::Untick => "open",
        };
        let ids: Vec<String> = targets
            .iter()
            .flat_map(|(&ci, tasks)| {
                let c = &checklists[ci];
                tasks.iter().map(move |&t| c.task_id(t))
            })
            .collect();
        let ids = for_terminal(&ids.join(", ")).into_owned();
        if !ctx.quiet {
            super::print(&format!("nothing to change: {ids} already {state}\n"))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if args.dry_run {
        let diffs: String = outcomes
            .iter()
            .map(|o| {
                let c = &checklists[o.checklist];
                unified(
                    &c.path.to_string_lossy().replace('\\', "/"),
                    &c.source,
                    &o.new_source,
                )
            })
            .collect();
        super::print(&diffs)?;
        return Ok(ExitCode::SUCCESS);
    }
    // Refuse before the first write rather than leave some files written and some not.
    for o in &outcomes {
        store::check_writable(&checklists[o.checklist].path)?;
    }
    let mut report = String::new();
    for o in &outcomes {
        let c = &checklists[o.checklist];
        if let Err(e) = store::write_atomic(&c.path, c.source.as_bytes(), o.new_source.as_bytes()) {
            // Say what was already written before the error (exit 2) says what was not.
            super::print(&report)?;
            return Err(e);
        }
        report.push_str(&summary(c, o));
    }
    if !ctx.quiet {
        super::print(&report)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Every item resolved, or the first that names no single task; tasks per checklist,
/// sorted and without repeats.
fn resolve_all(checklists: &[Checklist], items: &[String]) -> Result<BTreeMap<usize, Vec<usize>>> {
    let mut targets: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for item in items {
        let target = select::resolve(checklists, item)?;
        targets
            .entry(target.checklist)
            .or_default()
            .push(target.task);
    }
    for tasks in targets.values_mut() {
        tasks.sort_unstable();
        tasks.dedup();
    }
    Ok(targets)
}

/// The verified change of every checklist that changes, or the first refusal.
fn plan_all(
    checklists: &[Checklist],
    targets: &BTreeMap<usize, Vec<usize>>,
    action: Action,
    recursive: bool,
    stamp_day: Option<NaiveDate>,
) -> Result<Vec<Outcome>> {
    let mut outcomes = Vec::new();
    for (&ci, tasks) in targets {
        let c = &checklists[ci];
        let plan = edit::plan(&c.doc, action, tasks, recursive).map_err(|e| refusal(c, e))?;
        if plan.changes.is_empty() {
            continue;
        }
        let (mut new_source, mut new_doc) = apply_verified(c, &plan)?;
        if let Some(day) = stamp_day {
            (new_source, new_doc) = stamp_verified(c, &new_source, &new_doc, &plan, day)?;
        }
        outcomes.push(Outcome {
            checklist: ci,
            plan,
            new_source,
            new_doc,
        });
    }
    Ok(outcomes)
}

/// Applies the plan and parses the result again; any difference from the intent is a bug
/// and must never reach the file.
fn apply_verified(c: &Checklist, plan: &Plan) -> Result<(String, Document)> {
    let verified = edit::apply(&c.source, &plan.edits).and_then(|new| {
        let doc = edit::verify(&c.source, &c.doc, &new, plan)?;
        Ok((new, doc))
    });
    verified.map_err(|e| {
        if crate::parse::defines_x_reference(&c.source) {
            return anyhow!(
                "{}: the file defines a `[x]: …` link reference, so a ticked `[x]` would be a \
                 link, not a box (GitHub and GitLab read it so too); rename that reference to \
                 tick here; nothing written",
                c.path.display()
            );
        }
        anyhow!(
            "{}: internal error (a bug, please report it): {e}; nothing written",
            c.path.display()
        )
    })
}

/// Adds or removes done stamps for the boxes the plan changed, on the box-edited source,
/// and checks the result: only the stamp bytes changed, and each changed task now carries a
/// stamp exactly when it is ticked (untouched stamps stay as they were).
fn stamp_verified(
    c: &Checklist,
    source: &str,
    doc: &Document,
    plan: &Plan,
    day: NaiveDate,
) -> Result<(String, Document)> {
    let changes: Vec<(usize, bool)> = plan
        .changes
        .iter()
        .map(|ch| (ch.task, ch.checked))
        .collect();
    let edits = crate::stamps::plan_stamps(source, doc, &changes, day);
    let bug = |why: String| {
        anyhow!(
            "{}: internal error (a bug, please report it): {why}; nothing written",
            c.path.display()
        )
    };
    let new = edit::apply(source, &edits).map_err(|e| bug(e.to_string()))?;
    crate::sync::unchanged_outside(source, &new, &edits).map_err(bug)?;
    let new_doc = crate::parse::parse(&new);
    let same = new_doc.tasks.len() == doc.tasks.len()
        && new_doc
            .tasks
            .iter()
            .zip(&doc.tasks)
            .all(|(a, b)| a.id == b.id && a.checked == b.checked && a.text == b.text);
    let stamped = changes
        .iter()
        .all(|&(t, checked)| new_doc.tasks[t].done.is_some() == checked);
    if !(same && stamped) {
        return Err(bug("the done stamps did not come out as planned".into()));
    }
    Ok((new, new_doc))
}

/// The cascade refused: name the ticked descendants that would be lost.
fn refusal(c: &Checklist, err: PlanError) -> anyhow::Error {
    match err {
        PlanError::CheckedDescendants { task, checked } => {
            let mut msg = format!(
                "{}:{}: {} {} has {} ticked sub-task(s); untick them first, or pass --recursive \
                 to untick them all:",
                c.path.display(),
                c.doc.tasks[task].line,
                c.task_id(task),
                c.doc.tasks[task].text,
                checked.len()
            );
            for d in checked {
                let _ = write!(
                    msg,
                    "\n  {}  {}  (line {})",
                    c.task_id(d),
                    c.doc.tasks[d].text,
                    c.doc.tasks[d].line
                );
            }
            anyhow!(for_terminal_block(&msg).into_owned())
        }
        other => anyhow!("{}: {other}", c.path.display()),
    }
}

/// One line per changed box, then the new progress of each week they are in (or of the
/// document, for tasks outside any week).
fn summary(c: &Checklist, o: &Outcome) -> String {
    let new_rollup = rollup(&o.new_doc);
    let mut out = String::new();
    let mut weeks = Vec::new();
    for change in &o.plan.changes {
        let task = &c.doc.tasks[change.task];
        let mark = if change.checked { "✔" } else { "○" };
        let _ = writeln!(
            out,
            "{mark} {} {}",
            for_terminal(&c.task_id(change.task)),
            for_terminal(&task.text)
        );
        let week = task.heading.and_then(|h| c.doc.week_of(h));
        if !weeks.contains(&week) {
            weeks.push(week);
        }
    }
    for week in weeks {
        let (label, p) = match week {
            Some(h) => (
                heading_label(&o.new_doc.headings[h]),
                new_rollup.headings[h],
            ),
            None => (c.path.to_string_lossy().into_owned(), new_rollup.document),
        };
        let _ = writeln!(
            out,
            "{} {}/{} ({:.1}%)",
            for_terminal(&label),
            p.done,
            p.total,
            p.percent()
        );
    }
    out
}
