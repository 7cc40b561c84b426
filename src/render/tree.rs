//! The `tree` view: every heading and task with its ID and box, indented as in the
//! document, optionally filtered to open or done tasks or to one week.

use crate::model::Child;
use crate::render::status::heading_label;
use crate::sanitize::for_terminal;
use crate::style::{Colors, Paint};
use crate::workspace::Checklist;
use std::fmt::Write as _;

/// Which items to show. Tasks that match are shown with their ancestors for context.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter {
    pub open: bool,
    pub done: bool,
    pub week: Option<u32>,
}

impl Filter {
    fn active(&self) -> bool {
        self.open || self.done || self.week.is_some()
    }
}

/// What to show of one checklist, indexed like its arenas.
#[derive(Debug, Clone)]
pub struct Visible {
    pub headings: Vec<bool>,
    pub tasks: Vec<bool>,
}

impl Visible {
    pub fn compute(c: &Checklist, filter: Filter) -> Visible {
        let doc = &c.doc;
        let in_week = |h: Option<usize>| match filter.week {
            None => true,
            Some(n) => h
                .and_then(|h| doc.week_of(h))
                .is_some_and(|w| doc.headings[w].number == Some(n)),
        };
        let mut tasks: Vec<bool> = doc
            .tasks
            .iter()
            .map(|t| {
                let state_ok = match (filter.open, filter.done) {
                    (true, false) => !t.checked,
                    (false, true) => t.checked,
                    _ => true,
                };
                state_ok && in_week(t.heading)
            })
            .collect();
        // A parent is shown when one of its descendants is (children come after parents).
        for t in (0..doc.tasks.len()).rev() {
            if let (true, Some(p)) = (tasks[t], doc.tasks[t].parent) {
                tasks[p] = true;
            }
        }
        let mut headings: Vec<bool> = if filter.active() {
            let mut shown = vec![false; doc.headings.len()];
            for (t, task) in doc.tasks.iter().enumerate() {
                if let (true, Some(h)) = (tasks[t], task.heading) {
                    shown[h] = true;
                }
            }
            shown
        } else {
            vec![true; doc.headings.len()]
        };
        if filter.week.is_some() && !(filter.open || filter.done) {
            for h in 0..doc.headings.len() {
                headings[h] = headings[h] || in_week(Some(h));
            }
        }
        for h in (0..doc.headings.len()).rev() {
            if let (true, Some(p)) = (headings[h], doc.headings[h].parent) {
                headings[p] = headings[p] || filter.week.is_none() || in_week(Some(p));
            }
        }
        Visible { headings, tasks }
    }
}

/// Plain text, one item per line: ID column, then the item indented by depth.
pub fn text(checklists: &[Checklist], filter: Filter, colors: Colors) -> String {
    let mut out = String::new();
    for c in checklists {
        let visible = Visible::compute(c, filter);
        let width = c
            .doc
            .headings
            .iter()
            .map(|h| h.id.len())
            .chain(c.doc.tasks.iter().map(|t| t.id.len()))
            .max()
            .unwrap_or(0)
            + c.id_prefix.len();
        let p = c.rollup.document;
        let _ = writeln!(
            out,
            "{}  {}/{}",
            for_terminal(&c.path.to_string_lossy()),
            p.done,
            p.total
        );
        walk(c, &visible, |item, depth| {
            let (id, body) = match item {
                Child::Heading(h) => {
                    let p = c.rollup.headings[h];
                    let label = for_terminal(&heading_label(&c.doc.headings[h])).into_owned();
                    let label = colors.paint(Paint::Bold, &label);
                    let body = if p.total > 0 {
                        format!("{label}  {}/{}", p.done, p.total)
                    } else {
                        label
                    };
                    (c.heading_id(h), body)
                }
                Child::Task(t) => {
                    let task = &c.doc.tasks[t];
                    let mark = match task.checked {
                        true => colors.paint(Paint::Green, "[x]"),
                        false => "[ ]".to_string(),
                    };
                    (c.task_id(t), format!("{mark} {}", for_terminal(&task.text)))
                }
            };
            let _ = writeln!(out, "{id:<width$}  {}{body}", "  ".repeat(depth));
        });
    }
    out
}

/// A Markdown checklist: headings as headings, tasks as nested task items with their IDs.
pub fn markdown(checklists: &[Checklist], filter: Filter) -> String {
    let mut out = String::new();
    for c in checklists {
        let visible = Visible::compute(c, filter);
        let mut task_depth_base = 0;
        walk(c, &visible, |item, depth| match item {
            Child::Heading(h) => {
                let heading = &c.doc.headings[h];
                task_depth_base = depth + 1;
                let _ = writeln!(
                    out,
                    "\n{} {}\n",
                    "#".repeat(heading.level as usize),
                    for_terminal(&heading_label(heading))
                );
            }
            Child::Task(t) => {
                let task = &c.doc.tasks[t];
                let mark = if task.checked { "[x]" } else { "[ ]" };
                let indent = "  ".repeat(depth.saturating_sub(task_depth_base));
                let _ = writeln!(
                    out,
                    "{indent}- {mark} `{}` {}",
                    c.task_id(t),
                    for_terminal(&task.text)
                );
            }
        });
    }
    out.trim_start().to_string()
}

/// Visits visible items in document order with their display depth, without recursion.
fn walk(c: &Checklist, visible: &Visible, mut visit: impl FnMut(Child, usize)) {
    let doc = &c.doc;
    let mut stack: Vec<(Child, usize)> = doc.root.iter().rev().map(|&k| (k, 0)).collect();
    while let Some((item, depth)) = stack.pop() {
        let (shown, kids): (bool, Vec<Child>) = match item {
            Child::Heading(h) => (visible.headings[h], doc.headings[h].children.clone()),
            Child::Task(t) => (
                visible.tasks[t],
                doc.tasks[t]
                    .children
                    .iter()
                    .map(|&k| Child::Task(k))
                    .collect(),
            ),
        };
        if !shown {
            // A hidden heading's children may still be shown (a week filter skips the phase).
            if matches!(item, Child::Heading(_)) {
                stack.extend(kids.into_iter().rev().map(|k| (k, depth)));
            }
            continue;
        }
        visit(item, depth);
        stack.extend(kids.into_iter().rev().map(|k| (k, depth + 1)));
    }
}
