"""The RDF -> networkx reading shared by the page and `kg stats`."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from graph_fixtures import EVIL_ALIAS, EVIL_NAME, EVIL_QUOTE, hostile, sample, write_graph_dir

from kg.errors import KgError
from kg.graph.store import open_dataset as load_dataset
from kg.netgraph import (
    check_types,
    communities,
    find_nodes,
    normalise,
    pagerank,
    ranking,
    select,
    to_networkx,
)
from kg.rdf import build_dataset
from kg.vocab import RES

RK = str(RES["person/ridwan-kamil"])
JW = str(RES["person/joko-widodo"])


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return to_networkx(build_dataset(*sample()))


def test_nodes_carry_type_label_aliases_articles(G: nx.MultiDiGraph) -> None:
    assert G.number_of_nodes() == 21
    rk = G.nodes[RK]
    assert (rk["type"], rk["label"]) == ("Person", "Ridwan Kamil")
    assert set(rk["aliases"]) == {"Kang Emil", "Emil"}
    assert rk["confidence"] == pytest.approx(0.8)
    assert {a.rsplit("/", 1)[1] for a in rk["articles"]} == {"jabar-2019-hut", "jabar-2021-vaksin"}
    assert [q["text"] for q in rk["quotes"]] == ["Kita harus bersatu membangun daerah"]
    assert G.nodes[str(RES["event/hut-ri-74"])]["dates"] == ["2019-08-17"]
    # a publisher is linked to the articles it published
    assert len(G.nodes[str(RES["organization/kabar-jabar"])]["articles"]) == 2


def test_edges_keep_kind_and_evidence_with_offsets(G: nx.MultiDiGraph) -> None:
    exs, _ = sample()
    text = {e.article.id: e.article.text for e in exs}
    assert G.number_of_edges() == 16
    edge = G.edges[RK, str(RES["post/gubernur-jawa-barat"]), "holds"]
    assert edge["kind"] == "holds"
    [ev] = edge["evidence"]
    art = ev["article"].rsplit("/", 1)[1]
    assert text[art][ev["start"]:ev["end"]] == ev["text"]
    assert "Ridwan Kamil" in ev["text"]
    kinds = {k for *_, k in G.edges(keys=True)}
    assert kinds == {"holds", "postIn", "areaServed", "attendee", "location", "organizer"}


def test_articles_metadata(G: nx.MultiDiGraph) -> None:
    arts = {a.id: a for a in G.graph["articles"].values()}
    a = arts["pertamina-2020-ahok"]
    assert (a.headline, a.date, a.url) == ("Ahok dipanggil Jokowi", "2020-03-02",
                                           "https://news.example/pertamina-2020-ahok")
    assert a.publisher == str(RES["organization/warta-nusantara"])


def test_loaded_trig_reads_the_same(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    H = to_networkx(load_dataset(write_graph_dir(sample(), tmp_path)))
    assert set(H.nodes) == set(G.nodes)
    assert set(H.edges(keys=True)) == set(G.edges(keys=True))
    assert H.nodes[RK]["aliases"] == G.nodes[RK]["aliases"]
    assert len(H.graph["articles"]) == 4


def test_hostile_text_is_kept_verbatim(tmp_path: Path) -> None:
    H = to_networkx(load_dataset(write_graph_dir(hostile(), tmp_path)))
    budi = H.nodes[str(RES["person/budi"])]
    assert budi["label"] == EVIL_NAME
    assert budi["aliases"] == [EVIL_ALIAS]
    assert budi["quotes"][0]["text"] == EVIL_QUOTE


def test_pagerank_matches_networkx_reference() -> None:
    K = nx.karate_club_graph()
    ref = nx.algorithms.link_analysis.pagerank_alg._pagerank_python(K, weight="weight", tol=1e-13,
                                                                     max_iter=2000)
    ours = pagerank(K)
    assert sum(ours.values()) == pytest.approx(1.0)
    assert max(abs(ours[n] - ref[n]) for n in K) < 1e-6
    assert pagerank(nx.Graph()) == {}


def test_ranking_puts_connected_people_above_isolated(G: nx.MultiDiGraph) -> None:
    r = ranking(G)
    assert r[RK] > r[str(RES["place/surabaya"])]
    assert r[JW] > r[str(RES["person/unifah-rosyidi"])]


def test_communities_are_stable_and_skip_isolated(G: nx.MultiDiGraph) -> None:
    first, again = communities(G), communities(G)
    assert first == again
    members = set().union(*first)
    # publishers are not mentioned by their articles: no tie, no community
    assert str(RES["organization/warta-nusantara"]) not in members
    assert str(RES["organization/kabar-jabar"]) not in members
    assert any(RK in c and str(RES["post/gubernur-jawa-barat"]) in c for c in first)


def test_find_nodes_by_alias_any_case_and_accents(G: nx.MultiDiGraph) -> None:
    assert find_nodes(G, "jokowi") == [JW]
    assert find_nodes(G, "  KANG  emil ") == [RK]
    assert normalise("Jéjé, S.H.") == "jeje s h"
    with pytest.raises(KgError, match="Nobody Here"):
        find_nodes(G, "Nobody Here")


def test_check_types() -> None:
    assert check_types(["person", "ORGANIZATION"]) == {"Person", "Organization"}
    assert check_types(None) is None
    with pytest.raises(KgError, match="'Alien'"):
        check_types(["Person", "Alien"])


def test_select_focus_depth_types_degree_confidence(G: nx.MultiDiGraph) -> None:
    one = select(G, focus="Jokowi", depth=1)
    assert {one.nodes[n]["label"] for n in one} == {
        "Joko Widodo", "Presiden Republik Indonesia", "HUT ke-76 PGRI", "Vaksinasi COVID-19"}
    two = select(G, focus="Jokowi", depth=2)
    assert RK in two and len(two) > len(one)
    people = select(G, types={"Person"})
    assert {people.nodes[n]["type"] for n in people} == {"Person"}
    assert len(select(G, min_degree=3)) == len([n for n in G if nx.Graph(G).degree(n) >= 3])
    assert all(G.nodes[n]["confidence"] >= 0.9 for n in select(G, min_confidence=0.9))
    with pytest.raises(KgError, match="excluded"):
        select(G, focus="Jokowi", types={"Place"})
