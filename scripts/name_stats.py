"""Build kg/data/name_stats.tsv: how the corpus uses each capitalised word.

Why: where a post or an organisation ends and a person's name begins ("Ketua Badan
Legislasi DPR Supratman Andi Agtas") is decided word by word, and the best evidence for a
word is how the news writes it elsewhere. A word that is often written in lower case
("hukum", "legislasi") or inside organisation names is scope; a word that is never lower
case and that the NER model puts in people's names is a name.

Columns (counts over the corpus, dev-gold articles excluded so figures on them stay honest):
  token      the word as written capitalised ("Legislasi", "Supratman")
  cap        capitalised occurrences not at a sentence start (whole corpus, regex tokens)
  lower      occurrences of the same word in lower case (whole corpus)
  per_b per_i  the model's PER spans starting with / continuing with the word (sampled articles)
  org_b org_i  the same for ORG spans
  loc        the word inside a LOC span

Usage:
  nice -n 10 .venv/bin/python scripts/name_stats.py \
      ../shared/data/news_corpus/click_id_articles.jsonl --every 3 --out kg/data/name_stats.tsv
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SENT_END = re.compile(r"[.!?:\"“”\n]\s*$")


def _gold_ids(path: Path) -> set[str]:
    if not path.exists():
        return set()
    gold = json.loads(path.read_text(encoding="utf-8"))
    return set(gold.get("articles", {}))


def _case_counts(texts: list[str]) -> tuple[Counter[str], Counter[str]]:
    cap: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for text in texts:
        for m in _TOKEN.finditer(text):
            w = m.group()
            if w[0].isupper():
                if not w.isupper() and m.start() > 0 and not _SENT_END.search(
                        text[max(0, m.start() - 3) : m.start()]):
                    cap[w] += 1
            elif w.islower():
                lower[w] += 1
    return cap, lower


def _model_counts(texts: list[str]) -> dict[str, Counter[str]]:
    import spacy

    from kg.nlp import default_model_path

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    nlp = spacy.load(default_model_path(), exclude=["parser", "morphologizer"])
    out = {k: Counter() for k in ("per_b", "per_i", "org_b", "org_i", "loc")}
    for n, doc in enumerate(nlp.pipe(texts, batch_size=32)):
        for e in doc.ents:
            words = [t.text for t in e if t.text[:1].isupper()]
            if not words:
                continue
            if e.label_ == "PER":
                out["per_b"][words[0]] += 1
                out["per_i"].update(words[1:])
            elif e.label_ == "ORG":
                out["org_b"][words[0]] += 1
                out["org_i"].update(words[1:])
            elif e.label_ == "LOC":
                out["loc"].update(words)
        if n % 500 == 0:
            print(f"  model: {n}/{len(texts)} articles", file=sys.stderr)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--every", type=int, default=3, help="run the model on every Nth article")
    ap.add_argument("--gold", type=Path,
                    default=Path(__file__).resolve().parents[2] / "shared/dev_gold/dev_gold.json")
    ap.add_argument("--min-count", type=int, default=4)
    ap.add_argument("--out", type=Path, default=Path("kg/data/name_stats.tsv"))
    args = ap.parse_args()
    if not args.corpus.is_file():
        print(f"{args.corpus}: no such corpus file.", file=sys.stderr)
        return 2
    skip = _gold_ids(args.gold)
    texts: list[str] = []
    with args.corpus.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            if rec.get("id") in skip or not rec.get("text"):
                continue
            texts.append(rec["text"])
    print(f"{len(texts)} articles ({len(skip)} dev-gold ids skipped)", file=sys.stderr)
    cap, lower = _case_counts(texts)
    model = _model_counts(texts[:: args.every])
    rows = []
    for w, c in cap.items():
        m = {k: model[k][w] for k in model}
        if c + sum(m.values()) < args.min_count:
            continue
        rows.append((w, c, lower[w.lower()], *m.values()))
    rows.sort(key=lambda r: (-r[1], r[0]))
    tmp = args.out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write("# derived from the news corpus by scripts/name_stats.py (see its docstring); "
                 f"sample={args.every}: model counts come from every {args.every}th article\n")
        fh.write("token\tcap\tlower\tper_b\tper_i\torg_b\torg_i\tloc\n")
        for r in rows:
            fh.write("\t".join(map(str, r)) + "\n")
    tmp.replace(args.out)
    print(f"{len(rows)} words -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
