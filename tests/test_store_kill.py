"""SIGKILL during a store update, at several moments: the committed store stays readable
and equal to the old or the new graph, never a mix; the next run completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# builds a 300-article store, then replaces every article (a long second update to kill)
SCRIPT = """
import sys, dataclasses
sys.path[:0] = [{root!r}, {tests!r}]
from pathlib import Path
from graph_fixtures import synthetic
from kg.graph.update import plan, update_store
from kg.graph.dump import write_trig
out = Path(sys.argv[1])
exs, res = synthetic(300)
if sys.argv[2] == "edit":
    exs = [dataclasses.replace(ex, article=dataclasses.replace(
        ex.article, title="baru", content_hash=ex.article.content_hash + "x")) for ex in exs]
u = update_store(out, plan(exs, res))
write_trig(out, generation=u.generation, previous=u.previous,
           changed=u.graphs if u.changed else None)
print("done", flush=True)
"""


def _run(out: Path, mode: str) -> subprocess.Popen:
    code = SCRIPT.format(root=str(ROOT), tests=str(ROOT / "tests"))
    return subprocess.Popen([sys.executable, "-c", code, str(out), mode],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _titles(out: Path) -> set[str]:
    from kg.graph.store import open_store

    store = open_store(out)
    rows = store.query("SELECT DISTINCT ?t WHERE { GRAPH ?g { ?a <https://schema.org/headline> "
                       "?t } }")
    return {r["t"].value for r in rows}


@pytest.fixture(scope="module")
def edit_seconds(tmp_path_factory: pytest.TempPathFactory) -> float:
    """How long the second (editing) run takes here, so kills land inside it."""
    out = tmp_path_factory.mktemp("timing")
    assert _run(out, "base").wait(timeout=300) == 0
    start = time.perf_counter()
    assert _run(out, "edit").wait(timeout=300) == 0
    return time.perf_counter() - start


@pytest.mark.parametrize("share", [0.25, 0.45, 0.6, 0.75])
def test_sigkill_during_update_leaves_old_or_new(tmp_path: Path, edit_seconds: float,
                                                 share: float) -> None:
    delay = share * edit_seconds
    out = tmp_path / "out"
    out.mkdir()
    first = _run(out, "base")
    assert first.wait(timeout=300) == 0, first.stderr.read()  # type: ignore[union-attr]
    old = _titles(out)
    assert old and "baru" not in old
    p = _run(out, "edit")
    time.sleep(delay)
    if p.poll() is None:
        os.kill(p.pid, signal.SIGKILL)
    p.wait(timeout=60)
    seen = _titles(out)  # readable, and one whole generation
    assert seen == old or seen == {"baru"}
    again = _run(out, "edit")
    assert again.wait(timeout=300) == 0, again.stderr.read()  # type: ignore[union-attr]
    assert _titles(out) == {"baru"}
    assert "baru" in (out / "graph.trig").read_text(encoding="utf-8")
    assert not list((out / "store.d").glob(".*.tmp"))
