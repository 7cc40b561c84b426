//! `gate`: verdicts, exit codes, policies, waivers, evidence, and every report format.

use crate::support::{fixture, preflight, workspace};
use predicates::prelude::*;
use std::path::Path;

const CRITERIA: &str = "# Phase 1: Launch\n\n## Week 1: Build\n- [x] build it\n- [ ] polish it\n\n## Done when\n\n### Success Criteria\n- [x] Users can sign in\n- [ ] p95 latency < 200ms\n- [ ] Zero open security findings\n";

fn gate(dir: &Path, args: &[&str]) -> std::process::Output {
    preflight(dir)
        .arg("gate")
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn seed_fails_on_its_eight_success_criteria_then_passes_once_ticked() {
    let seed = std::fs::read(fixture("phase-4-mojibake.md")).unwrap();
    let dir = workspace(&[("checklists/phase-4.md", &seed)]);
    let out = gate(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let failing: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("✗ checklists/"))
        .collect();
    assert_eq!(failing.len(), 8, "{text}");
    for (k, line) in failing.iter().enumerate() {
        assert!(
            line.starts_with(&format!(
                "✗ checklists/phase-4.md:{}  P4.2.2.{}",
                343 + k,
                k + 1
            )),
            "{line}"
        );
    }
    assert!(
        text.ends_with("8 required, 0 met, 0 waived, 8 failing, 0 warnings\n"),
        "{text}"
    );
    let out = gate(dir.path(), &["-o", "junit=gate.xml", "-o", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        !text.contains("✗"),
        "-o github replaces the text report on stdout"
    );
    let errors: Vec<&str> = text.lines().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(errors.len(), 8);
    assert!(errors[0].starts_with("::error file=checklists/phase-4.md,line=343,title=preflight%3A Success criteria::P4.2.2.1 Production environment fully operational"), "{}", errors[0]);
    let junit = std::fs::read_to_string(dir.path().join("gate.xml")).unwrap();
    assert_eq!(junit.matches("<failure ").count(), 8);
    assert!(
        junit.contains(
            "<testsuites name=\"preflight gate\" tests=\"8\" failures=\"8\" skipped=\"0\">"
        )
    );
    assert_well_formed(&junit);

    let ids: Vec<String> = (1..=8).map(|k| format!("P4.2.2.{k}")).collect();
    preflight(dir.path())
        .arg("tick")
        .args(&ids)
        .assert()
        .success();
    let out = gate(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).starts_with("✓ gate passed: 8 of 8 required items met"));
}

/// Tags balance and every attribute is quoted: enough to catch broken escaping.
fn assert_well_formed(xml: &str) {
    let mut stack = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').unwrap() + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('?') || tag.ends_with('/') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name.to_string()), "unbalanced </{name}>");
        } else {
            stack.push(tag.split_whitespace().next().unwrap().to_string());
        }
        assert_eq!(
            tag.matches('"').count() % 2,
            0,
            "unquoted attribute in <{tag}>"
        );
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    assert!(!xml.contains('\u{1b}'));
}

#[test]
fn nothing_to_gate_and_empty_selections_are_exit_2() {
    let dir = workspace(&[("c.md", b"## Week 1: A\n- [ ] a\n")]);
    let out = gate(dir.path(), &["c.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to gate"));
    let dir = workspace(&[
        ("c.md", CRITERIA.as_bytes()),
        ("preflight.yaml", b"checklists: [c.md]\ngate:\n  rules:\n    - name: Week nine\n      select: { week: 9 }\n    - name: Nothing\n      select: { text: zzz }\n"),
    ]);
    preflight(dir.path())
        .arg("gate")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "preflight.yaml:5: rule \"Week nine\": there is no week 9",
        ));
}

#[test]
fn waiver_in_force_passes_with_a_warning_and_expired_fails() {
    for (expires, code) in [("2099-01-01", 0), ("2000-01-01", 1)] {
        let config = format!(
            "checklists: [c.md]\ngate:\n  waivers:\n    - item: \"p95 latency\"\n      reason: \"load test next sprint\"\n      approved_by: \"@lead\"\n      expires: {expires}\n    - item: \"Zero open security findings\"\n      reason: \"accepted\"\n      approved_by: \"@sec\"\n      expires: {expires}\n    - item: \"no such item\"\n      reason: r\n      approved_by: a\n      expires: 2099-01-01\n"
        );
        let dir = workspace(&[
            ("c.md", CRITERIA.as_bytes()),
            ("preflight.yaml", config.as_bytes()),
        ]);
        let out = gate(dir.path(), &[]);
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(code), "{text}");
        assert!(
            text.contains("⚠ preflight.yaml:12  waiver for \"no such item\" matches no item"),
            "{text}"
        );
        if code == 0 {
            assert!(text.contains("waivers in force:"));
            assert!(text.contains("waived until 2099-01-01 by @lead: load test next sprint"));
        } else {
            assert!(
                text.contains("not ticked; its waiver expired on 2000-01-01"),
                "{text}"
            );
        }
    }
}

#[test]
fn evidence_must_hold_and_be_fresh() {
    let checklist = CRITERIA
        .replace("- [ ] p95", "- [x] p95")
        .replace("- [ ] Zero", "- [x] Zero");
    let policy = |bound: &str, age: &str| {
        format!(
            "checklists: [c.md]\ngate:\n  evidence:\n    - item: \"p95 latency\"\n      file: perf/summary.json\n      pointer: /metrics/p95\n      {bound}\n{age}"
        )
    };
    let run = |config: String, summary: &str| {
        let dir = workspace(&[
            ("c.md", checklist.as_bytes()),
            ("preflight.yaml", config.as_bytes()),
            ("perf/summary.json", summary.as_bytes()),
        ]);
        (gate(dir.path(), &[]), dir)
    };
    let (ok, _d) = run(policy("max: 200", ""), "{\"metrics\":{\"p95\":180}}");
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    let (over, _d) = run(policy("max: 200", ""), "{\"metrics\":{\"p95\":250.5}}");
    assert_eq!(over.status.code(), Some(1));
    assert!(
        stdout(&over).contains("evidence perf/summary.json/metrics/p95 = 250.5, above max 200"),
        "{}",
        stdout(&over)
    );
    let (under, _d) = run(policy("min: 300", ""), "{\"metrics\":{\"p95\":250}}");
    assert!(stdout(&under).contains("below min 300"));
    let (absent, _d) = run(policy("max: 200", ""), "{\"metrics\":{}}");
    assert!(stdout(&absent).contains("no value at that pointer"));

    let (stale, dir) = run(
        policy("max: 200", "      max_age_days: 7\n"),
        "{\"metrics\":{\"p95\":180}}",
    );
    assert_eq!(
        stale.status.code(),
        Some(0),
        "fresh file: {}",
        stdout(&stale)
    );
    let touched = std::process::Command::new("touch")
        .args(["-d", "2000-01-01", "perf/summary.json"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(touched.success());
    let out = gate(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("days old (max_age_days 7)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn unticked_evidenced_item_fails_even_with_good_evidence() {
    let config = "checklists: [c.md]\ngate:\n  evidence:\n    - item: \"p95 latency\"\n      file: s.json\n      pointer: /v\n      max: 200\n";
    let dir = workspace(&[
        ("c.md", CRITERIA.as_bytes()),
        ("preflight.yaml", config.as_bytes()),
        ("s.json", b"{\"v\": 1}"),
    ]);
    let out = gate(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("p95 latency < 200ms — not ticked"));
}

#[test]
fn stale_done_stamps_need_rechecking() {
    let checklist = "### Success Criteria\n- [x] Old ✅ 2000-01-01\n- [x] Unstamped\n";
    let dir = workspace(&[
        ("c.md", checklist.as_bytes()),
        (
            "preflight.yaml",
            b"checklists: [c.md]\ngate:\n  stale_after_days: 90\n",
        ),
    ]);
    let out = gate(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("Old — ticked on 2000-01-01"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("stale after 90 days"));
}

#[test]
fn bad_config_is_exit_2_with_the_file_and_line() {
    let cases: [(&str, &str); 3] = [
        (
            "gate:\n  rulez: []\n",
            "preflight.yaml:2:3: unknown field `rulez`",
        ),
        (
            "gate:\n  waivers:\n    - item: a\n      reason: r\n      approved_by: x\n      expires: 2026-02-30\n",
            "preflight.yaml:6",
        ),
        (
            "gate:\n  evidence:\n    - item: \"p95 latency\"\n      file: missing.json\n      pointer: /v\n      max: 1\n",
            "preflight.yaml:4: evidence file missing.json",
        ),
    ];
    for (config, expected) in cases {
        let config = format!("checklists: [c.md]\n{config}");
        let dir = workspace(&[
            ("c.md", CRITERIA.as_bytes()),
            ("preflight.yaml", config.as_bytes()),
        ]);
        let expected = expected
            .replace("preflight.yaml:2", "preflight.yaml:3")
            .replace("preflight.yaml:4", "preflight.yaml:5")
            .replace("preflight.yaml:6", "preflight.yaml:7");
        preflight(dir.path())
            .arg("gate")
            .assert()
            .code(2)
            .stderr(predicate::str::contains(expected));
    }
}

#[test]
fn thresholds_and_warn_rules() {
    let config = "checklists: [c.md]\ngate:\n  rules:\n    - name: Week one mostly\n      select: { week: 1 }\n      min_percent: 50\n    - name: Criteria advisory\n      select: { section: success criteria }\n      severity: warn\n";
    let dir = workspace(&[
        ("c.md", CRITERIA.as_bytes()),
        ("preflight.yaml", config.as_bytes()),
    ]);
    let out = gate(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("(rule \"Criteria advisory\" only warns)"));
    let strict = config.replace("min_percent: 50", "min_percent: 75");
    std::fs::write(dir.path().join("preflight.yaml"), strict).unwrap();
    let out = gate(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("✗ rule \"Week one mostly\": 1/2 met (50.0%), below 75%"),
        "{}",
        stdout(&out)
    );
    let out = gate(dir.path(), &["--exit-zero"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn github_actions_defaults_to_annotations_and_writes_the_job_summary() {
    let dir = workspace(&[("c.md", CRITERIA.as_bytes())]);
    let summary = dir.path().join("summary.md");
    let out = preflight(dir.path())
        .args(["gate", "c.md"])
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("::error file=c.md,line="))
            .count(),
        2,
        "{text}"
    );
    let md = std::fs::read_to_string(summary).unwrap();
    assert!(md.starts_with("## preflight gate: failed"));
    assert!(
        md.contains("| ❌ | `P1.1.1.2` p95 latency &lt; 200ms | c.md:11 |"),
        "{md}"
    );
}

#[test]
fn github_output_is_capped_at_ten_errors() {
    let many: String = (0..15).map(|i| format!("- [ ] criterion {i}\n")).collect();
    let dir = workspace(&[("c.md", format!("## Success Criteria\n{many}").as_bytes())]);
    let text = stdout(&gate(dir.path(), &["--format", "github", "c.md"]));
    assert_eq!(text.matches("::error ").count(), 10);
    assert!(text.contains("::notice::5 more annotations not shown"));
}

#[test]
fn github_escapes_percent_colon_comma_cr_lf() {
    let dir = workspace(&[
        ("a,b:c.md", "## Success Criteria\n- [ ] 100% done: a, b\n".as_bytes()),
        ("preflight.yaml", b"checklists: [\"a,b:c.md\"]\ngate:\n  waivers:\n    - item: \"line\\r\\nbreak\"\n      reason: r\n      approved_by: a\n      expires: 2099-01-01\n"),
    ]);
    let text = stdout(&gate(dir.path(), &["--format", "github"]));
    assert!(text.contains("::error file=a%2Cb%3Ac.md,line=2,title=preflight%3A Success criteria::1.1 100%25 done: a, b — not ticked"), "{text}");
    assert!(
        text.contains("waiver for \\\"line%0D%0Abreak\\\"")
            || text.contains("waiver for \"line%0D%0Abreak\" matches no item"),
        "{text}"
    );
    assert!(!text.contains('\r'));
}

#[test]
fn report_formats_snapshot() {
    let config = "checklists: [c.md]\ngate:\n  waivers:\n    - item: \"Zero open security findings\"\n      reason: \"accepted <for now> & tracked\"\n      approved_by: \"@sec\"\n      expires: 2099-01-01\n";
    let dir = workspace(&[
        ("c.md", CRITERIA.as_bytes()),
        ("preflight.yaml", config.as_bytes()),
    ]);
    for format in ["text", "json", "junit", "github", "gitlab"] {
        let out = gate(dir.path(), &["--format", format]);
        assert_eq!(out.status.code(), Some(1));
        insta::assert_snapshot!(format!("gate_{format}"), stdout(&out));
    }
    let gitlab: serde_json::Value =
        serde_json::from_slice(&gate(dir.path(), &["--format", "gitlab"]).stdout).unwrap();
    assert_eq!(gitlab[0]["location"]["lines"]["begin"], 11);
    assert_eq!(gitlab[0]["fingerprint"].as_str().unwrap().len(), 32);
    assert_well_formed(&stdout(&gate(dir.path(), &["--format", "junit"])));
}

#[test]
fn fingerprints_survive_lines_moving() {
    let dir = workspace(&[("c.md", CRITERIA.as_bytes())]);
    let before: serde_json::Value =
        serde_json::from_slice(&gate(dir.path(), &["--format", "gitlab", "c.md"]).stdout).unwrap();
    std::fs::write(
        dir.path().join("c.md"),
        format!("Intro paragraph.\n\n{CRITERIA}"),
    )
    .unwrap();
    let after: serde_json::Value =
        serde_json::from_slice(&gate(dir.path(), &["--format", "gitlab", "c.md"]).stdout).unwrap();
    assert_ne!(before[0]["location"], after[0]["location"]);
    assert_eq!(before[0]["fingerprint"], after[0]["fingerprint"]);
}

#[test]
fn today_decides_waiver_expiry() {
    let config = "checklists: [c.md]\ngate:\n  waivers:\n    - item: \"p95 latency\"\n      reason: r\n      approved_by: a\n      expires: 2027-01-15\n    - item: \"Zero open\"\n      reason: r\n      approved_by: a\n      expires: 2027-01-15\n";
    let dir = workspace(&[
        ("c.md", CRITERIA.as_bytes()),
        ("preflight.yaml", config.as_bytes()),
    ]);
    assert_eq!(
        gate(dir.path(), &["--today", "2027-01-15"]).status.code(),
        Some(0)
    );
    assert_eq!(
        gate(dir.path(), &["--today", "2027-01-16"]).status.code(),
        Some(1)
    );
    let out = preflight(dir.path())
        .arg("gate")
        .env("PREFLIGHT_TODAY", "2027-01-16")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}
