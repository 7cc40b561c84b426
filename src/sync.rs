//! `sync`: rewriting derived text from the boxes, as minimal byte edits.
//!
//! Pure: [`plan`] looks at a parsed checklist and returns the edits that make its derived
//! text true — parent boxes ("checked exactly when all children are"), `**Status**:` lines of
//! weeks and phases (with a phase's `(a/b weeks complete)`), `Overall Progress: N% Complete
//! (a/b weeks)` lines and the emoji of a week list. Text already true, absent, or in a shape
//! that is not understood is left alone (`lint` reports the last kind).
//!
//! Invariants: each edit replaces only the characters that differ (common prefix and suffix
//! kept), so `UPCOMING (0/4 weeks complete)` → `IN PROGRESS (2/4 weeks complete)` leaves
//! `/4 weeks complete)` untouched; the document's casing is kept (`UPCOMING` style stays
//! upper-case); a value without emoji gets none. Applying a plan and planning again gives no
//! edits ([`verify`] checks it, and that no task or heading changed meaning).

use crate::classify::{State, fraction_range, state_phrase, strip_decoration};
use crate::derived::{self, Derived};
use crate::edit::Edit;
use crate::model::{Document, HeadingIdx, HeadingKind};
use crate::mojibake::garble;
use crate::rollup::{Progress, Rollup, check_status};

/// What a sync changes, for people: one line per edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub line: usize,
    pub what: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub edits: Vec<Edit>,
    pub changes: Vec<Change>,
}

/// The emoji and words a state is written with.
fn emoji(state: State) -> &'static str {
    match state {
        State::Done => "✅",
        State::InProgress => "🚧",
        State::NotStarted => "🎯",
    }
}

fn words(state: State) -> &'static str {
    match state {
        State::Done => "Complete",
        State::InProgress => "In Progress",
        State::NotStarted => "Upcoming",
    }
}

/// `word` in the casing of `like`: upper, lower, or as written.
fn cased(word: &str, like: &str) -> String {
    let letters = || like.chars().filter(|c| c.is_alphabetic());
    if letters().next().is_none() {
        word.to_string()
    } else if letters().all(char::is_uppercase) {
        word.to_uppercase()
    } else if letters().all(char::is_lowercase) {
        word.to_lowercase()
    } else {
        word.to_string()
    }
}

/// The state an emoji decoration stands for (also in its mojibake'd form), if any.
pub fn decoration_state(decoration: &str) -> Option<State> {
    let d = decoration.trim().trim_end_matches('\u{fe0f}');
    [State::Done, State::InProgress, State::NotStarted]
        .into_iter()
        .find(|&s| d == emoji(s) || d == garble(emoji(s)))
}

/// The edit turning `old` (at `start`) into `new`, touching only the differing middle.
fn minimal_edit(start: usize, old: &str, new: &str) -> Option<Edit> {
    if old == new {
        return None;
    }
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new.len()), |((i, _), _)| i);
    let prefix = (0..=prefix)
        .rev()
        .find(|&i| old.is_char_boundary(i) && new.is_char_boundary(i))
        .unwrap_or(0);
    let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
    let suffix = old_rest
        .chars()
        .rev()
        .zip(new_rest.chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>()
        .min(old_rest.len())
        .min(new_rest.len());
    Some(Edit {
        range: start + prefix..start + old.len() - suffix,
        replacement: new_rest[..new_rest.len() - suffix].to_string(),
    })
}

/// Weeks under a heading, and the leaf progress of those weeks.
fn weeks_under(doc: &Document, rollup: &Rollup, h: HeadingIdx) -> (Progress, Progress) {
    let mut tasks = Progress::default();
    for (w, heading) in doc.headings.iter().enumerate() {
        if heading.kind == HeadingKind::Week && doc.heading_path(w).contains(&h) {
            tasks.done += rollup.headings[w].done;
            tasks.total += rollup.headings[w].total;
        }
    }
    (rollup.weeks[h], tasks)
}

pub fn plan(source: &str, doc: &Document, rollup: &Rollup) -> Plan {
    let mut plan = Plan::default();
    parent_boxes(source, doc, &mut plan);
    for (h, heading) in doc.headings.iter().enumerate() {
        if let Some(check) = check_status(doc, rollup, h)
            && let (false, Some(_), Some(declared)) =
                (check.agrees, check.claim, &heading.declared_status)
        {
            let old = &source[declared.span.range()];
            let (weeks, _) = weeks_under(doc, rollup, h);
            let new = status_value(
                old,
                rollup.headings[h].state(),
                heading.kind == HeadingKind::Phase,
                weeks,
            );
            if let Some(edit) = new.and_then(|new| minimal_edit(declared.span.start, old, &new)) {
                plan.changes.push(Change {
                    line: declared.line,
                    what: format!("status of {}: {}", heading.id, edit_summary(source, &edit)),
                });
                plan.edits.push(edit);
            }
        }
    }
    derived_lines(source, doc, rollup, &derived::find(source, doc), &mut plan);
    plan.edits.sort_by_key(|e| e.range.start);
    plan.changes.sort_by_key(|c| c.line);
    plan
}

fn edit_summary(source: &str, edit: &Edit) -> String {
    format!(
        "\"{}\" → \"{}\"",
        &source[edit.range.clone()],
        edit.replacement
    )
}

/// A status value rewritten for `state`: emoji if it had decoration, the state in its casing,
/// and the rest kept — with a phase's `a/b` made true. `None` if the value's shape is unknown.
fn status_value(old: &str, state: State, is_phase: bool, weeks: Progress) -> Option<String> {
    let stripped = strip_decoration(old);
    let decorated = stripped.len() < old.len();
    let (_, len) = state_phrase(stripped)?;
    let mut rest = stripped[len..].to_string();
    if is_phase
        && weeks.total > 0
        && let Some(r) = fraction_range(&rest)
    {
        rest.replace_range(r, &format!("{}/{}", weeks.done, weeks.total));
    }
    let word = cased(words(state), &stripped[..len]);
    Some(match decorated {
        true => format!("{} {word}{rest}", emoji(state)),
        false => format!("{word}{rest}"),
    })
}

fn derived_lines(
    source: &str,
    doc: &Document,
    rollup: &Rollup,
    derived: &Derived,
    plan: &mut Plan,
) {
    for line in &derived.progress_lines {
        let Some(phase) = line.phase else { continue };
        let (weeks, tasks) = weeks_under(doc, rollup, phase);
        if weeks.total == 0 {
            continue;
        }
        let percent = (tasks.done * 100)
            .checked_div(tasks.total)
            .unwrap_or(0)
            .to_string();
        let mut edits = vec![minimal_edit(
            line.percent.start,
            &source[line.percent.range()],
            &percent,
        )];
        if let Some(span) = line.weeks {
            let fraction = format!("{}/{}", weeks.done, weeks.total);
            edits.push(minimal_edit(span.start, &source[span.range()], &fraction));
        }
        for edit in edits.into_iter().flatten() {
            plan.changes.push(Change {
                line: line.line,
                what: format!("overall progress: {}", edit_summary(source, &edit)),
            });
            plan.edits.push(edit);
        }
    }
    for bullet in &derived.week_bullets {
        let old = &source[bullet.decoration.range()];
        let Some(declared) = decoration_state(old) else {
            continue;
        };
        let Some(w) = doc
            .headings
            .iter()
            .position(|h| h.kind == HeadingKind::Week && h.number == Some(bullet.week))
        else {
            continue;
        };
        let state = rollup.headings[w].state();
        if declared != state
            && let Some(edit) = minimal_edit(bullet.decoration.start, old, emoji(state))
        {
            plan.changes.push(Change {
                line: bullet.line,
                what: format!(
                    "week {} in the list: {}",
                    bullet.week,
                    edit_summary(source, &edit)
                ),
            });
            plan.edits.push(edit);
        }
    }
}

/// Each parent box set to "all children checked", bottom-up. An `[X]` that should stay
/// checked is left as it is.
fn parent_boxes(source: &str, doc: &Document, plan: &mut Plan) {
    let mut effective: Vec<bool> = doc.tasks.iter().map(|t| t.checked).collect();
    for t in (0..doc.tasks.len()).rev() {
        let task = &doc.tasks[t];
        if task.is_leaf() {
            continue;
        }
        let want = task.children.iter().all(|&c| effective[c]);
        effective[t] = want;
        if want != task.checked {
            let at = task.box_span.start + 1;
            plan.edits.push(Edit {
                range: at..at + 1,
                replacement: if want { "x" } else { " " }.to_string(),
            });
            plan.changes.push(Change {
                line: task.line,
                what: format!(
                    "{} {} \"{}\" (its children say so)",
                    if want { "tick" } else { "untick" },
                    task.id,
                    task.text
                ),
            });
        }
        let _ = source;
    }
}

/// Checks that `after` is `before` with `edits` applied and nothing else: the bytes between
/// and around the edits are equal (edits may change lengths).
pub fn unchanged_outside(before: &str, after: &str, edits: &[Edit]) -> Result<(), String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| e.range.start);
    let (mut at_before, mut at_after) = (0, 0);
    for e in sorted {
        let keep = e
            .range
            .start
            .checked_sub(at_before)
            .ok_or("overlapping edits")?;
        if before.get(at_before..e.range.start) != after.get(at_after..at_after + keep) {
            return Err(format!("bytes before offset {} changed", e.range.start));
        }
        if after.get(at_after + keep..at_after + keep + e.replacement.len())
            != Some(e.replacement.as_str())
        {
            return Err(format!(
                "the edit at offset {} was not applied as planned",
                e.range.start
            ));
        }
        at_after += keep + e.replacement.len();
        at_before = e.range.end;
    }
    if before.get(at_before..) != after.get(at_after..) {
        return Err("bytes after the last edit changed".into());
    }
    Ok(())
}

/// Checks an applied plan: tasks and headings mean what they meant (same IDs and texts,
/// boxes as planned), and a second plan has nothing left to do.
pub fn verify(
    before: &Document,
    before_source: &str,
    after_source: &str,
    edits: &[Edit],
) -> Result<Document, String> {
    unchanged_outside(before_source, after_source, edits)?;
    let after = crate::parse::parse(after_source);
    if after.tasks.len() != before.tasks.len() || after.headings.len() != before.headings.len() {
        return Err("the number of tasks or headings changed".into());
    }
    for (a, b) in before.tasks.iter().zip(&after.tasks) {
        if a.id != b.id || a.text != b.text {
            return Err(format!("task {} changed", a.id));
        }
    }
    for (a, b) in before.headings.iter().zip(&after.headings) {
        if a.id != b.id || a.kind != b.kind || a.number != b.number {
            return Err(format!("heading {} changed", a.id));
        }
    }
    let again = plan(after_source, &after, &crate::rollup::rollup(&after));
    if !again.edits.is_empty() {
        return Err(format!(
            "not idempotent: a second sync would change line {}",
            again.changes[0].line
        ));
    }
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;
    use crate::parse::parse;
    use crate::rollup::rollup;

    fn sync(src: &str) -> String {
        let doc = parse(src);
        let p = plan(src, &doc, &rollup(&doc));
        let out = apply(src, &p.edits).unwrap();
        verify(&doc, src, &out, &p.edits).unwrap();
        out
    }

    #[test]
    fn minimal_edits_keep_common_prefix_and_suffix() {
        let e = minimal_edit(
            10,
            "🎯 UPCOMING (0/4 weeks complete)",
            "🚧 IN PROGRESS (2/4 weeks complete)",
        )
        .unwrap();
        assert_eq!(e.replacement, "🚧 IN PROGRESS (2");
        assert_eq!(e.range, 10..10 + "🎯 UPCOMING (0".len());
        assert_eq!(minimal_edit(0, "same", "same"), None);
        let e = minimal_edit(0, "✅ Complete", "🚧 In Progress").unwrap();
        assert_eq!(e.range.start, 0);
    }

    #[test]
    fn status_lines_follow_the_boxes_in_the_document_style() {
        let src = "# Phase 1: P\n\n**Status**: 🎯 UPCOMING (0/2 weeks complete)\n\n## Week 1: A\n\n**Status**: Upcoming\n\n- [x] a\n\n## Week 2: B\n\n**Status**: ✅ complete\n\n- [x] b\n- [ ] c\n";
        let out = sync(src);
        assert!(
            out.contains("**Status**: 🚧 IN PROGRESS (1/2 weeks complete)\n"),
            "{out}"
        );
        assert!(
            out.contains("**Status**: Complete\n\n- [x] a"),
            "no emoji where there was none: {out}"
        );
        assert!(out.contains("**Status**: 🚧 in progress\n"), "{out}");
    }

    #[test]
    fn progress_lines_week_lists_and_parent_boxes() {
        let src = "# Phase 1: P\n## Week 1: A\n- [ ] parent\n  - [x] a\n  - [x] b\n## Week 2: B\n- [x] done\n  - [ ] open\n## Phase 1 Completion Status\n### Overall Progress: 0% Complete (0/2 weeks)\n- ğŸ¯ Week 1: A\n- 🎯 Week 2: B\n";
        let out = sync(src);
        assert!(out.contains("- [x] parent\n"), "{out}");
        assert!(out.contains("- [ ] done\n"), "{out}");
        assert!(
            out.contains("Overall Progress: 66% Complete (1/2 weeks)"),
            "{out}"
        );
        assert!(out.contains("- ✅ Week 1: A\n- 🎯 Week 2: B"), "{out}");
    }

    #[test]
    fn unknown_shapes_and_true_text_are_left_alone() {
        let src = "## Week 1: A\n\n**Status**: blocked on legal\n\n- [x] a\n";
        assert_eq!(sync(src), src);
        let src = "## Week 1: A\n\n**Status**: ✅ Complete\n\n- [x] a\n";
        assert_eq!(sync(src), src);
    }

    #[test]
    fn unchanged_outside_catches_stray_bytes() {
        let edits = [Edit {
            range: 2..3,
            replacement: "xyz".into(),
        }];
        assert_eq!(unchanged_outside("ab c", "abxyzc", &edits), Ok(()));
        assert!(unchanged_outside("ab c", "Abxyzc", &edits).is_err());
        assert!(unchanged_outside("ab c", "abxyzC", &edits).is_err());
        assert!(unchanged_outside("ab c", "abxyc", &edits).is_err());
    }

    #[test]
    fn decorations_are_read_in_their_mojibake_form_too() {
        assert_eq!(decoration_state("ğŸ¯"), Some(State::NotStarted));
        assert_eq!(decoration_state("âœ…"), Some(State::Done));
        assert_eq!(decoration_state("✅"), Some(State::Done));
        assert_eq!(decoration_state("📋"), None);
    }
}
