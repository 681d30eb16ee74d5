"""The small-build path (kg/incremental_outputs.py, kg/buildstats.py): adding an article
to a build reads no unchanged extraction, and writes what the ordinary path writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.cache import ExtractionCache
from kg.pipeline import build

PEOPLE = ["Ridwan Kamil", "Sri Mulyani", "Eri Cahyadi", "Ade Yasin", "Bima Arya",
          "Ganjar Pranowo", "Anies Baswedan"]


def _article(i: int) -> dict:
    a, b = PEOPLE[i % 7], PEOPLE[(i + 2) % 7]
    return {"id": f"s{i:02d}", "title": f"Kabar {i}",
            "text": f'Gubernur Jawa Barat {a} bertemu Wali Kota Bogor {b} di Bogor. '
                    f'"Kami siap," kata {a}.'}


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _stats(out: Path) -> dict:
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    for k in ("processed_this_run", "reused_from_cache", "articles_added",
              "articles_replaced", "articles_removed", "store_generation", "page_behind"):
        stats.pop(k, None)
    return stats


@pytest.mark.parametrize("change", ["add", "replace"])
def test_small_build_reads_only_what_changed_and_equals_the_long_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    base = _write(tmp_path / "base.jsonl", [_article(i) for i in range(12)])
    small, long = tmp_path / "small", tmp_path / "long"
    build([base], small, model="blank", progress=False, write_page=False)
    shutil.copytree(small, long, symlinks=True)
    if change == "add":
        inputs = [base, _write(tmp_path / "more.jsonl", [{**_article(20), "id": "z"}])]
    else:
        rows = [_article(i) for i in range(12)]
        rows[5]["text"] += " Ade Yasin juga hadir."
        inputs = [_write(tmp_path / "base.jsonl", rows)]
    # the ordinary path: a corrections file that differs from the applied one sends the
    # build through corrections.apply over every extraction
    (long / "corrections.csv").write_text("action,target,value,note\n", encoding="utf-8")
    build(inputs, long, model="blank", progress=False, write_page=False)
    # the small path must not read the unchanged articles' extractions
    read: list[str] = []
    real_load = ExtractionCache.load

    def load(self: ExtractionCache, ids: object) -> list:
        ids = list(ids)  # type: ignore[call-overload]
        read.extend(ids)
        return real_load(self, ids)

    monkeypatch.setattr(ExtractionCache, "all", lambda self: pytest.fail("read them all"))
    monkeypatch.setattr(ExtractionCache, "load", load)
    report = build(inputs, small, model="blank", progress=False, write_page=False)
    assert report.processed == 1 and report.in_graph == (13 if change == "add" else 12)
    assert len(set(read)) <= 1 + 8 + 1  # the new one, the canaries, a merge at most
    assert (small / "graph.trig").read_bytes() == (long / "graph.trig").read_bytes()
    assert _stats(small) == _stats(long)
    assert (small / "entities.csv").read_bytes() == (long / "entities.csv").read_bytes()


def test_other_threshold_takes_the_long_path(tmp_path: Path) -> None:
    """A committed store written at another --min-confidence cannot vouch for the
    unchanged articles: the canaries see it and every article is rewritten."""
    base = _write(tmp_path / "base.jsonl", [_article(i) for i in range(12)])
    out = tmp_path / "out"
    build([base], out, model="blank", progress=False, write_page=False, min_confidence=0.9)
    thin = (out / "graph.trig").stat().st_size
    more = _write(tmp_path / "more.jsonl", [{**_article(20), "id": "z"}])
    build([base, more], out, model="blank", progress=False, write_page=False)
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert stats["articles_replaced"] >= 12 and (out / "graph.trig").stat().st_size > thin


def test_small_build_leaves_the_page_within_its_slack(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture) -> None:
    import kg.incremental_outputs
    from kg.cli import main

    monkeypatch.setattr(kg.incremental_outputs, "PAGE_SLACK", 0.2)
    base = _write(tmp_path / "base.jsonl", [_article(i) for i in range(12)])
    out = tmp_path / "out"
    build([base], out, model="blank", progress=False)
    page = (out / "graph.html").stat().st_mtime_ns
    one = _write(tmp_path / "one.jsonl", [{**_article(30), "id": "z1"}])
    assert main(["build", str(base), str(one), "--out", str(out), "--model", "blank",
                 "-q"]) == 0
    assert "does not show the last 1 article(s)" in capsys.readouterr().out
    assert (out / "graph.html").stat().st_mtime_ns == page
    assert json.loads((out / "stats.json").read_text())["page_behind"] == 1
    # past the slack (4 articles behind > 20% of 16) the page is drawn again
    three = _write(tmp_path / "three.jsonl", [{**_article(31 + i), "id": f"z{i + 2}"}
                                              for i in range(3)])
    build([base, one, three], out, model="blank", progress=False)
    assert (out / "graph.html").stat().st_mtime_ns != page
    assert json.loads((out / "stats.json").read_text())["page_behind"] == 0
