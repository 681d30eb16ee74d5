"""Corpus-scale precision classes of `holds` (kg.post_scope), on made-up sentences with
kg's shipped pipeline: bare titles and foreign heads of state."""

from __future__ import annotations

import pytest

from kg.models import ArticleExtraction
from kg.post_scope import foreign_country, is_bare


@pytest.fixture
def run(extract_text):  # noqa: ANN001, ANN201
    return extract_text


def _holds(ex: ArticleExtraction) -> set[tuple[str, str]]:
    by = {m.key: m for m in ex.mentions}
    return {(by[r.subject].text, by[r.object].name) for r in ex.relations if r.kind == "holds"}


def test_bare_title_takes_the_holders_whole_post(run) -> None:  # noqa: ANN001
    ex = run("Gubernur Jawa Tengah Bambang Sulistyo meresmikan pasar itu di Semarang. "
             "Menurut Gubernur Bambang, pasar itu dibangun dengan dana daerah.")
    posts = {m.name for m in ex.mentions if m.type == "Post"}
    assert "Gubernur" not in posts
    assert {name for _, name in _holds(ex)} == {"Gubernur Jawa Tengah"}


def test_bare_title_without_a_whole_post_is_dropped_but_the_person_kept(run) -> None:  # noqa: ANN001
    ex = run("Hal itu diungkapkan Menteri Ratna saat meresmikan pabrik baru di Gresik.")
    assert not [m for m in ex.mentions if m.type == "Post"]
    assert not _holds(ex)
    assert "Ratna" in {m.text for m in ex.mentions if m.type == "Person"}


def test_bare_title_of_another_holder_is_not_borrowed(run) -> None:  # noqa: ANN001
    ex = run("Gubernur Jawa Barat Dedi Santoso hadir. Acara itu juga dihadiri Gubernur "
             "Hartono dari provinsi tetangga.")
    assert ("Hartono", "Gubernur Jawa Barat") not in _holds(ex)


def test_foreign_president_holds_no_indonesian_post(run) -> None:  # noqa: ANN001
    ex = run("Ketika Presiden Havel wafat, Kral sementara menjabat presiden dan perdana "
             "menteri Slowakia.")
    assert not any("Indonesia" in name for _, name in _holds(ex))


def test_indonesian_president_beside_a_foreign_party_keeps_the_post(run) -> None:  # noqa: ANN001
    ex = run("Presiden Jokowi menerima delegasi Partai Komunis Tiongkok di Istana Bogor.")
    assert ("Jokowi", "Presiden Republik Indonesia") in _holds(ex)


def test_visiting_a_country_keeps_the_indonesian_post(run) -> None:  # noqa: ANN001
    ex = run("Presiden Joko Widodo berkunjung ke Jepang pekan depan untuk bertemu "
             "Perdana Menteri Jepang Taro Yamada.")
    assert ("Joko Widodo", "Presiden Republik Indonesia") in _holds(ex)


def test_perdana_menteri_is_one_title(run) -> None:  # noqa: ANN001
    ex = run("Pemerintahan Perdana Menteri Malaysia, Ahmad Zulkifli, menulis surat kepada "
             "pemerintah Indonesia.")
    posts = {m.text for m in ex.mentions if m.type == "Post"}
    assert "Menteri Malaysia" not in posts
    assert "Perdana Menteri Malaysia" in posts


def test_country_table_and_bare_titles() -> None:
    from kg.post_scope import countries

    assert countries()["AS"] == "Amerika Serikat"
    assert "Indonesia" not in countries()
    assert is_bare("Menteri") and is_bare("Kapolda") and is_bare("Menteri (PM)")
    assert not is_bare("Menteri Keuangan") and not is_bare("Presiden")
    assert foreign_country is not None


def _links(ex: ArticleExtraction, kind: str) -> set[tuple[str, str]]:
    by = {m.key: m for m in ex.mentions}
    return {(by[r.subject].text, by[r.object].text) for r in ex.relations
            if r.kind == kind and r.object}


def test_regional_branch_is_not_in_the_national_body(run) -> None:  # noqa: ANN001
    ex = run("Ketua KONI DKI, Samsul Hadi, berharap pengurus bekerja sebaik-baiknya.")
    assert not any(o == "KONI" for _, o in _links(ex, "postIn"))


def test_post_in_a_whole_body_is_kept(run) -> None:  # noqa: ANN001
    ex = run("Juru Bicara KPK Febri Santoso mengatakan pemeriksaan berlanjut.")
    assert ("Juru Bicara KPK", "KPK") in _links(ex, "postIn")


def test_piece_of_a_ministry_name_serves_no_area(run) -> None:  # noqa: ANN001
    ex = run("Menteri Pekerjaan Umum dan Perumahan Rakyat Bagus Hartono meninjau bendungan.")
    assert not any(o == "Perumahan Rakyat" for _, o in _links(ex, "areaServed"))


def test_governor_serves_his_province(run) -> None:  # noqa: ANN001
    ex = run("Gubernur Jawa Tengah Bambang Sulistyo meresmikan pasar itu.")
    assert ("Gubernur Jawa Tengah", "Jawa Tengah") in _links(ex, "areaServed")


def test_party_dpd_is_its_regional_board() -> None:
    from kg.extract import _expand

    assert "Dewan Pimpinan Daerah" in (_expand("Ketua DPD I Partai Golkar NTB") or "")
    assert "Dewan Pimpinan Daerah" in (_expand("Ketua DPD Asosiasi Pengemudi Daring") or "")
    assert "Dewan Pimpinan Daerah" not in (_expand("Ketua DPD RI") or "Ketua DPD RI")


def test_envoy_does_not_serve_indonesia(run) -> None:  # noqa: ANN001
    ex = run("Dubes RI untuk Belanda Made Santika hadir dalam pertemuan itu.")
    assert not any(o in ("RI", "Indonesia") for _, o in _links(ex, "areaServed"))
