"""Mention shapes that are never a whole name (kg.mention_shape), on made-up text."""

from __future__ import annotations

import spacy

from kg.extract import Extractor
from kg.mention_shape import keep, trim
from kg.models import Article
from kg.nlp import load_pipeline


def _span(text: str, start: int, end: int) -> spacy.tokens.Span:
    return load_pipeline("blank").make_doc(text)[start:end]


def test_list_separator_without_space_cuts_the_span() -> None:
    s = _span("Pelatih Hendro Wibisono,(4-4-2) memilih pemain muda.", 1, 7)
    assert trim(s).text == "Hendro Wibisono"


def test_unclosed_bracket_cuts_the_span() -> None:
    s = _span("Tersangka Darmaji (Aji mengaku bersalah.", 1, 4)
    assert trim(s).text == "Darmaji"


def test_span_starting_after_a_separator_keeps_its_tail() -> None:
    doc = load_pipeline("blank").make_doc("empat lapangan utamanya:,Taman Golf Merapi")
    s = doc[2:]
    assert trim(s).text.startswith("Taman Golf Merapi")


def test_balanced_acronym_is_kept() -> None:
    s = _span("Ketua Lembaga Riset Pangan (LRP) hadir.", 1, 7)
    assert trim(s).text == "Lembaga Riset Pangan (LRP)"


def test_lower_case_heads() -> None:
    assert not keep("depan Bawaslu", "Place")
    assert not keep("kehidupan Rina", "Place")
    assert not keep("jalan raya", "Place")
    assert keep("jalan Merpati", "Place")
    assert keep("tvN", "Organization") and keep("iPhone", "Organization")
    assert keep("laga 19 September 2019", "Event")


def test_extraction_drops_the_shapeless_mentions() -> None:
    nlp = load_pipeline()
    text = "Massa berkumpul di depan Bawaslu. Warga Jalan Kenari,13 mengungsi ke Stadion Sigli."
    ex = Extractor()(nlp(text), Article(id="t", text=text))
    names = {m.text for m in ex.mentions}
    assert "depan Bawaslu" not in names
    assert not any("," in n for n in names)


def test_publisher_and_domains_are_kept() -> None:
    assert keep("kompas.com", "Organization")
    nlp = load_pipeline()
    text = "Warga berkumpul di balai desa."
    ex = Extractor()(nlp(text), Article(id="t", text=text, publisher="beritaku.com"))
    assert any(m.key == "publisher" for m in ex.mentions)
