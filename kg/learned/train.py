"""Train `kg_event_rel` (who attended, where) from gold-annotated articles, reproducibly.

    kg train-learned --config kg/train/configs/learned.cfg [--dev-odd ../notes/dev_odd.jsonl]
                     [--ship] [--test-out DIR]

Data: eval/train/ann*.json (texts drawn from the corpus by id) minus a test fold — the
articles whose seeded hash falls in the configured fraction, stable as annotations are
added — plus, optionally, the dev gold's odd half. The dev gold's even half and
eval/heldout are never read here. The hyperparameters, the seed, and the candidates for
modes and thresholds come from the config; each kind's mode ("rules", "replace",
"filter", "union") and threshold are chosen by F1 of out-of-fold predictions on the
training articles (k folds by article), then the model is refit on all of them. With
--ship it is written to kg/models/kg_event_rel (with a card of the figures).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
from thinc.api import Adam, Config, fix_random_seed

from kg.learned.component import EventRelations, build_model, sigmoid
from kg.learned.data import IGNORE, examples, load_gold
from kg.learned.features import KINDS
from kg.paths import package_file

MODEL_DIR = package_file("models", "kg_event_rel")
MODES = ("rules", "replace", "filter", "union")


def in_test_fold(article: str, seed: int, fraction: float) -> bool:
    """A seeded hash of the id, so an article stays in its fold as more are annotated."""
    h = int(hashlib.sha256(f"{seed}:{article}".encode()).hexdigest()[:8], 16)
    return h / 0xFFFFFFFF < fraction


def fit(pipe: EventRelations, exs: list[dict[str, Any]], cfg: dict[str, Any]) -> None:
    """Fix the feature vocabulary on `exs`, then train the logistic model with Adam on the
    masked log loss."""
    t = cfg["training"]
    fix_random_seed(t["seed"])
    counts: dict[str, int] = {}
    for ex in exs:
        for c in ex["cands"]:
            for f in c.feats:
                counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, n in counts.items() if n >= t["min_count"])
    pipe.model = build_model(cfg["model"]["hidden"])
    pipe.cfg.update(hidden=cfg["model"]["hidden"], use_vectors=cfg["model"]["use_vectors"])
    pipe.initialize(features=vocab)
    X = np.vstack([pipe.matrix(ex["doc"], ex["cands"]) for ex in exs if ex["cands"]])
    Y = np.vstack([ex["y"] for ex in exs if ex["cands"]])
    mask = (Y != IGNORE).astype("f")
    Y = np.where(mask > 0, Y, 0.0).astype("f")
    weight = np.where(Y > 0, t["positive_weight"], 1.0).astype("f") * mask
    opt = Adam(t["learn_rate"], L2=t["l2"])
    rng = np.random.RandomState(t["seed"])
    for _ in range(t["epochs"]):
        order = rng.permutation(len(X))
        for b in range(0, len(order), t["batch"]):
            idx = order[b : b + t["batch"]]
            logits, backprop = pipe.model.begin_update(X[idx])
            p = sigmoid(pipe.model.ops.to_numpy(logits))
            d = (p - Y[idx]) * weight[idx] / max(1.0, float(mask[idx].sum()))
            backprop(pipe.model.ops.asarray(d.astype("f")))
            pipe.model.finish_update(opt)


def out_of_fold(exs: list[dict[str, Any]], cfg: dict[str, Any], pipe: EventRelations
                ) -> list[np.ndarray]:
    """Each article's probabilities from a model fit on the other folds."""
    k = cfg["training"]["folds"]
    probs: list[np.ndarray] = [np.zeros((0, len(KINDS)))] * len(exs)
    for f in range(k):
        train = [ex for i, ex in enumerate(exs) if i % k != f]
        fit(pipe, train, cfg)
        for i, ex in enumerate(exs):
            if i % k == f:
                probs[i] = pipe.probabilities(pipe.matrix(ex["doc"], ex["cands"])) \
                    if ex["cands"] else np.zeros((0, len(KINDS)))
    return probs


def score(exs: list[dict[str, Any]], probs: list[np.ndarray], kind: str, mode: str,
          t: float) -> tuple[int, int, int]:
    """(correct, predicted, gold) relations of `kind` over the articles, counted per gold
    pair as the evaluation does (a pair the gold lacks, or with an unaligned end, is a
    wrong prediction)."""
    k = KINDS.index(kind)
    correct = predicted = total = 0
    for ex, p in zip(exs, probs, strict=True):
        gold = set(ex["gold"].relations[kind])
        total += len(gold)
        kept = set()
        for c, (ge, go), pr in zip(ex["cands"], ex["ids"], p, strict=True):
            if c.kind != kind:
                continue
            ruled = "rule" in c.feats
            keep = {"rules": ruled, "replace": pr[k] >= t, "filter": ruled and pr[k] >= t,
                    "union": ruled or pr[k] >= t}[mode]
            if keep:
                kept.add((ge or f"?{c.event}", go or f"?{c.ent}"))
        predicted += len(kept)
        correct += len(kept & gold)
    return correct, predicted, total


def f1(c: int, p: int, g: int) -> float:
    return 2 * c / (p + g) if p + g else 0.0


def choose(exs: list[dict[str, Any]], probs: list[np.ndarray], cfg: dict[str, Any]
           ) -> tuple[dict[str, str], dict[str, float], list[str]]:
    """Per kind the (mode, threshold) of best out-of-fold F1; the table of all tried."""
    modes, thresholds, table = {}, {}, []
    for kind in KINDS:
        best = ("rules", 0.5, -1.0)
        for mode in MODES:
            for t in ([0.5] if mode == "rules" else cfg["select"]["thresholds"]):
                c, p, g = score(exs, probs, kind, mode, t)
                val = f1(c, p, g)
                table.append(f"| {kind} | {mode} | {t:.2f} | {c}/{p} | {c}/{g} | {val:.3f} |")
                if val > best[2] + 1e-9:
                    best = (mode, t, val)
        modes[kind], thresholds[kind] = best[0], best[1]
    return modes, thresholds, table


def load_config(path: Path) -> dict[str, Any]:
    return dict(Config().from_disk(path))


def save(pipe: EventRelations, out: Path, card: dict[str, Any]) -> None:
    """Write the component (cfg + weights) and its card atomically-enough: to a sibling
    folder first, then swapped in."""
    tmp = out.with_name(out.name + ".tmp")
    if tmp.exists():
        for f in tmp.iterdir():
            f.unlink()
    pipe.to_disk(tmp)
    (tmp / "card.json").write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    if out.exists():
        old = out.with_name(out.name + ".old")
        out.rename(old)
        tmp.rename(out)
        for f in old.iterdir():
            f.unlink()
        old.rmdir()
    else:
        tmp.rename(out)


def gather(nlp: Any, texts: dict[str, str], gold_paths: list[Path]) -> list[dict[str, Any]]:
    """Examples for the articles in `texts` that have gold."""
    gold = load_gold(gold_paths)
    ids = [i for i in sorted(texts) if i in gold]
    docs = nlp.pipe((texts[i] for i in ids), batch_size=16)
    return examples(zip(ids, docs, strict=True), gold)
