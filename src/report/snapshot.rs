//! One version of a checklist reduced to what a report compares, and the comparison of two
//! versions task by task.
//!
//! Identity: a task is its text, in its place in the sequence of tasks. IDs are ordinals, so a
//! task inserted above shifts every ID below it; matching by ID alone would report each
//! shifted box as changed. So versions are matched the way `diff` matches lines:
//! 1. a longest-common-subsequence diff (Myers) over the task texts pairs unchanged runs;
//! 2. what is left is paired by equal text anywhere (a task moved to another section);
//! 3. what is still left is paired within the same week by similar text, the same ID
//!    first (a task reworded, maybe ticked in the same commit);
//! 4. the rest are added (new side) or removed (old side).
//!
//! Pure: no I/O; a [`Snapshot`] is built from a parsed [`Document`].

use crate::model::{Document, HeadingKind};
use crate::rollup::{Progress, rollup};
use chrono::NaiveDate;
use serde::Serialize;
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// A task as the comparison needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskState {
    pub id: String,
    pub text: String,
    pub checked: bool,
    /// Counts in progress (no sub-tasks).
    pub leaf: bool,
    /// Number of the week it is under, if any.
    pub week: Option<u32>,
    /// Its ` ✅ YYYY-MM-DD` stamp.
    pub done: Option<NaiveDate>,
}

/// Progress of a phase or week heading in one version, keyed by its ID (`P4`, `13`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingState {
    pub id: String,
    pub kind: HeadingKind,
    pub number: Option<u32>,
    /// `Week 13: title`, as `status` shows it.
    pub title: String,
    /// For a week, the ID of the phase it is in.
    pub phase: Option<String>,
    pub progress: Progress,
    /// Open leaf tasks in the document up to and including this heading's last open one:
    /// how much work stands before it is done, if work goes in document order.
    pub open_through: usize,
}

/// Progress of a version: the document's and each phase's and week's.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    pub progress: Progress,
    pub headings: Vec<HeadingState>,
}

impl Summary {
    /// The progress of heading `id` (zero when this version has no such heading).
    pub fn progress_of(&self, id: &str) -> Progress {
        self.headings
            .iter()
            .find(|h| h.id == id)
            .map_or(Progress::default(), |h| h.progress)
    }
}

/// A version: its summary and its tasks in document order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snapshot {
    pub summary: Summary,
    pub tasks: Vec<TaskState>,
}

impl Snapshot {
    pub fn of(doc: &Document) -> Snapshot {
        let r = rollup(doc);
        // Open leaves counted in document order; each heading remembers the count at its last.
        let mut open_through = vec![0usize; doc.headings.len()];
        let mut open = 0;
        for task in doc.tasks.iter().filter(|t| t.is_leaf() && !t.checked) {
            open += 1;
            let mut heading = task.heading;
            while let Some(h) = heading {
                open_through[h] = open;
                heading = doc.headings[h].parent;
            }
        }
        let phase_of = |h: usize| {
            let path = doc.heading_path(h);
            let phase = path.into_iter().rev().skip(1);
            let phase = phase
                .map(|a| &doc.headings[a])
                .find(|a| a.kind == HeadingKind::Phase);
            phase.map(|p| p.id.clone())
        };
        let headings = (doc.headings.iter().enumerate())
            .filter(|(_, h)| h.kind != HeadingKind::Section)
            .map(|(i, h)| HeadingState {
                id: h.id.clone(),
                kind: h.kind,
                number: h.number,
                title: crate::render::status::heading_label(h),
                phase: phase_of(i),
                progress: r.headings[i],
                open_through: open_through[i],
            })
            .collect();
        let tasks = (doc.tasks.iter())
            .map(|t| TaskState {
                id: t.id.clone(),
                text: t.text.clone(),
                checked: t.checked,
                leaf: t.is_leaf(),
                week: (t.heading.and_then(|h| doc.week_of(h))).and_then(|w| doc.headings[w].number),
                done: t.done.map(|s| s.date),
            })
            .collect();
        Snapshot {
            summary: Summary {
                progress: r.document,
                headings,
            },
            tasks,
        }
    }

    pub fn parse(source: &str) -> Snapshot {
        Snapshot::of(&crate::parse::parse(source))
    }
}

/// What happened to a task between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    Ticked,
    Unticked,
    Added,
    Removed,
}

/// A task that changed, as it is in the newer version (the older one for `Removed`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    pub task: TaskState,
}

/// Pairs of (old index, new index) for the tasks that are the same task in both versions.
pub fn matching(old: &[TaskState], new: &[TaskState]) -> Vec<(usize, usize)> {
    // The common case, a commit that only ticks boxes: same texts in the same order.
    if old.len() == new.len() && old.iter().zip(new).all(|(a, b)| a.text == b.text) {
        return (0..old.len()).map(|i| (i, i)).collect();
    }
    let old_texts: Vec<&str> = old.iter().map(|t| t.text.as_str()).collect();
    let new_texts: Vec<&str> = new.iter().map(|t| t.text.as_str()).collect();
    let mut pairs = Vec::new();
    // Hunks of unmatched tasks: (old range, new range).
    let mut hunks = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &old_texts, &new_texts) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => pairs.extend((0..len).map(|k| (old_index + k, new_index + k))),
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => hunks.push((old_index..old_index + old_len, new_index..new_index)),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => hunks.push((old_index..old_index, new_index..new_index + new_len)),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => hunks.push((
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            )),
        }
    }
    let mut old_free = vec![false; old.len()];
    let mut new_free = vec![false; new.len()];
    for (o, n) in &hunks {
        o.clone().for_each(|i| old_free[i] = true);
        n.clone().for_each(|i| new_free[i] = true);
    }
    // Moves: equal text in different hunks, first come first paired.
    let mut by_text: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for i in (0..new.len()).rev().filter(|&i| new_free[i]) {
        by_text.entry(new_texts[i]).or_default().push(i);
    }
    for i in 0..old.len() {
        if !old_free[i] {
            continue;
        }
        if let Some(n) = by_text.get_mut(old_texts[i]).and_then(Vec::pop) {
            pairs.push((i, n));
            old_free[i] = false;
            new_free[n] = false;
        }
    }
    // Rewordings: in the same week, the same ID and a similar text first, else the most
    // similar text. Hunks are not a boundary: a move can split one rewording across two.
    let olds: Vec<usize> = (0..old.len()).filter(|&i| old_free[i]).collect();
    let news: Vec<usize> = (0..new.len()).filter(|&j| new_free[j]).collect();
    if !olds.is_empty() && !news.is_empty() && olds.len() * news.len() <= 10_000 {
        let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
        for &i in &olds {
            for &j in news.iter().filter(|&&j| new[j].week == old[i].week) {
                let same_id = old[i].id == new[j].id;
                // Bigram overlap: a reworded task keeps most of its words, in any order.
                let score = strsim::sorensen_dice(&old[i].text, &new[j].text);
                if score >= 0.5 || (same_id && score >= 0.3) {
                    candidates.push((score + if same_id { 1.0 } else { 0.0 }, i, j));
                }
            }
        }
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (_, i, j) in candidates {
            if old_free[i] && new_free[j] {
                pairs.push((i, j));
                old_free[i] = false;
                new_free[j] = false;
            }
        }
    }
    pairs.sort_unstable_by_key(|&(_, n)| n);
    pairs
}

/// The changes from `old` to `new`, in the newer version's document order (removals last).
pub fn diff(old: &[TaskState], new: &[TaskState]) -> Vec<Change> {
    let pairs = matching(old, new);
    let mut old_seen = vec![false; old.len()];
    let mut new_seen = vec![false; new.len()];
    let mut changes = Vec::new();
    for &(i, j) in &pairs {
        old_seen[i] = true;
        new_seen[j] = true;
    }
    let mut pairs = pairs.into_iter().peekable();
    for (j, task) in new.iter().enumerate() {
        if !new_seen[j] {
            changes.push(Change {
                kind: ChangeKind::Added,
                task: task.clone(),
            });
            continue;
        }
        let Some((i, _)) = pairs.next() else { break };
        let kind = match (old[i].checked, task.checked) {
            (false, true) => ChangeKind::Ticked,
            (true, false) => ChangeKind::Unticked,
            _ => continue,
        };
        changes.push(Change {
            kind,
            task: task.clone(),
        });
    }
    for (_, task) in old.iter().enumerate().filter(|(i, _)| !old_seen[*i]) {
        changes.push(Change {
            kind: ChangeKind::Removed,
            task: task.clone(),
        });
    }
    changes
}

/// The changes a merge made itself: those it shows against every one of its parents. A box
/// ticked on a branch was reported with the branch's commit; the merge only carries it over.
pub fn diff_merge(parents: &[&[TaskState]], merged: &[TaskState]) -> Vec<Change> {
    let Some((first, rest)) = parents.split_first() else {
        return diff(&[], merged);
    };
    let others: Vec<Vec<Change>> = rest.iter().map(|p| diff(p, merged)).collect();
    diff(first, merged)
        .into_iter()
        .filter(|c| others.iter().all(|o| o.contains(c)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(src: &str) -> Vec<TaskState> {
        Snapshot::parse(src).tasks
    }

    fn kinds(changes: &[Change]) -> Vec<(ChangeKind, &str, &str)> {
        changes
            .iter()
            .map(|c| (c.kind, c.task.id.as_str(), c.task.text.as_str()))
            .collect()
    }

    const BASE: &str = "## Week 1: A\n- [x] one\n- [ ] two\n- [ ] three\n";

    #[test]
    fn ticks_and_unticks() {
        let new = "## Week 1: A\n- [ ] one\n- [x] two\n- [ ] three\n";
        assert_eq!(
            kinds(&diff(&snap(BASE), &snap(new))),
            [
                (ChangeKind::Unticked, "1.1", "one"),
                (ChangeKind::Ticked, "1.2", "two")
            ]
        );
        assert!(diff(&snap(BASE), &snap(BASE)).is_empty());
    }

    #[test]
    fn tasks_inserted_above_shift_ids_but_change_nothing_else() {
        let new = "## Week 1: A\n- [ ] zero\n- [ ] half\n- [x] one\n- [x] two\n- [ ] three\n";
        assert_eq!(
            kinds(&diff(&snap(BASE), &snap(new))),
            [
                (ChangeKind::Added, "1.1", "zero"),
                (ChangeKind::Added, "1.2", "half"),
                (ChangeKind::Ticked, "1.4", "two"),
            ]
        );
    }

    #[test]
    fn removals_moves_and_rewordings() {
        let old = "## Week 1: A\n- [x] Configure firewall rules\n- [ ] Set up VPN access\n- [ ] Rotate secrets\n";
        let new = "## Week 1: A\n- [ ] Rotate secrets\n- [x] Configure firewall rules\n- [x] Set up VPN access for admins\n## Week 2: B\n- [ ] Audit logs\n";
        assert_eq!(
            kinds(&diff(&snap(old), &snap(new))),
            [
                (ChangeKind::Ticked, "1.3", "Set up VPN access for admins"),
                (ChangeKind::Added, "2.1", "Audit logs"),
            ],
            "moved tasks are the same tasks; a reworded one ticked in the same commit is ticked"
        );
        let gone = diff(&snap(BASE), &snap("## Week 1: A\n- [x] one\n- [ ] three\n"));
        assert_eq!(kinds(&gone), [(ChangeKind::Removed, "1.2", "two")]);
        let unrelated = diff(&snap("- [ ] alpha\n"), &snap("- [x] zebra crossing\n"));
        assert_eq!(
            kinds(&unrelated),
            [
                (ChangeKind::Added, "1", "zebra crossing"),
                (ChangeKind::Removed, "1", "alpha")
            ]
        );
    }

    #[test]
    fn duplicate_texts_pair_in_order() {
        let old = "- [x] docs\n- [ ] docs\n";
        let new = "- [x] docs\n- [x] docs\n- [ ] docs\n";
        let changes = diff(&snap(old), &snap(new));
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert!(changes.iter().any(|c| c.kind == ChangeKind::Added));
    }

    #[test]
    fn merges_report_only_their_own_changes() {
        let base = snap("- [ ] a\n- [ ] b\n- [ ] c\n");
        let left = snap("- [x] a\n- [ ] b\n- [ ] c\n");
        let right = snap("- [ ] a\n- [x] b\n- [ ] c\n");
        let merged = snap("- [x] a\n- [x] b\n- [x] c\n");
        assert_eq!(diff(&base, &left).len(), 1);
        assert_eq!(
            kinds(&diff_merge(&[&left, &right], &merged)),
            [(ChangeKind::Ticked, "3", "c")]
        );
    }

    #[test]
    fn summaries_key_phases_and_weeks_by_id() {
        let s = Snapshot::parse("# Phase 4: P\n## Week 13: A\n- [x] a\n- [ ] b\n### S\n- [x] c\n");
        assert_eq!(s.summary.progress_of("13"), Progress { done: 2, total: 3 });
        assert_eq!(s.summary.progress_of("P4"), Progress { done: 2, total: 3 });
        assert_eq!(s.summary.progress_of("14"), Progress::default());
        assert_eq!(s.tasks[2].week, Some(13));
        let week = &s.summary.headings[1];
        assert_eq!(
            (week.title.as_str(), week.phase.as_deref()),
            ("Week 13: A", Some("P4"))
        );
        assert_eq!(week.open_through, 1);
    }
}
