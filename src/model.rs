//! The typed checklist tree: headings (phase, week, section) and tasks, stored as flat
//! arenas in document order.
//!
//! Invariants every constructor in [`crate::parse`] upholds:
//! - `headings` and `tasks` are in document (byte) order, so a parent's index is always
//!   smaller than its children's; roll-ups can run as a single reverse pass, no recursion.
//! - every [`Span`] is a byte range into the *original* source (byte-order mark included) and
//!   lies on `char` boundaries; a task's `box_span` covers exactly `[ ]`, `[x]` or `[X]`.
//! - `line` numbers are 1-based and count LF, CRLF and lone CR as line endings.

pub use crate::stamps::Stamp;
use serde::Serialize;
use std::ops::Range;

/// A byte range into the original source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    pub fn shifted(self, by: usize) -> Self {
        Span::new(self.start + by, self.end + by)
    }
}

/// Index of a heading in [`Document::headings`].
pub type HeadingIdx = usize;
/// Index of a task in [`Document::tasks`].
pub type TaskIdx = usize;

/// What a heading means to the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeadingKind {
    Phase,
    Week,
    Section,
}

impl HeadingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HeadingKind::Phase => "phase",
            HeadingKind::Week => "week",
            HeadingKind::Section => "section",
        }
    }
}

/// A direct child of a heading (or of the document root), in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Child {
    Heading(HeadingIdx),
    Task(TaskIdx),
}

/// The `**Status**: …` line found directly under a phase or week heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredStatus {
    /// The value with leading decoration (emoji, mojibake) and trailing spaces removed.
    pub text: String,
    /// Byte range of the raw value after `Status:` (decoration included, trailing spaces not).
    pub span: Span,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub kind: HeadingKind,
    /// `Phase N` / `Week N` number; `None` for sections.
    pub number: Option<u32>,
    /// Markdown level, 1 to 6.
    pub level: u8,
    /// Display title: decoration and the `Week N:` prefix removed.
    pub title: String,
    /// The heading's full inline text, as rendered (markup removed, decoration kept).
    pub text: String,
    pub span: Span,
    pub line: usize,
    pub parent: Option<HeadingIdx>,
    pub children: Vec<Child>,
    pub declared_status: Option<DeclaredStatus>,
    /// Short typable ID, unique within the document (see [`crate::ids`]).
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub checked: bool,
    /// Exactly the `[ ]`, `[x]` or `[X]` bytes.
    pub box_span: Span,
    /// 1-based line of the box.
    pub line: usize,
    /// The item's first paragraph after the box, markup removed, whitespace collapsed.
    pub text: String,
    /// The nearest enclosing task item, if any.
    pub parent: Option<TaskIdx>,
    /// The heading the task sits under, `None` before the first heading.
    pub heading: Option<HeadingIdx>,
    pub children: Vec<TaskIdx>,
    pub id: String,
    /// ` ✅ YYYY-MM-DD` on the box's line: when it was done (see [`crate::stamps`]).
    pub done: Option<Stamp>,
    /// ` 📅 YYYY-MM-DD` on the box's line: when it is due.
    pub due: Option<Stamp>,
}

impl Task {
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }
}

/// A parsed checklist. Build one with [`crate::parse::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    pub headings: Vec<Heading>,
    pub tasks: Vec<Task>,
    /// Top-level children: headings without a parent, tasks before the first heading.
    pub root: Vec<Child>,
    /// Length in bytes of a leading UTF-8 byte-order mark (0 or 3).
    pub bom_len: usize,
}

impl Document {
    /// Children of a heading, or of the root for `None`.
    pub fn children_of(&self, heading: Option<HeadingIdx>) -> &[Child] {
        match heading {
            Some(h) => &self.headings[h].children,
            None => &self.root,
        }
    }

    /// The heading chain from the outermost ancestor down to `h`.
    pub fn heading_path(&self, h: HeadingIdx) -> Vec<HeadingIdx> {
        let mut path = vec![h];
        let mut cur = self.headings[h].parent;
        while let Some(p) = cur {
            path.push(p);
            cur = self.headings[p].parent;
        }
        path.reverse();
        path
    }

    /// The nearest enclosing week heading of a heading (itself included).
    pub fn week_of(&self, h: HeadingIdx) -> Option<HeadingIdx> {
        let mut cur = Some(h);
        while let Some(i) = cur {
            if self.headings[i].kind == HeadingKind::Week {
                return Some(i);
            }
            cur = self.headings[i].parent;
        }
        None
    }
}
