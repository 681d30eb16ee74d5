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
from typing import TypeAlias

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


def _conf(x: float) -> Literal:
    return Literal(round(float(x), 3), datatype=XSD.decimal)


def _date(value: str) -> Literal:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    return Literal(value)


def _evidence(node: URIRef, ev: Evidence) -> list[Triple]:
    return [(node, KG.evidenceText, Literal(ev.sentence)), (node, KG.charStart, Literal(ev.start)),
            (node, KG.charEnd, Literal(ev.end))]


def kept_entities(resolution: Resolution, min_confidence: float = 0.0) -> set[str]:
    """Ids of the entities written at this confidence threshold."""
    return {eid for eid, e in resolution.entities.items() if e.confidence >= min_confidence}


def entity_triples(e: Entity) -> list[Triple]:
    """An entity's resolution-wide facts, for the entities graph (`kgr:graph/entities`)."""
    iri = entity_iri(e)
    out: list[Triple] = [(iri, RDF.type, TYPE_CLASS[e.type]), (iri, RDFS.label, Literal(e.label))]
    out += [(iri, SKOS.altLabel, Literal(alias)) for alias in sorted(e.aliases - {e.label})]
    out += [(iri, KG.confidence, _conf(e.confidence)),
            (iri, KG.mentionCount, Literal(len(e.mentions)))]
    return out


def same_as_triples(resolution: Resolution, kept: set[str]) -> list[Triple]:
    """`dropped owl:sameAs kept` for every IRI a merge retired (CONTRACT: stable IRIs);
    they live in the entities graph, one part per retired IRI."""
    ents = resolution.entities
    return [(URIRef(dropped), OWL.sameAs, entity_iri(ents[kept_id]))
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
                    min_confidence: float = 0.0) -> list[Triple]:
    """The triples of one article's named graph (named by `article_iri(ex.article.id)`)."""
    art = ex.article
    ents = resolution.entities
    a_iri = article_iri(art.id)
    g: list[Triple] = [(a_iri, RDF.type, SCHEMA.NewsArticle),
                       (a_iri, SCHEMA.identifier, Literal(art.id))]
    if art.url:
        g.append((a_iri, SCHEMA.url, URIRef(art.url) if ":" in art.url else Literal(art.url)))
    if art.title:
        g.append((a_iri, SCHEMA.headline, Literal(art.title)))
    if art.dateline:
        g.append((a_iri, SCHEMA.dateline, Literal(art.dateline)))
    if art.date:
        g.append((a_iri, SCHEMA.datePublished, _date(art.date)))
    if art.author:
        g.append((a_iri, SCHEMA.author, Literal(art.author)))
    g.append((a_iri, KG.contentHash, Literal(art.content_hash)))
    g.append((a_iri, KG.articleText, Literal(art.text)))

    typed: dict[str, str] = {}  # mention key -> type of the entity it resolved to
    node: dict[str, URIRef] = {}
    for m in ex.mentions:
        eid = resolution.mention_entity.get((art.id, m.key))
        if eid is None or eid not in kept:
            continue
        e = ents[eid]
        iri = entity_iri(e)
        node[m.key] = iri
        typed[m.key] = e.type
        g.append((iri, RDF.type, TYPE_CLASS[e.type]))
        g.append((iri, RDFS.label, Literal(e.label)))
        for surface in sorted({m.text, m.name} - {e.label}):
            g.append((iri, SKOS.altLabel, Literal(surface)))
        if m.key == "publisher":
            g.append((a_iri, SCHEMA.publisher, iri))
        elif m.key == "dateline":  # the dateline's city
            g.append((a_iri, SCHEMA.locationCreated, iri))
            g.append((a_iri, SCHEMA.mentions, iri))
        else:
            g.append((a_iri, SCHEMA.mentions, iri))

    for r in ex.relations:
        if r.confidence < min_confidence or r.subject not in node:
            continue
        pred = RELATION_PREDICATES[r.kind]
        s = node[r.subject]
        if r.object is not None:
            if r.object not in node:
                continue
            o: URIRef | Literal = node[r.object]
        elif r.value is not None:
            o = _date(r.value)
        else:
            continue
        g.append((s, pred, o))
        st = RES[f"stmt/{_hash(art.id, s, pred, o, r.evidence.start)}"]
        g += [(st, RDF.type, RDF.Statement), (st, RDF.subject, s), (st, RDF.predicate, pred),
              (st, RDF.object, o), (st, PROV.wasDerivedFrom, a_iri),
              (st, KG.confidence, _conf(r.confidence))]
        g += _evidence(st, r.evidence)

    for q in ex.quotes:
        if q.confidence < min_confidence or q.speaker not in node:
            continue
        if typed[q.speaker] != "Person":  # the resolved type: resolution may re-type a name
            continue
        q_iri = RES[f"quote/{_hash(art.id, q.evidence.start, q.text)}"]
        g += [(q_iri, RDF.type, SCHEMA.Quotation), (q_iri, SCHEMA.text, Literal(q.text)),
              (q_iri, SCHEMA.creator, node[q.speaker]), (q_iri, SCHEMA.isPartOf, a_iri),
              (q_iri, PROV.wasDerivedFrom, a_iri), (q_iri, KG.confidence, _conf(q.confidence))]
        g += _evidence(q_iri, q.evidence)
    return g


def build_dataset(
    extractions: Iterable[ArticleExtraction],
    resolution: Resolution,
    min_confidence: float = 0.0,
) -> Dataset:
    """All graphs in one rdflib Dataset: what the store holds, for tests and small tools."""
    ds = Dataset()
    bind_prefixes(ds)
    kept = kept_entities(resolution, min_confidence)
    eg = ds.graph(ENTITIES_GRAPH)
    for eid in sorted(kept):
        for t in entity_triples(resolution.entities[eid]):
            eg.add(t)
    for t in same_as_triples(resolution, kept):
        eg.add(t)
    for ex in extractions:
        g = ds.graph(article_iri(ex.article.id))
        for t in article_triples(ex, resolution, kept, min_confidence):
            g.add(t)
    return ds
