"""Corpus-scale precision classes of quote speakers (kg.quotes), on made-up text: a quote
broken over lines by the source, a stripped title's stray marks, and "-nya" after the
narrative gave the floor to someone else."""

from __future__ import annotations

from kg.models import Mention
from kg.quotes import _quote_spans, find_quotes


def _person(text: str, name: str, key: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Mention(key=key, text=name, type="Person", start=start, end=start + len(name))


def _bodies(text: str) -> list[str]:
    return [text[a:b] for a, b, _, _ in _quote_spans(text)]


def test_quote_broken_over_lines_closes_before_its_verb() -> None:
    text = ('"Semoga amal ibadah beliau diterima\n\nkeluarga yang ditinggalkan diberi '
            'ketabahan," tulis Rina di Instagram.\n\n"Selamat jalan, Bapak guru bangsa," '
            'tulis Doni.')
    bodies = _bodies(text)
    assert not any("tulis Rina" in b for b in bodies)
    assert bodies[-1] == "Selamat jalan, Bapak guru bangsa,"


def test_stripped_title_marks_are_no_quote() -> None:
    text = ('Pemain film "\n\n" ini mengaku rutin merawat diri sejak usia 40 tahun.\n\n'
            '"Dulu jarang, sekarang lebih sering," kata Sinta.')
    assert _bodies(text) == ["Dulu jarang, sekarang lebih sering,"]


def test_menurut_gives_the_floor_to_a_new_speaker() -> None:
    text = ('"Kami akan terus membantu warga di sana," kata Hendra.\n\n'
            'Tak hanya itu, kelompoknya juga membagikan paket. Menurut Yusuf, kunjungan '
            'wisatawan belum pulih.\n\n"Jadi kami membantu masyarakat sekaligus berwisata," '
            'ungkapnya.')
    people = [_person(text, "Hendra", "m0"), _person(text, "Yusuf", "m1")]
    quotes = find_quotes(text, people)
    assert [q.speaker for q in quotes] == ["m0", "m1"]


def test_unfound_new_speaker_stops_the_chain() -> None:
    # "Rudi Hartanto" is named, but (as happens) not found as a person: the "-nya" quote
    # after him must not go to the earlier speaker
    text = ('"Pembangunan jalan itu selesai tahun depan," kata Agus.\n\n'
            'Adapun Rudi Hartanto, Direktur Utama perusahaan itu, mengaku bangga. '
            '"Model bisnis kami terukur dan bisa diterapkan di kota lain," tuturnya.')
    quotes = find_quotes(text, [_person(text, "Agus", "m0")])
    assert [q.speaker for q in quotes] == ["m0"]


def test_pronoun_chain_still_continues() -> None:
    text = ('"Pembangunan jalan itu selesai tahun depan," kata Agus.\n\n'
            'Ia menambahkan, anggaran sudah tersedia. "Kami tinggal menunggu lelang '
            'selesai bulan ini," ujarnya.')
    quotes = find_quotes(text, [_person(text, "Agus", "m0")])
    assert [q.speaker for q in quotes] == ["m0", "m0"]


def test_title_after_an_event_word_is_no_speech() -> None:
    text = ('"Ibu hamil harus bisa mengelola stres," kata Dewi dalam diskusi "Bicara Gizi: '
            'Kehamilan Berisiko Tinggi" di Jakarta.')
    quotes = find_quotes(text, [_person(text, "Dewi", "m0")])
    assert [q.text for q in quotes] == ["Ibu hamil harus bisa mengelola stres"]
