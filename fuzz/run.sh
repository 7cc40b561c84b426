#!/usr/bin/env bash
# Runs one cargo-fuzz target for a given time: fuzz/run.sh TARGET SECONDS [extra libFuzzer flags]
#   TARGET: parse | round_trip | mojibake | sync
#
# Stable toolchain: cargo-fuzz needs nightly-only flags (-Zsanitizer), which RUSTC_BOOTSTRAP=1
# unlocks on stable. Install once with `cargo install cargo-fuzz`.
# Seeds: the shipped checklist and fixtures, plus $PREFLIGHT_CORPUS/kep-bulk (default ../shared/corpus) when present, read
# in place (never copied); new inputs go to fuzz/corpus/TARGET, crashes to fuzz/artifacts/TARGET.
# The last lines of libFuzzer's log (executions, coverage) are printed at the end; the whole log
# is kept as fuzz/artifacts/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh TARGET SECONDS}
seconds=${2:?usage: fuzz/run.sh TARGET SECONDS}
shift 2

export RUSTC_BOOTSTRAP=1
mkdir -p "corpus/$target" "artifacts/$target"
seeds=(../checklists ../tests/fixtures)
corpus=${PREFLIGHT_CORPUS:-../../shared/corpus}
[ -d "$corpus/kep-bulk" ] && seeds+=("$corpus/kep-bulk")
dict=()
[ "$target" != mojibake ] && dict=(-dict=dict/markdown.dict)

# -max_len keeps executions fast: big seeds are read truncated. -rss_limit_mb bounds memory.
set +e
cargo fuzz run "$target" "corpus/$target" "${seeds[@]}" -- \
  -max_total_time="$seconds" -max_len=16384 -rss_limit_mb=2048 -timeout=10 \
  -artifact_prefix="artifacts/$target/" -print_final_stats=1 "${dict[@]}" "$@" \
  >"artifacts/$target.log" 2>&1
status=$?
set -e
grep -E '^#[0-9]+ +(INITED|DONE)|stat::|SUMMARY|Test unit written|panicked at' "artifacts/$target.log" || true
echo "fuzz/run.sh: $target exited $status after ${seconds}s"
exit "$status"
