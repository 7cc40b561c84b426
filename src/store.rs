//! Reading checklists from disk: which files a command means, and their checked text.
//!
//! The only module (besides `cmd`) that touches the file system. Reading refuses what is not
//! a regular file (a FIFO or `/dev/zero` would block or never end) and what is not UTF-8.

use crate::text::decode;
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};

/// Where checklists live when no path is given.
pub const DEFAULT_DIR: &str = "checklists";

/// The checklist files named by `paths`: files as given, directories searched recursively
/// for `*.md` (hidden directories skipped), sorted; with no paths, `./checklists/`.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let defaulted = paths.is_empty();
    let default = [PathBuf::from(DEFAULT_DIR)];
    let paths = if defaulted { &default[..] } else { paths };
    let mut files = Vec::new();
    for path in paths {
        let meta = fs::metadata(path).with_context(|| match defaulted {
            true => format!(
                "no checklist given and {}/ not found: name a file or directory",
                path.display()
            ),
            false => format!("{}: cannot read", path.display()),
        })?;
        if meta.is_dir() {
            let before = files.len();
            collect_markdown(path, &mut files)?;
            if files.len() == before {
                bail!(
                    "{}: no checklist (*.md) found in this directory",
                    path.display()
                );
            }
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn collect_markdown(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    // An explicit stack: directory depth never costs call-stack depth.
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries =
            fs::read_dir(&dir).with_context(|| format!("{}: cannot read", dir.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("{}: cannot read", dir.display()))?;
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            let kind = entry.file_type()?;
            if kind.is_dir() && !hidden {
                stack.push(path);
            } else if !kind.is_dir()
                && path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("md"))
            {
                out.push(path);
            }
        }
    }
    Ok(())
}

/// Reads one checklist: a regular file holding UTF-8 text (a BOM is kept).
pub fn read_text(path: &Path) -> Result<String> {
    let meta = fs::metadata(path).with_context(|| format!("{}: cannot read", path.display()))?;
    if !meta.is_file() {
        bail!("{}: not a regular file", path.display());
    }
    let bytes = fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    decode(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    // decode() has just validated the bytes.
    String::from_utf8(bytes).with_context(|| format!("{}: not UTF-8", path.display()))
}
