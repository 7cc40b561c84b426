#!/usr/bin/env python3
"""Build the history benchmark's git repository: COMMITS commits of a ~15 KB checklist.

Usage: make_repo.py DIR [--commits N] [--seed S] [--reword]

The checklist is the project's seed (checklists/phase-4-production-readiness.md, 13.9 KB)
with every box cleared; the first 20 commits each insert a task (bringing it to ~15 KB, and
shifting the IDs of the tasks below them), the rest tick or untick one box each, by two
authors, one commit an hour. With --reword every commit also rewords a task, so no version
can be derived from the one before by flipping boxes: the worst case, a parse per version.
The repository is written with one `git fast-import`, so
building it takes a second, and it is the same for the same seed (the figures are
comparable between runs and machines).
"""
import argparse
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "..", "checklists", "phase-4-production-readiness.md")
PATH = "checklists/phase-4-production-readiness.md"
AUTHORS = [("Ada Lovelace", "ada@example.com"), ("Grace Hopper", "grace@example.com")]
BOX = re.compile(r"^(\s*[-*+] )\[( |x|X)\]")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--commits", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--reword", action="store_true")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    lines = open(SEED, encoding="utf-8").read().splitlines(keepends=True)
    lines = [BOX.sub(lambda m: m.group(1) + "[ ]", line) for line in lines]
    os.makedirs(args.dir, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", args.dir], check=True)
    stream = []
    when = 1_790_000_000  # 2026-09-21, a Monday morning (UTC)
    mark = 0
    for n in range(args.commits):
        if n > 0 and n <= 20:
            # A new task under a random section heading: everything below it shifts.
            headings = [i for i, l in enumerate(lines) if l.startswith("### ")]
            at = rng.choice(headings) + 1
            lines.insert(at, f"- [ ] Benchmark task {n}: review {rng.randint(100, 999)} rollout items\n")
        elif n > 20:
            boxes = [i for i, l in enumerate(lines) if BOX.match(l)]
            i = rng.choice(boxes)
            m = BOX.match(lines[i])
            new = "[ ]" if m.group(2) != " " else "[x]"
            lines[i] = m.group(1) + new + lines[i][m.end():]
            if args.reword:
                # Toggle a suffix on another task: the text changes, the size stays ~15 KB.
                j = rng.choice([b for b in boxes if b != i])
                body = lines[j].rstrip("\n")
                body = body[: -len(" (rev)")] if body.endswith(" (rev)") else body + " (rev)"
                lines[j] = body + "\n"
        text = "".join(lines).encode("utf-8")
        name, email = AUTHORS[n % 2]
        mark += 1
        stream.append(b"blob\nmark :%d\ndata %d\n" % (mark, len(text)) + text + b"\n")
        message = f"step {n}".encode()
        stream.append(
            b"commit refs/heads/main\n"
            + f"author {name} <{email}> {when} +0000\n".encode()
            + f"committer {name} <{email}> {when} +0000\n".encode()
            + b"data %d\n" % len(message) + message + b"\n"
            + f"M 100644 :{mark} {PATH}\n\n".encode()
        )
        when += 3600
    subprocess.run(["git", "-C", args.dir, "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run(["git", "-C", args.dir, "checkout", "-q", "main"], check=True)
    size = os.path.getsize(os.path.join(args.dir, PATH))
    print(f"{args.dir}: {args.commits} commits, checklist {size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
