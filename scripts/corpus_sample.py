#!/usr/bin/env python3
"""Draw a seeded random sample of corpus articles for a mini precision audit, apart from the
dev gold, the held-out set and the training annotations (never tune on those).

    python3 scripts/corpus_sample.py --seed 7301 --count 1500 --out /tmp/sample-7301.jsonl
    kg build /tmp/sample-7301.jsonl --out /tmp/b-7301 --no-page
    python3 scripts/audit_sample.py /tmp/b-7301 --seed 7301 --out docs/audit/mini/...

Unlike scripts/train_articles.py this draws from every article (sport, celebrity and all),
because the precision targets are about the whole corpus.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def excluded_ids(dev: Path) -> set[str]:
    """Ids never drawn: dev gold, held-out, every training annotation's articles."""
    ids = set((ROOT / "eval" / "heldout" / "ids.txt").read_text(encoding="utf-8").split())
    for f in (ROOT / "eval" / "train").glob("*-ids.txt"):
        ids |= set(f.read_text(encoding="utf-8").split())
    if dev.exists():
        for line in dev.read_text(encoding="utf-8").splitlines():
            if line.strip():
                ids.add(json.loads(line)["id"])
    return ids


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(
        ROOT / "../shared/data/news_corpus/click_id_articles.jsonl"))
    ap.add_argument("--dev", default=str(ROOT / "../shared/dev_gold/dev_articles.jsonl"))
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, default=1500)
    ap.add_argument("--exclude", action="append", default=[],
                    help="a jsonl sample whose articles are not drawn again (repeatable)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.exists():
        sys.exit(f"corpus not found: {corpus}")
    skip = excluded_ids(Path(args.dev))
    for other in args.exclude:
        skip |= {json.loads(x)["id"] for x in Path(other).read_text(encoding="utf-8").splitlines()
                 if x.strip()}
    pool = []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                art = json.loads(line)
                if art.get("id") not in skip and (art.get("text") or "").strip():
                    pool.append(line if line.endswith("\n") else line + "\n")
    pool.sort(key=lambda x: json.loads(x)["id"])
    drawn = random.Random(args.seed).sample(pool, min(args.count, len(pool)))
    Path(args.out).write_text("".join(drawn), encoding="utf-8")
    print(f"{len(pool)} candidates; drew {len(drawn)} with seed {args.seed}", file=sys.stderr)


if __name__ == "__main__":
    main()
