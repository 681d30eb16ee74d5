"""Cleaning: normal form, boilerplate removal and datelines, on the forms real sites use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.clean import Dateline, clean, normalize, remove_boilerplate, split_dateline

SHARED = Path(__file__).resolve().parents[2] / "shared"

DATELINES = [
    ("BANDUNG (Kabarjabar) \u2013 Gubernur hadir.", "Bandung", "Kabarjabar"),
    ("KABARKU.COM \u2013 Gubernur hadir.", None, "KABARKU.COM"),
    ("JAKARTA - Gubernur hadir.", "Jakarta", None),
    ("JAKARTA, KOMPAS.com - Gubernur hadir.", "Jakarta", "KOMPAS.com"),
    ("JAKARTA, KOMPAS.com--Gubernur hadir.", "Jakarta", "KOMPAS.com"),
    ("Liputan6.com, Jakarta - Gubernur hadir.", "Jakarta", "Liputan6.com"),
    ("TEMPO.CO, Jakarta - Gubernur hadir.", "Jakarta", "TEMPO.CO"),
    ("TEMPO.CO,Yogyakarta - Gubernur hadir.", "Yogyakarta", "TEMPO.CO"),
    ("Jakarta, CNN Indonesia -- Gubernur hadir.", "Jakarta", "CNN Indonesia"),
    ("SURABAYA, iNews.id - Gubernur hadir.", "Surabaya", "iNews.id"),
    ("KOTA BANDUNG \u2014 Gubernur hadir.", "Kota Bandung", None),
    ("DKI JAKARTA - Gubernur hadir.", "DKI Jakarta", None),
    ("Bandung (ANTARA) - Gubernur hadir.", "Bandung", "ANTARA"),
    ("\u2013 Gubernur hadir.", None, None),
]


@pytest.mark.parametrize(("raw", "place", "publisher"), DATELINES)
def test_datelines_are_removed_and_read(raw: str, place: str | None, publisher: str | None) -> None:
    c = clean(raw)
    assert c.text == "Gubernur hadir."
    assert c.dateline == Dateline(place, publisher)


@pytest.mark.parametrize("text", [
    "PT Pertamina (Persero) akan menutup sumur - katanya.",
    "KPK kembali menggeledah dua kantor.",
    "Presiden Joko Widodo membuka pameran.",
    "Pemain PSM - yang cedera - absen.",
])
def test_ordinary_openings_are_not_datelines(text: str) -> None:
    assert split_dateline(text) == (text, Dateline())


def test_normal_form_quotes_dashes_spaces_paragraphs() -> None:
    raw = ("\ufeff\u201cKami  siap,\u201d kata\u00a0dia \u2014 tegas\u200b.\r\n"
           "Baris\tlanjutan.\n\n\n\n\u2018Kedua\u2019 \u00abparagraf\u00bb \u2013 ok.\x00\u202e")
    assert normalize(raw) == ("\"Kami siap,\" kata dia - tegas. Baris lanjutan.\n\n"
                              "'Kedua' \"paragraf\" - ok.")


def test_lines_without_blank_lines_are_paragraphs_and_list_items_stay() -> None:
    assert normalize("Satu.\nDua.") == "Satu.\n\nDua."
    assert normalize("Judul:\n- a\n- b\n\nLain.") == "Judul:\n- a\n- b\n\nLain."
    assert normalize("baris yang\ndibungkus.\n\nLain.") == "baris yang dibungkus.\n\nLain."


def test_baca_juga_lines_go_in_every_form() -> None:
    raw = "\n\n".join([
        "Paragraf satu.",
        "Baca Juga: Judul Berita Lain Yang Tidak Relevan",
        "BACA JUGA: Judul Kedua",
        "baca juga : judul ketiga",
        "Paragraf dua (Baca: Berita Lain) tetap ada.",
        "Baca Juga:,Keputusan Jefri diambil karena sakit.",
        "Baca selengkapnya di sini",
        "Paragraf tiga,Baca juga:",
    ])
    text = clean(raw).text
    assert "baca" not in text.lower()
    assert text == ("Paragraf satu.\n\nParagraf dua tetap ada.\n\n"
                    "Keputusan Jefri diambil karena sakit.\n\nParagraf tiga")


def test_credits_furniture_and_reporter_codes() -> None:
    raw = ("Isi berita.\n\nPenulis: Ani Wijaya\nEditor: Budi\nReporter : Cici\nSumber: Antara\n"
           "Foto: @akun,Hasil rapat diumumkan.\nSimak juga video berikut\nLihat juga: x\n"
           "loading...\nADVERTISEMENT\n\nPenutup. (wib/rs)")
    c = clean(raw)
    assert c.text == "Isi berita.\n\nHasil rapat diumumkan.\n\nPenutup."
    assert c.author == "Ani Wijaya"
    assert clean("Akhir berita. (abc)").text == "Akhir berita."
    assert clean("Akhir berita.\n\n[abc]").text == "Akhir berita."
    # an acronym that ends a sentence is content, not a reporter code
    assert clean("Diperiksa oleh Komisi (KPK)").text == "Diperiksa oleh Komisi (KPK)"


def test_sentences_starting_like_furniture_survive() -> None:
    for keep in ("Sumber daya alam melimpah.", "Foto itu viral di media sosial.",
                 "Penulis prosa ini maju pilkada.", "Saya sudah baca naskahnya."):
        assert clean(keep).text == keep


def test_user_patterns_extend_boilerplate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import clean as clean_mod
    (tmp_path / "boilerplate.txt").write_text("# mine\n^Promo:.*$\n", encoding="utf-8")
    monkeypatch.setenv("KG_DATA_DIR", str(tmp_path))
    clean_mod.boilerplate_patterns.cache_clear()
    try:
        assert remove_boilerplate("Isi.\nPromo: diskon\n").strip() == "Isi."
    finally:
        monkeypatch.delenv("KG_DATA_DIR")
        clean_mod.boilerplate_patterns.cache_clear()


def test_bad_user_pattern_is_one_sentence_error(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import clean as clean_mod
    from kg.errors import KgError
    (tmp_path / "boilerplate.txt").write_text("(unclosed\n", encoding="utf-8")
    monkeypatch.setenv("KG_DATA_DIR", str(tmp_path))
    clean_mod.boilerplate_patterns.cache_clear()
    try:
        with pytest.raises(KgError, match=r"boilerplate\.txt: the pattern '\(unclosed'"):
            clean("x")
    finally:
        monkeypatch.delenv("KG_DATA_DIR")
        clean_mod.boilerplate_patterns.cache_clear()


def test_hostile_text_does_not_crash() -> None:
    for raw in ["", "   \n\n ", "\x00\x01\x02", "-" * 10_000, "(" * 5000 + ")" * 5000,
                "Baca juga:" * 2000, "A" * 200_000, "\u202e\u202dterbalik", "\U0001f600 emoji"]:
        c = clean(raw)
        assert isinstance(c.text, str)
        assert "\x00" not in c.text and "\u202e" not in c.text


# all-caps place, optionally ", Publisher", then a dash: what must never open a text
ALLCAPS_DATELINE = re.compile(r"^[A-Z]{3,}(?: [A-Z]{2,})*(?:,\s*\S+)?\s*-")


def test_news_corpus_sample_cleans_without_datelines(tmp_path: Path) -> None:
    from kg.ingest import iter_articles
    from kg.models import Article

    corpus = SHARED / "data" / "news_corpus" / "click_id_articles.jsonl"
    if not corpus.exists():
        pytest.skip(f"needs the shared news corpus {corpus} (absent outside the project)")
    with corpus.open(encoding="utf-8") as fh:
        lines = [next(fh) for _ in range(200)]
    sample = tmp_path / "sample.jsonl"
    sample.write_text("".join(lines), encoding="utf-8")
    arts = list(iter_articles([sample]))
    assert len(arts) == 200 and all(isinstance(a, Article) for a in arts)
    for a in arts:
        assert not ALLCAPS_DATELINE.match(a.text), (a.id, a.text[:60])
        assert not a.text.startswith(("-", ",")), (a.id, a.text[:60])
        assert not re.search(r"(?im)^\s*baca juga", a.text), a.id
        assert "\n\n\n" not in a.text and "  " not in a.text
