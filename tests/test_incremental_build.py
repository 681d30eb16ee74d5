"""Stable IRIs through `kg build` on real corpus articles (issue 8 class 7, CONTRACT)."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

from conftest import small_extraction
from rdflib import Dataset, URIRef
from rdflib.namespace import OWL, RDF

from kg.pipeline import build
from kg.rdf import build_dataset, entity_iri
from kg.vocab import ENTITIES_GRAPH


def _entities_graph(out: Path) -> tuple[set[URIRef], dict[URIRef, URIRef]]:
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    eg = ds.graph(ENTITIES_GRAPH)
    typed = {s for s in eg.subjects(RDF.type, None) if isinstance(s, URIRef)}
    same = {s: o for s, o in eg.subject_objects(OWL.sameAs)}  # type: ignore[misc]
    return typed, same


def _corpus_slice(shared: Path, tmp: Path, name: str, start: int, stop: int) -> Path:
    src = shared / "data" / "news_corpus" / "click_id_articles.jsonl"
    path = tmp / name
    with src.open(encoding="utf-8") as fh:
        path.write_text("".join(itertools.islice(fh, start, stop)), encoding="utf-8")
    return path


def test_sixty_more_articles_keep_every_iri_of_the_first_build(shared: Path,
                                                               tmp_path: Path) -> None:
    first = _corpus_slice(shared, tmp_path, "first.jsonl", 0, 30)
    more = _corpus_slice(shared, tmp_path, "more.jsonl", 30, 90)
    full, incr = tmp_path / "full", tmp_path / "incr"
    build([first], full, progress=False, write_page=False)
    before, _ = _entities_graph(full)
    assert len(before) > 50
    shutil.copytree(full, incr, symlinks=True)  # DIR/store is a relative link
    # 60 onto 30: the share of new articles makes this a full re-resolve, ids carried over
    report = build([first, more], full, progress=False, write_page=False)
    assert report.processed == 60 and report.reused == 30
    # the same step matched against the index instead (extraction reused from the cache)
    shutil.copy(full / "extractions.jsonl", incr / "extractions.jsonl")
    build([first, more], incr, progress=False, write_page=False, reresolve=False)
    for out in (full, incr):
        after, same = _entities_graph(out)
        lost = {iri for iri in before if iri not in after and same.get(iri) not in after}
        assert not lost, (out.name, sorted(lost)[:5])
        assert len(after) > len(before)


def test_merged_iri_is_written_as_owl_same_as() -> None:
    exs, res = small_extraction()
    kept = res.entities["ridwan-kamil"]
    dropped = "https://w3id.org/kg-id/resource/person/kang-emil"
    res.same_as = {dropped: kept.id}
    eg = build_dataset(exs, res).graph(ENTITIES_GRAPH)
    assert (URIRef(dropped), OWL.sameAs, entity_iri(kept)) in eg
    assert (URIRef(dropped), RDF.type, None) not in eg


def test_articles_the_build_has_are_not_cleaned_again(tmp_path: Path) -> None:
    from kg.ingest import iter_articles
    from kg.models import Article

    src = tmp_path / "two.jsonl"
    src.write_text('{"id": "a", "text": "Bupati Contoh membuka pasar."}\n'
                   '{"id": "b", "text": "Warga Desa Contoh menanam padi."}\n', encoding="utf-8")
    first = {a.id: a for a in iter_articles([src]) if isinstance(a, Article)}
    seen: list[tuple[str, str]] = []

    def known(aid: str, h: str) -> bool:
        seen.append((aid, h))
        return aid == "a"

    again = {a.id: a for a in iter_articles([src], known=known) if isinstance(a, Article)}
    assert seen == [(a.id, a.content_hash) for a in first.values()]
    assert again["a"].text == "" and again["a"].content_hash == first["a"].content_hash
    assert again["b"] == first["b"]
