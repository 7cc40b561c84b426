//! One version of a checklist reduced to what a report compares: its tasks (text, ID, leaf,
//! week) and which are ticked, and the progress that gives per phase and week.
//!
//! A version is a shared, immutable [`Structure`] plus one `checked` bit per task. Most commits
//! only tick or untick boxes: then the new version's bytes differ from the old one's only
//! inside boxes, and [`Snapshot::flipped`] derives it by flipping bits — no parse, no string
//! copied — while any other change takes a full parse. Both paths give the same snapshot (a
//! unit test and a property of the history tests).
//!
//! Pure: no I/O.

use crate::model::{Document, HeadingKind};
use crate::rollup::Progress;
use chrono::NaiveDate;
use std::rc::Rc;

/// A task as an event reports it.
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

/// What does not change when boxes are ticked: a task's identity and place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskInfo {
    pub id: String,
    pub text: String,
    pub leaf: bool,
    pub week: Option<u32>,
    pub done: Option<NaiveDate>,
    /// Byte offset of the character between the box's brackets.
    mark: usize,
    /// Indices into [`Structure::headings`] of the phases and weeks it is under.
    within: Vec<usize>,
}

/// A phase or week heading of a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingInfo {
    pub id: String,
    pub kind: HeadingKind,
    pub number: Option<u32>,
    /// `Week 13: title`, as `status` shows it.
    pub title: String,
    /// For a week, the ID of the phase it is in.
    pub phase: Option<String>,
}

/// The tasks and phase/week headings of a version, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Structure {
    pub tasks: Vec<TaskInfo>,
    pub headings: Vec<HeadingInfo>,
    /// Box-only edits can be applied without a parse. False when the text has a link
    /// reference definition (`[x]: /url` turns a ticked box into a link).
    flippable: bool,
}

/// Progress of a phase or week heading in one version, keyed by its ID (`P4`, `13`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingState {
    pub id: String,
    pub kind: HeadingKind,
    pub number: Option<u32>,
    pub title: String,
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

/// A version: its structure, which tasks are ticked, and the progress that makes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snapshot {
    pub structure: Rc<Structure>,
    pub checked: Vec<bool>,
    pub summary: Summary,
}

impl Snapshot {
    /// The snapshot of a parsed document; `source` is the text it was parsed from.
    pub fn of(doc: &Document, source: &str) -> Snapshot {
        let mut index = vec![None; doc.headings.len()];
        let mut headings = Vec::new();
        for (h, heading) in doc.headings.iter().enumerate() {
            if heading.kind == HeadingKind::Section {
                continue;
            }
            let phase = doc.heading_path(h).into_iter().rev().skip(1);
            let phase = phase
                .map(|a| &doc.headings[a])
                .find(|a| a.kind == HeadingKind::Phase);
            index[h] = Some(headings.len());
            headings.push(HeadingInfo {
                id: heading.id.clone(),
                kind: heading.kind,
                number: heading.number,
                title: crate::render::status::heading_label(heading),
                phase: phase.map(|p| p.id.clone()),
            });
        }
        let tasks = (doc.tasks.iter())
            .map(|t| {
                let mut within = Vec::new();
                let mut heading = t.heading;
                while let Some(h) = heading {
                    within.extend(index[h]);
                    heading = doc.headings[h].parent;
                }
                TaskInfo {
                    id: t.id.clone(),
                    text: t.text.clone(),
                    leaf: t.is_leaf(),
                    week: (t.heading.and_then(|h| doc.week_of(h)))
                        .and_then(|w| doc.headings[w].number),
                    done: t.done.map(|s| s.date),
                    mark: t.box_span.start + 1,
                    within,
                }
            })
            .collect();
        let checked = doc.tasks.iter().map(|t| t.checked).collect();
        let structure = Structure {
            tasks,
            headings,
            flippable: !source.contains("]:"),
        };
        Snapshot::new(Rc::new(structure), checked)
    }

    pub fn parse(source: &str) -> Snapshot {
        Snapshot::of(&crate::parse::parse(source), source)
    }

    /// A snapshot of `structure` with these boxes ticked.
    pub fn new(structure: Rc<Structure>, checked: Vec<bool>) -> Snapshot {
        let summary = summarize(&structure, &checked);
        Snapshot {
            structure,
            checked,
            summary,
        }
    }

    /// The version whose text is `new`, when `old` (this version's text) and `new` differ
    /// only in the character between the brackets of some of its boxes, each one of ` `, `x`,
    /// `X`; `None` otherwise (parse `new` instead).
    pub fn flipped(&self, old: &str, new: &str) -> Option<Snapshot> {
        let s = &self.structure;
        if !s.flippable || old.len() != new.len() {
            return None;
        }
        let (old, new) = (old.as_bytes(), new.as_bytes());
        let mut checked = self.checked.clone();
        // Compare in blocks: equal blocks (nearly all of them) cost one memcmp each.
        const BLOCK: usize = 64;
        for start in (0..old.len()).step_by(BLOCK) {
            let end = (start + BLOCK).min(old.len());
            if old[start..end] == new[start..end] {
                continue;
            }
            for at in (start..end).filter(|&at| old[at] != new[at]) {
                let t = s.tasks.binary_search_by_key(&at, |t| t.mark).ok()?;
                if !matches!(old[at], b' ' | b'x' | b'X') || !matches!(new[at], b' ' | b'x' | b'X')
                {
                    return None;
                }
                checked[t] = new[at] != b' ';
            }
        }
        Some(Snapshot::new(self.structure.clone(), checked))
    }

    pub fn len(&self) -> usize {
        self.checked.len()
    }

    pub fn is_empty(&self) -> bool {
        self.checked.is_empty()
    }

    /// Task `i` as an event reports it.
    pub fn task(&self, i: usize) -> TaskState {
        let t = &self.structure.tasks[i];
        TaskState {
            id: t.id.clone(),
            text: t.text.clone(),
            checked: self.checked[i],
            leaf: t.leaf,
            week: t.week,
            done: t.done,
        }
    }

    pub fn text(&self, i: usize) -> &str {
        &self.structure.tasks[i].text
    }

    /// The same task texts, in the same order, ticked alike.
    pub fn same_tasks(&self, other: &Snapshot) -> bool {
        self.checked == other.checked
            && (Rc::ptr_eq(&self.structure, &other.structure)
                || (0..self.len()).all(|i| self.text(i) == other.text(i)))
    }
}

/// Leaf progress of the document and of each phase and week, and `open_through`.
fn summarize(s: &Structure, checked: &[bool]) -> Summary {
    let mut progress = Progress::default();
    let mut per = vec![Progress::default(); s.headings.len()];
    let mut open_through = vec![0; s.headings.len()];
    for (t, task) in s.tasks.iter().enumerate().filter(|(_, t)| t.leaf) {
        let done = checked[t] as usize;
        progress.done += done;
        progress.total += 1;
        if done == 0 {
            // The count of open leaves so far, this one included.
            let open = progress.total - progress.done;
            for &h in &task.within {
                open_through[h] = open;
            }
        }
        for &h in &task.within {
            per[h].done += done;
            per[h].total += 1;
        }
    }
    let headings = (s.headings.iter().zip(per).zip(open_through))
        .map(|((h, progress), open_through)| HeadingState {
            id: h.id.clone(),
            kind: h.kind,
            number: h.number,
            title: h.title.clone(),
            phase: h.phase.clone(),
            progress,
            open_through,
        })
        .collect();
    Summary { progress, headings }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_key_phases_and_weeks_by_id() {
        let s = Snapshot::parse("# Phase 4: P\n## Week 13: A\n- [x] a\n- [ ] b\n### S\n- [x] c\n");
        assert_eq!(s.summary.progress_of("13"), Progress { done: 2, total: 3 });
        assert_eq!(s.summary.progress_of("P4"), Progress { done: 2, total: 3 });
        assert_eq!(s.summary.progress_of("14"), Progress::default());
        assert_eq!(s.structure.tasks[2].week, Some(13));
        let week = &s.summary.headings[1];
        assert_eq!(
            (week.title.as_str(), week.phase.as_deref()),
            ("Week 13: A", Some("P4"))
        );
        assert_eq!(week.open_through, 1);
    }

    #[test]
    fn box_only_edits_flip_bits_and_agree_with_a_parse() {
        let old = "# Phase 4: P\n## Week 13: A\n- [ ] a\n  - [x] b\n- [ ] c ✅ 2026-12-01\n";
        let new = "# Phase 4: P\n## Week 13: A\n- [X] a\n  - [ ] b\n- [x] c ✅ 2026-12-01\n";
        let before = Snapshot::parse(old);
        let flipped = before.flipped(old, new).expect("only boxes changed");
        assert!(Rc::ptr_eq(&flipped.structure, &before.structure));
        let parsed = Snapshot::parse(new);
        assert_eq!(flipped.checked, parsed.checked);
        assert_eq!(flipped.summary, parsed.summary);
        // Anything else is a parse: text, length, a box turned into something else.
        assert!(
            before
                .flipped(old, &old.replace("- [ ] a", "- [ ] e"))
                .is_none()
        );
        assert!(
            before
                .flipped(old, &old.replace("- [ ] a", "- [-] a"))
                .is_none()
        );
        assert!(
            before
                .flipped(old, &old.replace("- [ ] a", "- [ ] aa"))
                .is_none()
        );
        // With a reference definition `[x]` may be a link, not a box: always parse.
        let linked = format!("{old}\n[x]: /url\n");
        let snap = Snapshot::parse(&linked);
        assert!(
            snap.flipped(&linked, &linked.replacen("- [ ] a", "- [x] a", 1))
                .is_none()
        );
    }
}
