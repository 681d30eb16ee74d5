"""Candidate (event, participant) and (event, place) pairs of one Doc, and their features.

A candidate pairs one happening of the article (a cluster of event mentions, named by its
first span, kg/event_clusters.py) with one entity mention: people and organisations for
`attendee`, places for `location`. Candidates are the mentions in the sentences around
any of the happening's mentions (one before, up to `AFTER` after) plus every pair the
hand rules of kg/links.py link, so the learned decision can both drop a rule link and add
one the rules miss.

Features are strings (what the rules look at, made into evidence the classifier weighs:
cue words, distance, quotation, speaker, organiser, the rule's own decision, the words
between and around) plus, optionally, the shipped pipeline's tok2vec vectors of the
entity and the event mention (`doc.tensor`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from spacy.tokens import Doc, Span

from kg.event_clusters import EventCluster, cluster_events, head_of, main_event
from kg.event_lexicon import lexicon
from kg.links import (
    _attend_cue,
    _blocked,
    _has_cue,
    _on_occasion,
    _organisers,
    _quoted,
    _refers_back,
    _sources,
    link_events,
)

WINDOW = 6  # words either side of an entity whose lower-case forms are features
AFTER = 6  # sentences after a mention whose people may have attended ("Hadir pula ...")
LABELS = {"PER": "attendee", "ORG": "attendee", "LOC": "location"}
KINDS = ("attendee", "location")
Pair = tuple[tuple[int, int], tuple[int, int]]  # (event's first span, entity span)


@dataclass
class Candidate:
    kind: str
    event: tuple[int, int]  # (start, end) of the happening's first span
    ent: tuple[int, int]  # (start, end) of the entity (a doc.ents span)
    near: tuple[int, int]  # the happening's mention nearest to the entity
    feats: list[str] = field(default_factory=list)
    members: tuple[tuple[int, int], ...] = ()  # all the happening's mention spans


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def rule_pairs(doc: Doc) -> set[tuple[str, tuple[int, int], tuple[int, int]]]:
    """(kind, event first span, entity span) the hand rules link, with their own keys."""
    events = [(s, f"e{i}") for i, s in enumerate(doc.spans.get("kg_events", []))]
    key_of = {(e.start, e.end): f"n{e.start}_{e.end}" for e in doc.ents}
    span_of = {v: k for k, v in key_of.items()}
    first = {}
    for c in cluster_events(doc, events, [], None):
        for k in c.keys:
            first[k] = (c.spans[0].start, c.spans[0].end)
    out: set[tuple[str, tuple[int, int], tuple[int, int]]] = set()

    def add(kind: str, s: str, o: str | None, span: Span, conf: float, value: str | None) -> None:
        if kind in KINDS and o in span_of and s in first:
            out.add((kind, first[s], span_of[o]))

    link_events(doc, events, key_of, None, add, learned=False)
    return out


class _SentInfo:
    """What the rules know about one sentence, computed once."""

    def __init__(self, doc: Doc, sent: Span) -> None:
        self.skip = _quoted(sent)
        self.cue = _attend_cue(sent, self.skip)
        self.blocked = _blocked(sent, self.skip)
        self.org_cue = _has_cue(sent, "org", self.skip)
        self.venue = _has_cue(sent, "venue", self.skip)
        self.organisers = _organisers(doc, sent)
        self.sources = _sources(doc, sent)
        self.back = _refers_back(sent)
        self.occasion = _on_occasion(sent)
        self.first_per = next((e.start for e in sent.ents if e.label_ == "PER"), None)


def candidates(doc: Doc) -> list[Candidate]:
    """Every candidate pair of the Doc with its feature strings."""
    events = [(s, f"e{i}") for i, s in enumerate(doc.spans.get("kg_events", []))]
    if not events or not doc.ents:
        return []
    clusters = cluster_events(doc, events, [], None)
    main = main_event(clusters, doc)
    rules = rule_pairs(doc)
    sents = list(doc.sents)
    sent_no = {}
    for n, s in enumerate(sents):
        for i in range(s.start, s.end):
            sent_no[i] = n
    info: dict[int, _SentInfo] = {}
    frames = lexicon().cues.get("frame", set())
    out: list[Candidate] = []
    for c in clusters:
        first = (c.spans[0].start, c.spans[0].end)
        members = tuple((s.start, s.end) for s in c.spans)
        for e in doc.ents:
            kind = LABELS.get(e.label_)
            if kind is None:
                continue
            es = sent_no[e.start]
            near = min(c.spans, key=lambda s: (abs(es - sent_no[s.start]) + (
                0.5 if es < sent_no[s.start] else 0), abs(s.start - e.start)))
            d = es - sent_no[near.start]
            rule = (kind, first, (e.start, e.end)) in rules
            if not rule and not -1 <= d <= AFTER:
                continue
            if near.start <= e.start and e.end <= near.end and kind == "location":
                continue
            if es not in info:
                info[es] = _SentInfo(doc, sents[es])
            feats = _features(doc, c, near, e, d, rule, info[es], main, frames)
            out.append(Candidate(kind, first, (e.start, e.end), (near.start, near.end), feats,
                                 members))
    return out


def _features(doc: Doc, c: EventCluster, near: Span, e: Span, d: int, rule: bool,
              si: _SentInfo, main: EventCluster | None, frames: set[str]) -> list[str]:
    lab = e.label_
    kind = c.kind or head_of(near)[1] or "other"
    f = [f"lab={lab}", f"kind={kind}", f"lab|kind={lab}|{kind}",
         f"d={_bucket(d, (-1, 0, 1, 2, 4))}", f"lab|d={lab}|{_bucket(d, (-1, 0, 1, 2, 4))}",
         f"spans={_bucket(len(c.spans), (1, 2, 4))}"]
    if rule:
        f += ["rule", f"rule|lab={lab}", f"rule|d={_bucket(d, (-1, 0, 1))}"]
    if c.planned:
        f.append("planned")
    if main is not None and c is main:
        f.append("main")
    if e.start in si.skip:
        f.append("quoted")
    if si.cue is not None:
        f += ["cue", f"cue|{'before' if si.cue < e.start else 'after'}", f"cue|lab={lab}"]
    if si.blocked:
        f.append("blocked")
    if si.org_cue is not None and si.org_cue < e.start:
        f.append("orgcue_before")
    if si.venue is not None:
        f.append(f"venue|{'before' if si.venue < e.start else 'after'}")
    if e.start in si.organisers:
        f.append("organiser")
    if e.start in si.sources:
        f.append("source")
    if si.back:
        f.append("refers_back")
    if si.occasion:
        f.append("occasion")
    if si.first_per == e.start:
        f.append("first_per")
    if near.start <= e.start and e.end <= near.end:
        f.append("inside")
    elif d == 0:
        gap = e.start - near.end if e.start >= near.end else near.start - e.end
        side = "after" if e.start >= near.end else "before"
        f += [f"side={side}", f"gap={_bucket(gap, (0, 1, 3, 6, 10, 20))}",
              f"side|gap={side}|{_bucket(gap, (0, 1, 3, 6, 10, 20))}"]
        between = doc[near.end : e.start] if side == "after" else doc[e.end : near.start]
        if len(between) <= 10:
            f += [f"btw={t.lower_}" for t in between if not t.is_punct or t.text == ","]
        if any(doc[k].lower_ in frames for k in range(max(0, near.start - 3), near.start)):
            f.append("framed")
    sent = e.sent
    for t in doc[max(sent.start, e.start - WINDOW) : min(sent.end, e.end + WINDOW)]:
        if t.is_alpha and t.is_lower and not (e.start <= t.i < e.end):
            f.append(f"w={t.lower_}")  # the verbs and nouns around it: "menerima", "bersama"
    for k, name in ((1, "p1"), (2, "p2")):
        if e.start - k >= 0:
            f.append(f"{name}={doc[e.start - k].lower_}")
    if e.end < len(doc):
        f.append(f"n1={doc[e.end].lower_}")
    if e.end + 1 < len(doc):
        f.append(f"n2={doc[e.end + 1].lower_}")
    return f


def vectors(doc: Doc, cands: list[Candidate]) -> np.ndarray:
    """Mean tok2vec vector of each candidate's entity and of its nearest event mention
    (zeros when the pipeline has no tok2vec, e.g. `--model blank`)."""
    tensor = doc.tensor if doc.tensor is not None and len(doc.tensor) == len(doc) else None
    width = tensor.shape[1] if tensor is not None and tensor.ndim == 2 else 96
    out = np.zeros((len(cands), 2 * width), dtype="f")
    if tensor is None or not len(cands):
        return out
    for i, c in enumerate(cands):
        out[i, :width] = tensor[c.ent[0] : c.ent[1]].mean(axis=0)
        out[i, width:] = tensor[c.near[0] : c.near[1]].mean(axis=0)
    return out
