"""`kg stats`: centrality, communities, components, text and PNG output, CLI errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graph_fixtures import Corpus, hostile, sample, write_graph_dir

from kg.cli import main
from kg.rdf import build_dataset
from kg.stats import analyse, render_text, write_chart

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def report():  # noqa: ANN201 - StatsReport
    return analyse(build_dataset(*sample()), top=3)


def test_counts_and_components(report) -> None:  # noqa: ANN001
    assert (report.entities, report.relations, report.articles) == (21, 16, 4)
    assert report.by_type == {"Organization": 5, "Place": 5, "Person": 4, "Post": 4, "Event": 3}
    assert report.by_kind["holds"] == 4 and report.by_kind["attendee"] == 4
    # Surabaya and the two publishers have no relation; Ahok's group stands apart
    assert report.isolated == 3
    assert report.components == 5 and report.largest_component == 15


def test_most_central_people_and_organisations(report) -> None:  # noqa: ANN001
    # Jokowi is in two articles' stories (co-mentions), Ridwan Kamil in one
    assert [r.label for r in report.top_people][:2] == ["Joko Widodo", "Ridwan Kamil"]
    assert len(report.top_people) == 3
    assert report.top_organisations[0].label == "Persatuan Guru Republik Indonesia"
    assert all(r.type == "Organization" for r in report.top_organisations)
    ranks = [r.pagerank for r in report.top_overall]
    assert ranks == sorted(ranks, reverse=True)
    jw = next(r for r in report.top_people if r.label == "Joko Widodo")
    assert jw.degree == 3 and jw.betweenness > 0


def test_communities(report) -> None:  # noqa: ANN001
    assert len(report.communities) == 3  # top=3 of the 4 found
    assert sum(c.size for c in report.communities) <= 19  # 21 less the two publishers
    assert any("Ridwan Kamil" in c.members and "Gubernur Jawa Barat" in c.members
               for c in report.communities)
    assert 0.3 < report.modularity < 1


def test_text_report(report) -> None:  # noqa: ANN001
    text = render_text(report)
    assert "Most central people" in text and "Most central organisations" in text
    assert "5 connected components" in text and "Communities (Louvain" in text
    assert text.index("Joko Widodo") < text.index("Ridwan Kamil")
    people = text.split("Most central people")[1].split("Most central organisations")[0]
    assert "Unifah Rosyidi" in people and "Basuki Tjahaja Purnama" not in people  # top=3


def test_control_characters_do_not_reach_the_terminal() -> None:
    c = Corpus()
    c.entity("x", "Person", "Evil\x1b[31mRed\x07\nName")
    c.entity("y", "Post", "Ketua")
    c.article("a", "Evil Red Name adalah Ketua.", title="t", publisher=None, date="2020-01-01",
              mentions=[("Evil", "x"), ("Ketua", "y")],
              relations=[("holds", "Evil", "Ketua", None)])
    text = render_text(analyse(build_dataset(*c.result())))
    assert "\x1b" not in text and "\x07" not in text and "Evil?[31mRed??Name" in text


def test_chart_is_a_png_even_with_hostile_and_dollar_labels(tmp_path: Path, report) -> None:  # noqa: ANN001
    out = write_chart(report, tmp_path / "chart.png")
    assert out.read_bytes()[:8] == PNG and out.stat().st_size > 5_000
    c = Corpus()
    c.entity("d", "Person", "Rp 5$ juta $x^2$ \\ Budi")
    c.entity("y", "Post", "Ketua")
    c.article("a", "Rp 5$ juta adalah Ketua.", title="t", publisher=None, date="2020-01-01",
              mentions=[("Rp 5$ juta", "d"), ("Ketua", "y")],
              relations=[("holds", "Rp 5$ juta", "Ketua", None)])
    for fixture in (c.result(), hostile()):
        png = write_chart(analyse(build_dataset(*fixture)), tmp_path / "h.png")
        assert png.read_bytes()[:8] == PNG


def test_cli_stats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    graph = write_graph_dir(sample(), tmp_path / "build")
    assert main(["stats", str(graph), "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert "Ridwan Kamil" in out and f"chart: {graph / 'top-entities.png'}" in out
    assert (graph / "top-entities.png").read_bytes()[:8] == PNG
    assert main(["stats", str(graph / "graph.trig"), "--format", "json", "--chart",
                 str(tmp_path / "c.png")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["entities"] == 21 and data["top_people"][0]["label"] == "Joko Widodo"
    assert (tmp_path / "c.png").exists()
    assert main(["stats", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and "Traceback" not in err
    assert main(["stats", str(graph), "--chart", str(tmp_path / "no" / "dir" / "x.png")]) == 0
    assert main(["stats", str(graph), "--chart", "/proc/kg/x.png"]) == 2
    assert "cannot write the chart" in capsys.readouterr().err
