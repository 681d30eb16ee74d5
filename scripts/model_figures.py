"""Print the shipped model's figures as Markdown and write them into its model card.

Usage (from the repo root; pin one thread so words/s means "one core"):

    OMP_NUM_THREADS=1 .venv/bin/python scripts/model_figures.py [--model DIR] [--shared DIR]

Writes kg/models/id_kg_news/FIGURES.md and the scores into its meta.json
("performance"), so docs/model.md and the card are produced, never typed. Training time
comes from meta.json's "kg_training", recorded by `kg train`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from kg.train.evaluate import dir_size_mb, evaluate_all  # noqa: E402
from kg.train.package import SHIPPED  # noqa: E402
from kg.train.report import markdown, performance  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", type=Path, default=SHIPPED)
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    p.add_argument("--articles", type=int, default=400,
                   help="news_corpus articles for the speed figure (default 400)")
    p.add_argument("--no-write", action="store_true", help="print only; leave the card as is")
    args = p.parse_args(argv)
    if not (args.model / "config.cfg").exists():
        print(f"model_figures: {args.model}: not a spaCy model directory.", file=sys.stderr)
        return 2
    if not args.shared.is_dir():
        print(f"model_figures: {args.shared}: the shared data folder is missing.",
              file=sys.stderr)
        return 2

    import spacy

    nlp = spacy.load(args.model)
    meta_path = args.model / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    figs = evaluate_all(nlp, args.shared, n_articles=args.articles)
    figs["size_mb"] = dir_size_mb(args.model)
    figs["training"] = meta.get("kg_training")
    md = markdown(figs)
    print(md)
    if not args.no_write:
        (args.model / "FIGURES.md").write_text(
            "# Figures of the shipped model\n\nProduced by `scripts/model_figures.py`; "
            "do not edit by hand.\n\n" + md, encoding="utf-8")
        meta["performance"] = performance(figs)
        meta["kg_figures"] = {"size_mb": figs["size_mb"], "speed": figs.get("speed")}
        meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
