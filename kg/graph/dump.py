"""graph.trig from the committed store, by Oxigraph's own TriG serialiser, atomically.

graph.trig holds the named graphs only (the entities graph first, then the others in IRI
order): the store's default graph is their union, derived, and a reader of the file gets
it back by taking the union (as `kg query FILE` does).

Each graph is serialised on its own (Oxigraph's TriG writer, the prefix lines kept once at
the top), and where each graph's block lies in the file is remembered in
`store.d/trig-index.json`. After a build that changed a few graphs, the unchanged blocks
are copied byte for byte from the previous graph.trig and only the changed graphs are
serialised again: the file is the same as a full dump, for a fraction of the time. The
index names the store generation and the file size and mtime it describes; anything
else (a kill between the file and its index, an edited file) means a full dump.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.cache import atomic_write
from kg.faults import fault_point
from kg.graph.store import GENERATIONS, GRAPH_FILE, open_store
from kg.vocab import ENTITIES_GRAPH, PREFIXES

_PREFIXES = {k: str(v) for k, v in PREFIXES.items()}
INDEX_FILE = "trig-index.json"


def ordered_graphs(store: ox.Store) -> list[ox.NamedNode]:
    return sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)),
                  key=lambda g: (g.value != str(ENTITIES_GRAPH), g.value))


def named_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """Every quad of every named graph, graph by graph, in graph.trig's order."""
    for g in ordered_graphs(store):
        yield from store.quads_for_pattern(None, None, None, g)


def _split_header(block: bytes) -> tuple[bytes, bytes]:
    """Oxigraph writes every prefix line first: (prefix lines, the graph's block)."""
    pos = 0
    while block.startswith(b"@prefix ", pos):
        pos = block.index(b"\n", pos) + 1
    return block[:pos], block[pos:]


def _load_index(build_dir: Path, target: Path, generation: int | None) -> dict | None:
    try:
        index = json.loads((build_dir / GENERATIONS / INDEX_FILE).read_text(encoding="utf-8"))
        st = target.stat()
    except (OSError, ValueError):
        return None
    if not isinstance(index, dict) or index.get("generation") != generation \
            or index.get("size") != st.st_size or index.get("mtime_ns") != st.st_mtime_ns:
        return None
    return index


def write_trig(build_dir: Path, *, generation: int | None = None,
               previous: int | None = None, changed: set[str] | None = None) -> Path:
    """Serialise DIR's committed store (`generation`) to DIR/graph.trig (temp file + rename).

    `changed`: the graphs that differ from generation `previous`; when graph.trig is known
    to be that generation's dump, every other graph's block is copied from it.
    """
    target = build_dir / GRAPH_FILE
    store = open_store(build_dir)
    old = _load_index(build_dir, target, previous) if changed is not None else None
    fd, tmp = tempfile.mkstemp(dir=build_dir, prefix=f".{target.name}.", suffix=".tmp")
    spans: dict[str, list[int]] = {}
    try:
        with os.fdopen(fd, "wb") as fh, (target.open("rb") if old else _Null()) as src:
            header = b""
            if old:
                src.seek(0)
                header = src.read(old["header"])
                fh.write(header)
            pos = len(header)
            for g in ordered_graphs(store):
                if old and g.value not in changed and g.value in old["graphs"]:  # type: ignore[operator]
                    off, n = old["graphs"][g.value]
                    src.seek(off)
                    block = src.read(n)
                else:
                    head, block = _split_header(ox.serialize(
                        store.quads_for_pattern(None, None, None, g), format=ox.RdfFormat.TRIG,
                        prefixes=_PREFIXES) or b"")
                    if not header:
                        header = head
                        fh.write(header)
                        pos = len(header)
                fh.write(block)
                spans[g.value] = [pos, len(block)]
                pos += len(block)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        fault_point(f"write:{target.name}")  # crash tests: KG_FAULT (kg/faults.py)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    st = target.stat()
    atomic_write(build_dir / GENERATIONS / INDEX_FILE, json.dumps(
        {"generation": generation, "size": st.st_size, "mtime_ns": st.st_mtime_ns,
         "header": len(header), "graphs": spans}, separators=(",", ":")))
    return target


class _Null:
    """Stands in for the old file when there is none to copy from."""

    def __enter__(self) -> BinaryIO | None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
