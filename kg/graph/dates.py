"""`--since` / `--until`: a graph seen through the articles published in a date range.

Every fact lives in its article's named graph, so a date range is a choice of named
graphs: the articles whose `schema:datePublished` falls in the range, plus the graphs that
hold no article (the resolution-wide entities graph, the user's corrections). Those graphs
are copied into a new in-memory store whose default graph is their union, each triple
once, as every kg query sees it (Oxigraph's own multi-graph default graph would repeat a
triple stated by two articles, and counts would be wrong).
"""

from __future__ import annotations

import re
from datetime import date

from rdflib import Dataset, URIRef
from rdflib.namespace import RDF

from kg.errors import KgError
from kg.vocab import SCHEMA

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_day(value: str | None, flag: str) -> str | None:
    """YYYY-MM-DD (a real day) or None; anything else is the user's one-sentence error."""
    if value is None:
        return None
    try:
        if not _DAY.fullmatch(value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError as exc:
        raise KgError(f"{flag} {value}: give a day as YYYY-MM-DD.") from exc
    return value


def in_range(day: str | None, since: str | None, until: str | None) -> bool:
    """Whether an article's date (ISO, possibly with a time) is within [since, until];
    an undated article is outside any range."""
    if not day:
        return False
    d = day[:10]
    return (since is None or d >= since) and (until is None or d <= until)


def graphs_in_range(ds: Dataset, since: str | None, until: str | None) -> set[URIRef]:
    """Names of the graphs a date-limited view keeps (articles in range + non-article graphs)."""
    keep: set[URIRef] = set()
    for g in ds.graphs():
        name = g.identifier
        if not isinstance(name, URIRef):
            continue
        arts = set(g.subjects(RDF.type, SCHEMA.NewsArticle))
        if not arts or any(in_range(str(g.value(a, SCHEMA.datePublished) or ""), since, until)
                           for a in arts):
            keep.add(name)
    return keep


def restrict_dataset(ds: Dataset, since: str | None, until: str | None) -> Dataset:
    """A new Dataset (union default graph) with only the graphs in range."""
    if since is None and until is None:
        return ds
    out = Dataset(default_union=True)
    for prefix, ns in ds.namespaces():
        out.bind(prefix, ns, override=True)
    for name in graphs_in_range(ds, since, until):
        target = out.graph(name)
        for t in ds.graph(name):
            target.add(t)
    return out


def store_graphs_in_range(store: object, since: str | None, until: str | None) -> list[object]:
    """The same choice on a pyoxigraph Store: named graph nodes to use as default graph."""
    import pyoxigraph as ox

    dated = {}
    q = ("SELECT ?g ?d WHERE { GRAPH ?g { ?a a <https://schema.org/NewsArticle> "
         "OPTIONAL { ?a <https://schema.org/datePublished> ?d } } }")
    for sol in store.query(q):  # type: ignore[attr-defined]
        g, d = sol["g"], sol["d"]
        dated[g.value] = dated.get(g.value, False) or in_range(d.value if d else None,
                                                               since, until)
    out = []
    for g in store.named_graphs():  # type: ignore[attr-defined]
        if isinstance(g, ox.NamedNode) and dated.get(g.value, True):
            out.append(g)
    return out


def store_in_range(store: object, since: str | None, until: str | None) -> object:
    """A new in-memory pyoxigraph Store with the graphs in range as named graphs and their
    union (a set) as the default graph."""
    import pyoxigraph as ox

    out = ox.Store()
    for g in store_graphs_in_range(store, since, until):
        quads = list(store.quads_for_pattern(None, None, None, g))  # type: ignore[attr-defined]
        out.extend(quads)
        out.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)
    return out
