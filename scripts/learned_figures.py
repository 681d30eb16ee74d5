"""Extraction figures on the learned components' test fold (the eval/train articles that
kg/train/configs/learned.cfg's seeded hash holds back from training), one build, one row.

    KG_LEARNED=1 .venv/bin/python scripts/learned_figures.py [--shared ../shared]
    KG_LEARNED=0 .venv/bin/python scripts/learned_figures.py   # the hand rules alone

Same columns as scripts/quality_figures.py. The gold is the test fold's part of
eval/train/ann*.json, merged into one file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from kg.evaluate import evaluate
from kg.learned.train import in_test_fold, load_config
from kg.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from quality_figures import KINDS, TYPES, _row  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    cfg = load_config(ROOT / "kg" / "train" / "configs" / "learned.cfg")["data"]
    ann = sorted((ROOT / "eval" / "train").glob("ann*.json"))
    every = {e["article"] for p in ann
             for e in json.loads(p.read_text(encoding="utf-8"))["entities"]
             if e.get("article")}
    ids = {a for a in every if in_test_fold(a, cfg["test_seed"], cfg["test_fraction"])}
    corpus = args.shared / "data" / "news_corpus" / "click_id_articles.jsonl"
    if not corpus.exists():
        sys.exit(f"{corpus}: no such file (pass --shared).")
    quiet = lambda m: None  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        src, gold = Path(tmp) / "test.jsonl", Path(tmp) / "gold.json"
        with corpus.open(encoding="utf-8") as fh:
            src.write_text("".join(line for line in fh if json.loads(line).get("id") in ids),
                           encoding="utf-8")
        merged: dict[str, dict | list] = {"articles": {}, "entities": [], "relations": []}
        for p in ann:
            data = json.loads(p.read_text(encoding="utf-8"))
            home = {e["id"]: e.get("article") for e in data.get("entities", [])}
            merged["articles"].update(  # type: ignore[union-attr]
                {k: v for k, v in data.get("articles", {}).items() if k in ids})
            merged["entities"] += [e for e in data["entities"] if e.get("article") in ids]  # type: ignore[operator]
            merged["relations"] += [r for r in data["relations"]  # type: ignore[operator]
                                    if (r.get("article") or home.get(r.get("s"))) in ids]
        gold.write_text(json.dumps(merged, ensure_ascii=False), encoding="utf-8")
        build([src], Path(tmp) / "out", progress=False, write_page=False, warn=quiet)
        s = evaluate(gold, Path(tmp) / "out", warn=quiet)
    tag = "hand rules alone" if os.environ.get("KG_LEARNED", "1") == "0" else "with learned"
    print("| articles | entity P | entity R | entity F1 | relation recall | "
          + " | ".join(KINDS) + " | holds P | quote-speaker P | "
          + " | ".join(f"{t} R" for t in TYPES) + " | splits |")
    print("| --- |" + " ---: |" * (5 + len(KINDS) + 1 + len(TYPES)) + " ---: |")
    print(_row(f"eval/train test fold ({len(ids)}), {tag}", s))
    for kind in ("attendee", "location"):
        r = s.relations[kind]
        print(f"{kind}: {r.found}/{r.total}")
    ev = s.entities["Event"]
    print(f"Event: P {ev.precision:.3f} R {ev.recall:.3f} ({ev.tp} found, {ev.fp} wrong, "
          f"{ev.fn} missed)")


if __name__ == "__main__":
    main()
