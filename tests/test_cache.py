"""Incremental cache and atomic writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import small_extraction

from kg.cache import INDEX_FILE, ExtractionCache, atomic_write, cache_line


def test_cache_round_trip_and_model_change(tmp_path: Path) -> None:
    exs, _ = small_extraction()
    c = ExtractionCache(tmp_path, "m-1")
    c.update(exs)
    c.save()
    again = ExtractionCache(tmp_path, "m-1")
    assert again.is_current("a1", "h1") and not again.is_current("a1", "other")
    assert again.all()[0] == exs[0]
    assert not ExtractionCache(tmp_path, "m-2").is_current("a1", "h1")


def test_atomic_write_keeps_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "graph.trig"
    atomic_write(target, "old")
    # a lone surrogate fails mid-write, after the temp file exists
    with pytest.raises(UnicodeEncodeError):
        atomic_write(target, "new \ud800")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.trig"]


def _ex(aid: str, h: str):  # noqa: ANN202 - an ArticleExtraction
    from dataclasses import replace

    ex = small_extraction()[0][0]
    return replace(ex, article=replace(ex.article, id=aid, content_hash=h))


def test_index_is_used_and_new_lines_are_appended(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A reopened cache reads extractions.index.json, not the file; a build that adds or
    changes an article appends its line (the earlier bytes stay as they were)."""
    c = ExtractionCache(tmp_path, "m")
    c.update([_ex(f"a{i}", f"h{i}") for i in range(5)])
    c.save()
    before = c.path.read_bytes()
    assert (tmp_path / INDEX_FILE).is_file()
    monkeypatch.setattr(ExtractionCache, "_scan", lambda self: pytest.fail("file scanned"))
    c = ExtractionCache(tmp_path, "m")
    assert [e.article.id for e in c.load(["a3", "a1"])] == ["a3", "a1"]
    c.update([_ex("a1", "h1-new"), _ex("b", "hb")])
    c.save()
    assert c.path.read_bytes().startswith(before)
    again = ExtractionCache(tmp_path, "m")
    assert again.hashes() == {**{f"a{i}": f"h{i}" for i in range(5)}, "a1": "h1-new", "b": "hb"}
    assert again.load(["a1"])[0].article.content_hash == "h1-new"


def test_removal_and_stale_lines_rewrite_the_file(tmp_path: Path) -> None:
    c = ExtractionCache(tmp_path, "m")
    c.update([_ex(f"a{i}", "h") for i in range(4)])
    c.save()
    size = c.path.stat().st_size
    c = ExtractionCache(tmp_path, "m")
    c.forget("a0")
    c.save()
    assert c.path.stat().st_size < size
    for n in range(3):  # each replaces every line: the file is rewritten, not grown
        c = ExtractionCache(tmp_path, "m")
        c.update([_ex(f"a{i}", f"h{n}") for i in range(1, 4)])
        c.save()
    assert c.path.stat().st_size < size and len(c.path.read_text().splitlines()) == 4
    assert ExtractionCache(tmp_path, "m").hashes() == {f"a{i}": "h2" for i in range(1, 4)}


def test_kill_between_append_and_index_and_torn_line(tmp_path: Path) -> None:
    """The index no longer matches the file: the file is scanned, the last line of an id
    wins; a torn last line is dropped (and reported), the lines after it are kept."""
    c = ExtractionCache(tmp_path, "m")
    c.update([_ex("a", "h1"), _ex("b", "h1")])
    c.save()
    with c.path.open("a", encoding="utf-8") as fh:  # an append whose index was never written
        fh.write(cache_line(_ex("a", "h2")) + "\n" + cache_line(_ex("c", "h1"))[:40])
    warnings: list[str] = []
    c = ExtractionCache(tmp_path, "m", warn=warnings.append)
    assert c.hashes() == {"a": "h2", "b": "h1"} and len(warnings) == 1
    c.update([_ex("d", "h1")])
    c.save()
    c = ExtractionCache(tmp_path, "m", warn=warnings.append)
    assert c.hashes() == {"a": "h2", "b": "h1", "d": "h1"}
    assert [e.article.id for e in c.all()] == ["a", "b", "d"]
