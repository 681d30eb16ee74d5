"""Issue 8 precision: mentions whose shape says they are no name are trimmed or dropped
before resolution (kg/resolution/precision.py). Names and sentences are made up."""

from __future__ import annotations

import pytest

from kg.models import Article, ArticleExtraction, Evidence, Mention, Relation
from kg.resolution.precision import (
    MentionFilter,
    bare_region_head,
    known_short_forms,
    listed_with_person,
    load_acronym_counts,
    trim_function_words,
)
from kg.resolve import Resolver, Resources


def art(text: str, *mentions: tuple[str, str, str]) -> ArticleExtraction:
    """Mentions (name, type, source), each found (first occurrence) in `text`."""
    ms, at = [], 0
    for i, (name, typ, source) in enumerate(mentions):
        start = text.index(name, at)
        at = start + len(name)
        ms.append(Mention(key=f"m{i}", text=name, type=typ, start=start, end=at,
                          confidence=0.7, source=source))
    return ArticleExtraction(article=Article(id="a1", text=text), mentions=ms)


def names(ex: ArticleExtraction) -> list[str]:
    return [m.text for m in ex.mentions]


COMMON = {"pemerintah", "kantor"}.__contains__
FILTER = MentionFilter(known_short_forms({"Organization": [("KPU", "Komisi Pemilihan Umum")]},
                                         ["PBB", "Garuda Indonesia"]),
                       load_acronym_counts(["# acronym\tarticles", "WWK\t350", "VVK\t3"]),
                       COMMON)


def test_a_model_span_ending_in_a_function_word_is_cut_or_dropped() -> None:
    ex = art("Mobil itu mirip Kereta Kencana milik Raja Timur, kata Tim Surya Kencana dan "
             "warga. Ia membaca Jakarta Treaty on Fisheries in tahun lalu.",
             ("Kereta Kencana milik", "Organization", "model"),
             ("Tim Surya Kencana dan", "Organization", "model"),
             ("Jakarta Treaty on Fisheries in", "Organization", "model"))
    out = FILTER.apply([ex])[0]
    assert names(out) == ["Kereta Kencana", "Tim Surya Kencana", "Jakarta Treaty on Fisheries"]
    for m in out.mentions:
        assert ex.article.text[m.start:m.end] == m.text
    # a capital letter at the end is a designation, no function word
    serie = art("Tim itu juara Liga Satu A musim lalu.", ("Liga Satu A", "Organization", "model"))
    assert names(FILTER.apply([serie])[0]) == ["Liga Satu A"]
    # one word left: the model saw no name there
    assert trim_function_words(art("Bajaj milik dia.", ("Bajaj milik", "Place", "model"))
                               .mentions[0]) is None


def test_a_rule_span_is_not_trimmed() -> None:
    ex = art("Lembaga Bantuan dan", ("Lembaga Bantuan dan", "Organization", "rule"))
    assert names(FILTER.apply([ex])[0]) == ["Lembaga Bantuan dan"]


def test_an_unknown_short_acronym_is_dropped_unless_something_says_what_it_is() -> None:
    ex = art("Penyidik memeriksa tersangka XKA di rumahnya. KPU dan PBB hadir. "
             "Partai Maju Bersama (PMB) dan partai QRT menolak. Surat ke ZFP (Zona Federal "
             "Police) terkirim. Pabrik PT TYU tutup.",
             ("XKA", "Organization", "model"), ("KPU", "Organization", "model"),
             ("PBB", "Organization", "model"), ("PMB", "Organization", "model"),
             ("QRT", "Organization", "model"), ("ZFP", "Organization", "model"),
             ("TYU", "Organization", "model"))
    assert names(FILTER.apply([ex])[0]) == ["KPU", "PBB", "PMB", "QRT", "ZFP", "TYU"]
    # the corpus writes WWK in many articles, VVK in few; "Nama Panjang atau NPG" defines
    ex = art("Siaran WWK dan VVK tayang. Nusa Pura Gemilang atau NPG untung.",
             ("WWK", "Organization", "model"), ("VVK", "Organization", "model"),
             ("NPG", "Organization", "model"))
    assert names(FILTER.apply([ex])[0]) == ["WWK", "NPG"]


def test_a_longer_acronym_or_a_rule_acronym_stays() -> None:
    ex = art("Warga menemui XKAB dan XKA.", ("XKAB", "Organization", "model"),
             ("XKA", "Organization", "rule"))
    assert names(FILTER.apply([ex])[0]) == ["XKAB", "XKA"]


def test_a_bare_region_level_head_is_dropped() -> None:
    assert bare_region_head("Pemerintah Daerah Provinsi", COMMON)
    assert bare_region_head("Pemerintah Kota", COMMON)
    assert not bare_region_head("Pemerintah Kota Lembah Hijau", COMMON)
    assert not bare_region_head("Balai Kota", COMMON)
    assert not bare_region_head("Badan Penanggulangan Bencana Daerah", COMMON)
    # a name before the level word: the level is part of the name ("Polres X Kota")
    assert not bare_region_head("Polres Metro Lembah Kota", COMMON)
    ex = art("Pemerintah Kabupaten (Pemkab) Lembah Hijau membangun jalan.",
             ("Pemerintah Kabupaten", "Organization", "rule"), ("Lembah Hijau", "Place", "rule"))
    assert names(FILTER.apply([ex])[0]) == ["Lembah Hijau"]


def test_a_mention_an_edge_points_at_is_kept() -> None:
    ex = art("Tersangka XKA hadir.", ("XKA", "Organization", "model"))
    assert names(FILTER.apply([ex])[0]) == []
    ex.relations.append(Relation(kind="location", subject="m9", object="m0",
                                 evidence=Evidence(sentence=ex.article.text, start=0, end=20)))
    assert names(FILTER.apply([ex])[0]) == ["XKA"]


@pytest.mark.parametrize("table_rows", [True, False])
def test_the_resolver_applies_the_filter(table_rows: bool) -> None:
    rows = {"Organization": [("XKA", "Xenon Kilat Abadi")]} if table_rows else {}
    res = Resolver(Resources(abbreviations=rows)).resolve(
        [art("Tersangka XKA diperiksa.", ("XKA", "Organization", "model"))])
    assert (("a1", "m0") in res.mention_entity) is table_rows


def test_a_name_listed_with_a_person_is_a_person() -> None:
    ex = art("Pelantikan Budi Santoso dan Yayuk Ningsih Lestari sebagai pasangan. Tiba pula "
             "Yayuk Ningsih, Budi Santoso. Toko Yayuk Makmur di Pasar Baru buka.",
             ("Budi Santoso", "Person", "rule"), ("Yayuk Ningsih Lestari", "Organization", "model"),
             ("Yayuk Ningsih", "Place", "model"), ("Budi Santoso", "Person", "rule"),
             ("Yayuk Makmur", "Organization", "model"), ("Pasar Baru", "Place", "rule"))
    names_ok = {"Yayuk"}.__contains__
    ms = ex.mentions
    assert listed_with_person(ms[1], ex.article.text, ms, names_ok)
    assert listed_with_person(ms[2], ex.article.text, ms, names_ok)
    # no Person next to it in a list: it stays what the model said
    assert not listed_with_person(ms[4], ex.article.text, ms, names_ok)
    # a first word that is no name word: no change
    assert not listed_with_person(ms[1], ex.article.text, ms, {"Budi"}.__contains__)


def test_a_list_under_an_organisation_word_is_organisations() -> None:
    ex = art("Ia bertemu pihak perusahaan Kilat Daya, Marvo, ZQRT dan Bintang Robotika. "
             "Lalu ke Marvo dan Kota Lama.",
             ("Kilat Daya", "Organization", "rule"), ("Marvo", "Person", "model"),
             ("ZQRT", "Place", "model"), ("Bintang Robotika", "Place", "model"),
             ("Marvo", "Person", "model"), ("Kota Lama", "Place", "model"))
    out = FILTER.apply([ex])[0]
    assert [m.type for m in out.mentions] == ["Organization"] * 4 + ["Person", "Place"]


def test_a_listed_company_that_attends_is_still_an_organisation() -> None:
    # an attendee may be a company; only a post holder or a speaker must stay a person
    ex = art("Ia bertemu pihak perusahaan Kilat Daya, Marvo dan Bintang Robotika.",
             ("Kilat Daya", "Organization", "rule"), ("Marvo", "Person", "model"),
             ("Bintang Robotika", "Place", "model"))
    ex.relations.append(Relation(kind="attendee", subject="m0", object="m1",
                                 evidence=Evidence(sentence=ex.article.text, start=0, end=10)))
    out = FILTER.apply([ex])[0]
    assert [m.type for m in out.mentions] == ["Organization"] * 3
    ex.relations[0] = Relation(kind="holds", subject="m1", object="m0",
                               evidence=Evidence(sentence=ex.article.text, start=0, end=10))
    out = FILTER.apply([ex])[0]
    assert out.mentions[1].type == "Person"


def test_a_brand_after_merek_is_no_place_or_person() -> None:
    ex = art("Ia memakai sepatu merek Lorvani dan tas produk Zelmo di Bandung.",
             ("Lorvani", "Place", "model"), ("Zelmo", "Person", "model"),
             ("Bandung", "Place", "model"))
    assert names(FILTER.apply([ex])[0]) == ["Bandung"]


def test_laws_budgets_and_people_by_post_are_no_bodies() -> None:
    """A law code, a budget, a law after "UU", and "Pak Kabid ..." are no organisation or
    place; a real organisation in the same sentence stays."""
    text = ("Dinas Pangan Kota Lorem memakai APBD dan dijerat UU Sirkus serta pasal KUHP, "
            "kata Pak Kabid Pangan Lorem.")
    ex = art(text, ("Dinas Pangan Kota Lorem", "Organization", "model"),
             ("APBD", "Organization", "model"), ("Sirkus", "Organization", "model"),
             ("KUHP", "Organization", "rules"), ("Pak Kabid Pangan Lorem", "Place", "model"))
    kept = [m.text for m in MentionFilter().apply([ex])[0].mentions]
    assert kept == ["Dinas Pangan Kota Lorem"]
