"""`kg_event_rel`: a trainable spaCy component that decides who attended an event and
where it took place.

It scores every candidate pair of kg/learned/features.py with a small Thinc model (a
logistic layer, optionally with one hidden layer, over the pair's feature strings and the
shipped pipeline's tok2vec vectors of both ends) and writes its decisions to
`doc._.kg_event_rel` = {kind: {(event's first span, entity span): probability}}; kg/links.py
then emits those instead of the hand rules' links of that kind. Per kind, `modes` says
how learned and rule decisions combine, chosen by measurement on the training folds
(docs/learned.md): "replace" (the classifier alone), "filter" (a rule link kept only when
the classifier agrees) or "union" (rules plus the classifier's confident pairs).

Trained by `kg train-learned` (kg/learned/train.py); shipped in kg/models/kg_event_rel.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc
from spacy.vocab import Vocab
from thinc.api import Linear, Model, Relu, chain

from kg.learned.features import KINDS, Candidate, candidates, rule_pairs, vectors

if not Doc.has_extension("kg_event_rel"):
    Doc.set_extension("kg_event_rel", default=None)


def build_model(hidden: int = 0) -> Model:
    """Logits of (attendee, location) over the pair features (a logistic model: the
    sigmoid is applied by `probabilities`, so training takes the gradient of the log loss
    on the logits); `hidden` > 0 puts one ReLU layer before them."""
    return chain(Relu(nO=hidden), Linear(nO=len(KINDS))) if hidden else Linear(nO=len(KINDS))


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


class EventRelations(TrainablePipe):
    def __init__(self, vocab: Vocab, model: Model, name: str = "kg_event_rel", *,
                 hidden: int = 0, use_vectors: bool = True) -> None:
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg: dict[str, Any] = {
            "features": [], "hidden": hidden, "use_vectors": use_vectors,
            "thresholds": {k: 0.5 for k in KINDS}, "modes": {k: "replace" for k in KINDS},
        }
        self._index: dict[str, int] | None = None

    # features -------------------------------------------------------------------------
    def index(self) -> dict[str, int]:
        if self._index is None:
            self._index = {f: i for i, f in enumerate(self.cfg["features"])}
        return self._index

    def matrix(self, doc: Doc, cands: list[Candidate]) -> np.ndarray:
        """One row per candidate: its known feature strings one-hot, then the vectors."""
        index = self.index()
        sparse = np.zeros((len(cands), len(index)), dtype="f")
        for i, c in enumerate(cands):
            for f in c.feats:
                j = index.get(f)
                if j is not None:
                    sparse[i, j] = 1.0
        if not self.cfg["use_vectors"]:
            return sparse
        return np.hstack([sparse, vectors(doc, cands)])

    def probabilities(self, X: np.ndarray) -> np.ndarray:
        return sigmoid(self.model.ops.to_numpy(self.model.predict(X)))

    # spaCy API ------------------------------------------------------------------------
    def predict(self, docs: Iterable[Doc]) -> list[tuple[list[Candidate], np.ndarray]]:
        out = []
        for doc in docs:
            cands = candidates(doc)
            if not cands:
                out.append((cands, np.zeros((0, len(KINDS)), dtype="f")))
                continue
            out.append((cands, self.probabilities(self.matrix(doc, cands))))
        return out

    def set_annotations(self, docs: Iterable[Doc], scores: list[tuple[list[Candidate], np.ndarray]]
                        ) -> None:
        for doc, (cands, probs) in zip(docs, scores, strict=True):
            doc._.kg_event_rel = self.decide(doc, cands, probs)

    def decide(self, doc: Doc, cands: list[Candidate], probs: np.ndarray
               ) -> dict[str, dict[tuple[tuple[int, int], tuple[int, int]], float]]:
        """Per kind, the pairs kept under its mode and threshold."""
        out: dict[str, dict[tuple[tuple[int, int], tuple[int, int]], float]] = {}
        rules = rule_pairs(doc) if any(m != "replace" for m in self.cfg["modes"].values()) \
            else set()
        for k, kind in enumerate(KINDS):
            mode, t = self.cfg["modes"][kind], self.cfg["thresholds"][kind]
            if mode == "rules":
                continue  # the hand rules decide this kind
            kept = {}
            for c, p in zip(cands, probs[:, k] if len(cands) else [], strict=True):
                if c.kind != kind:
                    continue
                if kind == "attendee" and ("blocked" in c.feats or "planned" in c.feats) \
                        and mode != "filter":
                    continue  # planned, rumoured or declined: nobody attended (CONTRACT)
                ruled = (kind, c.event, c.ent) in rules
                if (mode == "replace" and p >= t) or (mode == "filter" and ruled and p >= t) \
                        or (mode == "union" and (ruled or p >= t)):
                    kept[(c.event, c.ent)] = max(float(p), kept.get((c.event, c.ent), 0.0))
            out[kind] = kept
        return out

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None,
                   features: list[str] | None = None, width: int = 96) -> None:
        """Fix the feature vocabulary and the input width (training calls this)."""
        self.cfg["features"] = list(features or [])
        self._index = None
        n_in = len(self.cfg["features"]) + (2 * width if self.cfg["use_vectors"] else 0)
        self.model.initialize(X=np.zeros((2, n_in), dtype="f"))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ("vocab",)) -> EventRelations:
        super().from_disk(path, exclude=exclude)
        self._index = None
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ("vocab",)) -> None:
        super().to_disk(path, exclude=exclude)


@Language.factory("kg_event_rel", default_config={"hidden": 0, "use_vectors": True})
def make_event_rel(nlp: Language, name: str, hidden: int, use_vectors: bool) -> EventRelations:
    return EventRelations(nlp.vocab, build_model(hidden), name, hidden=hidden,
                          use_vectors=use_vectors)
