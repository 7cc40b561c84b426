//! Edits are data: a change to a checklist is a list of byte-range replacements against the
//! exact source that was parsed, planned from the [`Document`] alone, applied to the bytes,
//! then verified by parsing the result again.
//!
//! Pure: no I/O, nothing printed. The shell (`cmd::tick`) reads, calls [`plan`], [`apply`]
//! and [`verify`], and only writes what [`verify`] accepted.
//!
//! Invariants:
//! - a box edit replaces exactly the one byte between the brackets (`[ ]` → `[x]`), so line
//!   endings, a byte-order mark, trailing spaces and a missing final newline never move;
//! - ticking writes `x`, unticking writes a space; a box already in the wanted state (`[X]`
//!   included) gets no edit;
//! - cascade (org-mode's rule): ticking a task ticks its open descendants, unticking one
//!   unticks its descendants (only with `recursive` if some are ticked), and after a change
//!   every ancestor of the changed task is checked exactly when all its children are.

use crate::model::{Document, TaskIdx};
use std::fmt;
use std::ops::Range;

/// Replace `range` of the source with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// What is asked of the named tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Tick,
    Untick,
}

/// One box whose state the plan changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub task: TaskIdx,
    /// The box's state after the edit.
    pub checked: bool,
}

/// The edits for one request, and the boxes they change (both in document order).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    pub edits: Vec<Edit>,
    pub changes: Vec<Change>,
}

/// Why a request cannot be planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// Unticking a parent whose descendants are (partly) ticked, without `recursive`:
    /// that would silently drop their work.
    CheckedDescendants {
        task: TaskIdx,
        checked: Vec<TaskIdx>,
    },
    /// A task index that the document does not have (a caller bug).
    NoSuchTask(TaskIdx),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::CheckedDescendants { task, checked } => write!(
                f,
                "task #{task} has {} ticked descendant(s); untick with --recursive",
                checked.len()
            ),
            PlanError::NoSuchTask(t) => write!(f, "no task #{t} in the document"),
        }
    }
}

impl std::error::Error for PlanError {}

/// Plans `action` on `targets` (task indices, any order, repeats allowed) with the cascade.
///
/// Targets are visited children first (descending index: a parent's index is smaller than
/// its descendants'), and ancestors are recomputed after each one, so `untick` of a parent
/// together with all its ticked descendants needs no `recursive`.
pub fn plan(
    doc: &Document,
    action: Action,
    targets: &[TaskIdx],
    recursive: bool,
) -> Result<Plan, PlanError> {
    let mut state: Vec<bool> = doc.tasks.iter().map(|t| t.checked).collect();
    let mut targets = targets.to_vec();
    targets.sort_unstable();
    targets.dedup();
    if let Some(&bad) = targets.iter().find(|&&t| t >= doc.tasks.len()) {
        return Err(PlanError::NoSuchTask(bad));
    }
    for &t in targets.iter().rev() {
        let subtree = subtree(doc, t);
        let want = action == Action::Tick;
        if !want && !recursive {
            let checked: Vec<TaskIdx> =
                subtree[1..].iter().copied().filter(|&d| state[d]).collect();
            if !checked.is_empty() {
                return Err(PlanError::CheckedDescendants { task: t, checked });
            }
        }
        let mut changed = false;
        for &d in &subtree {
            changed |= state[d] != want;
            state[d] = want;
        }
        // Ancestors follow only a real change: a no-op request leaves the file alone even
        // where the document was already inconsistent.
        if changed {
            settle_ancestors(doc, &mut state, t);
        }
    }
    let mut plan = Plan::default();
    for (i, task) in doc.tasks.iter().enumerate() {
        if state[i] != task.checked {
            let inner = task.box_span.start + 1;
            plan.edits.push(Edit {
                range: inner..inner + 1,
                replacement: if state[i] { "x" } else { " " }.to_string(),
            });
            plan.changes.push(Change {
                task: i,
                checked: state[i],
            });
        }
    }
    Ok(plan)
}

/// `t` followed by all its descendants, in document order (an explicit stack: nesting depth
/// never costs call-stack depth).
pub fn subtree(doc: &Document, t: TaskIdx) -> Vec<TaskIdx> {
    let mut out = Vec::new();
    let mut stack = vec![t];
    while let Some(i) = stack.pop() {
        out.push(i);
        stack.extend(doc.tasks[i].children.iter().rev());
    }
    out
}

/// Sets every ancestor of `t`, nearest first, to "all its children are checked".
fn settle_ancestors(doc: &Document, state: &mut [bool], t: TaskIdx) {
    let mut cur = doc.tasks[t].parent;
    while let Some(p) = cur {
        state[p] = doc.tasks[p].children.iter().all(|&c| state[c]);
        cur = doc.tasks[p].parent;
    }
}

/// Why edits could not be applied or the result was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// An edit outside the source, splitting a character, or overlapping another.
    BadRange(Range<usize>),
    /// The edited text does not parse to the intended document.
    Verify(String),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::BadRange(r) => {
                write!(f, "edit {}..{} does not fit the source", r.start, r.end)
            }
            EditError::Verify(why) => write!(f, "the edited file would not be as intended: {why}"),
        }
    }
}

impl std::error::Error for EditError {}

/// Applies `edits` (any order, non-overlapping) to `source`.
pub fn apply(source: &str, edits: &[Edit]) -> Result<String, EditError> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for e in sorted {
        let r = e.range.clone();
        let fits = r.start >= at
            && r.start <= r.end
            && r.end <= source.len()
            && source.is_char_boundary(r.start)
            && source.is_char_boundary(r.end);
        if !fits {
            return Err(EditError::BadRange(r));
        }
        out.push_str(&source[at..r.start]);
        out.push_str(&e.replacement);
        at = r.end;
    }
    out.push_str(&source[at..]);
    Ok(out)
}

/// Checks that `after` (the edited source) differs from `before` only inside the plan's
/// edit ranges, and parses to `before_doc` with exactly the planned boxes changed. Returns
/// the new document.
pub fn verify(
    before: &str,
    before_doc: &Document,
    after: &str,
    plan: &Plan,
) -> Result<Document, EditError> {
    check_bytes(before.as_bytes(), after.as_bytes(), &plan.edits)?;
    let mut expected = before_doc.clone();
    for c in &plan.changes {
        match expected.tasks.get_mut(c.task) {
            Some(t) => t.checked = c.checked,
            None => return Err(EditError::Verify(format!("no task #{}", c.task))),
        }
    }
    let parsed = crate::parse::parse(after);
    if parsed == expected {
        return Ok(parsed);
    }
    Err(EditError::Verify(first_difference(&expected, &parsed)))
}

/// Every byte outside the edit ranges is unchanged (for same-length edits, which are all
/// this module plans; other edits are checked around their ranges only by the re-parse).
fn check_bytes(before: &[u8], after: &[u8], edits: &[Edit]) -> Result<(), EditError> {
    let same_length = edits.iter().all(|e| e.range.len() == e.replacement.len());
    if !same_length {
        return Ok(());
    }
    if before.len() != after.len() {
        return Err(EditError::Verify(format!(
            "length changed from {} to {} bytes",
            before.len(),
            after.len()
        )));
    }
    let mut ranges: Vec<Range<usize>> = edits.iter().map(|e| e.range.clone()).collect();
    ranges.sort_by_key(|r| r.start);
    let mut at = 0;
    for r in ranges
        .iter()
        .chain(std::iter::once(&(before.len()..before.len())))
    {
        let end = r.start.max(at);
        if let Some(i) = (at..end).find(|&i| before[i] != after[i]) {
            return Err(EditError::Verify(format!(
                "byte {i} changed outside the edits"
            )));
        }
        at = at.max(r.end);
    }
    Ok(())
}

fn first_difference(expected: &Document, parsed: &Document) -> String {
    if expected.tasks.len() != parsed.tasks.len() {
        return format!(
            "{} tasks instead of {}",
            parsed.tasks.len(),
            expected.tasks.len()
        );
    }
    if let Some((e, p)) = expected
        .tasks
        .iter()
        .zip(&parsed.tasks)
        .find(|(e, p)| e != p)
    {
        return format!(
            "task {} on line {} would read {:?} (checked: {}) instead of {:?} (checked: {})",
            e.id, e.line, p.text, p.checked, e.text, e.checked
        );
    }
    "the heading structure changed".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn run(src: &str, action: Action, ids: &[&str], recursive: bool) -> Result<String, PlanError> {
        let doc = parse(src);
        let targets: Vec<TaskIdx> = ids
            .iter()
            .map(|id| doc.tasks.iter().position(|t| t.id == *id).unwrap())
            .collect();
        let plan = plan(&doc, action, &targets, recursive)?;
        let out = apply(src, &plan.edits).unwrap();
        verify(src, &doc, &out, &plan).unwrap();
        Ok(out)
    }

    const TREE: &str = "- [ ] a\n  - [ ] b\n  - [x] c\n- [ ] d\n";

    #[test]
    fn ticking_a_leaf_is_a_one_byte_edit() {
        let doc = parse(TREE);
        let p = plan(&doc, Action::Tick, &[3], false).unwrap();
        assert_eq!(
            p.edits,
            vec![Edit {
                range: 31..32,
                replacement: "x".into()
            }]
        );
        assert_eq!(
            apply(TREE, &p.edits).unwrap(),
            "- [ ] a\n  - [ ] b\n  - [x] c\n- [x] d\n"
        );
    }

    #[test]
    fn ticking_the_last_open_child_ticks_the_parent() {
        assert_eq!(
            run(TREE, Action::Tick, &["1.1"], false).unwrap(),
            "- [x] a\n  - [x] b\n  - [x] c\n- [ ] d\n"
        );
    }

    #[test]
    fn ticking_a_parent_ticks_its_open_descendants_and_keeps_capital_x() {
        let src = "- [ ] a\n  - [X] b\n  - [ ] c\n    - [ ] e\n";
        assert_eq!(
            run(src, Action::Tick, &["1"], false).unwrap(),
            "- [x] a\n  - [X] b\n  - [x] c\n    - [x] e\n"
        );
    }

    #[test]
    fn unticking_a_child_unticks_ticked_ancestors() {
        let src = "- [x] a\n  - [x] b\n    - [x] c\n- [x] d\n";
        assert_eq!(
            run(src, Action::Untick, &["1.1.1"], false).unwrap(),
            "- [ ] a\n  - [ ] b\n    - [ ] c\n- [x] d\n"
        );
    }

    #[test]
    fn unticking_a_parent_with_ticked_descendants_needs_recursive() {
        let src = "- [x] a\n  - [x] b\n  - [x] c\n";
        let doc = parse(src);
        assert_eq!(
            plan(&doc, Action::Untick, &[0], false),
            Err(PlanError::CheckedDescendants {
                task: 0,
                checked: vec![1, 2]
            })
        );
        assert_eq!(
            run(src, Action::Untick, &["1"], true).unwrap(),
            "- [ ] a\n  - [ ] b\n  - [ ] c\n"
        );
        // Naming the ticked descendants too is explicit enough.
        assert_eq!(
            run(src, Action::Untick, &["1", "1.1", "1.2"], false).unwrap(),
            "- [ ] a\n  - [ ] b\n  - [ ] c\n"
        );
    }

    #[test]
    fn no_op_requests_plan_nothing() {
        let doc = parse(TREE);
        assert!(
            plan(&doc, Action::Tick, &[2], false)
                .unwrap()
                .edits
                .is_empty()
        );
        assert!(
            plan(&doc, Action::Untick, &[3], false)
                .unwrap()
                .edits
                .is_empty()
        );
    }

    #[test]
    fn crlf_bom_and_trailing_spaces_stay() {
        let src = "\u{feff}# T\r\n- [ ] a  \r\n- [ ] b\t\r\n- [ ] c";
        let out = run(src, Action::Tick, &["1.1", "1.3"], false).unwrap();
        assert_eq!(out, "\u{feff}# T\r\n- [x] a  \r\n- [ ] b\t\r\n- [x] c");
    }

    #[test]
    fn verify_refuses_an_edit_that_changes_structure() {
        let src = "- [ ] a\n- [ ] b\n";
        let doc = parse(src);
        // Replacing the space with a tab makes it no box at all (`[\t]` is not a task).
        let bad = Plan {
            edits: vec![Edit {
                range: 3..4,
                replacement: "\t".into(),
            }],
            changes: vec![Change {
                task: 0,
                checked: false,
            }],
        };
        let out = apply(src, &bad.edits).unwrap();
        assert!(matches!(
            verify(src, &doc, &out, &bad),
            Err(EditError::Verify(_))
        ));
        // A byte changed outside the planned ranges.
        let sneaky = Plan {
            edits: vec![Edit {
                range: 3..4,
                replacement: "x".into(),
            }],
            changes: vec![Change {
                task: 0,
                checked: true,
            }],
        };
        let out = "- [x] A\n- [ ] b\n";
        assert!(matches!(
            verify(src, &doc, out, &sneaky),
            Err(EditError::Verify(_))
        ));
    }

    #[test]
    fn apply_refuses_overlaps_and_split_characters() {
        let e = |r: Range<usize>| Edit {
            range: r,
            replacement: String::new(),
        };
        assert!(apply("abcdef", &[e(1..3), e(2..4)]).is_err());
        assert!(apply("é", &[e(1..2)]).is_err());
        assert!(apply("ab", &[e(1..5)]).is_err());
        assert_eq!(apply("abcdef", &[e(4..5), e(0..1)]).unwrap(), "bcdf");
    }
}
