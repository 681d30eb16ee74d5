"""Posts and their holders on made-up sentences, with kg's shipped pipeline (model + rules):
one test per failure class of issue 8 that the posts component owns."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from kg.components.boundary import is_scope, word_kind
from kg.extract import Extractor, dateline_place
from kg.models import Article, ArticleExtraction
from kg.nlp import load_pipeline
from kg.quotes import find_quotes
from kg.rdf import article_iri, build_dataset
from kg.resolve import resolve
from kg.vocab import KG, SCHEMA


@pytest.fixture(scope="module")
def run():  # noqa: ANN201
    nlp = load_pipeline()
    extractor = Extractor()

    def _run(text: str, **meta: str) -> ArticleExtraction:
        return extractor(nlp(text), Article(id="t", text=text, **meta))

    return _run


def _names(ex: ArticleExtraction, typ: str) -> set[str]:
    return {m.text for m in ex.mentions if m.type == typ}


def _pairs(ex: ArticleExtraction, kind: str) -> set[tuple[str, str]]:
    by = {m.key: m for m in ex.mentions}
    return {(by[r.subject].text, by[r.object].text) for r in ex.relations
            if r.kind == kind and r.object}


# --- class 1: a post or an organisation does not swallow the name after it ----------------

@pytest.mark.parametrize(("text", "person", "post"), [
    ("Ketua Badan Legislasi DPR Hartono Wibisono membuka rapat itu pada Senin.",
     "Hartono Wibisono", "Ketua Badan Legislasi DPR"),
    ("Pada awalnya, Wakil Ketua Komisi V Sutrisno menyampaikan laporan panitia kerja.",
     "Sutrisno", "Wakil Ketua Komisi V"),
    ("Putusan itu dibacakan Ketua Mahkamah Konstitusi Bambang Sulistyo di Jakarta.",
     "Bambang Sulistyo", "Ketua Mahkamah Konstitusi"),
    ("Wakil Bupati Bandung Barat Dedi Kurniawan membuka pameran itu.",
     "Dedi Kurniawan", "Wakil Bupati Bandung Barat"),
])
def test_name_after_post_or_body_is_a_person(run, text: str, person: str,  # noqa: ANN001
                                             post: str) -> None:
    ex = run(text)
    assert (person, post) in _pairs(ex, "holds")
    assert person in _names(ex, "Person")
    first = person.split()[0]
    assert not any(first in o for o in _names(ex, "Organization") | _names(ex, "Post"))


def test_body_after_designator_keeps_its_words(run) -> None:  # noqa: ANN001
    ex = run("Kepala Dinas Pendidikan Kota Bandung Rahmat Hidayat meninjau sekolah.")
    assert ("Rahmat Hidayat", "Kepala Dinas Pendidikan Kota Bandung") in _pairs(ex, "holds")
    assert "Dinas Pendidikan Kota Bandung" in _names(ex, "Organization")


def test_corpus_statistics_tell_common_words_from_names() -> None:
    assert is_scope("Legislasi")  # "badan legislasi": lower case, and inside bodies' names
    assert word_kind("Nomor") == "common"
    assert word_kind("Jakarta") == "org"  # inside places and organisations
    assert word_kind("Bambang") == "name"


# --- holders before, after and in pairs -------------------------------------------------

def test_each_sebagai_takes_the_name_before_it(run) -> None:  # noqa: ANN001
    ex = run("Selanjutnya Hendra Gunawan sebagai Ketua Pengawas, Rina Marlina sebagai Ketua "
             "dan Dodi Firmansyah sebagai Bendahara.")
    holds = _pairs(ex, "holds")
    assert ("Hendra Gunawan", "Ketua Pengawas") in holds
    assert ("Rina Marlina", "Ketua Pengawas") not in holds


def test_yang_juga_menjabat_sebagai(run) -> None:  # noqa: ANN001
    ex = run("Menurut Rina Marlina yang juga menjabat sebagai Wakil Ketua BANI, mediasi itu "
             "penting.")
    assert ("Rina Marlina", "Wakil Ketua BANI") in _pairs(ex, "holds")


def test_short_form_in_parentheses_then_rank_then_name(run) -> None:  # noqa: ANN001
    ex = run("Demikian disampaikan Kepala Dinas Penerangan Angkatan Darat (Kadispenad) "
             "Brigjen TNI Hartono Wibisono di Jakarta.")
    assert any(p == "Hartono Wibisono" and "Kepala Dinas Penerangan" in q
               for p, q in _pairs(ex, "holds"))


def test_organisation_between_commas(run) -> None:  # noqa: ANN001
    ex = run("Direktur Jenderal Ketenagalistrikan, Kementerian Energi dan Sumber Daya "
             "Mineral, Hendra Gunawan, mengatakan subsidi harus tepat sasaran.")
    assert ("Hendra Gunawan", "Direktur Jenderal Ketenagalistrikan") in _pairs(ex, "holds")


def test_relative_is_not_the_holder(run) -> None:  # noqa: ANN001
    ex = run("Ketua TP PKK yang juga istri Wakil Gubernur Jatim Rina Marlina ikut mencoba "
             "mobil itu.")
    assert not any(q.startswith("Wakil Gubernur") for _, q in _pairs(ex, "holds"))


def test_two_posts_two_names(run) -> None:  # noqa: ANN001
    ex = run("Kenaikan itu menunggu pelantikan Presiden dan Wakil Presiden terpilih, "
             "Hendra Gunawan dan Dodi Firmansyah.")
    holds = _pairs(ex, "holds")
    assert ("Hendra Gunawan", "Presiden") in holds
    assert ("Dodi Firmansyah", "Wakil Presiden terpilih") in holds  # the office-elect
    assert ("Hendra Gunawan", "Wakil Presiden") not in holds


def test_unknown_word_before_title_owns_the_post(run) -> None:  # noqa: ANN001
    ex = run("Ia didampingi Waasops KSAD Brigjen TNI Hartono Wibisono selama kunjungan itu.")
    assert not any(q == "KSAD" for _, q in _pairs(ex, "holds"))


def test_post_with_ini_refers_to_the_story_subject(run) -> None:  # noqa: ANN001
    ex = run("Usai pertemuan, Hendra Gunawan menjelaskan maksud kedatangannya kepada wartawan. "
             "Lebih lanjut, Ketua Dewan Perwakilan Rakyat (DPR) ini juga membahas kebangsaan.")
    assert any(p == "Hendra Gunawan" and q.startswith("Ketua Dewan Perwakilan Rakyat")
               for p, q in _pairs(ex, "holds"))


def test_rank_after_unit_names_marks_where_the_name_starts(run) -> None:  # noqa: ANN001
    ex = run("Kasubdit Gakkum Ditlantas Polda Metro Jaya AKBP Hendra Gunawan mengatakan, "
             "jumlah pelanggar turun.")
    holds = _pairs(ex, "holds")
    assert [p for p, _ in holds] == ["Hendra Gunawan"]
    ex = run("Sebelumnya, Kapolda NTB Irjen Pol Hendra Gunawan menyebutkan hal itu.")
    assert ("Hendra Gunawan", "Kapolda NTB") in _pairs(ex, "holds")
    assert not any("Irjen" in n for n in _names(ex, "Organization") | _names(ex, "Post"))


def test_link_word_before_beats_a_name_inside_the_post(run) -> None:  # noqa: ANN001
    ex = run("Hal itu disampaikan Rina Marlina yang juga Ketua Tim Pemenangan Hendra Gunawan "
             "untuk Kota Jayapura.")
    holds = _pairs(ex, "holds")
    assert ("Rina Marlina", "Ketua Tim Pemenangan") in holds
    assert not any(p == "Hendra Gunawan" for p, _ in holds)


def test_staff_of_a_post_is_not_its_holder(run) -> None:  # noqa: ANN001
    ex = run("Tersangka lain adalah staf khusus Bupati Kudus Hendra Gunawan yang ditangkap KPK.")
    assert not any(q.startswith("Bupati") for _, q in _pairs(ex, "holds"))


def test_campaign_team_named_after_a_ticket_has_no_holder_from_it(run) -> None:  # noqa: ANN001
    ex = run("Hal itu disampaikan Ketua Tim Kampanye Daerah Hendra Gunawan - Dodi Firmansyah "
             "di Jayapura.")
    assert not any(p.startswith("Hendra") for p, _ in _pairs(ex, "holds"))


# --- class 5: former posts are not org:holds ---------------------------------------------

def test_former_post_is_held_formerly(run) -> None:  # noqa: ANN001
    ex = run("Mantan Ketua MK Herman Suryadi hadir dalam diskusi itu.")
    assert ("Herman Suryadi", "Ketua MK") in _pairs(ex, "heldFormerly")
    assert not _pairs(ex, "holds")


def test_former_post_after_name(run) -> None:  # noqa: ANN001
    ex = run("Herman Suryadi, mantan Bupati Garut, menilai kebijakan itu tepat.")
    assert ("Herman Suryadi", "Bupati Garut") in _pairs(ex, "heldFormerly")
    assert ("Herman Suryadi", "Bupati Garut") not in _pairs(ex, "holds")


def test_current_post_is_still_held(run) -> None:  # noqa: ANN001
    ex = run("Bupati Garut Herman Suryadi meresmikan pasar itu.")
    assert ("Herman Suryadi", "Bupati Garut") in _pairs(ex, "holds")


# --- class 6: the dateline's city --------------------------------------------------------

def test_dateline_city_is_a_place_linked_as_location_created(run) -> None:  # noqa: ANN001
    ex = run("Gubernur Sumatera Utara membuka pasar murah di Lapangan Merdeka.",
             dateline="Medan")
    place = [m for m in ex.mentions if m.key == "dateline"]
    assert [(m.text, m.type) for m in place] == [("Medan", "Place")]
    ds = build_dataset([ex], resolve([ex]))
    g = ds.graph(article_iri("t"))
    created = list(g.objects(article_iri("t"), SCHEMA.locationCreated))
    assert len(created) == 1 and str(created[0]).endswith("/medan")


def test_dateline_that_is_no_place_gives_nothing() -> None:
    assert dateline_place("Kompas") is None
    assert dateline_place("MEDAN") == "Medan"
    assert dateline_place(None) is None


def test_former_post_property_in_rdf(run) -> None:  # noqa: ANN001
    ex = run("Mantan Ketua MK Herman Suryadi hadir dalam diskusi itu.")
    ds = build_dataset([ex], resolve([ex]))
    preds = {p for _, p, _, _ in ds.quads((None, None, None, None))}
    assert KG.formerlyHeld in preds
    assert URIRef("http://www.w3.org/ns/org#holds") not in preds


# --- precision: foreign presidents, fragments, outlets ----------------------------------

def test_bare_presiden_beside_a_foreign_country_is_not_indonesian(run) -> None:  # noqa: ANN001
    ex = run("Amerika Serikat menolak usulan itu. Presiden Donald Trump mengatakan hal itu "
             "kepada wartawan.")
    posts = [m for m in ex.mentions if m.type == "Post"]
    assert all("Indonesia" not in m.name for m in posts)
    assert "Donald Trump" in _names(ex, "Person")


def test_bare_presiden_at_home_is_the_indonesian_post(run) -> None:  # noqa: ANN001
    ex = run("Presiden Joko Widodo meresmikan bendungan itu di Garut.")
    posts = [m for m in ex.mentions if m.type == "Post"]
    assert [m.name for m in posts] == ["Presiden Republik Indonesia"]


def test_regulation_number_is_not_a_holder(run) -> None:  # noqa: ANN001
    ex = run("Aturan itu tertuang dalam Peraturan Presiden Nomor 12 Tahun 2019 tentang pengadaan.")
    assert "Nomor" not in _names(ex, "Person")
    assert not _pairs(ex, "holds")


def test_outlet_after_dilansir_is_not_a_speaker() -> None:
    from kg.models import Mention

    text = ('Seperti dilansir Reuters, pemerintah kota itu menolak. "Kami tidak akan mundur '
            'dari perundingan ini," kata seorang pejabat.')
    start = text.index("Reuters")
    outlet = Mention(key="m0", text="Reuters", type="Person", start=start, end=start + 7)
    assert find_quotes(text, [outlet]) == []
