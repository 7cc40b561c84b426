//! Finding the *derived text* of a checklist: words the document says about its own progress
//! that the boxes decide. Status lines are found by the parser (`Heading::declared_status`);
//! this module finds the rest:
//! - `Overall Progress: N% Complete (a/b weeks)` lines (in a heading or a paragraph), which
//!   belong to the phase they sit in;
//! - the week list under a completion-status heading: `- 🎯 Week 13: …` items, whose
//!   leading emoji says the week's state.
//!
//! Pure. A second pulldown-cmark pass (sync and lint are not hot paths) gives the headings,
//! paragraphs and list items, so nothing in code blocks or HTML is mistaken for derived text.

use crate::classify::{fraction_range, strip_decoration};
use crate::model::{Document, HeadingIdx, HeadingKind, Span};
use crate::text::{LineIndex, bom_len};
use pulldown_cmark::{Event, Options, Parser, Tag};

/// An `Overall Progress: N% Complete (a/b weeks)` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressLine {
    pub phase: Option<HeadingIdx>,
    pub line: usize,
    /// The digits of `N`.
    pub percent: Span,
    /// The `a/b`, when the line has one.
    pub weeks: Option<Span>,
}

/// A `- 🎯 Week 13: …` item of a week list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekBullet {
    pub week: u32,
    pub line: usize,
    /// The emoji (decoration) before `Week`, trailing space excluded.
    pub decoration: Span,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Derived {
    pub progress_lines: Vec<ProgressLine>,
    pub week_bullets: Vec<WeekBullet>,
}

pub fn find(source: &str, doc: &Document) -> Derived {
    let bom = bom_len(source);
    let lines = LineIndex::new(source.as_bytes());
    let mut derived = Derived::default();
    let mut task_items = doc.tasks.iter().map(|t| t.box_span.start).peekable();
    for (event, range) in
        Parser::new_ext(&source[bom..], Options::ENABLE_TASKLISTS).into_offset_iter()
    {
        let (start, end) = (range.start + bom, range.end + bom);
        match event {
            Event::Start(Tag::Heading { .. } | Tag::Paragraph) => {
                for (at, line) in lines_of(source, start, end) {
                    if let Some(p) = progress_line(line, at, doc, &lines) {
                        derived.progress_lines.push(p);
                    }
                }
            }
            Event::Start(Tag::Item) => {
                while task_items.next_if(|&b| b < start).is_some() {}
                let is_task = task_items.peek().is_some_and(|&b| b < end);
                if !is_task && let Some(b) = week_bullet(source, start, doc, &lines) {
                    derived.week_bullets.push(b);
                }
            }
            _ => {}
        }
    }
    derived
}

/// The lines of `source[start..end]` with their start offsets, terminators dropped.
fn lines_of(source: &str, start: usize, end: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut at = start;
    source[start..end].split_inclusive('\n').map(move |line| {
        let here = at;
        at += line.len();
        (here, line.trim_end_matches(['\n', '\r']))
    })
}

/// The heading a byte offset sits under.
fn heading_at(doc: &Document, offset: usize) -> Option<HeadingIdx> {
    doc.headings
        .partition_point(|h| h.span.start <= offset)
        .checked_sub(1)
}

fn enclosing(doc: &Document, offset: usize, kind: HeadingKind) -> Option<HeadingIdx> {
    let h = heading_at(doc, offset)?;
    doc.heading_path(h)
        .into_iter()
        .rev()
        .find(|&a| doc.headings[a].kind == kind)
}

fn progress_line(line: &str, at: usize, doc: &Document, lines: &LineIndex) -> Option<ProgressLine> {
    const LABEL: &str = "overall progress:";
    let lower = line.to_ascii_lowercase();
    let label = lower.find(LABEL)?;
    let after = label + LABEL.len();
    let rest = &line[after..];
    let digits_at = after + (rest.len() - rest.trim_start().len());
    let digits = line[digits_at..]
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(line.len() - digits_at);
    if digits == 0 || !line[digits_at + digits..].starts_with('%') {
        return None;
    }
    let tail = &line[digits_at + digits..];
    let weeks = fraction_range(tail).map(|r| {
        let base = at + digits_at + digits;
        Span::new(base + r.start, base + r.end)
    });
    Some(ProgressLine {
        phase: enclosing(doc, at, HeadingKind::Phase),
        line: lines.line_of(at),
        percent: Span::new(at + digits_at, at + digits_at + digits),
        weeks,
    })
}

fn week_bullet(
    source: &str,
    start: usize,
    doc: &Document,
    lines: &LineIndex,
) -> Option<WeekBullet> {
    let heading = heading_at(doc, start)?;
    let under_status = doc.heading_path(heading).iter().any(|&h| {
        let title = doc.headings[h].title.to_lowercase();
        title.contains("completion") || title.contains("progress")
    });
    if !under_status {
        return None;
    }
    let line_end = source[start..]
        .find(['\n', '\r'])
        .map_or(source.len(), |i| start + i);
    let line = &source[start..line_end];
    let body = line.trim_start_matches([' ', '\t', '>']);
    let marker_len = if body.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = body.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
        if digits > 0 && body[digits..].starts_with(['.', ')']) {
            digits + 1
        } else {
            return None;
        }
    };
    let after_marker = &body[marker_len..];
    let content = after_marker.trim_start();
    let content_at = line_end - content.len();
    let stripped = strip_decoration(content);
    let decoration = content[..content.len() - stripped.len()].trim_end();
    if decoration.is_empty() {
        return None;
    }
    let meaning = crate::classify::classify_heading(stripped);
    if meaning.kind != HeadingKind::Week {
        return None;
    }
    Some(WeekBullet {
        week: meaning.number?,
        line: lines.line_of(start),
        decoration: Span::new(content_at, content_at + decoration.len()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    const DOC: &str = "# Phase 4: P\n## Week 13: A\n- [x] a\n## Phase 4 Completion Status\n### Overall Progress: 0% Complete (0/4 weeks)\n- 🎯 Week 13: A\n- Week 14: no emoji\n- [ ] 🎯 Week 15: a task, not a bullet\n\n```\n- 🎯 Week 16: in code\nOverall Progress: 5% Complete\n```\n\nOverall Progress: 12% Complete\n";

    #[test]
    fn finds_progress_lines_and_week_bullets() {
        let doc = parse(DOC);
        let d = find(DOC, &doc);
        assert_eq!(d.progress_lines.len(), 2);
        let first = &d.progress_lines[0];
        assert_eq!((&DOC[first.percent.range()], first.line), ("0", 5));
        assert_eq!(&DOC[first.weeks.unwrap().range()], "0/4");
        assert_eq!(first.phase, Some(0));
        assert_eq!(d.progress_lines[1].weeks, None);
        assert_eq!(d.week_bullets.len(), 1);
        assert_eq!(d.week_bullets[0].week, 13);
        assert_eq!(&DOC[d.week_bullets[0].decoration.range()], "🎯");
    }

    #[test]
    fn a_bom_keeps_offsets_true() {
        let src = format!("\u{feff}{DOC}");
        let d = find(&src, &parse(&src));
        assert_eq!(&src[d.week_bullets[0].decoration.range()], "🎯");
        assert_eq!(&src[d.progress_lines[0].percent.range()], "0");
    }
}
