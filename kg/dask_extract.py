"""Extraction on a Dask cluster (`kg build ... --scheduler tcp://HOST:8786`).

When an archive outgrows one machine, kg sends extraction to a cluster people already
run: articles go out in partitions (the same word-sized batches as the local pool), a
worker plugin loads the spaCy pipeline once per worker process, and each partition comes
back as the same per-article outcomes the local pool yields (cache lines or one error
sentence each). Everything after extraction (cache, resolution, RDF) runs in the build
process as in a local build, so the graph is the same.

A worker that dies mid-run loses no article: the scheduler hands its partitions to
another worker (`retries`); a partition that still fails is reported article by article.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict
from typing import Any

from kg.errors import KgError
from kg.models import Article
from kg.parallel import BATCH_WORDS, Outcome, batches

PLUGIN_NAME = "kg-pipeline"
RETRIES = 3


def _plugin(model: str | None) -> Any:
    from distributed.diagnostics.plugin import WorkerPlugin

    class KgPipeline(WorkerPlugin):
        """Loads kg's pipeline once per worker process, when the worker joins."""

        name = PLUGIN_NAME

        def __init__(self, model: str | None) -> None:
            self.model = model

        def setup(self, worker: object) -> None:
            from kg.parallel import _init

            _init(self.model)

    return KgPipeline(model)


def extract_partition(articles: list[dict[str, Any]], model: str | None) -> list[dict[str, Any]]:
    """Runs on a worker: one outcome (as a dict) per article of the partition."""
    from kg.parallel import _init, extract_batch

    _init(model)  # a no-op once the plugin has loaded it
    return [asdict(o) for o in extract_batch([Article.from_dict(a) for a in articles])]


def connect(scheduler: str) -> Any:
    """A Client for the scheduler, or one sentence saying why there is none."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise KgError("--scheduler needs Dask's distributed package "
                      "(pip install -e '.[dask]').") from exc
    try:
        return Client(scheduler, timeout="15s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise KgError(f"{scheduler}: no Dask scheduler answers there "
                      f"({exc.__class__.__name__}).") from exc


def extract(articles: Sequence[Article], model: str | None, scheduler: str | Any,
            batch_words: int = BATCH_WORDS) -> Iterator[list[Outcome]]:
    """Extract on the cluster, yielding each partition's outcomes as it finishes.

    `scheduler` is an address (tcp://HOST:PORT) or an existing distributed Client.
    """
    from distributed import as_completed

    own = isinstance(scheduler, str)
    client = connect(scheduler) if own else scheduler
    try:
        client.register_plugin(_plugin(model), name=PLUGIN_NAME)
        parts = batches(articles, batch_words)
        futures = {}
        for i, part in enumerate(parts):
            fut = client.submit(extract_partition, [a.to_dict() for a in part], model,
                                retries=RETRIES, pure=False, key=f"kg-extract-{i}-{id(parts)}")
            futures[fut] = part
        with client.as_current():  # as_completed looks up the current client
            done = as_completed(list(futures))
        for fut in done:
            part = futures.pop(fut)
            try:
                yield [Outcome(**d) for d in fut.result()]
            except Exception as exc:  # noqa: BLE001 - a lost partition is reported, not fatal
                why = f"extraction failed on the cluster ({exc.__class__.__name__}: {exc})"
                yield [Outcome(a.id, len(a.text.split()), error=why) for a in part]
    finally:
        if own:
            client.close()
