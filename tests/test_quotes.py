"""Quote spans and speaker attribution, on hand-made text and mentions."""

from __future__ import annotations

from kg.models import Mention
from kg.quotes import _quote_spans, find_quotes


def _person(key: str, text: str, full: str) -> Mention:
    start = full.index(text)
    return Mention(key=key, text=text, type="Person", start=start, end=start + len(text))


def test_quote_spans_balanced_and_multi_paragraph() -> None:
    text = 'A "satu dua tiga," kata B.\n\n"Empat lima enam\n\n"tujuh delapan sembilan," ujarnya.'
    spans = _quote_spans(text)
    assert text[spans[0][0]:spans[0][1]] == "satu dua tiga,"
    body = text[spans[1][0]:spans[1][1]]
    assert body.startswith("Empat lima enam") and body.endswith("sembilan,")


def test_speaker_after_quote_with_post_and_name() -> None:
    text = ('"Kami sudah bekerja keras untuk warga," ujar Gubernur Jawa Barat Ridwan Kamil '
            "di Bandung.")
    q = find_quotes(text, [_person("p1", "Ridwan Kamil", text)])
    assert len(q) == 1 and q[0].speaker == "p1"
    assert q[0].text == "Kami sudah bekerja keras untuk warga"


def test_nya_and_kata_dia_resolve_to_current_speaker() -> None:
    text = ('Menurut Budi Santoso, anggaran sudah cukup. "Kami siap membangun jalan baru," '
            'katanya.\n\nIa juga bertemu Joko Widodo. "Semua akan selesai tahun depan," kata dia.')
    people = [_person("b", "Budi Santoso", text), _person("j", "Joko Widodo", text)]
    q = find_quotes(text, people)
    assert [x.speaker for x in q] == ["b", "b"]


def test_speaker_before_quote() -> None:
    text = 'Sri Mulyani menegaskan, "Defisit anggaran tetap terjaga di bawah tiga persen."'
    q = find_quotes(text, [_person("s", "Sri Mulyani", text)])
    assert q and q[0].speaker == "s"
    assert q[0].evidence.start == 0 and q[0].evidence.end == len(text)


def test_short_quoted_term_is_not_a_quote() -> None:
    text = 'Program "Jabar Juara" diluncurkan oleh Ridwan Kamil, kata Budi Santoso.'
    q = find_quotes(text, [_person("b", "Budi Santoso", text)])
    assert q == []


def test_no_speaker_no_quote() -> None:
    text = '"Harga cabai naik tajam minggu ini di pasar," tulis sebuah spanduk.'
    assert find_quotes(text, []) == []


def test_quoted_examples_are_not_speech() -> None:
    text = ('Budi Santoso menolak menjawab pertanyaan wartawan, seperti "Dari mana uang untuk '
            'berjudi itu?", "Apakah uang itu didapat secara ilegal?", dan lainnya.')
    assert find_quotes(text, [_person("b", "Budi Santoso", text)]) == []


def test_nya_after_a_paragraph_goes_to_its_subject_not_its_last_name() -> None:
    text = ("Hendra menyayangkan sikap itu. Padahal ia sudah bertemu Presiden Joko Widodo.\n\n"
            '"Apa yang kami khawatirkan akhirnya menjadi kenyataan," ucapnya.')
    people = [_person("h", "Hendra", text), _person("j", "Joko Widodo", text)]
    q = find_quotes(text, people)
    assert [x.speaker for x in q] == ["h"]


def test_speaker_named_by_a_former_post_with_tersebut() -> None:
    text = ("Rina Marlina meninjau pabrik mobil itu.\n\n"
            '"Pengembangan sektor otomotif bisa dilakukan di sini," ucap mantan Menteri Sosial '
            "tersebut.")
    q = find_quotes(text, [_person("r", "Rina Marlina", text)])
    assert [x.speaker for x in q] == ["r"]
