//! A checklist's history, read from git with exactly two processes, whatever its length:
//!
//! 1. `git log --follow --raw -c` lists the commits that touched the file (across renames),
//!    each with its author, date, parents, and the blob IDs of the file before (in each
//!    parent) and after the commit;
//! 2. one `git cat-file --batch` streams every distinct blob, in the order they are needed.
//!
//! Each version is read once and diffed against its own parents' versions (see
//! [`crate::report::diff`]), so the events of a commit are its changes, even where branches
//! interleave; a merge adds only what it changed itself (`-c`: what differs from every
//! parent). A version that differs from the one read before it only inside boxes is derived
//! from it without a parse ([`Snapshot::flipped`]); versions are dropped as soon as no later
//! commit needs them.
//!
//! git runs in the file's own directory with the file's name as a literal pathspec, so the
//! working directory does not matter (any subdirectory works, and a file in another
//! repository too). Errors say what git said. [`HistoryError::NotInRepository`] and
//! [`HistoryError::GitMissing`] are told apart so the caller can fall back to done stamps.
//!
//! This module and `cmd` are the only places that run processes; building a report from the
//! [`Timeline`] is pure.

use crate::report::snapshot::Snapshot;
use crate::report::timeline::{Commit, Source, Timeline};
use chrono::{DateTime, FixedOffset};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::rc::Rc;

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("{path}: not in a git repository, so there is no history to report")]
    NotInRepository { path: PathBuf },
    #[error("git is not installed (or not on PATH), so there is no history to report")]
    GitMissing,
    #[error("{0}")]
    Other(#[from] anyhow::Error),
}

/// Where git runs for a file, and the literal pathspec naming it there.
struct Location {
    dir: PathBuf,
    name: std::ffi::OsString,
    shown: PathBuf,
}

fn locate(path: &Path) -> Result<Location, HistoryError> {
    let absolute = path
        .canonicalize()
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let (Some(dir), Some(name)) = (absolute.parent(), absolute.file_name()) else {
        return Err(anyhow::anyhow!("{}: not a file", path.display()).into());
    };
    Ok(Location {
        dir: dir.to_path_buf(),
        name: name.to_os_string(),
        shown: path.to_path_buf(),
    })
}

/// `git` in the file's directory, with settings that could change its output pinned.
fn git(loc: &Location) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("--literal-pathspecs")
        .args([
            "-c",
            "log.showSignature=false",
            "-c",
            "core.quotePath=false",
        ])
        .arg("-C")
        .arg(&loc.dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .stdin(Stdio::null());
    cmd
}

/// Runs a git command to completion; stdout on success, a typed error otherwise.
fn run(loc: &Location, mut cmd: Command) -> Result<Vec<u8>, HistoryError> {
    let out = match cmd.output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(HistoryError::GitMissing),
        Err(e) => return Err(anyhow::anyhow!("running git: {e}").into()),
    };
    if out.status.success() {
        return Ok(out.stdout);
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("not a git repository") {
        return Err(HistoryError::NotInRepository {
            path: loc.shown.clone(),
        });
    }
    let message = stderr.trim().trim_start_matches("fatal: ");
    Err(anyhow::anyhow!("{}: git: {message}", loc.shown.display()).into())
}

/// One commit of the log, with the file's blob IDs before (per parent) and after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub commit: Commit,
    pub parent_blobs: Vec<String>,
    pub blob: String,
}

/// Author name and email as `.mailmap` maps them, so one person is one name in the report.
const FORMAT: &str = "--format=%x1e%H%x1f%aN%x1f%aE%x1f%aI";

/// Parses `git log -z --raw -c` output in [`FORMAT`]: records start with 0x1E; the header's
/// fields are split by 0x1F and end at a NUL; then come NUL-separated raw entries
/// (`:mode… oid… STATUS`, then one or two paths). Commits without an entry (a merge that
/// kept one parent's version) are left out: they changed nothing here.
pub fn parse_log(out: &[u8]) -> anyhow::Result<Vec<LogEntry>> {
    let mut entries = Vec::new();
    for record in out.split(|&b| b == 0x1e).filter(|r| !r.is_empty()) {
        let record = String::from_utf8_lossy(record);
        let mut tokens = record.split('\0');
        let header = tokens.next().unwrap_or_default();
        let fields: Vec<&str> = header.split('\x1f').collect();
        let [hash, author, email, time] = fields[..] else {
            anyhow::bail!("unexpected git log output: {header:?}");
        };
        let time = DateTime::<FixedOffset>::parse_from_rfc3339(time.trim())
            .map_err(|e| anyhow::anyhow!("unexpected date {time:?} from git log: {e}"))?;
        let Some(raw) = tokens.map(|t| t.trim_start()).find(|t| t.starts_with(':')) else {
            continue;
        };
        let parents = raw.bytes().take_while(|&b| b == b':').count();
        let words: Vec<&str> = raw[parents..].split_whitespace().collect();
        // Modes (parents + 1), blob IDs (parents + 1), the status letters.
        if words.len() != 2 * (parents + 1) + 1 {
            anyhow::bail!("unexpected raw diff line from git log: {raw:?}");
        }
        let blobs = &words[parents + 1..2 * (parents + 1)];
        entries.push(LogEntry {
            commit: Commit {
                hash: hash.to_string(),
                author: author.to_string(),
                email: email.to_string(),
                time,
            },
            parent_blobs: blobs[..parents].iter().map(|s| s.to_string()).collect(),
            blob: blobs[parents].to_string(),
        });
    }
    Ok(entries)
}

/// A blob ID of all zeros: the file does not exist on that side.
fn is_null(oid: &str) -> bool {
    oid.bytes().all(|b| b == b'0')
}

/// The history of the checklist at `path`. `working` is its current text, compared with the
/// last committed version to flag uncommitted changes. No commit yet: an empty timeline.
pub fn load(path: &Path, working: &str) -> Result<Timeline, HistoryError> {
    let loc = locate(path)?;
    let mut log = git(&loc);
    log.args([
        "log",
        "--follow",
        "--raw",
        "-c",
        "-z",
        "--no-abbrev",
        "--no-color",
    ])
    .args(["--no-ext-diff", "--no-textconv", FORMAT, "--"])
    .arg(&loc.name);
    let out = match run(&loc, log) {
        Ok(out) => out,
        // A repository without a single commit: no history yet, like an untracked file.
        Err(HistoryError::Other(e)) if e.to_string().contains("does not have any commits") => {
            Vec::new()
        }
        Err(e) => return Err(e),
    };
    let mut entries = parse_log(&out)?;
    entries.reverse(); // oldest first
    let mut timeline = Timeline::new(Source::Git);
    if entries.is_empty() {
        return Ok(timeline);
    }
    // Every distinct blob once, in the order the oldest-first walk needs them; how often each
    // is needed, so a parsed version is dropped after its last use.
    let mut uses: HashMap<String, usize> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for e in &entries {
        for oid in e.parent_blobs.iter().chain([&e.blob]) {
            if is_null(oid) {
                continue;
            }
            let count = uses.entry(oid.clone()).or_insert(0);
            if *count == 0 {
                order.push(oid.clone());
            }
            *count += 1;
        }
    }
    let mut stream = BlobStream::start(&loc, order)?;
    let mut cache: HashMap<String, Rc<Snapshot>> = HashMap::new();
    let empty = Rc::new(Snapshot::default());
    let mut last: Rc<Snapshot> = empty.clone();
    // The blob read last, to derive the next one from when only boxes changed between them
    // (blobs arrive in the order the walk needs them, so it is nearly always the parent).
    let mut previous: Option<(String, Rc<Snapshot>)> = None;
    for e in entries {
        let mut get = |oid: &str| -> Result<Rc<Snapshot>, HistoryError> {
            if is_null(oid) {
                return Ok(empty.clone());
            }
            while !cache.contains_key(oid) {
                let (id, text) = stream.next_blob()?;
                let flipped = (previous.as_ref()).and_then(|(old, snap)| snap.flipped(old, &text));
                let snap = Rc::new(flipped.unwrap_or_else(|| Snapshot::parse(&text)));
                previous = Some((text, snap.clone()));
                cache.insert(id, snap);
            }
            let snap = cache[oid].clone();
            let left = uses.get_mut(oid).expect("every blob is counted");
            *left -= 1;
            if *left == 0 {
                cache.remove(oid);
            }
            Ok(snap)
        };
        // No version on any side before: the commit created the file (no events of its own).
        let created = e.parent_blobs.iter().all(|oid| is_null(oid));
        let parents = (e.parent_blobs.iter())
            .filter(|_| !created)
            .map(|oid| get(oid))
            .collect::<Result<Vec<_>, _>>()?;
        let new = get(&e.blob)?;
        let parents: Vec<&Snapshot> = parents.iter().map(|p| p.as_ref()).collect();
        timeline.push_commit(e.commit, &parents, &new);
        last = new;
    }
    stream.finish()?;
    timeline.uncommitted = !Snapshot::parse(working).same_tasks(&last);
    Ok(timeline)
}

/// The author date of a revision, for `--since REV` / `--until REV`.
pub fn revision_time(path: &Path, revision: &str) -> Result<DateTime<FixedOffset>, HistoryError> {
    let loc = locate(path)?;
    let mut cmd = git(&loc);
    cmd.args(["log", "-1", "--no-walk", "--format=%aI", "--end-of-options"])
        .arg(revision)
        .arg("--");
    let out = run(&loc, cmd).map_err(|e| match e {
        HistoryError::Other(inner) => HistoryError::Other(inner.context(format!(
            "{revision:?} is neither a date (YYYY-MM-DD), Nd, Nw nor a git revision"
        ))),
        other => other,
    })?;
    let text = String::from_utf8_lossy(&out);
    DateTime::parse_from_rfc3339(text.trim())
        .map_err(|_| anyhow::anyhow!("{revision:?}: git gave no commit date for it").into())
}

/// `git cat-file --batch`, fed by a writer thread so that neither pipe can fill and block.
struct BlobStream {
    child: std::process::Child,
    reader: BufReader<std::process::ChildStdout>,
    writer: Option<std::thread::JoinHandle<std::io::Result<()>>>,
    shown: PathBuf,
}

impl BlobStream {
    fn start(loc: &Location, oids: Vec<String>) -> Result<BlobStream, HistoryError> {
        let mut cmd = git(loc);
        cmd.args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = match cmd.spawn() {
            Ok(child) => child,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(HistoryError::GitMissing);
            }
            Err(e) => return Err(anyhow::anyhow!("running git cat-file: {e}").into()),
        };
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let stdout = child.stdout.take().expect("stdout is piped");
        let writer = std::thread::spawn(move || {
            let mut input = String::with_capacity(oids.len() * 41);
            for oid in oids {
                input.push_str(&oid);
                input.push('\n');
            }
            stdin.write_all(input.as_bytes())
            // Dropping stdin closes it: cat-file exits after the last object.
        });
        Ok(BlobStream {
            child,
            reader: BufReader::with_capacity(1 << 16, stdout),
            writer: Some(writer),
            shown: loc.shown.clone(),
        })
    }

    /// The next object: `<oid> blob <size>\n<content>\n`.
    fn next_blob(&mut self) -> Result<(String, String), HistoryError> {
        let mut header = String::new();
        self.reader
            .read_line(&mut header)
            .map_err(|e| anyhow::anyhow!("reading git cat-file: {e}"))?;
        let words: Vec<&str> = header.split_whitespace().collect();
        let (oid, size) = match words[..] {
            [oid, "blob", size] => (oid.to_string(), size.parse::<usize>().ok()),
            _ => {
                return Err(anyhow::anyhow!(
                    "{}: git cat-file answered {:?}",
                    self.shown.display(),
                    header.trim()
                )
                .into());
            }
        };
        let size = size.ok_or_else(|| anyhow::anyhow!("git cat-file: bad size in {header:?}"))?;
        let mut content = vec![0; size + 1]; // and the LF after it
        self.reader
            .read_exact(&mut content)
            .map_err(|e| anyhow::anyhow!("reading git cat-file: {e}"))?;
        content.pop();
        // An old version that is not UTF-8 still counts; its odd bytes become U+FFFD.
        let text = match String::from_utf8(content) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        Ok((oid, text))
    }

    fn finish(mut self) -> Result<(), HistoryError> {
        drop(self.reader);
        if let Some(writer) = self.writer.take() {
            // A write error after we stopped reading (broken pipe) is harmless.
            let _ = writer.join();
        }
        let _ = self.child.wait();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_renamed_and_merge_entries() {
        let zero = "0".repeat(40);
        let (a, b, c, m) = (
            "a".repeat(40),
            "b".repeat(40),
            "c".repeat(40),
            "d".repeat(40),
        );
        let out = format!(
            "\x1e{m}\x1fAnn\x1fann@x\x1f2026-12-04T20:18:58Z\0\0::100644 100644 100644 {a} {b} {c} MM\0d/new.md\0\
             \x1e{c}\x1fBo B\x1fbo@x\x1f2026-12-03T10:00:00+01:00\0\n:100644 100644 {a} {a} R100\0d/c.md\0d/new.md\0\
             \x1e{b}\x1fAnn\x1fann@x\x1f2026-12-02T10:00:00-05:00\0\
             \x1e{a}\x1fAnn\x1fann@x\x1f2026-12-01T10:00:00Z\0\n:000000 100644 {zero} {a} A\0d/c.md\0"
        );
        let entries = parse_log(out.as_bytes()).unwrap();
        assert_eq!(
            entries.len(),
            3,
            "the commit without a raw entry changed nothing"
        );
        assert_eq!(entries[0].parent_blobs, [a.clone(), b.clone()]);
        assert_eq!(entries[0].blob, c);
        assert_eq!(entries[1].commit.author, "Bo B");
        assert_eq!(
            entries[1].commit.time.to_rfc3339(),
            "2026-12-03T10:00:00+01:00"
        );
        assert_eq!(
            (entries[1].parent_blobs.clone(), entries[1].blob.clone()),
            (vec![a.clone()], a.clone())
        );
        assert!(is_null(&entries[2].parent_blobs[0]));
        assert!(parse_log(b"\x1egarbage\0").is_err());
    }
}
