"""A built graph as an Oxigraph store whose default graph is the union of its named graphs.

Queries (`kg query`, `kg serve`) see the union of all named graphs with each triple once,
as rdflib and SPARQL's RDF merge do. Oxigraph's own `use_default_graph_as_union` is a
multiset union (a label stated by five articles would match five times), so the union is
materialised into the default graph instead.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError

GRAPH_FILE = "graph.trig"
_RDF_FORMATS = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS,
                ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}


def graph_path(path: str | Path) -> Path:
    """GRAPH as the user gave it (a build DIR or an RDF file) → the RDF file to load."""
    p = Path(path)
    if p.is_dir():
        p = p / GRAPH_FILE
    if not p.exists():
        raise KgError(f"{path}: no such graph (give a build directory or an RDF file).")
    return p


def load_union_store(path: str | Path) -> ox.Store:
    """Load a build DIR or RDF file into memory with the union in the default graph."""
    p = graph_path(path)
    fmt = _RDF_FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise KgError(f"{path}: Oxigraph loads .trig, .nq, .ttl or .nt files.")
    store = ox.Store()
    try:
        store.bulk_load(path=str(p), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise KgError(f"{p}: cannot be loaded ({exc}).") from exc
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return store
