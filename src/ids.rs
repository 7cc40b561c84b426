//! Short, typable item IDs, unique within a document.
//!
//! - a week is its number (`13`), a phase is `P` and its number (`P4`); a repeated number
//!   gets `~2`, `~3`… (lint reports the repeat);
//! - every other heading and every task is its parent's ID, a dot, and its ordinal among
//!   the parent's children: child sections and tasks share one counter in document order
//!   (weeks and phases carry their own numbers and take no ordinal). So `13.1.1.2` is week
//!   13, its first section, that section's first task, that task's second sub-task;
//! - children of the document root are numbered `1`, `2`… — or `S1`, `S2`… when the document
//!   has weeks, so they can never be mistaken for one.
//!
//! IDs depend only on the heading and task structure: ticking never changes any of them.

use crate::model::{Child, Document, HeadingKind};
use std::collections::HashMap;

pub fn assign(doc: &mut Document) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for heading in &mut doc.headings {
        let base = match (heading.kind, heading.number) {
            (HeadingKind::Week, Some(n)) => n.to_string(),
            (HeadingKind::Phase, Some(n)) => format!("P{n}"),
            _ => continue,
        };
        let count = seen.entry(base.clone()).or_insert(0);
        *count += 1;
        heading.id = if *count == 1 {
            base
        } else {
            format!("{base}~{count}")
        };
    }

    let root_prefix = if doc.headings.iter().any(|h| h.kind == HeadingKind::Week) {
        "S"
    } else {
        ""
    };
    let root = std::mem::take(&mut doc.root);
    number_children(doc, &root, |k| format!("{root_prefix}{k}"));
    doc.root = root;
    for h in 0..doc.headings.len() {
        let children = std::mem::take(&mut doc.headings[h].children);
        let prefix = doc.headings[h].id.clone();
        number_children(doc, &children, |k| format!("{prefix}.{k}"));
        doc.headings[h].children = children;
    }
    // Tasks are in document order, so a parent's ID is set before its children's.
    for t in 0..doc.tasks.len() {
        let prefix = doc.tasks[t].id.clone();
        for k in 0..doc.tasks[t].children.len() {
            let child = doc.tasks[t].children[k];
            doc.tasks[child].id = format!("{prefix}.{}", k + 1);
        }
    }
}

fn number_children(doc: &mut Document, children: &[Child], id: impl Fn(usize) -> String) {
    let mut ordinal = 0;
    for &child in children {
        match child {
            Child::Heading(h) if doc.headings[h].kind == HeadingKind::Section => {
                ordinal += 1;
                doc.headings[h].id = id(ordinal);
            }
            Child::Heading(_) => {}
            Child::Task(t) => {
                ordinal += 1;
                doc.tasks[t].id = id(ordinal);
            }
        }
    }
}
