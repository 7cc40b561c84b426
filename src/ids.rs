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
    number_children(doc, &root, root_prefix);
    doc.root = root;
    for h in 0..doc.headings.len() {
        if doc.headings[h].children.is_empty() {
            continue;
        }
        let children = std::mem::take(&mut doc.headings[h].children);
        let prefix = format!("{}.", doc.headings[h].id);
        number_children(doc, &children, &prefix);
        doc.headings[h].children = children;
    }
    // Tasks are in document order, so a parent's ID is set before its children's. Only
    // parents copy their ID (most tasks are leaves); each ID is built at its exact size.
    let mut prefix = String::new();
    for t in 0..doc.tasks.len() {
        if doc.tasks[t].children.is_empty() {
            continue;
        }
        prefix.clear();
        prefix.push_str(&doc.tasks[t].id);
        prefix.push('.');
        for k in 0..doc.tasks[t].children.len() {
            let child = doc.tasks[t].children[k];
            doc.tasks[child].id = child_id(&prefix, k + 1);
        }
    }
}

/// `prefix` followed by `ordinal` in decimal, allocated once at its final length.
fn child_id(prefix: &str, ordinal: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = ordinal;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(&digits[at..]).unwrap_or_default();
    let mut id = String::with_capacity(prefix.len() + digits.len());
    id.push_str(prefix);
    id.push_str(digits);
    id
}

fn number_children(doc: &mut Document, children: &[Child], prefix: &str) {
    let mut ordinal = 0;
    for &child in children {
        match child {
            Child::Heading(h) if doc.headings[h].kind == HeadingKind::Section => {
                ordinal += 1;
                doc.headings[h].id = child_id(prefix, ordinal);
            }
            Child::Heading(_) => {}
            Child::Task(t) => {
                ordinal += 1;
                doc.tasks[t].id = child_id(prefix, ordinal);
            }
        }
    }
}
