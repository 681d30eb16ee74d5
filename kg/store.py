"""Loading a built graph (a build DIR or an RDF file) for querying, drawing and scoring."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from kg.errors import KgError
from kg.vocab import bind_prefixes

GRAPH_FILE = "graph.trig"
_FORMATS = {
    ".trig": "trig",
    ".nq": "nquads",
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
}


def graph_file(path: str | Path) -> Path:
    """Resolve GRAPH as the user gave it: a build directory or an RDF file."""
    p = Path(path)
    if p.is_dir():
        p = p / GRAPH_FILE
    if not p.exists():
        raise KgError(f"{path}: no such graph (give a build directory or an RDF file).")
    return p


def load_dataset(path: str | Path) -> Dataset:
    """Parse a graph into an rdflib Dataset whose default graph is the union of all graphs.

    Queries see the union, as the contract requires, while each article's facts stay in
    its own named graph for provenance.
    """
    p = graph_file(path)
    fmt = _FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise KgError(f"{path}: unknown RDF file type {p.suffix!r} (use .trig, .nq, .ttl).")
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    try:
        ds.parse(p, format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise KgError(f"{p}: cannot be parsed as {fmt} ({exc.__class__.__name__}).") from exc
    return ds
