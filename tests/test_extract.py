"""Rule components and extraction on short Indonesian text (rules-only pipeline, so the
assertions test kg's rules, not the statistical model)."""

from __future__ import annotations

import pytest

from kg.extract import Extractor
from kg.links import iso_date
from kg.models import Article, ArticleExtraction
from kg.nlp import load_pipeline


@pytest.fixture(scope="module")
def run():  # noqa: ANN201
    nlp = load_pipeline("blank")
    extractor = Extractor()

    def _run(text: str, **meta: str) -> ArticleExtraction:
        art = Article(id="t", text=text, **meta)
        return extractor(nlp(text), art)

    return _run


def _names(ex: ArticleExtraction, typ: str) -> set[str]:
    return {m.text for m in ex.mentions if m.type == typ}


def _pairs(ex: ArticleExtraction, kind: str) -> set[tuple[str, str]]:
    by = {m.key: m for m in ex.mentions}
    return {(by[r.subject].text, by[r.object].text) for r in ex.relations
            if r.kind == kind and r.object}


def test_post_before_name_with_rank(run) -> None:  # noqa: ANN001
    ex = run("Kapolda Jatim Irjen Pol Luki Hermawan memimpin apel pagi di Surabaya.")
    assert ("Luki Hermawan", "Kapolda Jatim") in _pairs(ex, "holds")
    post = next(m for m in ex.mentions if m.type == "Post")
    assert post.normal == "Kepala Kepolisian Daerah Jawa Timur"
    assert "Irjen" not in " ".join(_names(ex, "Person"))


def test_name_comma_post(run) -> None:  # noqa: ANN001
    ex = run("Hal itu disampaikan Juru Bicara KPK, Febri Diansyah, kepada wartawan.")
    assert ("Febri Diansyah", "Juru Bicara KPK") in _pairs(ex, "holds")
    assert ("Juru Bicara KPK", "KPK") in _pairs(ex, "postIn")


def test_designated_organisations_and_places(run) -> None:  # noqa: ANN001
    ex = run("Petugas Dinas Pendidikan Provinsi Kepri dan Polres Bandung berjaga di "
             "Jalan Asia Afrika, Bandung.")
    orgs = _names(ex, "Organization")
    assert "Dinas Pendidikan Provinsi Kepri" in orgs
    assert "Jalan Asia Afrika" in _names(ex, "Place")


def test_event_with_ordinal_place_and_date(run) -> None:  # noqa: ANN001
    ex = run("Upacara HUT ke-74 RI digelar di Gedung Sate, Bandung, Sabtu (17/8/2019).",
             date="2019-08-18")
    events = _names(ex, "Event")
    assert any("HUT ke-74 RI" in e for e in events)
    assert any(p == "Gedung Sate" for _, p in _pairs(ex, "location"))
    dates = {r.value for r in ex.relations if r.kind == "startDate"}
    assert dates == {"2019-08-17"}


def test_acronym_defined_in_parentheses(run) -> None:  # noqa: ANN001
    ex = run("Ketua Umum Persatuan Guru Republik Indonesia (PGRI) hadir. PGRI mendukung guru.")
    short = [m for m in ex.mentions if m.text == "PGRI" and m.long_form]
    assert short and short[0].long_form == "Persatuan Guru Republik Indonesia"


def test_quote_with_nya_speaker(run) -> None:  # noqa: ANN001
    text = ('Gubernur Jawa Barat Ridwan Kamil meresmikan jembatan baru. "Jembatan ini untuk '
            'warga desa yang selama ini terisolasi," ujarnya.')
    ex = run(text)
    by = {m.key: m for m in ex.mentions}
    assert [by[q.speaker].text for q in ex.quotes] == ["Ridwan Kamil"]


def test_publisher_mention_from_metadata(run) -> None:  # noqa: ANN001
    ex = run("Warga berkumpul di alun-alun.", publisher="Kabarjabar")
    pub = [m for m in ex.mentions if m.key == "publisher"]
    assert pub and pub[0].text == "Kabarjabar" and pub[0].type == "Organization"


def test_iso_date_forms() -> None:
    assert iso_date("Jumat (20/9/2019) lalu") == "2019-09-20"
    assert iso_date("pada 24-27 September 2019") == "2019-09-24"
    assert iso_date("tanpa tanggal") is None
    # typos in the news are no dates: skipped, the next real date is taken
    assert iso_date("Rabu (19/89/2019) dan Kamis (20/9/2019)") == "2019-09-20"
    assert iso_date("pada (31/2/2019)") is None


def test_event_reference_before_any_event_does_not_fail(run) -> None:  # noqa: ANN001
    # "acara ini" with no event named before it once raised IndexError
    ex = run("Acara ini digelar di Gedung Sate. Kemudian HUT ke-74 RI dirayakan di Bandung.")
    assert any(m.type == "Event" for m in ex.mentions)


def test_slash_joined_names_are_one_body(run) -> None:  # noqa: ANN001
    ex = run("Kementerian Perencanaan Pembangunan Nasional (PPN)/Badan Perencanaan "
             "Pembangunan Nasional (Bappenas) memprediksi pertumbuhan ekonomi.")
    by = {m.key: m for m in ex.mentions}
    linked = [(by[m.same_as].text, m.text) for m in ex.mentions if m.same_as]
    assert linked and linked[0][0].startswith("Kementerian Perencanaan")


def test_two_posts_joined_by_dan_stay_two(run) -> None:  # noqa: ANN001
    ex = run("Koordinasi dilakukan bersama Wakapolda Sultra Brigjen Pol Andi Rian dan "
             "Irwasda Polda Sultra Kombes Pol Budi Santoso.")
    posts = {m.text for m in ex.mentions if m.type == "Post"}
    assert "Wakapolda Sultra" in posts and not any("dan" in p for p in posts)
