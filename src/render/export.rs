//! The machine-readable tree (DESIGN.md, "Machine-readable output"): serde structs built
//! from a [`Checklist`], serialised as JSON or YAML.
//!
//! Contract: `version` 1; renaming or removing a field is a breaking change and bumps it.
//! Added here beyond the design: `declared_state` and `status_agrees` beside
//! `declared_status`, and `path`-relative `line`s are 1-based lines of the original file.

use crate::classify::State;
use crate::model::{Child, HeadingIdx, TaskIdx};
use crate::rollup::{Progress, check_status};
use crate::workspace::Checklist;
use serde::Serialize;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
pub struct Export {
    pub version: u32,
    pub documents: Vec<ExportDocument>,
}

#[derive(Serialize)]
pub struct ExportDocument {
    pub path: String,
    pub progress: Progress,
    pub sections: Vec<ExportSection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tasks: Option<Vec<ExportTask>>,
}

#[derive(Serialize)]
pub struct ExportSection {
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    pub title: String,
    pub id: String,
    pub line: usize,
    pub progress: Progress,
    pub state: State,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared_state: Option<State>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_agrees: Option<bool>,
    pub sections: Vec<ExportSection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tasks: Option<Vec<ExportTask>>,
}

#[derive(Serialize)]
pub struct ExportTask {
    pub id: String,
    pub text: String,
    pub checked: bool,
    pub line: usize,
    /// The ` ✅ YYYY-MM-DD` done stamp, if the task has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done_on: Option<chrono::NaiveDate>,
    /// The ` 📅 YYYY-MM-DD` due date, if the task has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_on: Option<chrono::NaiveDate>,
    pub tasks: Vec<ExportTask>,
}

/// What to include: tasks at all, and which headings and tasks.
pub struct Selection<'f> {
    pub with_tasks: bool,
    pub heading: &'f dyn Fn(&Checklist, HeadingIdx) -> bool,
    pub task: &'f dyn Fn(&Checklist, TaskIdx) -> bool,
}

impl Selection<'_> {
    pub fn everything(with_tasks: bool) -> Selection<'static> {
        Selection {
            with_tasks,
            heading: &|_, _| true,
            task: &|_, _| true,
        }
    }
}

pub fn export(checklists: &[Checklist], select: &Selection<'_>) -> Export {
    Export {
        version: VERSION,
        documents: checklists.iter().map(|c| document(c, select)).collect(),
    }
}

fn document(c: &Checklist, select: &Selection<'_>) -> ExportDocument {
    let (sections, tasks) = children(c, &c.doc.root, select);
    ExportDocument {
        path: c.path.to_string_lossy().replace('\\', "/"),
        progress: c.rollup.document,
        sections,
        tasks,
    }
}

fn children(
    c: &Checklist,
    kids: &[Child],
    select: &Selection<'_>,
) -> (Vec<ExportSection>, Option<Vec<ExportTask>>) {
    let mut sections = Vec::new();
    let mut tasks = Vec::new();
    for &kid in kids {
        match kid {
            Child::Heading(h) if (select.heading)(c, h) => sections.push(section(c, h, select)),
            Child::Task(t) if select.with_tasks && (select.task)(c, t) => {
                tasks.push(task(c, t, select))
            }
            _ => {}
        }
    }
    (sections, select.with_tasks.then_some(tasks))
}

fn section(c: &Checklist, h: HeadingIdx, select: &Selection<'_>) -> ExportSection {
    let heading = &c.doc.headings[h];
    let progress = c.rollup.headings[h];
    let check = check_status(&c.doc, &c.rollup, h);
    let (sections, tasks) = children(c, &heading.children, select);
    ExportSection {
        kind: heading.kind.as_str(),
        number: heading.number,
        title: heading.title.clone(),
        id: c.heading_id(h),
        line: heading.line,
        progress,
        state: progress.state(),
        declared_status: heading.declared_status.as_ref().map(|d| d.text.clone()),
        declared_state: check.and_then(|c| c.claim).map(|claim| claim.state),
        status_agrees: check.map(|c| c.agrees),
        sections,
        tasks,
    }
}

fn task(c: &Checklist, t: TaskIdx, select: &Selection<'_>) -> ExportTask {
    let item = &c.doc.tasks[t];
    ExportTask {
        id: c.task_id(t),
        text: item.text.clone(),
        checked: item.checked,
        line: item.line,
        done_on: item.done.map(|s| s.date),
        due_on: item.due.map(|s| s.date),
        tasks: item
            .children
            .iter()
            .filter(|&&k| (select.task)(c, k))
            .map(|&k| task(c, k, select))
            .collect(),
    }
}
