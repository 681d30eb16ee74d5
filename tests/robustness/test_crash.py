"""Crash test: a build SIGKILLed at each risky point leaves a consistent folder, and the
next build completes with nothing lost.

The kills are exact, not timed: `KG_FAULT=STAGE` (kg/faults.py) makes kg SIGKILL itself
when it reaches STAGE. One folder goes through every kill in turn (each killed build
starts from what the one before left), then a clean build must hold every article.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset

from kg.graph.store import open_store
from kg.vocab import KG, SCHEMA

PLACES = ["Kendal", "Demak", "Kudus", "Pati", "Blora", "Rembang", "Jepara", "Batang",
          "Salatiga", "Wonosobo", "Temanggung", "Magelang"]


def _article(place: str) -> str:
    """About 900 made-up words, so a dozen articles make more than one extraction batch."""
    body = " ".join(f"Kepala Dinas Pendidikan {place} Budi Santoso hadir dalam rapat kerja "
                    f"ke-{i} di {place} bersama warga." for i in range(60))
    return f"Rapat Kerja di {place}\n\n{body}\n"


def kg_build(inputs: list[Path], out: Path, fault: str | None = None
             ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "KG_LOCK_WAIT": "30"}
    env.pop("KG_FAULT", None)
    if fault:
        env["KG_FAULT"] = fault
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", *map(str, inputs), "--out", str(out),
         "--model", "blank", "--workers", "1", "-q"],
        env=env, capture_output=True, text=True, timeout=600)


def headlines(out: Path) -> set[str]:
    """The folder is consistent: graph.trig parses, the store (if any) opens, a query
    answers. Returns the headlines of the articles in the graph."""
    ds = Dataset(default_union=True)
    ds.parse(out / "graph.trig", format="trig")
    found = {str(h) for h in ds.objects(None, SCHEMA.headline)}
    assert len(found) == len(set(ds.subjects(KG.articleText)))
    if (out / "store").exists():
        store = open_store(out)
        assert len(store) > 0
    q = subprocess.run([sys.executable, "-m", "kg.cli", "query", str(out),
                        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-f", "csv"],
                       capture_output=True, text=True, timeout=300)
    assert q.returncode == 0 and "Traceback" not in q.stderr, q.stderr
    assert int(q.stdout.split()[-1]) > 0
    return found


def test_kills_at_every_stage_lose_nothing(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, places in ((first, PLACES[:2]), (second, PLACES[2:])):
        folder.mkdir()
        for p in places:
            (folder / f"{p.lower()}.txt").write_text(_article(p), "utf-8")
    out = tmp_path / "out"
    done = kg_build([first], out)
    assert done.returncode == 0, done.stderr
    before = headlines(out)
    assert before == {f"Rapat Kerja di {p}" for p in PLACES[:2]}

    stages = ["extract", "write:extractions.jsonl", "write:graph.trig", "write:graph.html"]
    if (out / "store").exists():
        stages.insert(2, "store")
    for stage in stages:
        killed = kg_build([first, second], out, fault=stage)
        assert killed.returncode == -signal.SIGKILL, (stage, killed.stderr)
        # consistent, and what the graph held before the kill is still there
        assert before <= headlines(out), stage
        if stage == "extract":  # the first batch was saved before the kill, not the rest
            journal = [ln for ln in (out / "extractions.journal.jsonl").read_text().splitlines()
                       if ln.strip()]
            assert 1 < len(journal) < len(PLACES[2:]) + 1

    final = kg_build([first, second], out)
    assert final.returncode == 0, final.stderr
    assert headlines(out) == {f"Rapat Kerja di {p}" for p in PLACES}
    m = re.search(r"(\d+) articles(?: read)? \((\d+) processed, (\d+) unchanged\)", final.stdout)
    assert m and m.group(1) == str(len(PLACES)) and m.group(2) == "0", final.stdout
    assert not list(out.glob(".*.tmp")) and not list(out.glob("*/.*.tmp"))
    stats = json.loads((out / "stats.json").read_text())
    assert stats["errors"] == []


def test_fault_point_is_a_no_op_without_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.faults import fault_point

    monkeypatch.delenv("KG_FAULT", raising=False)
    fault_point("extract")
    monkeypatch.setenv("KG_FAULT", "write:graph.trig")
    fault_point("write:graph.html")  # another stage: still alive
    fault_point("extract")
