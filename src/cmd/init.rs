//! `init`: a commented `preflight.yaml` and a starter checklist, written only where no file
//! exists yet (checked for both before writing either, then created with `create_new`).

use crate::cli::{InitArgs, Template};
use anyhow::{Context as _, Result, bail};
use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub const CONFIG_TEMPLATE: &str = r#"# preflight.yaml: the workspace configuration of preflight.
# preflight finds this file in the current directory or the nearest parent;
# `--config FILE` names another. Paths here are relative to this file.

# The checklists this workspace tracks: files or globs.
# Default (when the key is absent): every *.md under checklists/.
checklists:
  - "checklists/*.md"
"#;

pub const PRODUCTION_READINESS: &str = "# Phase 1: Production Readiness

**Status**: 🎯 Upcoming (0/2 weeks complete)

## Week 1: Foundations

**Status**: 🎯 Upcoming

### Infrastructure
- [ ] **Environments**
  - [ ] Create staging environment
  - [ ] Create production environment
- [ ] Set up secrets management

### Observability
- [ ] Structured logging in every service
- [ ] Dashboards for the golden signals

## Week 2: Launch

**Status**: 🎯 Upcoming

### Release
- [ ] Load test at twice the expected peak
- [ ] Rollback rehearsed in staging
- [ ] On-call rota and runbooks published

## Phase 1 Completion Status

### Success Criteria
- [ ] All services deployed and running in production
- [ ] Alerting reaches the on-call engineer within 5 minutes
- [ ] Zero critical security findings open
";

pub fn run(args: &InitArgs, quiet: bool) -> Result<ExitCode> {
    let checklist = match args.template {
        Template::ProductionReadiness => {
            ("checklists/production-readiness.md", PRODUCTION_READINESS)
        }
    };
    let files = [("preflight.yaml", CONFIG_TEMPLATE), checklist];
    for (path, _) in files {
        if Path::new(path).exists() {
            bail!("{path} already exists; init never overwrites (move it away or edit it)");
        }
    }
    for (path, text) in files {
        let path = Path::new(path);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: cannot create", dir.display()))?;
        }
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .with_context(|| format!("{}: cannot create", path.display()))?;
        file.write_all(text.as_bytes())
            .with_context(|| format!("{}: cannot write", path.display()))?;
        if !quiet {
            println!("created {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_parse_as_what_they_claim() {
        let config = crate::config::parse(CONFIG_TEMPLATE, Path::new("preflight.yaml")).unwrap();
        assert_eq!(config.checklists, ["checklists/*.md"]);
        let doc = crate::parse::parse(PRODUCTION_READINESS);
        let kinds: Vec<_> = doc
            .headings
            .iter()
            .map(|h| (h.kind.as_str(), h.number))
            .collect();
        assert_eq!(
            kinds[..3],
            [("phase", Some(1)), ("week", Some(1)), ("section", None)]
        );
        assert!(doc.headings.iter().any(|h| h.title == "Success Criteria"));
        assert_eq!(crate::rollup::rollup(&doc).document.total, 11);
        assert!(doc.headings[0].declared_status.is_some());
    }
}
