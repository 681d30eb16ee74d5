"""Issue 8, class 4: one thing written several ways in several articles is one entity,
and two things that only look alike stay two. Names and sentences are made up."""

from __future__ import annotations

import pytest

from kg.models import Article, ArticleExtraction, Mention, Resolution
from kg.resolve import Resolver, Resources

RES = Resources(
    abbreviations={
        "Place": [("RI", "Indonesia"), ("Jabar", "Jawa Barat")],
        "Organization": [("DPR", "Dewan Perwakilan Rakyat")],
        "OrgPrefix": [("Pemprov", "Pemerintah Provinsi"),
                      ("Pemdaprov", "Pemerintah Daerah Provinsi")],
        "Post": [("Kapolri", "Kepala Kepolisian Negara Republik Indonesia")],
    },
    titles={"honorific": {"H."}, "post": {"Ketua"}},
)


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(RES)


def art(aid: str, *mentions: tuple[str, str], text: str = "") -> ArticleExtraction:
    """An extraction of (name, type) mentions; with `text`, each name is found in it."""
    ms = []
    for i, (name, typ) in enumerate(mentions):
        start = text.find(name) if text else i * 10
        ms.append(Mention(key=f"m{i}", text=name, type=typ, start=start,
                          end=start + len(name), confidence=0.7))
    return ArticleExtraction(article=Article(id=aid, text=text), mentions=ms)


def same(res: Resolution, *refs: tuple[str, str]) -> bool:
    return len({res.mention_entity[r] for r in refs}) == 1


def test_post_with_abbreviation_and_country_is_one_post(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", ("Ketua DPR RI", "Post")),
        art("a2", ("Ketua Dewan Perwakilan Rakyat", "Post")),
        art("a3", ("Ketua Dewan Perwakilan Rakyat (DPR) RI", "Post")),
        art("a4", ("Kepala Kepolisian RI", "Post"), ("Kapolri", "Post")),
        art("a5", ("Rektor Universitas Indonesia", "Post"), ("Rektor Universitas", "Post")),
    ])
    assert same(res, ("a1", "m0"), ("a2", "m0"), ("a3", "m0"))
    assert same(res, ("a4", "m0"), ("a4", "m1"))
    # only a country ending goes: "Universitas Indonesia" is a name of its own
    assert not same(res, ("a5", "m0"), ("a5", "m1"))


def test_leading_muhammad_or_initial_is_the_same_person(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", ("M. Rahmat Sudibyo", "Person")),
        art("a2", ("Rahmat Sudibyo", "Person")),
        art("a3", ("Muhammad Fauzan Hadi", "Person")),
        art("a4", ("M. Fauzan Hadi", "Person")),
        art("a5", ("H. M. Fauzan Hadi", "Person")),
    ])
    assert same(res, ("a1", "m0"), ("a2", "m0"))
    assert same(res, ("a3", "m0"), ("a4", "m0"), ("a5", "m0"))
    assert res.mention_entity[("a1", "m0")] != res.mention_entity[("a3", "m0")]


def test_two_people_sharing_a_surname_stay_two(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", ("Rahmat Sudibyo", "Person")), art("a2", ("Agus Sudibyo", "Person")),
        art("a3", ("Sudibyo", "Person")), art("a4", ("M. Agus Sudibyo", "Person")),
    ])
    ids = [res.mention_entity[(f"a{i}", "m0")] for i in range(1, 5)]
    assert len(set(ids[:3])) == 3  # "Sudibyo" alone fits both: joins neither
    assert ids[3] == ids[1] != ids[0]


def test_place_with_its_locality_or_grounds_is_one_place(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", ("Balairung Cendana", "Place"), ("Tanjung Mawar", "Place")),
        art("a2", ("Balairung Cendana Tanjung Mawar", "Place")),
        art("a3", ("Kompleks Balairung Cendana", "Place")),
        art("a4", ("komplek balairung cendana", "Place")),
        # a base known with two different places after it: joins neither
        art("a5", ("Masjid Raya", "Place"), ("Kota Lama", "Place"), ("Pulau Baru", "Place")),
        art("a6", ("Masjid Raya Kota Lama", "Place")),
        art("a7", ("Masjid Raya Pulau Baru", "Place")),
    ])
    assert same(res, ("a1", "m0"), ("a2", "m0"), ("a3", "m0"), ("a4", "m0"))
    assert res.mention_entity[("a1", "m1")] != res.mention_entity[("a1", "m0")]
    raya = {res.mention_entity[r] for r in (("a5", "m0"), ("a6", "m0"), ("a7", "m0"))}
    assert len(raya) == 3


def test_organisation_with_its_acronym_inside_or_after(resolver: Resolver) -> None:
    text = "Rapat Badan Penataan Wilayah (Bapewil) digelar. Badan Penataan Wilayah hadir."
    res = resolver.resolve([
        art("a1", ("Pemerintah Daerah Provinsi (Pemdaprov) Jawa Barat", "Organization")),
        art("a2", ("Pemprov Jabar", "Organization")),
        art("a3", ("Pemdaprov Jawa Barat", "Organization")),
        # extraction left the acronym out of the mention; the text defines it
        art("a4", ("Badan Penataan Wilayah", "Organization"), text=text),
        art("a5", ("Bapewil", "Organization")),
        # the same acronym given one name spelt two ways is still one organisation
        art("a6", ("Badan Penataan Wilayah", "Organization"), ("Bapewil", "Organization"),
            text="Badan Penataan Wilayah (Bapewil) ... Bapewil"),
        art("a7", ("Badan Penata Wilayah", "Organization"),
            text="Badan Penata Wilayah (Bapewil) rapat."),
    ])
    assert same(res, ("a1", "m0"), ("a2", "m0"), ("a3", "m0"))
    assert same(res, ("a4", "m0"), ("a5", "m0"), ("a6", "m1"), ("a7", "m0"))


def test_acronym_defined_inside_a_name_expands_in_the_article(resolver: Resolver) -> None:
    text = "Jalan Layang Sukamaju - Cibening (Sucib) II dibuka. Tol Layang Sucib II ramai."
    res = resolver.resolve([art("a1", ("Layang Sukamaju - Cibening (Sucib) II", "Place"),
                                ("Tol Layang Sucib II", "Place"), text=text)])
    assert same(res, ("a1", "m0"), ("a1", "m1"))
    # an acronym the text defines after a mention expands inside a post of the article
    text = "Rapat Badan Penataan Wilayah (Bapewil) usai. Ketua Bapewil hadir."
    res = resolver.resolve([
        art("a2", ("Badan Penataan Wilayah", "Organization"), ("Ketua Bapewil", "Post"),
            text=text),
        art("a3", ("Ketua Badan Penataan Wilayah", "Post")),
    ])
    assert same(res, ("a2", "m1"), ("a3", "m0"))


def test_unit_of_a_known_organisation_with_and_without_it(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", ("Dewan Perwakilan Rakyat", "Organization"), ("DPRD Sukamaju", "Organization"),
            ("Panitia Anggaran", "Organization"), ("Ketua Panitia Anggaran", "Post")),
        art("a2", ("Panitia Anggaran DPR", "Organization"), ("Ketua Panitia Anggaran DPR",
                                                             "Post")),
        # a unit known under two parents: the bare name joins neither
        art("a3", ("Komisi Khusus", "Organization")),
        art("a4", ("Komisi Khusus DPRD Sukamaju", "Organization"),
            ("Komisi Khusus DPR", "Organization")),
    ])
    assert same(res, ("a1", "m2"), ("a2", "m0"))
    assert same(res, ("a1", "m3"), ("a2", "m1"))
    komisi = {res.mention_entity[r] for r in (("a4", "m1"), ("a4", "m0"))}
    assert len(komisi) == 2 and res.mention_entity[("a3", "m0")] not in komisi



def test_posts_whose_bodies_are_one_organisation_are_one_post(resolver: Resolver) -> None:
    # two articles define one acronym with the body's name spelt two ways; the posts
    # "Ketua Baren" and "Ketua Badan Perencana DPR" head that one body: one post
    t1 = "Rapat Badan Perencanaan (Baren) dipimpin Ketua Baren."
    t2 = ("Rapat Badan Perencana (Baren) digelar. Badan Perencana DPR dipimpin Ketua Badan "
          "Perencana DPR.")
    t3 = "Rapat Badan Sandang dipimpin Ketua Badan Sandang."
    res = resolver.resolve([
        art("a1", ("Badan Perencanaan", "Organization"), ("Ketua Baren", "Post"), text=t1),
        art("a2", ("Badan Perencana", "Organization"), ("Badan Perencana DPR", "Organization"),
            ("DPR", "Organization"), ("Ketua Badan Perencana DPR", "Post"), text=t2),
        art("a3", ("Badan Sandang", "Organization"), ("Ketua Badan Sandang", "Post"), text=t3),
    ])
    assert same(res, ("a1", "m0"), ("a2", "m0"))
    assert same(res, ("a1", "m1"), ("a2", "m3"))
    assert not same(res, ("a1", "m1"), ("a3", "m1"))  # another body, another post


def test_a_table_body_written_with_common_words_inside_is_that_body() -> None:
    from kg.resolution.types import TypeCues

    res_tables = Resources(
        abbreviations={"Organization": [("KPX", "Komisi Penanganan Pangan"),
                                        ("UMJ", "Universitas Mandala Jaya")]},
        type_cues=TypeCues(word_case={"darurat": (900, 600), "islam": (20, 700)}))
    res = Resolver(res_tables).resolve([
        art("a1", ("KPX", "Organization"), ("Komisi Penanganan Pangan", "Organization")),
        art("a2", ("Komisi Penanganan Darurat Pangan", "Organization")),
        art("a3", ("Universitas Mandala Jaya", "Organization"),
            ("Universitas Islam Mandala Jaya", "Organization")),
    ])
    assert same(res, ("a1", "m1"), ("a2", "m0"))  # "darurat" is mostly lower case
    assert not same(res, ("a3", "m0"), ("a3", "m1"))  # "Islam" is a proper word


def test_an_acronym_spells_a_unit_named_with_its_parent() -> None:
    res = Resolver(Resources(unit_heads=frozenset({"Lembaga", "Badan"}))).resolve([
        art("a1", ("Akademi Teknik Maritim Lembaga Pelatihan Nusantara", "Organization")),
        art("a2", ("ATM", "Organization")),
        art("a3", ("Akademi Seni Rupa Badan Kebudayaan", "Organization"),
            ("Akademi Sains Rakyat", "Organization")),
        art("a4", ("ASR", "Organization")),
    ])
    assert same(res, ("a1", "m0"), ("a2", "m0"))
    assert not same(res, ("a4", "m0"), ("a3", "m0"))  # two bodies spell ASR: neither
