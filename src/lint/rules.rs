//! The lint rules, each a function adding `(line, rule, message)` findings.

use crate::classify::interpret_status;
use crate::model::{Document, HeadingKind};
use crate::mojibake::scan;
use crate::rollup::Rollup;
use crate::text::{LineIndex, bom_len};
use crate::workspace::Checklist;
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::collections::HashMap;

type Found = Vec<(usize, &'static str, String)>;

pub fn parent_boxes(doc: &Document, found: &mut Found) {
    for task in doc.tasks.iter().filter(|t| !t.is_leaf()) {
        let all_done = task.children.iter().all(|&c| doc.tasks[c].checked);
        if task.checked && !all_done {
            let open = task
                .children
                .iter()
                .filter(|&&c| !doc.tasks[c].checked)
                .count();
            found.push((
                task.line,
                "parent-checked-child-open",
                format!(
                    "\"{}\" is ticked but {open} of its sub-tasks are open",
                    task.text
                ),
            ));
        } else if !task.checked && all_done {
            found.push((
                task.line,
                "parent-open-children-done",
                format!("\"{}\" is open but all its sub-tasks are done", task.text),
            ));
        }
    }
}

pub fn status(c: &Checklist, found: &mut Found) {
    for heading in &c.doc.headings {
        if let Some(declared) = &heading.declared_status
            && interpret_status(&declared.text).is_none()
        {
            found.push((
                declared.line,
                "unknown-status",
                format!(
                    "status \"{}\" of {} is in no shape preflight can check (Complete, In Progress, Upcoming…)",
                    declared.text, heading.id
                ),
            ));
        }
    }
    let plan = crate::sync::plan(&c.source, &c.doc, &c.rollup);
    let box_lines: Vec<usize> = c
        .doc
        .tasks
        .iter()
        .filter(|t| !t.is_leaf())
        .map(|t| t.line)
        .collect();
    for change in plan
        .changes
        .iter()
        .filter(|ch| !box_lines.contains(&ch.line))
    {
        found.push((
            change.line,
            "status-drift",
            format!(
                "derived text disagrees with the boxes: {} (run `preflight sync`)",
                change.what
            ),
        ));
    }
}

/// Byte ranges where nothing is Markdown text: code blocks and HTML.
fn opaque_ranges(source: &str) -> Vec<std::ops::Range<usize>> {
    let bom = bom_len(source);
    Parser::new_ext(&source[bom..], Options::ENABLE_TASKLISTS)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => {
                Some(range.start + bom..range.end + bom)
            }
            _ => None,
        })
        .collect()
}

pub fn not_a_task(source: &str, doc: &Document, found: &mut Found) {
    let opaque = opaque_ranges(source);
    let task_lines: std::collections::HashSet<usize> = doc.tasks.iter().map(|t| t.line).collect();
    let lines = LineIndex::new(source.as_bytes());
    for n in 1..=lines.line_count() {
        let start = lines.line_start(n);
        if task_lines.contains(&n) || opaque.iter().any(|r| r.contains(&start)) {
            continue;
        }
        let end = source[start..]
            .find(['\n', '\r'])
            .map_or(source.len(), |i| start + i);
        if let Some(why) = task_lookalike(&source[start..end]) {
            found.push((n, "not-a-task", why));
        }
    }
}

/// Why a line that is not a task looks like one, if it does.
fn task_lookalike(line: &str) -> Option<String> {
    let body = line.trim_start_matches([' ', '\t', '>']);
    if body.starts_with('|') {
        return None; // a table row
    }
    let marker = if body.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = body.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
        if digits > 0 && body[digits..].starts_with(['.', ')']) {
            digits + 1
        } else {
            0
        }
    };
    let after = &body[marker..];
    let box_like = |s: &str| {
        let b = s.as_bytes();
        (b.len() >= 2 && b[0] == b'[' && b[1] == b']')
            || (b.len() >= 3 && b[0] == b'[' && b[2] == b']' && b[1].is_ascii())
    };
    if marker == 0 {
        let b = body.as_bytes();
        let is_box = b.len() >= 4
            && b[0] == b'['
            && matches!(b[1], b' ' | b'x' | b'X')
            && b[2] == b']'
            && b[3] == b' ';
        return is_box.then(|| "a box without a list marker is text: write `- [ ] …`".to_string());
    }
    if box_like(after) {
        return Some("no space between the list marker and the box: write `- [ ]`".to_string());
    }
    let rest = after.trim_start();
    if after.len() == rest.len() || !box_like(rest) {
        return None;
    }
    let inner = rest.as_bytes()[1];
    Some(match inner {
        b']' => "an empty box `[]` is text: write `[ ]`".to_string(),
        b' ' | b'x' | b'X' => {
            "GFM shows this box as text (it needs a space after `]` and must start the item)"
                .to_string()
        }
        c if !c.is_ascii_alphanumeric() && c != b'\t' => format!(
            "`[{}]` is not a GFM box (only `[ ]`, `[x]`, `[X]`): GitHub and GitLab show it as text",
            char::from(c)
        ),
        _ => return None,
    })
}

pub fn week_order(doc: &Document, found: &mut Found) {
    let mut seen: HashMap<u32, usize> = HashMap::new();
    let mut previous: Option<u32> = None;
    for h in doc.headings.iter().filter(|h| h.kind == HeadingKind::Week) {
        let Some(n) = h.number else { continue };
        if let Some(&first) = seen.get(&n) {
            found.push((
                h.line,
                "week-order",
                format!("week {n} repeats (first at line {first})"),
            ));
        } else if let Some(p) = previous {
            if n < p {
                found.push((
                    h.line,
                    "week-order",
                    format!("week {n} comes after week {p}"),
                ));
            } else if n > p + 1 {
                let missing = if n == p + 2 {
                    format!("week {}", p + 1)
                } else {
                    format!("weeks {}–{}", p + 1, n - 1)
                };
                found.push((
                    h.line,
                    "week-order",
                    format!("week {n} follows week {p}: {missing} missing"),
                ));
            }
        }
        seen.entry(n).or_insert(h.line);
        previous = Some(n);
    }
}

pub fn empty(doc: &Document, rollup: &Rollup, found: &mut Found) {
    for (i, h) in doc.headings.iter().enumerate() {
        if rollup.headings[i].total > 0 {
            continue;
        }
        if h.kind == HeadingKind::Week {
            found.push((
                h.line,
                "empty-week",
                format!("week {} has no tasks", h.number.unwrap_or(0)),
            ));
        } else if h.kind == HeadingKind::Section
            && doc.week_of(i).is_some()
            && !h
                .children
                .iter()
                .any(|c| matches!(c, crate::model::Child::Heading(_)))
        {
            found.push((
                h.line,
                "empty-section",
                format!("section \"{}\" has no tasks", h.title),
            ));
        }
    }
}

pub fn duplicates(doc: &Document, found: &mut Found) {
    let mut seen: HashMap<(Option<usize>, String), usize> = HashMap::new();
    for task in &doc.tasks {
        let key = (task.heading, task.text.to_lowercase());
        if task.text.is_empty() {
            continue;
        }
        match seen.get(&key) {
            Some(&first) => found.push((
                task.line,
                "duplicate-task",
                format!("\"{}\" is already a task at line {first}", task.text),
            )),
            None => {
                seen.insert(key, task.line);
            }
        }
    }
}

pub fn mojibake(source: &str, found: &mut Found) {
    let lines = LineIndex::new(source.as_bytes());
    for damage in scan(source) {
        let text = &source[damage.range.clone()];
        let message = if damage.lossless {
            format!(
                "mojibake `{text}` is `{}` (UTF-8 read as Windows-1252/1254; `lint --fix` repairs it)",
                damage.candidates[0]
            )
        } else {
            format!(
                "mojibake `{text}` lost a byte: it may be {} (`lint --fix --accept-ambiguous` takes the first)",
                damage.candidates.join(" ")
            )
        };
        found.push((lines.line_of(damage.range.start), "mojibake", message));
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::check;
    use crate::workspace::Checklist;

    fn rules(src: &str) -> Vec<&'static str> {
        check(&Checklist::new("c.md".into(), src.to_string()))
            .iter()
            .map(|f| f.rule)
            .collect()
    }

    fn fires(rule: &str, bad: &str, good: &str) {
        assert!(
            rules(bad).contains(&rule),
            "{rule} should fire on {bad:?}: {:?}",
            rules(bad)
        );
        assert!(
            !rules(good).contains(&rule),
            "{rule} should not fire on {good:?}: {:?}",
            rules(good)
        );
    }

    #[test]
    fn parent_rules() {
        fires(
            "parent-checked-child-open",
            "- [x] p\n  - [ ] c\n",
            "- [x] p\n  - [x] c\n",
        );
        fires(
            "parent-open-children-done",
            "- [ ] p\n  - [x] c\n",
            "- [ ] p\n  - [ ] c\n",
        );
    }

    #[test]
    fn status_rules() {
        fires(
            "status-drift",
            "## Week 1: A\n\n**Status**: Upcoming\n\n- [x] a\n",
            "## Week 1: A\n\n**Status**: Complete\n\n- [x] a\n",
        );
        fires(
            "unknown-status",
            "## Week 1: A\n\n**Status**: blocked on legal\n\n- [x] a\n",
            "## Week 1: A\n\n**Status**: Done\n\n- [x] a\n",
        );
    }

    #[test]
    fn task_lookalikes() {
        for bad in [
            "- [] empty\n",
            "-[ ] nospace\n",
            "[ ] no marker\n",
            "- [-] dash\n",
            "- [~] tilde\n",
            "- [/] slash\n",
            "* [?] what\n",
            "- [x]glued\n",
        ] {
            fires(
                "not-a-task",
                bad,
                "- [ ] fine\n- [link](url)\n- [1] citation\n",
            );
        }
        assert!(
            !rules(
                "```\n- [] in code\n```\n<div>\n- [~] html\n</div>\n| - [ ] | table |\n[x]: /ref\n"
            )
            .contains(&"not-a-task")
        );
    }

    #[test]
    fn week_order_rules() {
        fires(
            "week-order",
            "## Week 1: a\n- [ ] a\n## Week 1: b\n- [ ] b\n",
            "## Week 1: a\n- [ ] a\n## Week 2: b\n- [ ] b\n",
        );
        fires(
            "week-order",
            "## Week 2: a\n- [ ] a\n## Week 1: b\n- [ ] b\n",
            "## Week 2: a\n- [ ] a\n## Week 3: b\n- [ ] b\n",
        );
        fires(
            "week-order",
            "## Week 1: a\n- [ ] a\n## Week 3: b\n- [ ] b\n",
            "## Week 1: a\n- [ ] a\n",
        );
    }

    #[test]
    fn empty_rules() {
        fires(
            "empty-week",
            "## Week 1: a\nprose\n",
            "## Week 1: a\n- [ ] a\n",
        );
        fires(
            "empty-section",
            "## Week 1: a\n### S\nprose\n### T\n- [ ] t\n",
            "## Week 1: a\n### T\n- [ ] t\n## Notes\nprose\n",
        );
    }

    #[test]
    fn duplicate_rule() {
        fires(
            "duplicate-task",
            "## S\n- [ ] Same\n- [x] same\n",
            "## S\n- [ ] Same\n## T\n- [ ] Same\n",
        );
    }

    #[test]
    fn mojibake_rule() {
        fires(
            "mojibake",
            "## ğŸ“‹ Week 1: a\n- [ ] a\n",
            "## 📋 Week 1: a\n- [ ] naïve café — Ağustos ✅\n",
        );
    }
}
