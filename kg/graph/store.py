"""Opening a built graph: a build DIR's on-disk Oxigraph store, or any RDF file.

A build folder keeps its graph in an Oxigraph (RocksDB) store:

    DIR/store            -> store.d/000007   (a symlink: the committed generation)
    DIR/store.d/000007/  the store: one named graph per article + kgr:graph/entities,
                         and in the default graph the set union of them all (each
                         triple once), which is what queries see
    DIR/store.d/000007.json  the build's state for that generation (see kg.graph.update)

A build never writes into the committed generation: it writes a new one (a hard-linked
RocksDB checkpoint of the old one, then the changes) and switches the link with one
rename. So this module can open the store read-only while a build runs (Oxigraph calls a
read-only open of a store another process writes "undefined"; here nobody writes it),
and a build killed at any moment leaves the committed store as it was. docs/store.md has
the whole design.

An RDF file (.trig, .nq, .ttl, .nt, .jsonld, .rdf) is loaded into an in-memory store
with the same union in its default graph, so a query means the same on either.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from kg.errors import KgError
from kg.graph.terms import from_ox
from kg.vocab import bind_prefixes

GRAPH_FILE = "graph.trig"
STORE_LINK = "store"
GENERATIONS = "store.d"

_OX_FORMATS = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}
_RDFLIB_FORMATS = {
    ".trig": "trig",
    ".nq": "nquads",
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
}
UNION = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def committed_store(build_dir: str | Path) -> Path | None:
    """The directory of DIR's committed store generation, or None when DIR has none."""
    link = Path(build_dir) / STORE_LINK
    if not os.path.lexists(link):
        return None
    target = link.resolve()
    return target if (target / "CURRENT").exists() else None


def _is_oxigraph_dir(p: Path) -> bool:
    return (p / "CURRENT").is_file() and any(p.glob("OPTIONS-*"))


def store_path(path: str | Path) -> Path | None:
    """Where GRAPH's on-disk store is, if GRAPH is a build DIR with one or a store folder."""
    p = Path(path)
    if not p.is_dir():
        return None
    if _is_oxigraph_dir(p):
        return p
    return committed_store(p)


def graph_file(path: str | Path) -> Path:
    """GRAPH as an RDF file: the file itself, or a build DIR's graph.trig."""
    p = Path(path)
    if p.is_dir():
        p = p / GRAPH_FILE
    if not p.exists():
        raise KgError(f"{path}: no such graph (give a build directory or an RDF file).")
    return p


def open_store(path: str | Path, *, read_only: bool = True) -> ox.Store:
    """GRAPH (build DIR, its store folder, or RDF file) as an Oxigraph store to query.

    A build DIR gives its committed on-disk store, opened read-only unless asked (the
    build itself writes through kg.graph.update, never through this). An RDF file, or a
    build DIR from before the store existed, gives an in-memory store loaded from it.
    Either way the default graph holds the union of the named graphs, each triple once.
    """
    sp = store_path(path)
    if sp is not None:
        try:
            return ox.Store.read_only(str(sp)) if read_only else ox.Store(str(sp))
        except OSError as exc:
            raise KgError(f"{path}: the graph store cannot be opened ({_one_line(exc)}).") from exc
    return load_file(graph_file(path), display=str(path))


def load_file(p: Path, display: str | None = None) -> ox.Store:
    """An RDF file into a new in-memory store, with the union in its default graph."""
    fmt = _OX_FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise KgError(f"{display or p}: unknown RDF file type {p.suffix!r} "
                      "(use .trig, .nq, .ttl, .nt, .jsonld or .rdf).")
    store = ox.Store()
    try:
        store.bulk_load(path=str(p), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise KgError(f"{p}: cannot be parsed as {p.suffix.lstrip('.')} "
                      f"({_one_line(exc)}).") from exc
    store.update(UNION)
    return store


def open_dataset(path: str | Path) -> Dataset:
    """GRAPH as an rdflib Dataset whose default graph is the union of all named graphs.

    For viz, stats and evaluate, which walk the graph in Python. A build DIR is read from
    its store (its named graphs only: the store's default graph is that same union); an
    RDF file is parsed by rdflib, which reads every syntax kg accepts.
    """
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    sp = store_path(path)
    if sp is not None:
        store = open_store(sp)
        for g in store.named_graphs():
            ctx = ds.graph(URIRef(g.value))
            ds.addN((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), ctx)
                    for q in store.quads_for_pattern(None, None, None, g))
        return ds
    p = graph_file(path)
    fmt = _RDFLIB_FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise KgError(f"{path}: unknown RDF file type {p.suffix!r} (use .trig, .nq, .ttl).")
    try:
        ds.parse(p, format=fmt)
    except Exception as exc:  # noqa: BLE001 - rdflib raises many parser-specific types
        raise KgError(f"{p}: cannot be parsed as {fmt} ({exc.__class__.__name__}).") from exc
    return ds


def _one_line(exc: BaseException) -> str:
    msg = " ".join(str(exc).split()) or exc.__class__.__name__
    return msg if len(msg) <= 160 else msg[:157] + "..."


class UnionView:
    """The store's union graph with just the rdflib `quads()` reading that
    kg.netgraph.to_networkx needs: the page is drawn straight from the store, without
    copying every quad into an rdflib Dataset first. IRIs come as URIRef (each converted
    once), literals as their plain lexical string: to_networkx only reads str() of them."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def quads(self, pattern: tuple = (None, None, None, None)):  # noqa: ANN201 - iterator
        if any(x is not None for x in pattern):
            raise ValueError("UnionView reads the whole graph only")
        iris: dict[str, URIRef] = {}

        def term(t: object) -> object:
            if isinstance(t, ox.NamedNode):
                v = t.value
                u = iris.get(v)
                if u is None:
                    u = iris[v] = URIRef(v)
                return u
            return t.value if isinstance(t, ox.Literal) else from_ox(t)

        for q in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield term(q.subject), term(q.predicate), term(q.object), None
