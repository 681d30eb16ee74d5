"""Score a built graph against gold annotations (CONTRACT.md, "Gold annotation format").

Matching is by normalised label and kg type, exactly as the contract states, so a score
here means the same thing as the project's own scorer: a node belongs to the gold entity
of its type that shares most of its labels; optional and Ignore matches count neither way;
a Negative match and every extra node of a split entity are errors. `evaluate` returns
`Scores` (plain dataclasses) so tests and benchmarks read numbers, not printed text.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from rdflib import Dataset, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.errors import KgError
from kg.explain import add_sentences
from kg.gold import KINDS, Gold, GoldEntity, load_gold, norm, restrict
from kg.graph.store import open_dataset as load_dataset
from kg.models import ENTITY_TYPES
from kg.vocab import CLASS_TYPE, ORG, SCHEMA

__all__ = ["Scores", "evaluate", "norm"]

PREDICATES = {"holds": ORG.holds, "location": SCHEMA.location, "attendee": SCHEMA.attendee}


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0

    def finish(self) -> PRF:
        self.precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        self.recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        p, r = self.precision, self.recall
        self.f1 = 2 * p * r / (p + r) if p + r else 0.0
        return self


@dataclass
class Recall:
    found: int = 0
    total: int = 0
    recall: float = 0.0

    def finish(self) -> Recall:
        self.recall = self.found / self.total if self.total else 0.0
        return self


@dataclass
class EntityMiss:
    id: str
    type: str
    label: str
    article: str | None = None
    sentence: str | None = None


@dataclass
class RelationMiss:
    kind: str
    s: str
    o: str | None = None
    text: str | None = None
    article: str | None = None
    sentence: str | None = None


@dataclass
class FalsePositive:
    iri: str
    type: str
    label: str
    reason: str  # "unmatched", "negative" or "split"
    gold_id: str | None = None
    article: str | None = None
    sentence: str | None = None


@dataclass
class Precision:
    correct: int = 0
    judged: int = 0
    precision: float = 0.0

    def finish(self) -> Precision:
        self.precision = self.correct / self.judged if self.judged else 0.0
        return self


@dataclass
class WrongEdge:
    """A judged edge that the gold does not state (holds) or gives to someone else (quote)."""

    kind: str
    subject: str
    object: str
    gold_id: str | None = None


@dataclass
class Scores:
    entities: dict[str, PRF] = field(default_factory=dict)  # per kg type
    overall: PRF = field(default_factory=PRF)
    relations: dict[str, Recall] = field(default_factory=dict)  # per kind
    relations_overall: Recall = field(default_factory=Recall)
    holds_precision: Precision = field(default_factory=Precision)
    quote_speaker_precision: Precision = field(default_factory=Precision)
    splits: int = 0  # required gold entities found as more than one node
    articles_scored: list[str] = field(default_factory=list)
    articles_missing: list[str] = field(default_factory=list)  # gold articles not in the graph
    missed_entities: list[EntityMiss] = field(default_factory=list)
    missed_relations: list[RelationMiss] = field(default_factory=list)
    false_positives: list[FalsePositive] = field(default_factory=list)
    wrong_edges: list[WrongEdge] = field(default_factory=list)


@dataclass
class Node:
    iri: URIRef
    type: str
    labels: list[str]  # rdfs:label first
    keys: set[str]


def graph_nodes(ds: Dataset) -> list[Node]:
    labels: dict[URIRef, list[str]] = defaultdict(list)
    for pred in (RDFS.label, SKOS.altLabel):
        for s, _, o in ds.triples((None, pred, None)):
            if str(o) not in labels[s]:
                labels[s].append(str(o))
    types: set[tuple[URIRef, str]] = set()
    for s, _, cls in ds.triples((None, RDF.type, None)):
        if cls in CLASS_TYPE and labels.get(s):
            types.add((s, CLASS_TYPE[cls]))
    return [Node(s, t, labels[s], {norm(x) for x in labels[s]} - {""})
            for s, t in sorted(types)]


# --- scoring -----------------------------------------------------------------------------

def evaluate(gold_path: str | Path, graph_path: str | Path | Dataset,
             explain: bool = False, articles: set[str] | None = None,
             warn: Callable[[str], None] | None = None) -> Scores:
    """Score the graph on the gold articles it holds (or on `articles`, a subset).

    Gold articles missing from the graph are left out of the score and named in a
    warning: a gold file for other articles would otherwise quietly score near zero.
    """
    warn = warn or (lambda msg: print(msg, file=sys.stderr))
    gold = load_gold(gold_path)
    ds = graph_path if isinstance(graph_path, Dataset) else load_dataset(graph_path)
    wanted = gold.article_ids() if articles is None else set(articles)
    nodes_of = {a: _article_nodes(ds, a) for a in sorted(wanted)}
    present = {a for a, ns in nodes_of.items() if ns}
    missing = sorted(wanted - present)
    if not present:
        raise KgError(f"{gold_path}: none of its {len(wanted)} articles is in the graph "
                      f"{graph_path if not isinstance(graph_path, Dataset) else ''} "
                      "(build them first; ids must match the gold's).")
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        warn(f"warning: {len(missing)} of the gold's {len(wanted)} articles are not in the "
             f"graph and are left out of the score ({shown}).")
    gold = restrict(gold, present)
    sc = Scores(entities={t: PRF() for t in ENTITY_TYPES}, articles_scored=sorted(present),
                articles_missing=missing)
    scored = {n for a in present for n in nodes_of[a]}
    assigned = _match_entities(sc, _nodes_of(ds, scored), gold.entities)
    iris = {gold.entities[i].id: {n.iri for n in ns} for i, ns in assigned.items()}
    gold_by_id = {g.id: g for g in gold.entities}
    _relation_recall(sc, ds, gold, iris, gold_by_id)
    _holds_precision(sc, ds, gold, assigned)
    _quote_precision(sc, ds, gold, iris)
    if explain:
        add_sentences(sc, ds, gold_by_id)
    return sc


def _nodes_of(ds: Dataset, scored: set[URIRef]) -> list[Node]:
    """Typed, labelled nodes mentioned by the scored articles (every node when every
    article of the graph is scored)."""
    nodes = graph_nodes(ds)
    if scored >= set(ds.subjects(RDF.type, SCHEMA.NewsArticle)):
        return nodes
    mentioned = {o for a in scored for o in ds.objects(a, SCHEMA.mentions)}
    return [n for n in nodes if n.iri in mentioned]


def _match_entities(sc: Scores, nodes: list[Node], gold: list[GoldEntity]
                    ) -> dict[int, list[Node]]:
    by_type: dict[str, list[int]] = defaultdict(list)
    special: list[int] = []
    for i, g in enumerate(gold):
        (special if g.type in ("Negative", "Ignore") else by_type[g.type]).append(i)
    assigned: dict[int, list[Node]] = defaultdict(list)
    for n in nodes:
        best = _best(n, by_type.get(n.type, []), gold)
        if best is None:
            best = _best(n, special, gold)
        g = gold[best] if best is not None else None
        if g is None:
            sc.entities[n.type].fp += 1
            sc.false_positives.append(FalsePositive(str(n.iri), n.type, n.labels[0], "unmatched"))
        elif g.type == "Negative":
            sc.entities[n.type].fp += 1
            sc.false_positives.append(
                FalsePositive(str(n.iri), n.type, n.labels[0], "negative", g.id))
        elif g.type != "Ignore":
            assigned[best].append(n)  # type: ignore[index]

    for i, g in enumerate(gold):
        if g.type in ("Negative", "Ignore") or not g.required:
            continue
        # the node closest to the gold entity is the hit; the others are the split
        found = sorted(assigned.get(i, []), key=lambda n: (
            -len(n.keys & g.keys), norm(n.labels[0]) != norm(g.aliases[0]), str(n.iri)))
        if found:
            sc.entities[g.type].tp += 1
            if len(found) > 1:
                sc.splits += 1
                for extra in found[1:]:
                    sc.entities[extra.type].fp += 1
                    sc.false_positives.append(FalsePositive(
                        str(extra.iri), extra.type, extra.labels[0], "split", g.id))
        else:
            sc.entities[g.type].fn += 1
            sc.missed_entities.append(EntityMiss(g.id, g.type, g.aliases[0], g.article))

    for prf in sc.entities.values():
        prf.finish()
        sc.overall.tp += prf.tp
        sc.overall.fp += prf.fp
        sc.overall.fn += prf.fn
    sc.overall.finish()
    return assigned


def _relation_recall(sc: Scores, ds: Dataset, gold: Gold, iris: dict[str, set[URIRef]],
                     gold_by_id: dict[str, GoldEntity]) -> None:
    sc.relations = {k: Recall() for k in KINDS}
    for r in gold.relations:
        rec = sc.relations[r["kind"]]
        rec.total += 1
        if _relation_found(ds, r, iris, gold_by_id, gold.articles):
            rec.found += 1
        else:
            home = r["s"] if r["kind"] == "publisher" else gold_by_id[r["s"]].article
            sc.missed_relations.append(RelationMiss(
                r["kind"], r["s"], r.get("o"), r.get("text"), r.get("article") or home))
    for rec in sc.relations.values():
        rec.finish()
        sc.relations_overall.found += rec.found
        sc.relations_overall.total += rec.total
    sc.relations_overall.finish()


def _holds_precision(sc: Scores, ds: Dataset, gold: Gold,
                     assigned: dict[int, list[Node]]) -> None:
    """Over org:holds edges whose person and post both match gold entities: an edge the
    gold does not state is an error."""
    owner = {n.iri: gold.entities[i] for i, ns in assigned.items() for n in ns}
    stated = {(r["s"], r["o"]) for r in gold.relations if r["kind"] == "holds"}
    for person, post in sorted(set(ds.subject_objects(ORG.holds))):
        gp, gq = owner.get(person), owner.get(post)
        if gp is None or gq is None or gp.type != "Person" or gq.type != "Post":
            continue
        sc.holds_precision.judged += 1
        if (gp.id, gq.id) in stated:
            sc.holds_precision.correct += 1
        else:
            sc.wrong_edges.append(WrongEdge("holds", str(person), str(post)))
    sc.holds_precision.finish()


def _quote_precision(sc: Scores, ds: Dataset, gold: Gold,
                     iris: dict[str, set[URIRef]]) -> None:
    """Over quotations whose text contains a gold snippet: a wrong creator is an error."""
    snippets = [(norm(r["text"]), r["s"]) for r in gold.relations if r["kind"] == "quote"]
    for q in sorted(set(ds.subjects(RDF.type, SCHEMA.Quotation))):
        text = " ".join(norm(t) for t in ds.objects(q, SCHEMA.text))
        speakers = {s for snip, s in snippets if snip and snip in text}
        if not speakers:
            continue
        sc.quote_speaker_precision.judged += 1
        creators = set(ds.objects(q, SCHEMA.creator))
        if any(creators & iris.get(s, set()) for s in speakers):
            sc.quote_speaker_precision.correct += 1
        else:
            sc.wrong_edges.append(WrongEdge("quote", str(q), " ".join(map(str, creators)),
                                            sorted(speakers)[0]))
    sc.quote_speaker_precision.finish()


def _best(n: Node, candidates: list[int], gold: list[GoldEntity]) -> int | None:
    """The candidate sharing most labels; ties go to the one holding the canonical label."""
    shared = Counter({i: len(n.keys & gold[i].keys) for i in candidates})
    top = [(c, i) for i, c in shared.items() if c > 0]
    if not top:
        return None
    canonical = norm(n.labels[0])
    return max(top, key=lambda ci: (ci[0], canonical in gold[ci[1]].keys, -ci[1]))[1]


def _relation_found(ds: Dataset, r: dict[str, Any], iris: dict[str, set[URIRef]],
                    gold_by_id: dict[str, GoldEntity], articles: dict[str, Any]) -> bool:
    kind = r["kind"]
    if kind in PREDICATES:
        subjects, objects = iris.get(r["s"], set()), iris.get(r["o"], set())
        return any((s, PREDICATES[kind], o) in ds for s in subjects for o in objects)
    if kind == "quote":
        snippet = norm(r["text"])
        for q in ds.subjects(RDF.type, SCHEMA.Quotation):
            if any(c in iris.get(r["s"], set()) for c in ds.objects(q, SCHEMA.creator)) and any(
                    snippet in norm(t) for t in ds.objects(q, SCHEMA.text)):
                return True
        return False
    # publisher: the article node by id (or URL ending in the file name) -> its publisher
    info = articles.get(r["s"]) if isinstance(articles.get(r["s"]), dict) else {}
    keys = {norm(a) for a in (info or {}).get("publisher", []) if isinstance(a, str)}
    if r.get("o") in gold_by_id:
        keys |= gold_by_id[r["o"]].keys
    targets = iris.get(r.get("o") or "", set())
    for art in _article_nodes(ds, r["s"]):
        for pub in ds.objects(art, SCHEMA.publisher):
            if pub in targets:
                return True
            if keys & {norm(str(x)) for p in (RDFS.label, SKOS.altLabel)
                       for x in ds.objects(pub, p)}:
                return True
    return False


def _article_nodes(ds: Dataset, article_id: str) -> set[URIRef]:
    """NewsArticle nodes whose identifier is the id or whose URL ends with it (a file name)."""
    found = set()
    for a in ds.subjects(RDF.type, SCHEMA.NewsArticle):
        ids = {str(x) for x in ds.objects(a, SCHEMA.identifier)}
        urls = {u for x in ds.objects(a, SCHEMA.url) for u in (str(x), unquote(str(x)))}
        if article_id in ids or any(u == article_id or u.endswith("/" + article_id)
                                    for u in urls):
            found.add(a)
    return found


