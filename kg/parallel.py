"""Extraction on every core: a pool of worker processes, each loading the pipeline once.

Each worker gets a batch of articles, runs spaCy and kg's extractor on them and sends
back, per article, either the finished cache line (JSON text, made in the worker so the
main process only appends it to the journal) or one error sentence. Docs never cross a
process boundary. One failing article is reported and skipped: a batch that spaCy cannot
take whole is retried article by article inside the worker, and if a worker dies (killed,
out of memory) the articles it held are extracted one by one in the main process.
Small jobs run in-process: starting workers costs a model load each.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_all_start_methods, get_context

from kg.cache import cache_line
from kg.models import Article
from kg.pieces import extract_article, is_long

BATCH_WORDS = 6_000  # words per task: big enough to amortise, small enough to lose little
MIN_PARALLEL_WORDS = 40_000  # below this a pool costs more than it saves


@dataclass
class Outcome:
    """What extraction made of one article: its cache line, or why it failed."""

    article_id: str
    words: int
    line: str | None = None
    error: str | None = None


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


_WORKER: dict[str, object] = {}


def _init(model: str | None) -> None:
    """Load the pipeline once per process (before forking: workers share it)."""
    from kg.extract import Extractor
    from kg.nlp import load_pipeline

    if "nlp" in _WORKER and _WORKER["model"] == model:
        return
    _WORKER.update(nlp=load_pipeline(model), extractor=Extractor(), model=model)


def _one(nlp: object, extractor: object, a: Article, doc: object | None) -> Outcome:
    words = len(a.text.split())
    try:
        ex = (extractor(doc, a) if doc is not None  # type: ignore[operator]
              else extract_article(nlp, extractor, a))  # a long article goes in pieces
        return Outcome(a.id, words, line=cache_line(ex))
    except Exception as exc:  # noqa: BLE001 - one bad article must not lose the batch
        return Outcome(a.id, words, error=f"extraction failed ({exc.__class__.__name__}: {exc})")


def extract_batch(articles: Sequence[Article]) -> list[Outcome]:
    """Run in a worker (or in-process after `_init`): one Outcome per article."""
    nlp, extractor = _WORKER["nlp"], _WORKER["extractor"]
    try:
        short = iter(nlp.pipe(a.text for a in articles if not is_long(a.text)))  # type: ignore[attr-defined]
        docs: list[object | None] = [None if is_long(a.text) else next(short) for a in articles]
    except Exception:  # noqa: BLE001 - retried one by one, so only the bad one is lost
        docs = [None] * len(articles)
    return [_one(nlp, extractor, a, d) for a, d in zip(articles, docs, strict=True)]


def batches(articles: Sequence[Article], words: int = BATCH_WORDS) -> list[list[Article]]:
    out: list[list[Article]] = [[]]
    size = 0
    for a in articles:
        if out[-1] and size >= words:
            out.append([])
            size = 0
        out[-1].append(a)
        size += len(a.text) // 7  # about 7 characters a word in Indonesian news
    return [b for b in out if b]


def extract(articles: Sequence[Article], model: str | None, workers: int | None = None,
            batch_words: int = BATCH_WORDS, min_parallel_words: int = MIN_PARALLEL_WORDS,
            ) -> Iterator[list[Outcome]]:
    """Extract `articles`, yielding each batch's outcomes as it finishes (in any order)."""
    n = workers or default_workers()
    work = batches(articles, batch_words)
    total = sum(len(a.text) // 7 for a in articles)
    _init(model)  # forked workers inherit it: the model is loaded once, its memory shared
    if n <= 1 or len(work) <= 1 or total < min_parallel_words:
        for b in work:
            yield extract_batch(b)
        return
    yield from _pooled(work, model, n)


def _pooled(work: list[list[Article]], model: str | None, n: int) -> Iterator[list[Outcome]]:
    fork = "fork" in get_all_start_methods()
    ctx = get_context("fork" if fork else "spawn")
    pending: dict[Future[list[Outcome]], list[Article]] = {}
    todo = list(reversed(work))
    left: list[list[Article]] = []
    broken = False
    with ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=None if fork else _init,
                             initargs=() if fork else (model,)) as pool:
        while (todo or pending) and not broken:
            while todo and len(pending) < 2 * n:  # a bounded queue: texts not all copied
                b = todo.pop()
                pending[pool.submit(extract_batch, b)] = b
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                batch = pending.pop(fut)
                try:
                    outcomes = fut.result()
                except BrokenProcessPool:  # a worker died: the pool is gone
                    broken = True
                    left.append(batch)
                    continue
                except Exception:  # noqa: BLE001 - e.g. a result that could not be sent back
                    left.append(batch)
                    continue
                yield outcomes
        left += list(pending.values()) + list(reversed(todo))
        if broken:
            pool.shutdown(wait=False, cancel_futures=True)
    if left:  # a worker died: finish here, one article at a time
        for b in left:
            yield [o for a in b for o in extract_batch([a])]
