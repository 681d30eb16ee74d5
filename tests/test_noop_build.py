"""The no-op fast path of `kg build` (kg/manifest.py): a rebuild with nothing new proves it
from a small manifest, touches no file, and never imports spaCy; anything that could change
the graph takes the long path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.manifest import MANIFEST_FILE
from kg.pipeline import build

ARTICLES = [
    {"id": "n1", "title": "Rapat di Bandung",
     "text": "Gubernur Jawa Barat Ridwan Kamil memimpin rapat di Bandung, Senin. "
             "Ridwan Kamil mengatakan rapat itu penting."},
    {"id": "n2", "title": "Kunjungan ke Surabaya",
     "text": "Menteri Keuangan Sri Mulyani berkunjung ke Surabaya bersama Wali Kota Surabaya "
             "Eri Cahyadi."},
]


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _files(out: Path) -> dict[str, tuple[int, int]]:
    """Every file of the build folder with its size and mtime (ns)."""
    return {str(p.relative_to(out)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != ".lock"}


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    src = _write(tmp_path / "a.jsonl", ARTICLES)
    out = tmp_path / "out"
    build([src], out, model="blank", progress=False, write_page=False)
    build([src], out, model="blank", progress=False, write_page=False)  # stats at rest
    return src, out


def test_noop_touches_nothing_and_reports_the_build(built: tuple[Path, Path]) -> None:
    src, out = built
    assert (out / MANIFEST_FILE).is_file()
    before = _files(out)
    report = build([src], out, model="blank", progress=False, write_page=False)
    assert _files(out) == before
    assert (report.articles, report.processed, report.reused, report.in_graph) == (2, 0, 2, 2)
    assert report.entities > 0 and report.triples > 0
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert stats["triples"] == report.triples and stats["processed_this_run"] == 0


def test_noop_cli_does_not_import_spacy(built: tuple[Path, Path]) -> None:
    src, out = built
    code = ("import sys; from kg.cli import main; "
            f"rc = main(['build', {str(src)!r}, '--out', {str(out)!r}, '--model', 'blank', "
            "'--no-page', '-q']); "
            "print('spacy' in sys.modules, 'kg.nlp' in sys.modules, rc)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert proc.stdout.split()[-3:] == ["False", "False", "0"], proc.stdout + proc.stderr
    assert "2 articles read (0 processed, 2 unchanged)" in proc.stdout


def test_changed_article_takes_the_long_path_and_is_replaced(built: tuple[Path, Path]) -> None:
    src, out = built
    changed = [ARTICLES[0], {**ARTICLES[1], "text": ARTICLES[1]["text"]
                             + " Sri Mulyani meresmikan gedung baru di Surabaya."}]
    _write(src, changed)
    report = build([src], out, model="blank", progress=False, write_page=False)
    assert (report.processed, report.reused) == (1, 1)
    assert "gedung baru" in (out / "graph.trig").read_text(encoding="utf-8")
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert stats["articles_replaced"] == 1
    # and the run after that is a no-op again
    before = _files(out)
    report = build([src], out, model="blank", progress=False, write_page=False)
    assert report.processed == 0 and report.reused == 2
    # only this run's counts in stats.json (and the manifest vouching for it) are rewritten
    run_files = {"stats.json", MANIFEST_FILE}
    assert {k: v for k, v in _files(out).items() if k not in run_files} == \
        {k: v for k, v in before.items() if k not in run_files}


def test_new_input_file_is_added(built: tuple[Path, Path], tmp_path: Path) -> None:
    src, out = built
    more = _write(tmp_path / "b.jsonl", [{"id": "n3", "title": "Banjir",
                                          "text": "Bupati Bogor Ade Yasin meninjau banjir."}])
    report = build([src, more], out, model="blank", progress=False, write_page=False)
    assert (report.processed, report.reused, report.in_graph) == (1, 2, 3)


@pytest.mark.parametrize("disturb", ["option", "corrections", "deleted-output", "journal",
                                     "touched-input", "page-wanted", "reresolve"])
def test_anything_that_may_matter_takes_the_long_path(built: tuple[Path, Path],
                                                      disturb: str) -> None:
    src, out = built
    kwargs: dict = {"model": "blank", "progress": False, "write_page": False}
    if disturb == "option":
        kwargs["min_confidence"] = 0.5
    elif disturb == "corrections":
        (out / "corrections.csv").write_text("action,target,value,note\n"
                                             "type,Surabaya,Place,\n", encoding="utf-8")
    elif disturb == "deleted-output":
        (out / "entities.csv").unlink()
    elif disturb == "journal":
        (out / "extractions.journal.jsonl").write_text("", encoding="utf-8")
    elif disturb == "touched-input":
        os.utime(src, ns=(src.stat().st_atime_ns, src.stat().st_mtime_ns + 1_000_000))
    elif disturb == "page-wanted":
        kwargs["write_page"] = True
    elif disturb == "reresolve":
        kwargs["reresolve"] = True
    stamp = (out / "stats.json").stat().st_mtime_ns
    build([src], out, **kwargs)
    # the long path always rewrites stats.json; the fast path leaves it alone here
    assert (out / "stats.json").stat().st_mtime_ns != stamp
    assert (out / "entities.csv").is_file()
    if disturb == "page-wanted":
        assert (out / "graph.html").is_file()


def test_a_failed_input_is_reported_again(tmp_path: Path) -> None:
    """A no-op repeats the last run's errors, as the long path would (same input, same
    failure), with the same report."""
    src = _write(tmp_path / "a.jsonl", ARTICLES)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    out = tmp_path / "out"
    first: list[str] = []
    again: list[str] = []
    r1 = build([src, bad], out, model="blank", progress=False, write_page=False,
               warn=first.append)
    build([src, bad], out, model="blank", progress=False, write_page=False)
    before = _files(out)
    r2 = build([src, bad], out, model="blank", progress=False, write_page=False,
               warn=again.append)
    assert _files(out) == before  # the fast path ran
    assert r1.errors and r2.errors == r1.errors and again == first
    assert (r2.articles, r2.reused, r2.processed) == (r1.articles, r1.reused + r1.processed, 0)


def test_killed_build_leaves_no_manifest(built: tuple[Path, Path], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The long path drops the manifest before it changes anything: a build that dies
    midway cannot be mistaken for a finished one by the next run."""
    src, out = built
    more = _write(tmp_path / "b.jsonl", [{"id": "n3", "title": "Banjir",
                                          "text": "Bupati Bogor Ade Yasin meninjau banjir."}])
    import kg.outputs

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("killed")

    monkeypatch.setattr(kg.outputs, "write_outputs", boom)
    with pytest.raises(RuntimeError):
        build([src, more], out, model="blank", progress=False, write_page=False)
    assert not (out / MANIFEST_FILE).exists()


def test_unchanged_input_file_is_not_read_again(built: tuple[Path, Path], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding a file reads that file only: the other is vouched for by inputs.json (its
    size, mtime and inode as recorded, all its articles built); a changed file is read."""
    import kg.ingest

    src, out = built
    read: list[str] = []
    real = kg.ingest._read_jsonl

    def spy(path: Path, *a: object, **k: object):  # noqa: ANN202 - a generator
        read.append(path.name)
        return real(path, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(kg.ingest, "_read_jsonl", spy)
    more = _write(tmp_path / "b.jsonl", [{"id": "n3", "title": "Banjir",
                                          "text": "Bupati Bogor Ade Yasin meninjau banjir."}])
    report = build([src, more], out, model="blank", progress=False, write_page=False)
    assert read == ["b.jsonl"] and (report.processed, report.reused) == (1, 2)
    read.clear()
    _write(src, [ARTICLES[0], {**ARTICLES[1], "text": ARTICLES[1]["text"] + " Lagi."}])
    report = build([src, more], out, model="blank", progress=False, write_page=False)
    assert read == ["a.jsonl"] and (report.processed, report.reused) == (1, 2)
