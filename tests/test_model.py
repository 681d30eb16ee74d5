"""The shipped Indonesian pipeline and the corpus converters that trained it.

Model tests catch a broken or missing model (floors far below the real figures in
docs/model.md, so noise never fails them); converter tests pin the corpus quirks
(CRLF, I- without B-, lower-cased NERP, dropped labels, UD multiword tokens) on tiny
inline samples.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
import spacy

from kg.train import corpora as C
from kg.train.evaluate import load_ner_test, ner_scores, pos_accuracy

MODEL = Path(__file__).resolve().parents[1] / "kg" / "models" / "id_kg_news"
SHIPPED_LABELS = {"PER", "ORG", "LOC", "EVT"}


@pytest.fixture(scope="module")
def nlp():
    """Load the shipped model with every socket refused: loading must need no network."""
    real = socket.socket

    def no_network(*args, **kwargs):
        raise OSError("network access attempted while loading the model")

    socket.socket = no_network  # type: ignore[misc]
    try:
        return spacy.load(MODEL)
    finally:
        socket.socket = real  # type: ignore[misc]


# --- the shipped model -------------------------------------------------------------


def test_model_loads_offline_with_expected_components(nlp) -> None:
    assert nlp.lang == "id"
    assert {"tok2vec", "ner"} <= set(nlp.pipe_names)
    assert {"morphologizer", "tagger"} & set(nlp.pipe_names)
    assert set(nlp.get_pipe("ner").labels) <= SHIPPED_LABELS
    assert {"PER", "ORG", "LOC"} <= set(nlp.get_pipe("ner").labels)


def test_model_fits_size_budget_and_has_a_card() -> None:
    size = sum(p.stat().st_size for p in MODEL.rglob("*") if p.is_file())
    assert size <= 30 * 1024 * 1024, f"shipped model is {size / 1e6:.1f} MB"
    meta = json.loads((MODEL / "meta.json").read_text(encoding="utf-8"))
    names = " ".join(s["name"] for s in meta["sources"])
    assert "NERGrit" in names and "UD Indonesian-CSUI" in names
    assert any("UNCLEAR" in s["license"] for s in meta["sources"])  # NER-UGM is flagged
    assert not any(p.suffix in (".conllu", ".tsv", ".txt") for p in MODEL.rglob("*"))
    # no kg.train callback left in the config: it must train/initialise with plain spaCy
    assert "@callbacks = \"kg." not in (MODEL / "config.cfg").read_text(encoding="utf-8")


def test_model_tags_raw_text_with_kg_tokenizer(nlp) -> None:
    doc = nlp("Presiden Joko Widodo meresmikan Bendungan Sindangheula di Banten, "
              "kata juru bicara Kementerian PUPR di Jakarta.")
    assert [t.text for t in doc][:3] == ["Presiden", "Joko", "Widodo"]
    assert doc[1].pos_ == "PROPN"
    assert any(e.label_ == "PER" and "Widodo" in e.text for e in doc.ents)
    assert any(e.label_ == "LOC" and e.text in ("Banten", "Jakarta") for e in doc.ents)


def test_ner_on_nergrit_test_slice_above_floor(nlp, shared: Path) -> None:
    gold = load_ner_test(shared / "data", "indonlu_nergrit/test_preprocess.txt",
                         C.NERGRIT_MAP, nlp.vocab, limit=100)
    f = ner_scores(nlp, gold)["ALL"]["f"]
    assert f >= 0.5, f"NER F1 {f:.3f} on the first 100 NERGrit test sentences"


def test_upos_on_gsd_test_slice_above_floor(nlp, shared: Path) -> None:
    docs = C.ud_docs(nlp.vocab, shared / "data/ud_indonesian_gsd/id_gsd-ud-test.conllu")[:100]
    acc = pos_accuracy(nlp, docs)
    assert acc >= 0.8, f"UPOS accuracy {acc:.3f} on the first 100 GSD test sentences"


# --- converters ----------------------------------------------------------------------


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_crlf_space_separated_idner_format(tmp_path: Path) -> None:
    path = _write(tmp_path, "idner.txt",
                  "Jokowi PROPN B-PER\r\nke ADP O\r\nBank PROPN B-ORG\r\nIndonesia PROPN I-ORG\r\n"
                  "\r\nDi ADP O\r\nBali PROPN B-LOC\r\n")
    sents = C.read_ner(path, C.IDNER_MAP)
    assert [s.words for s in sents] == [["Jokowi", "ke", "Bank", "Indonesia"], ["Di", "Bali"]]
    assert sents[0].tags == ["B-PER", "O", "B-ORG", "I-ORG"]
    assert sents[1].tags == ["O", "B-LOC"]


def test_i_without_b_starts_an_entity_and_labels_are_mapped(tmp_path: Path) -> None:
    path = _write(tmp_path, "ugm.tsv",
                  "kata\tO\nSusi\tI-PERSON\nPudjiastuti\tI-PERSON\ndi\tO\n"
                  "Senin\tB-TIME\nlalu\tI-TIME\n5\tB-QUANTITY\nUGM\tI-ORGANIZATION\n")
    (sent,) = C.read_ner(path, C.NERUGM_MAP)
    assert sent.tags == ["O", "B-PER", "I-PER", "O", "O", "O", "O", "B-ORG"]


def test_i_after_other_type_starts_new_entity() -> None:
    tags = C.normalize_bio(["B-PPL", "I-PLC", "I-PLC", "I-FNB", "I-PPL"], C.NERP_MAP)
    assert tags == ["B-PER", "B-LOC", "I-LOC", "O", "B-PER"]


def test_lowercased_nerp_keeps_case_and_maps_events(tmp_path: Path) -> None:
    path = _write(tmp_path, "nerp.txt", "piala\tB-EVT\ndunia\tI-EVT\ndi\tO\nqatar\tB-PLC\n"
                                        "yamaha\tB-IND\nnasi\tB-FNB\n\n")
    (sent,) = C.read_ner(path, C.NERP_MAP)
    assert sent.words == ["piala", "dunia", "di", "qatar", "yamaha", "nasi"]
    assert sent.tags == ["B-EVT", "I-EVT", "O", "B-LOC", "B-ORG", "O"]
    doc = C.ner_doc(spacy.blank("id").vocab, sent)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("piala dunia", "EVT"), ("qatar", "LOC"), ("yamaha", "ORG")]


def test_nerp_brands_are_unannotated_not_outside(tmp_path: Path) -> None:
    """IND (brands, media, clubs) must not teach the model that such names are O."""
    path = _write(tmp_path, "nerp.txt", "kata\tO\ndetik\tB-IND\ncom\tI-IND\njokowi\tB-PPL\n")
    (sent,) = C.read_ner(path, {"PPL": "PER"}, C.NERP_MISSING)
    doc = C.ner_doc(spacy.blank("id").vocab, sent)
    assert [t.ent_iob_ for t in doc] == ["O", "", "", "B"]
    assert [(e.text, e.label_) for e in doc.ents] == [("jokowi", "PER")]


def test_ner_doc_text_reads_like_news() -> None:
    doc = C.ner_doc(spacy.blank("id").vocab,
                    C.Sentence(["Kata", "dia", "(", "PDIP", ")", ",", "kemarin", "."],
                               ["O", "O", "O", "B-ORG", "O", "O", "O", "O"]))
    assert doc.text == "Kata dia (PDIP), kemarin."
    assert doc.has_annotation("ENT_IOB")


def test_conllu_multiword_tokens_become_surface_tokens(tmp_path: Path) -> None:
    path = _write(tmp_path, "t.conllu", "\n".join([
        "# text = Ayahnya kubeli buku.",
        "1-2\tAyahnya\t_\t_\t_\t_\t_\t_\t_\t_",
        "1\tAyah\tayah\tNOUN\t_\t_\t0\troot\t_\t_",
        "2\tnya\tnya\tPRON\t_\t_\t1\tnmod\t_\t_",
        "3-4\tkubeli\t_\t_\t_\t_\t_\t_\t_\t_",
        "3\tku\taku\tPRON\t_\t_\t4\tnsubj\t_\t_",
        "4\tbeli\tbeli\tVERB\t_\t_\t1\tacl\t_\t_",
        "5\tbuku\tbuku\tNOUN\t_\t_\t4\tobj\t_\tSpaceAfter=No",
        "6\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\t_", "", ""]))
    (words, spaces, pos) = C.read_conllu(path)[0]
    assert words == ["Ayahnya", "kubeli", "buku", "."]
    assert pos == ["NOUN", "VERB", "NOUN", "PUNCT"]
    doc = C.ud_docs(spacy.blank("id").vocab, path)[0]
    assert doc.text == "Ayahnya kubeli buku."
    assert not doc.has_annotation("ENT_IOB")  # NER must treat UD sentences as unannotated


def test_missing_shared_folder_is_a_one_sentence_error(tmp_path: Path) -> None:
    from kg.errors import KgError
    from kg.train.convert import build

    with pytest.raises(KgError, match="does not exist"):
        build(tmp_path / "nope", tmp_path / "out")



def test_kg_train_names_a_missing_shared_folder(tmp_path: Path, capsys) -> None:
    from kg.cli import main

    assert main(["train", "--shared", str(tmp_path / "nope"), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and "no such folder" in err


def test_kg_train_rejects_unknown_config_and_bad_weight(tmp_path: Path, capsys) -> None:
    from kg.cli import main

    assert main(["train", "--shared", str(tmp_path), "--config", "nosuch"]) == 2
    assert "known: " in capsys.readouterr().err
    assert main(["train", "--shared", str(tmp_path), "--weight", "foo=2"]) == 2
    assert "--weight foo=2" in capsys.readouterr().err
