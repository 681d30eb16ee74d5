"""Corrections that stick: each kind applied by a rebuild, kept by the next, with
provenance in the graph. Made-up articles; the rules-only pipeline keeps it fast."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from kg.cli import main
from kg.graph.store import open_dataset
from kg.vocab import CORRECTIONS_GRAPH, KG, ORG, SCHEMA

ARTICLES = [
    {"id": "k1", "title": "Rapat", "date": "2024-03-01",
     "text": "Gubernur Jawa Barat Ridwan Kamil membuka rapat di Bandung. Emil hadir "
             "bersama Bupati Bandung Dadang Supriatna."},
    {"id": "k2", "title": "Kunjungan", "date": "2024-03-02",
     "text": "Wali Kota Bogor, Andi Wijaya, menerima Ridwan Kamil di Bogor. Andi Wijaya juga "
             "bertemu Kepala Dinas Pendidikan Jawa Barat, Dedi Supandi."},
]


@pytest.fixture
def build_dir(tmp_path: Path) -> Path:
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps(a) for a in ARTICLES), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(src), "--out", str(out), "-q", "--no-page", "--model",
                 "blank"]) == 0
    return out


def _named(ds, name: str) -> set[URIRef]:  # noqa: ANN001
    key = Literal(name)
    return {s for p in (RDFS.label, SKOS.altLabel) for s in ds.subjects(p, key)}


def correct(out: Path, *args: str) -> None:
    assert main(["correct", str(out), *args]) == 0


def test_merge_keeps_dropped_iri_as_same_as(build_dir: Path) -> None:
    ds = open_dataset(build_dir)
    a, b = _named(ds, "Andi Wijaya"), _named(ds, "Dedi Supandi")
    assert len(a) == 1 and len(b) == 1 and a != b
    correct(build_dir, "--merge", "Andi Wijaya", "Dedi Supandi", "--note", "test")
    ds = open_dataset(build_dir)
    assert _named(ds, "Dedi Supandi") == a  # now an alias of the kept entity
    (dropped,) = b
    (kept,) = a
    cg = ds.graph(CORRECTIONS_GRAPH)
    assert (dropped, OWL.sameAs, kept) in cg
    st = next(cg.subjects(RDF.object, kept))
    act = cg.value(st, PROV.wasGeneratedBy)
    assert (act, KG.action, Literal("merge")) in cg and (act, RDFS.comment, Literal("test")) in cg
    # a later build from the cache keeps the correction
    assert main(["build", "--out", str(build_dir), "-q", "--no-page", "--model", "blank",
                 str(build_dir / "nothing-new")]) in (0, 2)
    assert _named(open_dataset(build_dir), "Dedi Supandi") == a


def test_type_and_not_entity(build_dir: Path) -> None:
    correct(build_dir, "--type", "Bandung", "Organization")
    ds = open_dataset(build_dir)
    assert all((s, RDF.type, SCHEMA.Organization) in ds for s in _named(ds, "Bandung"))
    correct(build_dir, "--not-entity", "Bogor")
    assert not _named(open_dataset(build_dir), "Bogor")


def test_holds_and_not_holds(build_dir: Path) -> None:
    ds = open_dataset(build_dir)
    (andi,) = _named(ds, "Andi Wijaya")
    posts = set(ds.objects(andi, ORG.holds))
    assert posts, "the rules find Andi Wijaya's post"
    (gub,) = {p for p in _named(ds, "Gubernur Jawa Barat")}
    correct(build_dir, "--holds", "Andi Wijaya", "Gubernur Jawa Barat")
    ds = open_dataset(build_dir)
    assert (andi, ORG.holds, gub) in ds.graph(CORRECTIONS_GRAPH)
    post_label = str(ds.value(next(iter(posts)), RDFS.label))
    correct(build_dir, "--not-holds", "Andi Wijaya", post_label)
    ds = open_dataset(build_dir)
    assert set(ds.objects(andi, ORG.holds)) == {gub}


def test_split_alias_off(build_dir: Path) -> None:
    ds = open_dataset(build_dir)
    (rk,) = _named(ds, "Ridwan Kamil")
    assert _named(ds, "Emil") == {rk}, "the resolver ties the nickname"
    correct(build_dir, "--split", "Ridwan Kamil", "Emil")
    ds = open_dataset(build_dir)
    (emil,) = _named(ds, "Emil")
    assert emil != rk and _named(ds, "Ridwan Kamil") == {rk}


def test_bad_corrections_are_one_sentence(build_dir: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["correct", str(build_dir), "--type", "Bandung", "Robot"]) == 2
    assert "is not one of" in capsys.readouterr().err
    (build_dir / "corrections.csv").write_text("action,target,value,note\nexplode,X,,\n",
                                               encoding="utf-8")
    assert main(["build", "--out", str(build_dir), "-q", "--no-page", "--model", "blank",
                 str(build_dir / "extractions.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "corrections.csv, line 2: unknown action 'explode'" in err
    # a correction naming no entity is reported and skipped, the build goes on
    (build_dir / "corrections.csv").write_text(
        "action,target,value,note\nnot-entity,Nama Tak Ada,,\n", encoding="utf-8")
    correct(build_dir, "--list")
    assert main(["correct", str(build_dir), "--not-entity", "Bogor"]) == 0
    err = capsys.readouterr().err
    assert "no entity called 'Nama Tak Ada'" in err
    assert not _named(open_dataset(build_dir), "Bogor")
