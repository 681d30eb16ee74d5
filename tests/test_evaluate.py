"""kg evaluate: every matching rule of CONTRACT.md on a tiny gold + graph, exact numbers."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from rdflib import Dataset, Literal
from rdflib.namespace import RDF, RDFS

from kg.cli import main
from kg.evaluate import evaluate, norm
from kg.explain import sentence_at
from kg.models import (
    Article,
    ArticleExtraction,
    Entity,
    Evidence,
    Mention,
    Quote,
    Relation,
    Resolution,
)
from kg.rdf import article_iri, build_dataset, entity_iri
from kg.vocab import RES, SCHEMA

T1 = ('Gubernur Jawa Barat Ridwan Kamil membuka HUT ke-74 RI di Gedung Sate, Bandung. '
      '"Kita harus bersatu membangun daerah," kata Ridwan Kamil. Irjen Pol Budi dan Presiden '
      'hadir. Ibu Negara Iriana tidak hadir di HUT ke-74 RI. Dinas Pendidikan Jawa Barat ikut.')
T2 = 'Kang Emil bertemu Oded M Danial di Cimahi. "Bandung siap," ujar Oded.'

GOLD = {
    "articles": {"a1": {"publisher": ["Kabar Jabar"]},
                 "berita.txt": {"publisher": ["Tribun", "tribunnews.com"]},
                 "zz": {"publisher": ["Nope"]}},
    "entities": [
        {"id": "ridwan", "type": "Person", "aliases": ["Ridwan Kamil", "Kang Emil", "Emil"],
         "article": "a1"},
        {"id": "oded_lain", "type": "Person", "required": False, "aliases": ["Oded"]},
        {"id": "oded", "type": "Person", "required": True, "aliases": ["Oded M Danial", "Oded"]},
        {"id": "iriana", "type": "Person", "aliases": ["Iriana"], "article": "a1"},
        {"id": "gub", "type": "Post", "aliases": ["Gubernur Jawa Barat", "Gubernur Jabar"]},
        {"id": "hut", "type": "Event", "aliases": ["HUT ke-74 RI", "HUT RI ke 74"]},
        {"id": "sate", "type": "Place", "aliases": ["Gedung Saté"]},
        {"id": "bandung", "type": "Place", "required": False, "aliases": ["Bandung"]},
        {"id": "jabar", "type": "Place", "aliases": ["Jawa Barat", "Jabar"]},
        {"id": "kabar_jabar", "type": "Organization", "aliases": ["Kabar Jabar"]},
        {"id": "tribun", "type": "Organization", "required": False, "aliases": ["Tribun"]},
        {"id": "dinas", "type": "Organization", "aliases": ["Dinas Pendidikan"]},
        {"id": "irjen", "type": "Ignore", "aliases": ["Irjen Pol", "Irjen"]},
        {"id": "presiden_generic", "type": "Negative", "aliases": ["Presiden"]},
    ],
    "relations": [
        {"kind": "holds", "s": "ridwan", "o": "gub"},
        {"kind": "location", "s": "hut", "o": "sate"},
        {"kind": "attendee", "s": "hut", "o": "ridwan"},
        {"kind": "attendee", "s": "hut", "o": "iriana"},
        {"kind": "quote", "s": "ridwan", "text": "kita harus BERSATU, membangun"},
        {"kind": "quote", "s": "ridwan", "text": "tidak ada"},
        {"kind": "quote", "s": "oded", "text": "Bandung siap"},
        {"kind": "publisher", "s": "a1", "o": "kabar_jabar"},
        {"kind": "publisher", "s": "zz"},
    ],
}


def _m(key: str, text: str, typ: str, body: str) -> Mention:
    start = body.index(text) if text in body else 0
    return Mention(key, text, typ, start, start + len(text) if text in body else 0)


def graph() -> Dataset:
    a1 = Article(id="a1", text=T1, url="https://example.org/a1", publisher="Kabar Jabar",
                 content_hash="h1")
    a2 = Article(id="n2", text=T2, url="file:///tmp/news/berita.txt", publisher="Tribun",
                 content_hash="h2")
    ev = Evidence(T1[:79], 0, 79)
    m1 = [_m("rk", "Ridwan Kamil", "Person", T1), _m("gub", "Gubernur Jawa Barat", "Post", T1),
          _m("hut", "HUT ke-74 RI", "Event", T1), _m("sate", "Gedung Sate", "Place", T1),
          _m("bdg", "Bandung", "Place", T1), _m("irjen", "Irjen Pol", "Person", T1),
          _m("pres", "Presiden", "Person", T1), _m("jb", "Jawa Barat", "Organization", T1),
          _m("publisher", "Kabar Jabar", "Organization", T1)]
    r1 = [Relation("holds", "rk", "gub", ev), Relation("location", "hut", "sate", ev)]
    q1 = [Quote("Kita harus bersatu membangun daerah", "rk", Evidence(T1[80:137], 80, 137))]
    m2 = [_m("emil", "Kang Emil", "Person", T2), _m("oded", "Oded M Danial", "Person", T2),
          _m("oded2", "Oded", "Person", T2[45:]), _m("cimahi", "Cimahi", "Place", T2),
          _m("publisher", "Tribun", "Organization", T2)]
    exs = [ArticleExtraction(a1, m1, r1, q1), ArticleExtraction(a2, m2, [], [])]
    spec = {  # entity id -> (type, label, [(article, mention key)])
        "ridwan-kamil": ("Person", "Ridwan Kamil", [("a1", "rk")]),
        "kang-emil": ("Person", "Kang Emil", [("n2", "emil")]),
        "oded": ("Person", "Oded M Danial", [("n2", "oded"), ("n2", "oded2")]),
        "irjen-pol": ("Person", "Irjen Pol", [("a1", "irjen")]),
        "presiden": ("Person", "Presiden", [("a1", "pres")]),
        "gubernur-jawa-barat": ("Post", "Gubernur Jawa Barat", [("a1", "gub")]),
        "hut": ("Event", "HUT ke-74 RI", [("a1", "hut")]),
        "gedung-sate": ("Place", "Gedung Sate", [("a1", "sate")]),
        "bandung": ("Place", "Bandung", [("a1", "bdg")]),
        "cimahi": ("Place", "Cimahi", [("n2", "cimahi")]),
        "jawa-barat": ("Organization", "Jawa Barat", [("a1", "jb")]),
        "kabar-jabar": ("Organization", "Kabar Jabar", [("a1", "publisher")]),
        "tribun": ("Organization", "Tribun", [("n2", "publisher")]),
    }
    ents = {k: Entity(k, t, label, {label}, 0.9, ms) for k, (t, label, ms) in spec.items()}
    ents["oded"].aliases.add("Oded")
    me = {m: e.id for e in ents.values() for m in e.mentions}
    ds = build_dataset(exs, Resolution(ents, me))
    g1, g2 = ds.graph(article_iri("a1")), ds.graph(article_iri("n2"))
    # a schema.org subclass counts as its kg type
    dinas = RES["organization/dinas-pendidikan"]
    g1.add((dinas, RDF.type, SCHEMA.GovernmentOrganization))
    g1.add((dinas, RDFS.label, Literal("Dinas Pendidikan")))
    # the attendee edge reaches the split node of Ridwan Kamil
    g2.add((entity_iri(ents["hut"]), SCHEMA.attendee, entity_iri(ents["kang-emil"])))
    # Oded's quotation is attributed to the wrong speaker
    q = RES["quote/oded"]
    g2.add((q, RDF.type, SCHEMA.Quotation))
    g2.add((q, SCHEMA.text, Literal("Bandung siap")))
    g2.add((q, SCHEMA.creator, entity_iri(ents["ridwan-kamil"])))
    return ds


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(GOLD), encoding="utf-8")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "graph.trig").write_text(graph().serialize(format="trig"), "utf-8")
    return gold, tmp_path / "build"


def test_norm() -> None:
    assert norm("  Gedung  Saté! ") == "gedung sate"
    assert norm("Dharmawan H. Samsu") == norm("dharmawan h samsu")
    assert norm("KPK_(Komisi)") == "kpk komisi"


def test_entity_scores_follow_every_rule(files: tuple[Path, Path]) -> None:
    s = evaluate(*files)
    got = {t: (p.tp, p.fp, p.fn) for t, p in s.entities.items()}
    assert got == {"Person": (2, 2, 1), "Organization": (2, 1, 0), "Place": (1, 1, 1),
                   "Event": (1, 0, 0), "Post": (1, 0, 0)}
    assert (s.overall.tp, s.overall.fp, s.overall.fn) == (7, 4, 2)
    assert s.overall.precision == pytest.approx(7 / 11)
    assert s.overall.recall == pytest.approx(7 / 9)
    assert s.overall.f1 == pytest.approx(2 * (7 / 11) * (7 / 9) / (7 / 11 + 7 / 9))
    assert s.entities["Person"].precision == 0.5
    assert s.splits == 1
    assert sorted(m.id for m in s.missed_entities) == ["iriana", "jabar"]
    fps = {(f.label, f.reason, f.gold_id) for f in s.false_positives}
    assert fps == {("Kang Emil", "split", "ridwan"), ("Presiden", "negative", "presiden_generic"),
                   ("Cimahi", "unmatched", None), ("Jawa Barat", "unmatched", None)}


def test_relation_recall_per_kind(files: tuple[Path, Path]) -> None:
    s = evaluate(*files)
    got = {k: (r.found, r.total) for k, r in s.relations.items()}
    assert got == {"holds": (1, 1), "location": (1, 1), "attendee": (1, 2), "quote": (1, 3),
                   "publisher": (2, 2)}
    assert (s.relations_overall.found, s.relations_overall.total) == (6, 9)
    missed = {(r.kind, r.s, r.o or r.text) for r in s.missed_relations}
    assert missed == {("attendee", "hut", "iriana"), ("quote", "ridwan", "tidak ada"),
                      ("quote", "oded", "Bandung siap")}
    # "zz" is a gold article the graph does not hold: left out of the score, named
    assert s.articles_missing == ["zz"] and s.articles_scored == ["a1", "berita.txt"]


def test_relation_precision(files: tuple[Path, Path]) -> None:
    s = evaluate(*files)
    # Ridwan Kamil -> Gubernur Jawa Barat is the one judged holds edge, and right
    assert (s.holds_precision.correct, s.holds_precision.judged) == (1, 1)
    # two quotations contain gold snippets; Oded's is given to Ridwan Kamil
    assert (s.quote_speaker_precision.correct, s.quote_speaker_precision.judged) == (1, 2)
    assert [(w.kind, w.gold_id) for w in s.wrong_edges] == [("quote", "oded")]


def test_gold_ids_unified_across_articles(tmp_path: Path) -> None:
    from kg.gold import load_gold

    doc = {"entities": [
        {"id": "a_rk", "type": "Person", "aliases": ["Ridwan Kamil"], "article": "a"},
        {"id": "b_rk", "type": "Person", "aliases": ["Ridwan Kamil", "Emil"], "article": "b"},
        {"id": "a_budi", "type": "Person", "aliases": ["Budi"], "article": "a"},
        {"id": "b_budi", "type": "Person", "aliases": ["Budi"], "article": "b"},
        {"id": "a_wk", "type": "Post", "aliases": ["Wakil Ketua"], "article": "a"},
        {"id": "b_wk", "type": "Post", "aliases": ["Wakil Ketua"], "article": "b"},
        {"id": "a_kd", "type": "Post", "aliases": ["Ketua DPR"], "article": "a"},
        {"id": "b_kd", "type": "Post", "aliases": ["ketua dpr"], "article": "b"},
        {"id": "a_kpk", "type": "Organization", "aliases": ["KPK"], "article": "a"},
        {"id": "b_kpk", "type": "Organization", "aliases": ["KPK"], "article": "b"},
        {"id": "a_ev", "type": "Event", "aliases": ["rapat paripurna"], "article": "a"},
        {"id": "b_ev", "type": "Event", "aliases": ["rapat paripurna"], "article": "b"},
    ], "relations": [{"kind": "holds", "s": "b_rk", "o": "b_kd", "article": "b"}]}
    p = tmp_path / "g.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    gold = load_gold(p)
    ids = sorted(e.id for e in gold.entities)
    # two-word person, non-generic post and >2-letter organisation merge; a one-word person,
    # a post of generic title words and a two-word event stay per article
    assert ids == ["a_budi", "a_ev", "a_kd", "a_kpk", "a_rk", "a_wk", "b_budi", "b_ev", "b_wk"]
    rk = next(e for e in gold.entities if e.id == "a_rk")
    assert rk.articles == {"a", "b"} and "Emil" in rk.aliases
    assert gold.relations == [{"kind": "holds", "s": "a_rk", "o": "a_kd", "article": "b"}]


def test_gold_for_other_articles_is_an_error(tmp_path: Path, files: tuple[Path, Path],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"articles": {"x1": {"publisher": ["A"]}}, "entities": []}),
                     encoding="utf-8")
    assert main(["evaluate", str(other), str(files[1])]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "none of its 1 articles is in the graph" in err


def test_explain_finds_the_sentences(files: tuple[Path, Path]) -> None:
    s = evaluate(*files, explain=True)
    miss = {m.id: m for m in s.missed_entities}
    assert miss["iriana"].sentence == "Ibu Negara Iriana tidak hadir di HUT ke-74 RI."
    assert miss["iriana"].article == "a1"
    fp = {f.label: f for f in s.false_positives}
    assert fp["Cimahi"].article == "n2"
    assert fp["Cimahi"].sentence == "Kang Emil bertemu Oded M Danial di Cimahi."
    att = next(r for r in s.missed_relations if r.kind == "attendee")
    assert att.sentence == "Ibu Negara Iriana tidak hadir di HUT ke-74 RI."


def test_sentence_at_keeps_initials() -> None:
    text = 'Kata Direktur Dharmawan H. Samsu. "Siap," ujarnya.\n\nParagraf baru.'
    assert sentence_at(text, text.index("Samsu")) == "Kata Direktur Dharmawan H. Samsu."
    assert sentence_at(text, text.index("baru")) == "Paragraf baru."


def test_cli_report_and_json(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    gold, build = files
    assert main(["evaluate", str(gold), str(build)]) == 0
    out = capsys.readouterr().out
    assert "Person" in out and "overall" in out and "Split entities" in out
    assert "iriana: 'Iriana'" in out and "'Cimahi' (no gold entity)" in out
    assert main(["evaluate", str(gold), str(build), "--explain"]) == 0
    assert "[a1] Ibu Negara Iriana tidak hadir" in capsys.readouterr().out
    assert main(["evaluate", str(gold), str(build), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc == json.loads(json.dumps(asdict(evaluate(gold, build))))
    assert doc["overall"]["tp"] == 7 and doc["relations"]["publisher"]["found"] == 2


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not valid JSON"),
    (json.dumps({"entities": [{"id": "x", "type": "Robot", "aliases": ["X"]}]}), "entity #1"),
    (json.dumps({"entities": [], "relations": [{"kind": "holds", "s": "a", "o": "b"}]}),
     "relation #1"),
])
def test_bad_gold_is_a_one_line_error(tmp_path: Path, files: tuple[Path, Path], content: str,
                                      message: str, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert main(["evaluate", str(bad), str(files[1])]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.json" in err and message in err
    assert main(["evaluate", str(tmp_path / "none.json"), str(files[1])]) == 2
    assert "no such gold file" in capsys.readouterr().err


def test_dev_gold_against_a_graph_without_its_articles(shared: Path) -> None:
    """The dev gold parses, and a graph holding none of its articles is an error (it
    once scored F1 0.06 quietly)."""
    from kg.errors import KgError
    from kg.gold import load_gold

    gold = shared / "dev_gold" / "dev_gold.json"
    g = load_gold(gold)
    assert len(g.article_ids()) == 32 and len(g.relations) >= 300
    with pytest.raises(KgError, match="none of its 32 articles is in the graph"):
        evaluate(gold, build_dataset([], Resolution({}, {})))
