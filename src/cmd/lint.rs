//! `lint`: report findings (text, JSON or GitHub annotations); with `--fix`, repair mojibake
//! in place first, under the edit lock, verified before writing. Exit 1 if findings remain.

use super::Context;
use crate::cli::{LintArgs, LintFormat};
use crate::edit::apply;
use crate::lint::{Finding, check, mojibake_fixes, verify_fix};
use crate::render::ci::{capped, github_data, github_property};
use crate::sanitize::for_terminal;
use crate::store;
use crate::workspace::Checklist;
use anyhow::{Result, anyhow};
use std::fmt::Write as _;
use std::process::ExitCode;

pub fn run(args: LintArgs, ctx: &Context) -> Result<ExitCode> {
    let files = ctx.checklist_files(&args.paths.paths)?;
    let _lock = args.fix.then(|| store::lock_for_edit(&files)).transpose()?;
    let mut findings = Vec::new();
    let mut notes = String::new();
    for path in files {
        let mut c = Checklist::new(path.clone(), store::read_text(&path)?);
        if args.fix {
            let edits = mojibake_fixes(&c.source, args.accept_ambiguous);
            if !edits.is_empty() {
                let new = apply(&c.source, &edits)?;
                verify_fix(&c, &new, &edits).map_err(|why| {
                    anyhow!(
                        "{}: the repair would not be safe ({why}); nothing written — this is a bug",
                        path.display()
                    )
                })?;
                store::write_atomic(&path, c.source.as_bytes(), new.as_bytes())?;
                let _ = writeln!(
                    notes,
                    "repaired {} mojibake sequences in {}",
                    edits.len(),
                    for_terminal(&path.to_string_lossy())
                );
                c = Checklist::new(path, new);
            }
        }
        findings.extend(check(&c));
    }
    let out = match args.format {
        LintFormat::Text => text(&findings, ctx),
        LintFormat::Json => crate::render::json(&findings)?,
        LintFormat::Github => github(&findings),
    };
    if !ctx.quiet && !notes.is_empty() {
        eprint!("{notes}");
    }
    super::print(&out)?;
    Ok(if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn text(findings: &[Finding], ctx: &Context) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(
            out,
            "{}:{}: {}: {}",
            for_terminal(&f.path),
            f.line,
            ctx.colors.paint(crate::style::Paint::Yellow, f.rule),
            for_terminal(&f.message)
        );
    }
    if !findings.is_empty() && !ctx.quiet {
        let _ = writeln!(out, "{} findings", findings.len());
    }
    out
}

fn github(findings: &[Finding]) -> String {
    let warnings: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "::warning file={},line={},title={}::{}",
                github_property(&f.path),
                f.line,
                github_property(&format!("preflight lint: {}", f.rule)),
                github_data(&f.message)
            )
        })
        .collect();
    capped(&[], &warnings, "run `preflight lint` for all findings")
}
