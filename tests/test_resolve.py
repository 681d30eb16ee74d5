"""Entity resolution: one real-world thing is one entity, two things stay two.

The resolver gets its language tables as an argument here, so these tests do not depend
on the contents of kg/data.
"""

from __future__ import annotations

import random
import time

import pytest

from kg.models import Article, ArticleExtraction, Mention, Resolution
from kg.resolution.names import norm, phonetic, strip_person
from kg.resolve import Resolver, Resources

RES = Resources(
    nicknames=(("Ahok", "Basuki Tjahaja Purnama", "Person"),
               ("Jokowi", "Joko Widodo", "Person"),
               ("Kang Emil", "Ridwan Kamil", "Person")),
    abbreviations={
        "Place": [("Jabar", "Jawa Barat"), ("Jatim", "Jawa Timur"), ("DKI", "DKI Jakarta")],
        "Organization": [("KPK", "Komisi Pemberantasan Korupsi")],
        "OrgPrefix": [("Pemprov", "Pemerintah Provinsi"), ("Polda", "Kepolisian Daerah")],
        "Post": [("Menkeu", "Menteri Keuangan"), ("Kapolda", "Kepala Kepolisian Daerah")],
    },
    titles={"rank": {"AKBP", "Kombes", "Brigjen"}, "honorific": {"H.", "Hj.", "Dr."},
            "post": {"Gubernur", "Menteri"}},
)


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(RES)


def art(aid: str, *mentions: tuple) -> ArticleExtraction:
    """An extraction from (text, type[, extra Mention fields]) tuples."""
    ms = []
    for i, spec in enumerate(mentions):
        text, typ, *rest = spec
        ms.append(Mention(key=f"m{i}", text=text, type=typ, start=i * 10, end=i * 10 + 5,
                          confidence=0.7, **(rest[0] if rest else {})))
    return ArticleExtraction(article=Article(id=aid, text=""), mentions=ms)


def entity_of(res: Resolution, aid: str, key: str) -> str:
    return res.mention_entity[(aid, key)]


def test_pgri_case_variants_and_long_form_are_one(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", ("Persatuan Guru Republik Indonesia", "Organization", {"long_form": "PGRI"}),
            ("PGRI", "Organization", {"long_form": "Persatuan Guru Republik Indonesia"})),
        art("a2", ("Pgri", "Organization")),
        art("a3", ("pgri", "Organization")),
        art("a4", ("PGRI", "Organization")),
    ])
    ids = {entity_of(res, a, "m0") for a in ("a1", "a2", "a3", "a4")} | {entity_of(res, "a1", "m1")}
    assert len(ids) == 1
    e = res.entities[ids.pop()]
    assert e.label == "Persatuan Guru Republik Indonesia"
    assert {"PGRI", "Pgri", "pgri"} <= e.aliases
    assert e.id == "persatuan-guru-republik-indonesia"
    assert len(e.mentions) == 5


def test_acronym_by_initials_without_definition(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", ("Ikatan Dokter Indonesia", "Organization")),
        art("a2", ("IDI", "Organization")),
        art("a3", ("Badan Pengawas Pemilu", "Organization"), ("Badan Pusat Pemerintahan",
                                                              "Organization")),
        art("a4", ("BPP", "Organization")),
    ])
    assert entity_of(res, "a1", "m0") == entity_of(res, "a2", "m0")
    # BPP spells two organisations' initials: ambiguous, so it stays alone
    assert entity_of(res, "a4", "m0") not in {entity_of(res, "a3", "m0"),
                                             entity_of(res, "a3", "m1")}


def test_long_form_that_is_no_abbreviation_is_ignored(resolver: Resolver) -> None:
    # extraction paired a person's nickname with an organisation span: not trusted
    res = resolver.resolve([
        art("a1", ("Partai Demokrat Susilo", "Organization", {"long_form": "SBY"}),
            ("SBY", "Person", {"long_form": "Partai Demokrat Susilo"})),
        art("a2", ("Susilo Bambang", "Person")),
    ])
    assert res.entities[entity_of(res, "a1", "m1")].label == "SBY"
    assert entity_of(res, "a1", "m0") != entity_of(res, "a1", "m1")


def test_ambiguous_acronym_definitions_do_not_merge_long_forms(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", ("Partai Solidaritas Indonesia", "Organization", {"long_form": "PSI"}),
            ("PSI", "Organization", {"long_form": "Partai Solidaritas Indonesia"})),
        art("a2", ("Persatuan Sepakbola Indonesia", "Organization", {"long_form": "PSI"}),
            ("PSI", "Organization", {"long_form": "Persatuan Sepakbola Indonesia"})),
    ])
    assert entity_of(res, "a1", "m0") == entity_of(res, "a1", "m1")
    assert entity_of(res, "a2", "m0") == entity_of(res, "a2", "m1")
    assert entity_of(res, "a1", "m0") != entity_of(res, "a2", "m0")


def test_nickname_joins_full_name(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", ("Ahok", "Person")),
        art("a2", ("Basuki Tjahaja Purnama", "Person")),
        art("a3", ("Gubernur DKI Basuki Tjahaja Purnama", "Person")),
        art("a4", ("Pak Ahok", "Person")),
        art("a5", ("Basuki Tjahaja Purnama (Ahok)", "Person")),
    ])
    ids = {entity_of(res, a, "m0") for a in ("a1", "a2", "a3", "a4", "a5")}
    assert len(ids) == 1
    e = res.entities[ids.pop()]
    assert e.label == "Basuki Tjahaja Purnama"
    assert {"Ahok", "Gubernur DKI Basuki Tjahaja Purnama"} <= e.aliases


def test_nickname_alone_still_gets_the_full_name_as_label(resolver: Resolver) -> None:
    res = resolver.resolve([art("a1", ("Jokowi", "Person"))])
    (e,) = res.entities.values()
    assert e.label == "Joko Widodo" and "Jokowi" in e.aliases


def test_post_stays_distinct_from_place(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", ("Gubernur Jawa Barat", "Post"), ("Jawa Barat", "Place")),
        art("a2", ("Gubernur Jabar", "Post"), ("Jabar", "Place")),
    ])
    post, place = entity_of(res, "a1", "m0"), entity_of(res, "a1", "m1")
    assert post != place
    assert res.entities[post].type == "Post" and res.entities[place].type == "Place"
    assert entity_of(res, "a2", "m0") == post
    assert entity_of(res, "a2", "m1") == place
    assert res.entities[place].label == "Jawa Barat" and "Jabar" in res.entities[place].aliases


def test_regions_never_merge_by_spelling(resolver: Resolver) -> None:
    res = resolver.resolve([art("a1", ("Jawa Barat", "Place"), ("Jawa Timur", "Place"),
                                ("Gubernur Jawa Barat", "Post"), ("Gubernur Jawa Timur", "Post"))])
    assert len(res.entities) == 4


def test_abbreviation_tables(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", ("KPK", "Organization"), ("Pemprov Jabar", "Organization"),
            ("Polda Metro Jaya", "Organization"), ("Menkeu", "Post"), ("Kapolda Jatim", "Post")),
        art("a2", ("Komisi Pemberantasan Korupsi", "Organization"),
            ("Pemerintah Provinsi Jawa Barat", "Organization"),
            ("Kepolisian Daerah Metro Jaya", "Organization"), ("Menteri Keuangan", "Post"),
            ("Kepala Kepolisian Daerah Jawa Timur", "Post")),
    ])
    for i in range(5):
        assert entity_of(res, "a1", f"m{i}") == entity_of(res, "a2", f"m{i}")
    assert res.entities[entity_of(res, "a1", "m1")].label == "Pemerintah Provinsi Jawa Barat"
    # a parenthesis that abbreviates the rest defines it: "(BPS)" after its long form
    more = resolver.resolve([art("x", ("Badan Pusat Statistik (BPS)", "Organization")),
                             art("y", ("BPS", "Organization")),
                             art("z", ("PT Pertamina (Persero)", "Organization"))])
    assert entity_of(more, "x", "m0") == entity_of(more, "y", "m0")
    assert more.entities[entity_of(more, "x", "m0")].label == "Badan Pusat Statistik"
    # an acronym only seen short still gets its long form from the table
    only = resolver.resolve([art("x", ("KPK", "Organization"))])
    assert next(iter(only.entities.values())).label == "Komisi Pemberantasan Korupsi"


def test_old_spelling_is_the_same_name(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", ("Soeharto", "Person")), art("a2", ("Suharto", "Person")),
        art("a3", ("Djoko Santoso", "Person")), art("a4", ("Joko Santoso", "Person")),
        art("a5", ("Soerabaja", "Place")), art("a6", ("Surabaya", "Place")),
    ])
    assert entity_of(res, "a1", "m0") == entity_of(res, "a2", "m0")
    assert entity_of(res, "a3", "m0") == entity_of(res, "a4", "m0")
    assert entity_of(res, "a5", "m0") == entity_of(res, "a6", "m0")
    assert phonetic(norm("Tjahaja")) == phonetic(norm("Cahaya"))


def test_new_spelling_j_and_y_stay_apart_without_old_markers(resolver: Resolver) -> None:
    res = resolver.resolve([art("a1", ("Yati Suryani", "Person")),
                            art("a2", ("Jati Suryani", "Person")),
                            art("a3", ("Djati Suryani", "Person"))])
    assert entity_of(res, "a1", "m0") != entity_of(res, "a2", "m0") == entity_of(res, "a3", "m0")


def test_roman_numerals_are_not_spelling(resolver: Resolver) -> None:
    res = resolver.resolve([art("a1", ("Komisi VIII DPR", "Organization")),
                            art("a2", ("Komisi VI DPR", "Organization")),
                            art("a3", ("Angkasa Pura II", "Organization")),
                            art("a4", ("Angkasa Pura I", "Organization"))])
    assert len(res.entities) == 4


def test_fuzzy_catches_a_variant_the_folds_miss(resolver: Resolver) -> None:
    res = resolver.resolve([art("a1", ("Kementerian Perhubungan", "Organization")),
                            art("a2", ("Kementrian Perhubungan", "Organization"))])
    assert entity_of(res, "a1", "m0") == entity_of(res, "a2", "m0")


def test_partial_person_names_across_articles(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", ("Sri Mulyani", "Person")),
        art("a2", ("Sri Mulyani Indrawati", "Person")),
        art("a3", ("Menteri Keuangan Sri Mulyani Indrawati", "Person")),
        art("a4", ("Indrawati", "Person")),
    ])
    ids = {entity_of(res, a, "m0") for a in ("a1", "a2", "a3", "a4")}
    assert len(ids) == 1
    assert res.entities[ids.pop()].label == "Sri Mulyani Indrawati"


def test_people_sharing_a_name_part_stay_apart(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", ("Joko Widodo", "Person")), art("a2", ("Joko Susilo", "Person")),
        art("a3", ("Budi Santoso", "Person")), art("a4", ("Agus Santoso", "Person")),
        art("a5", ("Santoso", "Person")), art("a6", ("Joko", "Person")),
    ])
    ids = [entity_of(res, f"a{i}", "m0") for i in range(1, 7)]
    assert len(set(ids)) == 6


def test_surname_in_the_same_article_ties_to_full_name(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", ("Gubernur Jawa Barat Ridwan Kamil", "Person"), ("Kamil", "Person"),
            ("Ridwan", "Person")),
        art("a2", ("Ridwan Saidi", "Person"), ("Ridwan", "Person")),
    ])
    rk = entity_of(res, "a1", "m0")
    assert entity_of(res, "a1", "m1") == rk and entity_of(res, "a1", "m2") == rk
    assert entity_of(res, "a2", "m1") == entity_of(res, "a2", "m0") != rk
    assert res.entities[rk].label == "Ridwan Kamil"
    typo = resolver.resolve([art("a1", ("Veronika Koman", "Person"), ("Veronica", "Person"))])
    assert len(typo.entities) == 1


def test_a_name_inside_a_longer_one_must_start_it(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", ("Iriana Joko Widodo", "Person"), ("Joko Widodo", "Person")),
        art("a2", ("Joko Widodo", "Person")),
        art("a3", ("Laode M. Syarif", "Person"), ("Laode Syarif", "Person")),
        art("a4", ("Laode Muhammad Syarif", "Person")),
        art("a5", ("La Ode Muhammad Syarif", "Person")),  # differs only in spaces
    ])
    assert entity_of(res, "a1", "m0") != entity_of(res, "a1", "m1") == entity_of(res, "a2", "m0")
    syarif = {entity_of(res, a, k) for a, k in (("a3", "m0"), ("a3", "m1"), ("a4", "m0"),
                                                ("a5", "m0"))}
    assert len(syarif) == 1
    assert res.entities[syarif.pop()].label.endswith("Muhammad Syarif")


def test_ambiguous_partial_name_in_one_article_stays_alone(resolver: Resolver) -> None:
    res = resolver.resolve([art("a1", ("Budi Santoso", "Person"), ("Agus Santoso", "Person"),
                                ("Santoso", "Person"))])
    assert len(set(res.mention_entity.values())) == 3


def test_same_label_different_types_stay_two(resolver: Resolver) -> None:
    res = resolver.resolve([art("a1", ("Kartini", "Person"), ("Kartini", "Organization"),
                                ("Kartini", "Event"))])
    ids = {entity_of(res, "a1", f"m{i}") for i in range(3)}
    assert len(ids) == 3
    assert sorted(res.entities[i].type for i in ids) == ["Event", "Organization", "Person"]
    assert all(res.entities[i].label == "Kartini" for i in ids)
    assert "kartini" in ids  # ids are unique keys; the others carry their type


def test_ids_are_unique_per_type_and_across_types(resolver: Resolver) -> None:
    head = "Peringatan Hari Ulang Tahun Kemerdekaan Republik Indonesia di Lapangan Gasibu Bandung"
    res = resolver.resolve([art("a1", (head + " Pagi", "Event"), (head + " Sore", "Event")),
                            art("a2", (head + " Sore", "Event"))])
    ids = sorted(res.entities)
    assert len(ids) == 2 and ids[1] == ids[0] + "-2"  # the slug is cut at 80 characters
    assert res.entities[ids[0]].label.endswith("Sore")  # more mentions: the bare slug


def test_national_suffix_and_inner_province(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", ("KPK RI", "Organization"), ("Dinas Pendidikan Provinsi Jawa Barat",
                                               "Organization"), ("Provinsi Jawa Barat", "Place")),
        art("a2", ("KPK", "Organization"), ("Dinas Pendidikan Jabar", "Organization"),
            ("Jawa Barat", "Place")),
    ])
    for i in range(3):
        assert entity_of(res, "a1", f"m{i}") == entity_of(res, "a2", f"m{i}")


def test_titles_and_degrees_are_stripped() -> None:
    titles = frozenset({"h", "dr", "prof", "kombes", "akbp", "bapak", "gubernur"})
    none: frozenset[str] = frozenset()
    assert strip_person("Prof. Dr. H. Budi Santoso, S.H., M.Si.", titles, none)[0] == \
        "Budi Santoso"
    assert strip_person("Kombes Pol Ahmad Ramadhan", titles | {"kombes pol"}, none)[0] == \
        "Ahmad Ramadhan"
    assert strip_person("Dharmawan H. Samsu", titles, none) == ("Dharmawan H. Samsu", False)
    assert strip_person("Bapak", titles, none) == ("Bapak", False)
    assert strip_person("Firli Bahuri. Sehingga", titles, none)[0] == "Firli Bahuri"
    assert strip_person("Moh. Mahfud", titles, none)[0] == "Moh. Mahfud"
    assert strip_person("Gubernur Jawa Barat Ridwan Kamil", titles,
                        frozenset({"jawa barat"})) == ("Ridwan Kamil", True)


def test_publisher_domain_and_legal_forms(resolver: Resolver) -> None:
    res = resolver.resolve([
        art("a1", ("sindonews.com", "Organization"), ("PT Pertamina (Persero)", "Organization")),
        art("a2", ("Sindonews", "Organization"), ("Pertamina", "Organization")),
        art("a3", ("Sindonews", "Organization"), ("Dharmawan H. Samsu", "Person"),
            ("Dharmawan Samsu", "Person")),
    ])
    assert entity_of(res, "a1", "m0") == entity_of(res, "a2", "m0")
    assert entity_of(res, "a1", "m1") == entity_of(res, "a2", "m1")
    assert res.entities[entity_of(res, "a1", "m0")].label == "Sindonews"
    assert entity_of(res, "a3", "m1") == entity_of(res, "a3", "m2")


def test_confidence_and_mentions(resolver: Resolver) -> None:
    res = resolver.resolve([art("a1", ("Suharto", "Person")), art("a2", ("Suharto", "Person"))])
    (e,) = res.entities.values()
    assert e.mentions == [("a1", "m0"), ("a2", "m0")]
    assert e.confidence == pytest.approx(1 - 0.3 * 0.3)


def _synthetic(n_articles: int, seed: int) -> list[ArticleExtraction]:
    rng = random.Random(seed)
    first = ["Budi", "Agus", "Siti", "Dewi", "Joko", "Ahmad", "Rina", "Eko", "Sri", "Hadi"]
    last = ["Santoso", "Wijaya", "Lestari", "Susanto", "Rahman", "Hidayat", "Kusuma", "Putri"]
    orgs = ["Badan Pusat Statistik", "Komisi Pemberantasan Korupsi", "Bank Indonesia",
            "Persatuan Guru Republik Indonesia", "Dinas Kesehatan", "Kementerian Agama"]
    places = ["Jawa Barat", "Jabar", "Bandung", "Surabaya", "Soerabaja", "Medan", "Jakarta"]
    out = []
    for a in range(n_articles):
        specs: list[tuple] = []
        for _ in range(rng.randint(20, 40)):
            kind = rng.random()
            if kind < 0.5:
                name = f"{rng.choice(first)} {rng.choice(last)} {rng.randint(1, 400)}"
                specs.append((rng.choice([name, name.split()[1], "Dr. " + name]), "Person"))
            elif kind < 0.75:
                specs.append((rng.choice(orgs + ["BPS", "KPK", "PGRI"]), "Organization"))
            elif kind < 0.9:
                specs.append((rng.choice(places), "Place"))
            else:
                specs.append((f"Gubernur {rng.choice(places)}", "Post"))
        out.append(art(f"art{a:05d}", *specs))
    return out


def test_deterministic_whatever_the_input_order(resolver: Resolver) -> None:
    exs = _synthetic(60, seed=1)
    a = resolver.resolve(exs)
    b = Resolver(RES).resolve(list(reversed(exs)))
    assert a.mention_entity == b.mention_entity
    assert [(e.id, e.label, sorted(e.aliases), e.mentions) for e in a.entities.values()] == \
        [(e.id, e.label, sorted(e.aliases), e.mentions) for e in b.entities.values()]


def test_scale_5000_articles(resolver: Resolver) -> None:
    exs = _synthetic(5000, seed=7)
    n = sum(len(ex.mentions) for ex in exs)
    t0 = time.perf_counter()
    res = resolver.resolve(exs)
    took = time.perf_counter() - t0
    print(f"\nresolved {len(exs)} articles / {n} mentions into {len(res.entities)} entities "
          f"in {took:.1f}s")
    assert len(res.mention_entity) == n
    assert all(eid in res.entities for eid in res.mention_entity.values())


def test_acronym_defined_for_regional_office_wins_in_its_article() -> None:
    from kg.models import Article, ArticleExtraction, Mention
    from kg.resolve import resolve as _resolve

    text = ("Dinas Pekerjaan Umum dan Penataan Ruang (PUPR) Provinsi Kepri digeledah. "
            "Kepala Dinas PUPR diperiksa. Kantor PUPR dijaga.")
    long_ = Mention(key="a", text="Dinas Pekerjaan Umum dan Penataan Ruang", type="Organization",
                    start=0, end=39, long_form="PUPR")
    short = Mention(key="b", text="PUPR", type="Organization", start=41, end=45,
                    long_form="Dinas Pekerjaan Umum dan Penataan Ruang")
    again = Mention(key="c", text="PUPR", type="Organization", start=107, end=111)
    ex = ArticleExtraction(article=Article(id="x", text=text), mentions=[long_, short, again])
    res = _resolve([ex])
    assert len({res.mention_entity[("x", k)] for k in "abc"}) == 1
