"""Score a built graph against gold annotations (CONTRACT.md, "Gold annotation format").

Matching is by normalised label and kg type, exactly as the contract states, so a score
here means the same thing as the project's own scorer: a node belongs to the gold entity
of its type that shares most of its labels; optional and Ignore matches count neither way;
a Negative match and every extra node of a split entity are errors. `evaluate` returns
`Scores` (plain dataclasses) so tests and benchmarks read numbers, not printed text.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from rdflib import Dataset, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.errors import KgError
from kg.graph.store import open_dataset as load_dataset
from kg.models import ENTITY_TYPES
from kg.vocab import CLASS_TYPE, ENTITIES_GRAPH, KG, ORG, SCHEMA

GOLD_TYPES = (*ENTITY_TYPES, "Negative", "Ignore")
KINDS = ("holds", "location", "attendee", "quote", "publisher")
PREDICATES = {"holds": ORG.holds, "location": SCHEMA.location, "attendee": SCHEMA.attendee}


def norm(text: str) -> str:
    """NFKD, accents dropped, case folded, punctuation to spaces, spaces collapsed."""
    t = "".join(c for c in unicodedata.normalize("NFKD", str(text))
                if not unicodedata.combining(c))
    t = re.sub(r"[\W_]+", " ", t.casefold())
    return " ".join(t.split())


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
class Scores:
    entities: dict[str, PRF] = field(default_factory=dict)  # per kg type
    overall: PRF = field(default_factory=PRF)
    relations: dict[str, Recall] = field(default_factory=dict)  # per kind
    relations_overall: Recall = field(default_factory=Recall)
    splits: int = 0  # required gold entities found as more than one node
    missed_entities: list[EntityMiss] = field(default_factory=list)
    missed_relations: list[RelationMiss] = field(default_factory=list)
    false_positives: list[FalsePositive] = field(default_factory=list)


# --- gold --------------------------------------------------------------------------------

@dataclass
class GoldEntity:
    id: str
    type: str
    required: bool
    aliases: list[str]
    article: str | None
    keys: set[str] = field(default_factory=set)  # normalised aliases


def load_gold(path: str | Path) -> tuple[dict[str, Any], list[GoldEntity], list[dict[str, Any]]]:
    """(articles, entities, relations); any shape error is the user's, naming the file."""
    p = Path(path)
    if not p.is_file():
        raise KgError(f"{path}: no such gold file.")
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"{path}: cannot be read ({exc}).") from exc
    except json.JSONDecodeError as exc:
        raise KgError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}).") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("entities", []), list):
        raise KgError(f"{path}: expected an object with an \"entities\" list.")
    ents: list[GoldEntity] = []
    for i, e in enumerate(doc.get("entities", [])):
        ok = (isinstance(e, dict) and isinstance(e.get("id"), str) and e.get("type") in GOLD_TYPES
              and isinstance(e.get("aliases"), list) and e["aliases"]
              and all(isinstance(a, str) for a in e["aliases"]))
        if not ok:
            raise KgError(f"{path}: entity #{i + 1} needs an \"id\", a \"type\" among "
                          f"{', '.join(GOLD_TYPES)} and a non-empty \"aliases\" list.")
        ents.append(GoldEntity(e["id"], e["type"], bool(e.get("required", True)), e["aliases"],
                               e.get("article"), {norm(a) for a in e["aliases"]} - {""}))
    ids = {e.id for e in ents}
    articles = doc.get("articles") or {}
    if not isinstance(articles, dict):
        raise KgError(f"{path}: \"articles\" must map article ids to {{\"publisher\": [...]}}.")
    rels = list(doc.get("relations") or [])
    for i, r in enumerate(rels):
        k = r.get("kind") if isinstance(r, dict) else None
        ok = k in KINDS and isinstance(r.get("s"), str) and (
            (k == "quote" and r["s"] in ids and isinstance(r.get("text"), str))
            or (k == "publisher" and r.get("o") in ids | {None})
            or (k in PREDICATES and r["s"] in ids and r.get("o") in ids))
        if not ok:
            raise KgError(f"{path}: relation #{i + 1} needs a \"kind\" among {', '.join(KINDS)} "
                          "and \"s\"/\"o\" (or \"text\") naming gold entities.")
    # an article listed with publisher aliases but no explicit publisher relation still
    # expects its publisher
    stated = {r["s"] for r in rels if r["kind"] == "publisher"}
    for aid, info in articles.items():
        if aid not in stated and isinstance(info, dict) and info.get("publisher"):
            rels.append({"kind": "publisher", "s": aid, "o": None, "article": aid})
    return articles, ents, rels


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
             explain: bool = False) -> Scores:
    articles, gold, rels = load_gold(gold_path)
    ds = graph_path if isinstance(graph_path, Dataset) else load_dataset(graph_path)
    nodes = graph_nodes(ds)
    by_type: dict[str, list[int]] = defaultdict(list)
    special: list[int] = []
    for i, g in enumerate(gold):
        (special if g.type in ("Negative", "Ignore") else by_type[g.type]).append(i)

    assigned: dict[int, list[Node]] = defaultdict(list)
    sc = Scores(entities={t: PRF() for t in ENTITY_TYPES})
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

    iris = {gold[i].id: {n.iri for n in ns} for i, ns in assigned.items()}
    gold_by_id = {g.id: g for g in gold}
    sc.relations = {k: Recall() for k in KINDS}
    for r in rels:
        rec = sc.relations[r["kind"]]
        rec.total += 1
        if _relation_found(ds, r, iris, gold_by_id, articles):
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
    if explain:
        add_sentences(sc, ds, gold_by_id)
    return sc


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


def article_texts(ds: Dataset) -> dict[str, str]:
    """Article id -> cleaned text (kg:articleText), for explanations."""
    out = {}
    for a, _, text in ds.triples((None, KG.articleText, None)):
        ident = ds.value(a, SCHEMA.identifier)
        if ident is not None:
            out[str(ident)] = str(text)
    return out


def node_articles(ds: Dataset, iri: str) -> list[str]:
    """Ids of the articles whose graphs type this node (not the entities graph)."""
    graphs = {getattr(c, "identifier", c) for _, _, _, c in ds.quads((URIRef(iri), RDF.type,
                                                                       None, None))}
    ids = {str(ds.value(g, SCHEMA.identifier)) for g in graphs - {ENTITIES_GRAPH}}
    return sorted(ids - {"None"})


# --- explanations ------------------------------------------------------------------------

# a sentence ends at .!? before a capital, except after an initial ("Dharmawan H. Samsu")
_BOUNDARY = re.compile(r"(?<!\b[A-Z])[.!?][\"')]*\s+(?=[\"'(A-Z0-9])|\n+")


def sentence_at(text: str, i: int) -> str:
    """The sentence of `text` around offset i (paragraph breaks and .!? end sentences)."""
    start, end = 0, len(text)
    for m in _BOUNDARY.finditer(text):
        if m.end() <= i:
            start = m.end()
        elif m.start() >= i:
            end = m.start() + (1 if text[m.start()] in ".!?" else 0)
            break
    return " ".join(text[start:end].split())


def find_sentence(texts: dict[str, str], needles: list[str], prefer: list[str],
                  also: list[str] | None = None) -> tuple[str | None, str | None]:
    """(article id, sentence) of the first mention of any needle, preferred articles first.

    With `also`, a sentence that names one of those too wins (both ends of a relation).
    """
    order = [a for a in prefer if a in texts] + [a for a in sorted(texts) if a not in prefer]
    fallback: tuple[str | None, str | None] = (None, None)
    for aid in order:
        low = texts[aid].lower()
        for needle in (n for n in needles if n):
            i = low.find(needle.lower())
            while i >= 0:
                sent = sentence_at(texts[aid], i)
                if not also or any(a.lower() in sent.lower() for a in also):
                    return aid, sent
                if fallback == (None, None):
                    fallback = (aid, sent)
                i = low.find(needle.lower(), i + 1)
    return fallback


def add_sentences(sc: Scores, ds: Dataset, gold_by_id: dict[str, GoldEntity]) -> None:
    """Fill `article` and `sentence` on every miss and false positive (for --explain)."""
    texts = article_texts(ds)
    for m in sc.missed_entities:
        m.article, m.sentence = find_sentence(texts, gold_by_id[m.id].aliases,
                                              [m.article] if m.article else [])
    for r in sc.missed_relations:
        prefer = [r.article] if r.article else []
        if r.kind == "quote" and r.text:
            r.article, r.sentence = find_sentence(texts, [r.text], prefer)
        elif r.kind == "publisher":
            r.sentence = None  # metadata, not text
        else:
            subj = gold_by_id[r.s].aliases
            obj = gold_by_id[r.o].aliases if r.o in gold_by_id else None
            r.article, r.sentence = find_sentence(texts, subj, prefer, also=obj)
    for fp in sc.false_positives:
        labels = [str(x) for p in (RDFS.label, SKOS.altLabel)
                  for x in ds.objects(URIRef(fp.iri), p)]
        fp.article, fp.sentence = find_sentence(texts, sorted(labels, key=len, reverse=True),
                                                node_articles(ds, fp.iri))
