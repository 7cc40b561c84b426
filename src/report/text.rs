//! The report for a terminal: a roll-up table per phase and week with start, end, change,
//! due date, forecast and outlook; the items completed, reopened, added and removed; velocity;
//! and the burn-up as a sparkline. Every piece of document text goes through
//! [`for_terminal`].

use super::chart::{sample, sparkline};
use super::{DocumentReport, Item, Outlook, Report, signed};
use crate::sanitize::for_terminal;
use crate::style::{Colors, Paint};
use comfy_table::{Cell, CellAlignment, Table, presets};
use std::fmt::Write as _;

pub fn render(report: &Report, colors: Colors) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        colors.paint(
            Paint::Bold,
            &format!(
                "Progress report {} → {} (today {})",
                report.first_day, report.last_day, report.today
            )
        )
    );
    for doc in &report.documents {
        out.push('\n');
        document(&mut out, doc, colors);
    }
    out
}

fn table() -> Table {
    let mut t = Table::new();
    t.load_style(presets::NOTHING);
    t.force_no_tty();
    t
}

fn document(out: &mut String, doc: &DocumentReport, colors: Colors) {
    let commits = super::source_note(doc);
    let _ = writeln!(
        out,
        "{}  {commits}",
        colors.paint(Paint::Bold, &for_terminal(&doc.path))
    );
    let _ = writeln!(
        out,
        "Done {}/{} → {}/{} ({})",
        doc.start.done,
        doc.start.total,
        doc.end.done,
        doc.end.total,
        signed(doc.change)
    );
    if doc.uncommitted {
        let _ = writeln!(
            out,
            "{}",
            colors.paint(
                Paint::Yellow,
                "⚠ the file has uncommitted changes; they are not in this report"
            )
        );
    }
    if !doc.nodes.is_empty() {
        let mut t = table();
        t.set_header([
            "ID", "Item", "Start", "End", "Change", "State", "Due", "Forecast", "Outlook",
        ]);
        for n in &doc.nodes {
            let indent = if n.kind == "week" { "  " } else { "" };
            let outlook = n.outlook.map_or(String::new(), |o| {
                let paint = match o {
                    Outlook::Done | Outlook::OnTrack => Paint::Green,
                    Outlook::AtRisk => Paint::Yellow,
                    Outlook::Late => Paint::Red,
                };
                colors.paint(paint, o.as_str())
            });
            t.add_row(vec![
                Cell::new(for_terminal(&n.id)),
                Cell::new(format!("{indent}{}", for_terminal(&n.title))),
                Cell::new(format!("{}/{}", n.start.done, n.start.total))
                    .set_alignment(CellAlignment::Right),
                Cell::new(format!("{}/{}", n.end.done, n.end.total))
                    .set_alignment(CellAlignment::Right),
                Cell::new(signed(n.change)).set_alignment(CellAlignment::Right),
                Cell::new(n.state),
                Cell::new(n.due.map(|d| d.to_string()).unwrap_or_default()),
                Cell::new(n.forecast.map_or("—".to_string(), |d| d.to_string())),
                Cell::new(outlook),
            ]);
        }
        let _ = writeln!(out, "\n{}", t.trim_fmt());
    }
    items(out, "Completed", &doc.completed, true);
    items(out, "Reopened", &doc.reopened, true);
    items(out, "Added", &doc.added, false);
    items(out, "Removed", &doc.removed, false);
    if !doc.authors.is_empty() {
        let who: Vec<String> = (doc.authors.iter())
            .map(|a| format!("{} {}", for_terminal(&a.author), a.completed))
            .collect();
        let _ = writeln!(out, "\nLeaf tasks completed by: {}", who.join(", "));
    }
    let weeks: Vec<String> = (doc.velocity.weeks.iter())
        .map(|w| w.completed.to_string())
        .collect();
    let _ = writeln!(
        out,
        "\nVelocity: {:.1} leaf tasks/week over the last {} weeks (oldest first: {})",
        doc.velocity.per_week,
        weeks.len(),
        weeks.join(", ")
    );
    let days = sample(&doc.burnup, 60);
    if let (Some(first), Some(last)) = (days.first(), days.last()) {
        let done: Vec<usize> = days.iter().map(|d| d.done).collect();
        let _ = writeln!(
            out,
            "Burn-up {} {}  {} → {} of {} done",
            first.date.format("%m-%d"),
            colors.paint(Paint::Green, &sparkline(&done)),
            first.done,
            last.done,
            last.total
        );
        if let Some(plan) = last.plan {
            let ahead = last.done as f64 - plan;
            let _ = writeln!(
                out,
                "Plan: {plan} done by {}; {} {:.1}",
                last.date,
                if ahead >= 0.0 {
                    "ahead by"
                } else {
                    "behind by"
                },
                ahead.abs()
            );
        }
    }
}

fn items(out: &mut String, title: &str, items: &[Item], with_who: bool) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title} ({})", items.len());
    let mut t = table();
    for i in items {
        let text = match i.leaf {
            true => for_terminal(&i.text).into_owned(),
            false => format!("{} (parent)", for_terminal(&i.text)),
        };
        let mut row = vec![
            Cell::new(format!("  {}", for_terminal(&i.id))),
            Cell::new(text),
        ];
        if with_who || i.author.is_some() {
            row.push(Cell::new(for_terminal(i.author.as_deref().unwrap_or(""))));
        }
        row.push(Cell::new(i.date.to_string()));
        row.push(Cell::new(i.commit.as_deref().unwrap_or("")));
        t.add_row(row);
    }
    let _ = writeln!(out, "{}", t.trim_fmt());
}
