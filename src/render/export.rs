//! The machine-readable tree (DESIGN.md, "Machine-readable output"): serde structs built
//! from a [`Checklist`], serialised as JSON or YAML.
//!
//! Contract: `version` 1; renaming or removing a field is a breaking change and bumps it.
//! Added here beyond the design: `declared_state` and `status_agrees` beside
//! `declared_status`, and `path`-relative `line`s are 1-based lines of the original file.

use crate::classify::State;
use crate::model::{Child, HeadingIdx, HeadingKind, TaskIdx};
use crate::rollup::{Progress, check_status};
use crate::schedule::{Plan, is_overdue};
use crate::workspace::Checklist;
use chrono::NaiveDate;
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
    pub state: NodeState,
    /// With a schedule: when the phase or week is due.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
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

/// A node's state: the boxes' state, or `overdue` for a phase or week past its due date
/// and not done (only with a schedule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeState {
    NotStarted,
    InProgress,
    Done,
    Overdue,
}

impl From<State> for NodeState {
    fn from(state: State) -> Self {
        match state {
            State::NotStarted => NodeState::NotStarted,
            State::InProgress => NodeState::InProgress,
            State::Done => NodeState::Done,
        }
    }
}

/// The schedule and the day to judge it on.
#[derive(Clone, Copy)]
pub struct Dates<'p> {
    pub plan: &'p Plan,
    pub today: NaiveDate,
}

/// What to include: tasks at all, which headings and tasks, and due dates.
pub struct Selection<'f> {
    pub with_tasks: bool,
    pub heading: &'f dyn Fn(&Checklist, HeadingIdx) -> bool,
    pub task: &'f dyn Fn(&Checklist, TaskIdx) -> bool,
    pub dates: Option<Dates<'f>>,
}

impl<'f> Selection<'f> {
    pub fn everything(with_tasks: bool, dates: Option<Dates<'f>>) -> Selection<'f> {
        Selection {
            with_tasks,
            heading: &|_, _| true,
            task: &|_, _| true,
            dates,
        }
    }
}

/// A phase's or week's due date under the schedule: a week's own, a phase's that of its
/// last week.
fn due_date(c: &Checklist, h: HeadingIdx, plan: &Plan) -> Option<NaiveDate> {
    let heading = &c.doc.headings[h];
    match heading.kind {
        HeadingKind::Week => plan.due(heading.number?),
        HeadingKind::Phase => plan.due_of_all(
            c.doc
                .headings
                .iter()
                .enumerate()
                .filter(|(w, x)| x.kind == HeadingKind::Week && c.doc.heading_path(*w).contains(&h))
                .filter_map(|(_, x)| x.number),
        ),
        HeadingKind::Section => None,
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
    let due = select.dates.and_then(|d| due_date(c, h, d.plan));
    let state = match select.dates {
        Some(d) if is_overdue(due, progress.state() == State::Done, d.today) => NodeState::Overdue,
        _ => progress.state().into(),
    };
    ExportSection {
        kind: heading.kind.as_str(),
        number: heading.number,
        title: heading.title.clone(),
        id: c.heading_id(h),
        line: heading.line,
        progress,
        state,
        due,
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
