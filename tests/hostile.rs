//! Hostile inputs, one test per row of README's "Limits and failure modes" table.
//!
//! Each input either gets a clear `preflight: error: …` and exit 2, or is handled correctly;
//! always in bounded time (and, where it matters, bounded memory), and the file is never
//! changed. Everything is generated in a temporary directory: these tests need nothing but the
//! test binary, so they run in a plain `cargo test` on a fresh machine.
//!
//! Time bounds are generous (CI machines are shared and the binary is a debug build); they are
//! there to catch a hang or a quadratic blow-up, not to benchmark (see `bench/`).

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

/// The binary, run in `dir`, with a fixed environment and no config from above the tempdir.
fn preflight(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("preflight").unwrap();
    cmd.current_dir(dir)
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .env("PREFLIGHT_TODAY", "2026-12-01");
    cmd
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `args` in `dir` and checks the run took less than `limit`.
fn run(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let start = Instant::now();
    let out = preflight(dir).args(args).timeout(limit).output().unwrap();
    let took = start.elapsed();
    assert!(
        took < limit,
        "preflight {args:?} took {took:?} (limit {limit:?})"
    );
    out
}

/// Asserts exit 2 with one `preflight: error:` line holding every piece of `wanted`.
fn assert_refused(out: &Output, wanted: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(err.starts_with("preflight: error: "), "stderr: {err}");
    for w in wanted {
        assert!(err.contains(w), "{w:?} missing from: {err}");
    }
    assert!(out.stdout.is_empty(), "nothing on stdout when refused");
}

/// Every read command and a tick on `file`: all refused the same way, the file untouched.
fn refused_everywhere(dir: &Path, file: &str, wanted: &[&str]) {
    refused_by_every_command(dir, file, wanted);
    let before = fs::read(dir.join(file)).unwrap();
    refused_by_every_command(dir, file, wanted);
    assert_eq!(fs::read(dir.join(file)).unwrap(), before, "{file} changed");
}

fn refused_by_every_command(dir: &Path, file: &str, wanted: &[&str]) {
    for args in [
        vec!["status", file],
        vec!["tree", file],
        vec!["export", file],
        vec!["tick", "1", "-f", file],
    ] {
        let out = run(dir, &args, Duration::from_secs(20));
        assert_refused(&out, wanted);
    }
}

const SEED: &str = include_str!("../checklists/phase-4-production-readiness.md");

#[test]
fn bytes_that_are_not_utf8_are_refused_with_offset_and_line() {
    let dir = tempdir();
    write(dir.path(), "latin1.md", b"# Phase 1: Caf\xe9\n- [ ] a\n");
    refused_everywhere(
        dir.path(),
        "latin1.md",
        &["latin1.md", "not valid UTF-8 at byte 14 (line 1)"],
    );
}

#[test]
fn utf16_with_a_byte_order_mark_is_refused() {
    let dir = tempdir();
    let utf16: Vec<u8> = "\u{feff}- [ ] a\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    write(dir.path(), "utf16.md", &utf16);
    refused_everywhere(
        dir.path(),
        "utf16.md",
        &[
            "utf16.md",
            "UTF-16 (FF FE byte-order mark)",
            "convert it to UTF-8",
        ],
    );
    let be: Vec<u8> = "\u{feff}- [ ] a\n"
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    write(dir.path(), "utf16be.md", &be);
    refused_everywhere(
        dir.path(),
        "utf16be.md",
        &["UTF-16 (FE FF byte-order mark)"],
    );
}

#[test]
fn nul_bytes_are_refused_with_offset_and_line() {
    let dir = tempdir();
    write(dir.path(), "nul.md", b"# Week 1: a\n- [ ] b\0c\n");
    refused_everywhere(
        dir.path(),
        "nul.md",
        &["nul.md", "NUL byte at byte 19 (line 2)"],
    );
}

/// Peak resident memory of a child process, sampled from `/proc` while it runs (Linux).
#[cfg(target_os = "linux")]
fn run_measuring_memory(dir: &Path, args: &[&str], limit: Duration) -> (Output, u64) {
    use std::process::Stdio;
    let out_path = dir.join("stdout.txt");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("preflight"))
        .current_dir(dir)
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .args(args)
        .stdout(fs::File::create(&out_path).unwrap())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0;
    let status = loop {
        if let Ok(status) = fs::read_to_string(&status_file)
            && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:"))
        {
            let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
            peak_kb = peak_kb.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("preflight {args:?} ran over {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut stderr = Vec::new();
    std::io::Read::read_to_end(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    let stdout = fs::read(&out_path).unwrap();
    (
        Output {
            status,
            stdout,
            stderr,
        },
        peak_kb,
    )
}

/// 100 MB: the seed checklist, 100 MB of prose paragraphs, and one last task. Read, checked,
/// parsed and rolled up whole: the last task counts. Memory stays within a few times the
/// file (the text itself, pulldown-cmark's block tree): bounded, not a blow-up.
#[cfg(target_os = "linux")]
#[test]
fn a_100_mb_file_is_read_whole_in_bounded_time_and_memory() {
    let dir = tempdir();
    let paragraph = "Plain prose that goes on and on about deployment, rollback and alerting.\n"
        .repeat(40)
        + "\n";
    let size = 100 << 20;
    let mut text = String::with_capacity(size + paragraph.len() + SEED.len());
    text.push_str(SEED);
    while text.len() < size {
        text.push_str(&paragraph);
    }
    text.push_str("\n## Week 99: Last\n\n- [x] the task after 100 MB\n");
    let path = write(dir.path(), "big.md", text.as_bytes());
    let (out, peak_kb) = run_measuring_memory(
        dir.path(),
        &["status", "--format", "json", "big.md"],
        Duration::from_secs(120),
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let progress = &json["documents"][0]["progress"];
    // The seed's own counts, plus the last task.
    let seed = preflight::rollup::rollup(&preflight::parse::parse(SEED)).document;
    let expected = (seed.done as u64 + 1, seed.total as u64 + 1);
    assert_eq!(
        (progress["done"].as_u64(), progress["total"].as_u64()),
        (Some(expected.0), Some(expected.1))
    );
    assert!(
        peak_kb < 1024 * 1024,
        "peak memory {peak_kb} KB for a 100 MB file"
    );
    assert_eq!(fs::metadata(&path).unwrap().len(), text.len() as u64);
    assert!(
        fs::read(&path).unwrap() == text.as_bytes(),
        "big.md changed"
    );
}

/// 10,000-deep nesting through the CLI and every serialiser: lists (`- - - … [ ] x`), block
/// quotes (`>>>> …`), and the two alternating. The walk and roll-up never recurse; the
/// serialisers recurse only per task level, on a reserved large stack.
#[test]
fn ten_thousand_deep_lists_and_quotes_do_not_overflow() {
    let dir = tempdir();
    let depth = 10_000;
    let cases = [
        ("lists.md", "- ".repeat(depth) + "[ ] deepest\n", (0, 1)),
        ("quotes.md", ">".repeat(depth) + " - [x] deep\n", (1, 1)),
        ("both.md", "- > ".repeat(depth / 2) + "- [x] deep\n", (1, 1)),
    ];
    for (name, text, (done, total)) in cases {
        write(dir.path(), name, text.as_bytes());
        for args in [
            vec!["status", name],
            vec!["tree", name],
            vec!["export", name],
            vec!["export", "--format", "yaml", name],
            vec!["tick", "1", "--dry-run", "-f", name],
        ] {
            let out = run(dir.path(), &args, Duration::from_secs(30));
            assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        }
        let out = run(dir.path(), &["export", name], Duration::from_secs(30));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let p = &json["documents"][0]["progress"];
        assert_eq!(
            (p["done"].as_u64(), p["total"].as_u64()),
            (Some(done), Some(total)),
            "{name}"
        );
        assert_eq!(fs::read_to_string(dir.path().join(name)).unwrap(), text);
    }
}

/// Nested *tasks* need indentation, so a task tree `depth` deep is a file of depth² bytes (and
/// its IDs and pretty-printed output grow the same way). 1,000 levels (1 MB) through every
/// command here; 10,000 levels (100 MB) are parsed in-process by `tests/props.rs`.
#[test]
fn a_thousand_nested_tasks_through_every_command() {
    let dir = tempdir();
    let depth = 1_000;
    let text: String = (0..depth)
        .map(|i| format!("{}- [ ] t{i}\n", "  ".repeat(i)))
        .collect();
    write(dir.path(), "nested.md", text.as_bytes());
    for args in [
        vec!["status", "nested.md"],
        vec!["tree", "nested.md"],
        vec!["export", "nested.md"],
        vec!["export", "--format", "yaml", "nested.md"],
    ] {
        let out = run(dir.path(), &args, Duration::from_secs(60));
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    let deepest = vec!["1"; depth].join(".");
    let out = run(
        dir.path(),
        &["tick", &deepest, "-f", "nested.md"],
        Duration::from_secs(60),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = fs::read_to_string(dir.path().join("nested.md")).unwrap();
    assert_eq!(
        after.matches("[x]").count(),
        depth,
        "the only leaf ticked: every ancestor follows"
    );
    assert_eq!(after.replace("[x]", "[ ]"), text, "only box bytes changed");
}

/// A 1 MB single line, in several shapes that stress an inline parser: prose, a million
/// `[`, alternating `*_` delimiters, backticks, and a task whose text is the whole megabyte.
#[test]
fn a_one_megabyte_single_line_is_handled() {
    let dir = tempdir();
    let mb = 1 << 20;
    let lines = [
        ("prose.md", "word ".repeat(mb / 5)),
        ("brackets.md", "[".repeat(mb)),
        ("delims.md", "*_".repeat(mb / 2)),
        ("ticks.md", "`a``".repeat(mb / 4)),
        (
            "task.md",
            format!("- [x] {}", "long task text ".repeat(mb / 15)),
        ),
    ];
    for (name, line) in &lines {
        write(dir.path(), name, line.as_bytes());
        let out = run(
            dir.path(),
            &["status", "--format", "json", name],
            Duration::from_secs(30),
        );
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let total = json["documents"][0]["progress"]["total"].as_u64();
        assert_eq!(total, Some((*name == "task.md") as u64), "{name}");
        assert_eq!(fs::read_to_string(dir.path().join(name)).unwrap(), *line);
    }
    let out = run(dir.path(), &["tree", "task.md"], Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).len() > mb - 100, "the whole text is shown");
}

/// 100,000 headings: every one parsed, numbered and shown.
#[test]
fn a_hundred_thousand_headings() {
    let dir = tempdir();
    let n = 100_000;
    let mut text = String::from("# Phase 1: Many\n");
    for i in 1..=n {
        text.push_str(&format!("## Week {i}: w\n### Section\n"));
    }
    text.push_str("- [x] last\n");
    write(dir.path(), "headings.md", text.as_bytes());
    let out = run(
        dir.path(),
        &[
            "status",
            "--format",
            "json",
            "--depth",
            "section",
            "headings.md",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let weeks = json["documents"][0]["sections"][0]["sections"]
        .as_array()
        .unwrap();
    assert_eq!(weeks.len(), n);
    assert_eq!(weeks[n - 1]["id"], format!("{n}"));
    assert_eq!(weeks[n - 1]["sections"][0]["id"], format!("{n}.1"));
    let out = run(
        dir.path(),
        &["status", "headings.md"],
        Duration::from_secs(60),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).lines().count() > n, "one row per week");
    assert_eq!(
        fs::read_to_string(dir.path().join("headings.md")).unwrap(),
        text
    );
}

/// An empty file is a checklist with nothing to do: 0/0, not an error; ticking finds nothing.
#[test]
fn an_empty_file_is_an_empty_checklist() {
    let dir = tempdir();
    write(dir.path(), "empty.md", b"");
    let out = run(dir.path(), &["export", "empty.md"], Duration::from_secs(10));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let doc = &json["documents"][0];
    assert_eq!(doc["progress"]["total"], 0);
    assert_eq!(doc["sections"].as_array().map(Vec::len), Some(0));
    let out = run(dir.path(), &["status", "empty.md"], Duration::from_secs(10));
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("0/0"));
    let out = run(
        dir.path(),
        &["tick", "1", "-f", "empty.md"],
        Duration::from_secs(10),
    );
    assert_refused(&out, &["1"]);
    assert_eq!(fs::read(dir.path().join("empty.md")).unwrap(), b"");
}

#[test]
fn a_directory_without_markdown_is_refused() {
    let dir = tempdir();
    fs::create_dir_all(dir.path().join("docs/deeper")).unwrap();
    write(dir.path(), "docs/notes.txt", b"- [ ] not markdown\n");
    write(dir.path(), "docs/deeper/README.rst", b"- [ ] nor this\n");
    for args in [
        vec!["status", "docs"],
        vec!["export", "docs"],
        vec!["tick", "1", "-f", "docs"],
    ] {
        let out = run(dir.path(), &args, Duration::from_secs(10));
        assert_refused(&out, &["docs", "no checklist (*.md) found"]);
    }
}

/// `chmod 000`: refused with "cannot read" — unless the tests run with the privilege to read
/// it anyway (root in a container, CAP_DAC_OVERRIDE), where the kernel grants the read and the
/// checklist is read like any other. The test checks which case it is in and asserts that one;
/// as root it also runs the binary as `nobody` (through `runuser`, where there is one) to see
/// the refusal.
#[cfg(unix)]
#[test]
fn an_unreadable_file_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let path = write(dir.path(), "secret.md", b"- [ ] a\n");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    let privileged = fs::File::open(&path).is_ok();
    let out = run(
        dir.path(),
        &["status", "secret.md"],
        Duration::from_secs(10),
    );
    if privileged {
        // Running as root: permission bits do not stop reads, so nothing to refuse.
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stdout(&out).contains("0/1"));
        // Where `runuser` can drop to `nobody`, check the refusal that way.
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        let bin = assert_cmd::cargo::cargo_bin("preflight");
        for command in ["status", "tick"] {
            let args: Vec<&str> = match command {
                "status" => vec!["status", "secret.md"],
                _ => vec!["tick", "1", "-f", "secret.md"],
            };
            let dropped = std::process::Command::new("runuser")
                .args(["-u", "nobody", "--"])
                .arg(&bin)
                .args(&args)
                .current_dir(dir.path())
                .env("NO_COLOR", "1")
                .output();
            match dropped {
                // 126/127: runuser could not run the binary as nobody; 1: no such user.
                Ok(out) if matches!(out.status.code(), Some(1 | 125 | 126 | 127)) => {}
                Ok(out) => assert_refused(&out, &["secret.md", "cannot read", "Permission denied"]),
                Err(_) => {} // no runuser here
            }
        }
    } else {
        assert_refused(&out, &["secret.md", "cannot read"]);
        let out = run(
            dir.path(),
            &["tick", "1", "-f", "secret.md"],
            Duration::from_secs(10),
        );
        assert_refused(&out, &["secret.md"]);
    }
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"- [ ] a\n");
}

/// A FIFO would block a reader forever and `/dev/zero` never ends: both are refused as "not
/// a regular file" without being opened for reading.
#[cfg(unix)]
#[test]
fn fifos_and_devices_are_refused_without_reading() {
    let dir = tempdir();
    let fifo = dir.path().join("pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if made {
        // Not read here either: opening a FIFO for reading blocks until a writer comes.
        refused_by_every_command(dir.path(), "pipe.md", &["pipe.md", "not a regular file"]);
        let meta = fs::symlink_metadata(&fifo).unwrap();
        assert!(
            std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type()),
            "still a FIFO"
        );
    }
    for args in [
        vec!["status", "/dev/zero"],
        vec!["export", "/dev/zero"],
        vec!["tick", "1", "-f", "/dev/zero"],
        vec!["status", "/dev/null"],
    ] {
        let out = run(dir.path(), &args, Duration::from_secs(10));
        assert_refused(&out, &["/dev/", "not a regular file"]);
    }
}

/// Found by the `round_trip` fuzz target: with a `[x]: url` reference definition, every `[x]`
/// is a link, so ticking a `[ ]` would make the box vanish. The edit's verification catches it:
/// refused, exit 2, nothing written.
#[test]
fn tick_under_an_x_reference_definition_is_refused() {
    let dir = tempdir();
    let text = "[x]: https://example.com\n\n- [ ] a\n- [ ] b\n";
    write(dir.path(), "xref.md", text.as_bytes());
    let out = run(
        dir.path(),
        &["tick", "1", "-f", "xref.md"],
        Duration::from_secs(10),
    );
    assert_refused(
        &out,
        &["xref.md", "`[x]: …` link reference", "nothing written"],
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("xref.md")).unwrap(),
        text
    );
}

/// `status` in a workspace whose `preflight.yaml` is `yaml`: refused, quickly, in little
/// memory, the config untouched.
fn config_refused(yaml: &str, wanted: &[&str]) {
    let dir = tempdir();
    write(dir.path(), "preflight.yaml", yaml.as_bytes());
    fs::create_dir(dir.path().join("checklists")).unwrap();
    write(dir.path(), "checklists/plan.md", b"## Week 1: a\n- [ ] b\n");
    #[cfg(target_os = "linux")]
    {
        let (out, peak_kb) = run_measuring_memory(dir.path(), &["status"], Duration::from_secs(20));
        assert_refused(&out, wanted);
        assert!(peak_kb < 256 * 1024, "peak memory {peak_kb} KB");
    }
    let out = run(dir.path(), &["status"], Duration::from_secs(20));
    assert_refused(&out, wanted);
    assert_eq!(
        fs::read_to_string(dir.path().join("preflight.yaml")).unwrap(),
        yaml
    );
}

/// "Billion laughs": nine levels of anchors, each a list of nine aliases of the one below
/// (9^9 strings if expanded). Refused without expansion: serde-saphyr replays aliases lazily,
/// so the first value of the wrong shape stops it (and its budget bounds expansion anyway).
#[test]
fn a_yaml_alias_bomb_config_is_refused() {
    let bomb = |indent: &str, key: &dyn Fn(&str) -> String| {
        let lols = ["\"lol\""; 9].join(",");
        let mut yaml = format!("{indent}{} &a [{lols}]\n", key("a"));
        let mut prev = "a".to_string();
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            let aliases = vec![format!("*{prev}"); 9].join(",");
            yaml.push_str(&format!("{indent}{} &{name} [{aliases}]\n", key(name)));
            prev = name.to_string();
        }
        yaml
    };
    // Where a checklist glob is expected: the only place a config takes a list.
    let nested = "checklists:\n".to_string() + &bomb("  ", &|_| "-".to_string());
    config_refused(&nested, &["preflight.yaml:2:"]);
    // At the top level, then used.
    let top = bomb("", &|name| format!("{name}:")) + "checklists: *i\n";
    config_refused(&top, &["preflight.yaml:1:"]);
}

/// 10,000-deep nesting in `preflight.yaml`: refused, no stack overflow.
#[test]
fn a_deeply_nested_yaml_config_is_refused() {
    let depth = 10_000;
    let yaml = format!("checklists: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    config_refused(&yaml, &["preflight.yaml"]);
}

/// `2026-02-30` is shaped like a date but is not one: refused, naming the value.
#[test]
fn an_impossible_date_is_refused() {
    config_refused(
        "schedule:\n  start: 2026-02-30\n",
        &["preflight.yaml", "2026-02-30"],
    );
    let dir = tempdir();
    write(dir.path(), "plan.md", b"## Week 1: a\n- [ ] b\n");
    let out = run(
        dir.path(),
        &["status", "--today", "2026-02-30", "plan.md"],
        Duration::from_secs(10),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("2026-02-30"), "{}", stderr(&out));
}
