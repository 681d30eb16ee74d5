"""Unit checks of the guards behind the robustness catalogue: IRIs, ids, cache, lock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef

from kg.cache import CACHE_FILE, CACHE_VERSION, ExtractionCache, cache_line
from kg.errors import KgError
from kg.identity import article_slug, safe_url, unwritable
from kg.ingest import IngestError, iter_articles
from kg.lock import LOCK_FILE, lock_folder, locked_build_dir, remove_stale_temp
from kg.models import Article, ArticleExtraction


@pytest.mark.parametrize(("raw", "want"), [
    ("https://example.com/berita/judul artikel", "https://example.com/berita/judul%20artikel"),
    ('https://x.example/a"b<c>{d}|e\\f^g`h', "https://x.example/a%22b%3Cc%3E%7Bd%7D%7Ce%5Cf%5Eg%60h"),
    ("https://x.example/100%", "https://x.example/100%25"),
    ("https://x.example/ok%20already", "https://x.example/ok%20already"),
    ("https://x.example/jalan-raya-é", "https://x.example/jalan-raya-é"),
    ("not a url", None), ("", None), ("example.com/x", None),
])
def test_urls_become_valid_iris(raw: str, want: str | None) -> None:
    got = safe_url(raw)
    assert got == want
    if got:  # rdflib serialises it without complaint
        ds = Dataset()
        ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef(got)))
        assert got in ds.serialize(format="trig")


def test_article_slugs_never_merge_distinct_ids() -> None:
    ids = ["CLICKID-KOMPAS-00001", "clickid-kompas-00001/", "clickid-kompas-00001",
           "clickid kompas 00001", "a" * 200, "a" * 201, "!!!", "???"]
    slugs = [article_slug(i) for i in ids]
    assert len(set(slugs)) == len(ids)
    assert article_slug("clickid-kompas-00001") == "clickid-kompas-00001"  # real ids unchanged


def test_ids_differing_in_case_or_slash_are_reported(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in [
        {"id": "CLICKID-KOMPAS-00001", "text": "Satu."},
        {"id": "clickid-kompas-00001/", "text": "Dua."},
        {"id": "CLICKID-KOMPAS-00001", "text": "Tiga, teks lain."},
    ]) + "\n", "utf-8")
    items = list(iter_articles([f]))
    assert isinstance(items[0], Article)
    assert isinstance(items[1], IngestError)
    assert "only in case or a trailing slash" in items[1].message
    assert isinstance(items[2], IngestError)
    assert "clashes with a different text" in items[2].message


def _extraction(article_id: str, url: str) -> ArticleExtraction:
    return ArticleExtraction(article=Article(id=article_id, text="Isi.", url=url,
                                             content_hash="h"))


def test_poisoned_cache_entries_are_dropped_with_a_warning(tmp_path: Path) -> None:
    good = _extraction("good", "https://x.example/good")
    bad = _extraction("bad", "https://x.example/judul artikel")
    lines = [json.dumps({"version": CACHE_VERSION, "model": "m"}), cache_line(good),
             cache_line(bad), "{broken", "[" * 100_000, json.dumps([1, 2]),
             json.dumps({"article": {"id": 5}})]
    (tmp_path / CACHE_FILE).write_text("\n".join(lines) + "\n", "utf-8")
    warned: list[str] = []
    cache = ExtractionCache(tmp_path, "m", warn=warned.append)
    assert len(warned) == 4  # lines that are no entry; entries are parsed when used
    assert [ex.article.id for ex in cache.all()] == ["good"]
    assert sorted(cache.hashes()) == ["good"]
    assert len(warned) == 5 and all("dropped a cache entry" in w for w in warned)
    assert "not a valid IRI" in warned[-1]
    assert unwritable(good.article) is None and unwritable(bad.article)


def test_stale_temp_files_are_removed_and_nothing_else(tmp_path: Path) -> None:
    (tmp_path / ".graph.trig.abc123.tmp").write_text("half")
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / ".x.tmp").write_text("half")
    (tmp_path / "graph.trig").write_text("keep")
    (tmp_path / "notes.tmp").write_text("keep: not one of ours")
    removed = remove_stale_temp(tmp_path)
    assert {p.name for p in removed} == {".graph.trig.abc123.tmp", ".x.tmp"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.trig", "notes.tmp", "store"]


def test_second_build_on_a_locked_folder_says_busy(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KG_LOCK_WAIT", "0.2")
    calls: list[str] = []

    @locked_build_dir
    def fake_build(inputs: list[str], out_dir: Path) -> str:
        calls.append("ran")
        return "ok"

    # another process holds the lock (as a running build would)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from filelock import FileLock; "
        f"l = FileLock({str(tmp_path / LOCK_FILE)!r}); l.acquire(); print('held', flush=True); "
        "time.sleep(30)")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout and holder.stdout.readline().strip() == "held"
        with pytest.raises(KgError, match="another kg build is writing to this folder"):
            fake_build([], tmp_path)
        assert calls == []
    finally:
        holder.kill()
        holder.wait()
    # the kernel freed the dead holder's lock: the next build runs
    assert fake_build([], out_dir=tmp_path) == "ok" and calls == ["ran"]


def test_out_that_is_a_file_is_one_sentence(tmp_path: Path) -> None:
    f = tmp_path / "out"
    f.write_text("x")
    with pytest.raises(KgError, match="is not a folder"):
        lock_folder(f)
    assert os.path.isfile(f)
