//! `sync` and `lint` on the seed and on minimal documents.

use crate::support::{fixture, preflight, shipped_checklist, workspace};
use predicates::prelude::*;

fn seed_workspace() -> tempfile::TempDir {
    workspace(&[(
        "p.md",
        &std::fs::read(fixture("phase-4-mojibake.md")).unwrap(),
    )])
}

/// Lines (1-based) where two texts differ; both must have the same number of lines.
fn changed_lines(a: &str, b: &str) -> Vec<usize> {
    assert_eq!(a.lines().count(), b.lines().count());
    a.lines()
        .zip(b.lines())
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, _)| i + 1)
        .collect()
}

#[test]
fn seed_sync_touches_only_derived_text_and_is_idempotent() {
    let dir = seed_workspace();
    let before = std::fs::read_to_string(dir.path().join("p.md")).unwrap();
    preflight(dir.path())
        .args(["sync", "--check", "p.md"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "+**Status**: 🚧 IN PROGRESS (2/4 weeks complete)",
        ));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("p.md")).unwrap(),
        before,
        "--check writes nothing"
    );
    preflight(dir.path())
        .args(["sync", "p.md"])
        .assert()
        .success()
        .stdout(predicate::str::contains("synced p.md (5 changes)"));
    let after = std::fs::read_to_string(dir.path().join("p.md")).unwrap();
    // The phase status, the Overall Progress line and two items of the week list.
    assert_eq!(changed_lines(&before, &after), [6, 336, 337, 338]);
    assert!(after.contains("**Status**: 🚧 IN PROGRESS (2/4 weeks complete)  \n"));
    assert!(after.contains("### Overall Progress: 49% Complete (2/4 weeks)\n"));
    assert!(after.contains("- ✅ Week 14: Monitoring & Alerting Systems  \n"));
    assert!(
        after.contains("- ğŸ¯ Week 15:"),
        "true text is left alone, mojibake and all"
    );
    preflight(dir.path())
        .args(["sync", "--check", "p.md"])
        .assert()
        .code(0)
        .stdout("");
    preflight(dir.path())
        .args(["sync", "p.md"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("p.md")).unwrap(),
        after,
        "sync is idempotent"
    );
}

#[test]
fn sync_dry_run_writes_nothing_and_crlf_survives() {
    let crlf = "## Week 1: A\r\n\r\n**Status**: Upcoming\r\n\r\n- [x] a\r\n";
    let dir = workspace(&[("c.md", crlf.as_bytes())]);
    preflight(dir.path())
        .args(["sync", "--dry-run", "c.md"])
        .assert()
        .success()
        .stdout(predicate::str::contains("+**Status**: Complete"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("c.md")).unwrap(),
        crlf
    );
    preflight(dir.path())
        .args(["sync", "c.md"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("c.md")).unwrap(),
        crlf.replace("Upcoming", "Complete")
    );
}

#[test]
fn sync_refuses_bad_input_without_touching_it() {
    let dir = workspace(&[("bad.md", b"## Week 1\n\xff\n")]);
    preflight(dir.path())
        .args(["sync", "bad.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.md: is not valid UTF-8"));
    assert_eq!(
        std::fs::read(dir.path().join("bad.md")).unwrap(),
        b"## Week 1\n\xff\n"
    );
}

#[test]
fn lint_reports_the_seed_mojibake_and_stale_status() {
    let dir = seed_workspace();
    let out = preflight(dir.path())
        .args(["lint", "p.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("p.md:10: mojibake: mojibake `ğŸ“‹` is `📋`"),
        "{text}"
    );
    assert!(text.contains("p.md:6: status-drift:"), "{text}");
    assert!(
        text.contains("p.md:6: mojibake: mojibake `ğŸ¯` lost a byte: it may be 🎯 🍯 🏯 🐯"),
        "{text}"
    );
}

#[test]
fn lint_fix_repairs_lossless_then_ambiguous_and_nothing_else() {
    let dir = seed_workspace();
    let original = std::fs::read_to_string(dir.path().join("p.md")).unwrap();
    let out = preflight(dir.path())
        .args(["lint", "--fix", "p.md"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "lossy mojibake and stale status remain"
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lossy: Vec<&str> = text.lines().filter(|l| l.contains(": mojibake:")).collect();
    assert!(lossy.iter().all(|l| l.contains("lost a byte")), "{lossy:?}");
    for token in ["ğŸ¯", "ğŸ—ï¸", "ğŸ”"] {
        assert!(lossy.iter().any(|l| l.contains(token)), "{token} listed");
    }
    let fixed = std::fs::read_to_string(dir.path().join("p.md")).unwrap();
    assert!(fixed.contains("## 📋 Week 13") && fixed.contains("**Status**: ✅ Complete"));
    assert_eq!(fixed.lines().count(), original.lines().count());
    for (a, b) in original.lines().zip(fixed.lines()) {
        if a != b {
            assert!(
                crate_mojibake_only(a, b),
                "only mojibake changed: {a:?} → {b:?}"
            );
        }
    }
    preflight(dir.path())
        .args(["lint", "--fix", "--accept-ambiguous", "p.md"])
        .assert()
        .code(1);
    let all = std::fs::read_to_string(dir.path().join("p.md")).unwrap();
    assert!(preflight::mojibake::scan(&all).is_empty());
    assert_eq!(
        all,
        std::fs::read_to_string(shipped_checklist()).unwrap(),
        "the repair gives the shipped checklist"
    );
}

/// Both lines have the same ASCII skeleton: only non-ASCII runs differ.
fn crate_mojibake_only(a: &str, b: &str) -> bool {
    let ascii = |s: &str| s.chars().filter(char::is_ascii).collect::<String>();
    ascii(a) == ascii(b)
}

#[test]
fn lint_formats_and_a_clean_file() {
    let dir = workspace(&[
        (
            "ok.md",
            b"## Week 1: A\n\n**Status**: Complete\n\n- [x] a\n",
        ),
        ("bad.md", "- [~] 50%: maybe, later\n".as_bytes()),
    ]);
    preflight(dir.path())
        .args(["lint", "ok.md"])
        .assert()
        .code(0)
        .stdout("");
    let json = preflight(dir.path())
        .args(["lint", "--format", "json", "bad.md"])
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value[0]["rule"], "not-a-task");
    assert_eq!(value[0]["line"], 1);
    let gh = preflight(dir.path())
        .args(["lint", "--format", "github", "bad.md"])
        .output()
        .unwrap();
    let gh = String::from_utf8(gh.stdout).unwrap();
    assert!(gh.starts_with("::warning file=bad.md,line=1,title=preflight lint%3A not-a-task::`[~]` is not a GFM box"), "{gh}");
}

#[test]
fn accept_ambiguous_needs_fix() {
    preflight(&std::env::temp_dir())
        .args(["lint", "--accept-ambiguous"])
        .assert()
        .code(2);
}

#[test]
fn status_warns_beside_disagreeing_nodes() {
    let dir = seed_workspace();
    preflight(dir.path())
        .args(["status", "p.md"])
        .assert()
        .success()
        .stdout(predicate::str::contains("⚠ UPCOMING (0/4 weeks complete)"));
}

#[test]
fn lint_github_output_is_capped_at_ten() {
    let many: String = (0..15).map(|i| format!("- [~] look-alike {i}\n")).collect();
    let dir = workspace(&[("c.md", many.as_bytes())]);
    let out = preflight(dir.path())
        .args(["lint", "--format", "github", "c.md"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches("::warning ").count(), 10);
    assert!(
        text.contains("::notice::5 more annotations not shown"),
        "{text}"
    );
}
