"""One training run: convert the corpora, (build vectors,) train with a time cap, evaluate.

spaCy's loop has step and patience limits but no wall-clock limit, and the issue caps a
run at 90 minutes on a 2-core machine. `kg.deadline.v1` is a `before_update` callback
that raises once the time is up; spaCy's loop then stops and keeps the `model-best` it
saved at the last improving evaluation (only `model-last` is written on the way out), so
the cap never leaves a half-written model.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from spacy.util import registry

from kg.errors import KgError

CONFIG_DIR = Path(__file__).parent / "configs"
SEED = 0


class TrainingDeadline(RuntimeError):
    """Raised inside spaCy's loop when the wall-clock budget is spent."""


@registry.callbacks("kg.deadline.v1")
def make_deadline(minutes: float):
    """A before_update callback that stops training `minutes` after the pipeline starts
    initialising (spaCy resolves [training] then), so the cap covers the whole run."""
    stop_at = time.monotonic() + minutes * 60

    def before_update(nlp, info: dict) -> None:
        if time.monotonic() > stop_at:
            raise TrainingDeadline(f"time cap of {minutes} min reached at step {info['step']}")

    return before_update


def config_path(name: str) -> Path:
    """A config by name (`cnn`, `floret`, ...) or path; a typo names the known configs."""
    path = Path(name)
    if path.suffix == ".cfg" and path.exists():
        return path
    path = CONFIG_DIR / f"{name}.cfg"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in CONFIG_DIR.glob("*.cfg")))
        raise KgError(f"--config {name}: no such training config (known: {known}).")
    return path


def uses_vectors(cfg_path: Path) -> bool:
    return "include_static_vectors = true" in cfg_path.read_text(encoding="utf-8")


def uses_pretraining(cfg_path: Path) -> bool:
    return "corpora.pretrain" in cfg_path.read_text(encoding="utf-8")


def train(cfg_path: Path, corpus: Path, out: Path, max_minutes: float,
          vectors: Path | None = None, overrides: dict | None = None) -> dict:
    """Train with spaCy's own loop; returns {seconds, steps...} and writes train_info.json."""
    from spacy.cli.train import train as spacy_train

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    ov = {
        "paths.train": str(corpus / "train.spacy"),
        "paths.dev": str(corpus / "dev.spacy"),
        "system.seed": SEED,
        "training.before_update": {"@callbacks": "kg.deadline.v1", "minutes": max_minutes},
    }
    if vectors is not None:
        ov["paths.vectors"] = str(vectors)
    ov.update(overrides or {})
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    stopped = "converged or max_steps"
    try:
        spacy_train(cfg_path, out, use_gpu=-1, overrides=ov)
    except TrainingDeadline as exc:
        stopped = str(exc)
    seconds = time.time() - t0
    if not (out / "model-best" / "meta.json").exists():
        raise KgError(f"{out}: training ended without saving a model-best.")
    info = {"config": cfg_path.name, "seconds": round(seconds, 1),
            "minutes": round(seconds / 60, 1), "stopped": stopped, "seed": SEED,
            "max_minutes": max_minutes, "overrides": {k: v for k, v in ov.items()
                                                      if not k.startswith("paths.")}}
    meta = json.loads((out / "model-best" / "meta.json").read_text(encoding="utf-8"))
    info["dev_performance"] = meta.get("performance", {})
    (out / "train_info.json").write_text(json.dumps(info, indent=2, default=str),
                                         encoding="utf-8")
    return info
