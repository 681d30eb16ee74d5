"""The page as written: offline, safe embedding, the right nodes drawn, atomic writes, CLI."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from graph_fixtures import EVIL_ALIAS, EVIL_NAME, EVIL_ORG, EVIL_QUOTE, hostile, sample, synthetic
from graph_fixtures import write_graph_dir as write_dir

from kg import viz
from kg.cli import main
from kg.errors import KgError
from kg.rdf import build_dataset

JSON_BLOCK = re.compile(r'<script type="application/json" id="(kg-[a-z]+)">(.*?)</script>', re.S)


def blocks(html: str) -> dict[str, object]:
    """The page's JSON blocks by id, kg-data unpacked from its gzip+base64 as page.js does."""
    return {**{k: json.loads(v) for k, v in JSON_BLOCK.findall(html)}, "kg-data": viz.unpack(html)}


@pytest.fixture(scope="module")
def sample_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("page") / "graph.html"
    assert viz.write_page(build_dataset(*sample()), out) == out
    return out.read_text(encoding="utf-8")


def test_safe_json_escapes_what_html_and_js_would_parse() -> None:
    value = {"a": "</script><!-- \u2028\u2029 & > ' \" \\", "b": [EVIL_NAME, EVIL_ORG]}
    text = viz.safe_json(value)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == value
    assert viz.safe_json('{"x":"</script>"}') == '{"x":"\\u003c/script\\u003e"}'


def test_page_is_offline_and_locked_down(sample_html: str) -> None:
    assert not re.search(r"<(link|img|iframe|script)\b[^>]*\b(src|href)\s*=", sample_html)
    assert "bootstrap" not in sample_html.lower() and "node_modules" not in sample_html
    assert "cdn.jsdelivr" not in sample_html and "cdnjs" not in sample_html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', sample_html)
    assert csp and "default-src 'none'" in csp.group(1) and "unsafe" not in csp.group(1).split(
        "style-src")[0]
    scripts = re.findall(r"<script>(.*?)</script>", sample_html, re.S)
    assert len(scripts) == 4  # vis-network, page/controls/story.js; the rest is inert JSON
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp.group(1)
    assert "vis.Network" in scripts[1] and "textContent" in scripts[1]
    for ours in scripts[1:]:
        assert not re.search(r"innerHTML\s*=|outerHTML|insertAdjacentHTML|document\.write|eval\(",
                             ours)


def test_sample_page_draws_every_entity_with_types_and_relations(sample_html: str) -> None:
    b = blocks(sample_html)
    data, vis_nodes, vis_edges = b["kg-data"], b["kg-nodes"], b["kg-edges"]
    typed = [e for e in vis_edges if e["label"]]
    ties = [viz.edge_rows(data)[e["id"]] for e in vis_edges if not e["label"]]
    assert len(data["nodes"]) == 21 and len(vis_nodes) == 21 and len(typed) == 16
    # co-mentions tie what the typed relations leave apart, each edge kind styled apart
    assert ties and {t[2] for t in ties} == {"comention"}
    assert len({(e["color"]["color"], str(e["dashes"])) for e in vis_edges}) >= 5
    assert data["meta"]["colour"] == "community"
    # laid out in Python (kg.layout): every drawn node has a position
    assert all(isinstance(v["x"], float) and isinstance(v["y"], float) for v in vis_nodes)
    shapes = {v["shape"] for v in vis_nodes}
    assert shapes == {"dot", "square", "triangle", "star", "diamond"}
    assert {e["label"] for e in typed} == {"holds", "post in", "serves", "attendee", "at",
                                           "organiser"}
    labels = [n[0] for n in data["nodes"]]
    rk = labels.index("Ridwan Kamil")
    assert labels.index("Surabaya") > rk  # ordered by centrality
    assert set(data["nodes"][rk][2]) == {"Emil", "Kang Emil"}
    assert data["nodes"][rk][10][0][0] == "Kita harus bersatu membangun daerah"
    arts = {a[0]: a for a in data["articles"]}
    assert arts["jabar-2019-hut"][2] == "https://news.example/jabar-2019-hut"
    assert labels[arts["jabar-2019-hut"][3]] == "Kabar Jabar"
    holds = [e for e in data["edges"] if e[2] == "holds" and e[0] == rk]
    assert holds and "Ridwan Kamil" in holds[0][5][0][1]
    assert b["kg-options"]["physics"]["stabilization"]["enabled"] is True


def test_hostile_text_only_appears_escaped(tmp_path: Path, sample_html: str) -> None:
    out = viz.write_page(build_dataset(*hostile()), tmp_path / "evil.html")
    html = out.read_text(encoding="utf-8")
    for raw in ("<script>window.__pwned", "<img src=x", "<iframe src=x", "<svg onload",
                "<b onmouseover", "<!-- Org"):
        assert raw not in html
    assert "\u2028" not in html and "\u2029" not in html
    # as many script tags as on a clean page: 4 data blocks, vis-network, page.js
    assert len(re.findall(r"<script\b", html)) == len(re.findall(r"<script\b", sample_html))
    # the packed page data is base64 only: nothing in it can close its element
    packed = re.search(r'id="kg-data">(.*?)</script>', html, re.S).group(1)
    assert packed and re.fullmatch(r"[A-Za-z0-9+/=]+", packed)
    data = blocks(html)["kg-data"]
    labels = {n[0] for n in data["nodes"]}
    assert {EVIL_NAME, EVIL_ORG} <= labels
    budi = next(n for n in data["nodes"] if n[0] == EVIL_NAME)
    assert budi[2] == [EVIL_ALIAS] and budi[10][0][0] == EVIL_QUOTE
    assert data["articles"][0][2] == ""  # the javascript: URL is never offered as a link


def test_big_graph_draws_the_most_central_and_embeds_the_rest(tmp_path: Path) -> None:
    out = viz.write_page(build_dataset(*synthetic(150)), tmp_path / "big.html", top=25)
    b = blocks(out.read_text(encoding="utf-8"))
    data = b["kg-data"]
    assert len(data["nodes"]) > 400 and data["drawn"] == list(range(25))
    assert len(b["kg-nodes"]) == 25
    scores = [n[5] for n in data["nodes"]]
    assert scores == sorted(scores, reverse=True)
    assert data["meta"]["colour"] == "community" and len(data["communities"]) > 3
    drawn = set(data["drawn"])
    assert all(e["from"] in drawn and e["to"] in drawn for e in b["kg-edges"])
    auto = blocks(viz.render_page(viz.to_networkx(build_dataset(*synthetic(150)))))
    assert len(auto["kg-nodes"]) == viz.DEFAULT_TOP


def test_focus_types_and_errors(tmp_path: Path) -> None:
    ds = build_dataset(*sample())
    out = viz.write_page(ds, tmp_path / "f.html", focus="kang emil", depth=1)
    data = blocks(out.read_text(encoding="utf-8"))["kg-data"]
    labels = [n[0] for n in data["nodes"]]
    assert labels[data["meta"]["focus"][0]] == "Ridwan Kamil"
    assert "Pertamina" not in labels and "Gubernur Jawa Barat" in labels
    only = viz.write_page(ds, tmp_path / "t.html", types={"Person", "Post"}, min_degree=1)
    types = {n[1] for n in blocks(only.read_text(encoding="utf-8"))["kg-data"]["nodes"]}
    assert types == {0, 4}  # Person, Post
    with pytest.raises(KgError, match="'Nobody'"):
        viz.write_page(ds, tmp_path / "x.html", focus="Nobody")
    with pytest.raises(KgError, match="'Robot'"):
        viz.write_page(ds, tmp_path / "x.html", types={"Robot"})
    with pytest.raises(KgError, match="--top 0"):
        viz.write_page(ds, tmp_path / "x.html", top=0)
    assert not (tmp_path / "x.html").exists()


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "graph.html"
    out.write_text("previous page")

    def broken(*_a: object, **_k: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(viz, "render_page", broken)
    with pytest.raises(RuntimeError):
        viz.write_page(build_dataset(*sample()), out)
    assert out.read_text() == "previous page"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


def test_cli_viz(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    graph = write_dir(sample(), tmp_path / "build")
    page = tmp_path / "focus.html"
    assert main(["viz", str(graph), "--out", str(page), "--focus", "Ahok", "--depth", "2",
                 "--types", "person,post,organization", "--top", "5"]) == 0
    data = blocks(page.read_text(encoding="utf-8"))["kg-data"]
    assert {n[0] for n in data["nodes"]} == {"Basuki Tjahaja Purnama",
                                             "Komisaris Utama Pertamina", "Pertamina"}
    assert str(page) in capsys.readouterr().out
    for argv, needle in [
        (["viz", str(tmp_path / "missing"), "--out", str(page)], "missing"),
        (["viz", str(graph), "--out", str(page), "--focus", "Nobody"], "'Nobody'"),
        (["viz", str(graph), "--out", str(page), "--types", "Person,Alien"], "'Alien'"),
        (["viz", str(graph), "--out", str(page), "--min-confidence", "2"], "--min-confidence"),
    ]:
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert needle in err and "Traceback" not in err and err.count("\n") == 1
