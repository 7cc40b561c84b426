//! The `status` roll-up: rows for the document, its phases, weeks and (at that depth)
//! sections, rendered as a terminal table or a Markdown table.

use crate::classify::State;
use crate::model::{Heading, HeadingKind};
use crate::rollup::{Progress, check_status};
use crate::sanitize::for_terminal;
use crate::style::{Colors, Paint};
use crate::workspace::Checklist;
use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table, presets};
use std::fmt::Write as _;

/// How deep the roll-up goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Depth {
    Phase,
    Week,
    Section,
}

impl Depth {
    /// `week` for documents organised in phases or weeks, `section` for the rest.
    pub fn default_for(checklists: &[Checklist]) -> Depth {
        let planned = checklists
            .iter()
            .flat_map(|c| &c.doc.headings)
            .any(|h| h.kind != HeadingKind::Section);
        if planned { Depth::Week } else { Depth::Section }
    }

    fn shows(self, kind: HeadingKind) -> bool {
        match kind {
            HeadingKind::Phase => true,
            HeadingKind::Week => self >= Depth::Week,
            HeadingKind::Section => self == Depth::Section,
        }
    }
}

/// One line of the roll-up.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub indent: usize,
    pub id: String,
    pub label: String,
    pub progress: Progress,
    /// The `**Status**:` text and whether it agrees with the boxes.
    pub declared: Option<(String, bool)>,
    /// Line of the status text, else of the heading.
    pub line: Option<usize>,
    /// Weeks done out of weeks under this heading.
    pub weeks: Progress,
    pub path: String,
}

/// A heading as a person names it: `Week 13: title`, `Phase 4: title`, or the title.
pub fn heading_label(h: &Heading) -> String {
    match (h.kind, h.number) {
        (HeadingKind::Section, _) | (_, None) => h.title.clone(),
        (kind, Some(n)) => {
            let word = if kind == HeadingKind::Week {
                "Week"
            } else {
                "Phase"
            };
            if h.title.eq_ignore_ascii_case(&format!("{word} {n}")) {
                format!("{word} {n}")
            } else {
                format!("{word} {n}: {}", h.title)
            }
        }
    }
}

pub fn rows(checklists: &[Checklist], depth: Depth) -> Vec<Row> {
    let mut rows = Vec::new();
    for c in checklists {
        let path = c.path.to_string_lossy().replace('\\', "/");
        rows.push(Row {
            indent: 0,
            id: String::new(),
            label: path.clone(),
            progress: c.rollup.document,
            declared: None,
            line: None,
            weeks: Progress::default(),
            path: path.clone(),
        });
        // Shown ancestors per heading; headings are in document order, parents first.
        let mut indent = vec![0usize; c.doc.headings.len()];
        for (h, heading) in c.doc.headings.iter().enumerate() {
            let parent_indent = heading.parent.map_or(0, |p| indent[p]);
            let shown = depth.shows(heading.kind);
            indent[h] = parent_indent + shown as usize;
            if !shown {
                continue;
            }
            let declared = heading.declared_status.as_ref().map(|d| {
                let agrees = check_status(&c.doc, &c.rollup, h).is_none_or(|s| s.agrees);
                (d.text.clone(), agrees)
            });
            rows.push(Row {
                indent: indent[h],
                id: c.heading_id(h),
                label: heading_label(heading),
                progress: c.rollup.headings[h],
                declared,
                line: Some(
                    heading
                        .declared_status
                        .as_ref()
                        .map_or(heading.line, |d| d.line),
                ),
                weeks: c.rollup.weeks[h],
                path: path.clone(),
            });
        }
    }
    if checklists.len() > 1 {
        let total = checklists
            .iter()
            .fold(Progress::default(), |acc, c| Progress {
                done: acc.done + c.rollup.document.done,
                total: acc.total + c.rollup.document.total,
            });
        rows.push(Row {
            indent: 0,
            id: String::new(),
            label: format!("Total ({} checklists)", checklists.len()),
            progress: total,
            declared: None,
            line: None,
            weeks: Progress::default(),
            path: String::new(),
        });
    }
    rows
}

/// A ten-cell bar: `██████░░░░`.
pub fn bar(p: Progress) -> String {
    let filled = (p.done * 10).checked_div(p.total).unwrap_or(0);
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}

fn declared_cell(declared: &Option<(String, bool)>) -> String {
    match declared {
        None => String::new(),
        Some((text, true)) => format!("✓ {}", for_terminal(text)),
        Some((text, false)) => format!("⚠ {}", for_terminal(text)),
    }
}

/// How the table is drawn.
#[derive(Debug, Clone, Copy)]
pub struct TableStyle {
    /// Box-drawing borders (a terminal) or plain aligned columns (a pipe).
    pub borders: bool,
    /// Wrap to this many columns.
    pub width: Option<u16>,
    pub colors: Colors,
}

fn state_color(state: State) -> Color {
    match state {
        State::Done => Color::Green,
        State::InProgress => Color::Yellow,
        State::NotStarted => Color::DarkGrey,
    }
}

pub fn table(rows: &[Row], style: TableStyle) -> String {
    let mut table = Table::new();
    table.load_style(if style.borders {
        presets::UTF8_FULL_CONDENSED
    } else {
        presets::NOTHING
    });
    table.set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(width) = style.width {
        table.set_width(width);
    }
    if style.colors.enabled {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table.set_header(["ID", "Item", "Done", "%", "Progress", "State", "Declared"]);
    for row in rows {
        table.add_row(vec![
            Cell::new(for_terminal(&row.id)),
            Cell::new(format!(
                "{}{}",
                "  ".repeat(row.indent),
                for_terminal(&row.label)
            )),
            Cell::new(format!("{}/{}", row.progress.done, row.progress.total))
                .set_alignment(CellAlignment::Right),
            Cell::new(format!("{:.1}", row.progress.percent())).set_alignment(CellAlignment::Right),
            Cell::new(bar(row.progress)).fg(state_color(row.progress.state())),
            Cell::new(row.progress.state().as_str()).fg(state_color(row.progress.state())),
            match row.declared {
                Some((_, false)) => Cell::new(declared_cell(&row.declared)).fg(Color::Yellow),
                _ => Cell::new(declared_cell(&row.declared)),
            },
        ]);
    }
    let mut out = if style.borders {
        table.to_string()
    } else {
        table.trim_fmt()
    };
    out.push('\n');
    out.push_str(&disagreements(rows, style.colors));
    out
}

/// One line per declared status that contradicts the boxes.
pub fn disagreements(rows: &[Row], colors: Colors) -> String {
    let mut out = String::new();
    for row in rows {
        if let Some((text, false)) = &row.declared {
            let weeks = match row.weeks.total {
                0 => String::new(),
                n => format!("{}/{n} weeks done, ", row.weeks.done),
            };
            let _ = writeln!(
                out,
                "{} {}:{}: {} says \"{}\" but the boxes say {} ({weeks}{}/{} tasks)",
                colors.paint(Paint::Yellow, "⚠"),
                for_terminal(&row.path),
                row.line.unwrap_or(0),
                for_terminal(&row.id),
                for_terminal(text),
                row.progress.state().as_str(),
                row.progress.done,
                row.progress.total
            );
        }
    }
    out
}

/// A GFM table, for pull requests and wikis. Cell text has `|` escaped.
pub fn markdown(rows: &[Row]) -> String {
    let cell = |s: &str| for_terminal(s).replace('|', "\\|");
    let mut out = String::from("| ID | Item | Done | % | Progress | State | Declared |\n");
    out.push_str("|---|---|--:|--:|---|---|---|\n");
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | {}{} | {}/{} | {:.1} | {} | {} | {} |",
            cell(&row.id),
            "&nbsp;&nbsp;".repeat(row.indent),
            cell(&row.label),
            row.progress.done,
            row.progress.total,
            row.progress.percent(),
            bar(row.progress),
            row.progress.state().as_str(),
            cell(&declared_cell(&row.declared)),
        );
    }
    out
}
