"""The graph in the formats other tools read: Gephi and Cytoscape (GraphML, GEXF), pandas
and spreadsheets (CSV), web developers (JSON-LD), other triple stores (N-Quads).

The network formats hold flat attributes only (strings and numbers): the internal networkx
graph of kg/netgraph.py keeps lists and dicts (evidence, quotes), which GraphML cannot
carry, so this module flattens it: aliases become one " | "-joined string, evidence becomes
a weight (the number of articles stating the edge) and first/last dates.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph

from kg.cache import atomic_write
from kg.errors import KgError
from kg.netgraph import to_networkx
from kg.vocab import PREFIXES

FORMATS = ("graphml", "gexf", "csv", "jsonld", "nquads")
NODE_FIELDS = ("id", "label", "type", "aliases", "mentions", "articles", "quotes",
               "confidence", "first_date", "last_date")
EDGE_FIELDS = ("source", "target", "kind", "weight", "confidence", "first_date", "last_date")

# JSON-LD terms a web developer can read without knowing RDF
JSONLD_CONTEXT: dict[str, object] = {
    **{p: str(ns) for p, ns in PREFIXES.items()},
    "name": "rdfs:label",
    "alias": "skos:altLabel",
    "holds": {"@id": "org:holds", "@type": "@id"},
    "postIn": {"@id": "org:postIn", "@type": "@id"},
    "areaServed": {"@id": "schema:areaServed", "@type": "@id"},
    "attendee": {"@id": "schema:attendee", "@type": "@id"},
    "organizer": {"@id": "schema:organizer", "@type": "@id"},
    "location": {"@id": "schema:location", "@type": "@id"},
    "mentions": {"@id": "schema:mentions", "@type": "@id"},
    "publisher": {"@id": "schema:publisher", "@type": "@id"},
    "creator": {"@id": "schema:creator", "@type": "@id"},
    "isPartOf": {"@id": "schema:isPartOf", "@type": "@id"},
    "text": "schema:text",
    "headline": "schema:headline",
    "url": {"@id": "schema:url", "@type": "@id"},
    "datePublished": "schema:datePublished",
    "startDate": "schema:startDate",
    "identifier": "schema:identifier",
    "confidence": {"@id": "kg:confidence", "@type": "xsd:decimal"},
    "mentionCount": {"@id": "kg:mentionCount", "@type": "xsd:integer"},
    "evidenceText": "kg:evidenceText",
}


def network(ds: Dataset, co_mentions: bool = False) -> nx.MultiDiGraph:
    """Entities and their typed relations (plus co-mention edges if asked), flat attributes."""
    G = to_networkx(ds)
    dates = {iri: a.date[:10] for iri, a in G.graph["articles"].items() if a.date}
    out = nx.MultiDiGraph()
    for n, d in G.nodes(data=True):
        days = sorted(dates[a] for a in d["articles"] if a in dates)
        out.add_node(n, label=d["label"], type=d["type"], aliases=" | ".join(d["aliases"]),
                     mentions=int(d["mentions"]), articles=len(d["articles"]),
                     quotes=len(d["quotes"]), confidence=round(float(d["confidence"]), 3),
                     first_date=days[0] if days else "", last_date=days[-1] if days else "")
    for s, o, kind, d in G.edges(keys=True, data=True):
        arts = {e["article"] for e in d["evidence"]} or set(G.nodes[s]["articles"])
        days = sorted(dates[a] for a in arts if a in dates)
        out.add_edge(s, o, key=kind, kind=kind, weight=len(arts),
                     confidence=round(float(d["confidence"]), 3),
                     first_date=days[0] if days else "", last_date=days[-1] if days else "")
    if co_mentions:
        _add_co_mentions(G, out, dates)
    return out


def _add_co_mentions(G: nx.MultiDiGraph, out: nx.MultiDiGraph, dates: dict[str, str]) -> None:
    """An undirected-in-spirit edge per pair of entities mentioned in the same article,
    weighted by the number of such articles (stored once, source < target)."""
    by_article: dict[str, list[str]] = defaultdict(list)
    for n, d in G.nodes(data=True):
        for a in d["articles"]:
            by_article[a].append(n)
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for a, nodes in by_article.items():
        for s, o in combinations(sorted(nodes), 2):
            pairs[(s, o)].append(a)
    for (s, o), arts in pairs.items():
        days = sorted(dates[a] for a in arts if a in dates)
        out.add_edge(s, o, key="coMention", kind="coMention", weight=len(arts), confidence=1.0,
                     first_date=days[0] if days else "", last_date=days[-1] if days else "")


def _tables(G: nx.MultiDiGraph) -> tuple[str, str]:
    nodes, edges = io.StringIO(), io.StringIO()
    nw = csv.DictWriter(nodes, NODE_FIELDS, lineterminator="\n")
    nw.writeheader()
    for n, d in sorted(G.nodes(data=True)):
        nw.writerow({"id": n, **d})
    ew = csv.DictWriter(edges, EDGE_FIELDS, lineterminator="\n")
    ew.writeheader()
    for s, o, d in sorted(G.edges(data=True), key=lambda e: (e[0], e[1], e[2]["kind"])):
        ew.writerow({"source": s, "target": o, **d})
    return nodes.getvalue(), edges.getvalue()


def _union(ds: Dataset) -> Graph:
    """Every triple of every named graph once: what a reader of one JSON-LD file expects."""
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def export(ds: Dataset, fmt: str, out: str | Path, co_mentions: bool = False) -> list[Path]:
    """Write the export; returns the files written (csv writes two, into the folder OUT)."""
    if fmt not in FORMATS:
        raise KgError(f"{fmt}: unknown export format (use {', '.join(FORMATS)}).")
    path = Path(out)
    if fmt in ("graphml", "gexf", "csv"):
        G = network(ds, co_mentions=co_mentions)
        if fmt == "csv":
            path.mkdir(parents=True, exist_ok=True)
            nodes, edges = _tables(G)
            atomic_write(path / "nodes.csv", nodes)
            atomic_write(path / "edges.csv", edges)
            return [path / "nodes.csv", path / "edges.csv"]
        buf = io.BytesIO()
        if fmt == "graphml":
            nx.write_graphml(G, buf, encoding="utf-8")
        else:
            nx.write_gexf(G, buf, encoding="utf-8")
        _write(path, buf.getvalue())
        return [path]
    if fmt == "jsonld":
        doc = json.loads(_union(ds).serialize(format="json-ld", context=JSONLD_CONTEXT,
                                              auto_compact=True))
        _write(path, json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))
        return [path]
    _write(path, ds.serialize(format="nquads").encode("utf-8"))
    return [path]


def _write(path: Path, data: bytes) -> None:
    if path.is_dir():
        raise KgError(f"{path}: is a folder; give a file name for this format.")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)
