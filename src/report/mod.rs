//! Weekly progress reports: what changed in a period, who did it, how fast work goes, and
//! when each unfinished week and phase will be done at that pace.
//!
//! Pure core: [`build`] turns a [`timeline::Timeline`] (versions and events, read from git by
//! [`crate::history`] or from done stamps), the schedule and "today" into a [`Report`]; the
//! renderers turn a report into text, Markdown, HTML or JSON. Nothing here reads a clock or a
//! file.
//!
//! Decisions (also in the README):
//! - progress counts leaf tasks, as everywhere; lists of completed/reopened items show every
//!   box that changed (parents too, marked), velocity counts leaves only;
//! - velocity is net leaf tasks completed (ticked minus unticked) per week over the four
//!   weeks ending on the period's last day — fewer when the history is younger;
//! - forecast: work goes in document order at that velocity, so a week is done when every
//!   open leaf up to its last one is; `late` when past due and not done, `at risk` when the
//!   forecast (or no velocity at all) misses the due date, else `on track`.

pub mod build;
pub mod chart;
pub mod diff;
pub mod html;
pub mod markdown;
pub mod period;
pub mod snapshot;
pub mod text;
pub mod timeline;

pub use build::{BuildInput, build};

use crate::rollup::Progress;
use chrono::NaiveDate;
use serde::Serialize;
use timeline::Source;

/// The report's JSON `version`; renaming or removing a field bumps it.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub version: u32,
    pub today: NaiveDate,
    pub since: String,
    pub until: String,
    /// The period's first and last day.
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub documents: Vec<DocumentReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentReport {
    pub path: String,
    pub source: Source,
    /// Commits in the period that changed the checklist.
    pub commits: usize,
    /// The file has changes that are not committed (and so not in this report).
    pub uncommitted: bool,
    pub start: Progress,
    pub end: Progress,
    /// Change in leaf tasks done.
    pub change: i64,
    pub nodes: Vec<NodeReport>,
    pub completed: Vec<Item>,
    pub reopened: Vec<Item>,
    pub added: Vec<Item>,
    pub removed: Vec<Item>,
    /// Leaf tasks completed in the period, per author, most first.
    pub authors: Vec<AuthorCount>,
    pub velocity: Velocity,
    pub burnup: Vec<Day>,
}

/// A phase or week.
#[derive(Debug, Clone, Serialize)]
pub struct NodeReport {
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    pub id: String,
    pub title: String,
    pub start: Progress,
    pub end: Progress,
    pub change: i64,
    /// `not-started`, `in-progress`, `done` or `overdue`, as of the period's last day.
    pub state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// When it will be done at the current velocity (`None`: done, or no velocity).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast: Option<NaiveDate>,
    /// Against its due date; `None` without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlook: Option<Outlook>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outlook {
    Done,
    OnTrack,
    AtRisk,
    Late,
}

impl Outlook {
    pub fn as_str(self) -> &'static str {
        match self {
            Outlook::Done => "done",
            Outlook::OnTrack => "on track",
            Outlook::AtRisk => "at risk",
            Outlook::Late => "late",
        }
    }
}

/// A task that changed in the period.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    pub text: String,
    /// False for a parent task (its progress counts through its sub-tasks).
    pub leaf: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub week: Option<u32>,
    pub date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuthorCount {
    pub author: String,
    pub completed: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Velocity {
    /// Leaf tasks completed (net of reopened) per week, oldest first; the last week ends on
    /// the period's last day.
    pub weeks: Vec<VelocityWeek>,
    /// The average over the weeks counted.
    pub per_week: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct VelocityWeek {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub completed: i64,
}

/// One day of the burn-up chart: leaf tasks done and in all at its end, and the plan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Day {
    pub date: NaiveDate,
    pub done: usize,
    pub total: usize,
    /// Leaf tasks the schedule wants done by the end of the day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<f64>,
}

/// Where a document's figures come from: `9 commits in the period`, or done stamps.
pub fn source_note(doc: &DocumentReport) -> String {
    match doc.source {
        Source::Git => format!("{} commits in the period", doc.commits),
        Source::Stamps => "from done stamps (no git history)".to_string(),
    }
}

/// `+3`, `−2`, `±0`.
pub fn signed(n: i64) -> String {
    match n {
        0 => "±0".into(),
        n if n > 0 => format!("+{n}"),
        n => format!("−{}", -n),
    }
}
