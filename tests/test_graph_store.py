"""kg.graph.store: one module opens every graph (build DIR's on-disk store, or an RDF file)."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from graph_fixtures import sample
from rdflib.namespace import RDFS

from kg.errors import KgError
from kg.graph.query import pick_backend, run_query
from kg.graph.store import UNION, open_dataset, open_store, store_path
from kg.rdf import build_dataset

COUNT_LABELS = "SELECT (COUNT(*) AS ?n) WHERE { ?s rdfs:label ?l }"


def _trig(tmp: Path) -> Path:
    out = tmp / "graph.trig"
    out.write_text(build_dataset(*sample()).serialize(format="trig"), encoding="utf-8")
    return out


def _build_dir(tmp: Path) -> Path:
    """A build folder laid out as `kg build` lays it out: store -> store.d/000001."""
    trig = _trig(tmp)
    gen = tmp / "store.d" / "000001"
    gen.parent.mkdir()
    s = ox.Store(str(gen))
    s.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    s.update(UNION)
    s.flush()
    del s
    os.symlink(os.path.join("store.d", "000001"), tmp / "store")
    return tmp


def _count(graph: Path | ox.Store, backend: str = "auto") -> int:
    return int(run_query(graph, COUNT_LABELS, backend=backend).rows[0]["n"])


def test_file_and_store_give_the_same_union_each_triple_once(tmp_path: Path) -> None:
    d = _build_dir(tmp_path)
    trig = d / "graph.trig"
    # the same label is stated by the entities graph and by every article mentioning it
    ds = open_dataset(trig)
    distinct = len(set(ds.triples((None, RDFS.label, None))))
    assert distinct > 0
    assert _count(trig, "rdflib") == _count(trig, "oxigraph") == _count(d) == distinct
    assert pick_backend(d) == "oxigraph" and store_path(d) == (d / "store.d" / "000001")


def test_store_opens_read_only_and_refuses_writes(tmp_path: Path) -> None:
    d = _build_dir(tmp_path)
    s = open_store(d)
    assert len(list(s.named_graphs())) == len(sample()[0]) + 1  # articles + entities
    with pytest.raises(RuntimeError, match="read-write"):
        s.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/b"),
                      ox.Literal("c"), ox.DefaultGraph()))
    # a second reader at the same time is fine
    assert len(open_store(d / "store")) == len(s)


def test_open_dataset_from_store_equals_the_file(tmp_path: Path) -> None:
    d = _build_dir(tmp_path)
    from_store = open_dataset(d)
    from_file = open_dataset(d / "graph.trig")
    q = lambda ds: {(s, p, o, g) for s, p, o, g in ds.quads((None, None, None, None))}  # noqa: E731
    assert q(from_store) == q(from_file) and len(q(from_store)) > 50


def test_dir_without_store_falls_back_to_graph_trig(tmp_path: Path) -> None:
    _trig(tmp_path)
    assert store_path(tmp_path) is None
    assert _count(tmp_path, "oxigraph") == _count(tmp_path / "graph.trig", "rdflib")


@pytest.mark.parametrize(("name", "content", "pattern"), [
    ("nope", None, "no such graph"),
    ("bad.trig", "<a> <b> .", "cannot be parsed as trig"),
    ("g.csv", "a,b", "unknown RDF file type"),
])
def test_bad_graphs_are_one_clear_error(tmp_path: Path, name: str, content: str | None,
                                        pattern: str) -> None:
    p = tmp_path / name
    if content is not None:
        p.write_text(content, encoding="utf-8")
    with pytest.raises(KgError, match=pattern):
        open_store(p)


def test_broken_store_is_a_clear_error(tmp_path: Path) -> None:
    gen = tmp_path / "store.d" / "000001"
    gen.mkdir(parents=True)
    (gen / "CURRENT").write_text("MANIFEST-000099\n")
    os.symlink(os.path.join("store.d", "000001"), tmp_path / "store")
    with pytest.raises(KgError, match="store cannot be opened"):
        open_store(tmp_path)
