"""Issue 8, class 3: one name, one type across the corpus, decided from all mentions and
their contexts; a common noun or an event is no Person. Names and sentences are made up."""

from __future__ import annotations

import pytest

from kg.models import Article, ArticleExtraction, Evidence, Mention, Quote
from kg.resolution.types import TypeCues
from kg.resolve import Resolver, Resources

CUES = TypeCues(person_words=frozenset({"pak", "bu", "kombes", "brigjen"}),
                speech_verbs=frozenset({"kata", "mengatakan"}),
                word_case={"kebakaran": (900, 40), "gudang": (700, 60), "hari": (5000, 300),
                           "sanjaya": (2, 400)},
                event_triggers=frozenset({"kebakaran", "haul akbar"}))


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(Resources(type_cues=CUES))


def art(aid: str, text: str, *mentions: tuple[str, str, str]) -> ArticleExtraction:
    """Mentions (name, type, source), each found (first occurrence) in `text`."""
    ms, at = [], 0
    for i, (name, typ, source) in enumerate(mentions):
        start = text.index(name, at)
        at = start + len(name)
        ms.append(Mention(key=f"m{i}", text=name, type=typ, start=start, end=at,
                          confidence=0.7, source=source))
    return ArticleExtraction(article=Article(id=aid, text=text), mentions=ms)


def types_of(res, *refs: tuple[str, str]) -> set[str]:
    return {res.entities[res.mention_entity[r]].type for r in refs}


def test_a_lone_model_guess_follows_the_corpus_vote(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", "Kemarin Pak Sanjaya Wirabumi datang.", ("Sanjaya Wirabumi", "Person", "rule")),
        art("a2", "Sanjaya Wirabumi mengatakan hal itu.", ("Sanjaya Wirabumi", "Person", "model")),
        art("a3", "Dana dari Sanjaya Wirabumi cair.", ("Sanjaya Wirabumi", "Organization",
                                                       "model")),
    ])
    ids = {res.mention_entity[(a, "m0")] for a in ("a1", "a2", "a3")}
    assert len(ids) == 1 and res.entities[ids.pop()].type == "Person"


def test_context_words_decide_the_type(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", "Pemain dari klub Garuda Sakti menang.", ("Garuda Sakti", "Person", "model")),
        art("a2", "Warga tinggal di kota Lembah Hijau sejak lama.",
            ("Lembah Hijau", "Organization", "model")),
        # the rank belongs to the next name: no Person vote for "Kopassus"
        art("a3", "Hadir Brigjen Kopassus Darma Putra.", ("Kopassus", "Organization", "model"),
            ("Darma Putra", "Person", "model")),
    ])
    assert types_of(res, ("a1", "m0")) == {"Organization"}
    assert types_of(res, ("a2", "m0")) == {"Place"}
    assert types_of(res, ("a3", "m0")) == {"Organization"}


def test_two_things_with_one_name_stay_two_where_articles_say_so(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", "Wisatawan datang ke kota Marindo tiap tahun.", ("Marindo", "Place", "rule")),
        art("a2", "Skuad klub Marindo kalah telak.", ("Marindo", "Organization", "model")),
        # a third article only guesses, without a cue: it follows the corpus
        art("a3", "Marindo menjadi sorotan.", ("Marindo", "Person", "model")),
    ])
    place, club, guess = (res.mention_entity[(a, "m0")] for a in ("a1", "a2", "a3"))
    assert place != club
    assert res.entities[place].type == "Place" and res.entities[club].type == "Organization"
    assert res.entities[guess].type != "Person"


def test_a_tie_changes_nothing(resolver: Resolver) -> None:
    res = resolver.resolve([art("a1", "Kirana dan Kirana", ("Kirana", "Person", "rule"),
                                ("Kirana", "Organization", "rule"))])
    assert types_of(res, ("a1", "m0")) == {"Person"}
    assert types_of(res, ("a1", "m1")) == {"Organization"}


def test_a_common_noun_or_event_is_no_person(resolver: Resolver) -> None:
    ex = art("a1", "Kebakaran Gudang terjadi. Haul Akbar Syekh Maulana digelar. Pak Hari "
             "datang. Hari itu Sanjaya pulang.",
             ("Kebakaran Gudang", "Person", "model"),
             ("Haul Akbar Syekh Maulana", "Person", "model"), ("Hari", "Person", "model"),
             ("Hari", "Person", "model"), ("Sanjaya", "Person", "model"))
    ex.quotes.append(Quote(text="Saya datang", speaker="m2",
                           evidence=Evidence(sentence="", start=0, end=1)))
    res = resolver.resolve([ex])
    assert types_of(res, ("a1", "m0")) == {"Event"}  # starts like an event, words common
    assert types_of(res, ("a1", "m1")) == {"Event"}  # a two-word trigger alone decides
    assert types_of(res, ("a1", "m2")) == {"Person"}  # a speaker, after "Pak": a person
    assert ("a1", "m3") in res.mention_entity  # same name, same article: same entity
    assert types_of(res, ("a1", "m4")) == {"Person"}
    alone = resolver.resolve([art("a2", "Hari ini cerah.", ("Hari", "Person", "model"))])
    assert ("a2", "m0") not in alone.mention_entity  # a common noun: no entity at all


def test_shipped_word_case_table_knows_common_nouns_from_names() -> None:
    from kg import resources
    from kg.resolution.types import load_word_case

    lines = resources.read_lines("word_case.tsv")
    table = load_word_case(lines)
    assert len(table) > 1000 and all(len(line.split("\t")) == 4 for line in lines)
    cues = TypeCues(word_case=table)
    assert cues.common("kebakaran") and cues.common("hari")
    assert not cues.common("budi") and not cues.common("agus")
