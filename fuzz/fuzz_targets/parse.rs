//! Any bytes: decoding never panics; whatever decodes parses, rolls up and renders without
//! panicking, and the document keeps the model's invariants (spans on char boundaries, boxes
//! exactly `[ ]`/`[x]`/`[X]`, parents before children, unique IDs, progress adding up).
#![no_main]

use libfuzzer_sys::fuzz_target;
use preflight::model::Document;
use preflight::parse::parse;
use preflight::rollup::rollup;
use std::collections::HashSet;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = preflight::text::decode(data) else {
        return;
    };
    let doc = parse(src);
    check(src, &doc);
    let checklist = preflight::workspace::Checklist::new("fuzz.md".into(), src.to_string());
    let tree = preflight::render::export::export(
        std::slice::from_ref(&checklist),
        &preflight::render::export::Selection::everything(true, None),
    );
    preflight::render::json(&tree).expect("the export tree serialises");
});

fn check(src: &str, doc: &Document) {
    let on_boundary = |s: preflight::model::Span| {
        s.start <= s.end && src.is_char_boundary(s.start) && src.is_char_boundary(s.end)
    };
    let mut prev = None;
    for (i, task) in doc.tasks.iter().enumerate() {
        assert!(on_boundary(task.box_span), "task span {:?}", task.box_span);
        let b = &src[task.box_span.range()];
        assert!(matches!(b, "[ ]" | "[x]" | "[X]"), "box {b:?}");
        assert_eq!(task.checked, b != "[ ]");
        assert!(prev < Some(task.box_span.start), "tasks out of order");
        prev = Some(task.box_span.start);
        if let Some(p) = task.parent {
            assert!(p < i && doc.tasks[p].children.contains(&i));
        }
        for &c in &task.children {
            assert!(c > i && doc.tasks[c].parent == Some(i));
        }
    }
    for (i, h) in doc.headings.iter().enumerate() {
        assert!(on_boundary(h.span), "heading span {:?}", h.span);
        assert!(h.parent.is_none_or(|p| p < i));
        if let Some(status) = &h.declared_status {
            assert!(on_boundary(status.span), "status span {:?}", status.span);
        }
    }
    let mut ids = HashSet::new();
    for id in doc
        .headings
        .iter()
        .map(|h| &h.id)
        .chain(doc.tasks.iter().map(|t| &t.id))
    {
        assert!(!id.is_empty(), "empty id");
        assert!(ids.insert(id.as_str()), "duplicate id {id}");
    }
    let roll = rollup(doc);
    let leaves = doc.tasks.iter().filter(|t| t.is_leaf());
    let done = leaves.clone().filter(|t| t.checked).count();
    assert_eq!(
        (roll.document.done, roll.document.total),
        (done, leaves.count())
    );
}
