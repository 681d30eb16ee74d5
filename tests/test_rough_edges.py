"""The rough edges a new user hit (issue: exports, API, corrections, rough edges): each
one fixed, each with a test that failed before the fix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from kg.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "kg" / "sample"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("edges")
    assert main(["build", "--out", str(out), "-q", "--no-page", "--model", "blank"]) == 0
    return out


def test_unknown_param_names_the_known_ones(built: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", str(built), "entity", "--param", "nmae=Emil"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such parameter" in err and "takes name" in err
    text = "SELECT ?x WHERE { ?x rdfs:label ?label }"
    assert main(["query", str(built), text, "-p", "lable=Emil"]) == 2
    assert "takes x, label" in capsys.readouterr().err
    assert main(["query", str(built), text, "-p", "label=Ridwan Kamil"]) == 0
    assert "(1 row)" in capsys.readouterr().out


def test_graph_results_have_graph_formats(built: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    q = "CONSTRUCT { ?p a schema:Person } WHERE { ?p a schema:Person }"
    assert main(["query", str(built), q, "--format", "csv"]) == 2
    assert "is a graph; use --format turtle" in capsys.readouterr().err
    assert main(["query", str(built), q, "--format", "ntriples"]) == 0
    nt = capsys.readouterr().out
    assert len(Graph().parse(data=nt, format="nt")) > 3
    assert all(line.endswith(" .") for line in nt.strip().splitlines())
    assert main(["query", str(built), "SELECT ?s WHERE { ?s a schema:Person }",
                 "--format", "turtle"]) == 2
    assert "is a table" in capsys.readouterr().err


def test_select_star_keeps_the_query_order(built: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    q = "SELECT * WHERE { ?zeta a schema:Person ; rdfs:label ?alpha . ?zeta ?mid ?alpha }"
    for backend in ("rdflib", "oxigraph"):
        assert main(["query", str(built), q, "--format", "csv", "--backend", backend]) == 0
        assert capsys.readouterr().out.splitlines()[0] == "zeta,alpha,mid"


def test_since_until_limit_query_and_viz(built: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", str(built), "articles", "--format", "json"]) == 0
    everything = json.loads(capsys.readouterr().out)["results"]["bindings"]
    dated = [b for b in everything if "date" in b]
    assert dated and len(dated) < len(everything)
    day = min(b["date"]["value"] for b in dated)
    for backend in ("rdflib", "oxigraph"):
        assert main(["query", str(built), "articles", "--format", "json", "--since", day,
                     "--until", day, "--backend", backend]) == 0
        got = json.loads(capsys.readouterr().out)["results"]["bindings"]
        assert got and all(b["date"]["value"] == day for b in got)
    assert main(["query", str(built), "articles", "--since", "2019-02-30"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert main(["viz", str(built), "--until", "1990-01-01", "--out",
                 str(tmp_path / "old.html")]) == 0
    assert (tmp_path / "old.html").stat().st_size > 0


def test_viz_writes_a_default_page(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / "b"
    shutil.copytree(built, copy)
    assert main(["viz", str(copy)]) == 0
    assert (copy / "graph.html").stat().st_size > 0
    assert main(["viz", str(copy), "--focus", "Ridwan Kamil"]) == 0
    assert (copy / "ridwan-kamil.html").is_file()


def test_build_summary_counts_the_whole_graph(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "b"
    first = [str(p) for p in sorted(SAMPLE.glob("0[1-3]*"))]
    assert main(["build", *first, "--out", str(out), "-q", "--no-page", "--model", "blank"]) == 0
    capsys.readouterr()
    assert main(["build", str(SAMPLE / "04-pilkada-kabupaten-bandung.txt"), "--out", str(out),
                 "-q", "--no-page", "--model", "blank"]) == 0
    msg = capsys.readouterr().out
    assert msg.startswith("1 articles read (1 processed") and "the graph holds 4 articles" in msg


def test_stats_json_labels_statements_and_distinct_relations(built: Path) -> None:
    stats = json.loads((built / "stats.json").read_text(encoding="utf-8"))
    assert "relations" not in stats
    st, dist = stats["relation_statements"], stats["relations_distinct"]
    assert set(dist) <= set(st) and all(dist[k] <= st[k] for k in dist)
    assert sum(dist.values()) < sum(st.values())  # some facts are stated twice


def test_a_date_range_still_counts_each_triple_once(built: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """An entity's label is stated by its article's graph and by the entities graph: in a
    date-limited view it is still one triple, as in the whole graph."""
    q = ('SELECT (COUNT(*) AS ?n) WHERE { ?e rdfs:label "Ridwan Kamil" ; rdfs:label ?l }')
    for extra in ([], ["--since", "1990-01-01"]):
        assert main(["query", str(built), q, "--format", "csv", *extra]) == 0
        assert capsys.readouterr().out.splitlines()[1] == "1"


def test_export_formats_listed_once() -> None:
    from kg.commands.export import FORMATS as CLI
    from kg.export import FORMATS

    assert CLI == FORMATS
