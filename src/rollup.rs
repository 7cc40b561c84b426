//! Completion roll-up: leaf-task progress for every task, heading and the document, the
//! state of each node, and whether a declared `**Status**:` agrees with the boxes.
//!
//! Pure and non-recursive: the arenas are in document order, so one reverse pass adds each
//! node into its parent.

use crate::classify::{DeclaredClaim, State, interpret_status};
use crate::model::{Document, HeadingIdx, HeadingKind};
use serde::Serialize;

/// Leaf tasks done out of total. A parent task counts through its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl Progress {
    /// Percentage done, rounded to one decimal; 0 when there is nothing to do.
    pub fn percent(self) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        (self.done as f64 * 1000.0 / self.total as f64).round() / 10.0
    }

    pub fn state(self) -> State {
        if self.done == 0 {
            State::NotStarted
        } else if self.done == self.total {
            State::Done
        } else {
            State::InProgress
        }
    }

    fn add(&mut self, other: Progress) {
        self.done += other.done;
        self.total += other.total;
    }
}

impl Serialize for Progress {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Progress", 3)?;
        st.serialize_field("done", &self.done)?;
        st.serialize_field("total", &self.total)?;
        st.serialize_field("percent", &self.percent())?;
        st.end()
    }
}

/// Progress for every node of a [`Document`], indexed like its arenas.
#[derive(Debug, Clone, PartialEq)]
pub struct Rollup {
    pub document: Progress,
    pub headings: Vec<Progress>,
    pub tasks: Vec<Progress>,
    /// Weeks done and weeks in all, under each heading (itself included).
    pub weeks: Vec<Progress>,
}

pub fn rollup(doc: &Document) -> Rollup {
    let mut tasks: Vec<Progress> = doc
        .tasks
        .iter()
        .map(|t| match t.is_leaf() {
            true => Progress {
                done: t.checked as usize,
                total: 1,
            },
            false => Progress::default(),
        })
        .collect();
    let mut headings = vec![Progress::default(); doc.headings.len()];
    let mut document = Progress::default();
    for (i, task) in doc.tasks.iter().enumerate().rev() {
        let p = tasks[i];
        match (task.parent, task.heading) {
            (Some(parent), _) => tasks[parent].add(p),
            (None, Some(h)) => headings[h].add(p),
            (None, None) => document.add(p),
        }
    }
    let mut weeks = vec![Progress::default(); doc.headings.len()];
    for (i, heading) in doc.headings.iter().enumerate().rev() {
        if heading.kind == HeadingKind::Week {
            weeks[i].add(Progress {
                done: (headings[i].state() == State::Done) as usize,
                total: 1,
            });
        }
        let (p, w) = (headings[i], weeks[i]);
        match heading.parent {
            Some(parent) => {
                headings[parent].add(p);
                weeks[parent].add(w);
            }
            None => document.add(p),
        }
    }
    Rollup {
        document,
        headings,
        tasks,
        weeks,
    }
}

/// A declared status compared with the boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusCheck {
    /// What the text claims; `None` when its shape is not understood.
    pub claim: Option<DeclaredClaim>,
    /// False when the claim contradicts the computed state or week count.
    pub agrees: bool,
}

/// Compares a heading's declared status with its roll-up; `None` without a status line.
pub fn check_status(doc: &Document, rollup: &Rollup, h: HeadingIdx) -> Option<StatusCheck> {
    let declared = doc.headings[h].declared_status.as_ref()?;
    let claim = interpret_status(&declared.text);
    let agrees = claim.is_none_or(|claim| {
        let state_ok = claim.state == rollup.headings[h].state();
        let weeks = rollup.weeks[h];
        let count_ok = claim.count.is_none_or(|(done, total)| {
            weeks.total == 0 || (done as usize, total as usize) == (weeks.done, weeks.total)
        });
        state_ok && count_ok
    });
    Some(StatusCheck { claim, agrees })
}
