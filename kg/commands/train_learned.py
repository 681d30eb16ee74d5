"""`kg train-learned`: retrain the learned attendee/location component (kg/learned).

Reads the training annotations (eval/train/ann*.json, their texts from the corpus by id)
and optionally the dev gold's odd half; holds back the seeded test fold; picks each
kind's mode and threshold by out-of-fold F1; refits; prints the figures; with --ship
writes kg/models/kg_event_rel. --test-out writes the test fold (texts + gold) for
`kg build` + `kg evaluate`. See docs/learned.md.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

HELP = ("train the learned attendee/location classifier (kg_event_rel) on eval/train "
        "annotations with a fixed seed; print out-of-fold figures; --ship to install it")

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", type=Path, default=ROOT / "kg" / "train" / "configs" / "learned.cfg")
    p.add_argument("--train", type=Path, default=ROOT / "eval" / "train",
                   help="folder of annN.json training annotations")
    p.add_argument("--corpus", type=Path,
                   default=SHARED / "data" / "news_corpus" / "click_id_articles.jsonl",
                   help="the corpus the annotated articles' texts come from")
    p.add_argument("--dev-odd", type=Path, default=None,
                   help="also train on these dev-gold articles (a .jsonl of the odd half)")
    p.add_argument("--dev-gold", type=Path, default=SHARED / "dev_gold" / "dev_gold.json")
    p.add_argument("--ship", action="store_true", help="write kg/models/kg_event_rel")
    p.add_argument("--spans", type=Path, default=None, metavar="WORKDIR",
                   help="also train the event span categoriser (spaCy trainer, config "
                        "event_spans.cfg) in WORKDIR and ship it to kg/models/kg_event_spans")
    p.add_argument("--test-out", type=Path, default=None,
                   help="write the test fold here: test.jsonl and gold.json")


def _texts(path: Path, wanted: set[str] | None = None) -> dict[str, str]:
    """Cleaned article texts (the way kg build reads them) by id."""
    import tempfile

    from kg.errors import KgError
    from kg.ingest import iter_articles
    from kg.models import Article

    if not path.exists():
        raise KgError(f"{path}: no such file.")
    src = path
    with tempfile.TemporaryDirectory() as tmp:
        if wanted is not None:  # the corpus is large: copy only the wanted lines
            src = Path(tmp) / "wanted.jsonl"
            with path.open(encoding="utf-8") as fh, src.open("w", encoding="utf-8") as out:
                for line in fh:
                    if line.strip() and json.loads(line).get("id") in wanted:
                        out.write(line)
        return {a.id: a.text for a in iter_articles([src]) if isinstance(a, Article)}


def run(args: argparse.Namespace) -> int:
    from kg.errors import KgError
    from kg.learned import train
    from kg.learned.component import EventRelations, build_model
    from kg.nlp import load_pipeline

    cfg = train.load_config(args.config)
    ann = sorted(args.train.glob("ann*.json"))
    ann_ids: set[str] = set()
    for p in ann:
        data = json.loads(p.read_text(encoding="utf-8"))
        ann_ids |= {e["article"] for e in data.get("entities", []) if e.get("article")}
    seed, frac = cfg["data"]["test_seed"], cfg["data"]["test_fraction"]
    test_ids = {i for i in ann_ids if train.in_test_fold(i, seed, frac)}
    texts = _texts(args.corpus, ann_ids) if ann_ids else {}
    gold_paths = list(ann)
    train_texts = {i: t for i, t in texts.items() if i not in test_ids}
    if args.dev_odd:
        train_texts.update(_texts(args.dev_odd))
        gold_paths.append(args.dev_gold)
    if not train_texts:
        raise KgError("no training articles (eval/train/ann*.json empty and no --dev-odd).")
    if args.test_out:
        _write_test(args.test_out, args.corpus, test_ids, ann)
    if args.spans:
        from kg.learned.spans import train_spans

        card = train_spans(load_pipeline(learned=False), train_texts, gold_paths,
                           args.config.with_name("event_spans.cfg"), args.spans)
        print("event spans (dev articles):", json.dumps(
            {k: v for k, v in card.items() if k != "config"}, ensure_ascii=False))
    nlp = load_pipeline(learned=True, relations=False)
    exs = train.gather(nlp, train_texts, gold_paths)
    pipe = EventRelations(nlp.vocab, build_model(cfg["model"]["hidden"]))
    probs = train.out_of_fold(exs, cfg, pipe)
    modes, thresholds, table = train.choose(exs, probs, cfg)
    n_pos = {k: int(sum((ex["y"][:, i] == 1).sum() for ex in exs))
             for i, k in enumerate(train.KINDS)}
    print(f"training articles: {len(exs)} (annotated {len(ann_ids) - len(test_ids)}, "
          f"dev odd {len(exs) - len(ann_ids) + len(test_ids)}); test fold: {len(test_ids)}; "
          f"candidate pairs: {sum(len(ex['cands']) for ex in exs)}; positives: {n_pos}")
    print("| kind | mode | threshold | correct/predicted | correct/gold | F1 |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    print("\n".join(table))
    print(f"chosen: modes {modes}, thresholds {thresholds}")
    train.fit(pipe, exs, cfg)
    pipe.cfg.update(modes=modes, thresholds=thresholds)
    if args.ship:
        card = {"articles": len(exs), "annotated_train": sorted(set(train_texts) & ann_ids),
                "test_fold": sorted(test_ids), "dev_odd": bool(args.dev_odd),
                "positives": n_pos, "modes": modes, "thresholds": thresholds,
                "config": {k: dict(v) for k, v in cfg.items()}, "selection": table}
        train.save(pipe, train.MODEL_DIR, card)
        print(f"shipped: {train.MODEL_DIR}")
    return 0


def _write_test(out: Path, corpus: Path, ids: set[str], ann: list[Path]) -> None:
    """The test fold as a corpus file (its lines as they are) and one gold file, for
    `kg build` and `kg evaluate`."""
    out.mkdir(parents=True, exist_ok=True)
    with corpus.open(encoding="utf-8") as fh, (out / "test.jsonl").open("w", encoding="utf-8") as o:
        for line in fh:
            if line.strip() and json.loads(line).get("id") in ids:
                o.write(line)
    merged: dict[str, Any] = {"articles": {}, "entities": [], "relations": []}
    for p in ann:
        data = json.loads(p.read_text(encoding="utf-8"))
        home = {e["id"]: e.get("article") for e in data.get("entities", [])}
        merged["articles"].update({k: v for k, v in data.get("articles", {}).items() if k in ids})
        merged["entities"] += [e for e in data.get("entities", []) if e.get("article") in ids]
        merged["relations"] += [r for r in data.get("relations", [])
                                if (r.get("article") or home.get(r.get("s"))) in ids]
    (out / "gold.json").write_text(json.dumps(merged, ensure_ascii=False), encoding="utf-8")
