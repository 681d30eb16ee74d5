"""The learned event components (kg/learned): shipped artifacts load, the mode logic,
gold alignment, and attendance/location decisions on made-up news sentences."""

from __future__ import annotations

import json

import numpy as np
import pytest
from spacy.tokens import Span

from kg.extract import Extractor
from kg.learned.component import EventRelations, build_model
from kg.learned.data import ArticleGold, label, match_alias
from kg.learned.features import candidates
from kg.learned.spans import MODEL_DIR as SPANS_DIR
from kg.learned.spans import SPANS_KEY, LearnedEvents, align
from kg.learned.train import MODEL_DIR, in_test_fold
from kg.models import Article, ArticleExtraction
from kg.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201
    return load_pipeline()


@pytest.fixture(scope="module")
def run(nlp):  # noqa: ANN001, ANN201
    extractor = Extractor()

    def _run(text: str) -> ArticleExtraction:
        return extractor(nlp(text), Article(id="t", text=text, date="2019-09-20"))

    return _run


def _objects(ex: ArticleExtraction, kind: str) -> set[str]:
    by = {m.key: m for m in ex.mentions}
    return {by[r.object].text for r in ex.relations if r.kind == kind and r.object}


def test_shipped_components_load(nlp) -> None:  # noqa: ANN001
    assert (MODEL_DIR / "cfg").exists() and (MODEL_DIR / "model").exists()
    assert "kg_event_rel" in nlp.pipe_names
    pipe = nlp.get_pipe("kg_event_rel")
    assert len(pipe.cfg["features"]) > 50  # a real vocabulary, not an empty stub
    assert set(pipe.cfg["modes"].values()) <= {"rules", "replace", "filter", "union"}
    assert "kg_event_spancat" not in nlp.pipe_names  # opt-in (KG_LEARNED=all)
    assert "kg_event_rel" not in load_pipeline(learned=False).pipe_names
    assert "kg_event_rel" not in load_pipeline("blank").pipe_names


def test_learned_spans_load_when_asked(monkeypatch) -> None:  # noqa: ANN001
    assert (SPANS_DIR / "component.json").exists() and (SPANS_DIR / "spancat" / "model").exists()
    monkeypatch.setenv("KG_LEARNED", "all")
    nlp = load_pipeline()
    names = nlp.pipe_names
    assert names.index("kg_events") < names.index("kg_event_spancat") < names.index("kg_event_rel")
    doc = nlp("Ratusan warga menghadiri acara tahlilan di rumah duka di Bogor, Minggu malam.")
    assert len(doc.spans["kg_event_sc"]) > 0  # the categoriser scored spans


def test_modes_combine_rules_and_model(nlp) -> None:  # noqa: ANN001
    doc = nlp("Rapat kerja digelar di Gedung Sate, Bandung. Hadir Gubernur Ahmad Fauzan.")
    cands = [c for c in candidates(doc) if c.kind == "attendee"]
    assert cands, "the attendee after 'Hadir' is a candidate"
    pipe = EventRelations(nlp.vocab, build_model())
    probs = np.zeros((len(cands), 2), dtype="f")
    for mode, p, kept in (("replace", 0.9, True), ("replace", 0.1, False),
                          ("filter", 0.1, False), ("union", 0.1, True), ("rules", 0.9, None)):
        pipe.cfg["modes"] = {"attendee": mode, "location": "rules"}
        probs[:, 0] = p
        out = pipe.decide(doc, cands, probs)
        if kept is None:
            assert "attendee" not in out  # the rules decide
        else:
            rule_linked = any("rule" in c.feats for c in cands)
            assert bool(out["attendee"]) == (kept if mode != "union" else rule_linked or kept)


def test_attendee_who_took_part(run) -> None:  # noqa: ANN001
    ex = run("Rapat koordinasi penanganan sampah digelar di Balai Kota Semarang, Senin "
             "(16/9/2019). Hadir dalam rapat tersebut Wali Kota Semarang Darmawan "
             "Sulistyo dan Kepala Dinas Lingkungan Hidup Ratna Kusumawati.")
    assert {"Darmawan Sulistyo", "Ratna Kusumawati"} <= _objects(ex, "attendee")
    assert any("Balai Kota" in p for p in _objects(ex, "location"))


def test_organiser_and_planned_are_no_attendees(run) -> None:  # noqa: ANN001
    ex = run("Pameran kerajinan rotan dibuka di Gedung Kemuning, Bogor, Sabtu (21/9/2019). "
             "Pameran itu diselenggarakan oleh Dinas Koperasi Kota Bogor. "
             "Menteri Perindustrian Yusuf Harahap dijadwalkan akan menghadiri penutupan "
             "pameran pekan depan.")
    att = _objects(ex, "attendee")
    assert "Dinas Koperasi Kota Bogor" not in att
    assert "Yusuf Harahap" not in att


def test_person_merely_mentioned_is_no_attendee(run) -> None:  # noqa: ANN001
    ex = run("Rapat paripurna DPRD Kota Malang digelar di Gedung DPRD, Selasa (17/9/2019). "
             "Rapat dipimpin Ketua DPRD Kota Malang Hendra Wijaya. "
             "Sementara itu, pengamat kebijakan publik Lukas Simanjuntak di Jakarta menilai "
             "anggaran daerah masih boros.")
    att = _objects(ex, "attendee")
    assert "Hendra Wijaya" in att
    assert "Lukas Simanjuntak" not in att
    assert "Jakarta" not in _objects(ex, "location")


def test_alias_alignment() -> None:
    table = {"p1": {"budi santoso"}, "p2": {"santoso wibowo"}}
    assert match_alias("Budi Santoso", table) == "p1"
    assert match_alias("Gubernur Budi Santoso", table) == "p1"  # contains the alias
    assert match_alias("Andi", table) is None


def test_event_alias_spans(nlp) -> None:  # noqa: ANN001
    doc = nlp.make_doc("Acara Malam Keakraban digelar. Malam keakraban itu meriah.")
    spans = align(doc, ["malam keakraban", "Malam Keakraban"])
    assert [s.text for s in spans] == ["Malam Keakraban", "Malam keakraban"]


def test_labels_follow_evidence(nlp) -> None:  # noqa: ANN001
    doc = nlp("Rapat kerja digelar di Gedung Sate, Bandung. Hadir Gubernur Ahmad Fauzan. "
              "Ahmad Fauzan juga berbicara tentang banjir.")
    cands = candidates(doc)
    gold = ArticleGold(events={"ev": {"rapat kerja"}},
                       others={"p": ("Person", {"ahmad fauzan"}), "g": ("Place", {"gedung sate"})},
                       relations={"attendee": {("ev", "p"): "Hadir Gubernur Ahmad Fauzan."},
                                  "location": {("ev", "g"): None}})
    y, ids = label(doc, cands, gold)
    by_sent = {(c.kind, doc[c.ent[0]].sent.start): y[i] for i, c in enumerate(cands)
               if ids[i][1] == "p"}
    values = sorted(float(v[0]) for k, v in by_sent.items() if k[0] == "attendee")
    assert values == [-1.0, 1.0]  # the evidence sentence is positive, the later one masked
    assert any(ids[i] == ("ev", "g") and y[i, 1] == 1.0 for i in range(len(cands)))


def test_test_fold_is_seeded_and_stable() -> None:
    ids = [f"clickid-x-{i:05d}" for i in range(500)]
    fold = {i for i in ids if in_test_fold(i, 20261201, 0.2)}
    assert 70 < len(fold) < 130
    assert fold == {i for i in ids if in_test_fold(i, 20261201, 0.2)}
    assert fold != {i for i in ids if in_test_fold(i, 7, 0.2)}


def test_card_names_no_test_article_in_training() -> None:
    card = json.loads((MODEL_DIR / "card.json").read_text(encoding="utf-8"))
    assert not set(card["test_fold"]) & set(card["annotated_train"])



def test_learned_event_spans_fill_gaps_only(nlp) -> None:  # noqa: ANN001
    """A learned span is added where no rule event and no name is; one cutting a name or
    overlapping a rule event is not; below the threshold nothing is."""
    doc = nlp.make_doc("Saat rapat kerja , warga menggelar tahlilan bersama Budi Santoso di "
                       "rumah .")
    doc.ents = [Span(doc, 8, 10, label="PER")]
    doc.spans["kg_events"] = [Span(doc, 1, 3, label="EVT")]  # "rapat kerja"
    cands = [Span(doc, 6, 7), Span(doc, 2, 4), Span(doc, 9, 11), Span(doc, 10, 13)]
    doc.spans[SPANS_KEY] = cands
    doc.spans[SPANS_KEY].attrs["scores"] = np.array([[0.9], [0.95], [0.8], [0.2]], dtype="f")
    LearnedEvents(0.5)(doc)
    assert [s.text for s in doc.spans["kg_events"]] == ["rapat kerja", "tahlilan"]

