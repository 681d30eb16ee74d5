"""The robustness catalogue: every case in cases.py goes through ONE real `kg build`
(`--model blank`: the inputs, not the model, are the point) beside a good article, and
each row checks its one-sentence message, or its article in the graph, and that the good
article survived. Cases that need a run of their own (an aborting input, a second build,
a poisoned cache) follow the table.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock
from rdflib import Dataset, Literal

from kg.cache import cache_line
from kg.cli import main
from kg.lock import LOCK_FILE
from kg.models import ArticleExtraction
from kg.vocab import KG, SCHEMA

from .cases import CASES, GOOD_TEXT, Case


@dataclass
class Run:
    code: int
    out: str
    err: str


def kg(*argv: str | Path) -> Run:
    """`kg ...` in this process, as the console script runs it."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse
            code = int(exc.code or 0)
    return Run(code, out.getvalue(), err.getvalue())


def graph(out: Path) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(out / "graph.trig", format="trig")
    return ds


def texts(ds: Dataset) -> dict[str, str]:
    """article text -> article IRI"""
    return {str(t): str(a) for a, t in ds.subject_objects(KG.articleText)}


def good(d: Path) -> Path:
    (d / "good.txt").write_text(GOOD_TEXT + "\n", "utf-8")
    return d / "good.txt"


@dataclass
class Built:
    run: Run
    inputs: dict[str, Path]
    ds: Dataset
    texts: dict[str, str]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    d = tmp_path_factory.mktemp("cases")
    inputs = {c.name: c.make(d) for c in CASES}
    out = tmp_path_factory.mktemp("out")
    run = kg("build", good(d), *inputs.values(), "--out", out, "--model", "blank",
             "--no-page", "-q")
    ds = graph(out)
    return Built(run, inputs, ds, texts(ds))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(built: Built, case: Case) -> None:
    assert built.run.code == 0, built.run.err
    assert "Traceback" not in built.run.err and "E088" not in built.run.err
    source = str(built.inputs[case.name])
    lines = [ln for ln in built.run.err.splitlines() if ln.startswith(f"skipped {source}")]
    if case.message is None:
        assert lines == []
        found = [t for t in built.texts if case.text_has and case.text_has in t]
        assert len(found) == case.articles, (case.text_has, list(built.texts)[:5])
        if case.url:
            art = built.ds.value(predicate=KG.articleText, object=Literal(found[0]))
            assert case.url in {str(u) for u in built.ds.objects(art, SCHEMA.url)}
    else:
        assert len(lines) == 1, lines
        assert re.search(case.message, lines[0]), lines[0]
    assert GOOD_TEXT in built.texts  # the good article beside it is in the graph


def test_missing_path_stops_with_one_sentence_and_keeps_the_graph(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert kg("build", good(tmp_path), "--out", out, "--model", "blank", "--no-page",
              "-q").code == 0
    before = (out / "graph.trig").read_bytes()
    run = kg("build", good(tmp_path), tmp_path / "nope", "--out", out, "--model", "blank",
             "--no-page", "-q")
    assert run.code == 2
    assert run.err.strip() == f"kg build: {tmp_path / 'nope'}: no such file or folder."
    assert (out / "graph.trig").read_bytes() == before


def test_build_on_a_busy_folder_is_one_sentence(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setenv("KG_LOCK_WAIT", "0.1")
    with FileLock(str(out / LOCK_FILE)):  # as a running build holds it
        run = kg("build", good(tmp_path), "--out", out, "--model", "blank", "-q")
    assert run.code == 2
    assert run.err == (f"kg build: {out}: another kg build is writing to this folder; try "
                       "again when it has finished.\n")
    assert not (out / "graph.trig").exists()


def test_same_file_name_in_two_folders_across_runs_keeps_both(tmp_path: Path) -> None:
    for d, place in (("d1", "Kendal"), ("d2", "Demak")):
        (tmp_path / d).mkdir()
        (tmp_path / d / "berita.txt").write_text(f"Budi Santoso hadir di {place}.", "utf-8")
    out = tmp_path / "out"
    for d in ("d1", "d2"):
        assert kg("build", tmp_path / d, "--out", out, "--model", "blank", "--no-page",
                  "-q").code == 0
    found = texts(graph(out))
    assert {"Budi Santoso hadir di Kendal.", "Budi Santoso hadir di Demak."} <= set(found)


def test_poisoned_cache_is_dropped_and_the_build_goes_on(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert kg("build", good(tmp_path), "--out", out, "--model", "blank", "--no-page",
              "-q").code == 0
    cache = out / "extractions.jsonl"
    lines = cache.read_text("utf-8").splitlines()
    bad = ArticleExtraction.from_dict(json.loads(lines[1])["x"])
    bad.article.id, bad.article.url = "racun", "https://example.com/judul artikel"
    cache.write_text("\n".join([*lines, cache_line(bad), "{rusak", "[" * 50_000]) + "\n",
                     "utf-8")
    (out / ".graph.trig.x1y2.tmp").write_text("half a graph from a killed build")
    run = kg("build", good(tmp_path), "--out", out, "--model", "blank", "--no-page", "-q")
    assert run.code == 0 and "Traceback" not in run.err
    dropped = re.findall(r"^dropped a cache entry at .*extractions\.jsonl.*$", run.err, re.M)
    assert len(dropped) == 3 and "not a valid IRI" in "".join(dropped), run.err
    assert GOOD_TEXT in texts(graph(out))
    assert not list(out.glob(".*.tmp"))  # the killed build's temp file is gone


def test_binary_query_file_is_one_sentence(tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe" + bytes(range(256)))
    run = kg("query", tmp_path, rq)
    assert run.code == 2
    assert re.fullmatch(r"kg query: \S+q\.rq: not a UTF-8 text file, so not a SPARQL query "
                        r"\(byte \d+ cannot be decoded\)\.\n", run.err), run.err
