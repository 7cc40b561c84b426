//! Edit planning, applied and verified, over generated documents (proptest) and over the
//! real-world corpus (with CRLF and BOM variants derived here).
//!
//! What must hold: a tick or untick changes only box bytes (so line endings, a BOM, trailing
//! whitespace and a missing final newline never move); after every change each parent task
//! is checked exactly when all its children are; ticking a leaf that keeps its parent open
//! changes one byte, and unticking it restores the original bytes.
//!
//! The corpus test reads `../shared/corpus` (or `$PREFLIGHT_CORPUS`) and is `#[ignore]`d so
//! a fresh clone's `cargo test` stays self-contained.

use preflight::edit::{Action, PlanError, apply, plan, subtree, verify};
use preflight::model::{Document, TaskIdx};
use preflight::parse::parse;
use proptest::prelude::*;
use std::path::PathBuf;

/// Plans, applies and verifies; `Err` only for the cascade's refusal.
fn edit(
    src: &str,
    doc: &Document,
    action: Action,
    t: TaskIdx,
    recursive: bool,
) -> Result<String, PlanError> {
    let p = plan(doc, action, &[t], recursive)?;
    let out = apply(src, &p.edits).expect("planned edits apply");
    verify(src, doc, &out, &p).unwrap_or_else(|e| panic!("verification failed: {e}\n{src:?}"));
    Ok(out)
}

/// Byte offsets where `a` and `b` differ (same length required).
fn differing_bytes(a: &str, b: &str) -> Vec<usize> {
    assert_eq!(a.len(), b.len(), "an edit changed the length");
    (0..a.len())
        .filter(|&i| a.as_bytes()[i] != b.as_bytes()[i])
        .collect()
}

fn consistent(doc: &Document, t: TaskIdx) -> bool {
    let task = &doc.tasks[t];
    task.is_leaf() || task.checked == task.children.iter().all(|&c| doc.tasks[c].checked)
}

/// A leaf that ticking leaves its parent open: unchecked, with an open sibling (or none
/// needed at the top level), and no ancestor checked (a checked ancestor above an open
/// parent would be corrected by any change below it).
fn tick_round_trips(doc: &Document, t: TaskIdx) -> bool {
    let task = &doc.tasks[t];
    let mut ancestors_open = true;
    let mut cur = task.parent;
    while let Some(p) = cur {
        ancestors_open &= !doc.tasks[p].checked;
        cur = doc.tasks[p].parent;
    }
    let open_sibling = task.parent.is_none_or(|p| {
        doc.tasks[p]
            .children
            .iter()
            .any(|&s| s != t && !doc.tasks[s].checked)
    });
    task.is_leaf() && !task.checked && ancestors_open && open_sibling
}

// ---------------------------------------------------------------------------------------
// Generated documents
// ---------------------------------------------------------------------------------------

/// One generated line: a heading, a task at some depth, or filler prose.
#[derive(Debug, Clone)]
enum Line {
    Heading(u8, String),
    Task {
        depth: usize,
        marker: char,
        checked: bool,
        text: String,
        trailing: String,
    },
    Prose(String),
}

fn line() -> impl Strategy<Value = Line> {
    let text = "[a-zA-Z][a-zA-Z0-9 ./é📋]{0,12}";
    prop_oneof![
        1 => (1u8..4, text).prop_map(|(l, t)| Line::Heading(l, t)),
        6 => (0usize..4, prop::sample::select(vec!['-', '*', '+']), any::<bool>(), text,
              prop::sample::select(vec!["", " ", "  ", "\t"]))
            .prop_map(|(depth, marker, checked, text, trailing)| Line::Task {
                depth, marker, checked, text, trailing: trailing.to_string()
            }),
        1 => text.prop_map(Line::Prose),
    ]
}

/// A checklist with `\n` or `\r\n` endings, maybe a BOM, maybe no final newline. Task
/// depths only grow one level at a time, so every indented task nests under the previous.
fn document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(line(), 1..40),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(lines, crlf, bom, final_newline)| {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut out = String::from(if bom { "\u{feff}" } else { "" });
            let mut depth_cap = 0;
            for (i, l) in lines.iter().enumerate() {
                if i > 0 {
                    out.push_str(eol);
                }
                match l {
                    Line::Heading(level, t) => {
                        // A blank line ends any list; a heading after it starts fresh.
                        out.push_str(&format!("{eol}{} {t}{eol}", "#".repeat(*level as usize)));
                        depth_cap = 0;
                    }
                    Line::Task {
                        depth,
                        marker,
                        checked,
                        text,
                        trailing,
                    } => {
                        let depth = (*depth).min(depth_cap);
                        let mark = if *checked { 'x' } else { ' ' };
                        out.push_str(&format!(
                            "{}{marker} [{mark}] {text}{trailing}",
                            "  ".repeat(depth)
                        ));
                        depth_cap = depth + 1;
                    }
                    Line::Prose(t) => {
                        out.push_str(&format!("{eol}{t}{eol}"));
                        depth_cap = 0;
                    }
                }
            }
            if final_newline {
                out.push_str(eol);
            }
            out
        })
}

/// Makes every parent's box agree with its children (bottom-up), as a tidy checklist is.
fn make_consistent(src: &str) -> String {
    let doc = parse(src);
    let mut state: Vec<bool> = doc.tasks.iter().map(|t| t.checked).collect();
    for t in (0..doc.tasks.len()).rev() {
        if !doc.tasks[t].is_leaf() {
            state[t] = doc.tasks[t].children.iter().all(|&c| state[c]);
        }
    }
    let mut bytes = src.as_bytes().to_vec();
    for (t, task) in doc.tasks.iter().enumerate() {
        if state[t] != task.checked {
            bytes[task.box_span.start + 1] = if state[t] { b'x' } else { b' ' };
        }
    }
    String::from_utf8(bytes).unwrap()
}

#[derive(Debug, Clone, Copy)]
struct Op {
    tick: bool,
    pick: usize,
    recursive: bool,
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(
        (any::<bool>(), any::<usize>(), any::<bool>()).prop_map(|(tick, pick, recursive)| Op {
            tick,
            pick,
            recursive,
        }),
        1..20,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Random tick/untick sequences on a tidy checklist: it stays tidy after every step,
    /// the named task and its subtree end in the asked state, and only box bytes change.
    #[test]
    fn cascade_invariant_holds_after_every_step(src in document(), ops in ops()) {
        let mut src = make_consistent(&src);
        for op in ops {
            let doc = parse(&src);
            if doc.tasks.is_empty() {
                return Ok(());
            }
            let t = op.pick % doc.tasks.len();
            let action = if op.tick { Action::Tick } else { Action::Untick };
            let out = match edit(&src, &doc, action, t, op.recursive) {
                Ok(out) => out,
                Err(PlanError::CheckedDescendants { task, checked }) => {
                    prop_assert!(!op.tick && !op.recursive && task == t);
                    prop_assert!(checked.iter().all(|&d| doc.tasks[d].checked));
                    continue;
                }
                Err(e) => panic!("{e}"),
            };
            for i in differing_bytes(&src, &out) {
                prop_assert!(doc.tasks.iter().any(|task| task.box_span.start + 1 == i),
                    "byte {} is not inside a box", i);
            }
            let new = parse(&out);
            for d in subtree(&new, t) {
                prop_assert_eq!(new.tasks[d].checked, op.tick);
            }
            for u in 0..new.tasks.len() {
                prop_assert!(consistent(&new, u), "task {} breaks the cascade in {:?}", new.tasks[u].id, out);
            }
            src = out;
        }
    }

    /// From any state, tidy or not: after a change, every ancestor of the named task agrees
    /// with its children.
    #[test]
    fn ancestors_of_a_change_agree_with_their_children(src in document(), pick: usize, tick: bool) {
        let doc = parse(&src);
        prop_assume!(!doc.tasks.is_empty());
        let t = pick % doc.tasks.len();
        let action = if tick { Action::Tick } else { Action::Untick };
        let Ok(out) = edit(&src, &doc, action, t, true) else { unreachable!() };
        if out == src {
            return Ok(());
        }
        let new = parse(&out);
        let mut cur = new.tasks[t].parent;
        while let Some(p) = cur {
            prop_assert!(consistent(&new, p));
            cur = new.tasks[p].parent;
        }
    }

    /// `tick X; untick X` on a leaf that keeps its parent open returns the original bytes,
    /// and the tick alone is a one-byte change.
    #[test]
    fn tick_then_untick_restores_the_bytes(src in document(), pick: usize) {
        let src = make_consistent(&src);
        let doc = parse(&src);
        let leaves: Vec<TaskIdx> = (0..doc.tasks.len()).filter(|&t| tick_round_trips(&doc, t)).collect();
        prop_assume!(!leaves.is_empty());
        let t = leaves[pick % leaves.len()];
        let ticked = edit(&src, &doc, Action::Tick, t, false).unwrap();
        prop_assert_eq!(differing_bytes(&src, &ticked), vec![doc.tasks[t].box_span.start + 1]);
        let back = edit(&ticked, &parse(&ticked), Action::Untick, t, false).unwrap();
        prop_assert_eq!(back, src);
    }
}

// ---------------------------------------------------------------------------------------
// The real-world corpus
// ---------------------------------------------------------------------------------------

fn corpus_dir() -> PathBuf {
    std::env::var_os("PREFLIGHT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")))
}

fn to_crlf(src: &str) -> String {
    src.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// Leaves exercised per file and variant.
const PER_FILE: usize = 5;

/// Leaves of `src` that can round-trip: open ones ticked then unticked, ticked ones (whose
/// parent another open child keeps open, or at the top) unticked then ticked. Each first
/// step must change exactly its own box byte, the second restore the bytes. Returns how many
/// leaves were exercised.
fn round_trip_leaves(name: &str, src: &str) -> usize {
    let doc = parse(src);
    let eligible: Vec<(TaskIdx, Action, Action)> = (0..doc.tasks.len())
        .filter_map(|t| {
            let task = &doc.tasks[t];
            if tick_round_trips(&doc, t) {
                Some((t, Action::Tick, Action::Untick))
            } else if task.is_leaf() && task.checked && untick_round_trips(&doc, t) {
                Some((t, Action::Untick, Action::Tick))
            } else {
                None
            }
        })
        .collect();
    // Each round trip parses the file three times; a spread of leaves (first, last and
    // evenly between) keeps the debug-build run short.
    let step = eligible.len().div_ceil(PER_FILE).max(1);
    let picked = eligible
        .iter()
        .step_by(step)
        .chain(eligible.last().filter(|_| eligible.len() > 1));
    let mut exercised = 0;
    for &(t, first, second) in picked {
        let task = &doc.tasks[t];
        let changed = edit(src, &doc, first, t, false).unwrap();
        assert_eq!(
            differing_bytes(src, &changed),
            vec![task.box_span.start + 1],
            "{name}: {first:?} of {} (line {}) must change its box byte only",
            task.id,
            task.line
        );
        let back = edit(&changed, &parse(&changed), second, t, false).unwrap();
        // `[X]` unticked and ticked again comes back as `[x]`: the only allowed difference.
        let expected = if task.checked && src.as_bytes()[task.box_span.start + 1] == b'X' {
            let mut b = src.as_bytes().to_vec();
            b[task.box_span.start + 1] = b'x';
            String::from_utf8(b).unwrap()
        } else {
            src.to_string()
        };
        assert!(
            back == expected,
            "{name}: {second:?} of {} did not restore the bytes",
            task.id
        );
        exercised += 1;
    }
    exercised
}

/// A ticked leaf at the top, or whose parent stays open through another open child, with
/// no ticked ancestor: unticking it changes its box only.
fn untick_round_trips(doc: &Document, t: TaskIdx) -> bool {
    let task = &doc.tasks[t];
    let mut cur = task.parent;
    while let Some(p) = cur {
        if doc.tasks[p].checked {
            return false;
        }
        cur = doc.tasks[p].parent;
    }
    task.parent.is_none_or(|p| {
        doc.tasks[p]
            .children
            .iter()
            .any(|&s| s != t && !doc.tasks[s].checked)
    })
}

#[test]
#[ignore = "needs ../shared/corpus; run with --ignored"]
fn corpus_ticks_are_one_byte_and_untick_restores() {
    let dir = corpus_dir().join("real");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 54,
        "expected the 54 real files, found {}",
        files.len()
    );
    let (mut with_tasks, mut covered, mut leaves) = (0, 0, 0);
    for path in &files {
        let src = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        let variants = [
            ("as is", src.clone()),
            ("CRLF", to_crlf(&src)),
            ("BOM", format!("\u{feff}{src}")),
            ("BOM+CRLF", format!("\u{feff}{}", to_crlf(&src))),
        ];
        let mut counts = Vec::new();
        for (variant, text) in &variants {
            counts.push(round_trip_leaves(&format!("{name} ({variant})"), text));
        }
        assert!(
            counts.iter().all(|&c| c == counts[0]),
            "{name}: variants differ: {counts:?}"
        );
        with_tasks += usize::from(!parse(&src).tasks.is_empty());
        covered += usize::from(counts[0] > 0);
        leaves += counts.iter().sum::<usize>();
    }
    assert_eq!(
        covered, with_tasks,
        "every file with tasks must have a leaf exercised"
    );
    assert!(leaves > 800, "only {leaves} leaf round trips");
    eprintln!("{covered} files with tasks, {leaves} leaf round trips over 4 variants each");
}
