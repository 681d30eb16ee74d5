"""The network of `kg.netgraph` read straight from an Oxigraph store, by SPARQL.

Why: a full-corpus build holds over two million triples, and walking them one by one in
Python (a term object per position, a dispatch per quad) takes half a minute before the
page can even start; most of them (article texts, content hashes, character offsets of
entities) the page never shows. Here seven SPARQL queries ask the store only for what
the network needs, Oxigraph serialises the answers as CSV in Rust, and Python's C csv
reader splits them: one cheap row per fact instead of several Python objects per quad.

The rows fill the same `kg.netgraph.Facts` that `to_networkx` fills from rdflib quads,
and `assemble` turns either into the same MultiDiGraph (a test holds them equal), so
`kg stats`, the page and the Python API rank and draw alike whichever reader ran.
The queries read the store's default graph: the union of the article graphs, each triple
once (kg.graph.store), or whatever union a date-limited view put there.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import networkx as nx
import pyoxigraph as ox

from kg.netgraph import Facts, _float, _int, assemble
from kg.rdf import RELATION_PREDICATES
from kg.vocab import CLASS_TYPE

_PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX kg: <https://w3id.org/kg-id/ns#>
"""
_CLASSES = " ".join(f"<{c}>" for c in sorted(str(k) for k in CLASS_TYPE))
_RELS = " ".join(f"<{p}>" for k, p in sorted(RELATION_PREDICATES.items()) if k != "startDate")
_KIND = {str(v): k for k, v in RELATION_PREDICATES.items()}
_CLASS = {str(k): v for k, v in CLASS_TYPE.items()}

QUERIES = {
    # a class per row (an entity may carry a subclass too); label, confidence, count
    "entities": f"""SELECT ?e ?c ?l ?conf ?n WHERE {{
        VALUES ?c {{ {_CLASSES} }} ?e a ?c .
        OPTIONAL {{ ?e rdfs:label ?l }} OPTIONAL {{ ?e kg:confidence ?conf }}
        OPTIONAL {{ ?e kg:mentionCount ?n }} }}""",
    "aliases": "SELECT ?e ?a WHERE { ?e skos:altLabel ?a }",
    "mentions": "SELECT ?a ?e WHERE { ?a schema:mentions ?e }",
    "articles": """SELECT ?a ?id ?h ?u ?pub ?d WHERE { ?a a schema:NewsArticle .
        OPTIONAL { ?a schema:identifier ?id } OPTIONAL { ?a schema:headline ?h }
        OPTIONAL { ?a schema:url ?u } OPTIONAL { ?a schema:publisher ?pub }
        OPTIONAL { ?a schema:datePublished ?d } }""",
    "relations": f"""SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {_RELS} }} ?s ?p ?o .
        FILTER(isIRI(?o)) }}""",
    "dates": "SELECT ?s ?d WHERE { ?s schema:startDate ?d FILTER(isLiteral(?d)) }",
    "statements": """SELECT ?st ?s ?p ?o ?t ?b ?x ?src ?conf WHERE {
        ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
        FILTER(isIRI(?o))
        OPTIONAL { ?st kg:evidenceText ?t } OPTIONAL { ?st kg:charStart ?b }
        OPTIONAL { ?st kg:charEnd ?x } OPTIONAL { ?st prov:wasDerivedFrom ?src }
        OPTIONAL { ?st kg:confidence ?conf } }""",
    "quotes": """SELECT ?q ?who ?text ?part ?src ?sent ?conf WHERE {
        ?q a schema:Quotation ; schema:creator ?who .
        OPTIONAL { ?q schema:text ?text } OPTIONAL { ?q schema:isPartOf ?part }
        OPTIONAL { ?q prov:wasDerivedFrom ?src } OPTIONAL { ?q kg:evidenceText ?sent }
        OPTIONAL { ?q kg:confidence ?conf } }""",
}


def rows(store: ox.Store, name: str) -> Iterator[list[str]]:
    """The rows of query `name` as lists of plain strings ("" for unbound), header skipped.

    CSV gives IRIs and literals as their bare values; each query asks for IRIs and
    literals in separate columns (or filters on isIRI), so nothing is lost.
    """
    result = store.query(_PREFIXES + QUERIES[name])
    data = result.serialize(format=ox.QueryResultsFormat.CSV)  # type: ignore[union-attr]
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    next(reader, None)
    return reader


def from_store(store: ox.Store) -> nx.MultiDiGraph:
    """The network of `kg.netgraph.to_networkx`, read from `store`'s default graph."""
    f = Facts()
    for e, c, label, conf, n in rows(store, "entities"):
        if e in f.types and f.types[e] != _CLASS[c]:
            continue  # the first class wins, as in to_networkx (subclasses map alike)
        f.types.setdefault(e, _CLASS[c])
        if label:
            f.labels[e].add(label)
        if conf:  # the highest if several graphs state one, as in to_networkx
            f.conf[e] = max(_float(conf), f.conf.get(e, -1.0))
        if n:
            f.mcount[e] = _int(n)
    for e, alias in rows(store, "aliases"):
        f.aliases[e].add(alias)
    for a, e in rows(store, "mentions"):
        f.mentions[e].add(a)
    for a, id_, headline, url, pub, date in rows(store, "articles"):
        info = f.art(a)
        info.id, info.headline, info.url, info.date = id_, headline, url, date
        if pub:
            info.publisher = pub
            f.mentions[pub].add(a)
    for s, p, o in rows(store, "relations"):
        f.rels.add((s, _KIND[p], o))
    for s, d in rows(store, "dates"):
        f.dates[s].add(d)
    for st, s, p, o, text, start, end, src, conf in rows(store, "statements"):
        _statement(f, f.stmt_iris, st, conf,
                   {"subject": s, "predicate": p, "object": o, "evidenceText": text,
                    "charStart": start, "charEnd": end, "wasDerivedFrom": src})
    for q, who, text, part, src, sent, conf in rows(store, "quotes"):
        _statement(f, f.quote_iris, q, conf,
                   {"creator": who, "text": text, "isPartOf": part, "wasDerivedFrom": src,
                    "evidenceText": sent})
    return assemble(f)


def _statement(f: Facts, seen: set[str], iri: str, conf: str, props: dict[str, str]) -> None:
    """A statement or quote seen in several graphs keeps its highest confidence and the
    properties of its first row."""
    if conf:
        f.conf[iri] = max(_float(conf), f.conf.get(iri, -1.0))
    if iri not in seen:
        seen.add(iri)
        f.props[iri] = props
