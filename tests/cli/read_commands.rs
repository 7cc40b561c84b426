//! status / tree / export CLI tests.

use crate::support::{fixture, preflight, shipped_checklist, workspace};
use predicates::prelude::*;
use serde_json::Value;

fn json_of(args: &[&str], dir: &std::path::Path) -> Value {
    let out = preflight(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn week(doc: &Value, number: u64) -> &Value {
    doc["sections"][0]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "week" && s["number"] == number)
        .unwrap()
}

fn progress(node: &Value) -> (u64, u64) {
    (
        node["progress"]["done"].as_u64().unwrap(),
        node["progress"]["total"].as_u64().unwrap(),
    )
}

/// The acceptance figures, on the original (mojibake) seed bytes and on the shipped copy.
#[test]
fn seed_roll_up_matches_the_acceptance_figures() {
    for path in [fixture("phase-4-mojibake.md"), shipped_checklist()] {
        let dir = path.parent().unwrap();
        let json = json_of(&["status", "--format", "json", path.to_str().unwrap()], dir);
        let doc = &json["documents"][0];
        assert_eq!(json["version"], 1);
        assert_eq!(progress(doc), (97, 239));
        assert_eq!(progress(week(doc, 13)), (52, 52));
        assert_eq!(progress(week(doc, 14)), (45, 45));
        assert_eq!(progress(week(doc, 15)), (0, 50));
        assert_eq!(progress(week(doc, 16)), (0, 50));
        let phase = &doc["sections"][0];
        assert_eq!(phase["kind"], "phase");
        assert_eq!(phase["id"], "P4");
        assert_eq!(phase["state"], "in-progress");
        assert_eq!(phase["declared_status"], "UPCOMING (0/4 weeks complete)");
        assert_eq!(phase["status_agrees"], false);
        assert_eq!(week(doc, 13)["declared_status"], "Complete");
        assert_eq!(week(doc, 13)["status_agrees"], true);
        assert!(phase.get("tasks").is_none(), "status JSON carries no tasks");
    }
}

#[test]
fn status_table_flags_the_disagreeing_phase() {
    preflight(&std::env::temp_dir())
        .args(["status", shipped_checklist().to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("⚠ UPCOMING (0/4 weeks complete)"))
        .stdout(predicate::str::contains("✓ Complete"))
        .stdout(predicate::str::contains(
            "P4 says \"UPCOMING (0/4 weeks complete)\" but the boxes say in-progress (2/4 weeks done, 97/239 tasks)",
        ));
}

#[test]
fn status_defaults_to_the_checklists_directory() {
    let dir = workspace(&[("checklists/a.md", b"## Week 1: A\n- [x] one\n- [ ] two\n")]);
    preflight(dir.path())
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains("Week 1: A"))
        .stdout(predicate::str::contains("1/2"));
}

#[test]
fn status_depth_section_and_markdown() {
    let out = preflight(&std::env::temp_dir())
        .args(["status", "--depth", "section", "--format", "markdown"])
        .arg(shipped_checklist())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("| ID | Item |"));
    assert!(
        text.contains(
            "| 13.1 | &nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;Infrastructure as Code (IaC) | 17/17 |"
        ),
        "{text}"
    );
    let phase_only = preflight(&std::env::temp_dir())
        .args(["status", "--depth", "phase", "--format", "markdown"])
        .arg(shipped_checklist())
        .output()
        .unwrap();
    let phase_only = String::from_utf8(phase_only.stdout).unwrap();
    assert!(phase_only.contains("| P4 |") && !phase_only.contains("Week 13"));
}

#[test]
fn status_table_snapshot() {
    let out = preflight(shipped_checklist().parent().unwrap().parent().unwrap())
        .args(["status", "checklists/phase-4-production-readiness.md"])
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn tree_snapshot_of_week_15_open_items() {
    let out = preflight(shipped_checklist().parent().unwrap().parent().unwrap())
        .args([
            "tree",
            "--open",
            "--week",
            "15",
            "checklists/phase-4-production-readiness.md",
        ])
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn tree_filters_open_and_done() {
    let dir = workspace(&[(
        "c.md",
        b"## Week 1: A\n- [ ] parent\n  - [x] done child\n  - [ ] open child\n- [x] done leaf\n## Week 2: B\n- [ ] later\n",
    )]);
    let open = preflight(dir.path())
        .args(["tree", "--open", "c.md"])
        .output()
        .unwrap();
    let open = String::from_utf8(open.stdout).unwrap();
    assert!(open.contains("1.1.2") && open.contains("open child") && open.contains("later"));
    assert!(!open.contains("done child") && !open.contains("done leaf"));
    let done = preflight(dir.path())
        .args(["tree", "--done", "c.md"])
        .output()
        .unwrap();
    let done = String::from_utf8(done.stdout).unwrap();
    assert!(
        done.contains("done child") && done.contains("parent"),
        "parents give context"
    );
    assert!(!done.contains("open child") && !done.contains("later"));
    let week2 = preflight(dir.path())
        .args(["tree", "--week", "2", "c.md"])
        .output()
        .unwrap();
    let week2 = String::from_utf8(week2.stdout).unwrap();
    assert!(week2.contains("later") && !week2.contains("parent"));
}

#[test]
fn tree_of_an_unknown_week_is_an_error() {
    let dir = workspace(&[("c.md", b"## Week 1: A\n- [ ] a\n")]);
    preflight(dir.path())
        .args(["tree", "--week", "9", "c.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("preflight: error: no week 9"));
}

#[test]
fn tree_markdown_and_json_formats() {
    let dir = workspace(&[("c.md", b"## Week 1: A\n- [ ] a\n  - [x] b\n")]);
    let md = preflight(dir.path())
        .args(["tree", "--format", "markdown", "c.md"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(md.stdout).unwrap(),
        "## Week 1: A\n\n- [ ] `1.1` a\n  - [x] `1.1.1` b\n"
    );
    let json = json_of(&["tree", "--open", "--format", "json", "c.md"], dir.path());
    let task = &json["documents"][0]["sections"][0]["tasks"][0];
    assert_eq!(task["id"], "1.1");
    assert_eq!(
        task["tasks"].as_array().unwrap().len(),
        0,
        "the done child is filtered out"
    );
}

#[test]
fn export_follows_the_design_schema() {
    let json = json_of(
        &["export", shipped_checklist().to_str().unwrap()],
        &std::env::temp_dir(),
    );
    let doc = &json["documents"][0];
    assert!(
        doc["path"]
            .as_str()
            .unwrap()
            .ends_with("checklists/phase-4-production-readiness.md")
    );
    let wk13 = week(doc, 13);
    assert_eq!(wk13["id"], "13");
    assert_eq!(wk13["line"], 10);
    let iac = &wk13["sections"][0];
    assert_eq!(iac["kind"], "section");
    assert_eq!(iac["title"], "Infrastructure as Code (IaC)");
    assert_eq!(iac["id"], "13.1");
    assert_eq!(iac["line"], 16);
    assert_eq!(progress(iac), (17, 17));
    let k8s = &iac["tasks"][0];
    assert_eq!(k8s["id"], "13.1.1");
    assert_eq!(k8s["text"], "Kubernetes Cluster Setup");
    assert_eq!(k8s["checked"], true);
    assert_eq!(k8s["line"], 17);
    assert_eq!(k8s["tasks"][0]["id"], "13.1.1.1");
    assert_eq!(
        k8s["tasks"][0]["text"],
        "Design production Kubernetes architecture"
    );
    assert_eq!(k8s["tasks"][0]["line"], 18);
    assert_eq!(doc["tasks"].as_array().unwrap().len(), 0);
}

#[test]
fn export_yaml_carries_the_same_tree() {
    let out = preflight(&std::env::temp_dir())
        .args(["export", "--format", "yaml"])
        .arg(shipped_checklist())
        .output()
        .unwrap();
    let yaml: serde_json::Value = serde_saphyr::from_slice(&out.stdout).unwrap();
    let json = json_of(
        &["export", shipped_checklist().to_str().unwrap()],
        &std::env::temp_dir(),
    );
    assert_eq!(yaml, json);
}

#[test]
fn two_files_with_the_same_ids_get_prefixes_and_a_total() {
    let dir = workspace(&[
        ("checklists/api.md", b"## Week 1: API\n- [x] a\n- [ ] b\n"),
        ("checklists/web.md", b"## Week 1: Web\n- [x] c\n"),
    ]);
    let json = json_of(&["export"], dir.path());
    assert_eq!(json["documents"][0]["sections"][0]["id"], "api:1");
    assert_eq!(
        json["documents"][1]["sections"][0]["tasks"][0]["id"],
        "web:1.1"
    );
    preflight(dir.path())
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains("Total (2 checklists)"))
        .stdout(predicate::str::contains("2/3"));
}

#[test]
fn not_utf8_is_refused_with_the_file_and_offset() {
    let dir = workspace(&[("bad.md", b"# Phase 1\n- [ ] caf\xe9\n")]);
    for cmd in ["status", "tree", "export"] {
        preflight(dir.path())
            .args([cmd, "bad.md"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(
                "preflight: error: bad.md: is not valid UTF-8 at byte 19 (line 2)",
            ));
    }
    assert_eq!(
        std::fs::read(dir.path().join("bad.md")).unwrap(),
        b"# Phase 1\n- [ ] caf\xe9\n"
    );
}

#[test]
fn nul_and_utf16_are_refused() {
    let dir = workspace(&[("nul.md", b"# x\n\0"), ("u16.md", b"\xff\xfe#\0 \0")]);
    preflight(dir.path())
        .args(["status", "nul.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "nul.md: holds a NUL byte at byte 4 (line 2)",
        ));
    preflight(dir.path())
        .args(["status", "u16.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("u16.md: is UTF-16"));
}

#[test]
fn missing_paths_and_empty_directories_are_errors() {
    let dir = workspace(&[("notes/readme.txt", b"hi")]);
    preflight(dir.path())
        .args(["status", "nope.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope.md: cannot read"));
    preflight(dir.path())
        .args(["status", "notes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no checklist (*.md) found"));
    preflight(dir.path())
        .arg("status")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("checklists/ not found"));
}

#[test]
fn fifo_is_refused_not_read() {
    let dir = workspace(&[]);
    let fifo = dir.path().join("pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    preflight(dir.path())
        .args(["status", "pipe.md"])
        .timeout(std::time::Duration::from_secs(10))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a regular file"));
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = workspace(&[(
        "evil.md",
        "## Week 1: \u{1b}]0;pwned\u{7}\n\n**Status**: \u{1b}[31mDone\u{8}\n\n- [ ] bad \u{1b}[2J text\r over \u{202e}txt\n## Success Criteria \u{9b}1m\n- [ ] \u{1b}]8;;http://x\u{7}link \u{202e}\n".as_bytes(),
    )]);
    for args in [
        ["tree", "evil.md"],
        ["status", "evil.md"],
        ["gate", "evil.md"],
        ["lint", "evil.md"],
    ] {
        let out = preflight(dir.path()).args(args).output().unwrap();
        assert!(
            out.status.code().is_some_and(|c| c < 2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty());
        for byte in [0x1b, 0x07, 0x08, b'\r'] {
            assert!(
                !out.stdout.contains(&byte),
                "{args:?} printed byte {byte:#x}"
            );
        }
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains('\u{202e}') && !text.contains('\u{9b}'),
            "{args:?}"
        );
    }
}

#[test]
fn bad_usage_exits_2() {
    preflight(&std::env::temp_dir())
        .args(["status", "--depth", "month"])
        .assert()
        .code(2);
    preflight(&std::env::temp_dir())
        .arg("stauts")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("status"));
}

#[test]
fn export_reads_done_and_due_stamps_out_of_the_text() {
    let dir = workspace(&[(
        "c.md",
        "- [x] Ship it 📅 2026-12-10 ✅ 2026-12-01\n- [ ] Bad date ✅ 2026-02-30\n".as_bytes(),
    )]);
    let json = json_of(&["export", "c.md"], dir.path());
    let tasks = &json["documents"][0]["tasks"];
    assert_eq!(tasks[0]["text"], "Ship it");
    assert_eq!(tasks[0]["done_on"], "2026-12-01");
    assert_eq!(tasks[0]["due_on"], "2026-12-10");
    assert_eq!(tasks[1]["text"], "Bad date ✅ 2026-02-30");
    assert!(tasks[1].get("done_on").is_none());
}

#[test]
fn export_carries_due_dates_and_overdue_with_a_schedule() {
    let dir = workspace(&[
        ("preflight.yaml", b"schedule: { start: 2026-09-07 }\n"),
        (
            "checklists/c.md",
            b"# Phase 1: P\n## Week 1: A\n- [x] a\n## Week 2: B\n- [ ] b\n",
        ),
        ("empty.yaml", b""),
    ]);
    let json = json_of(&["--today", "2026-09-20", "export"], dir.path());
    let phase = &json["documents"][0]["sections"][0];
    assert_eq!(
        phase["due"], "2026-09-20",
        "a phase is due with its last week"
    );
    assert_eq!(phase["sections"][0]["state"], "done");
    assert_eq!(phase["sections"][0]["due"], "2026-09-13");
    assert_eq!(phase["sections"][1]["state"], "not-started");
    let late = json_of(&["--today", "2026-09-21", "export"], dir.path());
    let phase = &late["documents"][0]["sections"][0];
    assert_eq!(phase["state"], "overdue");
    assert_eq!(phase["sections"][1]["state"], "overdue");
    assert_eq!(phase["sections"][1]["tasks"][0]["id"], "2.1");
    let plain = json_of(
        &["--today", "2026-09-21", "--config", "empty.yaml", "export"],
        dir.path(),
    );
    assert!(plain["documents"][0]["sections"][0].get("due").is_none());
}
