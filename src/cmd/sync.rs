//! `sync`: make the derived text true, under the edit lock, verified before writing.
//! `--check` (exit 1 when something would change) and `--dry-run` show a diff and write nothing.

use super::Context;
use crate::cli::SyncArgs;
use crate::edit::apply;
use crate::render::diff::unified;
use crate::sanitize::for_terminal;
use crate::store;
use crate::sync::{plan, verify};
use crate::workspace::Checklist;
use anyhow::{Result, anyhow};
use std::fmt::Write as _;
use std::process::ExitCode;

pub fn run(args: SyncArgs, ctx: &Context) -> Result<ExitCode> {
    let files = ctx.checklist_files(&args.paths.paths)?;
    let writing = !(args.check || args.dry_run);
    // Held from before the first read until after the last write.
    let _lock = writing.then(|| store::lock_for_edit(&files)).transpose()?;
    let mut out = String::new();
    let mut changed = 0;
    let mut pending = Vec::new();
    for path in files {
        let c = Checklist::new(path.clone(), store::read_text(&path)?);
        let p = plan(&c.source, &c.doc, &c.rollup);
        if p.edits.is_empty() {
            continue;
        }
        changed += 1;
        let new = apply(&c.source, &p.edits)?;
        verify(&c.doc, &c.source, &new, &p.edits).map_err(|why| {
            anyhow!("{}: sync would not be safe ({why}); nothing written — this is a bug, please report it", path.display())
        })?;
        let shown = path.to_string_lossy().replace('\\', "/");
        if writing {
            if !ctx.quiet {
                let _ = writeln!(
                    out,
                    "synced {} ({} changes)",
                    for_terminal(&shown),
                    p.changes.len()
                );
                for change in &p.changes {
                    let _ = writeln!(
                        out,
                        "  line {}: {}",
                        change.line,
                        for_terminal(&change.what)
                    );
                }
            }
            pending.push((path, c.source, new));
        } else {
            out.push_str(&unified(&shown, &c.source, &new));
        }
    }
    // Everything verified before anything is written.
    for (path, old, new) in pending {
        store::write_atomic(&path, old.as_bytes(), new.as_bytes())?;
    }
    super::print(&out)?;
    Ok(if args.check && changed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
