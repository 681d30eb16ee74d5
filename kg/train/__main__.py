"""`python -m kg.train` = `kg train`: corpora -> DocBins -> (vectors) -> train -> figures.

Every step writes under --out (corpus/, vectors/, run/, figures.json, FIGURES.md) and
reuses what is already there, so an interrupted run can be resumed and the vectors
(about 5 minutes) are built once. `--ship` copies the model into kg/models/id_kg_news.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kg.errors import KgError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--shared", type=Path, default=Path("../shared/data"),
                   help="the shared data folder (default ../shared/data)")
    p.add_argument("--out", type=Path, default=Path("training/runs/kg"),
                   help="work folder for DocBins, vectors, checkpoints and figures")
    p.add_argument("--config", default="floret",
                   help="config name in kg/train/configs (cnn, floret, ...) or a .cfg path")
    p.add_argument("--max-minutes", type=float, default=80.0,
                   help="wall-clock cap for the training loop (default 80)")
    p.add_argument("--idner-weight", type=int, default=1,
                   help="repeat idner-news-2k train this many times (corpus weighting)")
    p.add_argument("--nerp", action="store_true",
                   help="also train on NERP (lower-cased; unclear licence)")
    p.add_argument("--ship", action="store_true",
                   help="copy the trained model into kg/models/id_kg_news and write figures")


def main(args: argparse.Namespace) -> int:
    from kg.train import convert, evaluate, package, report, run, vectors

    shared: Path = args.shared
    if not shared.is_dir():
        raise KgError(f"--shared {shared}: no such folder (point it at shared/data).")
    if args.max_minutes <= 0:
        raise KgError(f"--max-minutes {args.max_minutes}: must be a positive number.")
    cfg = run.config_path(args.config)
    out: Path = args.out
    recipe = convert.Recipe(idner=args.idner_weight, nerp=int(args.nerp))
    corpus = out / "corpus"
    print(f"kg train: converting {shared} -> {corpus}", flush=True)
    counts = convert.build(shared, corpus, recipe)
    print(f"kg train: {counts}", flush=True)
    vec = None
    if run.uses_vectors(cfg):
        news = shared / "news_corpus" / "click_id_articles.jsonl"
        if not news.exists():
            raise KgError(f"{news}: missing; config {cfg.name} needs it for vectors.")
        vec = vectors.build_vectors(news, out / "vectors", threads=2)
    info = run.train(cfg, corpus, out / "run", args.max_minutes, vectors=vec)
    info["recipe"] = vars(recipe)
    print(f"kg train: trained in {info['minutes']} min ({info['stopped']})", flush=True)

    import spacy

    model_dir = out / "run" / "model-best"
    nlp = spacy.load(model_dir)
    figs = evaluate.evaluate_all(nlp, shared)
    figs["size_mb"] = evaluate.dir_size_mb(model_dir)
    figs["training"] = info
    (out / "figures.json").write_text(json.dumps(figs, indent=2, default=str), encoding="utf-8")
    md = report.markdown(figs)
    (out / "FIGURES.md").write_text(md, encoding="utf-8")
    print(md)
    if args.ship:
        dest = package.ship(model_dir, info, used_nerp=args.nerp)
        print(f"kg train: shipped to {dest}; run scripts/model_figures.py for the card",
              flush=True)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m kg.train", description=__doc__.splitlines()[0])
    add_arguments(parser)
    try:
        sys.exit(main(parser.parse_args()))
    except KgError as exc:
        print(f"kg train: {exc}", file=sys.stderr)
        sys.exit(2)
