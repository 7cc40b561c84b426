//! Workspace config, colour, completions, man page and init.

use crate::support::{preflight, workspace};
use predicates::prelude::*;

const CHECKLIST: &[u8] = b"## Week 1: A\n- [x] one\n- [ ] two\n";

#[test]
fn config_is_found_from_a_subdirectory_and_globs_are_relative_to_it() {
    let dir = workspace(&[
        ("preflight.yaml", b"checklists: [\"plans/*.md\"]\n"),
        ("plans/a.md", CHECKLIST),
        ("checklists/ignored.md", b"- [ ] not in the config\n"),
        ("src/deep/keep.txt", b""),
    ]);
    let out = preflight(&dir.path().join("src/deep"))
        .args(["export"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["path"], "../../plans/a.md");
}

#[test]
fn config_without_checklists_key_means_its_checklists_directory() {
    let dir = workspace(&[
        ("preflight.yaml", b"# defaults\n"),
        ("checklists/a.md", CHECKLIST),
        ("sub/x", b""),
    ]);
    preflight(&dir.path().join("sub"))
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains("../checklists/a.md"));
}

#[test]
fn explicit_paths_and_config_flag_override_discovery() {
    let dir = workspace(&[
        ("preflight.yaml", b"checklists: [\"a.md\"]\n"),
        ("other.yaml", b"checklists: [\"b.md\"]\n"),
        ("a.md", b"## Week 1: From A\n- [ ] a\n"),
        ("b.md", b"## Week 2: From B\n- [ ] b\n"),
    ]);
    let tree = |args: &[&str]| {
        String::from_utf8(preflight(dir.path()).args(args).output().unwrap().stdout).unwrap()
    };
    assert!(tree(&["tree"]).contains("From A"));
    assert!(tree(&["tree", "--config", "other.yaml"]).contains("From B"));
    assert!(tree(&["tree", "b.md"]).contains("From B"));
}

#[test]
fn bad_config_is_exit_2_with_file_line_and_valid_keys() {
    let dir = workspace(&[("preflight.yaml", b"checklists: []\nchecklist: [a.md]\n")]);
    preflight(dir.path())
        .arg("status")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "preflight.yaml:2:1: unknown field `checklist`, expected one of checklists",
        ));
    let dir = workspace(&[("preflight.yaml", b"checklists: [\"nowhere/*.md\"]\n")]);
    preflight(dir.path())
        .arg("status")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("matches no file"));
}

#[test]
fn no_colour_in_a_pipe_or_with_no_color_and_colour_when_asked() {
    let dir = workspace(&[("c.md", CHECKLIST)]);
    for args in [vec!["status", "c.md"], vec!["tree", "c.md"]] {
        let plain = preflight(dir.path())
            .env_remove("NO_COLOR")
            .args(&args)
            .output()
            .unwrap();
        assert!(!plain.stdout.contains(&0x1b), "{args:?} in a pipe");
        let no_color = preflight(dir.path())
            .env("CLICOLOR_FORCE", "1")
            .env("NO_COLOR", "1")
            .args(&args)
            .output()
            .unwrap();
        assert!(!no_color.stdout.contains(&0x1b), "{args:?} with NO_COLOR");
        let forced = preflight(dir.path())
            .env_remove("NO_COLOR")
            .env("CLICOLOR_FORCE", "1")
            .args(&args)
            .output()
            .unwrap();
        assert!(
            forced.stdout.contains(&0x1b),
            "{args:?} with CLICOLOR_FORCE"
        );
        let always = preflight(dir.path())
            .arg("--color=always")
            .args(&args)
            .output()
            .unwrap();
        assert!(
            always.stdout.contains(&0x1b),
            "{args:?} with --color always"
        );
    }
}

#[test]
fn columns_bounds_the_table_width() {
    let long = format!("## Week 1: {}\n- [ ] a\n", "word ".repeat(40));
    let dir = workspace(&[("c.md", long.as_bytes())]);
    let out = preflight(dir.path())
        .env("COLUMNS", "80")
        .args(["status", "c.md"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines().filter(|l| !l.starts_with('⚠')) {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
}

#[test]
fn bash_completions_are_valid_bash() {
    let out = preflight(&std::env::temp_dir())
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let dir = workspace(&[("preflight.bash", &out.stdout)]);
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(dir.path().join("preflight.bash"))
        .status()
        .unwrap();
    assert!(check.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("tick"));
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        preflight(&std::env::temp_dir())
            .args(["completions", shell])
            .assert()
            .success();
    }
}

#[test]
fn man_page_is_roff_that_man_renders() {
    let out = preflight(&std::env::temp_dir())
        .arg("man")
        .output()
        .unwrap();
    assert!(out.status.success());
    let roff = String::from_utf8(out.stdout).unwrap();
    assert!(
        roff.starts_with(".ie") || roff.contains(".TH preflight"),
        "{}",
        &roff[..80]
    );
    let dir = workspace(&[("preflight.1", roff.as_bytes())]);
    // `man -l` is the check when man is installed (Debian: man-db); else groff directly.
    let rendered = std::process::Command::new("man")
        .env("MANWIDTH", "80")
        .env("MAN_KEEP_FORMATTING", "0")
        .arg("-l")
        .arg(dir.path().join("preflight.1"))
        .output();
    match rendered {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("preflight"), "{text}");
            assert!(text.contains("status"), "{text}");
        }
        _ => eprintln!("man not installed: roff checked by content only"),
    }
}

#[test]
fn init_writes_a_workspace_and_never_overwrites() {
    let dir = workspace(&[]);
    preflight(dir.path())
        .arg("init")
        .assert()
        .success()
        .stdout(predicate::str::contains("created preflight.yaml"));
    let config = std::fs::read_to_string(dir.path().join("preflight.yaml")).unwrap();
    assert!(
        config.lines().filter(|l| l.starts_with('#')).count() >= 3,
        "keys are commented"
    );
    preflight(dir.path())
        .args(["status", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"kind\": \"phase\""));
    std::fs::write(dir.path().join("preflight.yaml"), "mine\n").unwrap();
    std::fs::remove_file(dir.path().join("checklists/production-readiness.md")).unwrap();
    preflight(dir.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("preflight.yaml already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("preflight.yaml")).unwrap(),
        "mine\n"
    );
    assert!(
        !dir.path()
            .join("checklists/production-readiness.md")
            .exists(),
        "nothing half-written"
    );
}

#[test]
fn verbose_says_what_was_read_and_quiet_conflicts_with_it() {
    let dir = workspace(&[("preflight.yaml", b""), ("checklists/a.md", CHECKLIST)]);
    preflight(dir.path())
        .args(["-v", "status"])
        .assert()
        .success()
        .stderr(predicate::str::contains("config preflight.yaml"))
        .stderr(predicate::str::contains("loaded checklists/a.md"));
    preflight(dir.path())
        .args(["-q", "-v", "status"])
        .assert()
        .code(2);
}

#[test]
fn broken_pipe_exits_quietly() {
    let many: String = (0..20_000).map(|i| format!("- [ ] task {i}\n")).collect();
    let dir = workspace(&[("c.md", many.as_bytes())]);
    let bin = assert_cmd::cargo::cargo_bin("preflight");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' tree c.md | head -1; echo \"status=${{PIPESTATUS[0]}}\"",
            bin.display()
        ))
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("status=0"), "{stdout}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[derive(serde::Deserialize)]
struct Hook {
    id: String,
    entry: String,
    files: String,
    pass_filenames: bool,
}

#[test]
fn pre_commit_hooks_run_real_commands() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/.pre-commit-hooks.yaml"
    ))
    .unwrap();
    let hooks: Vec<Hook> = serde_saphyr::from_str(&text).unwrap();
    let ids: Vec<&str> = hooks.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["preflight-sync-check", "preflight-lint"]);
    let good = workspace(&[(
        "checklists/a.md",
        b"## Week 1: A\n\n**Status**: Complete\n\n- [x] a\n",
    )]);
    let stale = workspace(&[(
        "checklists/a.md",
        b"## Week 1: A\n\n**Status**: Upcoming\n\n- [x] a\n",
    )]);
    for hook in &hooks {
        assert!(hook.pass_filenames && hook.files.contains("checklists"));
        let mut words = hook.entry.split_whitespace();
        assert_eq!(words.next(), Some("preflight"));
        let args: Vec<&str> = words.collect();
        preflight(good.path())
            .args(&args)
            .arg("checklists/a.md")
            .assert()
            .code(0);
        preflight(stale.path())
            .args(&args)
            .arg("checklists/a.md")
            .assert()
            .code(1);
    }
}
