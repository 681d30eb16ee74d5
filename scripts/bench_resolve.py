"""Resolution time: full re-resolve against the incremental path (kg/incremental.py).

    python scripts/bench_resolve.py DIR [--scale N]

DIR is a build folder (its extraction cache is used). `--scale N` repeats its articles
under new ids up to N articles, to see how each path grows with the corpus (the copies
repeat the same names, so there are fewer entities than N real articles would give).
Prints one table: full resolve + index, index load, no-op build, adding 10 articles,
in wall-clock and CPU seconds (CPU is the figure to trust on a busy machine), each with
what a build does around it (index load and save). The 10 added articles are held out
of the first build.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from kg.cache import CACHE_FILE, ExtractionCache
from kg.entity_index import EntityIndex
from kg.incremental import resolve_build
from kg.models import ArticleExtraction
from kg.resolve import default_resolver


def _extractions(build_dir: Path, scale: int | None) -> list[ArticleExtraction]:
    model = json.loads((build_dir / CACHE_FILE).open(encoding="utf-8").readline())["model"]
    exs = ExtractionCache(build_dir, model).all()
    if not exs:
        raise SystemExit(f"{build_dir}: no extraction cache of this kg version to read.")
    out = list(exs)
    k = 1
    while scale and len(out) < scale:
        out += [replace(ex, article=replace(ex.article, id=f"{ex.article.id}~{k}",
                                            content_hash=f"{ex.article.content_hash}~{k}"))
                for ex in exs[: scale - len(out)]]
        k += 1
    return out


def _now() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(t: tuple[float, float]) -> tuple[float, float]:
    return time.perf_counter() - t[0], time.process_time() - t[1]


def _plus(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    return a[0] + b[0], a[1] + b[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", type=Path)
    ap.add_argument("--scale", type=int, default=None)
    args = ap.parse_args()
    exs = _extractions(args.dir, args.scale)
    by_id = {ex.article.id: ex for ex in exs}
    ids = sorted(by_id)
    new = ids[-10:]
    base = {a: by_id[a].article.content_hash for a in ids[:-10]}
    every = {a: by_id[a].article.content_hash for a in ids}
    resolver = default_resolver()

    def load(wanted: list[str]) -> list[ArticleExtraction]:
        return [by_id[a] for a in wanted]

    rows = []
    out = Path(tempfile.mkdtemp(prefix="kg-bench-resolve-"))
    try:
        t = _now()
        res, index = resolve_build(None, resolver, "fp", base, load)
        index.save(out)
        rows.append((f"full resolve of {len(base):,} articles + index written",
                     _since(t), len(res.entities)))
        size = (out / "entity-index.json").stat().st_size
        t = _now()
        idx = EntityIndex.load(out)
        rows.append((f"index load ({size / 1e6:.1f} MB)", _since(t), None))
        t = _now()
        res, _ = resolve_build(idx, resolver, "fp", base, load)
        rows.append(("no-op build: load index, nothing to resolve",
                     _plus(_since(t), rows[-1][1]), len(res.entities)))
        t = _now()
        idx = EntityIndex.load(out)
        res, idx = resolve_build(idx, resolver, "fp", every, load, reresolve=False)
        idx.save(out)
        rows.append((f"add {len(new)} articles: load, match, save index",
                     _since(t), len(res.entities)))
        t = _now()
        res, _ = resolve_build(EntityIndex.load(out), resolver, "fp", every, load,
                               reresolve=True)
        rows.append((f"--reresolve of {len(every):,} articles (ids carried)",
                     _since(t), len(res.entities)))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(f"{'step':<52} {'wall s':>7} {'CPU s':>7} {'entities':>9}")
    for name, (wall, cpu), n in rows:
        print(f"{name:<52} {wall:7.2f} {cpu:7.2f} {'' if n is None else f'{n:,}':>9}")


if __name__ == "__main__":
    main()
