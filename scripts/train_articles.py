#!/usr/bin/env python3
"""Draw corpus articles for the training annotations (eval/train), apart from dev and held-out.

Learned components need annotated text that is neither the dev gold (what kg is scored on)
nor the held-out set (measure only). This draws them the way the held-out set was drawn
(public-sector news of 150-700 words, see eval/heldout/README.md) with its own seed, so
anyone can redraw the same list:

    python3 scripts/train_articles.py --count 120 --ids-out /tmp/train-ids.txt
    python3 scripts/train_articles.py --ids eval/train/ann1-ids.txt --out /tmp/train.jsonl

The second draw (seed 20261206) excluded the first (--exclude with the first draw's ids).
"""
import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = "../shared/data/news_corpus/click_id_articles.jsonl"
PUBLIC = re.compile(
    r"Gubernur|Bupati|Menteri|DPR|DPRD|Polda|Polres|Kapolri|Wali Kota|Pemprov|Pemkab|KPK|Presiden")
LEISURE = re.compile(
    r"sepak ?bola|Liga|pertandingan|artis|selebriti|film|musik|timnas|klub|Persib|Persija|"
    r"pelatih|striker", re.IGNORECASE)


def excluded_ids(dev: Path) -> set[str]:
    """Ids of the dev gold and the held-out set: never drawn for training."""
    ids = set((ROOT / "eval" / "heldout" / "ids.txt").read_text(encoding="utf-8").split())
    if dev.exists():
        for line in dev.read_text(encoding="utf-8").splitlines():
            if line.strip():
                ids.add(json.loads(line)["id"])
    return ids


def candidates(corpus: Path, exclude: set[str]) -> list[dict]:
    """Public-sector articles of 150-700 words, sorted by id."""
    found = []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            art = json.loads(line)
            text = art.get("text") or ""
            both = f"{art.get('title') or ''} {text}"
            if art.get("id") in exclude or not 150 <= len(text.split()) <= 700:
                continue
            if PUBLIC.search(both) and not LEISURE.search(both):
                found.append(art)
    return sorted(found, key=lambda a: a["id"])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT / DEFAULT_CORPUS))
    ap.add_argument("--dev", default=str(ROOT / "../shared/dev_gold/dev_articles.jsonl"))
    ap.add_argument("--seed", type=int, default=20261205)
    ap.add_argument("--count", type=int, default=120)
    ap.add_argument("--ids-out", help="write the drawn ids here, one a line")
    ap.add_argument("--ids", help="instead of drawing, extract these ids (one a line)")
    ap.add_argument("--exclude", action="append", default=[],
                    help="a file of ids (one a line) never to draw, e.g. an earlier draw's")
    ap.add_argument("--out", help="jsonl file for the articles' texts")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.exists():
        sys.exit(f"corpus not found: {corpus}")
    if args.ids:
        wanted = [i for i in Path(args.ids).read_text(encoding="utf-8").split() if i]
        pool = {a["id"]: a for a in candidates(corpus, set())}
        arts = [pool[i] for i in wanted if i in pool]
    else:
        exclude = excluded_ids(Path(args.dev))
        for name in args.exclude:
            exclude |= set(Path(name).read_text(encoding="utf-8").split())
        pool = candidates(corpus, exclude)
        arts = random.Random(args.seed).sample(pool, args.count)
        print(f"{len(pool)} candidates; drew {len(arts)} with seed {args.seed}", file=sys.stderr)
    if args.ids_out:
        Path(args.ids_out).write_text("".join(a["id"] + "\n" for a in arts), encoding="utf-8")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            for a in arts:
                out.write(json.dumps(a, ensure_ascii=False) + "\n")
    print(f"{len(arts)} articles", file=sys.stderr)


if __name__ == "__main__":
    main()
