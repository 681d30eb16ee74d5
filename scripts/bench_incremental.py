"""Issue 9, the incremental half, on a build that already exists (a full build takes long).

    .venv/bin/python scripts/bench_incremental.py BUILD BASE.jsonl EXTRA.jsonl [--rdflib-runs 3]

BUILD was made by `kg build BASE.jsonl --out BUILD`. It is copied (hard links for the
store's immutable files would share state, so a real copy) and on the copy this measures,
each in a fresh `kg build` process with default options, as a user runs them:
1. a no-op rebuild (`kg build BASE --out COPY`), twice (the first after a build may refresh
   stats.json);
2. adding EXTRA (`kg build BASE EXTRA --out COPY`), then a no-op of that;
3. each named query without required parameters on the copy: a cold `kg query` process,
   warm p50 on the store, and rdflib's p50 on the same graph (scripts/bench.py's
   `query_times`, default parameters as `kg query` binds them).
Prints one table in the format of scripts/bench.py.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import KG, Table, query_times, run  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build", type=Path)
    ap.add_argument("base", type=Path)
    ap.add_argument("extra", type=Path)
    ap.add_argument("--rdflib-runs", type=int, default=3)
    ap.add_argument("--rdflib-timeout", type=float, default=120.0)
    ap.add_argument("--warm-runs", type=int, default=20)
    ap.add_argument("--no-queries", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-incr-", dir=args.build.parent))
    copy = work / "build"
    shutil.copytree(args.build, copy, symlinks=True)
    table = Table(work)
    for label in ("no-op rebuild (first)", "no-op rebuild"):
        wall, _, _ = run([str(KG), "build", str(args.base), "--out", str(copy), "-q"])
        table.add(label, f"{wall:,.2f} s", "<= 5 s")
    wall, _, _ = run([str(KG), "build", str(args.base), str(args.extra), "--out", str(copy),
                      "-q"])
    table.add(f"adding {sum(1 for _ in args.extra.open())} articles", f"{wall:,.2f} s",
              "<= 15 s")
    wall, _, _ = run([str(KG), "build", str(args.base), str(args.extra), "--out", str(copy),
                      "-q"])
    table.add("no-op rebuild after the add", f"{wall:,.2f} s", "<= 5 s")
    if not args.no_queries:
        query_times(copy, args.rdflib_runs, args.warm_runs, args.rdflib_timeout, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
