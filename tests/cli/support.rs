//! Shared helpers for the CLI tests.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `preflight` binary, run in `dir`, with a fixed terminal-free environment.
pub fn preflight(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("preflight").unwrap();
    cmd.current_dir(dir)
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1");
    cmd
}

/// A fixture file from `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The project's own checklist.
pub fn shipped_checklist() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/phase-4-production-readiness.md")
}

/// A temporary directory holding `files` (name, contents).
pub fn workspace(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, contents) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    dir
}
