"""`python -m kg.train` = `kg train`: corpora -> DocBins -> vectors -> pretrain -> train.

Every step writes under --out (corpus/, vectors/, pretrain/, run/, figures.json,
FIGURES.md) and reuses what is already there, so an interrupted run can be resumed and
the vectors and pretrained weights are built once. `--ship` copies the model into
kg/models/id_kg_news; scripts/model_figures.py then writes its card's figures.
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
    p.add_argument("--weight", action="append", default=[], metavar="CORPUS=N",
                   help="repeat a training corpus N times (nergrit, idner, nerugm, nerp, ud, "
                        "news); may be given more than once")
    p.add_argument("--annotations", type=Path, default=None, metavar="DIR",
                   help="kg's annotated news articles (ann*.json; default: the repo's "
                        "eval/train); --weight news=0 leaves them out")
    p.add_argument("--vectors", type=Path, default=None, metavar="DIR",
                   help="reuse the static vectors of this spaCy pipeline (e.g. the shipped "
                        "kg/models/id_kg_news) instead of training floret vectors")
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
    recipe = convert.Recipe(nerp=int(args.nerp), news_dir=args.annotations)
    for item in args.weight:
        name, _, num = item.partition("=")
        if name not in ("nergrit", "idner", "nerugm", "nerp", "ud", "news") or not num.isdigit():
            raise KgError(f"--weight {item}: expected CORPUS=N with CORPUS one of nergrit, "
                          "idner, nerugm, nerp, ud, news.")
        setattr(recipe, name, int(num))
    corpus = out / "corpus"
    print(f"kg train: converting {shared} -> {corpus}", flush=True)
    counts = convert.build(shared, corpus, recipe)
    print(f"kg train: {counts}", flush=True)
    vec = None
    if run.uses_vectors(cfg) and args.vectors is not None:
        if not (args.vectors / "config.cfg").exists():
            raise KgError(f"--vectors {args.vectors}: not a spaCy pipeline folder.")
        vec = args.vectors
    elif run.uses_vectors(cfg):
        news = shared / "news_corpus" / "click_id_articles.jsonl"
        if not news.exists():
            raise KgError(f"{news}: missing; config {cfg.name} needs it for vectors.")
        vec = vectors.build_vectors(news, out / "vectors", threads=2)
    overrides = {}
    if run.uses_pretraining(cfg):
        from kg.train import pretrain

        weights = pretrain.pretrain(cfg, shared / "news_corpus" / "click_id_articles.jsonl",
                                    out / "pretrain", vec)
        overrides["paths.init_tok2vec"] = str(weights)
    info = run.train(cfg, corpus, out / "run", args.max_minutes, vectors=vec,
                     overrides=overrides)
    info["recipe"] = {k: str(v) if isinstance(v, Path) else v for k, v in vars(recipe).items()}
    print(f"kg train: trained in {info['minutes']} min ({info['stopped']})", flush=True)

    import spacy

    model_dir = out / "run" / "model-best"
    nlp = spacy.load(model_dir)
    figs = evaluate.evaluate_all(nlp, shared, annotations=args.annotations
                                 if recipe.news else None, in_domain=bool(recipe.news))
    figs["size_mb"] = evaluate.dir_size_mb(model_dir)
    figs["training"] = info
    (out / "figures.json").write_text(json.dumps(figs, indent=2, default=str), encoding="utf-8")
    md = report.markdown(figs)
    (out / "FIGURES.md").write_text(md, encoding="utf-8")
    print(md)
    if args.ship:
        dest = package.ship(model_dir, info, used_nerp=args.nerp,
                            used_news=bool(recipe.news))
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
