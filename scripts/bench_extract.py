"""Extraction throughput: bare spaCy against kg's extraction, serial and on every core.

    python scripts/bench_extract.py [N] [--profile]

Reads the first N (default 300) articles of ../shared/data/news_corpus and prints one
table of words/s: bare `nlp.pipe` of the shipped model (n_process 1 and 2), and kg's
extraction (kg/parallel.py: pipeline + kg components + extractor + cache line) with 1
and 2 workers. `--profile` adds where the serial kg time goes, per pipeline component,
the extractor and the cache line. Run it on an otherwise idle machine: every figure
is wall-clock.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import spacy

from kg import parallel
from kg.cache import cache_line
from kg.extract import Extractor
from kg.ingest import iter_articles
from kg.models import Article
from kg.nlp import default_model_path, load_pipeline

SHARED = Path(os.environ.get("KG_SHARED") or Path(__file__).resolve().parents[2] / "shared")
CORPUS = SHARED / "data" / "news_corpus"


def _articles(n: int, tmp: Path) -> list[Article]:
    src = CORPUS / "click_id_articles.jsonl"
    if not src.exists():
        sys.exit(f"{src}: not found; this benchmark needs the shared corpus.")
    with src.open(encoding="utf-8") as fh:
        tmp.write_text("".join(itertools.islice(fh, n)), encoding="utf-8")
    return [a for a in iter_articles([tmp]) if isinstance(a, Article)]


def _rate(words: int, fn: object) -> tuple[float, float]:
    t = time.perf_counter()
    fn()  # type: ignore[operator]
    dt = time.perf_counter() - t
    return dt, words / dt


def _profile(arts: list[Article]) -> list[tuple[str, float]]:
    nlp = load_pipeline(None)
    extractor = Extractor()
    spent: dict[str, float] = defaultdict(float)
    for a in arts:
        t = time.perf_counter()
        doc = nlp.make_doc(a.text)
        spent["tokenizer"] += time.perf_counter() - t
        for name, proc in nlp.pipeline:
            t = time.perf_counter()
            doc = proc(doc)
            spent[name] += time.perf_counter() - t
        t = time.perf_counter()
        ex = extractor(doc, a)
        spent["extractor"] += time.perf_counter() - t
        t = time.perf_counter()
        cache_line(ex)
        spent["cache line (JSON)"] += time.perf_counter() - t
    return sorted(spent.items(), key=lambda kv: -kv[1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=300)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    arts = _articles(args.n, Path("/tmp") / f"kg-bench-extract-{args.n}.jsonl")
    texts = [a.text for a in arts]
    words = sum(len(t.split()) for t in texts)
    rows = []
    bare = spacy.load(default_model_path())
    for n in (1, 2):
        rows.append((f"bare nlp.pipe(n_process={n})",
                     *_rate(words, lambda n=n: list(bare.pipe(texts, n_process=n)))))
    parallel._init(None)  # the model load is not part of the rate, as for bare spaCy
    for w in (1, 2):
        rows.append((f"kg extraction, {w} worker{'s' * (w > 1)}", *_rate(words, lambda w=w: [
            o for b in parallel.extract(arts, None, w, min_parallel_words=0) for o in b])))
    print(f"{len(arts)} articles, {words:,} words")
    print(f"{'run':<34} {'seconds':>8} {'words/s':>9}")
    for name, dt, rate in rows:
        print(f"{name:<34} {dt:8.1f} {rate:9,.0f}")
    print(f"{'kg 2 workers / bare n_process=2':<34} {'':>8} {rows[3][2] / rows[1][2]:9.2f}")
    if args.profile:
        print("\nserial kg time by stage (s):")
        for name, s in _profile(arts):
            print(f"  {name:<30} {s:7.2f}")
    json.dump({name: rate for name, _, rate in rows}, sys.stderr)
    print(file=sys.stderr)


if __name__ == "__main__":
    main()
