#!/usr/bin/env bash
# History benchmark: `preflight report` over 1,000 commits of a ~15 KB checklist (one
# `git log` + one `git cat-file --batch`), against a loop running `git show` once per commit
# (the fetching alone: no parsing, no diffing). Two histories: "ticks", where commits tick or
# untick boxes (the usual history of a checklist), and "reworded", where every commit also
# edits a task's text, so every version takes a full parse (the worst case). All commands
# run side by side in one hyperfine run, so machine noise hits them alike.
#
# Usage: bench/history/run.sh [COMMITS]   (needs hyperfine: apt-get install hyperfine)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
commits="${1:-1000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/preflight"
python3 "$here/make_repo.py" "$work/ticks" --commits "$commits"
python3 "$here/make_repo.py" "$work/reworded" --commits "$commits" --reword
file=checklists/phase-4-production-readiness.md
report="$bin --today 2026-12-01 report --since 2026-09-01 --format json"
loop="for c in \$(git rev-list HEAD -- $file); do git show \"\$c:$file\" >/dev/null; done"

hyperfine --warmup 2 --runs 10 --export-markdown "$work/results.md" \
  -n "report, ticks history" "cd $work/ticks && $report" \
  -n "report, reworded history" "cd $work/reworded && $report" \
  -n "git show per commit, ticks history" "cd $work/ticks && $loop" \
  -n "git show per commit, reworded history" "cd $work/reworded && $loop"
cat "$work/results.md"
