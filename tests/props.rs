//! Property tests for the parser and roll-up: any input is safe, spans are exact, IDs are
//! unique, progress adds up.

use preflight::model::Document;
use preflight::parse::parse;
use preflight::rollup::rollup;
use proptest::prelude::*;
use std::collections::HashSet;

/// Checklist-shaped text: headings, nested tasks, quotes, fences, odd bytes.
fn checklistish() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "(#{1,4}) (Phase|Week|Notes|📋 Week) [0-9]{1,2}(: [a-z ]{0,8})?",
        "( {0,6}|\t|> )(-|\\*|\\+|1\\.|2\\)) \\[( |x|X)\\] [a-zé🚀 ]{0,10}",
        "( {0,4})(-|\\*) [a-z ]{0,8}",
        "\\*\\*Status\\*\\*: (✅ Complete|🎯 UPCOMING \\(0/4 weeks complete\\)|In Progress)",
        "```|~~~|<!--|-->|---|===",
        "[ -~]{0,12}",
        "\u{feff}|\r|\u{0}|\u{1b}|\u{202e}",
    ];
    proptest::collection::vec((line, prop_oneof!["\n", "\r\n", "\n\n"]), 0..30)
        .prop_map(|lines| lines.into_iter().map(|(l, e)| l + &e).collect())
}

fn check_invariants(src: &str, doc: &Document) {
    for task in &doc.tasks {
        let span = task.box_span;
        assert!(src.is_char_boundary(span.start) && src.is_char_boundary(span.end));
        let b = &src[span.range()];
        assert!(matches!(b, "[ ]" | "[x]" | "[X]"), "box {b:?}");
        assert_eq!(task.checked, b != "[ ]");
        if let Some(p) = task.parent {
            assert!(p < doc.tasks.len() && doc.tasks[p].box_span.start < span.start);
            assert!(
                doc.tasks[p]
                    .children
                    .contains(&doc.tasks.iter().position(|t| t == task).unwrap())
            );
        }
    }
    for h in &doc.headings {
        assert!(src.is_char_boundary(h.span.start) && src.is_char_boundary(h.span.end));
        if let Some(status) = &h.declared_status {
            assert!(
                src.is_char_boundary(status.span.start) && src.is_char_boundary(status.span.end)
            );
        }
    }
    let mut ids = HashSet::new();
    for id in doc
        .headings
        .iter()
        .map(|h| &h.id)
        .chain(doc.tasks.iter().map(|t| &t.id))
    {
        assert!(
            !id.is_empty() && !id.contains(char::is_whitespace),
            "id {id:?}"
        );
        assert!(ids.insert(id.clone()), "duplicate id {id}");
    }
    let roll = rollup(doc);
    let leaves = doc.tasks.iter().filter(|t| t.is_leaf()).count();
    let done = doc
        .tasks
        .iter()
        .filter(|t| t.is_leaf() && t.checked)
        .count();
    assert_eq!((roll.document.done, roll.document.total), (done, leaves));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_text_parses_without_panicking(src in any::<String>()) {
        let doc = parse(&src);
        check_invariants(&src, &doc);
    }

    #[test]
    fn checklist_shaped_text_keeps_the_invariants(src in checklistish()) {
        let doc = parse(&src);
        check_invariants(&src, &doc);
    }

    #[test]
    fn ticking_never_changes_ids(src in checklistish()) {
        let doc = parse(&src);
        let mut ticked = src.clone().into_bytes();
        for task in &doc.tasks {
            ticked[task.box_span.start + 1] = b'x';
        }
        let ticked = String::from_utf8(ticked).unwrap();
        let after = parse(&ticked);
        let ids = |d: &Document| d.tasks.iter().map(|t| t.id.clone()).collect::<Vec<_>>();
        prop_assert_eq!(ids(&doc), ids(&after));
        prop_assert!(after.tasks.iter().all(|t| t.checked));
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    let depth = 10_000;
    let mut src = String::new();
    for i in 0..depth {
        src.push_str(&" ".repeat(2 * i));
        src.push_str("- [ ] t\n");
    }
    let doc = parse(&src);
    assert!(!doc.tasks.is_empty());
    check_invariants(&src, &doc);
    let quotes = ">".repeat(depth) + " - [x] deep\n";
    check_invariants(&quotes, &parse(&quotes));
}
