//! `report`, `next`, the schedule in `status`, and `status --format openmetrics`.
//!
//! The history tests build a real git repository: 30 commits at fixed dates by two authors
//! ticking the seed checklist, with a rename of the file, a commit that inserts tasks above
//! ticked ones, a reopened item, a removed item, and commits near midnight in the authors'
//! own time zones.

use crate::support::{preflight, shipped_checklist, workspace};
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

mod chromium;
mod schedule;

const ADA: (&str, &str) = ("Ada Lovelace", "ada@example.com");
const GRACE: (&str, &str) = ("Grace Hopper", "grace@example.com");
const OLD_PATH: &str = "docs/phase-4.md";
const PATH: &str = "checklists/phase-4-production-readiness.md";
const CONFIG: &str = "schedule: { start: 2026-09-07 }\nweeks:\n  15: { due: 2026-12-21 }\n";

/// A git repository in a temporary directory, isolated from the user's git configuration.
struct Repo {
    dir: tempfile::TempDir,
    path: &'static str,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
            path: OLD_PATH,
        };
        repo.git(
            &["init", "-q", "-b", "main"],
            ADA,
            "2026-11-16T09:00:00+01:00",
        );
        repo
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn git(&self, args: &[&str], (name, email): (&str, &str), date: &str) -> String {
        let out = Command::new("git")
            .args(args)
            .current_dir(self.root())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", name)
            .env("GIT_AUTHOR_EMAIL", email)
            .env("GIT_COMMITTER_NAME", name)
            .env("GIT_COMMITTER_EMAIL", email)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn file(&self) -> PathBuf {
        self.root().join(self.path)
    }

    fn write(&self, text: &str) {
        let path = self.file();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn read(&self) -> String {
        std::fs::read_to_string(self.file()).unwrap()
    }

    /// Commits an edit of the checklist.
    fn commit(&self, who: (&str, &str), date: &str, edit: impl FnOnce(String) -> String) {
        self.write(&edit(self.read()));
        self.git(&["add", "-A"], who, date);
        self.git(&["commit", "-q", "-m", date], who, date);
    }

    fn rename(&mut self, to: &'static str, who: (&str, &str), date: &str) {
        std::fs::create_dir_all(self.root().join(to).parent().unwrap()).unwrap();
        self.git(&["mv", self.path, to], who, date);
        self.git(&["commit", "-q", "-m", "rename"], who, date);
        self.path = to;
    }
}

/// Ticks (or unticks) the one box whose line ends with `text`.
fn set(text: &str, checked: bool) -> impl FnOnce(String) -> String {
    let (from, to) = if checked {
        ("[ ]", "[x]")
    } else {
        ("[x]", "[ ]")
    };
    let text = text.to_string();
    move |src| {
        let lines: Vec<&str> = src.split_inclusive('\n').collect();
        let hits: Vec<usize> = (0..lines.len())
            .filter(|&i| lines[i].contains(&format!("{from} {text}")))
            .collect();
        assert_eq!(hits.len(), 1, "exactly one line with {from} {text}");
        let mut out = String::new();
        for (i, line) in lines.iter().enumerate() {
            if i == hits[0] {
                out.push_str(&line.replacen(from, to, 1));
            } else {
                out.push_str(line);
            }
        }
        out
    }
}

fn tick(texts: &'static [&'static str]) -> impl FnOnce(String) -> String {
    move |mut src| {
        for text in texts {
            src = set(text, true)(src);
        }
        src
    }
}

/// A commit to make: who, when, and the edit.
type Step = (
    (&'static str, &'static str),
    &'static str,
    Box<dyn FnOnce(String) -> String>,
);

/// The acceptance history: 30 commits from 2026-11-16 to 2026-12-18.
fn seed_history() -> Repo {
    let mut repo = Repo::new();
    let seed = std::fs::read_to_string(shipped_checklist()).unwrap();
    repo.write(&seed);
    std::fs::write(repo.root().join("preflight.yaml"), CONFIG).unwrap();
    repo.git(&["add", "-A"], ADA, "2026-11-16T09:00:00+01:00");
    repo.git(
        &["commit", "-q", "-m", "seed"],
        ADA,
        "2026-11-16T09:00:00+01:00",
    );
    let steps: Vec<Step> = vec![
        (
            ADA,
            "2026-11-17T10:00:00+01:00",
            Box::new(tick(&["Implement network segmentation"])),
        ),
        (
            GRACE,
            "2026-11-18T15:30:00-05:00",
            Box::new(tick(&["Configure firewall rules and security groups"])),
        ),
        (
            ADA,
            "2026-11-19T10:00:00+01:00",
            Box::new(tick(&["Set up VPN and secure access"])),
        ),
        (
            GRACE,
            "2026-11-20T15:30:00-05:00",
            Box::new(tick(&[
                "Implement DDoS protection",
                "Configure intrusion detection systems",
                "**Network Security**",
            ])),
        ),
    ];
    for (who, date, edit) in steps {
        repo.commit(who, date, edit);
    }
    repo.rename(PATH, ADA, "2026-11-23T10:00:00+01:00");
    let steps: Vec<Step> = vec![
        (
            GRACE,
            "2026-11-24T15:30:00-05:00",
            Box::new(tick(&["Implement OWASP security controls"])),
        ),
        (
            ADA,
            "2026-11-25T10:00:00+01:00",
            Box::new(tick(&["Set up web application firewall (WAF)"])),
        ),
        (
            GRACE,
            "2026-11-26T15:30:00-05:00",
            Box::new(tick(&["Configure rate limiting and DDoS protection"])),
        ),
        (
            ADA,
            "2026-11-27T10:00:00+01:00",
            Box::new(tick(&["Implement input validation and sanitization"])),
        ),
        (
            GRACE,
            "2026-11-30T15:30:00-05:00",
            Box::new(tick(&[
                "Set up security headers and CSP",
                "**Application Security**",
            ])),
        ),
        (
            ADA,
            "2026-12-01T10:00:00+01:00",
            Box::new(tick(&["Implement data encryption at rest"])),
        ),
        (
            GRACE,
            "2026-12-02T15:30:00-05:00",
            Box::new(tick(&["Configure data encryption in transit (TLS 1.3)"])),
        ),
        (
            ADA,
            "2026-12-03T10:00:00+01:00",
            Box::new(tick(&["Set up key management and rotation"])),
        ),
        // Not a task: a commit with no events.
        (
            GRACE,
            "2026-12-04T15:30:00-05:00",
            Box::new(|s: String| {
                s.replacen("**Status**: 🎯 Upcoming", "**Status**: In Progress", 1)
            }),
        ),
        // Sunday 23:30 in New York is Monday in UTC: the author's day (12-06) counts.
        (
            GRACE,
            "2026-12-06T23:30:00-05:00",
            Box::new(tick(&["Implement data masking and anonymization"])),
        ),
        // The window: Monday 2026-12-07 to Sunday 2026-12-13.
        (
            GRACE,
            "2026-12-07T09:00:00+01:00",
            Box::new(tick(&["Configure backup encryption", "**Data Security**"])),
        ),
        (
            ADA,
            "2026-12-08T10:00:00+01:00",
            Box::new(tick(&[
                "Implement security controls",
                "Set up audit logging and monitoring",
            ])),
        ),
        // New tasks above ticked ones: every ID below them in the section shifts.
        (
            GRACE,
            "2026-12-09T15:30:00-05:00",
            Box::new(|s: String| {
                s.replacen(
                    "- [x] **Network Security**",
                    "- [ ] **Zero Trust Review**\n  - [ ] Map trust boundaries\n  - [ ] Review service-to-service auth\n\n- [x] **Network Security**",
                    1,
                )
            }),
        ),
        (
            ADA,
            "2026-12-10T10:00:00+01:00",
            Box::new(tick(&["Create compliance documentation"])),
        ),
        (
            GRACE,
            "2026-12-10T16:00:00-05:00",
            Box::new(set("Set up audit logging and monitoring", false)),
        ),
        (
            ADA,
            "2026-12-11T10:00:00+01:00",
            Box::new(tick(&["Map trust boundaries"])),
        ),
        (
            GRACE,
            "2026-12-11T15:30:00-05:00",
            Box::new(tick(&["Conduct security assessments"])),
        ),
        (
            ADA,
            "2026-12-12T10:00:00+01:00",
            Box::new(|s: String| s.replacen("  - [ ] Set up compliance alerting\n", "", 1)),
        ),
        // Sunday 23:00 in New York: still the 13th for its author, so in the window.
        (
            GRACE,
            "2026-12-13T23:00:00-05:00",
            Box::new(tick(&["Prepare for SOC 2 audit"])),
        ),
        (
            ADA,
            "2026-12-14T10:00:00+01:00",
            Box::new(tick(&["Implement data protection controls"])),
        ),
        (
            GRACE,
            "2026-12-15T15:30:00-05:00",
            Box::new(tick(&["Set up data subject rights management"])),
        ),
        (
            ADA,
            "2026-12-16T10:00:00+01:00",
            Box::new(tick(&["Configure data retention policies"])),
        ),
        (
            GRACE,
            "2026-12-17T15:30:00-05:00",
            Box::new(tick(&["Implement consent management"])),
        ),
        (
            ADA,
            "2026-12-18T10:00:00+01:00",
            Box::new(tick(&[
                "Create privacy impact assessments",
                "**GDPR Compliance**",
            ])),
        ),
    ];
    for (who, date, edit) in steps {
        repo.commit(who, date, edit);
    }
    let count = repo.git(
        &["rev-list", "--count", "HEAD"],
        ADA,
        "2026-01-01T00:00:00Z",
    );
    assert_eq!(count.trim(), "30");
    repo
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let out = preflight(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn items(doc: &Value, list: &str) -> Vec<(String, String, String, String)> {
    doc[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let s = |k: &str| i[k].as_str().unwrap_or_default().to_string();
            (s("id"), s("text"), s("author"), s("date"))
        })
        .collect()
}

fn node<'v>(doc: &'v Value, id: &str) -> &'v Value {
    doc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == id)
        .unwrap()
}

fn done_total(p: &Value) -> (u64, u64) {
    (p["done"].as_u64().unwrap(), p["total"].as_u64().unwrap())
}

/// Week progress of the checklist as `status` reads it at a revision: an independent check of
/// the report's deltas.
fn week_at(repo: &Repo, rev: &str, week: u64) -> (u64, u64) {
    let text = repo.git(
        &["show", &format!("{rev}:{PATH}")],
        ADA,
        "2026-01-01T00:00:00Z",
    );
    let dir = workspace(&[("at.md", text.as_bytes())]);
    let status = json(dir.path(), &["status", "--format", "json", "at.md"]);
    let weeks = status["documents"][0]["sections"][0]["sections"]
        .as_array()
        .unwrap();
    let w = weeks.iter().find(|s| s["number"] == week).unwrap();
    done_total(&w["progress"])
}

fn owned(rows: &[(&str, &str, &str, &str)]) -> Vec<(String, String, String, String)> {
    rows.iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect()
}

#[test]
fn a_seven_day_window_lists_exactly_its_ticks_with_authors_and_deltas() {
    let repo = seed_history();
    // From a subdirectory: preflight.yaml and git are both found upwards.
    let sub = repo.root().join("some/deeper/dir");
    std::fs::create_dir_all(&sub).unwrap();
    let report = json(
        &sub,
        &[
            "--today",
            "2026-12-14",
            "report",
            "--since",
            "2026-12-07",
            "--until",
            "2026-12-13",
            "--format",
            "json",
        ],
    );
    let doc = &report["documents"][0];
    assert_eq!(
        doc["path"],
        "../../../checklists/phase-4-production-readiness.md"
    );
    assert_eq!(doc["source"], "git");
    assert_eq!(doc["commits"], 9);
    assert_eq!(doc["uncommitted"], false);
    let (ada, grace) = (ADA.0, GRACE.0);
    assert_eq!(
        items(doc, "completed"),
        owned(&[
            ("15.1.3", "Data Security", grace, "2026-12-07"),
            (
                "15.1.3.5",
                "Configure backup encryption",
                grace,
                "2026-12-07"
            ),
            ("15.2.1.1", "Implement security controls", ada, "2026-12-08"),
            (
                "15.2.1.2",
                "Set up audit logging and monitoring",
                ada,
                "2026-12-08"
            ),
            (
                "15.2.1.3",
                "Create compliance documentation",
                ada,
                "2026-12-10"
            ),
            ("15.1.1.1", "Map trust boundaries", ada, "2026-12-11"),
            (
                "15.2.1.4",
                "Conduct security assessments",
                grace,
                "2026-12-11"
            ),
            ("15.2.1.5", "Prepare for SOC 2 audit", grace, "2026-12-13"),
        ])
    );
    assert_eq!(
        items(doc, "reopened"),
        owned(&[(
            "15.2.1.2",
            "Set up audit logging and monitoring",
            grace,
            "2026-12-10"
        )])
    );
    assert_eq!(
        items(doc, "added"),
        owned(&[
            ("15.1.1", "Zero Trust Review", grace, "2026-12-09"),
            ("15.1.1.1", "Map trust boundaries", grace, "2026-12-09"),
            (
                "15.1.1.2",
                "Review service-to-service auth",
                grace,
                "2026-12-09"
            ),
        ]),
        "inserting tasks above ticked ones adds them and changes nothing else"
    );
    assert_eq!(
        items(doc, "removed"),
        owned(&[("15.4.2.5", "Set up compliance alerting", ada, "2026-12-12")])
    );
    // Deltas, checked against `status` on the versions before and at the end of the window.
    let before = "HEAD~14"; // 2026-12-06, the last commit before the window
    let last = "HEAD~5"; // 2026-12-13
    assert_eq!(week_at(&repo, before, 15), (14, 50));
    assert_eq!(week_at(&repo, last, 15), (20, 51));
    let w15 = node(doc, "15");
    assert_eq!(done_total(&w15["start"]), (14, 50));
    assert_eq!(done_total(&w15["end"]), (20, 51));
    assert_eq!(w15["change"], 6);
    assert_eq!(w15["due"], "2026-12-21");
    assert_eq!(node(doc, "14")["change"], 0);
    assert_eq!(done_total(&doc["start"]), (111, 239));
    assert_eq!(done_total(&doc["end"]), (117, 240));
    assert_eq!(doc["change"], 6);
    // Leaf boxes ticked, by author (Ada's reopened one included: she did tick it).
    assert_eq!(doc["authors"][0]["author"], ada);
    assert_eq!(doc["authors"][0]["completed"], 4);
    assert_eq!(doc["authors"][1]["author"], grace);
    assert_eq!(doc["authors"][1]["completed"], 3);
    let burnup = doc["burnup"].as_array().unwrap();
    assert_eq!(burnup.len(), 7);
    assert_eq!(done_total(&burnup[0]), (112, 239));
    assert_eq!(done_total(&burnup[6]), (117, 240));
}

#[test]
fn history_follows_the_rename_and_counts_velocity() {
    let repo = seed_history();
    let report = json(
        repo.root(),
        &[
            "--today",
            "2026-12-18",
            "report",
            "--since",
            "2026-11-01",
            "--format",
            "json",
        ],
    );
    let doc = &report["documents"][0];
    assert_eq!(doc["commits"], 30);
    let first = &items(doc, "completed")[0];
    assert_eq!(
        (first.1.as_str(), first.2.as_str(), first.3.as_str()),
        ("Implement network segmentation", ADA.0, "2026-11-17"),
        "commits from before the rename are in the history"
    );
    // Four weeks to 2026-12-18: leaf ticks net of the reopen, per week.
    let weeks: Vec<i64> = doc["velocity"]["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["completed"].as_i64().unwrap())
        .collect();
    assert_eq!(weeks, [4, 4, 6, 6]);
    assert_eq!(doc["velocity"]["per_week"], 5.0);
    let w15 = node(doc, "15");
    assert_eq!(done_total(&w15["end"]), (25, 51));
    // 26 open leaves of week 15 at 5 a week: 36.4 days → 2027-01-24, past 2026-12-21.
    assert_eq!(w15["forecast"], "2027-01-24");
    assert_eq!(w15["outlook"], "at-risk");
    assert_eq!(node(doc, "13")["outlook"], "done");
}

#[test]
fn since_a_revision_starts_after_that_commit() {
    let repo = seed_history();
    let report = json(
        repo.root(),
        &[
            "--today",
            "2026-12-18",
            "report",
            "--since",
            "HEAD~2",
            "--format",
            "json",
        ],
    );
    let texts: Vec<String> = items(&report["documents"][0], "completed")
        .into_iter()
        .map(|i| i.1)
        .collect();
    assert_eq!(
        texts,
        [
            "Implement consent management",
            "GDPR Compliance",
            "Create privacy impact assessments"
        ]
    );
    assert_eq!(report["documents"][0]["commits"], 2);
}

#[test]
fn merges_report_only_what_they_changed_themselves() {
    let repo = Repo::new();
    repo.write("## Week 1: A\n- [ ] a\n- [ ] b\n- [ ] c\n- [ ] d\n");
    repo.git(&["add", "-A"], ADA, "2026-12-01T10:00:00Z");
    repo.git(&["commit", "-q", "-m", "base"], ADA, "2026-12-01T10:00:00Z");
    repo.git(
        &["checkout", "-q", "-b", "side"],
        ADA,
        "2026-12-01T10:00:00Z",
    );
    repo.commit(GRACE, "2026-12-02T10:00:00Z", tick(&["b"]));
    repo.git(&["checkout", "-q", "main"], ADA, "2026-12-01T10:00:00Z");
    repo.commit(ADA, "2026-12-03T10:00:00Z", tick(&["a"]));
    // A conflict resolved by hand, ticking c in the merge itself.
    let out = Command::new("git")
        .args(["merge", "side"])
        .current_dir(repo.root())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", ADA.0)
        .env("GIT_AUTHOR_EMAIL", ADA.1)
        .env("GIT_COMMITTER_NAME", ADA.0)
        .env("GIT_COMMITTER_EMAIL", ADA.1)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("CONFLICT"),
        "the two ticks are adjacent lines: a conflict"
    );
    repo.write("## Week 1: A\n- [x] a\n- [x] b\n- [x] c\n- [ ] d\n");
    repo.git(&["add", "-A"], ADA, "2026-12-04T10:00:00Z");
    repo.git(
        &["commit", "-q", "-m", "merge side"],
        ADA,
        "2026-12-04T10:00:00Z",
    );
    let parents = repo.git(&["log", "-1", "--format=%P"], ADA, "2026-12-04T10:00:00Z");
    assert_eq!(parents.split_whitespace().count(), 2, "a merge commit");
    let report = json(
        repo.root(),
        &[
            "--today",
            "2026-12-05",
            "report",
            OLD_PATH,
            "--since",
            "2026-12-01",
            "--format",
            "json",
        ],
    );
    let doc = &report["documents"][0];
    let done: Vec<(String, String)> = items(doc, "completed")
        .into_iter()
        .map(|i| (i.1, i.2))
        .collect();
    assert_eq!(
        done,
        [
            ("b".to_string(), GRACE.0.to_string()),
            ("a".to_string(), ADA.0.to_string()),
            ("c".to_string(), ADA.0.to_string())
        ]
    );
    assert!(items(doc, "reopened").is_empty());
    assert_eq!(done_total(&doc["end"]), (3, 4));
}

#[test]
fn text_report_snapshot() {
    let repo = seed_history();
    let out = preflight(repo.root())
        .args([
            "--today",
            "2026-12-14",
            "report",
            "--since",
            "7d",
            "--until",
            "1d",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn markdown_report_snapshot() {
    let repo = seed_history();
    let out = preflight(repo.root())
        .args([
            "--today",
            "2026-12-14",
            "report",
            "--since",
            "2026-12-07",
            "--until",
            "2026-12-13",
            "--format",
            "markdown",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("```mermaid\nxychart-beta\n"));
    insta::assert_snapshot!(text);
}

/// The seed history with a `<script>` in a task's text, as an HTML report written to a file.
fn html_report() -> (Repo, PathBuf) {
    let repo = seed_history();
    repo.commit(ADA, "2026-12-19T10:00:00+01:00", |s| {
        s.replacen(
            "  - [ ] Implement access controls\n",
            // Escaped in Markdown, so the task's text really is `<script>…</script>`.
            "  - [x] Implement access controls \\<script>alert('x')\\</script> & \"more\"\n",
            1,
        )
    });
    let file = repo.root().join("report.html");
    preflight(repo.root())
        .env("PREFLIGHT_TODAY", "2026-12-20")
        .args(["report", "--since", "2w", "--format", "html", "-o"])
        .arg(&file)
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("wrote"));
    (repo, file)
}

#[test]
fn html_report_is_self_contained_and_escapes_document_text() {
    let (_repo, file) = html_report();
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Implement access controls &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;"));
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "no script element at all");
    for external in ["http:", "https:", "src=", "href=", "@import", "url("] {
        let hits: Vec<_> = lower.match_indices(external).collect();
        // The SVG namespace is an identifier, not a request.
        let allowed = lower
            .matches("xmlns=\"http://www.w3.org/2000/svg\"")
            .count();
        let count = if external == "http:" {
            hits.len() - allowed
        } else {
            hits.len()
        };
        assert_eq!(count, 0, "{external} in the page");
    }
    assert!(html.contains("<svg class=\"chart\""));
    assert!(html.contains("default-src 'none'"));
}

#[test]
fn uncommitted_changes_are_flagged_not_reported() {
    let repo = seed_history();
    std::fs::write(
        repo.file(),
        set("Implement access controls", true)(repo.read()),
    )
    .unwrap();
    let report = json(
        repo.root(),
        &[
            "--today",
            "2026-12-20",
            "report",
            "--since",
            "2026-12-19",
            "--format",
            "json",
        ],
    );
    let doc = &report["documents"][0];
    assert_eq!(doc["uncommitted"], true);
    assert!(items(doc, "completed").is_empty());
    preflight(repo.root())
        .args(["--today", "2026-12-20", "report", "--since", "2026-12-19"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "uncommitted changes; they are not in this report",
        ));
}

#[test]
fn a_file_git_has_never_seen_needs_done_stamps() {
    let repo = Repo::new();
    repo.write("## Week 1: A\n- [x] one\n");
    preflight(repo.root())
        .args(["--today", "2026-12-10", "report", OLD_PATH])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has no commits in git yet"));
    repo.write("## Week 1: A\n- [x] one ✅ 2026-12-09\n");
    preflight(repo.root())
        .args(["--today", "2026-12-10", "report", OLD_PATH])
        .assert()
        .success()
        .stdout(predicate::str::contains("from done stamps"))
        .stdout(predicate::str::contains("1.1  one"));
}

#[test]
fn outside_git_a_clear_error_else_the_done_stamps() {
    let dir = workspace(&[("checklists/a.md", b"## Week 1: A\n- [x] one\n- [ ] two\n")]);
    preflight(dir.path())
        .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
        .args(["--today", "2026-12-10", "report"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not in a git repository"))
        .stderr(predicate::str::contains("no done stamps"));
    let stamped = workspace(&[(
        "checklists/a.md",
        "## Week 1: A\n- [x] one ✅ 2026-12-08\n- [x] two ✅ 2026-12-01\n- [ ] three\n".as_bytes(),
    )]);
    let out = preflight(stamped.path())
        .env("GIT_CEILING_DIRECTORIES", stamped.path().parent().unwrap())
        .args([
            "--today",
            "2026-12-10",
            "report",
            "--since",
            "2026-12-07",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("done stamps"));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let doc = &report["documents"][0];
    assert_eq!(doc["source"], "stamps");
    assert_eq!(
        items(doc, "completed"),
        owned(&[("1.1", "one", "", "2026-12-08")])
    );
    assert_eq!(
        (done_total(&doc["start"]), done_total(&doc["end"])),
        ((1, 3), (2, 3))
    );
}

#[test]
fn bad_dates_and_revisions_exit_2() {
    let repo = seed_history();
    let run = |args: &[&str]| preflight(repo.root()).args(args).assert().code(2);
    run(&["--today", "2026-02-30", "report"])
        .stderr(predicate::str::contains("not a calendar date"));
    run(&["--today", "2026-12-01", "report", "--since", "2026-13-01"])
        .stderr(predicate::str::contains("--since"));
    run(&["--today", "2026-12-01", "report", "--since", "no-such-rev"])
        .stderr(predicate::str::contains("neither a date"));
    // Never read as an option of git's.
    run(&["--today", "2026-12-01", "report", "--since=--output=x"])
        .stderr(predicate::str::contains("neither a date"));
    assert!(!repo.root().join("x").exists());
    run(&[
        "--today",
        "2026-12-01",
        "report",
        "--since",
        "2026-12-05",
        "--until",
        "2026-12-01",
    ])
    .stderr(predicate::str::contains(
        "ends (2026-12-01) before it starts",
    ));
    preflight(repo.root())
        .env("PREFLIGHT_TODAY", "yesterday")
        .arg("report")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("PREFLIGHT_TODAY"));
}
