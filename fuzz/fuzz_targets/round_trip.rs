//! Edits are data, and exact. For any document that decodes:
//! - every span the parser reports lies on a char boundary (edits never split a character);
//! - the no-op plan (no targets, or ticking a task whose subtree is all ticked) has no edits,
//!   and applying it gives back the source byte for byte;
//! - ticking then unticking an open leaf gives back the source byte for byte, whenever its
//!   ancestors' boxes agree with their children (otherwise the cascade corrects them, by
//!   design); unticking then ticking a ticked leaf does too, except that a `[X]` comes back as
//!   `[x]` (ticking writes `x`); each step changes box bytes only and passes `edit::verify`.
//!
//! The first two input bytes choose the task; the rest is the document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use preflight::edit::{Action, apply, plan, subtree, verify};
use preflight::model::{Document, TaskIdx};
use preflight::parse::parse;

fuzz_target!(|data: &[u8]| {
    let (pick, rest) = data.split_at(data.len().min(2));
    let Ok(src) = preflight::text::decode(rest) else {
        return;
    };
    let doc = parse(src);
    let on_boundary =
        |s: preflight::model::Span| src.is_char_boundary(s.start) && src.is_char_boundary(s.end);
    for t in &doc.tasks {
        assert!(on_boundary(t.box_span), "task span {:?}", t.box_span);
    }
    for h in &doc.headings {
        assert!(on_boundary(h.span), "heading span {:?}", h.span);
        if let Some(s) = &h.declared_status {
            assert!(on_boundary(s.span), "status span {:?}", s.span);
        }
    }

    let none = plan(&doc, Action::Tick, &[], false).expect("an empty plan");
    assert!(none.edits.is_empty() && none.changes.is_empty());
    assert_eq!(apply(src, &none.edits).unwrap(), src);

    if doc.tasks.is_empty() {
        return;
    }
    let t = usize::from(u16::from_le_bytes([
        pick.first().copied().unwrap_or(0),
        pick.get(1).copied().unwrap_or(0),
    ])) % doc.tasks.len();

    if subtree(&doc, t).iter().all(|&d| doc.tasks[d].checked) {
        let p = plan(&doc, Action::Tick, &[t], false).expect("tick plans");
        assert!(
            p.edits.is_empty(),
            "ticking a ticked subtree edits: {:?}",
            p.edits
        );
    }

    if doc.tasks[t].is_leaf() && chain_agrees(&doc, t) {
        let (there, back) = match doc.tasks[t].checked {
            false => (Action::Tick, Action::Untick),
            true => (Action::Untick, Action::Tick),
        };
        let Some(once) = step(src, &doc, there, t) else {
            return;
        };
        let once_doc = parse(&once);
        let twice = step(&once, &once_doc, back, t).expect("the way back verifies");
        // Ticking writes `x`: a `[X]` that goes round comes back as `[x]`, by design.
        let same = src
            .bytes()
            .zip(twice.bytes())
            .all(|(a, b)| a == b || (a, b) == (b'X', b'x'));
        assert!(
            same && src.len() == twice.len(),
            "{there:?}/{back:?} of task {t} is not the identity"
        );
        if !doc.tasks[t].checked {
            assert_eq!(
                twice, src,
                "tick then untick of task {t} is not the identity"
            );
        }
    }
});

/// Plans, applies and verifies one action on `t`; only box bytes may change. `None` when
/// verification refuses the one known case (see below); any other refusal is a failure.
fn step(src: &str, doc: &Document, action: Action, t: TaskIdx) -> Option<String> {
    let p = plan(doc, action, &[t], false).expect("a leaf always plans");
    let out = apply(src, &p.edits).expect("planned edits apply");
    if let Err(e) = verify(src, doc, &out, &p) {
        // With a `[x]: url` reference definition every `[x]`/`[X]` is a link, so a ticked box
        // stops being a task: tick refuses (exit 2, file untouched). Regression test:
        // tests/hostile.rs, `tick_under_an_x_reference_definition_is_refused`.
        let x_defined = preflight::parse::defines_x_reference(src);
        assert!(x_defined && action == Action::Tick, "verify refused: {e}");
        return None;
    }
    for (i, (a, b)) in src.bytes().zip(out.bytes()).enumerate() {
        if a != b {
            assert!(
                doc.tasks.iter().any(|t| t.box_span.start + 1 == i),
                "byte {i} changed outside a box"
            );
        }
    }
    Some(out)
}

/// Every ancestor of `t` is ticked exactly when all its children are.
fn chain_agrees(doc: &Document, t: TaskIdx) -> bool {
    let mut cur = doc.tasks[t].parent;
    while let Some(p) = cur {
        let all = doc.tasks[p].children.iter().all(|&c| doc.tasks[c].checked);
        if doc.tasks[p].checked != all {
            return false;
        }
        cur = doc.tasks[p].parent;
    }
    true
}
