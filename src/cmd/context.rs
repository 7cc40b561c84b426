//! What every command needs besides its own arguments: colour, verbosity, the terminal,
//! and the workspace config. Built once from the global options and the environment.

use crate::cli::Global;
use crate::config::{self, Loaded};
use crate::schedule::Plan;
use crate::style::{Colors, use_color};
use crate::workspace::Checklist;
use anyhow::Result;
use chrono::NaiveDate;
use std::io::IsTerminal;
use std::path::{Component, Path, PathBuf};

pub struct Context {
    pub colors: Colors,
    pub quiet: bool,
    pub verbose: bool,
    pub stdout_is_terminal: bool,
    /// Table width: `COLUMNS`, else the terminal's (comfy-table asks it), else unbounded.
    pub width: Option<u16>,
    pub config: Option<Loaded>,
    pub cwd: PathBuf,
    /// `--today`, else `PREFLIGHT_TODAY`, else the local date: the one clock reading.
    pub today: NaiveDate,
}

impl Context {
    pub fn new(global: &Global) -> Result<Context> {
        let stdout_is_terminal = std::io::stdout().is_terminal();
        let env = |name| std::env::var(name).ok();
        let cwd = std::env::current_dir()?;
        let config_path = match &global.config {
            Some(path) => Some(path.clone()),
            None => config::discover(&cwd),
        };
        let config = config_path.as_deref().map(config::load).transpose()?;
        let ctx = Context {
            colors: Colors {
                enabled: use_color(
                    global.color,
                    stdout_is_terminal,
                    env("NO_COLOR").as_deref(),
                    env("CLICOLOR_FORCE").as_deref(),
                ),
            },
            quiet: global.quiet,
            verbose: global.verbose,
            stdout_is_terminal,
            width: env("COLUMNS").and_then(|c| c.parse().ok()),
            config,
            cwd,
            today: today(global.today, env("PREFLIGHT_TODAY").as_deref())?,
        };
        if let (true, Some(loaded)) = (ctx.verbose, &ctx.config) {
            eprintln!("preflight: config {}", ctx.display(&loaded.path).display());
        }
        Ok(ctx)
    }

    /// The checklist files a command works on: the paths given, else the config's, else
    /// `./checklists/`.
    pub fn checklist_files(&self, given: &[PathBuf]) -> Result<Vec<PathBuf>> {
        let paths: Vec<PathBuf> = match (&self.config, given.is_empty()) {
            (Some(loaded), true) => loaded
                .checklist_paths()?
                .iter()
                .map(|p| self.display(p))
                .collect(),
            _ => given.to_vec(),
        };
        crate::store::discover(&paths)
    }

    /// The checklists a command works on (see [`Context::checklist_files`]), loaded.
    pub fn load(&self, given: &[PathBuf]) -> Result<Vec<Checklist>> {
        let checklists = super::load(&self.checklist_files(given)?)?;
        if self.verbose {
            for c in &checklists {
                eprintln!("preflight: loaded {}", c.path.display());
            }
        }
        Ok(checklists)
    }

    /// The schedule and per-week due dates of the config (empty without one).
    pub fn plan(&self) -> Plan {
        match &self.config {
            Some(loaded) => Plan::new(loaded.config.schedule, loaded.config.weeks.clone()),
            None => Plan::default(),
        }
    }

    /// The schedule and today, for outputs that show due dates; `None` without a schedule,
    /// so those outputs stay exactly as without one.
    pub fn dates<'p>(&self, plan: &'p Plan) -> Option<crate::render::export::Dates<'p>> {
        (!plan.is_empty()).then_some(crate::render::export::Dates {
            plan,
            today: self.today,
        })
    }

    /// `path` relative to the working directory where that is shorter to read.
    pub fn display(&self, path: &Path) -> PathBuf {
        relative_to(&self.cwd, path)
    }
}

/// Today: the option, else the environment variable, else the clock.
fn today(option: Option<NaiveDate>, env: Option<&str>) -> Result<NaiveDate> {
    match (option, env) {
        (Some(day), _) => Ok(day),
        (None, Some(text)) if !text.is_empty() => {
            crate::schedule::parse_date(text).map_err(|e| anyhow::anyhow!("PREFLIGHT_TODAY: {e}"))
        }
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// `path` relative to `base` (both absolute), with `..` where needed; unchanged if relative.
fn relative_to(base: &Path, path: &Path) -> PathBuf {
    if !path.is_absolute() {
        return path.to_path_buf();
    }
    let (base_parts, path_parts): (Vec<Component>, Vec<Component>) =
        (base.components().collect(), path.components().collect());
    let common = base_parts
        .iter()
        .zip(&path_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common <= 1 {
        return path.to_path_buf(); // only the root in common
    }
    let mut out = PathBuf::new();
    for _ in common..base_parts.len() {
        out.push("..");
    }
    for part in &path_parts[common..] {
        out.push(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::relative_to;
    use std::path::Path;

    #[test]
    fn paths_relative_to_the_working_directory() {
        let rel = |b: &str, p: &str| {
            relative_to(Path::new(b), Path::new(p))
                .to_string_lossy()
                .into_owned()
        };
        assert_eq!(rel("/w/repo", "/w/repo/checklists/a.md"), "checklists/a.md");
        assert_eq!(
            rel("/w/repo/sub", "/w/repo/checklists/a.md"),
            "../checklists/a.md"
        );
        assert_eq!(rel("/w/repo", "/other/a.md"), "/other/a.md");
        assert_eq!(rel("/w/repo", "plain/a.md"), "plain/a.md");
    }
}
