"""Incremental resolution against the entity index, and stable IRIs (CONTRACT)."""

from __future__ import annotations

from pathlib import Path

from kg.entity_index import EntityIndex, iri_of
from kg.incremental import add_articles, resolve_build
from kg.models import Article, ArticleExtraction, Mention
from kg.resolve import Resolver, Resources

FP = "fp-1"


def _ex(aid: str, *names: tuple[str, str], same: tuple[int, int] | None = None,
        h: str = "h") -> ArticleExtraction:
    """An article naming (type, name) pairs; `same` ties two of them ("X alias Y")."""
    text = " . ".join(n for _, n in names)
    ms, pos = [], 0
    for i, (typ, name) in enumerate(names):
        ms.append(Mention(key=f"m{i}", text=name, type=typ, start=pos, end=pos + len(name),
                          confidence=0.8))
        pos += len(name) + 3
    if same:
        ms[same[1]].same_as = ms[same[0]].key
    return ArticleExtraction(article=Article(id=aid, text=text, content_hash=f"{aid}-{h}"),
                             mentions=ms)


def _build(index: EntityIndex | None, exs: dict[str, ArticleExtraction],
           reresolve: bool | None) -> tuple:
    hashes = {a: ex.article.content_hash for a, ex in exs.items()}
    return resolve_build(index, Resolver(Resources()), FP, hashes,
                         lambda ids: [exs[i] for i in ids], reresolve=reresolve)


def _iris(res) -> set[str]:
    return {iri_of(e.type, e.id) for e in res.entities.values()}


def test_new_mentions_join_known_entities_and_new_ones_get_fresh_ids(tmp_path: Path) -> None:
    exs = {"a1": _ex("a1", ("Person", "Hendra Wijaya Kusuma"), ("Organization", "Dinas Kebun"))}
    res, idx = _build(None, exs, None)
    idx.save(tmp_path)
    first = dict(res.mention_entity)
    exs["a2"] = _ex("a2", ("Person", "Hendra Wijaya Kusuma"), ("Person", "Sri Lestari Ningsih"))
    idx2 = EntityIndex.load(tmp_path)
    assert idx2 is not None
    res2, _ = _build(idx2, exs, False)
    assert res2.mention_entity[("a2", "m0")] == first[("a1", "m0")]
    assert res2.mention_entity[("a2", "m1")] not in first.values()
    assert _iris(res) <= _iris(res2)
    hendra = res2.entities[first[("a1", "m0")]]
    assert sorted(hendra.mentions) == [("a1", "m0"), ("a2", "m0")]
    # only what changed is to be rewritten: the new article, its entities
    assert res2.rewrite_articles == {"a2"}
    assert iri_of("Person", hendra.id) in res2.touched
    assert iri_of("Organization", first[("a1", "m1")]) not in res2.touched


def test_noop_build_touches_nothing(tmp_path: Path) -> None:
    exs = {"a1": _ex("a1", ("Person", "Hendra Wijaya Kusuma"))}
    _, idx = _build(None, exs, None)
    res, _ = _build(idx, exs, None)
    assert res.touched == set() and res.rewrite_articles == set()
    assert len(res.entities) == 1


def test_an_article_that_links_two_entities_merges_them_into_same_as() -> None:
    exs = {"a1": _ex("a1", ("Person", "Hendra Wijaya Kusuma")),
           "a2": _ex("a2", ("Person", "Koh Ahen Tanjaya")),
           "a3": _ex("a3", ("Person", "Bagus Prasetyo Adi"))}
    res, idx = _build(None, exs, None)
    ids = {a: res.mention_entity[(a, "m0")] for a in exs}
    assert len(set(ids.values())) == 3
    # a new article says both names are one man ("Hendra Wijaya Kusuma alias Koh Ahen Tanjaya")
    exs["a4"] = _ex("a4", ("Person", "Hendra Wijaya Kusuma"), ("Person", "Koh Ahen Tanjaya"),
                    same=(0, 1))
    res2, idx2 = _build(idx, exs, False)
    kept = res2.mention_entity[("a4", "m0")]
    assert res2.mention_entity[("a4", "m1")] == kept
    assert res2.mention_entity[("a1", "m0")] == kept == res2.mention_entity[("a2", "m0")]
    dropped = ({ids["a1"], ids["a2"]} - {kept}).pop()
    assert res2.same_as == {iri_of("Person", dropped): kept}
    assert dropped not in res2.entities and kept in res2.entities
    # the new article, and the old one that named the dropped IRI, not the third
    assert res2.rewrite_articles == {"a4", "a1" if dropped == ids["a1"] else "a2"}
    assert iri_of("Person", dropped) in res2.touched
    # the dropped id is never minted again, even for a new entity of the same name
    exs["a5"] = _ex("a5", ("Organization", "Koh Ahen Tanjaya"))
    res3, _ = _build(idx2, exs, False)
    org = res3.mention_entity[("a5", "m0")]
    assert org != dropped and org != kept
    assert res3.same_as == {iri_of("Person", dropped): kept}


def test_full_reresolve_keeps_ids_and_turns_merged_ids_into_same_as() -> None:
    exs = {"a1": _ex("a1", ("Person", "Hendra Wijaya Kusuma")),
           "a2": _ex("a2", ("Person", "Koh Ahen Tanjaya")),
           "a3": _ex("a3", ("Place", "Kampung Lama Sari"))}
    res, idx = _build(None, exs, None)
    before = _iris(res)
    exs["a4"] = _ex("a4", ("Person", "Hendra Wijaya Kusuma"), ("Person", "Koh Ahen Tanjaya"),
                    same=(0, 1))
    res2, idx2 = _build(idx, exs, True)
    assert res2.touched is None and res2.rewrite_articles is None
    after = _iris(res2)
    for iri in before:
        assert iri in after or res2.same_as.get(iri) in res2.entities, iri
    assert len(res2.same_as) == 1
    # and the next full build keeps the sameAs link it inherited
    res3, _ = _build(idx2, exs, True)
    assert res3.same_as == res2.same_as and _iris(res3) == after


def test_changed_article_keeps_its_entities_ids() -> None:
    exs = {"a1": _ex("a1", ("Person", "Hendra Wijaya Kusuma"), ("Place", "Kampung Lama Sari"))}
    res, idx = _build(None, exs, None)
    exs["a2"] = _ex("a2", ("Person", "Bagus Prasetyo Adi"))
    exs["a3"] = _ex("a3", ("Person", "Sri Lestari Ningsih"))
    exs["a4"] = _ex("a4", ("Person", "Dewi Kartika Sari"))
    res2, idx2 = _build(idx, exs, None)
    # a1 is edited: the person stays, the place goes (its IRI is retired, not reused)
    exs["a1"] = _ex("a1", ("Person", "Hendra Wijaya Kusuma"), h="h2")
    res3, idx3 = _build(idx2, exs, False)
    assert res3.mention_entity[("a1", "m0")] == res.mention_entity[("a1", "m0")]
    place = res.mention_entity[("a1", "m1")]
    assert place not in res3.entities and place in idx3.retired
    assert iri_of("Place", place) in res3.touched


def test_index_round_trip_and_corrupt_index_is_ignored(tmp_path: Path) -> None:
    exs = {"a1": _ex("a1", ("Person", "Hendra Wijaya Kusuma"))}
    res, idx = _build(None, exs, None)
    idx.save(tmp_path)
    again = EntityIndex.load(tmp_path)
    assert again is not None
    assert again.resolution(set(), set()).mention_entity == res.mention_entity
    (tmp_path / "entity-index.json").write_text('{"version": 1, "entit')
    assert EntityIndex.load(tmp_path) is None


def test_add_articles_is_used_below_the_full_share() -> None:
    exs = {f"a{i}": _ex(f"a{i}", ("Person", f"Orang Nomor {i} Saja")) for i in range(10)}
    _, idx = _build(None, exs, None)
    exs["b"] = _ex("b", ("Person", "Orang Baru Datang Kemari"))
    res, _ = _build(idx, exs, None)
    assert res.touched is not None and res.rewrite_articles == {"b"}
    assert add_articles  # the path taken above


def test_a_lone_name_joins_the_one_known_person_it_fits() -> None:
    exs = {"a1": _ex("a1", ("Person", "Hendra Wijaya Kusuma")),
           "a2": _ex("a2", ("Person", "Bagus Prasetyo Adi")),
           "a3": _ex("a3", ("Person", "Dewi Kartika Sari"))}
    res, idx = _build(None, exs, None)
    exs["a4"] = _ex("a4", ("Person", "Kusuma"))
    res2, idx2 = _build(idx, exs, False)
    assert res2.mention_entity[("a4", "m0")] == res.mention_entity[("a1", "m0")]
    # once two known people end with it, a lone "Kusuma" is left alone
    exs["a5"] = _ex("a5", ("Person", "Rina Kusuma"))
    _, idx3 = _build(idx2, exs, False)
    exs["a6"] = _ex("a6", ("Person", "Kusuma"))
    res3, _ = _build(idx3, exs, False)
    assert res3.mention_entity[("a6", "m0")] not in {res.mention_entity[("a1", "m0")],
                                                    res3.mention_entity[("a5", "m0")]}


def test_changed_rules_resolve_in_full_and_keep_ids() -> None:
    exs = {f"a{i}": _ex(f"a{i}", ("Person", f"Orang Nomor {i} Saja")) for i in range(10)}
    res, idx = _build(None, exs, None)
    exs["b"] = _ex("b", ("Person", "Orang Baru Datang Kemari"))
    hashes = {a: ex.article.content_hash for a, ex in exs.items()}
    res2, idx2 = resolve_build(idx, Resolver(Resources()), "other-rules", hashes,
                               lambda ids: [exs[i] for i in ids])
    assert res2.touched is None and idx2.fingerprint == "other-rules"
    assert _iris(res) <= _iris(res2)
