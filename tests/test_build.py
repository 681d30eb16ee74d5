"""End to end: `kg build` on the bundled sample and on real articles, incremental re-runs,
broken input, and the dev-gold score floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib.namespace import RDF

from kg.cli import main
from kg.graph.store import open_dataset as load_dataset
from kg.vocab import SCHEMA

SAMPLE = Path(__file__).resolve().parents[1] / "kg" / "sample"


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    assert main(["build", "--out", str(out), "-q"]) == 0
    return out


def test_sample_build_writes_all_outputs(sample_build: Path) -> None:
    for name in ("graph.trig", "graph.html", "entities.csv", "stats.json", "extractions.jsonl"):
        assert (sample_build / name).stat().st_size > 0, name
    ds = load_dataset(sample_build)
    articles = set(ds.subjects(RDF.type, SCHEMA.NewsArticle))
    n_inputs = sum(1 for p in SAMPLE.iterdir()
                   if p.suffix in {".txt", ".md", ".html"} and p.stem != "README")
    n_inputs += sum(1 for p in SAMPLE.glob("*.jsonl") for line in p.open() if line.strip())
    assert len(articles) == n_inputs
    # one named graph per article plus the entities graph
    assert len({g.identifier for g in ds.graphs()} - {ds.default_graph.identifier}) >= n_inputs + 1


def test_sample_build_scores_on_its_gold(sample_build: Path) -> None:
    from kg.evaluate import evaluate

    scores = evaluate(SAMPLE / "gold.json", sample_build)
    assert scores.overall.f1 >= 0.6
    assert scores.relations_overall.recall >= 0.4


def test_rebuild_reuses_unchanged_and_adds_new(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    first = tmp_path / "one.txt"
    first.write_text("Rapat warga\n\nGubernur Jawa Barat Ridwan Kamil membuka rapat di Bandung.")
    out = tmp_path / "out"
    assert main(["build", str(first), "--out", str(out), "-q", "--no-page"]) == 0
    second = tmp_path / "two.txt"
    second.write_text("Banjir\n\nBupati Bandung Dadang Supriatna meninjau banjir di Baleendah.")
    capsys.readouterr()
    assert main(["build", str(first), str(second), "--out", str(out), "-q", "--no-page"]) == 0
    said = capsys.readouterr().out
    assert "1 processed, 1 unchanged" in said
    stats = json.loads((out / "stats.json").read_text())
    assert stats["articles"] == 2


def test_broken_article_is_skipped_others_built(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Kunjungan\n\nMenteri Keuangan Sri Mulyani berkunjung ke Surabaya.")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x1", "text": "Presiden Joko Widodo tiba di Medan."}\n{not json\n')
    out = tmp_path / "out"
    assert main(["build", str(good), str(bad), "--out", str(out), "-q", "--no-page"]) == 0
    err = capsys.readouterr().err
    assert "bad.jsonl" in err and "Traceback" not in err
    assert json.loads((out / "stats.json").read_text())["articles"] == 2


def test_missing_input_is_one_sentence_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["build", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert "nope.txt" in err and "\n" not in err and "Traceback" not in err


def test_dev_gold_scores(shared: Path, tmp_path: Path) -> None:
    from kg.evaluate import evaluate

    out = tmp_path / "dev"
    gold = shared / "dev_gold"
    assert main(["build", str(gold / "dev_articles.jsonl"), "--out", str(out), "-q",
                 "--no-page"]) == 0
    scores = evaluate(gold / "dev_gold.json", out)
    # floors under the figures measured (README, "Extraction quality"): a drop fails here
    assert scores.overall.f1 >= 0.88  # issue 8's target (measured 0.895)
    assert scores.relations_overall.recall >= 0.75
    assert scores.relations["holds"].recall >= 0.85
    assert scores.holds_precision.precision >= 0.95
    assert scores.quote_speaker_precision.precision >= 0.95
    # the first 8 (what kg v1 was tuned on) never fall below their baseline
    first8 = evaluate(gold / "dev_gold.json", out, articles=_first_ids(gold, 8))
    assert first8.overall.f1 >= 0.913 and first8.relations_overall.recall >= 0.833


def _first_ids(gold: Path, n: int) -> set[str]:
    lines = (gold / "dev_articles.jsonl").read_text(encoding="utf-8").splitlines()
    return {json.loads(line)["id"] for line in lines[:n]}
