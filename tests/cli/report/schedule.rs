//! The schedule: due dates and `overdue` in `status`, `next`, OpenMetrics, config errors.

use super::{CONFIG, PATH, json};
use crate::support::{preflight, shipped_checklist, workspace};
use predicates::prelude::*;

/// A workspace with the seed checklist and the schedule.
fn scheduled() -> tempfile::TempDir {
    let seed = std::fs::read(shipped_checklist()).unwrap();
    workspace(&[(PATH, &seed), ("preflight.yaml", CONFIG.as_bytes())])
}

#[test]
fn status_shows_due_dates_and_overdue_weeks() {
    let dir = scheduled();
    preflight(dir.path())
        .args(["--today", "2026-12-22", "status"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Due"))
        .stdout(predicate::str::is_match(r"15 +Week 15: Security Hardening & Compliance +0/50 +0\.0 +░+ +overdue +2026-12-21").unwrap())
        .stdout(predicate::str::is_match(r"16 +Week 16: .* not-started +2026-12-27").unwrap());
    let status = json(
        dir.path(),
        &["--today", "2026-12-22", "status", "--format", "json"],
    );
    let phase = &status["documents"][0]["sections"][0];
    assert_eq!(phase["due"], "2026-12-27");
    assert_eq!(phase["state"], "in-progress");
    let weeks = phase["sections"].as_array().unwrap();
    assert_eq!(weeks[0]["due"], "2026-12-06");
    assert_eq!(weeks[2]["state"], "overdue");
    assert_eq!(weeks[3]["state"], "not-started");
    // Without a schedule: no Due column, no overdue.
    let plain = workspace(&[(PATH, &std::fs::read(shipped_checklist()).unwrap())]);
    preflight(plain.path())
        .args(["--today", "2030-01-01", "status"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Due").not())
        .stdout(predicate::str::contains("overdue").not());
}

#[test]
fn status_openmetrics_snapshot() {
    let dir = scheduled();
    let out = preflight(dir.path())
        .args(["--today", "2026-12-22", "status", "--format", "openmetrics"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.ends_with("# EOF\n"));
    insta::assert_snapshot!(text);
}

#[test]
fn bad_schedule_config_exits_2_naming_the_line() {
    let dir = workspace(&[
        ("checklists/a.md", b"## Week 1: A\n- [ ] a\n"),
        ("preflight.yaml", b"schedule:\n  start: 2026-02-30\n"),
    ]);
    preflight(dir.path())
        .arg("status")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("preflight.yaml:2"))
        .stderr(predicate::str::contains("not a calendar date"));
    let dir = workspace(&[
        ("checklists/a.md", b"## Week 1: A\n- [ ] a\n"),
        (
            "preflight.yaml",
            b"weeks:\n  15: { due: 2026-12-21, owner: ada }\n",
        ),
    ]);
    preflight(dir.path())
        .arg("status")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("owner"));
}

#[test]
fn next_shows_the_current_week_then_the_earliest_unfinished() {
    let dir = scheduled();
    preflight(dir.path())
        .args(["--today", "2026-12-16", "next"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "Next: Week 15: Security Hardening & Compliance — the current week, due 2026-12-21 (in 5 days); 50 of 50 open\n",
        ))
        .stdout(predicate::str::contains("15.1.1.1        [ ] Implement network segmentation"))
        .stdout(predicate::str::contains("Week 16").not());
    // In week 16 with week 15 still open: week 16, and week 15 named as overdue.
    preflight(dir.path())
        .args(["--today", "2026-12-22", "next"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Next: Week 16"))
        .stdout(predicate::str::contains(
            "⚠ also overdue: Week 15: Security Hardening & Compliance (50 of 50 open, due 2026-12-21)",
        ));
    // No schedule: the earliest unfinished week.
    let plain = workspace(&[(PATH, &std::fs::read(shipped_checklist()).unwrap())]);
    let next = json(plain.path(), &["next", "--format", "json"]);
    let week = &next["documents"][0]["week"];
    assert_eq!(
        (week["number"].as_u64(), week["pick"].as_str()),
        (Some(15), Some("earliest-unfinished"))
    );
    assert_eq!(week["open"].as_array().unwrap().len(), 50);
    assert!(week.get("due").is_none());
}
