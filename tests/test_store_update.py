"""The store's update path on made-up articles: a changed article's graph is replaced, an
unchanged one untouched, a removed one gone (only when asked), the union kept exact."""

from __future__ import annotations

import copy
import dataclasses
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from graph_fixtures import sample

from kg.cache import ExtractionCache
from kg.cli import main
from kg.graph.store import committed_store, open_dataset, open_store
from kg.graph.update import plan, update_store
from kg.models import ArticleExtraction, Resolution
from kg.outputs import write_outputs
from kg.rdf import article_iri, build_dataset

Quad4 = tuple[str, str, str, str]


def _named(store: ox.Store) -> dict[str, set[tuple[str, str, str]]]:
    out: dict[str, set[tuple[str, str, str]]] = {}
    for q in store:
        if not isinstance(q.graph_name, ox.DefaultGraph):
            out.setdefault(q.graph_name.value, set()).add(
                (str(q.subject), str(q.predicate), str(q.object)))
    return out


def _default(store: ox.Store) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object))
            for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def _check_union(out: Path) -> dict[str, set[tuple[str, str, str]]]:
    """The default graph is exactly the set union of the named graphs."""
    store = open_store(out)
    named = _named(store)
    assert _default(store) == set().union(*named.values())
    return named


def _expected(exs: list[ArticleExtraction], res: Resolution) -> set[tuple]:
    ds = build_dataset(exs, res)
    return {(s, p, o, g.identifier if hasattr(g, "identifier") else g)
            for s, p, o, g in ds.quads((None, None, None, None))}


def _as_loaded(out: Path) -> set[tuple]:
    return {(s, p, o, g.identifier if hasattr(g, "identifier") else g)
            for s, p, o, g in open_dataset(out).quads((None, None, None, None))}


def _edit(exs: list[ArticleExtraction], i: int, title: str) -> list[ArticleExtraction]:
    """A copy of the corpus where article i was edited (new title, new content hash)."""
    exs = list(exs)
    ex = exs[i]
    art = dataclasses.replace(ex.article, title=title, content_hash=ex.article.content_hash + "2")
    exs[i] = dataclasses.replace(ex, article=art)
    return exs


def test_first_write_equals_build_dataset(tmp_path: Path) -> None:
    exs, res = sample()
    upd = update_store(tmp_path, plan(exs, res))
    assert upd.changed and upd.generation == 1 and upd.added == len(exs)
    assert _as_loaded(tmp_path) == _expected(exs, res)
    named = _check_union(tmp_path)
    assert upd.quads == sum(len(t) for t in named.values())


def test_changed_article_replaced_unchanged_untouched(tmp_path: Path) -> None:
    exs, res = sample()
    update_store(tmp_path, plan(exs, res))
    gen1 = committed_store(tmp_path)
    before = _check_union(tmp_path)
    edited = _edit(exs, 1, "Judul baru yang dibuat-buat")
    upd = update_store(tmp_path, plan(edited, res))
    assert (upd.added, upd.replaced, upd.removed, upd.unchanged) == (0, 1, 0, len(exs) - 1)
    assert upd.generation == 2 and committed_store(tmp_path) != gen1
    after = _check_union(tmp_path)
    g = str(article_iri(exs[1].article.id))
    assert any("Judul baru" in o for _, _, o in after[g])
    assert not any(exs[1].article.title in o for _, _, o in after[g])
    assert {k: v for k, v in after.items() if k != g} == {k: v for k, v in before.items() if k != g}
    assert _as_loaded(tmp_path) == _expected(edited, res)
    # the previous generation is kept, intact, for readers that opened it before the switch
    assert gen1 is not None and _named(ox.Store.read_only(str(gen1))) == before


def test_no_change_makes_no_generation(tmp_path: Path) -> None:
    exs, res = sample()
    update_store(tmp_path, plan(exs, res))
    upd = update_store(tmp_path, plan(exs, res))
    assert not upd.changed and upd.generation == 1 and upd.unchanged == len(exs)
    assert sorted(p.name for p in (tmp_path / "store.d").iterdir()) == ["000001", "000001.json"]


def test_removed_article_graph_gone_shared_triples_kept(tmp_path: Path) -> None:
    exs, res = sample()
    update_store(tmp_path, plan(exs, res))
    gone = exs[0]
    res2 = copy.deepcopy(res)
    for e in res2.entities.values():
        e.mentions = [m for m in e.mentions if m[0] != gone.article.id]
    res2.mention_entity = {k: v for k, v in res2.mention_entity.items() if k[0] != gone.article.id}
    upd = update_store(tmp_path, plan(exs[1:], res2))
    assert upd.removed == 1 and upd.entities_changed > 0
    named = _check_union(tmp_path)
    assert str(article_iri(gone.article.id)) not in named
    store = open_store(tmp_path)
    assert not list(store.quads_for_pattern(None, None, ox.Literal(gone.article.text), None))
    # Ridwan Kamil's label is also stated by other graphs: still in the union
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    assert list(store.quads_for_pattern(None, label, ox.Literal("Ridwan Kamil"),
                                        ox.DefaultGraph()))
    assert _as_loaded(tmp_path) == _expected(exs[1:], res2)


def test_changed_entity_label_replaced_everywhere(tmp_path: Path) -> None:
    exs, res = sample()
    update_store(tmp_path, plan(exs, res))
    res2 = copy.deepcopy(res)
    res2.entities["ridwan-kamil"].label = "Mochamad Ridwan Kamil"
    upd = update_store(tmp_path, plan(exs, res2))
    assert upd.entities_changed == 1 and 0 < upd.replaced < len(exs)
    _check_union(tmp_path)
    assert _as_loaded(tmp_path) == _expected(exs, res2)


def test_leftovers_of_a_killed_build_are_ignored_then_swept(tmp_path: Path) -> None:
    """A kill before the link switch leaves the committed generation as it was: a partial
    next generation (half-written checkpoint, or complete but unswitched) is never read."""
    exs, res = sample()
    update_store(tmp_path, plan(exs, res))
    before = _as_loaded(tmp_path)
    gens = tmp_path / "store.d"
    (gens / ".000002.tmp").mkdir()
    (gens / ".000002.tmp" / "000009.sst").write_bytes(b"half")
    ox.Store.read_only(str(gens / "000001")).backup(str(gens / "000002"))  # unswitched
    (tmp_path / ".store.link.tmp").symlink_to("store.d/000002")
    assert committed_store(tmp_path) == gens / "000001" and _as_loaded(tmp_path) == before
    edited = _edit(exs, 2, "Sesudah")
    upd = update_store(tmp_path, plan(edited, res))
    assert upd.changed and committed_store(tmp_path) == gens / f"{upd.generation:06d}"
    assert _as_loaded(tmp_path) == _expected(edited, res)
    assert not (gens / ".000002.tmp").exists()
    assert sorted(p.name for p in gens.iterdir() if p.is_dir()) == ["000001", "000002"]


def test_unreadable_state_rewrites_the_store_fresh(tmp_path: Path) -> None:
    exs, res = sample()
    update_store(tmp_path, plan(exs, res))
    (tmp_path / "store.d" / "000001.json").write_text("{not json", encoding="utf-8")
    upd = update_store(tmp_path, plan(exs, res))
    assert upd.changed and upd.generation == 2 and upd.added == len(exs)
    assert _as_loaded(tmp_path) == _expected(exs, res)


def _cached_build(tmp_path: Path) -> tuple[Path, list[ArticleExtraction]]:
    """A build folder as `kg build --model blank` leaves it, from made-up extractions."""
    from kg.pipeline import BuildReport, _model_id
    from kg.resolve import resolve

    exs, _ = sample()
    cache = ExtractionCache(tmp_path, _model_id("blank"))
    cache.update(exs)
    cache.save()
    write_outputs(tmp_path, cache.all(), resolve(cache.all()), BuildReport(tmp_path),
                  model_id=_model_id("blank"), write_page=False)
    return tmp_path, exs


def test_kg_remove_drops_the_article_everywhere(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out, exs = _cached_build(tmp_path)
    aid = exs[0].article.id
    assert aid in (out / "graph.trig").read_text(encoding="utf-8")
    assert main(["remove", str(out), aid, "--model", "blank", "--no-page"]) == 0
    assert "1 article(s) removed" in capsys.readouterr().out
    g = str(article_iri(aid))
    assert g not in _check_union(out)
    assert g not in (out / "graph.trig").read_text(encoding="utf-8")
    assert aid not in {ex.article.id for ex in ExtractionCache(out, _blank()).all()}
    # an id the build does not have: a warning, nothing changes, non-zero exit
    gen = os.readlink(out / "store")
    assert main(["remove", str(out), "no-such-id", "--model", "blank", "--no-page"]) == 1
    assert "has no article 'no-such-id'" in capsys.readouterr().err
    assert os.readlink(out / "store") == gen


def test_remove_with_another_model_refuses(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out, exs = _cached_build(tmp_path)
    before = _as_loaded(out)
    assert main(["remove", str(out), exs[0].article.id, "--no-page"]) == 2
    assert "another model" in capsys.readouterr().err
    assert _as_loaded(out) == before


def _blank() -> str:
    from kg.pipeline import _model_id

    return _model_id("blank")


def test_graph_trig_copies_unchanged_blocks_and_equals_a_full_dump(tmp_path: Path) -> None:
    from kg.graph.dump import write_trig

    exs, res = sample()
    u1 = update_store(tmp_path, plan(exs, res))
    write_trig(tmp_path, generation=u1.generation)
    edited = _edit(exs, 3, "Judul lain")
    u2 = update_store(tmp_path, plan(edited, res))
    assert u2.graphs == {str(article_iri(exs[3].article.id))}
    write_trig(tmp_path, generation=u2.generation, previous=u2.previous, changed=u2.graphs)
    incremental = (tmp_path / "graph.trig").read_bytes()
    assert b"Judul lain" in incremental
    (tmp_path / "store.d" / "trig-index.json").unlink()
    write_trig(tmp_path, generation=u2.generation, previous=u2.previous, changed=u2.graphs)
    assert (tmp_path / "graph.trig").read_bytes() == incremental
    assert _as_loaded(tmp_path / "graph.trig") == _expected(edited, res)
