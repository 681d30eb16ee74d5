"""graph.trig from the committed store, by Oxigraph's own TriG serialiser, atomically.

graph.trig holds the named graphs only (the entities graph first, then the articles in
IRI order): the store's default graph is their union, derived, and a reader of the file
gets it back by taking the union (as `kg query FILE` does).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.graph.store import GRAPH_FILE, open_store
from kg.vocab import ENTITIES_GRAPH, PREFIXES

_PREFIXES = {k: str(v) for k, v in PREFIXES.items()}


def named_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """Every quad of every named graph, graph by graph, in a stable order."""
    graphs = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)),
                    key=lambda g: (g.value != str(ENTITIES_GRAPH), g.value))
    for g in graphs:
        yield from store.quads_for_pattern(None, None, None, g)


def write_trig(build_dir: Path, target: Path | None = None) -> Path:
    """Serialise DIR's committed store to DIR/graph.trig (temp file + rename)."""
    target = target or build_dir / GRAPH_FILE
    store = open_store(build_dir)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            ox.serialize(named_quads(store), fh, ox.RdfFormat.TRIG, prefixes=_PREFIXES)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
