"""Incremental cache and atomic writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import small_extraction

from kg.cache import ExtractionCache, atomic_write


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
