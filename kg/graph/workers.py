"""Query worker processes for `kg serve`: every query runs in a process that can be killed.

A thread running a query inside Oxigraph cannot be interrupted, so a time limit needs a
process: each worker loads the graph once and answers queries one at a time over a pipe.
A query that outlives its time limit gets its worker killed (SIGKILL) and a fresh worker
started in the background, while the other workers keep answering. Workers also drop
their network access at start (a new, empty network namespace, where Linux allows it), a
second wall behind the endpoint's refusal of SERVICE: a worker could not reach any
address even if a query asked it to.
"""

from __future__ import annotations

import asyncio
import ctypes
import multiprocessing as mp
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from kg.errors import KgError
from kg.graph.negotiate import GRAPH_TYPES, RESULT_TYPES, choose

_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000
STARTUP_LIMIT_S = 600.0


@dataclass
class Job:
    query: str
    accept: str | None = None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


@dataclass
class Answer:
    status: int
    media_type: str
    body: bytes


def _text(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", message.encode("utf-8") + b"\n")


def _one_line(exc: BaseException) -> str:
    msg = " ".join(str(exc).split()) or exc.__class__.__name__
    return msg if len(msg) <= 200 else msg[:197] + "..."


def isolate_network() -> bool:
    """Move this (single-threaded, just started) process into an empty network namespace."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        flags = _CLONE_NEWNET if os.geteuid() == 0 else _CLONE_NEWUSER | _CLONE_NEWNET
        return libc.unshare(flags) == 0
    except (OSError, AttributeError):
        return False


def run_job(store: object, job: Job) -> Answer:
    """Run one query on STORE and serialise it in the format the client prefers."""
    import pyoxigraph as ox

    kwargs: dict[str, object] = {}
    if job.default_graphs or job.named_graphs:  # a protocol dataset replaces the store's
        kwargs["default_graph"] = [ox.NamedNode(u) for u in job.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(u) for u in job.named_graphs]
    try:
        result = store.query(job.query, **kwargs)  # type: ignore[attr-defined]
    except SyntaxError as exc:
        return _text(400, f"malformed query: {_one_line(exc)}")
    except Exception as exc:  # noqa: BLE001 - Oxigraph raises OSError/RuntimeError/ValueError
        return _text(500, f"the query failed: {_one_line(exc)}")
    graph = isinstance(result, ox.QueryTriples)
    offers = GRAPH_TYPES if graph else RESULT_TYPES
    picked = choose(job.accept, offers)
    if picked is None:
        kinds = ", ".join(dict.fromkeys(m for m, _ in offers))
        return _text(406, f"no acceptable format in Accept; this query can answer as {kinds}")
    media, fmt = picked
    fmt_obj = getattr(ox.RdfFormat if graph else ox.QueryResultsFormat, fmt)
    try:
        body = result.serialize(format=fmt_obj) or b""
    except Exception as exc:  # noqa: BLE001 - evaluation is lazy: errors surface here
        return _text(500, f"the query failed: {_one_line(exc)}")
    if media.startswith("text/") or media.endswith("xml"):
        media += "; charset=utf-8"
    return Answer(200, media, body)


def _worker_main(conn: Connection, graph: str) -> None:
    try:
        _serve_jobs(conn, graph)
    except (EOFError, OSError, KeyboardInterrupt):
        pass  # the endpoint went away (stopped, killed): nothing left to answer


def _serve_jobs(conn: Connection, graph: str) -> None:
    isolated = isolate_network()
    from kg.graph.store import open_store

    try:
        store = open_store(graph)  # read-only; the union of the articles in the default graph
    except KgError as exc:
        conn.send(("error", str(exc)))
        return
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one sentence
        conn.send(("error", f"{graph}: cannot be loaded ({_one_line(exc)})."))
        return
    conn.send(("ready", isolated))
    while True:
        conn.send(run_job(store, conn.recv()))


class _Worker:
    def __init__(self, graph: str) -> None:
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, graph), daemon=True,
                                name="kg-serve-query")
        self.proc.start()
        child.close()
        if not self.conn.poll(STARTUP_LIMIT_S):
            self.kill()
            raise KgError(f"{graph}: a query worker did not start within {STARTUP_LIMIT_S:.0f} s.")
        try:
            kind, detail = self.conn.recv()
        except (EOFError, OSError) as exc:
            self.kill()
            raise KgError(f"{graph}: a query worker died while loading the graph.") from exc
        if kind != "ready":
            self.kill()
            raise KgError(detail)
        self.isolated = bool(detail)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class _Timeout(Exception):
    pass


class QueryPool:
    """SIZE worker processes over GRAPH; `await run(job)` answers within TIMEOUT seconds."""

    def __init__(self, graph: str | Path, size: int = 2, timeout: float = 30.0,
                 fallback: str | Path | None = None) -> None:
        self.graph, self.size, self.timeout = str(graph), max(1, size), timeout
        self.fallback = str(fallback) if fallback is not None else None  # if GRAPH vanishes
        self._workers: list[_Worker] = []
        self._idle: asyncio.Queue[_Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._threads = ThreadPoolExecutor(self.size, thread_name_prefix="kg-serve-pipe")
        self._lock = threading.Lock()
        self._closed = False
        self.isolated = False
        self.replaced = 0

    def start(self) -> None:
        """Start every worker and wait until each has loaded the graph (errors: KgError)."""
        with ThreadPoolExecutor(self.size) as ex:
            futures = [ex.submit(_Worker, self.graph) for _ in range(self.size)]
            errors = []
            for f in futures:
                try:
                    self._workers.append(f.result())
                except KgError as exc:
                    errors.append(exc)
        if errors:
            self.close()
            raise errors[0]
        self.isolated = all(w.isolated for w in self._workers)

    async def run(self, job: Job) -> Answer:
        loop = asyncio.get_running_loop()
        if self._idle is None:
            self._loop, self._idle = loop, asyncio.Queue()
            for w in self._workers:
                self._idle.put_nowait(w)
        deadline = time.monotonic() + self.timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            return _text(503, f"all {self.size} query workers stayed busy for "
                              f"{self.timeout:g} s; try again later")
        return await loop.run_in_executor(self._threads, self._exchange, worker, job, deadline)

    def _exchange(self, worker: _Worker, job: Job, deadline: float) -> Answer:
        """Runs in a pipe thread; puts the worker back (or a fresh one) whatever happens."""
        try:
            worker.conn.send(job)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                raise _Timeout
            answer = worker.conn.recv()
        except _Timeout:
            self._replace(worker)
            return _text(503, f"the query ran longer than the {self.timeout:g} s limit and "
                              "was stopped")
        except (EOFError, OSError):
            self._replace(worker)
            return _text(500, "the query worker died while running the query")
        self._give_back(worker)
        return answer

    def _give_back(self, worker: _Worker) -> None:
        assert self._loop is not None and self._idle is not None
        try:
            self._loop.call_soon_threadsafe(self._idle.put_nowait, worker)
        except RuntimeError:  # the event loop has stopped: the endpoint is shutting down
            worker.kill()

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._workers.remove(worker)
            self.replaced += 1
        threading.Thread(target=self._respawn, daemon=True, name="kg-serve-respawn").start()

    def _respawn(self) -> None:
        while not self._closed:
            try:
                fresh = _Worker(self.graph)
            except KgError as exc:
                if self.fallback and self.fallback != self.graph:
                    self.graph = self.fallback  # e.g. a rebuild removed the old generation
                    continue
                print(f"kg serve: {exc}", file=sys.stderr, flush=True)
                time.sleep(5)
                continue
            with self._lock:
                if self._closed:
                    fresh.kill()
                    return
                self._workers.append(fresh)
            self._give_back(fresh)
            return

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers, self._workers = self._workers, []
        for w in workers:
            w.kill()
        self._threads.shutdown(wait=False, cancel_futures=True)
