//! `preflight report`: resolve the period, read each checklist's history from git (or its
//! done stamps outside git), build the report and write it in the format asked for.

use crate::cli::{ReportArgs, ReportFormat};
use crate::history::{self, HistoryError};
use crate::report::period::{End, Period, Start, When, parse_when};
use crate::report::timeline::Timeline;
use crate::report::{BuildInput, build, html, markdown, text};
use crate::style::Colors;
use crate::workspace::Checklist;
use anyhow::{Context as _, Result, anyhow, bail};
use std::path::Path;
use std::process::ExitCode;

pub fn run(args: ReportArgs, ctx: &super::Context) -> Result<ExitCode> {
    let checklists = ctx.load(&args.paths.paths)?;
    // Revisions are resolved in the repository of the first checklist.
    let anchor = checklists
        .first()
        .map(|c| c.path.clone())
        .ok_or_else(|| anyhow!("no checklist to report on"))?;
    let since = parse_when(&args.since, ctx.today).map_err(|e| anyhow!("--since: {e}"))?;
    let start = match since {
        When::Date(day) => Start::Day(day),
        When::Revision(rev) => Start::After(revision(&anchor, &rev, "--since")?),
    };
    let until_text = args.until.clone().unwrap_or_else(|| ctx.today.to_string());
    let end = match parse_when(&until_text, ctx.today).map_err(|e| anyhow!("--until: {e}"))? {
        When::Date(day) => End::Day(day),
        When::Revision(rev) => End::At(revision(&anchor, &rev, "--until")?),
    };
    let period = Period { start, end };
    if period.first_day() > period.last_day() {
        bail!(
            "the period ends ({}) before it starts ({})",
            period.last_day(),
            period.first_day()
        );
    }
    let timelines = checklists
        .iter()
        .map(|c| timeline(c, ctx))
        .collect::<Result<Vec<_>>>()?;
    let inputs: Vec<BuildInput<'_>> = (checklists.iter().zip(&timelines))
        .map(|(c, timeline)| BuildInput {
            path: c.path.to_string_lossy().replace('\\', "/"),
            timeline,
        })
        .collect();
    let report = build(
        &inputs,
        &period,
        &ctx.plan(),
        ctx.today,
        (&args.since, &until_text),
    );
    let colors = match args.output {
        Some(_) => Colors::default(),
        None => ctx.colors,
    };
    let out = match args.format {
        ReportFormat::Text => text::render(&report, colors),
        ReportFormat::Markdown => markdown::render(&report),
        ReportFormat::Html => html::render(&report),
        ReportFormat::Json => crate::render::json(&report)?,
    };
    match &args.output {
        Some(file) => {
            std::fs::write(file, out)
                .with_context(|| format!("{}: cannot write", file.display()))?;
            if !ctx.quiet {
                eprintln!("preflight: wrote {}", ctx.display(file).display());
            }
        }
        None => super::print(&out)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn revision(
    anchor: &Path,
    rev: &str,
    option: &str,
) -> Result<chrono::DateTime<chrono::FixedOffset>> {
    history::revision_time(anchor, rev).map_err(|e| match e {
        HistoryError::Other(inner) => inner.context(option.to_string()),
        other => anyhow!("{option} {rev:?}: {other}; give a date (YYYY-MM-DD) or Nd/Nw instead"),
    })
}

/// The git history of a checklist; its done stamps where there is no git history.
fn timeline(c: &Checklist, ctx: &super::Context) -> Result<Timeline> {
    let stamped = c.doc.tasks.iter().any(|t| t.checked && t.done.is_some());
    let why = match history::load(&c.path, &c.source) {
        Ok(t) if !t.commits.is_empty() => {
            if ctx.verbose {
                eprintln!(
                    "preflight: {}: {} commits in its history",
                    c.path.display(),
                    t.commits.len()
                );
            }
            return Ok(t);
        }
        Ok(_) => format!("{}: has no commits in git yet", c.path.display()),
        Err(HistoryError::Other(e)) => return Err(e),
        Err(e) => e.to_string(),
    };
    if !stamped {
        bail!("{why}, and no done stamps (✅ YYYY-MM-DD) to report from");
    }
    if !ctx.quiet {
        eprintln!("preflight: {why}; reporting from its done stamps (✅ YYYY-MM-DD)");
    }
    Ok(Timeline::from_stamps(&c.doc, &c.source))
}
