//! Checklists on disk: which files a command means, their checked text, and writing an
//! edited checklist back.
//!
//! The only module (besides `cmd`) that touches the file system. Reading refuses what is not
//! a regular file (a FIFO or `/dev/zero` would block or never end) and what is not UTF-8.
//! Writing is locked, checked and atomic: under [`lock_for_edit`], [`write_atomic`] replaces
//! the file only if it still holds the text the edit was planned on, and a reader or a crash
//! sees the old text or the new, never a mix.

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

// ---------------------------------------------------------------------------------------
// Writing: locked, checked, atomic.
//
// A tick is read → plan → write. Concurrent `preflight` processes serialise on an exclusive
// advisory lock (flock) on the directory that holds the file's real target. Not on the file
// itself: the rename replaces its inode, so a second process could lock the old inode while
// the first already installed a new one. The lock is advisory: an editor does not take it,
// so just before the rename the file is read again and compared with what was planned on;
// a difference is refused rather than overwritten. (The window between that comparison and
// the rename is a few system calls; only a lock every writer honours could close it.)
// ---------------------------------------------------------------------------------------

/// How a temporary file of ours ends (never `.md`, so discovery never picks one up).
const TEMP_SUFFIX: &str = ".preflight.tmp";

/// Exclusive locks on the directories of the files being edited; released on drop (closing
/// the descriptors releases a flock, also when the process is killed).
#[derive(Debug)]
pub struct EditLock {
    _dirs: Vec<fs::File>,
}

/// Takes the edit lock for each of `files`: on the directory holding its target (symlinks
/// resolved), in a fixed order so two processes never wait on each other crosswise.
pub fn lock_for_edit(files: &[PathBuf]) -> Result<EditLock> {
    let mut dirs = std::collections::BTreeSet::new();
    for file in files {
        let target = resolve_target(file)?;
        if let Some(dir) = target.parent() {
            dirs.insert(dir.to_path_buf());
        }
    }
    let mut locks = Vec::with_capacity(dirs.len());
    for dir in dirs {
        let handle = fs::File::open(&dir)
            .with_context(|| format!("{}: cannot open the directory to lock it", dir.display()))?;
        handle
            .lock()
            .with_context(|| format!("{}: cannot lock the directory", dir.display()))?;
        locks.push(handle);
    }
    Ok(EditLock { _dirs: locks })
}

/// The file a path finally names: symlinks (of the file and its directories) resolved.
fn resolve_target(path: &Path) -> Result<PathBuf> {
    fs::canonicalize(path).with_context(|| format!("{}: cannot read", path.display()))
}

/// Refuses early, with a clear message, when `path` cannot be replaced: a read-only file
/// (the rename itself would succeed, but the owner said "do not change this") or a
/// read-only directory. Checked on the permission bits, so it also holds for root.
pub fn check_writable(path: &Path) -> Result<()> {
    let target = resolve_target(path)?;
    let meta = fs::metadata(&target).with_context(|| format!("{}: cannot read", path.display()))?;
    if !meta.is_file() {
        bail!("{}: not a regular file", path.display());
    }
    if meta.permissions().readonly() {
        bail!("{}: the file is read-only; nothing written", path.display());
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let dir_meta = fs::metadata(dir).with_context(|| format!("{}: cannot read", dir.display()))?;
    if dir_meta.permissions().readonly() {
        bail!(
            "{}: its directory {} is read-only, so the file cannot be replaced; nothing written",
            path.display(),
            dir.display()
        );
    }
    Ok(())
}

/// Replaces the contents of `path` with `new`, atomically, provided it still holds
/// `expected` (what the edit was planned on). Call it holding [`lock_for_edit`]'s lock.
///
/// The new text goes to a temporary file in the target's directory, which gets the old
/// file's permission bits (and owner, where allowed), is fsynced, then renamed over the
/// target; the directory is fsynced so the rename survives a power cut. A reader or a crash
/// at any moment sees the old or the new text, never a mix. Through a symlink, the target is
/// replaced and the link is kept. A hard-linked file is replaced by a new inode (its other
/// names keep the old text), as with every editor that saves atomically.
pub fn write_atomic(path: &Path, expected: &[u8], new: &[u8]) -> Result<()> {
    check_writable(path)?;
    let target = resolve_target(path)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let meta = fs::metadata(&target).with_context(|| format!("{}: cannot read", path.display()))?;
    let current = fs::read(&target).with_context(|| format!("{}: cannot read", path.display()))?;
    if current != expected {
        bail!(
            "{}: changed on disk while preflight was working on it (an editor?); \
             nothing written, run the command again",
            path.display()
        );
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let cannot_write = || format!("{}: cannot write in {}", path.display(), dir.display());
    remove_stale_temps(dir, &name);
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .with_context(cannot_write)?;
    {
        use std::io::Write as _;
        let file = temp.as_file_mut();
        file.write_all(new).with_context(cannot_write)?;
        file.set_permissions(meta.permissions())
            .with_context(cannot_write)?;
        keep_owner(file, &meta);
        file.sync_all().with_context(cannot_write)?;
    }
    // On failure the temporary file is removed when `temp` drops.
    temp.persist(&target)
        .map_err(|e| e.error)
        .with_context(|| format!("{}: cannot replace the file", path.display()))?;
    sync_dir(dir);
    Ok(())
}

/// Removes temporary files that a killed `preflight` left next to `name`. Only call with
/// the edit lock held: every writer holds it while its temporary file exists, so any such
/// file now is an orphan. Best effort: a leftover is untidy, never wrong.
fn remove_stale_temps(dir: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if file_name.starts_with(&prefix) && file_name.ends_with(TEMP_SUFFIX) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Gives the new file the old one's owner and group. Only root (or the owner, for the
/// group) may; anyone else keeps their own, which is what an editor's save does too.
#[cfg(unix)]
fn keep_owner(file: &fs::File, meta: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_file: &fs::File, _meta: &fs::Metadata) {}

/// Makes the rename durable. Best effort: the file is already complete under either name,
/// and some file systems refuse to fsync a directory.
fn sync_dir(dir: &Path) {
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

#[cfg(all(test, unix))]
mod write_tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn replaces_contents_and_keeps_the_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.md");
        fs::write(&path, "- [ ] a\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"- [ ] a\n", b"- [x] a\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"- [x] a\n");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o640);
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file left behind");
        // An orphan from a killed writer is cleared by the next write.
        let orphan = dir.path().join(".c.md.abc123.preflight.tmp");
        fs::write(&orphan, "half").unwrap();
        write_atomic(&path, b"- [x] a\n", b"- [ ] a\n").unwrap();
        assert!(!orphan.exists());
    }

    #[test]
    fn refuses_a_file_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.md");
        fs::write(&path, "- [ ] a\n- [ ] edited\n").unwrap();
        let err = write_atomic(&path, b"- [ ] a\n", b"- [x] a\n").unwrap_err();
        assert!(format!("{err:#}").contains("changed on disk"), "{err:#}");
        assert_eq!(fs::read(&path).unwrap(), b"- [ ] a\n- [ ] edited\n");
    }

    #[test]
    fn writes_through_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        fs::write(&real, "- [ ] a\n").unwrap();
        std::os::unix::fs::symlink("real.md", &link).unwrap();
        write_atomic(&link, b"- [ ] a\n", b"- [x] a\n").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"- [x] a\n");
    }

    #[test]
    fn the_lock_is_exclusive_between_handles() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.md");
        fs::write(&path, "x").unwrap();
        let held = lock_for_edit(std::slice::from_ref(&path)).unwrap();
        // flock locks belong to the open file description: a second open must wait.
        let other = fs::File::open(dir.path()).unwrap();
        assert!(other.try_lock().is_err());
        drop(held);
        assert!(other.try_lock().is_ok());
    }
}
