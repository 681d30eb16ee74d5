"""Parallel extraction (kg/parallel.py) and the extraction journal (kg/cache.py)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from importlib import resources
from pathlib import Path

from conftest import small_extraction

from kg import parallel
from kg.cache import JOURNAL_FILE, ExtractionCache, cache_line
from kg.ingest import iter_articles
from kg.models import Article
from kg.pipeline import _model_id


def _sample() -> list[Article]:
    items = iter_articles([Path(str(resources.files("kg") / "sample"))])
    return [a for a in items if isinstance(a, Article)]


def _run(articles: list[Article], workers: int) -> dict[str, parallel.Outcome]:
    out = {}
    for batch in parallel.extract(articles, None, workers, batch_words=300,
                                  min_parallel_words=0):
        out.update({o.article_id: o for o in batch})
    return out


def test_workers_give_the_same_extractions_as_one_process() -> None:
    arts = _sample()
    assert len(parallel.batches(arts, 300)) > 2  # really several tasks for two workers
    serial = _run(arts, 1)
    pooled = _run(arts, 2)
    assert set(serial) == set(pooled) == {a.id for a in arts}
    assert all(o.error is None for o in pooled.values())
    assert {k: o.line for k, o in serial.items()} == {k: o.line for k, o in pooled.items()}


def test_a_failing_article_in_a_worker_is_reported_and_the_batch_kept() -> None:
    arts = _sample()
    # a publisher that is no string makes the extractor raise on this article only
    bad = replace(arts[1], id="bad-one", publisher=12345)  # type: ignore[arg-type]
    out = _run([arts[0], bad, *arts[2:4]], 2)
    assert out["bad-one"].line is None
    assert "extraction failed (AttributeError" in (out["bad-one"].error or "")
    assert all(out[a.id].line for a in [arts[0], *arts[2:4]])


def test_journal_survives_a_kill_and_a_torn_last_line_is_ignored(tmp_path: Path) -> None:
    exs, _ = small_extraction()
    first = exs[0]
    second = replace(first, article=replace(first.article, id="a2", content_hash="h2"))
    cache = ExtractionCache(tmp_path, "m-1")
    cache.append([cache_line(first)])
    cache.append([cache_line(second)])
    # a kill in the middle of the next batch leaves half a line behind
    with (tmp_path / JOURNAL_FILE).open("a", encoding="utf-8") as fh:
        fh.write(cache_line(replace(first, article=replace(first.article, id="a3")))[:90])
    again = ExtractionCache(tmp_path, "m-1")
    assert again.hashes() == {"a1": "h1", "a2": "h2"}
    assert again.load(["a1"]) == [first]
    again.save()  # folds the journal into the cache file and drops the journal
    assert not (tmp_path / JOURNAL_FILE).exists()
    lines = (tmp_path / "extractions.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["model"] == "m-1" and len(lines) == 3
    assert ExtractionCache(tmp_path, "m-1").all() == [first, second]
    assert ExtractionCache(tmp_path, "m-2").hashes() == {}


def test_a_broken_cache_entry_is_dropped_not_fatal(tmp_path: Path) -> None:
    exs, _ = small_extraction()
    line = cache_line(exs[0]).replace('"mentions": [', '"mentions": [{"bogus": 1}, ')
    (tmp_path / "extractions.jsonl").write_text(
        json.dumps({"version": 3, "model": "m"}) + "\n" + line + "\n", encoding="utf-8")
    msgs: list[str] = []
    cache = ExtractionCache(tmp_path, "m", warn=msgs.append)
    assert cache.is_current("a1", "h1")
    assert cache.all() == [] and not cache.is_current("a1", "h1")
    assert "a1" in msgs[0]


def test_a_build_killed_during_extraction_keeps_the_batches_it_saved(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import time

    src = tmp_path / "made-up.jsonl"
    text = ("Bupati Sukamaju Budi Santoso meresmikan jembatan baru di Desa Cibeber. "
            "Warga menyambut peresmian itu dengan gembira. ") * 8
    src.write_text("".join(json.dumps({"id": f"art-{i:03d}", "text": f"{text} Nomor {i}."})
                           + "\n" for i in range(150)), encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "kg.cli", "build", str(src), "--out", str(out), "-q",
           "--no-page", "--model", "blank", "--workers", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = out / JOURNAL_FILE
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if journal.exists() and journal.read_text(encoding="utf-8").count("\n") >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the build ended before a batch was saved: make it longer"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    saved = ExtractionCache(out, _model_id("blank")).hashes()
    assert 0 < len(saved) < 150
    done = subprocess.run(cmd[:-4] + ["--model", "blank"], capture_output=True, text=True,
                          check=True)
    assert f"({150 - len(saved)} processed, {len(saved)} unchanged)" in done.stdout
    assert not journal.exists()
    assert len(ExtractionCache(out, _model_id("blank")).hashes()) == 150


def test_workers_below_one_is_one_sentence(capsys) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import main

    assert main(["build", "--workers", "0", "--out", "unused"]) == 2
    err = capsys.readouterr().err
    assert "--workers 0" in err and "Traceback" not in err


_PARENT = os.getpid()


def _dying_batch(articles: list[Article]) -> list[parallel.Outcome]:
    """A worker that dies (as when the OS kills it) on the article with id 'dies'."""
    if os.getpid() != _PARENT and any(a.id == "dies" for a in articles):
        os._exit(1)
    return _REAL_BATCH(articles)


_REAL_BATCH = parallel.extract_batch


def test_a_dead_worker_loses_no_article(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    arts = _sample()
    arts[2] = replace(arts[2], id="dies")
    monkeypatch.setattr(parallel, "extract_batch", _dying_batch)  # forked workers inherit it
    got = [o for b in parallel.extract(arts, "blank", 2, batch_words=300, min_parallel_words=0)
           for o in b]
    assert sorted(o.article_id for o in got) == sorted(a.id for a in arts)
    assert all(o.line for o in got)
