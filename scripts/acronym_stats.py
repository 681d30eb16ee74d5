"""Build kg/data/acronym_counts.tsv: in how many news articles each 2-3 capital acronym
appears.

Why: the model types many short capitals Organization that name nothing one can point at
(a suspect's initials "tersangka ABC", an aircraft registration, a signature). An acronym
the corpus writes in many articles names something readers are expected to know ("CNN",
a football club), so resolution keeps a model guess of it even when the article never
defines it (kg/resolution/precision.py); a rare one it drops.

    python scripts/acronym_stats.py [../shared/data/news_corpus/click_id_articles.jsonl]

Only acronyms seen in at least MIN_ARTICLES articles are written. Deterministic.
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
MIN_ARTICLES = 5
ACRONYM = re.compile(r"(?<![\w.-])[A-Z]{2,3}(?![\w-])")


def count(texts: object) -> Counter[str]:
    """acronym -> number of texts it occurs in."""
    out: Counter[str] = Counter()
    for text in texts:  # type: ignore[attr-defined]
        out.update(set(ACRONYM.findall(text)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    ap.add_argument("--out", default=str(ROOT / "kg/data/acronym_counts.tsv"))
    args = ap.parse_args()
    path = Path(args.corpus)
    if not path.is_file():
        print(f"corpus not found: {path}", file=sys.stderr)
        return 2
    with path.open(encoding="utf-8") as fh:
        counts = count(json.loads(line).get("text", "") for line in fh if line.strip())
    rows = sorted((a, n) for a, n in counts.items() if n >= MIN_ARTICLES)
    tmp = Path(args.out + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(f"# acronym<TAB>articles (from {path.name}; scripts/acronym_stats.py)\n")
        fh.writelines(f"{a}\t{n}\n" for a, n in rows)
    tmp.replace(args.out)
    print(f"{len(rows)} acronyms -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
