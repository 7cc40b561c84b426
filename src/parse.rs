//! Markdown → [`Document`]: one pass over pulldown-cmark's offset iterator, corrected to
//! agree with comrak (the GFM implementation GitLab renders with) on which items are tasks.
//!
//! Pure: `&str` in, `Document` out; never panics, never recurses (deep nesting is safe).
//!
//! Where pulldown-cmark 0.13 and comrak disagree, comrak wins (each case is a unit test and
//! the corpus and property tests compare against comrak itself):
//! - a box whose paragraph becomes a setext heading (`- [ ] foo` + `  ---`) is not a task;
//! - only ` `, `x` and `X` between the brackets make a box (`[\t]` does not);
//! - a box on the line after a bare marker (`-` then `  [ ] foo`) is a task;
//! - a byte-order mark is stripped before parsing, and every offset shifted back to the
//!   original bytes (pulldown-cmark would read a BOM'd `# Phase 1` as a paragraph).
//!
//! Tables stay off: with them on, pulldown-cmark swallows task markers in table-like lines.

use crate::classify::{classify_heading, status_value_offset, strip_decoration};
use crate::model::{Child, DeclaredStatus, Document, Heading, HeadingIdx, Span, Task, TaskIdx};
use crate::text::{LineIndex, bom_len};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::ops::Range;

/// Parses a checklist. `source` is the whole file, byte-order mark included.
pub fn parse(source: &str) -> Document {
    let bom = bom_len(source);
    let lines = LineIndex::new(source.as_bytes());
    let mut builder = Builder::new(source, bom, &lines);
    // Room for every box-shaped `[ ]`/`[x]` up front (a close upper bound of the tasks): the
    // task arena then never regrows, which on a 10 MB checklist saved copying tens of MB and
    // the page faults of the doubled buffer.
    let boxes = memchr::memchr_iter(b'[', source.as_bytes())
        .filter(|&at| box_at(source, at).is_some())
        .count();
    builder.doc.tasks.reserve_exact(boxes);
    let text = close_fences_with_trailing_tabs(&source[bom..]);
    let parser = Parser::new_ext(&text, Options::ENABLE_TASKLISTS);
    // `[x]` is a shortcut reference link where `[x]: …` is defined: then no box is `[x]`.
    builder.x_is_link = parser.reference_definitions().get("x").is_some();
    for (event, range) in parser.into_offset_iter() {
        builder.event(event, range.start + bom..range.end + bom);
    }
    builder.settle_pending(None);
    let mut doc = builder.doc;
    read_stamps(&mut doc, source, &lines);
    crate::ids::assign(&mut doc);
    doc
}

/// Whether the document defines a `[x]: …` link reference. Then every `[x]` is a link, not
/// a box (comrak and GitHub read it so), and ticking a box here would make it vanish.
pub fn defines_x_reference(source: &str) -> bool {
    let text = &source[bom_len(source)..];
    Parser::new_ext(text, Options::ENABLE_TASKLISTS)
        .reference_definitions()
        .get("x")
        .is_some()
}

/// Date stamps on each box's line, kept out of the task's text.
fn read_stamps(doc: &mut Document, source: &str, lines: &LineIndex) {
    for task in &mut doc.tasks {
        let start = lines.line_start(task.line);
        // memchr and one-char searches: a `[char; 2]` pattern decodes every character, and
        // this runs once per task (it was 6% of `status` on a 1 MB checklist).
        let end = memchr::memchr2(b'\n', b'\r', &source.as_bytes()[start..])
            .map_or(source.len(), |i| start + i);
        let line = &source[start..end];
        if !line.contains(crate::stamps::DONE) && !line.contains(crate::stamps::DUE) {
            continue;
        }
        task.done = crate::stamps::find(line, start, crate::stamps::DONE);
        task.due = crate::stamps::find(line, start, crate::stamps::DUE);
        let found: Vec<_> = task.done.iter().chain(&task.due).copied().collect();
        task.text = crate::stamps::strip_from_text(&task.text, &found, source);
    }
}

/// pulldown-cmark 0.13 does not close a code fence whose closing line ends in a tab
/// (`` ```\t``), and swallows the rest of the document. Trailing tabs after a backtick or
/// tilde are replaced by spaces, byte for byte, so every offset stays true. Trailing
/// whitespace never changes block structure, so nothing else is affected.
fn close_fences_with_trailing_tabs(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut fixed: Option<Vec<u8>> = None;
    for tab in memchr::memchr_iter(b'\t', bytes) {
        let line_end =
            memchr::memchr2(b'\n', b'\r', &bytes[tab..]).map_or(bytes.len(), |i| tab + i);
        let mut before = tab;
        while before > 0 && matches!(bytes[before - 1], b' ' | b'\t') {
            before -= 1;
        }
        let trailing = bytes[tab..line_end]
            .iter()
            .all(|b| matches!(b, b' ' | b'\t'));
        if trailing && before > 0 && matches!(bytes[before - 1], b'`' | b'~') {
            fixed.get_or_insert_with(|| bytes.to_vec())[tab] = b' ';
        }
    }
    match fixed {
        // Only ASCII tabs became ASCII spaces: still UTF-8.
        Some(bytes) => Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())),
        None => Cow::Borrowed(text),
    }
}

fn is_ascii_space(b: Option<&u8>) -> bool {
    matches!(b, Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c'))
}

/// A `[ ]`, `[x]` or `[X]` at `source[at..]`: `Some(checked)`.
fn box_at(source: &str, at: usize) -> Option<bool> {
    let b = source.as_bytes().get(at..at + 3)?;
    if b[0] != b'[' || b[2] != b']' {
        return None;
    }
    match b[1] {
        b' ' => Some(false),
        b'x' | b'X' => Some(true),
        _ => None,
    }
}

/// A box that is a task only if the text run it starts ends right after it (comrak's rule:
/// the paragraph's first text node is `[c]` followed by whitespace or its end, so
/// `[x]*emphasis*` is a task and `[x]bar` is not).
#[derive(Clone, Copy)]
struct PendingBox {
    at: usize,
    checked: bool,
    run_end: usize,
}

struct OpenHeading {
    level: u8,
    start: usize,
    text: String,
}

struct Builder<'s> {
    source: &'s str,
    lines: &'s LineIndex,
    doc: Document,
    /// The outline: open headings, outermost first.
    outline: Vec<HeadingIdx>,
    heading: Option<OpenHeading>,
    /// One entry per open list item: the task it is, if it is one.
    items: Vec<Option<TaskIdx>>,
    /// An item just opened whose box may still come (pulldown-cmark misses boxes on the
    /// line after a bare marker).
    fresh_item: bool,
    /// The task whose text is being collected, and where its text may start.
    capture: Option<(TaskIdx, usize)>,
    /// Depth of open block quotes and list items, to find top-level paragraphs.
    container_depth: usize,
    pending: Option<PendingBox>,
    x_is_link: bool,
}

impl<'s> Builder<'s> {
    fn new(source: &'s str, bom: usize, lines: &'s LineIndex) -> Self {
        Builder {
            source,
            lines,
            doc: Document {
                bom_len: bom,
                ..Document::default()
            },
            outline: Vec::new(),
            heading: None,
            items: Vec::new(),
            fresh_item: false,
            capture: None,
            container_depth: 0,
            pending: None,
            x_is_link: false,
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if self.pending.is_some() {
            let text_at = matches!(event, Event::Text(_)).then_some(range.clone());
            if !self.settle_pending(text_at) {
                return;
            }
        }
        let fresh = std::mem::take(&mut self.fresh_item);
        match event {
            Event::Start(Tag::Item) => {
                self.end_capture();
                self.items.push(None);
                self.container_depth += 1;
                self.fresh_item = true;
            }
            Event::End(TagEnd::Item) => {
                self.end_capture();
                self.items.pop();
                self.container_depth -= 1;
            }
            Event::Start(Tag::BlockQuote(_)) => {
                self.end_capture();
                self.container_depth += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                self.end_capture();
                self.container_depth -= 1;
            }
            Event::Start(Tag::Paragraph) => {
                self.end_capture();
                self.fresh_item = fresh;
                if self.container_depth == 0 {
                    self.scan_status(range);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                self.end_capture();
                self.heading = Some(OpenHeading {
                    level: level as u8,
                    start: range.start,
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.close_heading(range.end),
            Event::TaskListMarker(_) => self.candidate_box(range.start, range.end),
            Event::Text(text) => {
                // pulldown-cmark misses a box on the line after a bare marker; comrak takes it
                // when it starts the item's first paragraph (not after an escape).
                if fresh && is_ascii_space(self.source.as_bytes().get(range.start.wrapping_sub(1)))
                {
                    self.candidate_box(range.start, range.end);
                }
                self.push_text(&text, range.start);
            }
            Event::Code(code) => self.push_text(&code, range.start),
            Event::SoftBreak | Event::HardBreak => self.push_text(" ", range.start),
            Event::InlineHtml(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {}
            // Inline markup: its text arrives as Text events.
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. },
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            _ => self.end_capture(),
        }
    }

    /// A box candidate at `at`, starting a text run that ends at `run_end`.
    fn candidate_box(&mut self, at: usize, run_end: usize) {
        // A box inside a heading is a setext heading's text in comrak, not a task.
        if self.heading.is_some() || self.items.last().is_none_or(|t| t.is_some()) {
            return;
        }
        let Some(checked) = box_at(self.source, at) else {
            return;
        };
        if checked && self.x_is_link {
            return;
        }
        if is_ascii_space(self.source.as_bytes().get(at + 3)) || at + 3 == self.source.len() {
            self.open_task(at, checked);
        } else {
            self.pending = Some(PendingBox {
                at,
                checked,
                run_end,
            });
        }
    }

    /// Decides a pending box given the next event (`Some(range)` when it is text). Returns
    /// whether that event still needs handling.
    fn settle_pending(&mut self, text: Option<Range<usize>>) -> bool {
        let Some(mut pending) = self.pending.take() else {
            return true;
        };
        if let Some(range) = text
            && range.start == pending.run_end
        {
            pending.run_end = range.end;
            if pending.run_end <= pending.at + 3 {
                self.pending = Some(pending);
                return false;
            }
            return true; // the text goes on past the box: not a task
        }
        if pending.run_end == pending.at + 3 {
            self.open_task(pending.at, pending.checked);
        }
        true
    }

    fn open_task(&mut self, at: usize, checked: bool) {
        let Some(slot) = self.items.last().copied() else {
            return;
        };
        if slot.is_some() {
            return; // one box per item
        }
        let idx = self.doc.tasks.len();
        let parent = self.items.iter().rev().skip(1).find_map(|t| *t);
        let heading = self.outline.last().copied();
        // The text is usually the rest of the box's line: room for that (capped) up front
        // saves the string's regrowth piece by piece.
        let rest = &self.source.as_bytes()[(at + 3).min(self.source.len())..];
        let line_rest = memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len());
        self.doc.tasks.push(Task {
            checked,
            box_span: Span::new(at, at + 3),
            line: self.lines.line_of(at),
            text: String::with_capacity(line_rest.min(256)),
            parent,
            heading,
            children: Vec::new(),
            id: String::new(),
            done: None,
            due: None,
        });
        match parent {
            Some(p) => self.doc.tasks[p].children.push(idx),
            None => match heading {
                Some(h) => self.doc.headings[h].children.push(Child::Task(idx)),
                None => self.doc.root.push(Child::Task(idx)),
            },
        }
        if let Some(last) = self.items.last_mut() {
            *last = Some(idx);
        }
        self.capture = Some((idx, at + 3));
    }

    fn push_text(&mut self, text: &str, at: usize) {
        if let Some(h) = &mut self.heading {
            h.text.push_str(text);
        } else if let Some((task, from)) = self.capture
            && at >= from
        {
            push_collapsed(&mut self.doc.tasks[task].text, text);
        }
    }

    fn end_capture(&mut self) {
        if let Some((task, _)) = self.capture.take() {
            let text = &mut self.doc.tasks[task].text;
            let trimmed = text.trim_end().len();
            text.truncate(trimmed);
        }
    }

    fn close_heading(&mut self, end: usize) {
        let Some(open) = self.heading.take() else {
            return;
        };
        while let Some(&top) = self.outline.last() {
            if self.doc.headings[top].level >= open.level {
                self.outline.pop();
            } else {
                break;
            }
        }
        let parent = self.outline.last().copied();
        let text = collapse(&open.text);
        let meaning = classify_heading(&text);
        let idx = self.doc.headings.len();
        self.doc.headings.push(Heading {
            kind: meaning.kind,
            number: meaning.number,
            level: open.level,
            title: meaning.title,
            text,
            span: Span::new(open.start, end),
            line: self.lines.line_of(open.start),
            parent,
            children: Vec::new(),
            declared_status: None,
            id: String::new(),
        });
        match parent {
            Some(p) => self.doc.headings[p].children.push(Child::Heading(idx)),
            None => self.doc.root.push(Child::Heading(idx)),
        }
        self.outline.push(idx);
    }

    /// Looks for a `**Status**:` line in a top-level paragraph under a phase or week heading
    /// — directly, or under a subtitle section, but before any task — and records the first.
    fn scan_status(&mut self, range: Range<usize>) {
        let headings = &self.doc.headings;
        let Some(h) = self
            .outline
            .iter()
            .rev()
            .copied()
            .find(|&h| headings[h].kind != crate::model::HeadingKind::Section)
        else {
            return;
        };
        let task_since = self
            .doc
            .tasks
            .last()
            .is_some_and(|t| t.box_span.start > headings[h].span.start);
        if headings[h].declared_status.is_some() || task_since {
            return;
        }
        let mut line_start = range.start;
        for line in self.source[range].split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            if let Some(offset) = status_value_offset(content) {
                let raw = content[offset..].trim_end();
                let start = line_start + offset;
                self.doc.headings[h].declared_status = Some(DeclaredStatus {
                    text: strip_decoration(raw).to_string(),
                    span: Span::new(start, start + raw.len()),
                    line: self.lines.line_of(start),
                });
                return;
            }
            line_start += line.len();
        }
    }
}

/// Appends `text` to `out`, collapsing runs of whitespace to one space and dropping
/// leading whitespace.
fn push_collapsed(out: &mut String, text: &str) {
    // Byte by byte, copying whole runs between whitespace at once: pushing char by char (a
    // capacity check and an `ends_with` each) was a fifth of `status`'s instructions. ASCII
    // whitespace is decided on the byte; only non-ASCII characters are decoded.
    let bytes = text.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (space, len) = match bytes[i] {
            b'\t'..=b'\r' | b' ' => (true, 1),
            0..0x80 => (false, 1),
            _ => {
                let c = text[i..].chars().next().unwrap_or_default();
                (c.is_whitespace(), c.len_utf8())
            }
        };
        if space {
            out.push_str(&text[run..i]);
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            run = i + len;
        }
        i += len;
    }
    out.push_str(&text[run..]);
}

fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_collapsed(&mut out, text);
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::HeadingKind;

    fn boxes(src: &str) -> Vec<(&str, bool, usize)> {
        let doc = parse(src);
        doc.tasks
            .iter()
            .map(|t| (&src[t.box_span.range()], t.checked, t.line))
            .collect()
    }

    #[test]
    fn bom_is_stripped_for_parsing_and_offsets_stay_true() {
        let src = "\u{feff}# Phase 1: Go\n- [x] a\n";
        let doc = parse(src);
        assert_eq!(doc.bom_len, 3);
        assert_eq!(doc.headings[0].kind, HeadingKind::Phase);
        assert_eq!(doc.headings[0].span.start, 3);
        assert_eq!(&src[doc.tasks[0].box_span.range()], "[x]");
        assert_eq!(doc.tasks[0].line, 2);
    }

    #[test]
    fn pulldown_differences_are_corrected() {
        assert_eq!(
            boxes("- [ ] foo\n  ---\n"),
            vec![],
            "setext heading, not a task"
        );
        assert_eq!(boxes("- [\t] tab\n"), vec![], "tab is not a box");
        assert_eq!(boxes("-\n  [x] later\n"), vec![("[x]", true, 2)]);
        assert_eq!(boxes("- [x]*emphasis*\n"), vec![("[x]", true, 1)]);
        assert_eq!(boxes("- [x]bar\n"), vec![]);
        assert_eq!(boxes("- \\[x] escaped\n"), vec![]);
        assert_eq!(
            boxes("[x]: /url\n\n- [x] a link\n- [ ] b\n"),
            vec![("[ ]", false, 4)]
        );
    }

    #[test]
    fn code_fence_closed_by_a_line_ending_in_a_tab() {
        let src = "```\ncode\n```\t\n\n- [ ] after the fence\n";
        assert_eq!(boxes(src), vec![("[ ]", false, 5)]);
    }

    #[test]
    fn whitespace_runs_collapse_across_pieces() {
        let mut out = String::new();
        for piece in ["  lead", "ing \t run\u{a0}\u{3000}", "s", " ", " end  "] {
            push_collapsed(&mut out, piece);
        }
        assert_eq!(out, "leading run s end ");
        assert_eq!(collapse("\n  a\r\n\tb  "), "a b");
    }

    #[test]
    fn task_text_and_nesting() {
        let src = "## Week 2: Ship\n- [x] **Bold** and `code`\n  soft line\n  - [ ] child\n    - [X] grandchild\n";
        let doc = parse(src);
        assert_eq!(doc.tasks[0].text, "Bold and code soft line");
        assert_eq!(doc.tasks[1].parent, Some(0));
        assert_eq!(doc.tasks[2].parent, Some(1));
        assert!(doc.tasks[2].checked);
        assert_eq!(doc.tasks[0].heading, Some(0));
        let ids: Vec<&str> = doc.tasks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["2.1", "2.1.1", "2.1.1.1"]);
    }

    #[test]
    fn tasks_in_plain_items_and_quotes_attach_to_the_nearest_task() {
        let src = "- [ ] outer\n  - plain\n    - [x] inner\n> - [ ] quoted\n";
        let doc = parse(src);
        assert_eq!(doc.tasks.len(), 3);
        assert_eq!(doc.tasks[1].parent, Some(0));
        assert_eq!(doc.tasks[2].parent, None);
    }

    #[test]
    fn heading_outline_follows_levels() {
        let src = "# Phase 4: P\n## Week 13: A\n### Sec\n## Week 14: B\n# Other\n";
        let doc = parse(src);
        let parents: Vec<Option<usize>> = doc.headings.iter().map(|h| h.parent).collect();
        assert_eq!(parents, [None, Some(0), Some(1), Some(0), None]);
        let ids: Vec<&str> = doc.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["P4", "13", "13.1", "14", "S1"]);
    }

    #[test]
    fn declared_status_under_phase_and_week() {
        let src = "# Phase 4: P\n## Subtitle\n\n**Status**: 🎯 UPCOMING (0/4 weeks complete)  \n\n## Week 13: A\n\n**Duration**: 1 week  \n**Status**: ✅ Complete\n\n- [x] a\n\n**Status**: ignored after a task\n";
        let doc = parse(src);
        let phase = doc.headings[0].declared_status.as_ref().unwrap();
        assert_eq!(phase.text, "UPCOMING (0/4 weeks complete)");
        assert_eq!(phase.line, 4);
        assert_eq!(&src[phase.span.range()], "🎯 UPCOMING (0/4 weeks complete)");
        let week = doc.headings[2].declared_status.as_ref().unwrap();
        assert_eq!((week.text.as_str(), week.line), ("Complete", 9));
        assert_eq!(doc.headings[1].declared_status, None, "sections carry none");
    }

    #[test]
    fn status_lines_in_code_or_lists_are_not_declared() {
        let src = "## Week 1: A\n\n```\n**Status**: Complete\n```\n\n- **Status**: Done\n";
        assert_eq!(parse(src).headings[0].declared_status, None);
    }
}
