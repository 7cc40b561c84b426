//! Comparing two versions of a checklist task by task.
//!
//! Identity: a task is its text, in its place in the sequence of tasks. IDs are ordinals, so a
//! task inserted above shifts every ID below it; matching by ID alone would report each
//! shifted box as changed. So versions are matched the way `diff` matches lines:
//! 1. versions that share a [`Structure`](super::snapshot::Structure) (one derived from the
//!    other by ticking) pair task for task;
//! 2. else a longest-common-subsequence diff (Myers) over the task texts pairs unchanged runs;
//! 3. what is left is paired by equal text anywhere (a task moved to another section);
//! 4. what is still left is paired within the same week by similar text, the same ID
//!    first (a task reworded, maybe ticked in the same commit);
//! 5. the rest are added (new side) or removed (old side).
//!
//! Pure.

use super::snapshot::{Snapshot, TaskState};
use serde::Serialize;
use similar::{Algorithm, DiffOp, capture_diff_slices};
use std::rc::Rc;

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
pub fn matching(old: &Snapshot, new: &Snapshot) -> Vec<(usize, usize)> {
    // The common case, a commit that only ticks boxes: the same tasks in the same order.
    let same = Rc::ptr_eq(&old.structure, &new.structure)
        || (old.len() == new.len() && (0..old.len()).all(|i| old.text(i) == new.text(i)));
    if same {
        return (0..old.len()).map(|i| (i, i)).collect();
    }
    let (old, new) = (&old.structure.tasks, &new.structure.tasks);
    let old_texts: Vec<&str> = old.iter().map(|t| t.text.as_str()).collect();
    let new_texts: Vec<&str> = new.iter().map(|t| t.text.as_str()).collect();
    // Unchanged runs pair up; everything else starts out free.
    let mut pairs = Vec::new();
    let mut old_free = vec![true; old.len()];
    let mut new_free = vec![true; new.len()];
    for op in capture_diff_slices(Algorithm::Myers, &old_texts, &new_texts) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for k in 0..len {
                pairs.push((old_index + k, new_index + k));
                old_free[old_index + k] = false;
                new_free[new_index + k] = false;
            }
        }
    }
    // Moves: equal text elsewhere, first come first paired.
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
    // similar text. Not limited to one changed hunk: a move can split a rewording across two.
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
pub fn diff(old: &Snapshot, new: &Snapshot) -> Vec<Change> {
    let pairs = matching(old, new);
    let mut old_seen = vec![false; old.len()];
    let mut new_seen = vec![false; new.len()];
    let mut changes = Vec::new();
    for &(i, j) in &pairs {
        old_seen[i] = true;
        new_seen[j] = true;
    }
    let mut pairs = pairs.into_iter();
    for (j, &seen) in new_seen.iter().enumerate() {
        if !seen {
            changes.push(Change {
                kind: ChangeKind::Added,
                task: new.task(j),
            });
            continue;
        }
        let Some((i, _)) = pairs.next() else { break };
        let kind = match (old.checked[i], new.checked[j]) {
            (false, true) => ChangeKind::Ticked,
            (true, false) => ChangeKind::Unticked,
            _ => continue,
        };
        changes.push(Change {
            kind,
            task: new.task(j),
        });
    }
    for i in (0..old.len()).filter(|&i| !old_seen[i]) {
        changes.push(Change {
            kind: ChangeKind::Removed,
            task: old.task(i),
        });
    }
    changes
}

/// The changes a merge made itself: those it shows against every one of its parents. A box
/// ticked on a branch was reported with the branch's commit; the merge only carries it over.
pub fn diff_merge(parents: &[&Snapshot], merged: &Snapshot) -> Vec<Change> {
    let Some((first, rest)) = parents.split_first() else {
        return diff(&Snapshot::default(), merged);
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

    fn snap(src: &str) -> Snapshot {
        Snapshot::parse(src)
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
}
