//! Date stamps on a task's line, in the Obsidian Tasks convention: ` ✅ YYYY-MM-DD` marks the
//! day a task was done, ` 📅 YYYY-MM-DD` its due date.
//!
//! Pure. Stamps are looked for on the box's own line only (where `tick --stamp` appends
//! them), are kept out of the task's text, and carry the byte span of ` ✅ 2026-12-01`
//! (one leading space included) so that `untick` can remove exactly what `tick` added.
//! A stamp with an impossible date (`2026-02-30`) is not a stamp: it stays in the text.

use crate::model::Span;
use chrono::NaiveDate;

pub const DONE: char = '✅';
pub const DUE: char = '📅';

/// A date stamp and where it is in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub date: NaiveDate,
    pub span: Span,
}

/// The text that `tick --stamp` appends.
pub fn done_stamp(date: NaiveDate) -> String {
    format!(" {DONE} {}", date.format("%Y-%m-%d"))
}

/// Finds the last `marker YYYY-MM-DD` in `line`, which starts at byte `line_start` of the
/// source. The span includes one space before the marker when there is one.
pub fn find(line: &str, line_start: usize, marker: char) -> Option<Stamp> {
    line.match_indices(marker).rev().find_map(|(at, m)| {
        let rest = &line[at + m.len()..];
        let date_text = rest.trim_start_matches(' ');
        let date = NaiveDate::parse_from_str(date_text.get(..10)?, "%Y-%m-%d").ok()?;
        if date_text[10..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return None;
        }
        let start = if line[..at].ends_with(' ') {
            at - 1
        } else {
            at
        };
        let end = line.len() - date_text.len() + 10;
        Some(Stamp {
            date,
            span: Span::new(line_start + start, line_start + end),
        })
    })
}

/// `text` without the stamps' own words (`✅ 2026-12-01`), whitespace tidied.
pub fn strip_from_text(text: &str, stamps: &[Stamp], source: &str) -> String {
    let mut out = text.to_string();
    for stamp in stamps {
        let words = source[stamp.span.range()].trim();
        if let Some(at) = out.rfind(words) {
            out.replace_range(at..at + words.len(), "");
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn finds_done_and_due_stamps_with_their_spans() {
        let line = "- [x] Ship it 📅 2026-12-10 ✅ 2026-12-01";
        let done = find(line, 100, DONE).unwrap();
        assert_eq!(done.date, day("2026-12-01"));
        assert_eq!(
            &line[done.span.start - 100..done.span.end - 100],
            " ✅ 2026-12-01"
        );
        let due = find(line, 0, DUE).unwrap();
        assert_eq!(due.date, day("2026-12-10"));
        assert_eq!(&line[due.span.range()], " 📅 2026-12-10");
    }

    #[test]
    fn impossible_dates_and_lookalikes_are_not_stamps() {
        assert_eq!(find("- [x] a ✅ 2026-02-30", 0, DONE), None);
        assert_eq!(find("- [x] a ✅ 2026-12-011", 0, DONE), None);
        assert_eq!(find("- [x] a ✅ done", 0, DONE), None);
        assert_eq!(find("- [x] a ✅ 2026-12", 0, DONE), None);
    }

    #[test]
    fn the_appended_stamp_is_found_again() {
        let line = format!("- [x] a{}", done_stamp(day("2027-01-15")));
        let stamp = find(&line, 0, DONE).unwrap();
        assert_eq!(stamp.span.range(), 7..line.len());
        assert_eq!(strip_from_text("a ✅ 2027-01-15", &[stamp], &line), "a");
    }
}

/// The edits that keep done stamps in step with a box change, on the source *after* the box
/// edits (box edits never move a byte, so task spans still hold): for each task ticked, a
/// ` ✅ YYYY-MM-DD` appended to its line's text (before trailing whitespace, which may be a
/// hard break), unless it has one; for each task unticked, its stamp removed.
pub fn plan_stamps(
    source: &str,
    doc: &crate::model::Document,
    changes: &[(crate::model::TaskIdx, bool)],
    today: NaiveDate,
) -> Vec<crate::edit::Edit> {
    let lines = crate::text::LineIndex::new(source.as_bytes());
    let mut edits = Vec::new();
    for &(t, checked) in changes {
        let task = &doc.tasks[t];
        match (checked, task.done) {
            (true, None) => {
                let start = lines.line_start(task.line);
                let end = source[start..]
                    .find(['\n', '\r'])
                    .map_or(source.len(), |i| start + i);
                let at = start + source[start..end].trim_end_matches([' ', '\t']).len();
                edits.push(crate::edit::Edit {
                    range: at..at,
                    replacement: done_stamp(today),
                });
            }
            (false, Some(stamp)) => edits.push(crate::edit::Edit {
                range: stamp.span.range(),
                replacement: String::new(),
            }),
            _ => {}
        }
    }
    edits
}

#[cfg(test)]
mod plan_tests {
    use super::*;
    use crate::edit::apply;
    use crate::parse::parse;

    #[test]
    fn ticking_appends_before_a_hard_break_and_unticking_removes() {
        let src = "- [x] a  \n  next\n- [ ] b ✅ 2026-01-02\r\n- [x] c ✅ 2026-01-01\n";
        let doc = parse(src);
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let edits = plan_stamps(src, &doc, &[(0, true), (1, false), (2, true)], today);
        let out = apply(src, &edits).unwrap();
        assert_eq!(
            out,
            "- [x] a ✅ 2026-12-04  \n  next\n- [ ] b\r\n- [x] c ✅ 2026-01-01\n"
        );
        let again = parse(&out);
        assert_eq!(again.tasks[0].done.map(|s| s.date), Some(today));
        assert_eq!(again.tasks[0].text, "a next");
        assert_eq!(again.tasks[1].done, None);
    }
}
