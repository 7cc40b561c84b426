//! tick / untick CLI tests (issue 3): byte-exact edits with the cascade, item selection and
//! its errors, and the write path (modes, symlinks, read-only files, concurrent writers,
//! writers killed mid-write).

use crate::support::{fixture, preflight, shipped_checklist, workspace};
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

const FILE: &str = "checklists/phase-4.md";

/// A temporary directory with the shipped checklist at `checklists/phase-4.md`.
fn shipped_workspace() -> (tempfile::TempDir, Vec<u8>) {
    let bytes = fs::read(shipped_checklist()).unwrap();
    (workspace(&[(FILE, &bytes)]), bytes)
}

/// Offsets and (old, new) bytes where two files differ; the lengths must agree.
fn byte_diff(old: &[u8], new: &[u8]) -> Vec<(usize, u8, u8)> {
    assert_eq!(old.len(), new.len(), "the file length changed");
    (0..old.len())
        .filter(|&i| old[i] != new[i])
        .map(|i| (i, old[i], new[i]))
        .collect()
}

/// Runs `args` in `dir`, expecting exit 2 and `stderr` containing each of `needles`, and
/// checks that `file` is byte-identical afterwards.
fn refuses(dir: &Path, args: &[&str], file: &Path, needles: &[&str]) {
    let before = fs::read(file).ok();
    let out = preflight(dir).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?} printed {:?}", out.stdout);
    assert!(stderr.starts_with("preflight: error: "), "{stderr}");
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "{args:?}: {needle:?} not in {stderr}"
        );
    }
    assert_eq!(fs::read(file).ok(), before, "{args:?} changed the file");
}

// ---------------------------------------------------------------------------------------
// Ticking and the cascade
// ---------------------------------------------------------------------------------------

#[test]
fn tick_by_id_is_a_one_byte_edit_and_reports_the_week() {
    let (dir, before) = shipped_workspace();
    preflight(dir.path())
        .args(["tick", "15.1.1.1"])
        .assert()
        .success()
        .stdout(
            "✔ 15.1.1.1 Implement network segmentation\n\
             Week 15: Security Hardening & Compliance 1/50 (2.0%)\n",
        );
    let after = fs::read(dir.path().join(FILE)).unwrap();
    let diff = byte_diff(&before, &after);
    assert_eq!(diff.len(), 1, "{diff:?}");
    assert_eq!((diff[0].1, diff[0].2), (b' ', b'x'));
}

#[test]
fn tick_by_title_path_tail_and_text() {
    let (dir, before) = shipped_workspace();
    let items = [
        "Week 15 / Security Hardening / Implement network segmentation",
        "Network Security / Configure firewall rules and security groups",
        "set up vpn",
    ];
    preflight(dir.path())
        .arg("tick")
        .args(items)
        .args(["-f", FILE])
        .assert()
        .success()
        .stdout(
            "✔ 15.1.1.1 Implement network segmentation\n\
             ✔ 15.1.1.2 Configure firewall rules and security groups\n\
             ✔ 15.1.1.3 Set up VPN and secure access\n\
             Week 15: Security Hardening & Compliance 3/50 (6.0%)\n",
        );
    let after = fs::read(dir.path().join(FILE)).unwrap();
    assert_eq!(byte_diff(&before, &after).len(), 3);
}

#[test]
fn ticking_the_last_open_child_ticks_the_parent() {
    let (dir, before) = shipped_workspace();
    let children = ["15.1.1.1", "15.1.1.2", "15.1.1.3", "15.1.1.4", "15.1.1.5"];
    preflight(dir.path())
        .arg("tick")
        .args(children)
        .assert()
        .success()
        .stdout(predicate::str::contains("✔ 15.1.1 Network Security\n"))
        .stdout(predicate::str::contains("5/50 (10.0%)"));
    let after = fs::read(dir.path().join(FILE)).unwrap();
    assert_eq!(
        byte_diff(&before, &after).len(),
        6,
        "five children and their parent"
    );
}

#[test]
fn ticking_a_parent_ticks_its_open_children_and_keeps_a_capital_x() {
    let src = "# Launch\n- [ ] parent\n  - [X] done already\n  - [ ] open\n- [ ] other\n";
    let dir = workspace(&[("c.md", src.as_bytes())]);
    preflight(dir.path())
        .args(["tick", "parent", "-f", "c.md"])
        .assert()
        .success()
        .stdout("✔ 1.1 parent\n✔ 1.1.2 open\nc.md 2/3 (66.7%)\n");
    assert_eq!(
        fs::read_to_string(dir.path().join("c.md")).unwrap(),
        "# Launch\n- [x] parent\n  - [X] done already\n  - [x] open\n- [ ] other\n"
    );
}

#[test]
fn unticking_a_child_unticks_the_parent() {
    let (dir, before) = shipped_workspace();
    preflight(dir.path())
        .args(["untick", "13.1.1.2"])
        .assert()
        .success()
        .stdout(
            "○ 13.1.1 Kubernetes Cluster Setup\n\
             ○ 13.1.1.2 Create Kubernetes manifests for all services\n\
             Week 13: Production Deployment Pipeline 51/52 (98.1%)\n",
        );
    let after = fs::read(dir.path().join(FILE)).unwrap();
    let diff = byte_diff(&before, &after);
    assert!(diff.iter().all(|&(_, old, new)| old == b'x' && new == b' '));
    assert_eq!(diff.len(), 2);
    // Ticking it again restores the file exactly.
    preflight(dir.path())
        .args(["tick", "13.1.1.2"])
        .assert()
        .success();
    assert_eq!(fs::read(dir.path().join(FILE)).unwrap(), before);
}

#[test]
fn unticking_a_parent_needs_recursive() {
    let (dir, _) = shipped_workspace();
    let file = dir.path().join(FILE);
    refuses(
        dir.path(),
        &["untick", "13.1.1"],
        &file,
        &[
            "13.1.1 Kubernetes Cluster Setup has 6 ticked sub-task(s)",
            "--recursive",
            "13.1.1.6",
        ],
    );
    let before = fs::read(&file).unwrap();
    preflight(dir.path())
        .args(["untick", "--recursive", "13.1.1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("○ 13.1.1.6 "))
        .stdout(predicate::str::contains(
            "Week 13: Production Deployment Pipeline 46/52",
        ));
    assert_eq!(byte_diff(&before, &fs::read(&file).unwrap()).len(), 7);
}

#[test]
fn nothing_to_change_is_success_and_writes_nothing() {
    let (dir, before) = shipped_workspace();
    preflight(dir.path())
        .args(["tick", "13.1.1.2"])
        .assert()
        .success()
        .stdout("nothing to change: 13.1.1.2 already ticked\n");
    assert_eq!(fs::read(dir.path().join(FILE)).unwrap(), before);
}

#[test]
fn dry_run_prints_a_unified_diff_and_writes_nothing() {
    let (dir, before) = shipped_workspace();
    let out = preflight(dir.path())
        .args(["tick", "--dry-run", "15.1.1.1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with(&format!("--- a/{FILE}\n+++ b/{FILE}\n@@ ")),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n-  - [ ] Implement network segmentation\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n+  - [x] Implement network segmentation\n"),
        "{stdout}"
    );
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with(['-', '+'])).count(),
        4
    );
    assert_eq!(fs::read(dir.path().join(FILE)).unwrap(), before);
}

#[test]
fn crlf_bom_trailing_spaces_and_missing_final_newline_stay() {
    let src = "\u{feff}# Launch\r\n\r\n- [ ] one  \r\n- [ ] two\t\r\n- [ ] three";
    let dir = workspace(&[("c.md", src.as_bytes())]);
    let path = dir.path().join("c.md");
    for id in ["1.1", "1.3"] {
        preflight(dir.path())
            .args(["tick", id, "-f", "c.md"])
            .assert()
            .success();
    }
    let ticked = fs::read(&path).unwrap();
    assert_eq!(
        ticked,
        "\u{feff}# Launch\r\n\r\n- [x] one  \r\n- [ ] two\t\r\n- [x] three".as_bytes()
    );
    // The dry-run diff shows CRLF lines without a `\r` on each.
    preflight(dir.path())
        .args(["tick", "--dry-run", "1.2", "-f", "c.md"])
        .assert()
        .success()
        .stdout(predicate::str::contains("+- [x] two\t\n"))
        .stdout(predicate::str::contains("\\r").not());
    for id in ["1.1", "1.3"] {
        preflight(dir.path())
            .args(["untick", id, "-f", "c.md"])
            .assert()
            .success();
    }
    assert_eq!(fs::read(&path).unwrap(), src.as_bytes());
}

#[test]
fn the_seed_bytes_with_mojibake_take_a_one_byte_tick() {
    let bytes = fs::read(fixture("phase-4-mojibake.md")).unwrap();
    let dir = workspace(&[("seed.md", &bytes)]);
    preflight(dir.path())
        .args(["tick", "15.1.1.1", "-f", "seed.md"])
        .assert()
        .success();
    assert_eq!(
        byte_diff(&bytes, &fs::read(dir.path().join("seed.md")).unwrap()).len(),
        1
    );
}

#[test]
fn items_in_several_files_are_found_by_prefixed_id() {
    let one = "## Week 1: a\n- [ ] alpha\n";
    let two = "## Week 1: b\n- [ ] beta\n";
    let dir = workspace(&[
        ("checklists/one.md", one.as_bytes()),
        ("checklists/two.md", two.as_bytes()),
    ]);
    refuses(
        dir.path(),
        &["tick", "1.1"],
        &dir.path().join("checklists/one.md"),
        &["matches 2 tasks", "one:1.1  alpha", "two:1.1  beta"],
    );
    preflight(dir.path())
        .args([
            "tick",
            "two:1.1",
            "alpha",
            "-f",
            "checklists/one.md",
            "-f",
            "checklists/two.md",
        ])
        .assert()
        .success()
        .stdout(
            "✔ one:1.1 alpha\nWeek 1: a 1/1 (100.0%)\n✔ two:1.1 beta\nWeek 1: b 1/1 (100.0%)\n",
        );
}

#[test]
fn terminal_controls_in_task_text_are_escaped() {
    let src = "- [ ] evil \u{1b}]0;pwned\u{7} title\n- [ ] other\n";
    let dir = workspace(&[("c.md", src.as_bytes())]);
    let out = preflight(dir.path())
        .args(["tick", "1", "-f", "c.md"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        !out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07),
        "{:?}",
        out.stdout
    );
}

// ---------------------------------------------------------------------------------------
// Errors: exit 2, file untouched
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_item_suggests_the_closest() {
    let (dir, _) = shipped_workspace();
    refuses(
        dir.path(),
        &["tick", "kubernets manifest"],
        &dir.path().join(FILE),
        &[
            "no task matches \"kubernets manifest\"; did you mean:",
            "13.1.1.2  Create Kubernetes manifests for all services",
        ],
    );
    let out = preflight(dir.path())
        .args(["tick", "15.1.1.9"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("\n  ").count(),
        3,
        "three suggestions: {stderr}"
    );
}

#[test]
fn ambiguous_item_lists_ids_and_lines() {
    let (dir, _) = shipped_workspace();
    refuses(
        dir.path(),
        &["tick", "firewall"],
        &dir.path().join(FILE),
        &[
            "\"firewall\" matches 2 tasks",
            "15.1.1.2  Configure firewall rules and security groups  (checklists/phase-4.md:179)",
            "15.1.2.2  Set up web application firewall (WAF)  (checklists/phase-4.md:186)",
        ],
    );
}

#[test]
fn one_bad_item_changes_nothing() {
    let (dir, _) = shipped_workspace();
    refuses(
        dir.path(),
        &["tick", "15.1.1.1", "no such thing at all"],
        &dir.path().join(FILE),
        &["no task matches"],
    );
}

#[test]
fn a_heading_is_not_a_task() {
    let (dir, _) = shipped_workspace();
    refuses(
        dir.path(),
        &["tick", "15"],
        &dir.path().join(FILE),
        &["names a heading, not a task", "Week 15"],
    );
}

#[test]
fn non_utf8_and_missing_files_are_refused() {
    let bad = b"# Launch\n- [ ] caf\xe9\n";
    let dir = workspace(&[("bad.md", bad)]);
    refuses(
        dir.path(),
        &["tick", "1.1", "-f", "bad.md"],
        &dir.path().join("bad.md"),
        &["bad.md", "not valid UTF-8"],
    );
    refuses(
        dir.path(),
        &["tick", "1.1", "-f", "missing.md"],
        &dir.path().join("missing.md"),
        &["missing.md"],
    );
    assert!(!dir.path().join("missing.md").exists());
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn file_mode_survives_a_tick() {
        let (dir, _) = shipped_workspace();
        let path = dir.path().join(FILE);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        preflight(dir.path())
            .args(["tick", "15.1.1.1"])
            .assert()
            .success();
        assert_eq!(mode(&path), 0o640);
        let entries: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(entries.len(), 1, "no temporary file is left");
    }

    #[test]
    fn a_symlinked_checklist_stays_a_symlink() {
        let (dir, before) = shipped_workspace();
        fs::create_dir(dir.path().join("real")).unwrap();
        let target = dir.path().join("real/phase-4.md");
        fs::rename(dir.path().join(FILE), &target).unwrap();
        symlink("../real/phase-4.md", dir.path().join(FILE)).unwrap();
        preflight(dir.path())
            .args(["tick", "15.1.1.1"])
            .assert()
            .success();
        let link = dir.path().join(FILE);
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            fs::read_link(&link).unwrap(),
            Path::new("../real/phase-4.md")
        );
        assert_eq!(byte_diff(&before, &fs::read(&target).unwrap()).len(), 1);
    }

    #[test]
    fn read_only_file_or_directory_is_refused() {
        let (dir, _) = shipped_workspace();
        let path = dir.path().join(FILE);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        refuses(
            dir.path(),
            &["tick", "15.1.1.1"],
            &path,
            &["phase-4.md: the file is read-only"],
        );
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let parent = path.parent().unwrap().to_path_buf();
        fs::set_permissions(&parent, fs::Permissions::from_mode(0o555)).unwrap();
        refuses(
            dir.path(),
            &["tick", "15.1.1.1"],
            &path,
            &["directory", "is read-only"],
        );
        fs::set_permissions(&parent, fs::Permissions::from_mode(0o755)).unwrap();
    }

    // -----------------------------------------------------------------------------------
    // Concurrent writers and writers killed mid-write
    // -----------------------------------------------------------------------------------

    fn binary() -> PathBuf {
        assert_cmd::cargo::cargo_bin("preflight")
    }

    /// A checklist of 8 groups × 24 leaves, plus a shared parent with 8 children and some
    /// leaves nobody ticks. Returns the text and, per process, the 25 IDs it ticks.
    fn concurrency_checklist() -> (String, Vec<Vec<String>>) {
        let mut src = String::from("# Concurrency\n\n## Shared\n- [ ] shared parent\n");
        for p in 0..8 {
            src.push_str(&format!("  - [ ] shared child {p}\n"));
        }
        src.push_str("- [ ] nobody ticks this\n");
        let mut ids: Vec<Vec<String>> = (0..8).map(|p| vec![format!("1.1.1.{}", p + 1)]).collect();
        for (p, group) in ids.iter_mut().enumerate() {
            src.push_str(&format!("\n## Group {p}  \n"));
            for i in 0..24 {
                src.push_str(&format!("- [ ] group {p} item {i}\n"));
                group.push(format!("1.{}.{}", p + 2, i + 1));
            }
            src.push_str(&format!("- [ ] group {p} stays open\n"));
        }
        (src, ids)
    }

    #[test]
    fn concurrent_ticks_lose_nothing() {
        let (src, ids) = concurrency_checklist();
        let all: Vec<String> = ids.concat();
        assert_eq!(all.len(), 200);
        // What ticking all 200 in one go gives, planned by the library.
        let doc = preflight::parse::parse(&src);
        let targets: Vec<usize> = all
            .iter()
            .map(|id| doc.tasks.iter().position(|t| &t.id == id).unwrap())
            .collect();
        let plan =
            preflight::edit::plan(&doc, preflight::edit::Action::Tick, &targets, false).unwrap();
        let expected = preflight::edit::apply(&src, &plan.edits).unwrap();
        assert_eq!(plan.changes.len(), 201, "200 items and the shared parent");

        for round in 0..3 {
            let dir = workspace(&[("c.md", src.as_bytes())]);
            let children: Vec<_> = ids
                .iter()
                .map(|group| {
                    std::process::Command::new(binary())
                        .current_dir(dir.path())
                        .arg("tick")
                        .args(group)
                        .args(["-f", "c.md"])
                        .stdout(std::process::Stdio::null())
                        .stderr(std::process::Stdio::piped())
                        .spawn()
                        .unwrap()
                })
                .collect();
            for child in children {
                let out = child.wait_with_output().unwrap();
                assert!(
                    out.status.success(),
                    "round {round}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            let after = fs::read_to_string(dir.path().join("c.md")).unwrap();
            assert!(
                after == expected,
                "round {round}: a tick was lost or something else changed"
            );
            let parsed = preflight::parse::parse(&after);
            assert_eq!(parsed.tasks.iter().filter(|t| t.checked).count(), 201);
        }
    }

    /// xorshift64*: reproducible random delays without a dependency.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
        }
    }

    fn temp_files(dir: &Path) -> Vec<PathBuf> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".preflight.tmp"))
            .collect()
    }

    /// Has a write begun? A temporary file appeared, or (a writer that is not atomic) the
    /// file itself changed size.
    fn writing(dir: &Path, path: &Path, len: usize) -> bool {
        !temp_files(dir).is_empty() || fs::metadata(path).is_ok_and(|m| m.len() != len as u64)
    }

    /// How the crash trials ended.
    #[derive(Debug, Default)]
    struct Tally {
        old: usize,
        new: usize,
        /// Killed between creating the temporary file and the rename.
        mid_write: usize,
    }

    /// Half the trials kill after a random delay over the whole run; the other half wait
    /// for the write to begin and kill at once or up to 1.5 ms into it, where a writer that
    /// is not atomic would leave a truncated file (checked: such a writer fails this test).
    fn crash_trials(seed: u64, trials: usize, run_micros: u64) -> Tally {
        let mut rng = Rng(seed);
        let old = big_checklist();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        let new = {
            let mut b = old.clone().into_bytes();
            let doc = preflight::parse::parse(&old);
            b[doc.tasks[0].box_span.start + 1] = b'x';
            b
        };
        let mut tally = Tally::default();
        for trial in 0..trials {
            fs::write(&path, &old).unwrap();
            let mut child = std::process::Command::new(binary())
                .current_dir(dir.path())
                .args(["tick", "1.1", "-f", "big.md"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let start = std::time::Instant::now();
            if trial % 2 == 0 {
                std::thread::sleep(std::time::Duration::from_micros(rng.below(run_micros)));
            } else {
                // Often at once, else up to 1.5 ms in (a 400 kB write and its fsync).
                let delay = rng.below(2_500).saturating_sub(1_000);
                while !writing(dir.path(), &path, old.len()) && child.try_wait().unwrap().is_none()
                {
                    if start.elapsed() > std::time::Duration::from_secs(20) {
                        break;
                    }
                }
                std::thread::sleep(std::time::Duration::from_micros(delay));
            }
            let _ = child.kill(); // SIGKILL
            child.wait().unwrap();
            let after = fs::read(&path).expect("the checklist must always exist");
            if after == old.as_bytes() {
                tally.old += 1;
            } else if after == new {
                tally.new += 1;
            } else {
                panic!("trial {trial} (seed {seed}): the file is neither the old nor the new text");
            }
            let leftovers = temp_files(dir.path());
            tally.mid_write += usize::from(!leftovers.is_empty());
            for t in leftovers {
                fs::remove_file(t).unwrap();
            }
        }
        tally
    }

    /// A checklist that is cheap to parse but takes a while to write: two tasks, then a
    /// 400 kB code block.
    fn big_checklist() -> String {
        let mut src = String::from("# Crash\n\n- [ ] the task\n- [ ] another\n\n```\n");
        let line = "filler line in a code block, long enough to make the file big\n";
        src.push_str(&line.repeat(400_000 / line.len()));
        src.push_str("```\n");
        src
    }

    #[test]
    fn a_writer_killed_at_random_moments_leaves_old_or_new_text() {
        // How long an undisturbed run takes, so random delays span all of it.
        let dir = workspace(&[("big.md", big_checklist().as_bytes())]);
        let start = std::time::Instant::now();
        preflight(dir.path())
            .args(["tick", "1.1", "-f", "big.md"])
            .assert()
            .success();
        let run_micros = start.elapsed().as_micros() as u64 + 1_000;
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
            | 1;
        let tallies: Vec<Tally> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..2u64)
                .map(|w| {
                    s.spawn(move || crash_trials(seed.wrapping_add(w * 7919) | 1, 110, run_micros))
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        let total = Tally {
            old: tallies.iter().map(|t| t.old).sum(),
            new: tallies.iter().map(|t| t.new).sum(),
            mid_write: tallies.iter().map(|t| t.mid_write).sum(),
        };
        eprintln!("crash trials (seed {seed}, run {run_micros} µs): {total:?}");
        assert_eq!(total.old + total.new, 220);
        assert!(
            total.mid_write >= 20,
            "too few kills landed mid-write to mean much: {total:?}"
        );
        assert!(total.new >= 1 && total.old >= 20, "{total:?}");
    }
}
