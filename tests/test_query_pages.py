"""Paged named queries (kg/graph/pages.py) and parameters Oxigraph binds without falling
back to rdflib: pages partition the listing, keep their articles across builds, and a graph
without page numbers is answered whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kg.graph.pages as pages
from kg.errors import KgError
from kg.graph.query import live_query, named_queries, parse_params, resolve_query, run_query
from kg.pipeline import build

NAMES = ["Ridwan Kamil", "Sri Mulyani", "Eri Cahyadi", "Ade Yasin", "Bima Arya",
         "Ganjar Pranowo", "Khofifah Indar Parawansa", "Anies Baswedan", "Tri Rismaharini"]


def _article(i: int) -> dict:
    a, b = NAMES[i % len(NAMES)], NAMES[(i + 3) % len(NAMES)]
    return {"id": f"p{i:02d}", "title": f"Berita {i}",
            "text": f'Gubernur Jawa Barat {a} bertemu Wali Kota Bogor {b} di Bogor, Senin. '
                    f'"Kami bekerja sama," kata {a}.'}


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _rows(graph: Path, query: str, params: list[str] | None = None,
          backend: str = "auto") -> list[dict[str, str]]:
    text, name, declared = resolve_query(query)
    res = run_query(graph, text, parse_params(params, declared, name, text), backend=backend,
                    name=name)
    return [{k: str(v) for k, v in row.items()} for row in res.rows]


def _key(rows: list[dict[str, str]]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in rows)


def test_assign_keeps_pages_and_appends_new_articles() -> None:
    first = pages.assign({}, [(f"i{n}", f"{n:03d}") for n in (5, 1, 3, 2, 4)])
    assert first == {"i1": 1, "i2": 1, "i3": 1, "i4": 1, "i5": 1}
    prev = {f"i{n}": 1 + (n - 1) // pages.PAGE_SIZE for n in range(1, 2 * pages.PAGE_SIZE)}
    # i3 removed, i0 (an id sorting first) and two more added: known keep their page, new
    # ones fill the last page and then open the next
    now = [(i, i) for i in prev if i != "i3"] + [("i0", "000"), ("z1", "z1"), ("z2", "z2")]
    got = pages.assign(prev, now)
    assert all(got[i] == prev[i] for i in prev if i != "i3") and "i3" not in got
    assert got["i0"] == 2 and got["z1"] == 3 and got["z2"] == 3


@pytest.fixture
def paged_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setattr(pages, "PAGE_SIZE", 3)
    src = _write(tmp_path / "a.jsonl", [_article(i) for i in range(7)])
    out = tmp_path / "out"
    build([src], out, model="blank", progress=False, write_page=False)
    return src, out


@pytest.mark.parametrize("name", ["evidence", "quotes", "articles"])
def test_pages_partition_the_listing(paged_build: tuple[Path, Path], name: str) -> None:
    _, out = paged_build
    whole = _rows(out, name, ["page=all"])
    assert whole, name
    paged = [_rows(out, name, [f"page={n}"]) for n in (1, 2, 3, 4)]
    assert paged[3] == []
    assert _key(whole) == _key([r for p in paged for r in p])
    # and every row is the live query's (queries/live/), which reads no page numbers
    assert _key(whole) == _key(_rows(out, live_query(name) or "", backend="rdflib"))
    # the first page holds the first three articles by id, the default is page 1
    assert {r["article"] for r in paged[0]} <= {"p00", "p01", "p02"}
    assert _rows(out, name) == paged[0]


def test_added_articles_go_after_the_earlier_pages(paged_build: tuple[Path, Path],
                                                   tmp_path: Path) -> None:
    src, out = paged_build
    before = [_rows(out, "articles", [f"page={n}"]) for n in (1, 2, 3)]
    more = _write(tmp_path / "b.jsonl", [{**_article(7), "id": "a-first"}, _article(8)])
    build([src, more], out, model="blank", progress=False, write_page=False)
    after = [_rows(out, "articles", [f"page={n}"]) for n in (1, 2, 3, 4)]
    assert after[:2] == before[:2]  # an id sorting first does not push the others along
    assert [r["article"] for r in after[2]] == ["a-first", "p06", "p08"]
    assert after[3] == []


def test_name_filter_reads_every_page(paged_build: tuple[Path, Path]) -> None:
    _, out = paged_build
    rows = _rows(out, "quotes", ["name=Ridwan Kamil"])
    assert {r["article"] for r in rows} == {"p00", "p09"} - {"p09"} | {"p00"}
    assert all(r["speaker"] == "Ridwan Kamil" for r in rows)
    # with a filter the live form answers, from every page
    assert _rows(out, "quotes", ["name=Ridwan Kamil", "page=2"]) == rows


def test_page_param_errors_and_graph_without_pages(small_graph_dir: Path) -> None:
    declared = named_queries()["evidence"].params
    with pytest.raises(KgError, match="whole number"):
        parse_params(["page=two"], declared, "evidence")
    assert str(parse_params([], declared, "evidence")["page"]) == "1"
    assert "page" not in parse_params(["page=all"], declared, "evidence")
    # an RDF file kg did not build has no page numbers: the listing is answered whole
    small = small_graph_dir / "graph.trig"
    for backend in ("rdflib", "oxigraph"):
        assert _rows(small, "evidence", backend=backend) == \
            _rows(small, "evidence", ["page=all"], backend=backend) != []


@pytest.mark.parametrize("name", ["quotes", "people-posts", "co-occurrence"])
def test_oxigraph_binds_a_filter_param_it_does_not_select(paged_build: tuple[Path, Path],
                                                          name: str) -> None:
    """Oxigraph substitutes only SELECTed variables: kg adds the parameter to the
    projection (and GROUP BY) and drops its column, instead of falling back to rdflib."""
    _, out = paged_build
    ox_rows = _rows(out, name, ["name=sri mulyani"], backend="oxigraph")
    rd_rows = _rows(out, name, ["name=sri mulyani"], backend="rdflib")
    assert ox_rows and ox_rows == rd_rows
    assert all("name" not in r for r in ox_rows)
