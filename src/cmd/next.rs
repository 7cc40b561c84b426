//! `preflight next`: the open tasks of the week to work on now, per checklist — the current
//! week by the schedule, else the earliest unfinished one (see [`crate::schedule::next_week`]).
//! Earlier weeks left open past their due date are named below it.

use crate::cli::{NextArgs, NextFormat};
use crate::model::HeadingKind;
use crate::render::status::heading_label;
use crate::render::tree::{Filter, text};
use crate::sanitize::for_terminal;
use crate::schedule::{Pick, is_overdue, next_week};
use crate::style::Paint;
use crate::workspace::Checklist;
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt::Write as _;
use std::process::ExitCode;

#[derive(Serialize)]
struct Next {
    version: u32,
    today: NaiveDate,
    documents: Vec<NextDocument>,
}

#[derive(Serialize)]
struct NextDocument {
    path: String,
    /// `None` when every week is done (or there are no weeks).
    week: Option<NextWeek>,
    overdue: Vec<WeekSummary>,
}

#[derive(Serialize)]
struct NextWeek {
    #[serde(flatten)]
    summary: WeekSummary,
    pick: Pick,
    open: Vec<OpenTask>,
}

#[derive(Serialize)]
struct WeekSummary {
    number: u32,
    id: String,
    title: String,
    done: usize,
    total: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<NaiveDate>,
}

#[derive(Serialize)]
struct OpenTask {
    id: String,
    text: String,
    line: usize,
}

pub fn run(args: NextArgs, ctx: &super::Context) -> Result<ExitCode> {
    let checklists = ctx.load(&args.paths.paths)?;
    let plan = ctx.plan();
    let mut documents = Vec::new();
    let mut out = String::new();
    for c in &checklists {
        // (heading, number, done) for every week, in document order.
        let weeks: Vec<(usize, u32, bool)> = (c.doc.headings.iter().enumerate())
            .filter(|(_, h)| h.kind == HeadingKind::Week)
            .filter_map(|(i, h)| {
                Some((
                    i,
                    h.number?,
                    c.rollup.headings[i].state() == crate::classify::State::Done,
                ))
            })
            .collect();
        let numbers: Vec<(u32, bool)> = weeks.iter().map(|&(_, n, done)| (n, done)).collect();
        let summary = |h: usize, n: u32| {
            let p = c.rollup.headings[h];
            WeekSummary {
                number: n,
                id: c.heading_id(h),
                title: heading_label(&c.doc.headings[h]),
                done: p.done,
                total: p.total,
                due: plan.due(n),
            }
        };
        let picked = next_week(&numbers, &plan, ctx.today);
        let overdue: Vec<WeekSummary> = weeks
            .iter()
            .filter(|&&(_, n, done)| {
                Some(n) != picked.map(|p| p.0) && is_overdue(plan.due(n), done, ctx.today)
            })
            .map(|&(h, n, _)| summary(h, n))
            .collect();
        let week = picked.and_then(|(n, pick)| {
            let &(h, _, _) = weeks.iter().find(|w| w.1 == n)?;
            let open = (c.doc.tasks.iter().enumerate())
                .filter(|(_, t)| t.is_leaf() && !t.checked)
                .filter(|(_, t)| t.heading.and_then(|th| c.doc.week_of(th)) == Some(h))
                .map(|(i, t)| OpenTask {
                    id: c.task_id(i),
                    text: t.text.clone(),
                    line: t.line,
                })
                .collect();
            Some(NextWeek {
                summary: summary(h, n),
                pick,
                open,
            })
        });
        if args.format == NextFormat::Text {
            render_text(&mut out, c, week.as_ref(), &overdue, ctx);
        }
        documents.push(NextDocument {
            path: c.path.to_string_lossy().replace('\\', "/"),
            week,
            overdue,
        });
    }
    if args.format == NextFormat::Json {
        out = crate::render::json(&Next {
            version: 1,
            today: ctx.today,
            documents,
        })?;
    }
    super::print(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn render_text(
    out: &mut String,
    c: &Checklist,
    week: Option<&NextWeek>,
    overdue: &[WeekSummary],
    ctx: &super::Context,
) {
    let colors = ctx.colors;
    let Some(week) = week else {
        let _ = writeln!(
            out,
            "{}: every week is done",
            for_terminal(&c.path.to_string_lossy())
        );
        return;
    };
    let s = &week.summary;
    let why = match week.pick {
        Pick::Current => "the current week",
        Pick::EarliestUnfinished => "the earliest unfinished week",
    };
    let due = s.due.map_or(String::new(), |d| {
        format!(", due {d} ({})", relative_days(d, ctx.today))
    });
    let headline = format!(
        "Next: {} — {why}{due}; {} of {} open",
        for_terminal(&s.title),
        week.open.len(),
        s.total
    );
    let _ = writeln!(out, "{}", colors.paint(Paint::Bold, &headline));
    let filter = Filter {
        open: true,
        done: false,
        week: Some(s.number),
    };
    out.push_str(&text(std::slice::from_ref(c), filter, colors));
    for w in overdue {
        let line = format!(
            "⚠ also overdue: {} ({} of {} open, due {})",
            for_terminal(&w.title),
            w.total - w.done,
            w.total,
            w.due.map(|d| d.to_string()).unwrap_or_default()
        );
        let _ = writeln!(out, "{}", colors.paint(Paint::Yellow, &line));
    }
}

/// `today`, `in 3 days`, `2 days ago`.
pub fn relative_days(day: NaiveDate, today: NaiveDate) -> String {
    match (day - today).num_days() {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        n if n > 0 => format!("in {n} days"),
        n => format!("{} days ago", -n),
    }
}
