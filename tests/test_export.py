"""kg export: each format loaded back with the library that reads it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph, URIRef

from kg.cli import main
from kg.graph.store import open_dataset as load_dataset
from kg.vocab import ORG, SCHEMA


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    assert main(["build", "--out", str(out), "-q", "--no-page"]) == 0
    return out


def _holds(ds: Dataset) -> set[tuple[str, str]]:
    return {(str(s), str(o)) for s, o in ds.subject_objects(ORG.holds)}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_formats_load_in_networkx(built: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"g.{fmt}"
    assert main(["export", str(built), "--format", fmt, "--out", str(out)]) == 0
    G = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    ds = load_dataset(built)
    people = {str(s) for s in ds.subjects(None, SCHEMA.Person)}
    assert people and people <= set(G.nodes)
    node = G.nodes[next(iter(people))]
    assert {"label", "type", "aliases", "mentions", "confidence"} <= set(node)
    assert node["type"] == "Person"
    kinds = {(s, t, d["kind"]) for s, t, d in G.edges(data=True)}
    assert {(s, o, "holds") for s, o in _holds(ds)} <= kinds
    assert all(d["weight"] >= 1 for _, _, d in G.edges(data=True))


def test_co_mentions_tie_entities_of_one_article(built: Path, tmp_path: Path) -> None:
    plain, co = tmp_path / "a.graphml", tmp_path / "b.graphml"
    main(["export", str(built), "--format", "graphml", "--out", str(plain)])
    main(["export", str(built), "--format", "graphml", "--out", str(co), "--co-mentions"])
    G0, G1 = nx.read_graphml(plain), nx.read_graphml(co)
    assert G1.number_of_edges() > G0.number_of_edges()
    co_edges = [d for _, _, d in G1.edges(data=True) if d["kind"] == "coMention"]
    assert co_edges and max(d["weight"] for d in co_edges) >= 1
    big0 = max(len(c) for c in nx.weakly_connected_components(G0))
    big1 = max(len(c) for c in nx.weakly_connected_components(G1))
    assert big1 > big0


def test_csv_pair_reads_back(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    assert main(["export", str(built), "--format", "csv", "--out", str(out)]) == 0
    nodes = list(csv.DictReader((out / "nodes.csv").open(encoding="utf-8")))
    edges = list(csv.DictReader((out / "edges.csv").open(encoding="utf-8")))
    ids = {n["id"] for n in nodes}
    assert all(e["source"] in ids and e["target"] in ids for e in edges)
    ds = load_dataset(built)
    assert {(e["source"], e["target"]) for e in edges if e["kind"] == "holds"} == _holds(ds)
    assert all(n["first_date"] <= n["last_date"] for n in nodes if n["first_date"])


def test_jsonld_is_compact_and_complete(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.jsonld"
    assert main(["export", str(built), "--format", "jsonld", "--out", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["@context"]["name"] == "rdfs:label" and "@graph" in doc
    assert any("holds" in node for node in doc["@graph"])  # plain keys, not full IRIs
    back = Graph().parse(out, format="json-ld")
    ds = load_dataset(built)
    union = {t for t in ds.triples((None, None, None))}
    assert len(back) == len(union)
    assert (URIRef(next(iter(_holds(ds)))[0]), ORG.holds,
            URIRef(next(iter(_holds(ds)))[1])) in back


def test_nquads_keep_named_graphs(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.nq"
    assert main(["export", str(built), "--format", "nquads", "--out", str(out)]) == 0
    back = Dataset()
    back.parse(out, format="nquads")
    ds = load_dataset(built)
    assert len(back) == len(ds)
    assert {str(g.identifier) for g in back.graphs()} >= {str(g.identifier) for g in ds.graphs()
                                                          if len(g)}


def test_bad_format_and_folder_are_one_sentence(built: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", str(built), "--format", "xlsx", "--out", str(tmp_path / "x")])
    capsys.readouterr()
    assert main(["export", str(built), "--format", "graphml", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a folder" in err
