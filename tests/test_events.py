"""Events, attendees and locations on made-up news sentences (full pipeline: the linking
reads the model's PER/LOC/ORG entities)."""

from __future__ import annotations

import pytest

from kg.extract import Extractor
from kg.models import Article, ArticleExtraction
from kg.nlp import load_pipeline


@pytest.fixture(scope="module")
def run():  # noqa: ANN201
    nlp = load_pipeline()
    extractor = Extractor()

    def _run(text: str, date: str | None = "2019-09-20") -> ArticleExtraction:
        return extractor(nlp(text), Article(id="t", text=text, date=date))

    return _run


def _events(ex: ArticleExtraction) -> set[str]:
    return {m.text for m in ex.mentions if m.type == "Event"}


def _pairs(ex: ArticleExtraction, kind: str) -> set[tuple[str, str]]:
    by = {m.key: m for m in ex.mentions}
    return {(by[r.subject].text, by[r.object].text) for r in ex.relations
            if r.kind == kind and r.object}


def _objects(ex: ArticleExtraction, kind: str) -> set[str]:
    return {o for _, o in _pairs(ex, kind)}


@pytest.mark.parametrize(("text", "name"), [
    ("DPR mengesahkan undang-undang itu pada rapat paripurna, Selasa (17/9/2019).",
     "rapat paripurna"),
    ("Pelantikan anggota DPRD Kabupaten Sukamaju digelar pagi ini.",
     "Pelantikan anggota DPRD Kabupaten Sukamaju"),
    ("Ribuan buruh menggelar aksi demo di depan kantor bupati.", "aksi demo"),
    ("Warga mengikuti salat istisqa di lapangan desa.", "salat istisqa"),
    ("Ia mendatangi acara grand opening Kopi Senja di Solo.", "grand opening Kopi Senja"),
    ("Kesepakatan diambil dalam Rapat Kerja Pengambilan Keputusan tingkat I kemarin.",
     "Rapat Kerja Pengambilan Keputusan tingkat I"),
    ("Bupati menerima kunjungan delegasi Ikatan Pemuda Tani di pendapa.",
     "kunjungan delegasi Ikatan Pemuda Tani"),
])
def test_event_name_spans(run, text: str, name: str) -> None:  # noqa: ANN001
    assert name in _events(run(text))


def test_bare_generic_word_is_no_event(run) -> None:  # noqa: ANN001
    ex = run("Warga sering rapat membahas iuran kebersihan.")
    assert not _events(ex)


def test_later_sentence_attendee_and_comma_chain_location(run) -> None:  # noqa: ANN001
    ex = run("Rapat kerja Komisi IV dengan pemerintah digelar di Gedung Nusantara, Senayan, "
             "Jakarta, Senin (16/9/2019). Hadir dalam rapat tersebut Menteri Pertanian "
             "Andi Wijaya dan Sekretaris Jenderal Budi Hartono.")
    people = _objects(ex, "attendee")
    assert {"Andi Wijaya", "Budi Hartono"} <= people
    assert {"Gedung Nusantara", "Jakarta"} <= _objects(ex, "location")
    # the bare "rapat" of "rapat tersebut" is the same meeting: one node, dated name
    keys = {m.key: m for m in ex.mentions if m.type == "Event"}
    assert len({m.same_as or m.key for m in keys.values()}) == 1
    assert any(m.name.endswith("16 September 2019") for m in keys.values())


def test_anaphoric_sentence_gives_venue(run) -> None:  # noqa: ANN001
    ex = run("Wakil Gubernur Siti Aminah meresmikan Pameran Kerajinan Rakyat 2019. "
             "Acara tersebut berlangsung di Gedung Serbaguna Kota Malang.")
    assert "Siti Aminah" in _objects(ex, "attendee")
    assert any(p.startswith("Gedung Serbaguna") for p in _objects(ex, "location"))


def test_rumoured_or_planned_participant_is_no_attendee(run) -> None:  # noqa: ANN001
    ex = run("Presiden Joko Widodo dikabarkan akan hadir dalam peresmian Bendungan Karian "
             "di Lebak.")
    assert not _pairs(ex, "attendee")
    ex = run("Musyawarah Besar Pemuda Harapan rencananya digelar di Medan pada Desember "
             "mendatang. Ketua Umum Rahmat Hidayat akan membuka acara tersebut.")
    assert not _pairs(ex, "attendee")


def test_organiser_is_not_attendee(run) -> None:  # noqa: ANN001
    ex = run("Pameran Batik Nusantara 2019 diselenggarakan oleh Yayasan Kain Nusantara di "
             "Jakarta Convention Center. Pameran itu dihadiri Gubernur Anies Baswedan.")
    assert "Anies Baswedan" in _objects(ex, "attendee")
    assert "Yayasan Kain Nusantara" not in _objects(ex, "attendee")
    assert "Yayasan Kain Nusantara" in _objects(ex, "organizer")


def test_competition_is_not_located_at_a_match_venue(run) -> None:  # noqa: ANN001
    ex = run("Laga pekan kelima Liga 1 2019 di Stadion Manahan, Solo, berakhir imbang.")
    assert not any(s.startswith("Liga 1") for s, _ in _pairs(ex, "location"))


def test_place_merely_mentioned_is_no_location(run) -> None:  # noqa: ANN001
    ex = run("Rapat paripurna DPRD itu membahas pembangunan jalan di Kabupaten Jayawijaya.")
    assert not _pairs(ex, "location")


def test_people_in_a_swearing_in_name_take_part(run) -> None:  # noqa: ANN001
    ex = run("Pelantikan Ahmad Fauzi dan Rina Marlina sebagai bupati dan wakil bupati "
             "berlangsung khidmat.")
    assert {"Ahmad Fauzi", "Rina Marlina"} <= _objects(ex, "attendee")


def test_speaker_framed_by_event_attends(run) -> None:  # noqa: ANN001
    ex = run('"Kami siap melayani," kata Direktur Utama Hendra Gunawan di sela-sela '
             "peresmian Pusat Mediasi Nusantara di Hotel Mulia, Jakarta.")
    assert "Hendra Gunawan" in _objects(ex, "attendee")


def test_absent_or_declining_person_is_no_attendee(run) -> None:  # noqa: ANN001
    ex = run("Persija Jakarta bermain imbang pada laga pekan kelima. Pada laga tersebut "
             "Persija tampil tanpa kapten mereka, Bambang Pamungkas.")
    assert "Bambang Pamungkas" not in _objects(ex, "attendee")
    ex = run("Koordinator LSM Rakyat Sadar, Taufik Hidayat, membeberkan alasan tak mengikuti "
             "rapat dengar pendapat umum di Komisi III DPR hari ini.")
    assert "Taufik Hidayat" not in _objects(ex, "attendee")


def test_market_closing_is_no_ceremony(run) -> None:  # noqa: ANN001
    ex = run("Indeks saham ditutup menguat pada penutupan perdagangan sore ini.")
    assert not _events(ex)


def test_spokesman_reporting_is_no_attendee(run) -> None:  # noqa: ANN001
    ex = run("Upacara serah terima jabatan Pangdam digelar di Makodam, Jayapura. Kepala Dinas "
             "Penerangan Kolonel Hendra Saputra mengatakan, pejabat baru dilantik pekan lalu.")
    assert "Hendra Saputra" not in _objects(ex, "attendee")


def test_nobody_attends_a_disaster(run) -> None:  # noqa: ANN001
    ex = run("Menteri Rahmat Hidayat menyebut modus baru dalam kebakaran hutan dan lahan "
             "(karhutla) di Kabupaten Pelalawan, Riau.")
    assert not _pairs(ex, "attendee")


def test_counted_matches_are_no_event(run) -> None:  # noqa: ANN001
    ex = run("Penyerang itu mencetak dua gol dalam tiga laga terakhir.")
    assert not _events(ex)
