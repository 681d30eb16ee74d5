"""The store's two writers give the graph build_dataset gives: the first build's bulk load
from N-Quads text and the in-place replace from Oxigraph terms (kg/graph/quads.py), on
made-up articles whose strings hold everything N-Quads must escape."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyoxigraph as ox
import pytest
from graph_fixtures import hostile, sample

from kg.graph.quads import NQuadsTerms, OxTerms
from kg.graph.store import open_dataset, open_store
from kg.graph.update import plan, update_store
from kg.models import ArticleExtraction
from kg.rdf import build_dataset

NASTY = ['kata "dia" \\ lalu', "baris\nbaru\r\nlagi\ttab", "\\n bukan baris", '\\"',
         "é ü 中文 🙂 \u2028", "", " ", "akhir \\"]


def _quads(ds: object) -> set[tuple]:
    return {(s, p, o, g.identifier if hasattr(g, "identifier") else g)
            for s, p, o, g in ds.quads((None, None, None, None))}  # type: ignore[attr-defined]


def _nasty(exs: list[ArticleExtraction]) -> list[ArticleExtraction]:
    """The sample with every escape-worthy string in titles, authors and evidence (no
    confidence of 1.0: Oxigraph stores decimals canonically, "1.0" reads back as "1")."""
    out = []
    for i, ex in enumerate(exs):
        s = NASTY[i % len(NASTY)]
        art = dataclasses.replace(ex.article, title=f"{s} judul", author=s or None,
                                  date="kemarin" if i % 2 else ex.article.date,
                                  content_hash=ex.article.content_hash + "-nasty")
        rels = [dataclasses.replace(r, evidence=dataclasses.replace(r.evidence, sentence=s + "."),
                                    confidence=(0.75, 0.3333, 0.05)[j % 3])
                for j, r in enumerate(ex.relations)]
        out.append(dataclasses.replace(ex, article=art, relations=rels))
    return out


@pytest.mark.parametrize("fixture", [sample, hostile])
def test_bulk_and_in_place_writers_equal_build_dataset(tmp_path: Path, fixture: object) -> None:
    exs, res = fixture()  # type: ignore[operator]
    nasty = _nasty(exs)
    bulk, inplace = tmp_path / "bulk", tmp_path / "inplace"
    update_store(bulk, plan(nasty, res))  # a first build: N-Quads text, bulk load
    assert _quads(open_dataset(bulk)) == _quads(build_dataset(nasty, res))
    update_store(inplace, plan(exs, res))
    upd = update_store(inplace, plan(nasty, res))  # every article replaced: Oxigraph terms
    assert upd.replaced == len(exs)
    assert set(open_store(inplace)) == set(open_store(bulk))


def test_terms_agree_on_every_literal() -> None:
    nq, oxt = NQuadsTerms(), OxTerms()
    for s in NASTY:
        for a, b in ((nq.lit(s), oxt.lit(s)), (nq.date(s), oxt.date(s)),
                     (nq.typed(s, "http://example.org/dt"), oxt.typed(s, "http://example.org/dt"))):
            parsed = next(iter(ox.parse(f"<http://e.org/s> <http://e.org/p> {a} .",
                                        format=ox.RdfFormat.N_TRIPLES)))
            assert parsed.object == b
    for x in (0.0, 0.1, 0.3333, 0.9995, 1.0):
        assert str(oxt.conf(x)) == nq.conf(x)
    assert str(oxt.integer(42)) == nq.integer(42) == '"42"^^<http://www.w3.org/2001/XMLSchema#integer>'


def test_a_bad_iri_is_refused_by_both() -> None:
    for terms in (NQuadsTerms(), OxTerms()):
        with pytest.raises(ValueError):
            terms.iri("http://example.org/a b")


def test_counts_are_distinct_triples_per_graph(tmp_path: Path) -> None:
    exs, res = sample()
    upd = update_store(tmp_path, plan(exs, res))
    named: dict[str, int] = {}
    for q in open_store(tmp_path):
        if not isinstance(q.graph_name, ox.DefaultGraph):
            named[q.graph_name.value] = named.get(q.graph_name.value, 0) + 1
    assert upd.quads == sum(named.values())


def test_pieces_are_whole_lines_and_the_whole_text() -> None:
    from kg.graph.quads import nquads_loads, nquads_stream
    from kg.rdf import article_triples, kept_entities

    exs, res = sample()
    kept = kept_entities(res)

    def parts() -> list[tuple]:
        return [(f"http://example.org/g{i}",
                 lambda t, ex=ex: article_triples(ex, res, kept, 0.0, t), {}, str(i))
                for i, ex in enumerate(exs)]

    whole = nquads_stream(parts()).read()
    pieces = list(nquads_loads(parts(), size=300))
    assert len(pieces) > 3 and all(p.endswith(b"\n") for p in pieces)
    assert b"".join(pieces) == whole
