//! `preflight.yaml`: the workspace configuration, found in the current directory or above
//! (like git finds `.git`), or named with `--config`.
//!
//! Parsing is pure (`parse(text, path)`); `discover` only looks for the file. Unknown keys are
//! errors naming the key, its line and the valid keys. YAML goes through serde-saphyr, whose
//! budget bounds alias expansion and nesting (a "billion laughs" file is refused, not expanded).
//! Paths in the config are relative to the directory holding it.

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The file name looked for.
pub const FILE_NAME: &str = "preflight.yaml";

/// What `preflight.yaml` may say. Each issue that adds a section adds its field here.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Globs naming the checklists, relative to the config file's directory.
    #[serde(default)]
    pub checklists: Vec<String>,
    /// When week 1 starts (see [`crate::schedule`]).
    #[serde(default)]
    pub schedule: Option<crate::schedule::Schedule>,
    /// Per-week settings by week number, such as a `due` date of its own.
    #[serde(default)]
    pub weeks: crate::schedule::Weeks,
    /// The release gate's policy (see [`crate::gate`]).
    #[serde(default)]
    pub gate: Option<crate::gate::policy::GatePolicy>,
}

/// A config file and where it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub path: PathBuf,
    pub config: Config,
}

impl Loaded {
    /// The directory paths in the config are relative to.
    pub fn base(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// The checklist files the config names: its globs, else `checklists/` beside it.
    pub fn checklist_paths(&self) -> Result<Vec<PathBuf>> {
        if self.config.checklists.is_empty() {
            return Ok(vec![self.base().join(crate::store::DEFAULT_DIR)]);
        }
        let mut paths = Vec::new();
        for pattern in &self.config.checklists {
            let full = self.base().join(pattern);
            let full = full.to_string_lossy();
            let matches = glob::glob(&full)
                .with_context(|| format!("{}: bad glob {pattern:?}", self.path.display()))?;
            let before = paths.len();
            for entry in matches {
                paths.push(entry.with_context(|| format!("{}: cannot read", self.path.display()))?);
            }
            if paths.len() == before {
                bail!(
                    "{}: `checklists` pattern {pattern:?} matches no file",
                    self.path.display()
                );
            }
        }
        Ok(paths)
    }
}

/// Parses config text. Errors name the file and the line.
pub fn parse(text: &str, path: &Path) -> Result<Config> {
    if text.trim().is_empty() {
        return Ok(Config::default());
    }
    serde_saphyr::from_str(text).map_err(|e| {
        // The rendered error carries a source snippet; keep its first line, `file:line:col:`.
        let rendered = e.to_string();
        let first = rendered.lines().next().unwrap_or_default();
        let message = first.strip_prefix("error: ").unwrap_or(first);
        match e.location() {
            Some(loc) => {
                let at = format!("line {} column {}: ", loc.line(), loc.column());
                let message = message.strip_prefix(&at).unwrap_or(message);
                anyhow::anyhow!(
                    "{}:{}:{}: {message}",
                    path.display(),
                    loc.line(),
                    loc.column()
                )
            }
            None => anyhow::anyhow!("{}: {message}", path.display()),
        }
    })
}

/// `preflight.yaml` in `start` or its nearest ancestor that has one.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Reads and parses a config file.
pub fn load(path: &Path) -> Result<Loaded> {
    let text = crate::store::read_text(path)?;
    Ok(Loaded {
        path: path.to_path_buf(),
        config: parse(&text, path)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_checklist_globs() {
        let config = parse(
            "checklists: [\"plans/*.md\", \"extra.md\"]\n",
            Path::new("p.yaml"),
        )
        .unwrap();
        assert_eq!(config.checklists, ["plans/*.md", "extra.md"]);
        assert_eq!(
            parse("# nothing yet\n", Path::new("p.yaml")).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn unknown_keys_are_named_with_line_and_valid_keys() {
        let err = parse("checklists: []\nchecklist: [a.md]\n", Path::new("p.yaml")).unwrap_err();
        let msg = format!("{err:#}");
        assert!(msg.contains("p.yaml"), "{msg}");
        assert!(msg.contains("checklist"), "{msg}");
        assert!(
            msg.starts_with("p.yaml:2:1: unknown field `checklist`, expected one of checklists"),
            "{msg}"
        );
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut bomb =
            String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        for (i, prev) in ('b'..='j').zip('a'..='i') {
            bomb.push_str(&format!(
                "{i}: &{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
        }
        bomb.push_str("checklists: *j\n");
        assert!(parse(&bomb, Path::new("p.yaml")).is_err());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!(
            "checklists: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(parse(&deep, Path::new("p.yaml")).is_err());
    }
}
