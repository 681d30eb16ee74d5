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

--restamp: BUILD was made by an earlier kg whose rules fingerprint differs (any change to
kg/data, kg/components or the extraction modules changes it, and with it every cache key),
so this code would extract and write everything again. For a measurement only, the copy
is restamped as if this code had made it: the cache header's model id, the entity index's
fingerprint and the committed store state's article digests are recomputed with this
code's model id (the extractions themselves are kept). Not for real builds.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import KG, Table, query_times, run  # noqa: E402


def restamp(out: Path) -> None:
    from kg.cache import ExtractionCache
    from kg.entity_index import INDEX_FILE, EntityIndex, resolver_fingerprint
    from kg.graph.store import committed_store
    from kg.graph.update import _state_path, article_digest
    from kg.pipeline import _model_id
    from kg.rdf import article_iri, kept_entities

    old, new = ExtractionCache.recorded_model(out), _model_id(None)
    assert old is not None and len(old) == len(new), (old, new)
    with (out / "extractions.jsonl").open("r+b") as fh:  # same length: patched in place
        head = fh.readline()
        fh.seek(0)
        fh.write(head.replace(old.encode(), new.encode()))
    data = json.loads((out / INDEX_FILE).read_text(encoding="utf-8"))
    data["fingerprint"] = resolver_fingerprint(new)
    (out / INDEX_FILE).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                                  encoding="utf-8")
    res = EntityIndex.load(out).resolution(set(), set())  # type: ignore[union-attr]
    kept = kept_entities(res, 0.0)
    gen = committed_store(out)
    assert gen is not None
    state = json.loads(_state_path(gen).read_text(encoding="utf-8"))
    for ex in ExtractionCache(out, new).all():
        iri = str(article_iri(ex.article.id))
        state["articles"][iri][0] = article_digest(ex, res, kept, new, 0.0)
    _state_path(gen).write_text(json.dumps(state, separators=(",", ":")), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build", type=Path)
    ap.add_argument("base", type=Path)
    ap.add_argument("extra", type=Path)
    ap.add_argument("--rdflib-runs", type=int, default=3)
    ap.add_argument("--rdflib-timeout", type=float, default=120.0)
    ap.add_argument("--warm-runs", type=int, default=20)
    ap.add_argument("--no-queries", action="store_true")
    ap.add_argument("--queries-only", action="store_true",
                    help="only the named queries, on BUILD itself (read-only)")
    ap.add_argument("--restamp", action="store_true",
                    help="treat BUILD as made by this code (a measurement only; see above)")
    args = ap.parse_args()
    if args.queries_only:
        query_times(args.build, args.rdflib_runs, args.warm_runs, args.rdflib_timeout,
                    Table(args.build))
        return 0
    work = Path(tempfile.mkdtemp(prefix="kg-incr-", dir=args.build.parent))
    copy = work / "build"
    shutil.copytree(args.build, copy, symlinks=True)
    table = Table(work)
    if args.restamp:
        t = time.perf_counter()
        restamp(copy)
        table.add("(restamp of the copy, not a kg step)", f"{time.perf_counter() - t:,.1f} s")
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
