//! `tick` / `untick`: resolve the items, plan the box edits with the cascade, verify them,
//! then write each changed checklist atomically, all under the edit lock.
//!
//! Nothing is written unless every item resolves and every file's edit verifies; a failed
//! verification is a bug and stops before the user's file is touched. With `--dry-run` the
//! change is shown as a unified diff and nothing is locked or written.

use crate::cli::{TickArgs, UntickArgs};
use crate::edit::{self, Action, Plan, PlanError};
use crate::model::Document;
use crate::render::status::heading_label;
use crate::rollup::rollup;
use crate::sanitize::{for_terminal, for_terminal_block};
use crate::select;
use crate::store;
use crate::workspace::{Checklist, qualify_ids};
use anyhow::{Result, anyhow};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::ExitCode;

pub fn tick(args: TickArgs) -> Result<ExitCode> {
    run(&args, Action::Tick, false)
}

pub fn untick(args: UntickArgs) -> Result<ExitCode> {
    run(&args.tick, Action::Untick, args.recursive)
}

/// One checklist's verified change.
struct Outcome {
    checklist: usize,
    plan: Plan,
    new_source: String,
    new_doc: Document,
}

fn run(args: &TickArgs, action: Action, recursive: bool) -> Result<ExitCode> {
    let files = store::discover(&args.files)?;
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
    let targets = resolve_all(&checklists, &args.items)?;
    let outcomes = plan_all(&checklists, &targets, action, recursive)?;

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
        super::print(&format!("nothing to change: {ids} already {state}\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.dry_run {
        let diffs: String = outcomes
            .iter()
            .map(|o| diff(&checklists[o.checklist], &o.new_source))
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
    super::print(&report)?;
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
) -> Result<Vec<Outcome>> {
    let mut outcomes = Vec::new();
    for (&ci, tasks) in targets {
        let c = &checklists[ci];
        let plan = edit::plan(&c.doc, action, tasks, recursive).map_err(|e| refusal(c, e))?;
        if plan.changes.is_empty() {
            continue;
        }
        let (new_source, new_doc) = apply_verified(c, &plan)?;
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
        anyhow!(
            "{}: internal error (a bug, please report it): {e}; nothing written",
            c.path.display()
        )
    })
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

/// A unified diff of one checklist, shown safely: line terminators are dropped before the
/// control characters are escaped, so a CRLF file's diff does not show `\r` on every line.
fn diff(c: &Checklist, new: &str) -> String {
    let path = c.path.to_string_lossy().replace('\\', "/");
    let text = similar::TextDiff::from_lines(c.source.as_str(), new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        // `lines()` drops LF and CRLF; a lone CR stays and is shown escaped. Tabs are kept.
        out.push_str(&for_terminal_block(line));
        out.push('\n');
    }
    out
}
