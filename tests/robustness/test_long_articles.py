"""Long articles: linear sentence splitting, bounded sentences, extraction in pieces."""

from __future__ import annotations

import time

import pytest
from spacy.language import Language

from kg.components.sentences import MAX_SENT_TOKENS
from kg.extract import Extractor
from kg.models import Article
from kg.nlp import load_pipeline
from kg.pieces import PIECE_CHARS, extract_article, split_pieces

# made-up, no sentence punctuation at all: the worst case for a sentence splitter
WORDS = ("Gubernur Jawa Tengah Budi Santoso hadir dalam rapat kerja daerah di Semarang "
         "bersama Kepala Dinas Pendidikan Siti Rahma ").split()


@pytest.fixture(scope="module")
def blank() -> Language:
    return load_pipeline("blank")


def _text(words: int) -> str:
    return " ".join(WORDS[i % len(WORDS)] for i in range(words))


def _sentencize(nlp: Language, text: str) -> tuple[float, list[int]]:
    doc = nlp.make_doc(text)
    t = time.perf_counter()
    doc = nlp.get_pipe("kg_sentences")(doc)
    return time.perf_counter() - t, [len(s) for s in doc.sents]


def test_sentence_splitting_is_linear_and_bounded(blank: Language) -> None:
    small, _ = _sentencize(blank, _text(5_000))
    big, lengths = _sentencize(blank, _text(40_000))
    assert max(lengths) <= MAX_SENT_TOKENS
    # 8x the words: linear costs ~8x; the old per-token setter cost ~64x (seconds)
    assert big < max(0.5, small * 30)


def test_normal_sentences_are_untouched(blank: Language) -> None:
    doc = blank("Budi Santoso hadir. Dia berkata, \"Kami siap.\" Rapat selesai pukul 12.00.")
    assert [s.text for s in doc.sents] == [
        "Budi Santoso hadir.", "Dia berkata, \"Kami siap.\"", "Rapat selesai pukul 12.00."]


def test_pieces_cover_the_text_and_cut_at_paragraphs() -> None:
    paras = [f"Paragraf {i} " + "kata " * 300 for i in range(200)]
    text = "\n\n".join(p.strip() for p in paras)
    spans = split_pieces(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(e - s <= PIECE_CHARS for s, e in spans)
    assert all(text[e - 2:e] == "\n\n" for _, e in spans[:-1])  # a paragraph break
    unbroken = "x" * (PIECE_CHARS * 2 + 5)  # one huge token: cut hard, still covered
    assert split_pieces(unbroken) == [(0, PIECE_CHARS), (PIECE_CHARS, 2 * PIECE_CHARS),
                                      (2 * PIECE_CHARS, len(unbroken))]


def test_long_article_in_pieces_keeps_offsets_and_keys(blank: Language) -> None:
    # over spaCy's max_length on purpose: no E088, offsets into the whole text
    blank.max_length = 30_000
    text = "\n\n".join(
        f"Gubernur Jawa Tengah Budi Santoso{i} membuka rapat di Semarang. "
        f'"Kami siap bekerja," kata Budi Santoso{i}.' for i in range(500))
    assert len(text) > blank.max_length
    art = Article(id="laporan", text=text, publisher="Kabar Contoh", content_hash="h")
    ex = extract_article(blank, Extractor(), art)
    assert ex.article is art
    keys = [m.key for m in ex.mentions]
    assert len(keys) == len(set(keys)) and keys.count("publisher") == 1
    people = {m.text for m in ex.mentions if m.type == "Person"}
    assert {"Budi Santoso0", "Budi Santoso499"} <= people
    for m in ex.mentions:
        if m.key != "publisher":
            assert text[m.start:m.end] == m.text
    for r in ex.relations:
        assert text[r.evidence.start:r.evidence.end] == r.evidence.sentence
        assert r.subject in keys and (r.object is None or r.object in keys)
    assert ex.relations and ex.quotes
    for q in ex.quotes:
        assert q.speaker in keys and text[q.evidence.start:q.evidence.end] == q.evidence.sentence
