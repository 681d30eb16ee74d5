"""Resolution speed at corpus scale: resolve the extractions of a build, repeated under new
article ids up to N articles (names repeat as in a real corpus, where most names recur),
and print one table row per size.

    python scripts/bench_resolve.py BUILD_DIR [--sizes 2000,8000,21930]

BUILD_DIR/extractions.jsonl comes from `kg build`. One core, no extraction: this times
resolution alone (type vote, local clusters, cross-article merges, entity table).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

from kg.models import ArticleExtraction
from kg.resolve import Resolver


def load(build: Path) -> list[ArticleExtraction]:
    out = []
    with (build / "extractions.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if "article" in rec:
                out.append(ArticleExtraction.from_dict(rec))
    return out


def scaled(base: list[ArticleExtraction], n: int) -> list[ArticleExtraction]:
    return [replace(ex, article=replace(ex.article, id=f"{ex.article.id}~{i // len(base)}"))
            for i, ex in zip(range(n), (base[i % len(base)] for i in range(n)), strict=True)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("build", type=Path)
    ap.add_argument("--sizes", default="2000,8000,21930")
    args = ap.parse_args(argv)
    if not (args.build / "extractions.jsonl").is_file():
        print(f"kg: no extractions.jsonl in {args.build} (run kg build first)", file=sys.stderr)
        return 2
    base = load(args.build)
    resolver = Resolver.from_data_files()
    print("| articles | mentions | entities | seconds |")
    print("| ---: | ---: | ---: | ---: |")
    for n in (int(s) for s in args.sizes.split(",")):
        exs = scaled(base, n)
        t = time.perf_counter()
        res = resolver.resolve(exs)
        secs = time.perf_counter() - t
        mentions = sum(len(ex.mentions) for ex in exs)
        print(f"| {n} | {mentions} | {len(res.entities)} | {secs:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
