//! A checklist's past, as reports read it: its versions in history order (each with the
//! progress it showed) and the task events between them, each with the commit, author and
//! date that made it.
//!
//! Built from git by [`crate::history`], one commit at a time with [`Timeline::push_commit`],
//! or — outside git — from the done stamps of the current version ([`Timeline::from_stamps`]).
//! Pure: everything arrives parsed.
//!
//! Dates are the author's (when the work was done, in the author's own time zone); a rebased
//! commit keeps the day its author ticked the box. Versions stay in the order git listed them
//! (newest commit last), which is what "the state on day D" reads: the last version dated D
//! or earlier.

use super::diff::{Change, ChangeKind, diff, diff_merge};
use super::snapshot::{Snapshot, Summary, TaskState};
use crate::model::Document;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

/// Where a timeline came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    Git,
    /// ` ✅ YYYY-MM-DD` stamps in the current version: no authors, no additions or removals.
    Stamps,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    pub author: String,
    pub email: String,
    /// Author date, with the author's offset.
    pub time: DateTime<FixedOffset>,
}

impl Commit {
    /// The abbreviated hash people quote.
    pub fn short(&self) -> &str {
        &self.hash[..self.hash.len().min(10)]
    }
}

/// A version of the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    pub date: NaiveDate,
    /// The commit's time (`None` for stamps, which have only a day).
    pub time: Option<DateTime<FixedOffset>>,
    pub summary: Summary,
}

/// One task changing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub kind: ChangeKind,
    pub task: TaskState,
    /// Index into [`Timeline::commits`].
    pub commit: Option<usize>,
    pub date: NaiveDate,
    pub time: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub source: Source,
    pub commits: Vec<Commit>,
    /// Oldest first.
    pub points: Vec<Point>,
    /// Oldest first.
    pub events: Vec<Event>,
    /// The file on disk differs from its last committed version (not in the report).
    pub uncommitted: bool,
}

impl Timeline {
    pub fn new(source: Source) -> Timeline {
        Timeline {
            source,
            commits: Vec::new(),
            points: Vec::new(),
            events: Vec::new(),
            uncommitted: false,
        }
    }

    /// Adds a commit: the version it wrote and its changes against its parents' versions
    /// (several for a merge, which then adds only what differs from all of them). The commit
    /// that creates the file has no events: its tasks are where the history starts, not
    /// hundreds of "added" lines.
    pub fn push_commit(&mut self, commit: Commit, parents: &[&Snapshot], new: &Snapshot) {
        let changes: Vec<Change> = match parents {
            [] => Vec::new(),
            [parent] => diff(parent, new),
            many => diff_merge(many, new),
        };
        let index = self.commits.len();
        let (date, time) = (commit.time.date_naive(), Some(commit.time));
        self.events.extend(changes.into_iter().map(|c| Event {
            kind: c.kind,
            task: c.task,
            commit: Some(index),
            date,
            time,
        }));
        self.points.push(Point {
            date,
            time,
            summary: new.summary.clone(),
        });
        self.commits.push(commit);
    }

    /// The history the done stamps tell: each stamped box ticked on its day. Boxes ticked
    /// without a stamp count as done before the first stamp; nothing is known of additions.
    /// `source` is the text `doc` was parsed from.
    pub fn from_stamps(doc: &Document, source: &str) -> Timeline {
        let mut timeline = Timeline::new(Source::Stamps);
        let current = Snapshot::of(doc, source);
        let tasks = &current.structure.tasks;
        let stamp = |i: usize| tasks[i].done.filter(|_| current.checked[i]);
        let mut days: Vec<NaiveDate> = (0..tasks.len()).filter_map(stamp).collect();
        days.sort_unstable();
        days.dedup();
        // Ticked as of `day`: ticked now, and not stamped with a later day.
        let as_of = |day: Option<NaiveDate>| {
            let checked = (0..tasks.len())
                .map(|i| current.checked[i] && stamp(i).is_none_or(|d| Some(d) <= day))
                .collect();
            Snapshot::new(current.structure.clone(), checked).summary
        };
        if let Some(&first) = days.first() {
            timeline.points.push(Point {
                date: first.pred_opt().unwrap_or(first),
                time: None,
                summary: as_of(None),
            });
        }
        for &day in &days {
            timeline.points.push(Point {
                date: day,
                time: None,
                summary: as_of(Some(day)),
            });
        }
        let mut events: Vec<Event> = (0..tasks.len())
            .filter_map(|i| {
                Some(Event {
                    kind: ChangeKind::Ticked,
                    date: stamp(i)?,
                    task: current.task(i),
                    commit: None,
                    time: None,
                })
            })
            .collect();
        events.sort_by_key(|e| e.date);
        timeline.events = events;
        timeline
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rollup::Progress;

    fn commit(hash: &str, time: &str) -> Commit {
        Commit {
            hash: hash.into(),
            author: "Ada".into(),
            email: "ada@example.com".into(),
            time: DateTime::parse_from_rfc3339(time).unwrap(),
        }
    }

    #[test]
    fn commits_become_points_and_events() {
        let v1 = Snapshot::parse("## Week 1: A\n- [ ] a\n- [ ] b\n");
        let v2 = Snapshot::parse("## Week 1: A\n- [x] a\n- [ ] b\n- [ ] c\n");
        let mut t = Timeline::new(Source::Git);
        t.push_commit(commit("aaaa", "2026-12-01T10:00:00+01:00"), &[], &v1);
        t.push_commit(commit("bbbb", "2026-12-02T23:30:00-05:00"), &[&v1], &v2);
        assert_eq!(t.points.len(), 2);
        assert_eq!(t.points[1].summary.progress, Progress { done: 1, total: 3 });
        let kinds: Vec<_> = t.events.iter().map(|e| (e.kind, e.commit)).collect();
        assert_eq!(
            kinds,
            [(ChangeKind::Ticked, Some(1)), (ChangeKind::Added, Some(1))],
            "creating the file is no event"
        );
        // The author's own day, not UTC's.
        assert_eq!(
            t.events[0].date,
            NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
        );
        assert_eq!(t.commits[1].short(), "bbbb");
    }

    #[test]
    fn stamps_tell_when_boxes_were_ticked() {
        let source =
            "## Week 1: A\n- [x] a ✅ 2026-12-01\n- [x] b ✅ 2026-12-03\n- [x] c\n- [ ] d\n";
        let t = Timeline::from_stamps(&crate::parse::parse(source), source);
        assert_eq!(t.source, Source::Stamps);
        let days: Vec<_> = t
            .points
            .iter()
            .map(|p| (p.date.to_string(), p.summary.progress.done))
            .collect();
        assert_eq!(
            days,
            [
                ("2026-11-30".to_string(), 1),
                ("2026-12-01".to_string(), 2),
                ("2026-12-03".to_string(), 3)
            ]
        );
        let texts: Vec<_> = t.events.iter().map(|e| e.task.text.as_str()).collect();
        assert_eq!(texts, ["a", "b"]);
    }
}
