"""Extraction on a real Dask cluster (distributed.LocalCluster, 2 worker processes on
loopback): the same graph as a local build, no article lost when a worker dies."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

from kg import dask_extract  # noqa: E402
from kg.cli import main  # noqa: E402
from kg.ingest import iter_articles  # noqa: E402
from kg.models import Article  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "kg" / "sample"


@pytest.fixture(scope="module")
def cluster():  # noqa: ANN201
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None,
                                  silence_logs=40) as c:
        yield c


def _quads(out: Path) -> set[str]:
    from kg.graph.store import open_dataset

    ds = open_dataset(out)
    return {f"{s} {p} {o} {getattr(g, 'identifier', g)}"
            for s, p, o, g in ds.quads((None, None, None, None))}


def test_cluster_build_equals_local_build(cluster, tmp_path: Path) -> None:  # noqa: ANN001
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert main(["build", "--out", str(local), "-q", "--no-page", "--workers", "1"]) == 0
    assert main(["build", "--out", str(remote), "-q", "--no-page",
                 "--scheduler", cluster.scheduler_address]) == 0
    assert _quads(local) == _quads(remote)


def test_pipeline_loaded_once_per_worker(cluster) -> None:  # noqa: ANN001
    arts = [a for a in iter_articles([SAMPLE]) if isinstance(a, Article)]
    with distributed.Client(cluster.scheduler_address) as client:
        outcomes = [o for b in dask_extract.extract(arts, "blank", client, batch_words=50)
                    for o in b]
        assert sorted(o.article_id for o in outcomes) == sorted(a.id for a in arts)
        assert all(o.error is None and o.line for o in outcomes)
        # the plugin is registered under one name on every worker, whatever the task count
        plugins = client.run(lambda dask_worker: sorted(dask_worker.plugins))
        assert all(dask_extract.PLUGIN_NAME in names for names in plugins.values())


def test_a_dying_worker_loses_no_article(cluster) -> None:  # noqa: ANN001
    arts = [a for a in iter_articles([SAMPLE]) if isinstance(a, Article)] * 3
    arts = [Article.from_dict({**a.to_dict(), "id": f"{a.id}-{i}"}) for i, a in enumerate(arts)]
    with distributed.Client(cluster.scheduler_address) as client:
        seen = []
        killed = False
        for batch in dask_extract.extract(arts, "blank", client, batch_words=40):
            seen += batch
            if not killed:  # kill one worker process while partitions are still queued
                victim = sorted(client.scheduler_info()["workers"])[0]
                pid = client.run(os.getpid, workers=[victim])[victim]
                os.kill(pid, signal.SIGKILL)  # dies as a process does: no goodbye
                killed = True
        assert sorted(o.article_id for o in seen) == sorted(a.id for a in arts)
        assert all(o.error is None for o in seen)


def test_unreachable_scheduler_is_one_sentence(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--out", str(tmp_path / "x"), "-q", "--no-page",
                 "--scheduler", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no Dask scheduler answers there" in err
