"""Cost of one long article through kg's pipeline and extraction: should grow linearly.

Prints a table of words -> seconds per spaCy component and for extraction, for made-up
text with no sentence punctuation (the worst case: one "sentence" the length of the
article unless kg_sentences cuts it). Usage:

    python scripts/bench_long_article.py [--model blank|PATH] [--words 5000 20000 80000]
"""

from __future__ import annotations

import argparse
import random
import time

from kg.extract import Extractor
from kg.models import Article
from kg.nlp import load_pipeline

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
    names = [n for n, _ in nlp.pipeline]
    print("| words | chars | " + " | ".join(names) + " | extract | total s | s per 10k words |")
    print("|" + "---|" * (len(names) + 5))
    for n in args.words:
        text = " ".join(rnd.choice(WORDS) for _ in range(n))
        times = []
        t0 = time.perf_counter()
        doc = nlp.make_doc(text)
        for _, proc in nlp.pipeline:
            t = time.perf_counter()
            doc = proc(doc)
            times.append(time.perf_counter() - t)
        t = time.perf_counter()
        extractor(doc, Article(id="long", text=text, content_hash="x"))
        times.append(time.perf_counter() - t)
        total = time.perf_counter() - t0
        print(f"| {n} | {len(text)} | " + " | ".join(f"{x:.2f}" for x in times)
              + f" | {total:.2f} | {total / n * 10000:.2f} |")


if __name__ == "__main__":
    main()
