//! `lint`: structural and encoding faults of a checklist, each a [`Finding`] with file, line,
//! rule and a one-line explanation. Pure: [`check`] reads a loaded checklist.
//!
//! Rules (names as reported):
//! - `parent-checked-child-open`, `parent-open-children-done`: a parent box that contradicts
//!   its children;
//! - `status-drift`: derived text that `sync` would change; `unknown-status`: a status line
//!   in a shape nothing can judge;
//! - `not-a-task`: lines that look like tasks but that GitHub/GitLab show as text (`- []`,
//!   `-[ ]`, `[ ] text` without a list marker, `[-]` `[~]` `[/]`…, `[x]text`);
//! - `week-order`: week numbers that repeat, go backwards or skip; `empty-week`,
//!   `empty-section`: a week, or a section inside a week, without tasks (sections outside
//!   weeks are often prose: decision, they are not flagged);
//! - `duplicate-task`: the same task text twice under one heading;
//! - `mojibake`: UTF-8 that went through Windows-1252/1254, with the repair or candidates.

mod rules;

use crate::workspace::Checklist;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub path: String,
    pub line: usize,
    pub rule: &'static str,
    pub message: String,
}

/// Every finding in one checklist, in line order.
pub fn check(c: &Checklist) -> Vec<Finding> {
    let path = c.path.to_string_lossy().replace('\\', "/");
    let mut found: Vec<(usize, &'static str, String)> = Vec::new();
    rules::parent_boxes(&c.doc, &mut found);
    rules::status(c, &mut found);
    rules::not_a_task(&c.source, &c.doc, &mut found);
    rules::week_order(&c.doc, &mut found);
    rules::empty(&c.doc, &c.rollup, &mut found);
    rules::duplicates(&c.doc, &mut found);
    rules::mojibake(&c.source, &mut found);
    found.sort_by_key(|(line, rule, _)| (*line, *rule));
    found
        .into_iter()
        .map(|(line, rule, message)| Finding {
            path: path.clone(),
            line,
            rule,
            message,
        })
        .collect()
}

/// The edits `lint --fix` makes: every lossless mojibake run repaired, and the lossy ones
/// too (with their likeliest candidate) when `accept_ambiguous`.
pub fn mojibake_fixes(source: &str, accept_ambiguous: bool) -> Vec<crate::edit::Edit> {
    crate::mojibake::scan(source)
        .into_iter()
        .filter(|d| d.lossless || accept_ambiguous)
        .map(|d| crate::edit::Edit {
            range: d.range,
            replacement: d.candidates[0].clone(),
        })
        .collect()
}

/// Checks a mojibake fix: bytes outside the edits unchanged, tasks and headings keep their
/// IDs, boxes and kinds, and no repaired run is left.
pub fn verify_fix(
    before: &Checklist,
    after: &str,
    edits: &[crate::edit::Edit],
) -> Result<(), String> {
    crate::sync::unchanged_outside(&before.source, after, edits)?;
    let doc = crate::parse::parse(after);
    let same_tasks = doc.tasks.len() == before.doc.tasks.len()
        && doc
            .tasks
            .iter()
            .zip(&before.doc.tasks)
            .all(|(a, b)| a.id == b.id && a.checked == b.checked);
    let same_headings = doc.headings.len() == before.doc.headings.len()
        && doc
            .headings
            .iter()
            .zip(&before.doc.headings)
            .all(|(a, b)| a.id == b.id && a.kind == b.kind && a.number == b.number);
    if !(same_tasks && same_headings) {
        return Err("the repair would change the checklist's structure".into());
    }
    if crate::mojibake::scan(after).iter().any(|d| d.lossless) {
        return Err("mojibake left after the repair".into());
    }
    Ok(())
}
