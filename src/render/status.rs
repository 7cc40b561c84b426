//! The `status` roll-up: rows for the document, its phases, weeks and (at that depth)
//! sections, rendered as a terminal table, a Markdown table or OpenMetrics gauges.
//!
//! With a schedule (see [`crate::schedule`]) weeks and phases carry a due date, and one past
//! due and not done shows the state `overdue`; without one the output is exactly as before.

use crate::classify::State;
use crate::model::{Heading, HeadingIdx, HeadingKind};
use crate::rollup::{Progress, check_status};
use crate::sanitize::for_terminal;
use crate::schedule::{Plan, is_overdue};
use crate::style::{Colors, Paint};
use crate::workspace::Checklist;
use chrono::NaiveDate;
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
    /// Phase or week (with its number); `None` for sections, documents and totals.
    pub numbered: Option<(HeadingKind, u32)>,
    /// The number of the phase this heading is in (itself included).
    pub phase: Option<u32>,
    /// When the week (or a phase's last week) is due, with a schedule.
    pub due: Option<NaiveDate>,
    /// Past due and not done.
    pub overdue: bool,
}

impl Row {
    /// `overdue`, else the state of the boxes.
    pub fn state_str(&self) -> &'static str {
        if self.overdue {
            "overdue"
        } else {
            self.progress.state().as_str()
        }
    }
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

/// The numbers of the weeks under heading `h` (itself included), in document order.
pub fn weeks_under(c: &Checklist, h: HeadingIdx) -> Vec<u32> {
    let mut stack = vec![h];
    let mut out = Vec::new();
    while let Some(i) = stack.pop() {
        let heading = &c.doc.headings[i];
        if let (HeadingKind::Week, Some(n)) = (heading.kind, heading.number) {
            out.push(n);
        }
        stack.extend(heading.children.iter().rev().filter_map(|k| match k {
            crate::model::Child::Heading(k) => Some(*k),
            crate::model::Child::Task(_) => None,
        }));
    }
    out
}

/// When heading `h` is due under `plan`: a week's own date, a phase's last week's.
pub fn heading_due(c: &Checklist, h: HeadingIdx, plan: &Plan) -> Option<NaiveDate> {
    let heading = &c.doc.headings[h];
    match (heading.kind, heading.number) {
        (HeadingKind::Week, Some(n)) => plan.due(n),
        (HeadingKind::Phase, Some(_)) => plan.due_of_all(weeks_under(c, h)),
        _ => None,
    }
}

pub fn rows(checklists: &[Checklist], depth: Depth) -> Vec<Row> {
    rows_planned(checklists, depth, &Plan::default(), NaiveDate::MIN)
}

/// [`rows`] with due dates and `overdue` from `plan` as of `today`.
pub fn rows_planned(
    checklists: &[Checklist],
    depth: Depth,
    plan: &Plan,
    today: NaiveDate,
) -> Vec<Row> {
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
            numbered: None,
            phase: None,
            due: None,
            overdue: false,
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
            let due = heading_due(c, h, plan);
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
                numbered: heading.number.map(|n| (heading.kind, n)),
                phase: c
                    .doc
                    .heading_path(h)
                    .into_iter()
                    .rev()
                    .map(|a| &c.doc.headings[a])
                    .find(|a| a.kind == HeadingKind::Phase)
                    .and_then(|a| a.number),
                due,
                overdue: is_overdue(due, c.rollup.headings[h].state() == State::Done, today),
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
            numbered: None,
            phase: None,
            due: None,
            overdue: false,
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

fn row_color(row: &Row) -> Color {
    if row.overdue {
        Color::Red
    } else {
        state_color(row.progress.state())
    }
}

fn due_cell(row: &Row) -> String {
    row.due.map(|d| d.to_string()).unwrap_or_default()
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
    // The Due column appears only with a schedule, so output without one is unchanged.
    let scheduled = rows.iter().any(|r| r.due.is_some());
    let mut header = vec!["ID", "Item", "Done", "%", "Progress", "State", "Declared"];
    if scheduled {
        header.insert(6, "Due");
    }
    table.set_header(header);
    for row in rows {
        let mut cells = vec![
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
            Cell::new(row.state_str()).fg(row_color(row)),
            match row.declared {
                Some((_, false)) => Cell::new(declared_cell(&row.declared)).fg(Color::Yellow),
                _ => Cell::new(declared_cell(&row.declared)),
            },
        ];
        if scheduled {
            cells.insert(6, Cell::new(due_cell(row)).fg(row_color(row)));
        }
        table.add_row(cells);
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
    let scheduled = rows.iter().any(|r| r.due.is_some());
    let (due_head, due_rule) = if scheduled {
        (" Due |", "---|")
    } else {
        ("", "")
    };
    let mut out = format!("| ID | Item | Done | % | Progress | State |{due_head} Declared |\n");
    let _ = writeln!(out, "|---|---|--:|--:|---|---|{due_rule}---|");
    for row in rows {
        let due = if scheduled {
            format!(" {} |", due_cell(row))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {} | {}{} | {}/{} | {:.1} | {} | {} |{due} {} |",
            cell(&row.id),
            "&nbsp;&nbsp;".repeat(row.indent),
            cell(&row.label),
            row.progress.done,
            row.progress.total,
            row.progress.percent(),
            bar(row.progress),
            row.state_str(),
            cell(&declared_cell(&row.declared)),
        );
    }
    out
}

/// Gauges in the OpenMetrics text format (also read by Prometheus' text parser): leaf tasks
/// in all and done per checklist, phase and week, and with a schedule each one's due date as
/// a Unix timestamp. `level` tells the three apart so that a `sum` never counts twice.
pub fn openmetrics(rows: &[Row]) -> String {
    let mut total = String::new();
    let mut done = String::new();
    let mut due = String::new();
    for row in rows.iter().filter(|r| !r.path.is_empty()) {
        let labels = match row.numbered {
            None if row.id.is_empty() => {
                format!(
                    "checklist=\"{}\",level=\"checklist\"",
                    label_value(&row.path)
                )
            }
            Some((HeadingKind::Phase, n)) => {
                format!(
                    "checklist=\"{}\",level=\"phase\",phase=\"{n}\"",
                    label_value(&row.path)
                )
            }
            Some((HeadingKind::Week, n)) => {
                let phase = row
                    .phase
                    .map(|p| format!(",phase=\"{p}\""))
                    .unwrap_or_default();
                format!(
                    "checklist=\"{}\",level=\"week\"{phase},week=\"{n}\"",
                    label_value(&row.path)
                )
            }
            _ => continue,
        };
        let _ = writeln!(
            total,
            "preflight_tasks_total{{{labels}}} {}",
            row.progress.total
        );
        let _ = writeln!(
            done,
            "preflight_tasks_done{{{labels}}} {}",
            row.progress.done
        );
        if let Some(day) = row.due {
            let seconds = day
                .and_hms_opt(23, 59, 59)
                .map_or(0, |t| t.and_utc().timestamp());
            let _ = writeln!(due, "preflight_due_timestamp_seconds{{{labels}}} {seconds}");
        }
    }
    let mut out = String::new();
    out.push_str("# TYPE preflight_tasks_total gauge\n");
    out.push_str(
        "# HELP preflight_tasks_total Leaf tasks (a parent counts through its children).\n",
    );
    out.push_str(&total);
    out.push_str("# TYPE preflight_tasks_done gauge\n");
    out.push_str("# HELP preflight_tasks_done Leaf tasks ticked.\n");
    out.push_str(&done);
    if !due.is_empty() {
        out.push_str("# TYPE preflight_due_timestamp_seconds gauge\n");
        out.push_str("# UNIT preflight_due_timestamp_seconds seconds\n");
        out.push_str(
            "# HELP preflight_due_timestamp_seconds End of the due day (UTC) from the schedule.\n",
        );
        out.push_str(&due);
    }
    out.push_str("# EOF\n");
    out
}

/// A label value as the exposition format wants it: `\\`, `\"` and `\n` escaped. Paths
/// are the only document-derived label values; control characters are escaped too.
fn label_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in for_terminal(text).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}
