//! `gate`: evaluate the policy (or the default Success Criteria rule) and write the reports.

use super::Context;
use crate::cli::{GateArgs, GateFormat, GateOutput};
use crate::gate::eval::{EvidenceFile, Input, evaluate};
use crate::gate::policy::GatePolicy;
use crate::render::{ci, gate};
use anyhow::{Context as _, Result};
use chrono::{DateTime, Local};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// `$GITHUB_STEP_SUMMARY` must stay under 1 MiB.
const SUMMARY_LIMIT: usize = 1 << 20;

pub fn run(args: GateArgs, ctx: &Context) -> Result<ExitCode> {
    let checklists = ctx.load(&args.paths.paths)?;
    let default_policy = GatePolicy::default();
    let policy = ctx
        .config
        .as_ref()
        .and_then(|c| c.config.gate.as_ref())
        .unwrap_or(&default_policy);
    let today = ctx.today;
    let read_evidence = |path: &Path| read_evidence(path);
    let verdict = evaluate(&Input {
        checklists: &checklists,
        policy,
        config_path: ctx
            .config
            .as_ref()
            .map(|c| ctx_path(ctx, &c.path))
            .as_deref(),
        today,
        read_evidence: &read_evidence,
    })?;
    let views: Vec<gate::ItemView> = verdict
        .items
        .iter()
        .map(|item| gate::item_view(&checklists, &verdict, policy, item))
        .collect();

    let github_actions = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
    let mut outputs = args.outputs.clone();
    if args.format.is_some() || outputs.iter().all(|o| o.file.is_some()) {
        let format = args.format.unwrap_or(if github_actions {
            GateFormat::Github
        } else {
            GateFormat::Text
        });
        outputs.insert(0, GateOutput { format, file: None });
    }
    for output in &outputs {
        let text = match output.format {
            GateFormat::Text => gate::text(&views, &verdict, ctx.colors),
            GateFormat::Json => gate::json(&views, &verdict)?,
            GateFormat::Junit => ci::junit(&views, &verdict),
            GateFormat::Github => ci::github(&views, &verdict),
            GateFormat::Gitlab => ci::gitlab(&views)?,
        };
        match &output.file {
            Some(file) => std::fs::write(file, text)
                .with_context(|| format!("{}: cannot write", file.display()))?,
            None => super::print(&text)?,
        }
        if output.format == GateFormat::Github
            && let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY")
        {
            append_summary(Path::new(&summary), &views, &verdict)?;
        }
    }
    Ok(if verdict.passed() || args.exit_zero {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn ctx_path(ctx: &Context, path: &Path) -> std::path::PathBuf {
    ctx.display(path)
}

/// Reads a JSON evidence file and the day it was last modified.
fn read_evidence(path: &Path) -> Result<EvidenceFile, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    let modified: DateTime<Local> = meta.modified().map_err(|e| e.to_string())?.into();
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let value = serde_json::from_slice(&bytes).map_err(|e| format!("not JSON: {e}"))?;
    Ok(EvidenceFile {
        value,
        modified: modified.date_naive(),
    })
}

fn append_summary(
    path: &Path,
    views: &[gate::ItemView],
    verdict: &crate::gate::eval::Verdict,
) -> Result<()> {
    let used = std::fs::metadata(path)
        .map(|m| m.len() as usize)
        .unwrap_or(0);
    let markdown = gate::markdown_summary(views, verdict, SUMMARY_LIMIT.saturating_sub(used));
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("{}: cannot write the job summary", path.display()))?;
    file.write_all(markdown.as_bytes())?;
    Ok(())
}
