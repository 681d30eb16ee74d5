"""Resolved extractions -> RDF: the triples of ONE article's named graph, of one entity.

The build writes each article's graph into the store on its own (kg.graph.update), so a
changed article replaces exactly its graph; `build_dataset` puts them all in one rdflib
Dataset for tests and small tools.

Shape (see README "Graph model"):
- the article graph (named by the article IRI) holds the article's metadata, its
  `schema:mentions`, the type/label/altLabels of each entity it mentions, the relations
  it states, an `rdf:Statement` per relation carrying the evidence sentence and offsets,
  and its quotations;
- the entities graph (`kgr:graph/entities`) holds resolution-wide facts: canonical label,
  every alias, confidence and mention count.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, TypeAlias

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.identity import article_slug
from kg.models import ArticleExtraction, Entity, Evidence, Resolution
from kg.vocab import ENTITIES_GRAPH, KG, ORG, RES, SCHEMA, TYPE_CLASS, bind_prefixes

# bump when the shape of the RDF written for the same extraction changes, so a store
# built by an older kg has every graph rewritten
RDF_VERSION = 2  # 2: dateline city as schema:locationCreated
Triple: TypeAlias = tuple[Node, Node, Node]

# relation kind -> (predicate, object is a literal date)
RELATION_PREDICATES: dict[str, URIRef] = {
    "holds": ORG.holds,
    "heldFormerly": KG.formerlyHeld,  # a post held before the article ("mantan ...")
    "postIn": ORG.postIn,
    "areaServed": SCHEMA.areaServed,
    "attendee": SCHEMA.attendee,
    "location": SCHEMA.location,
    "organizer": SCHEMA.organizer,
    "startDate": SCHEMA.startDate,
}


class Terms:
    """Makes the terms of the graph's shape. This one makes rdflib terms (build_dataset,
    tests); kg.graph.terms.OxTerms makes Oxigraph's, so the store is written without an
    rdflib term per value (most of a large build's output time). One shape, two engines:
    the functions below take a `Terms` and never build a term themselves.

    Values are given as their lexical forms (`conf`, `integer`, `date` compute them), so
    every engine writes the same literal."""

    def __init__(self) -> None:
        self._const: dict[str, Any] = {}

    def iri(self, value: str) -> Any:
        return URIRef(value)

    def lit(self, value: str) -> Any:
        return Literal(value)

    def typed(self, value: str, datatype: str) -> Any:
        return Literal(value, datatype=self.const(datatype))

    def node(self, term: Node) -> Any:
        """An rdflib term (a small graph made elsewhere, e.g. corrections) as this engine's."""
        return term

    def const(self, value: str) -> Any:
        """An IRI used again and again (vocabulary, entities): made once."""
        t = self._const.get(value)
        if t is None:
            t = self._const[value] = self.iri(value)
        return t

    # literals with a datatype, lexical form as rdflib writes it for the Python value
    def conf(self, x: float) -> Any:
        return self.typed(str(round(float(x), 3)), _DECIMAL)

    def integer(self, n: int) -> Any:
        return self.typed(str(int(n)), _INTEGER)

    def date(self, value: str) -> Any:
        if _ISO_DATE.fullmatch(value):
            return self.typed(value, _DATE)
        return self.lit(value)


RDFLIB = Terms()
_DECIMAL, _INTEGER, _DATE = str(XSD.decimal), str(XSD.integer), str(XSD.date)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_RES = str(RES)


def slugify(text: str) -> str:
    """ASCII slug for IRIs: stable, readable, never empty."""
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    t = re.sub(r"[^A-Za-z0-9]+", "-", t).strip("-").lower()
    return t[:80] or hashlib.sha1(text.encode()).hexdigest()[:12]


def entity_iri(entity: Entity) -> URIRef:
    return RES[f"{entity.type.lower()}/{entity.id}"]


def article_iri(article_id: str) -> URIRef:
    """One node per distinct id: ids whose slugs coincide get a hash (kg.identity)."""
    return RES[f"article/{article_slug(article_id)}"]


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


# the vocabulary as plain strings (Terms.const makes each term once per engine)
_TYPE, _LABEL, _ALT, _SAME = str(RDF.type), str(RDFS.label), str(SKOS.altLabel), str(OWL.sameAs)
_CONFIDENCE, _COUNT = str(KG.confidence), str(KG.mentionCount)
_EV_TEXT, _EV_START, _EV_END = str(KG.evidenceText), str(KG.charStart), str(KG.charEnd)
_CLASS = {t: str(c) for t, c in TYPE_CLASS.items()}
_PRED = {k: str(v) for k, v in RELATION_PREDICATES.items()}
_S = {n: str(SCHEMA[n]) for n in (
    "NewsArticle", "identifier", "url", "headline", "dateline", "datePublished", "author",
    "publisher", "locationCreated", "mentions", "Quotation", "text", "creator", "isPartOf")}
_HASH, _TEXT = str(KG.contentHash), str(KG.articleText)
_STATEMENT, _SUBJ, _PREDICATE, _OBJ = (str(RDF.Statement), str(RDF.subject),
                                       str(RDF.predicate), str(RDF.object))
_DERIVED = str(PROV.wasDerivedFrom)


def _entity_iri_str(e: Entity) -> str:
    return f"{_RES}{e.type.lower()}/{e.id}"


def _evidence(terms: Terms, node: Any, ev: Evidence) -> list[tuple[Any, Any, Any]]:
    c = terms.const
    return [(node, c(_EV_TEXT), terms.lit(ev.sentence)),
            (node, c(_EV_START), terms.integer(ev.start)),
            (node, c(_EV_END), terms.integer(ev.end))]


def kept_entities(resolution: Resolution, min_confidence: float = 0.0) -> set[str]:
    """Ids of the entities written at this confidence threshold."""
    return {eid for eid, e in resolution.entities.items() if e.confidence >= min_confidence}


def entity_triples(e: Entity, terms: Terms | None = None) -> list[Triple]:
    """An entity's resolution-wide facts, for the entities graph (`kgr:graph/entities`)."""
    t = terms or Terms()
    c = t.const
    iri = c(_entity_iri_str(e))
    out = [(iri, c(_TYPE), c(_CLASS[e.type])), (iri, c(_LABEL), t.lit(e.label))]
    out += [(iri, c(_ALT), t.lit(alias)) for alias in sorted(e.aliases - {e.label})]
    out += [(iri, c(_CONFIDENCE), t.conf(e.confidence)),
            (iri, c(_COUNT), t.integer(len(e.mentions)))]
    return out


def same_as_triples(resolution: Resolution, kept: set[str],
                    terms: Terms | None = None) -> list[Triple]:
    """`dropped owl:sameAs kept` for every IRI a merge retired (CONTRACT: stable IRIs);
    they live in the entities graph, one part per retired IRI."""
    t = terms or Terms()
    ents = resolution.entities
    return [(t.iri(dropped), t.const(_SAME), t.const(_entity_iri_str(ents[kept_id])))
            for dropped, kept_id in sorted(resolution.same_as.items()) if kept_id in kept]


def article_key(ex: ArticleExtraction, resolution: Resolution, kept: set[str]) -> list[object]:
    """Everything an article's graph depends on besides its extraction (which its content
    hash and the extraction model pin): its relations (corrections may drop some), which
    entity each mention became, and that entity's IRI, type and label. Equal keys mean an
    equal graph, so the build can skip the article without generating its triples."""
    ents = resolution.entities
    out: list[object] = [RDF_VERSION, ex.article.id, ex.article.content_hash]
    # corrections edit an extraction after the cache (kg.corrections drops `holds`)
    out.append([(r.kind, r.subject, r.object, r.value) for r in ex.relations])
    for m in ex.mentions:
        eid = resolution.mention_entity.get((ex.article.id, m.key))
        if eid is not None and eid in kept:
            e = ents[eid]
            out.append((m.key, e.type, e.id, e.label))
    return out


def article_triples(ex: ArticleExtraction, resolution: Resolution, kept: set[str],
                    min_confidence: float = 0.0, terms: Terms | None = None) -> list[Triple]:
    """The triples of one article's named graph (named by `article_iri(ex.article.id)`),
    made by `terms` (rdflib's by default). May repeat a triple (an entity's type and label
    once per mention): a graph is a set."""
    t = terms or Terms()
    c, lit = t.const, t.lit
    art = ex.article
    ents = resolution.entities
    a_str = str(article_iri(art.id))
    a_iri = t.iri(a_str)
    g = [(a_iri, c(_TYPE), c(_S["NewsArticle"])), (a_iri, c(_S["identifier"]), lit(art.id))]
    if art.url:
        g.append((a_iri, c(_S["url"]), t.iri(art.url) if ":" in art.url else lit(art.url)))
    if art.title:
        g.append((a_iri, c(_S["headline"]), lit(art.title)))
    if art.dateline:
        g.append((a_iri, c(_S["dateline"]), lit(art.dateline)))
    if art.date:
        g.append((a_iri, c(_S["datePublished"]), t.date(art.date)))
    if art.author:
        g.append((a_iri, c(_S["author"]), lit(art.author)))
    g.append((a_iri, c(_HASH), lit(art.content_hash)))
    g.append((a_iri, c(_TEXT), lit(art.text)))

    typed: dict[str, str] = {}  # mention key -> type of the entity it resolved to
    node: dict[str, tuple[Any, str]] = {}  # mention key -> (entity term, its IRI)
    p_type, p_label, p_alt, p_mentions = c(_TYPE), c(_LABEL), c(_ALT), c(_S["mentions"])
    for m in ex.mentions:
        eid = resolution.mention_entity.get((art.id, m.key))
        if eid is None or eid not in kept:
            continue
        e = ents[eid]
        iri_str = _entity_iri_str(e)
        iri = c(iri_str)
        node[m.key] = (iri, iri_str)
        typed[m.key] = e.type
        g.append((iri, p_type, c(_CLASS[e.type])))
        g.append((iri, p_label, lit(e.label)))
        for surface in sorted({m.text, m.name} - {e.label}):
            g.append((iri, p_alt, lit(surface)))
        if m.key == "publisher":
            g.append((a_iri, c(_S["publisher"]), iri))
        elif m.key == "dateline":  # the dateline's city
            g.append((a_iri, c(_S["locationCreated"]), iri))
            g.append((a_iri, p_mentions, iri))
        else:
            g.append((a_iri, p_mentions, iri))

    for r in ex.relations:
        if r.confidence < min_confidence or r.subject not in node:
            continue
        pred_str = _PRED[r.kind]
        pred = c(pred_str)
        s, s_str = node[r.subject]
        if r.object is not None:
            if r.object not in node:
                continue
            o, o_str = node[r.object]
        elif r.value is not None:
            o, o_str = t.date(r.value), r.value
        else:
            continue
        g.append((s, pred, o))
        st = t.iri(f"{_RES}stmt/{_hash(art.id, s_str, pred_str, o_str, r.evidence.start)}")
        g += [(st, p_type, c(_STATEMENT)), (st, c(_SUBJ), s), (st, c(_PREDICATE), pred),
              (st, c(_OBJ), o), (st, c(_DERIVED), a_iri),
              (st, c(_CONFIDENCE), t.conf(r.confidence))]
        g += _evidence(t, st, r.evidence)

    for q in ex.quotes:
        if q.confidence < min_confidence or q.speaker not in node:
            continue
        if typed[q.speaker] != "Person":  # the resolved type: resolution may re-type a name
            continue
        q_iri = t.iri(f"{_RES}quote/{_hash(art.id, q.evidence.start, q.text)}")
        g += [(q_iri, p_type, c(_S["Quotation"])), (q_iri, c(_S["text"]), lit(q.text)),
              (q_iri, c(_S["creator"]), node[q.speaker][0]), (q_iri, c(_S["isPartOf"]), a_iri),
              (q_iri, c(_DERIVED), a_iri), (q_iri, c(_CONFIDENCE), t.conf(q.confidence))]
        g += _evidence(t, q_iri, q.evidence)
    return g


def build_dataset(
    extractions: Iterable[ArticleExtraction],
    resolution: Resolution,
    min_confidence: float = 0.0,
) -> Dataset:
    """All graphs in one rdflib Dataset: what the store holds, for tests and small tools."""
    ds = Dataset()
    bind_prefixes(ds)
    terms = Terms()
    kept = kept_entities(resolution, min_confidence)
    eg = ds.graph(ENTITIES_GRAPH)
    for eid in sorted(kept):
        for t in entity_triples(resolution.entities[eid], terms):
            eg.add(t)
    for t in same_as_triples(resolution, kept, terms):
        eg.add(t)
    for ex in extractions:
        g = ds.graph(article_iri(ex.article.id))
        for t in article_triples(ex, resolution, kept, min_confidence, terms):
            g.add(t)
    return ds
