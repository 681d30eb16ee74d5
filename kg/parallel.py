"""Extraction on every core: a pool of worker processes, each loading the pipeline once.

Each worker gets a batch of articles, runs spaCy and kg's extractor on them and sends
back, per article, either the finished cache line (JSON text, made in the worker so the
main process only appends it to the journal) or one error sentence. Docs never cross a
process boundary. One failing article is reported and skipped: a batch that spaCy cannot
take whole is retried article by article inside the worker, and if a worker dies (killed,
out of memory) the articles it held are extracted one by one in the main process.
Small jobs run in-process: starting workers costs a model load each.

Articles come as a stream (kg.pipeline ingests and cleans them as it goes): each batch is
handed to the pool as soon as it is full, so the workers start on the first batch while
the main process is still reading the input, rather than after all of it.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
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


def _words(a: Article) -> int:
    return len(a.text) // 7  # about 7 characters a word in Indonesian news


def iter_batches(articles: Iterable[Article], words: int = BATCH_WORDS) -> Iterator[list[Article]]:
    """Batches of about `words` words, each given as soon as it is full."""
    out: list[Article] = []
    size = 0
    for a in articles:
        if out and size >= words:
            yield out
            out, size = [], 0
        out.append(a)
        size += _words(a)
    if out:
        yield out


def batches(articles: Sequence[Article], words: int = BATCH_WORDS) -> list[list[Article]]:
    return list(iter_batches(articles, words))


def extract(articles: Iterable[Article], model: str | None, workers: int | None = None,
            batch_words: int = BATCH_WORDS, min_parallel_words: int = MIN_PARALLEL_WORDS,
            ) -> Iterator[list[Outcome]]:
    """Extract `articles` (a list or a stream), yielding each batch's outcomes as it
    finishes (in any order)."""
    n = workers or default_workers()
    _init(model)  # forked workers inherit it: the model is loaded once, its memory shared
    work = iter_batches(articles, batch_words)
    head: list[list[Article]] = []  # read until a pool is known to pay
    total = 0
    for b in work:
        head.append(b)
        total += sum(map(_words, b))
        if total >= min_parallel_words and len(head) > 1:
            break
    if n <= 1 or len(head) <= 1 or total < min_parallel_words:
        for b in itertools.chain(head, work):
            yield extract_batch(b)
        return
    yield from _pooled(itertools.chain(head, work), model, n)


def _pooled(work: Iterator[list[Article]], model: str | None, n: int) -> Iterator[list[Outcome]]:
    """Every batch is submitted as it comes (the pool pickles a task only when a worker is
    about to take it, so waiting tasks cost no copy); finished ones are yielded meanwhile."""
    fork = "fork" in get_all_start_methods()
    ctx = get_context("fork" if fork else "spawn")
    pending: dict[Future[list[Outcome]], list[Article]] = {}
    left: list[list[Article]] = []
    broken = False

    def finished(block: bool) -> Iterator[list[Outcome]]:
        nonlocal broken
        if not pending:
            return
        done, _ = wait(pending, timeout=None if block else 0, return_when=FIRST_COMPLETED)
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

    with ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=None if fork else _init,
                             initargs=() if fork else (model,)) as pool:
        for i, b in enumerate(work):
            try:
                pending[pool.submit(extract_batch, b)] = b
            except BrokenProcessPool:
                broken = True
                left.append(b)
                break
            if i % 8 == 7:
                yield from finished(block=False)
        while pending and not broken:
            yield from finished(block=True)
        left += list(pending.values()) + list(work)
        if broken:
            pool.shutdown(wait=False, cancel_futures=True)
    if left:  # a worker died: finish here, one article at a time
        for b in left:
            yield [o for a in b for o in extract_batch([a])]
