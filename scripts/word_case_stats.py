"""Build kg/data/word_case.tsv: how often each word of the news corpus is written in
lower case, capitalised inside a sentence, or at a sentence start.

Why: a capitalised word that the corpus mostly writes in lower case ("Kebakaran",
"Hari", "Pelantikan") is a common noun at the start of a sentence or heading, not a
person's name. Resolution reads the table (kg/resolution/types.py) to stop such words
becoming Person nodes; extraction may use it for name boundaries.

    python scripts/word_case_stats.py [../shared/data/news_corpus/click_id_articles.jsonl]

Only words seen at least MIN_TOTAL times and both capitalised and in lower case at least
once are kept (the others tell nothing), so the file stays small. Deterministic: same
corpus, same file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared/data/news_corpus/click_id_articles.jsonl"
MIN_TOTAL = 20
# a word: letters (with inner hyphen or apostrophe); digits and mixed tokens are skipped
WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?:\"\u201c\u201d()\n]\s*$")


def count(texts: list[str] | object) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """(lower, capitalised inside a sentence, capitalised at a sentence start) counts."""
    lower: Counter[str] = Counter()
    inner: Counter[str] = Counter()
    start: Counter[str] = Counter()
    for text in texts:  # type: ignore[attr-defined]
        prev_end = 0
        for m in WORD.finditer(text):
            w = m.group()
            gap = text[prev_end:m.start()]
            prev_end = m.end()
            if len(w) < 2 or w.isupper():
                continue
            key = w.casefold()
            if w[0].islower():
                lower[key] += 1
            elif m.start() == 0 or SENTENCE_END.search(text[max(0, m.start() - 3):m.start()]) \
                    or "\n" in gap:
                start[key] += 1
            else:
                inner[key] += 1
    return lower, inner, start


def texts(path: Path):
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                yield rec.get("title") or ""
                yield rec.get("text") or ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--out", type=Path,
                    default=ROOT / "kg/data/word_case.tsv")
    args = ap.parse_args(argv)
    if not args.corpus.is_file():
        print(f"kg: corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    lower, inner, start = count(texts(args.corpus))
    rows = []
    for w in sorted(set(lower) | set(inner) | set(start)):
        lo, up, st = lower[w], inner[w], start[w]
        if lo + up + st >= MIN_TOTAL and lo and (up or st):
            rows.append(f"{w}\t{lo}\t{up}\t{st}\n")
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text("# word\tlower\tcapitalised_inside\tcapitalised_at_start "
                   f"(from {args.corpus.name}; scripts/word_case_stats.py)\n"
                   "word\tlower\tinner\tstart\n" + "".join(rows), encoding="utf-8")
    tmp.replace(args.out)
    print(f"{len(rows)} words -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
