"""Training examples for `kg_event_rel` from gold annotations (the dev_gold.json format).

Gold names things by alias, not by offset, so this module aligns: a happening (a cluster
of event mentions) is the gold event one of whose aliases its mention's words equal, or
contain, or are contained in; an entity mention is the gold entity whose alias it equals
(else the longest alias it contains, "Menteri X Nama Orang" ⊃ "Nama Orang", or is
contained in). A candidate pair is positive when the gold states the relation between
the two. Where the gold gives the relation's `evidence` sentence (eval/train), only the
mentions in that sentence are positive and the entity's other mentions are left out of
training (they may or may not say it); without evidence every mention is positive.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from kg.gold import norm
from kg.learned.features import KINDS, Candidate, candidates

IGNORE = -1.0  # a label left out of the loss


@dataclass
class ArticleGold:
    events: dict[str, set[str]]  # gold event id -> normalised aliases
    others: dict[str, tuple[str, set[str]]]  # gold entity id -> (type, normalised aliases)
    relations: dict[str, dict[tuple[str, str], str | None]]  # kind -> (event, o) -> evidence


def load_gold(paths: Iterable[Path]) -> dict[str, ArticleGold]:
    """Article id -> its gold events, entities and attendee/location relations."""
    out: dict[str, ArticleGold] = {}
    for path in paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        home: dict[str, str] = {}
        for e in data.get("entities", []):
            art = e.get("article")
            if not art or e.get("type") in ("Negative", "Ignore"):
                continue
            g = out.setdefault(art, ArticleGold({}, {}, {k: {} for k in KINDS}))
            keys = {norm(a) for a in e.get("aliases", []) if norm(a)}
            home[e["id"]] = art
            if e["type"] == "Event":
                g.events[e["id"]] = keys
            else:
                g.others[e["id"]] = (e["type"], keys)
        for r in data.get("relations", []):
            if r.get("kind") not in KINDS:
                continue
            art = r.get("article") or home.get(r.get("s", ""))
            if art in out:
                out[art].relations[r["kind"]][(r["s"], r["o"])] = r.get("evidence")
    return out


def _contains(big: str, small: str) -> bool:
    return f" {small} " in f" {big} "


def match_alias(text: str, table: dict[str, set[str]]) -> str | None:
    """The id whose aliases equal `text` (normalised), else the one with the longest
    alias contained in it, else one whose alias contains it."""
    t = norm(text)
    if not t:
        return None
    exact = [i for i, keys in table.items() if t in keys]
    if exact:
        return exact[0]
    inner = [(len(k), i) for i, keys in table.items() for k in keys if _contains(t, k)]
    if inner:
        return max(inner)[1]
    outer = [(-len(k), i) for i, keys in table.items() for k in keys if _contains(k, t)]
    return max(outer)[1] if outer else None


def _in_evidence(sentence: str, evidence: str | None) -> bool | None:
    """Whether the mention's sentence is the evidence sentence (None: no evidence given)."""
    if not evidence:
        return None
    s, e = norm(sentence), norm(evidence)
    if not s or not e:
        return None
    if _contains(s, e) or _contains(e, s):
        return True
    a, b = set(s.split()), set(e.split())
    return len(a & b) / max(1, min(len(a), len(b))) >= 0.7


def label(doc: Doc, cands: list[Candidate], gold: ArticleGold
          ) -> tuple[np.ndarray, list[tuple[str | None, str | None]]]:
    """(labels, (gold event, gold entity) per candidate): labels[i, k] is 1/0 for the
    candidate's own kind, IGNORE for the other kind and for masked mentions."""
    y = np.full((len(cands), len(KINDS)), IGNORE, dtype="f")
    ids: list[tuple[str | None, str | None]] = []
    event_of: dict[tuple[int, int], str | None] = {}
    for c in cands:
        if c.event not in event_of:
            # the happening is the gold event most of its mentions in this doc align to
            votes: dict[str, int] = defaultdict(int)
            for a, b in c.members:
                text = doc[a:b].text
                g = match_alias(text, gold.events)
                if g:
                    votes[g] += 2 if norm(text) in gold.events[g] else 1
            event_of[c.event] = max(votes, key=lambda g: votes[g]) if votes else None
    wanted = {"attendee": ("Person", "Organization"), "location": ("Place",)}
    for i, c in enumerate(cands):
        k = KINDS.index(c.kind)
        table = {gid: keys for gid, (typ, keys) in gold.others.items() if typ in wanted[c.kind]}
        ge, go = event_of[c.event], match_alias(doc[c.ent[0] : c.ent[1]].text, table)
        ids.append((ge, go))
        if ge is None or go is None or (ge, go) not in gold.relations[c.kind]:
            y[i, k] = 0.0
            continue
        inside = _in_evidence(doc[c.ent[0]].sent.text, gold.relations[c.kind][(ge, go)])
        y[i, k] = IGNORE if inside is False else 1.0
    return y, ids


def examples(docs: Iterable[tuple[str, Doc]], gold: dict[str, ArticleGold]
             ) -> list[dict[str, Any]]:
    """Per article: its candidates, labels and aligned gold ids (articles without gold
    are skipped)."""
    out = []
    for art, doc in docs:
        if art not in gold:
            continue
        cands = candidates(doc)
        y, ids = label(doc, cands, gold[art])
        out.append({"article": art, "doc": doc, "cands": cands, "y": y, "ids": ids,
                    "gold": gold[art]})
    return out
