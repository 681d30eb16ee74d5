"""Cost of one long article as `kg build` pays it: should grow linearly with its size.

Made-up text with no sentence punctuation (the worst case: one "sentence" the length of
the article unless kg_sentences cuts it) goes through `kg.pieces.extract_article`, which
extracts articles over PIECE_CHARS in pieces. Prints words -> pieces, seconds, seconds
per 10k words. Usage:

    python scripts/bench_long_article.py [--model blank|PATH] [--words 5000 20000 80000]
"""

from __future__ import annotations

import argparse
import random
import time

from kg.extract import Extractor
from kg.models import Article
from kg.nlp import load_pipeline
from kg.pieces import extract_article, split_pieces

WORDS = ["kata", "Jakarta", "pemerintah", "Budi", "rapat", "daerah", "Gubernur", "Santoso",
         "menurut", "Kepala", "Dinas", "Pendidikan", "hadir", "dalam", "acara"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    ap.add_argument("--words", type=int, nargs="+", default=[5000, 20000, 80000])
    args = ap.parse_args()
    nlp = load_pipeline(args.model)
    extractor = Extractor()
    rnd = random.Random(1)
    print("| words | chars | pieces | mentions | seconds | s per 10k words |")
    print("|---|---|---|---|---|---|")
    for n in args.words:
        text = " ".join(rnd.choice(WORDS) for _ in range(n))
        t = time.perf_counter()
        ex = extract_article(nlp, extractor, Article(id="long", text=text, content_hash="x"))
        s = time.perf_counter() - t
        print(f"| {n} | {len(text)} | {len(split_pieces(text))} | {len(ex.mentions)} | "
              f"{s:.1f} | {s / n * 10000:.2f} |")


if __name__ == "__main__":
    main()
