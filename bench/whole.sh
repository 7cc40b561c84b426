#!/usr/bin/env bash
# Whole-process benchmarks, side by side in one hyperfine run per corpus:
#   preflight status / export --format json / tick, a bare pulldown-cmark pass (the floor for a
#   correct parse: examples/bare_pass.rs), comrak -e tasklist and cmark-gfm -e tasklist (the
#   GFM reference implementations rendering the same file); then peak memory of each.
#
# usage: bench/whole.sh [RUNS]        (default 15 timed runs per command)
# env:   PREFLIGHT=path/to/preflight  (default: target/release/preflight, built here)
#        BARE=path/to/bare_pass       (default: target/release/examples/bare_pass, built here)
#        OUT=dir                      (default: $TMPDIR/preflight-bench, outside any preflight.yaml)
#        SHARED=dir                   (default: ../shared: gen_checklist.py and the corpus)
# needs: hyperfine, comrak, cmark-gfm, GNU time (/usr/bin/time) and python3; see bench/README.md.
# Prints a table of medians and ratios (bench/summary.py); raw hyperfine JSON is kept in $OUT.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
shared=${SHARED:-../shared}
out=${OUT:-${TMPDIR:-/tmp}/preflight-bench}
mkdir -p "$out"
out=$(cd "$out" && pwd)

if [ -z "${PREFLIGHT:-}" ] || [ -z "${BARE:-}" ]; then
  cargo build --release --quiet --bin preflight --example bare_pass
fi
preflight=$(realpath "${PREFLIGHT:-target/release/preflight}")
bare=$(realpath "${BARE:-target/release/examples/bare_pass}")
for tool in hyperfine comrak cmark-gfm python3; do
  command -v "$tool" >/dev/null || { echo "bench/whole.sh: $tool not found (see bench/README.md)" >&2; exit 2; }
done

# Corpora: generated (deterministic), the seed checklist, kep-bulk as a directory and concatenated.
gen="$shared/bench/gen_checklist.py"
for size in 1 10; do
  [ -s "$out/gen-${size}mb.md" ] || python3 "$gen" "$size" >"$out/gen-${size}mb.md"
  [ -s "$out/gen-${size}mb-crlf.md" ] || python3 "$gen" "$size" --crlf >"$out/gen-${size}mb-crlf.md"
done
cp checklists/phase-4-production-readiness.md "$out/seed.md"
kep="$shared/corpus/kep-bulk"
cat "$kep"/*.md >"$out/kep-bulk-concat.md"

# No config from above $out, no colour, no terminal: the same work every run.
export NO_COLOR=1 PREFLIGHT_TODAY=2026-12-01
cd "$out"

# A leaf to tick in each file: the last open task shown by `tree --open` (always a leaf).
leaf() { "$preflight" tree --open "$1" | awk '$2 == "[" && $3 == "]" {id=$1} END {print id}'; }

bench_file() { # NAME FILE
  local name=$1 file=$2 id
  id=$(leaf "$file")
  hyperfine -N --warmup 3 --runs "$runs" --style basic --export-json "$out/$name.json" \
    --prepare true --prepare true --prepare true --prepare true --prepare true \
    --prepare "cp $file tick-$file" \
    -n bare "$bare $file" \
    -n status "$preflight status $file" \
    -n export "$preflight export --format json $file" \
    -n comrak "comrak -e tasklist $file" \
    -n cmark-gfm "cmark-gfm -e tasklist $file" \
    -n tick "$preflight tick $id -f tick-$file" \
    >"$out/$name.log"
}

bench_file gen-10mb gen-10mb.md
bench_file gen-10mb-crlf gen-10mb-crlf.md
bench_file gen-1mb gen-1mb.md
bench_file gen-1mb-crlf gen-1mb-crlf.md

hyperfine -N --warmup 10 --runs $((runs * 10)) --style basic --export-json "$out/seed.json" \
  -n bare "$bare seed.md" \
  -n status "$preflight status seed.md" \
  -n export "$preflight export --format json seed.md" \
  -n comrak "comrak -e tasklist seed.md" \
  -n cmark-gfm "cmark-gfm -e tasklist seed.md" \
  >"$out/seed.log"

# 532 files: preflight over the directory versus one bare pass over the same bytes concatenated
# (and over the 532 files one by one, for reference).
hyperfine -N --warmup 2 --runs "$runs" --style basic --export-json "$out/kep-bulk.json" \
  -n bare "$bare kep-bulk-concat.md" \
  -n bare-files "$bare $(ls -d "$kep"/*.md | tr '\n' ' ')" \
  -n status "$preflight status $kep" \
  -n export "$preflight export --format json $kep" \
  -n comrak "comrak -e tasklist kep-bulk-concat.md" \
  -n cmark-gfm "cmark-gfm -e tasklist kep-bulk-concat.md" \
  >"$out/kep-bulk.log"

# Peak memory (maximum resident set), median of 5 runs each, on the 10 MB file.
if [ -x /usr/bin/time ]; then
  cp gen-10mb.md tick-gen-10mb.md
  id=$(leaf gen-10mb.md)
  : >"$out/memory.tsv"
  for cmd in "bare|$bare gen-10mb.md" "status|$preflight status gen-10mb.md" \
    "export|$preflight export --format json gen-10mb.md" "comrak|comrak -e tasklist gen-10mb.md" \
    "cmark-gfm|cmark-gfm -e tasklist gen-10mb.md" "tick|$preflight tick $id -f tick-gen-10mb.md"; do
    name=${cmd%%|*}
    for _ in 1 2 3 4 5; do
      cp gen-10mb.md tick-gen-10mb.md
      # shellcheck disable=SC2086
      /usr/bin/time -f "$name	%M" -a -o "$out/memory.tsv" ${cmd#*|} >/dev/null
    done
  done
fi

cd - >/dev/null
python3 bench/summary.py "$out"
