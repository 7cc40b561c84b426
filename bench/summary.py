#!/usr/bin/env python3
"""Summarise bench/whole.sh results: medians per command and the issue's target ratios.

usage: bench/summary.py DIR   (DIR holds the hyperfine JSON files and memory.tsv)
"""
import json
import statistics
import sys
from pathlib import Path


def medians(path):
    data = json.loads(path.read_text())
    return {r["command"]: statistics.median(r["times"]) for r in data["results"]}


def main():
    out = Path(sys.argv[1])
    rows = {}
    for name in ["gen-10mb", "gen-10mb-crlf", "gen-1mb", "gen-1mb-crlf", "seed", "kep-bulk"]:
        path = out / f"{name}.json"
        if path.exists():
            rows[name] = medians(path)
    commands = ["bare", "bare-files", "status", "export", "tick", "comrak", "cmark-gfm"]
    print("median wall time, ms (ratio to the bare pulldown-cmark pass)\n")
    print(f"| corpus | {' | '.join(commands)} |")
    print(f"| --- |{' --- |' * len(commands)}")
    for name, m in rows.items():
        cells = []
        for c in commands:
            if c not in m:
                cells.append("")
            else:
                cells.append(f"{m[c] * 1000:.1f} ({m[c] / m['bare']:.2f}×)")
        print(f"| {name} | {' | '.join(cells)} |")

    print("\ntargets\n")
    def check(label, value, limit, unit="×"):
        ok = "met" if value <= limit else "MISSED"
        print(f"- {label}: {value:.2f}{unit} (target ≤ {limit}{unit}) — {ok}")

    g = rows.get("gen-10mb")
    if g:
        check("10 MB status / bare pass", g["status"] / g["bare"], 1.25)
        check("10 MB status / cmark-gfm", g["status"] / g["cmark-gfm"], 0.5)
        check("10 MB tick / status", g["tick"] / g["status"], 1.5)
    c = rows.get("gen-10mb-crlf")
    if c:
        check("10 MB CRLF status / bare pass", c["status"] / c["bare"], 1.25)
    s = rows.get("seed")
    if s:
        check("seed status wall", s["status"] * 1000, 5, " ms")
    k = rows.get("kep-bulk")
    if k:
        check("kep-bulk directory status / bare pass over the concatenation", k["status"] / k["bare"], 1.0)

    mem = out / "memory.tsv"
    if mem.exists():
        peaks = {}
        for line in mem.read_text().splitlines():
            name, kb = line.split("\t")
            peaks.setdefault(name, []).append(int(kb))
        peak = {n: statistics.median(v) for n, v in peaks.items()}
        print("\npeak memory on the 10 MB file (max RSS, median of runs)\n")
        for n, kb in peak.items():
            print(f"- {n}: {kb / 1024:.1f} MiB ({kb / peak['bare']:.2f}× bare)")
        check("status peak memory / bare pass", peak["status"] / peak["bare"], 2.0)
        check("tick peak memory / bare pass", peak["tick"] / peak["bare"], 2.0)


if __name__ == "__main__":
    main()
