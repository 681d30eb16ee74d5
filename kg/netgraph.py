"""The built RDF graph as a networkx graph: the one model both the page and `kg stats` use.

RDF is right for querying and provenance but awkward for network analysis, so this module
reads the Dataset once (every quad, whatever graph it sits in, so it works on a fresh
`build_dataset` result and on a loaded graph alike) into a `nx.MultiDiGraph`:

- a node per typed entity (IRI string), with `type`, `label`, `aliases`, `confidence`,
  `mentions`, `articles` (IRIs of the articles that mention or publish through it),
  `quotes` (what a person said) and `dates` (an event's `schema:startDate`);
- an edge per (subject, object, relation kind), keyed by the kind, with every evidence
  sentence found for it across articles and the best confidence;
- `G.graph["articles"]`: article IRI -> `ArticleInfo` (id, headline, url, publisher, date).

Centrality, communities and the selection rules shared by `kg viz` and `kg stats` live here
too, so both commands rank entities the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
from rdflib import Dataset, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg.errors import KgError
from kg.models import ENTITY_TYPES
from kg.rdf import RELATION_PREDICATES
from kg.ties import Tie, article_members, comentions, quote_ties, tie_graph
from kg.vocab import CLASS_TYPE, KG, SCHEMA

_KIND = {str(v): k for k, v in RELATION_PREDICATES.items()}
_CLASS = {str(k): v for k, v in CLASS_TYPE.items()}
_ARTICLE, _STATEMENT = str(SCHEMA.NewsArticle), str(RDF.Statement)
_QUOTATION = str(SCHEMA.Quotation)
# predicate IRI -> what to_networkx does with it; the statement/quotation fields keep
# their local names (subject, predicate, object, evidenceText, ...)
_FIELDS = {"subject", "predicate", "object", "evidenceText", "charStart", "charEnd",
           "wasDerivedFrom", "text", "creator", "isPartOf"}
_PRED = {
    str(RDF.type): "type", str(RDFS.label): "label", str(SKOS.altLabel): "altLabel",
    str(SCHEMA.mentions): "mentions", str(SCHEMA.publisher): "publisher",
    str(SCHEMA.identifier): "id", str(SCHEMA.headline): "headline", str(SCHEMA.url): "url",
    str(SCHEMA.datePublished): "date", str(KG.confidence): "confidence",
    str(KG.mentionCount): "mentionCount",
    **{str(ns[f]): f for ns, names in ((RDF, ("subject", "predicate", "object")),
                                       (KG, ("evidenceText", "charStart", "charEnd")),
                                       (PROV, ("wasDerivedFrom",)),
                                       (SCHEMA, ("text", "creator", "isPartOf")))
       for f in names},
    **{iri: f"rel:{kind}" for iri, kind in _KIND.items()},
}


@dataclass
class ArticleInfo:
    """What the page needs to cite an article: enough to link and filter by, no text."""

    iri: str
    id: str = ""
    headline: str = ""
    url: str = ""
    publisher: str | None = None  # entity IRI
    date: str = ""


def normalise(text: str) -> str:
    """The contract's label normalisation: NFKD, accents dropped, casefold, punctuation out."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+|_", " ", t).split())


def _float(value: Any, default: float = 0.0) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@dataclass
class Facts:
    """What the graph says that the network needs, gathered by a reader (`to_networkx`
    from rdflib quads, `kg.netread.from_store` from Oxigraph by SPARQL) and put together
    once by `assemble`, so both readers give the same network."""

    types: dict[str, str] = field(default_factory=dict)
    labels: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    conf: dict[str, float] = field(default_factory=dict)
    mcount: dict[str, int] = field(default_factory=dict)
    mentions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    arts: dict[str, ArticleInfo] = field(default_factory=dict)
    rels: set[tuple[str, str, str]] = field(default_factory=set)
    dates: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # statements' and quotations' fields by local name (subject, evidenceText, ...)
    props: dict[str, dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))
    stmt_iris: set[str] = field(default_factory=set)
    quote_iris: set[str] = field(default_factory=set)

    def art(self, iri: str) -> ArticleInfo:
        return self.arts.setdefault(iri, ArticleInfo(iri))


def to_networkx(ds: Dataset) -> nx.MultiDiGraph:
    """Read a kg Dataset into the MultiDiGraph described in the module docstring."""
    f = Facts()
    types, labels, aliases, conf, mcount = f.types, f.labels, f.aliases, f.conf, f.mcount
    mentions, rels, dates, props, art = f.mentions, f.rels, f.dates, f.props, f.art

    # Dispatch on plain strings: rdflib terms hash and compare in Python, and this loop
    # runs once per quad (600k for 5,000 articles).
    for s, p, o, _g in ds.quads((None, None, None, None)):
        key = _PRED.get(str(p))
        if key is None:
            continue
        s_, o_ = str(s), str(o)
        if key == "type":
            if o_ in _CLASS:
                types.setdefault(s_, _CLASS[o_])
            elif o_ == _ARTICLE:
                art(s_)
            elif o_ == _STATEMENT:
                f.stmt_iris.add(s_)
            elif o_ == _QUOTATION:
                f.quote_iris.add(s_)
        elif key in _FIELDS:
            props[s_][key] = o_
        elif key == "label":
            labels[s_].add(o_)
        elif key == "altLabel":
            aliases[s_].add(o_)
        elif key.startswith("rel:"):
            if isinstance(o, URIRef):
                rels.add((s_, key[4:], o_))
            elif key == "rel:startDate":
                dates[s_].add(o_)
        elif key == "mentions":
            mentions[o_].add(s_)
        elif key == "publisher":
            art(s_).publisher = o_
            mentions[o_].add(s_)
        elif key in ("id", "headline", "url", "date"):
            setattr(art(s_), key, o_)
        elif key == "confidence":  # the highest if several graphs state one
            conf[s_] = max(_float(o), conf.get(s_, -1.0))
        elif key == "mentionCount":
            mcount[s_] = _int(o)
    return assemble(f)


def assemble(f: Facts) -> nx.MultiDiGraph:
    """The MultiDiGraph of the module docstring from what a reader gathered."""
    arts, conf, props = f.arts, f.conf, f.props
    G = nx.MultiDiGraph(articles=arts)
    for iri, typ in f.types.items():
        if iri in arts:
            continue
        names = f.labels.get(iri) or {iri.rsplit("/", 1)[-1]}
        label = min(names)  # rdfs:label is unique by contract; min() keeps it stable if not
        G.add_node(iri, type=typ, label=label,
                   aliases=sorted((f.aliases.get(iri, set()) | names) - {label}),
                   confidence=conf.get(iri, 0.5), mentions=f.mcount.get(iri, 0),
                   articles=f.mentions.get(iri, set()) & arts.keys(), quotes=[],
                   dates=sorted(f.dates.get(iri, ())))
    for s_, kind, o_ in f.rels:
        if s_ in G and o_ in G:
            G.add_edge(s_, o_, key=kind, kind=kind, evidence=[], confidence=0.0)
    for iri in f.stmt_iris:
        st = props.get(iri, {})
        kind = _KIND.get(st.get("predicate", ""))
        s_, o_ = st.get("subject"), st.get("object")
        if kind is None or s_ not in G:
            continue
        if o_ not in G:  # a literal object (startDate): nothing to draw
            continue
        if not G.has_edge(s_, o_, key=kind):
            G.add_edge(s_, o_, key=kind, kind=kind, evidence=[], confidence=0.0)
        data = G.edges[s_, o_, kind]
        c = conf.get(iri, 0.5)
        data["confidence"] = max(data["confidence"], c)
        data["evidence"].append({
            "article": st.get("wasDerivedFrom", ""), "text": st.get("evidenceText", ""),
            "start": _int(st.get("charStart")), "end": _int(st.get("charEnd")), "confidence": c,
        })
    for iri in f.quote_iris:
        q = props.get(iri, {})
        who = q.get("creator")
        if who in G:
            G.nodes[who]["quotes"].append({
                "text": q.get("text", ""),
                "article": q.get("isPartOf") or q.get("wasDerivedFrom", ""),
                "sentence": q.get("evidenceText", ""), "confidence": conf.get(iri, 0.5)})
    for _s, _o, data in G.edges(data=True):
        data["evidence"].sort(key=lambda e: (-e["confidence"], e["article"], e["start"]))
        if not data["evidence"]:
            data["confidence"] = 0.5
    for _n, data in G.nodes(data=True):
        data["quotes"].sort(key=lambda q: (-q["confidence"], q["article"], q["text"]))
        if not data["mentions"]:
            data["mentions"] = len(data["articles"])
    return G


def simple(G: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple projection, weight = number of relation kinds between the pair."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    for s, o in G.edges():
        if s != o:
            w = H.edges[s, o]["weight"] + 1 if H.has_edge(s, o) else 1
            H.add_edge(s, o, weight=w)
    return H


def pagerank(H: nx.Graph, alpha: float = 0.85, tol: float = 1e-9, max_iter: int = 200
             ) -> dict[Any, float]:
    """Weighted PageRank by numpy power iteration.

    networkx's own `pagerank` needs scipy, which kg does not depend on; this is the same
    algorithm (dangling mass spread uniformly) on plain numpy arrays, fast for 100k nodes.
    """
    nodes = list(H.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    pairs = [(index[a], index[b], float(d.get("weight", 1.0))) for a, b, d in H.edges(data=True)]
    src = np.array([p[0] for p in pairs] + [p[1] for p in pairs], dtype=np.int64)
    dst = np.array([p[1] for p in pairs] + [p[0] for p in pairs], dtype=np.int64)
    w = np.array([p[2] for p in pairs] * 2, dtype=float)
    out = np.bincount(src, weights=w, minlength=n)
    dangling = out == 0
    share = np.divide(w, out[src], out=np.zeros_like(w), where=out[src] > 0)
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        flow = np.bincount(dst, weights=x[src] * share, minlength=n)
        new = alpha * (flow + x[dangling].sum() / n) + (1 - alpha) / n
        done = np.abs(new - x).sum() < n * tol
        x = new
        if done:
            break
    return {v: float(x[i]) for v, i in index.items()}


def tie_network(G: nx.MultiDiGraph) -> tuple[list[Tie], nx.Graph]:
    """The ties drawn beside relations (`kg.ties`) and the weighted graph of both.

    Computed once per graph (kept in `G.graph`): ranking, communities and the page all
    read the same network, so the entities `kg stats` calls central are the ones the page
    draws big, and a community is a group the picture really draws together.
    """
    cached = G.graph.get("_tie_network")
    if cached is None or cached[0] != (G.number_of_nodes(), G.number_of_edges()):
        members = article_members(G)
        ties = comentions(G, members=members) + quote_ties(G, members=members)
        cached = ((G.number_of_nodes(), G.number_of_edges()), ties, tie_graph(G, ties))
        G.graph["_tie_network"] = cached
    return cached[1], cached[2]


def ranking(G: nx.MultiDiGraph) -> dict[str, float]:
    """Centrality used everywhere: PageRank on relations and ties, then mention count.

    Typed relations alone are too sparse to rank a corpus (most entities have none), so
    co-mentions and quote ties count too (`tie_network`). The tiny mention term orders
    the entities with no tie at all: the most mentioned first, not an arbitrary order.
    """
    pr = pagerank(tie_network(G)[1])
    top = max((d["mentions"] for _n, d in G.nodes(data=True)), default=0) or 1
    return {n: pr.get(n, 0.0) + 1e-6 * G.nodes[n]["mentions"] / top for n in G.nodes}


def communities(G: nx.MultiDiGraph) -> list[set[str]]:
    """Louvain communities of relations and ties (seeded: the same graph colours the same).

    Isolated entities are left out: each would be a community of one. igraph's Louvain
    (C) rather than networkx' (Python): on the whole corpus (65k entities) that is a
    second instead of tens, with the same modularity.
    """
    key = (G.number_of_nodes(), G.number_of_edges())
    cached = G.graph.get("_communities")
    if cached is not None and cached[0] == key:
        return [set(c) for c in cached[1]]
    T = tie_network(G)[1]
    names = [n for n in T.nodes if T.degree(n) > 0]  # tie_graph adds nodes sorted: stable
    found = _louvain(T, names) if names else []
    found = sorted(found, key=lambda c: (-len(c), min(c)))
    G.graph["_communities"] = (key, [frozenset(c) for c in found])
    return found


def _louvain(T: nx.Graph, names: list[str]) -> list[set[str]]:
    """igraph's multilevel (Louvain) on T's non-isolated nodes, its random numbers seeded
    (igraph draws them from a Python `random.Random`, restored afterwards)."""
    import random

    import igraph as ig

    index = {n: i for i, n in enumerate(names)}
    pairs = [(index[a], index[b], w) for a, b, w in T.edges(data="weight", default=1)
             if a in index and b in index]
    g = ig.Graph(n=len(names), edges=[(a, b) for a, b, _w in pairs])
    ig.set_random_number_generator(random.Random(0))
    try:
        membership = g.community_multilevel(weights=[float(w) for *_p, w in pairs]).membership
    finally:
        ig.set_random_number_generator(random)
    groups: dict[int, set[str]] = defaultdict(set)
    for n, c in zip(names, membership, strict=True):
        groups[c].add(n)
    return list(groups.values())


def find_nodes(G: nx.MultiDiGraph, name: str) -> list[str]:
    """Entities whose label or any alias equals NAME after normalisation; KgError if none."""
    want = normalise(name)
    found = [n for n, d in G.nodes(data=True)
             if any(normalise(x) == want for x in (d["label"], *d["aliases"]))]
    if not found:
        raise KgError(f"--focus {name!r}: no entity has this name or alias in the graph.")
    return sorted(found, key=lambda n: (-G.nodes[n]["mentions"], n))


def check_types(types: Iterable[str] | None) -> set[str] | None:
    """Map user-given type names (any case) to kg types; KgError naming an unknown one."""
    if types is None:
        return None
    by_lower = {t.lower(): t for t in ENTITY_TYPES}
    chosen = set()
    for t in types:
        if t.strip().lower() not in by_lower:
            raise KgError(f"--types {t!r}: unknown type (use {', '.join(ENTITY_TYPES)}).")
        chosen.add(by_lower[t.strip().lower()])
    return chosen


def select(G: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 1,
           types: set[str] | None = None, min_degree: int = 0,
           min_confidence: float = 0.0) -> nx.MultiDiGraph:
    """The part of G a page or report is about: focus neighbourhood, types, degree, confidence.

    Type and confidence filters apply first, so a focus neighbourhood walks only through
    what will be shown; min_degree counts relations inside that filtered graph.
    """
    if focus is None and types is None and min_degree <= 0 and min_confidence <= 0:
        return G  # nothing to drop: no copy (a 5,000-article graph costs a second to copy)
    chosen = check_types(types)
    keep = [n for n, d in G.nodes(data=True)
            if (chosen is None or d["type"] in chosen) and d["confidence"] >= min_confidence]
    H = G.subgraph(keep)
    if focus is not None:
        roots = [n for n in find_nodes(G, focus) if n in H]
        if not roots:
            raise KgError(f"--focus {focus!r}: that entity is excluded by the type or "
                          "confidence filter.")
        U = H.to_undirected(as_view=True)
        near: set[str] = set()
        for r in roots:
            near |= set(nx.single_source_shortest_path_length(U, r, cutoff=max(depth, 0)))
        H = H.subgraph(near)
    if min_degree > 0:
        S = simple(H)  # type: ignore[arg-type]
        H = H.subgraph([n for n in H if S.degree(n) >= min_degree])
    out = nx.MultiDiGraph(H)
    out.graph["articles"] = G.graph.get("articles", {})
    return out
