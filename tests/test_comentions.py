"""Co-mention counts materialised at build time (kg/graph/comentions.py) equal the live
SPARQL count over the article graphs, and co-occurrence reads them a page at a time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kg.graph.comentions as comentions
from kg.graph.query import live_query, parse_params, resolve_query, run_query
from kg.models import Entity, Resolution
from kg.pipeline import build
from kg.rdf import entity_iri
from kg.vocab import KG

LIVE = """
SELECT ?p1 ?p2 (COUNT(DISTINCT ?a) AS ?n) WHERE {
  ?a a schema:NewsArticle ; schema:mentions ?p1, ?p2 .
  ?p1 a schema:Person . ?p2 a schema:Person .
  FILTER (STR(?p1) < STR(?p2))
} GROUP BY ?p1 ?p2
"""
PEOPLE = ["Ridwan Kamil", "Sri Mulyani", "Eri Cahyadi", "Ade Yasin", "Bima Arya",
          "Ganjar Pranowo"]


def _article(i: int) -> dict:
    a, b, c = PEOPLE[i % 6], PEOPLE[(i * 2 + 1) % 6], PEOPLE[(i + 4) % 6]
    return {"id": f"c{i:02d}", "title": f"Rapat {i}",
            "text": f"Gubernur Jawa Barat {a} bertemu Wali Kota Bogor {b} di Bogor. "
                    f"Menteri Keuangan {c} juga hadir."}


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(comentions, "PAGE_SIZE", 4)
    src = tmp_path / "a.jsonl"
    src.write_text("".join(json.dumps(_article(i)) + "\n" for i in range(12)), encoding="utf-8")
    out = tmp_path / "out"
    build([src], out, model="blank", progress=False, write_page=False)
    return out


def _rows(out: Path, query: str, params: list[str] | None = None,
          backend: str = "oxigraph") -> list[dict[str, str]]:
    text, name, declared = resolve_query(query)
    res = run_query(out, text, parse_params(params, declared, name, text), backend=backend,
                    name=name)
    return [{k: str(v) for k, v in row.items()} for row in res.rows]


def test_materialised_counts_equal_the_live_count(built: Path) -> None:
    live = {(r["p1"], r["p2"]): int(r["n"]) for r in _rows(built, LIVE)}
    stored = _rows(built, f"SELECT ?p1 ?p2 ?n WHERE {{ GRAPH <{comentions.COMENTIONS_GRAPH}> {{ "
                          "?x kg:person1 ?p1 ; kg:person2 ?p2 ; kg:articles ?n } }")
    assert len(live) > 5 and {(r["p1"], r["p2"]): int(r["n"]) for r in stored} == live


def test_pages_of_co_occurrence_are_the_live_ranking(built: Path) -> None:
    everything = _rows(built, live_query("co-occurrence") or "", backend="rdflib")
    pages = [_rows(built, "co-occurrence", [f"page={n}"]) for n in range(1, 10)]
    assert all(len(p) <= 4 for p in pages)
    assert [r for p in pages for r in p] == everything
    assert _rows(built, "co-occurrence") == pages[0]


def test_name_finds_every_pair_of_that_person(built: Path) -> None:
    rows = _rows(built, "co-occurrence", ["name=eri cahyadi"])
    assert rows and all("Eri Cahyadi" in (r["person1"], r["person2"]) for r in rows)
    assert rows == _rows(built, "co-occurrence", ["name=eri cahyadi"], backend="rdflib")


def test_top_cut_ranks_by_count_then_labels() -> None:
    people = {k: Entity(k, "Person", label, {label}, 0.9) for k, label in
              [("a", "Ani"), ("b", "Budi"), ("c", "Cici"), ("d", "Dedi")]}
    people["o"] = Entity("o", "Organization", "Pemkot Bogor", {"Pemkot Bogor"}, 0.9)
    mentions = {"x1": "abo", "x2": "ab", "x3": "cd", "x4": "bc", "x5": "cd"}
    me = {(aid, f"m{i}"): eid for aid, ids in mentions.items() for i, eid in enumerate(ids)}
    me[("x1", "publisher")] = "c"  # the publisher is no mention
    res = Resolution(entities=people, mention_entity=me)
    counts = comentions.pair_counts(res)
    iri = {k: str(entity_iri(e)) for k, e in people.items()}
    assert counts == {(iri["a"], iri["b"]): 2, (iri["c"], iri["d"]): 2,
                      (iri["b"], iri["c"]): 1}
    top = comentions.comention_triples(res, top=2)
    ranked = [(str(s), str(o)) for s, p, o in top if p == KG.person1]
    assert ranked == [(str(s), iri["a"]) for s, p, o in top if p == KG.person1][:1] + \
        [(ranked[1][0], iri["c"])]
    assert sorted(int(o) for _, p, o in top if p == KG.articles) == [2, 2]
