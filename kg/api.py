"""kg from Python, for notebooks: build or open a graph, ask it questions, get DataFrames.

    import kg
    g = kg.build(["articles.jsonl"], out="output")   # or kg.open("output")
    g.query("people-posts")                           # a pandas DataFrame
    g.entity("Jokowi")                                # by any name or alias

The command line and this API share every stage (build, query, the networkx view), so a
notebook sees exactly what `kg query` prints. pandas is optional (the `notebook` extra):
without it, tables come back as lists of dicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF

from kg.errors import KgError
from kg.models import ENTITY_TYPES
from kg.paths import package_file
from kg.vocab import SCHEMA


def _table(rows: list[dict[str, Any]], columns: list[str]) -> Any:
    """A pandas DataFrame when pandas is installed, else the rows themselves."""
    try:
        import pandas as pd
    except ImportError:
        return rows
    return pd.DataFrame(rows, columns=columns)


def _plain(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, int | float | bool) else str(term)
    return str(term)


@dataclass
class EntityView:
    """One entity with what the graph says about it, ready to print or inspect."""

    iri: str
    type: str
    label: str
    aliases: list[str]
    relations: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)


class KnowledgeGraph:
    """A built graph (a build folder or an RDF file), opened for questions."""

    def __init__(self, path: str | Path) -> None:
        from kg.graph.store import graph_file

        graph_file(path)  # fail now, with one sentence, if there is no graph
        self.path = Path(path)
        self._ds: Dataset | None = None
        self._nx: nx.MultiDiGraph | None = None

    def __repr__(self) -> str:
        return f"KnowledgeGraph({str(self.path)!r})"

    @property
    def dataset(self) -> Dataset:
        """The rdflib Dataset (one named graph per article), loaded once."""
        if self._ds is None:
            from kg.graph.store import open_dataset as load_dataset

            self._ds = load_dataset(self.path)
        return self._ds

    def query(self, query: str, **params: Any) -> Any:
        """SPARQL text, a .rq file or a name from queries/; keyword arguments bind ?name.

        SELECT gives a table (DataFrame), ASK a bool, CONSTRUCT/DESCRIBE an rdflib Graph.
        """
        from kg.graph.query import parse_params, resolve_query, run_query

        text, name, declared = resolve_query(query)
        pairs = [f"{k}={v if not isinstance(v, URIRef) else f'<{v}>'}"
                 for k, v in params.items()]
        res = run_query(self.dataset, text, parse_params(pairs, declared, name, text),
                        name=name)
        if res.kind == "ask":
            return bool(res.boolean)
        if res.kind == "graph":
            return res.graph
        return _table([{v: _plain(row.get(v)) for v in res.vars} for row in res.rows],
                      list(res.vars))

    def to_networkx(self) -> nx.MultiDiGraph:
        """Entities as nodes and relations as keyed edges, with evidence (kg/netgraph.py)."""
        if self._nx is None:
            from kg.netgraph import to_networkx

            self._nx = to_networkx(self.dataset)
        return self._nx

    def entities(self, type: str | None = None) -> Any:  # noqa: A002 - mirrors the CLI flag
        """Every entity: IRI, type, label, aliases, mentions, confidence."""
        if type is not None and type not in ENTITY_TYPES:
            raise KgError(f"{type}: unknown entity type (use {', '.join(ENTITY_TYPES)}).")
        G = self.to_networkx()
        rows = [{"iri": n, "type": d["type"], "label": d["label"],
                 "aliases": " | ".join(d["aliases"]), "mentions": d["mentions"],
                 "confidence": d["confidence"]}
                for n, d in G.nodes(data=True) if type is None or d["type"] == type]
        rows.sort(key=lambda r: (-r["mentions"], r["label"]))
        return _table(rows, ["iri", "type", "label", "aliases", "mentions", "confidence"])

    def find(self, name: str) -> list[str]:
        """IRIs of the entities one of whose labels or aliases is `name` (any case)."""
        from kg.netgraph import normalise

        key = normalise(name)
        G = self.to_networkx()
        return sorted(n for n, d in G.nodes(data=True)
                      if key in {normalise(x) for x in [d["label"], *d["aliases"]]})

    def entity(self, name: str) -> EntityView:
        """The entity called `name` (label or any alias; the most mentioned one if several),
        with its relations in both directions, their evidence sentences, and its quotes."""
        G = self.to_networkx()
        found = self.find(name)
        if not found:
            raise KgError(f"{name!r}: no entity has this name or alias.")
        iri = max(found, key=lambda n: (G.nodes[n]["mentions"], n))
        d = G.nodes[iri]
        arts = G.graph["articles"]
        rels = []
        for s, o, kind, e in [*G.out_edges(iri, keys=True, data=True),
                              *G.in_edges(iri, keys=True, data=True)]:
            other = o if s == iri else s
            rels.append({"kind": kind, "direction": "out" if s == iri else "in",
                         "other": G.nodes[other]["label"], "other_iri": other,
                         "evidence": [ev["text"] for ev in e["evidence"]]})
        return EntityView(iri, d["type"], d["label"], list(d["aliases"]), rels,
                          [dict(q) for q in d["quotes"]],
                          sorted(arts[a].id for a in d["articles"] if a in arts))

    def quotes(self, person: str | None = None) -> Any:
        """Who said what, with the article; `person` = any name or alias of the speaker."""
        G = self.to_networkx()
        speakers = self.find(person) if person is not None else list(G.nodes)
        if person is not None and not speakers:
            raise KgError(f"{person!r}: no entity has this name or alias.")
        arts = G.graph["articles"]
        rows = [{"speaker": G.nodes[n]["label"], "text": q["text"],
                 "article": arts[q["article"]].id if q["article"] in arts else q["article"],
                 "confidence": q["confidence"]}
                for n in speakers for q in G.nodes[n]["quotes"]]
        return _table(rows, ["speaker", "text", "article", "confidence"])

    def articles(self) -> Any:
        """The articles: id, headline, date, url."""
        ds = self.dataset
        rows = []
        for a in sorted(set(ds.subjects(RDF.type, SCHEMA.NewsArticle))):
            rows.append({"id": _plain(ds.value(a, SCHEMA.identifier)),
                         "headline": _plain(ds.value(a, SCHEMA.headline)),
                         "date": _plain(ds.value(a, SCHEMA.datePublished)),
                         "url": _plain(ds.value(a, SCHEMA.url))})
        return _table(rows, ["id", "headline", "date", "url"])


def open(path: str | Path = "output") -> KnowledgeGraph:  # noqa: A001 - kg.open reads well
    """Open a built graph: a build folder (what `kg build --out` wrote) or an RDF file."""
    return KnowledgeGraph(path)


def build(inputs: Sequence[str | Path] | str | Path = (), out: str | Path = "output",
          **options: Any) -> KnowledgeGraph:
    """Build (or add to) the graph in `out` from articles, as `kg build` does; no inputs =
    the bundled sample. Options are those of the command: model, min_confidence,
    write_page, progress, workers, reresolve."""

    from kg.pipeline import build as run_build

    if isinstance(inputs, str | Path):
        inputs = [inputs]
    options.setdefault("progress", False)
    run_build(list(inputs) or [package_file("sample")], out, **options)
    return KnowledgeGraph(out)


__all__ = ["EntityView", "KnowledgeGraph", "build", "open"]
