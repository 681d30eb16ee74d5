"""Resolved extractions -> an rdflib Dataset with one named graph per article.

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

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.identity import article_slug
from kg.models import ArticleExtraction, Entity, Evidence, Resolution
from kg.vocab import ENTITIES_GRAPH, KG, ORG, RES, SCHEMA, TYPE_CLASS, bind_prefixes

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


def _add_evidence(g: object, node: URIRef, ev: Evidence) -> None:
    g.add((node, KG.evidenceText, Literal(ev.sentence)))  # type: ignore[attr-defined]
    g.add((node, KG.charStart, Literal(ev.start)))  # type: ignore[attr-defined]
    g.add((node, KG.charEnd, Literal(ev.end)))  # type: ignore[attr-defined]


def build_dataset(
    extractions: Iterable[ArticleExtraction],
    resolution: Resolution,
    min_confidence: float = 0.0,
) -> Dataset:
    """Turn resolved extractions into the Dataset written as graph.trig."""
    ds = Dataset()
    bind_prefixes(ds)
    ents = resolution.entities
    kept = {eid for eid, e in ents.items() if e.confidence >= min_confidence}

    eg = ds.graph(ENTITIES_GRAPH)
    for eid in sorted(kept):
        e = ents[eid]
        iri = entity_iri(e)
        eg.add((iri, RDF.type, TYPE_CLASS[e.type]))
        eg.add((iri, RDFS.label, Literal(e.label)))
        for alias in sorted(e.aliases - {e.label}):
            eg.add((iri, SKOS.altLabel, Literal(alias)))
        eg.add((iri, KG.confidence, _conf(e.confidence)))
        eg.add((iri, KG.mentionCount, Literal(len(e.mentions))))
    for dropped, kept_id in sorted(resolution.same_as.items()):  # CONTRACT: stable IRIs
        if kept_id in kept:
            eg.add((URIRef(dropped), OWL.sameAs, entity_iri(ents[kept_id])))

    for ex in extractions:
        art = ex.article
        a_iri = article_iri(art.id)
        g = ds.graph(a_iri)
        g.add((a_iri, RDF.type, SCHEMA.NewsArticle))
        g.add((a_iri, SCHEMA.identifier, Literal(art.id)))
        if art.url:
            g.add((a_iri, SCHEMA.url, URIRef(art.url) if ":" in art.url else Literal(art.url)))
        if art.title:
            g.add((a_iri, SCHEMA.headline, Literal(art.title)))
        if art.dateline:
            g.add((a_iri, SCHEMA.dateline, Literal(art.dateline)))
        if art.date:
            g.add((a_iri, SCHEMA.datePublished, _date(art.date)))
        if art.author:
            g.add((a_iri, SCHEMA.author, Literal(art.author)))
        g.add((a_iri, KG.contentHash, Literal(art.content_hash)))
        g.add((a_iri, KG.articleText, Literal(art.text)))

        by_key = {m.key: m for m in ex.mentions}
        node: dict[str, URIRef] = {}
        for m in ex.mentions:
            eid = resolution.mention_entity.get((art.id, m.key))
            if eid is None or eid not in kept:
                continue
            e = ents[eid]
            iri = entity_iri(e)
            node[m.key] = iri
            g.add((iri, RDF.type, TYPE_CLASS[e.type]))
            g.add((iri, RDFS.label, Literal(e.label)))
            for surface in {m.text, m.name} - {e.label}:
                g.add((iri, SKOS.altLabel, Literal(surface)))
            if m.key == "publisher":
                g.add((a_iri, SCHEMA.publisher, iri))
            elif m.key == "dateline":  # the dateline's city
                g.add((a_iri, SCHEMA.locationCreated, iri))
                g.add((a_iri, SCHEMA.mentions, iri))
            else:
                g.add((a_iri, SCHEMA.mentions, iri))

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
            g.add((s, pred, o))
            st = RES[f"stmt/{_hash(art.id, s, pred, o, r.evidence.start)}"]
            g.add((st, RDF.type, RDF.Statement))
            g.add((st, RDF.subject, s))
            g.add((st, RDF.predicate, pred))
            g.add((st, RDF.object, o))
            g.add((st, PROV.wasDerivedFrom, a_iri))
            g.add((st, KG.confidence, _conf(r.confidence)))
            _add_evidence(g, st, r.evidence)

        for q in ex.quotes:
            if q.confidence < min_confidence or q.speaker not in node:
                continue
            if by_key[q.speaker].type != "Person":
                continue
            q_iri = RES[f"quote/{_hash(art.id, q.evidence.start, q.text)}"]
            g.add((q_iri, RDF.type, SCHEMA.Quotation))
            g.add((q_iri, SCHEMA.text, Literal(q.text)))
            g.add((q_iri, SCHEMA.creator, node[q.speaker]))
            g.add((q_iri, SCHEMA.isPartOf, a_iri))
            g.add((q_iri, PROV.wasDerivedFrom, a_iri))
            g.add((q_iri, KG.confidence, _conf(q.confidence)))
            _add_evidence(g, q_iri, q.evidence)
    return ds
