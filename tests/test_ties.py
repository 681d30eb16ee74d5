"""Co-mention and quote ties (kg.ties) and the community layout (kg.layout) on a made-up corpus."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from graph_fixtures import Corpus

from kg.layout import community_layout
from kg.netgraph import communities, ranking, tie_network, to_networkx
from kg.rdf import build_dataset
from kg.ties import comentions, quote_ties
from kg.vocab import RES


def iri(kind: str, slug: str) -> str:
    return str(RES[f"{kind}/{slug}"])


SARI, BUDI = iri("person", "sari-wulandari"), iri("person", "budi-hartono")
KOP, POST = iri("organization", "koperasi-maju"), iri("post", "ketua-koperasi-maju")
BDG, BDGB = iri("place", "bandung"), iri("place", "bandung-barat")
PUB = iri("organization", "harian-contoh")


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    c = Corpus()
    for eid, typ, label, aliases in [
        ("sari-wulandari", "Person", "Sari Wulandari", {"Sari"}),
        ("budi-hartono", "Person", "Budi Hartono", set()),
        ("koperasi-maju", "Organization", "Koperasi Maju", set()),
        ("ketua-koperasi-maju", "Post", "Ketua Koperasi Maju", set()),
        ("bandung", "Place", "Bandung", set()),
        ("bandung-barat", "Place", "Bandung Barat", set()),
        ("harian-contoh", "Organization", "Harian Contoh", set()),
    ]:
        c.entity(eid, typ, label, aliases)
    c.article("a1", "Ketua Koperasi Maju Budi Hartono bertemu Sari Wulandari di Bandung. "
              '"Koperasi Maju akan membuka cabang di Bandung Barat," kata Sari. Ini kabar baik.',
              title="Koperasi", publisher="harian-contoh", date="2021-03-02",
              mentions=[("Ketua Koperasi Maju", "ketua-koperasi-maju"),
                        ("Budi Hartono", "budi-hartono"), ("Sari Wulandari", "sari-wulandari"),
                        ("Bandung", "bandung"), ("Bandung Barat", "bandung-barat"),
                        ("Koperasi Maju akan", "koperasi-maju"), ("Sari.", "sari-wulandari")],
              relations=[("holds", "Budi Hartono", "Ketua Koperasi Maju", None)],
              quotes=[("Koperasi Maju akan membuka cabang di Bandung Barat", "Sari.")])
    c.article("a2", "Sari Wulandari memuji Koperasi Maju. Anggota bertambah.",
              title="Anggota", publisher="harian-contoh", date="2021-01-15",
              mentions=[("Sari Wulandari", "sari-wulandari"), ("Koperasi Maju", "koperasi-maju")])
    return to_networkx(build_dataset(*c.result()))


def pairs(ties: list) -> dict[frozenset, object]:
    return {frozenset((t.source, t.target)): t for t in ties}


def test_comentions_count_shared_articles_and_skip_publishers_and_relations(G) -> None:  # noqa: ANN001
    ties = pairs(comentions(G, per_node=10))
    both = ties[frozenset((SARI, KOP))]
    assert both.weight == 2 and both.first == "2021-01-15"  # the earlier of the two articles
    assert ties[frozenset((SARI, BDG))].weight == 1
    assert not any(PUB in p for p in ties)  # a publisher is not mentioned by its article
    assert frozenset((BUDI, POST)) not in ties  # holds already ties them
    assert {t.kind for t in ties.values()} == {"comention"}


def test_comentions_are_thinned_to_the_strongest_per_node(G) -> None:  # noqa: ANN001
    every = comentions(G, per_node=10)
    one = comentions(G, per_node=1)
    assert len(one) < len(every)
    chosen = pairs(one)
    # each entity keeps its strongest partner: for Sari that is Koperasi Maju (2 articles)
    assert frozenset((SARI, KOP)) in chosen
    ends = {n for p in chosen for n in p}
    assert ends == {SARI, BUDI, KOP, POST, BDG, BDGB}  # nobody mentioned is left untied


def test_quote_ties_name_whole_longest_names(G) -> None:  # noqa: ANN001
    ties = pairs(quote_ties(G))
    assert set(ties) == {frozenset((SARI, KOP)), frozenset((SARI, BDGB))}
    t = ties[frozenset((SARI, BDGB))]
    assert (t.source, t.kind, t.weight, t.first) == (SARI, "quote", 1, "2021-03-02")
    assert "Bandung Barat" in t.evidence[0]["text"]  # "Bandung" inside it names nobody else


def test_ranking_and_communities_use_relations_and_ties(G) -> None:  # noqa: ANN001
    rank = ranking(G)
    assert max(rank, key=rank.get) == SARI
    assert rank[PUB] < min(rank[n] for n in (SARI, KOP, BDG))
    ties, H = tie_network(G)
    assert tie_network(G)[0] is ties  # computed once per graph
    assert H.edges[BUDI, POST]["weight"] == 2  # a typed relation counts double
    members = set().union(*communities(G))
    assert PUB not in members and SARI in members


def test_community_layout_keeps_discs_apart() -> None:
    H = nx.Graph()
    for c in range(3):  # three cliques of 6 tied by one edge each
        H.add_edges_from(((c, i), (c, j), {"weight": 1}) for i in range(6) for j in range(i))
    H.add_edge((0, 0), (1, 0), weight=1)
    H.add_edge((1, 1), (2, 1), weight=1)
    drawn = sorted(H.nodes)
    pos = community_layout(H, drawn, {n: n[0] for n in drawn})
    assert set(pos) == set(drawn)
    assert community_layout(H, drawn, {n: n[0] for n in drawn}) == pos  # seeded
    centre = {c: [sum(pos[(c, i)][k] for i in range(6)) / 6 for k in (0, 1)] for c in range(3)}
    spread = max(math.dist(pos[(c, i)], centre[c]) for c in range(3) for i in range(6))
    for a in range(3):
        for b in range(a):
            assert math.dist(centre[a], centre[b]) > 1.5 * spread  # groups do not mix
    near = min(math.dist(pos[u], pos[v]) for u in drawn for v in drawn if u < v)
    assert near > 20  # members do not sit on each other


def test_same_graph_same_picture_in_any_process(tmp_path) -> None:  # noqa: ANN001
    """Communities and positions do not depend on Python's per-process hash seed."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = ("import sys; sys.path.insert(0, 'tests'); from graph_fixtures import synthetic; "
              "from kg.rdf import build_dataset; from kg.viz import write_page; "
              "from pathlib import Path; "
              "write_page(build_dataset(*synthetic(40)), Path(sys.argv[1]))")
    root = Path(__file__).resolve().parents[1]
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"p{seed}.html"
        subprocess.run([sys.executable, "-c", script, str(out)], cwd=root, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        pages.append(out.read_text(encoding="utf-8"))
    assert pages[0] == pages[1]
