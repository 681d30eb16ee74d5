"""kg.netread: the network read from an Oxigraph store by SPARQL equals the rdflib reading."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from graph_fixtures import EVIL_NAME, EVIL_QUOTE, hostile, sample, synthetic, write_graph_dir

from kg.graph.store import load_file
from kg.netgraph import to_networkx
from kg.netread import from_store
from kg.rdf import build_dataset
from kg.vocab import RES


def _plain(G: nx.MultiDiGraph) -> tuple[dict, dict, dict]:
    """Everything a reader produced, as comparable plain values."""
    nodes = {n: {k: sorted(v) if isinstance(v, set) else v for k, v in d.items()}
             for n, d in G.nodes(data=True)}
    edges = {(s, o, k): d for s, o, k, d in G.edges(keys=True, data=True)}
    arts = {a: vars(info) for a, info in G.graph["articles"].items()}
    return nodes, edges, arts


@pytest.mark.parametrize("make", [sample, hostile, lambda: synthetic(80)],
                         ids=["sample", "hostile", "synthetic-80"])
def test_store_reading_equals_rdflib_reading(make: Any, tmp_path: Path) -> None:
    fixture = make()
    expected = to_networkx(build_dataset(*fixture))
    got = from_store(load_file(write_graph_dir(fixture, tmp_path) / "graph.trig"))
    want_nodes, want_edges, want_arts = _plain(expected)
    nodes, edges, arts = _plain(got)
    assert len(nodes) == len(want_nodes) > 0 and len(edges) == len(want_edges) > 0
    assert nodes == want_nodes
    assert edges == want_edges
    assert arts == want_arts


def test_hostile_text_survives_the_csv_reading(tmp_path: Path) -> None:
    G = from_store(load_file(write_graph_dir(hostile(), tmp_path) / "graph.trig"))
    budi = G.nodes[str(RES["person/budi"])]
    assert budi["label"] == EVIL_NAME  # quotes, commas, angle brackets, backslashes intact
    assert budi["quotes"][0]["text"] == EVIL_QUOTE


def test_empty_store_gives_an_empty_network() -> None:
    import pyoxigraph as ox

    G = from_store(ox.Store())
    assert G.number_of_nodes() == 0 and G.graph["articles"] == {}
