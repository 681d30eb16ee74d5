"""Issue 9 benchmark: one table, every figure from this one run.

    .venv/bin/python scripts/bench.py [--articles N] [--ratio-articles 1500] [--corpus FILE]

1. bare spaCy: `nlp.pipe(texts, n_process=2)` on the first R corpus articles (the shipped
   model; model loading not timed) -> words/s;
2. kg end to end: `kg build` (a fresh folder, default options) on the same R articles, wall
   time of the whole process -> words/s, and the ratio to (1) (target >= 0.75); the same
   build with extraction on a Dask LocalCluster of 2 worker processes (`--scheduler`),
   when the dask extra is installed;
3. the "full" build: `kg build` on the first N-10 articles (N = --articles, default all
   21,930): wall time and peak RSS of the process tree (sampled from /proc every 0.2 s);
4. a no-op rebuild of (3) with the same input;
5. adding the 10 remaining articles (a second input file) to (3);
6. each named query without required parameters on (3): a cold `kg query DIR NAME` process
   (wall), warm p50 of 20 runs in one process on the store (Oxigraph), and warm p50 of
   --rdflib-runs runs with rdflib on the same graph (in a worker process, its one-time load
   shown apart, a run past --rdflib-timeout stopped and shown as "> T s"), and the speed-up.

7. `kg serve` on (3) under 200 simple queries from 20 threads on loopback
   (scripts/bench_serve.py): p50, p95 and errors.

Word counts are whitespace tokens of the corpus `text` field, the same numerator for (1)
and (2). The machine is shared: figures are pessimistic. Needs ../shared/data.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
KG = Path(sys.executable).with_name("kg")
# ../shared next to the checkout (or next to the folder of worktrees holding it)
CORPUS = next((p / "shared" / "data" / "news_corpus" / "click_id_articles.jsonl"
               for p in ROOT.parents if (p / "shared" / "data").is_dir()),
              ROOT.parent / "shared" / "data" / "news_corpus" / "click_id_articles.jsonl")


# --- measuring processes -------------------------------------------------------------------

def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat", "rb") as fh:
                    ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(d))
            except (OSError, ValueError, IndexError):
                continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    return total


LAST_CPU = [0.0]  # CPU seconds (user + sys) of the last run()'s process tree


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(cmd: list[str], *, env: dict | None = None) -> tuple[float, int, str]:
    """Run a command; (wall seconds, peak tree RSS bytes, stdout), and its CPU seconds
    (its own and its workers', which it waited for) in LAST_CPU[0]: on a shared machine
    CPU time is the less noisy figure. Fails loudly."""
    cpu0 = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.2)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    LAST_CPU[0] = _children_cpu() - cpu0
    done.set()
    t.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return wall, peak, out


# --- steps -----------------------------------------------------------------------------------

def read_corpus(path: Path, n: int) -> list[dict]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
                if len(out) >= n:
                    break
    return out


def write_jsonl(rows: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def words(rows: list[dict]) -> int:
    return sum(len(str(r.get("text", "")).split()) for r in rows)


def bare_spacy(rows: list[dict]) -> float:
    """words/s of the shipped model alone (`spacy.load`, as shipped: none of kg's rule or
    learned components, which kg.nlp.load_pipeline adds), two processes."""
    import spacy

    from kg.nlp import default_model_path

    nlp = spacy.load(default_model_path())
    texts = [str(r.get("text", "")) for r in rows]
    start = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=2, batch_size=64):
        pass
    return words(rows) / (time.perf_counter() - start)


def _rdflib_worker(conn, build: str) -> None:  # noqa: ANN001 - a multiprocessing Connection
    """Holds the graph as an rdflib Dataset and times the queries it is sent."""
    from kg.graph.query import run_query
    from kg.graph.store import open_dataset

    t = time.perf_counter()
    ds = open_dataset(build)
    conn.send(time.perf_counter() - t)
    from kg.graph.query import named_queries, parse_params

    declared = {n: q.params for n, q in named_queries().items()}
    while (job := conn.recv()) is not None:
        t = time.perf_counter()
        run_query(ds, job[1], parse_params([], declared.get(job[0], []), job[0]),
                  backend="rdflib", name=job[0])
        conn.send(time.perf_counter() - t)


class RdflibTimer:
    """rdflib in a worker process, so a query that runs for minutes can be stopped: past
    `timeout` seconds the worker is killed (and restarted for the next query)."""

    def __init__(self, build: Path, timeout: float) -> None:
        self.build, self.timeout = build, timeout
        self.load = self._start()

    def _start(self) -> float:
        import multiprocessing as mp

        self.conn, child = mp.Pipe()
        self.proc = mp.get_context("spawn").Process(target=_rdflib_worker,
                                                    args=(child, str(self.build)), daemon=True)
        self.proc.start()
        return self.conn.recv()

    def time(self, name: str, text: str) -> float | None:
        self.conn.send((name, text))
        if self.conn.poll(self.timeout):
            return self.conn.recv()
        self.proc.kill()
        self.proc.join()
        self._start()
        return None

    def close(self) -> None:
        self.conn.send(None)
        self.proc.join(timeout=10)


def query_times(build: Path, rdflib_runs: int, warm_runs: int, timeout: float,
                table: Table) -> None:
    """Per named query: a cold `kg query` process, warm p50 on the store (Oxigraph), and
    warm p50 with rdflib on the same graph (a run past `timeout` counts as '> timeout')."""
    from kg.graph.query import named_queries, parse_params, run_query
    from kg.graph.store import open_store

    names = [q for q in named_queries().values() if not any(p.required for p in q.params)]
    store = open_store(build)
    slow_engine = RdflibTimer(build, timeout) if rdflib_runs else None
    if slow_engine:
        table.add("rdflib: load the graph once (not in p50s)", f"{slow_engine.load:,.1f} s")
    for nq in names:
        text = nq.path.read_text(encoding="utf-8")
        binds = parse_params([], nq.params, nq.name)  # defaults, as `kg query` binds them
        cold, _, _ = run([str(KG), "query", str(build), nq.name, "--format", "csv"])
        warm = []
        for _ in range(warm_runs):
            t = time.perf_counter()
            run_query(store, text, binds, backend="oxigraph", name=nq.name)
            warm.append(time.perf_counter() - t)
        p50 = statistics.median(warm)
        value = f"{cold:,.2f} s / {p50 * 1000:,.1f} ms"
        if slow_engine:
            slow = [slow_engine.time(nq.name, text) for _ in range(rdflib_runs)]
            if None in slow:
                value += f"; rdflib > {timeout:.0f} s = > {timeout / p50:,.0f}x"
            else:
                s50 = statistics.median(slow)  # type: ignore[type-var]
                value += f"; rdflib p50 {s50 * 1000:,.0f} ms = {s50 / p50:,.0f}x"
        table.add(f"query {nq.name}: cold / warm p50", value, "<= 1 s / <= 100 ms")
    if slow_engine:
        slow_engine.close()


def dask_words_per_second(rows: list[dict], src: Path, work: Path) -> float | None:
    """kg build --scheduler against a LocalCluster of 2 worker processes on loopback, end to
    end (the cluster is started before the clock); None without the dask extra."""
    try:
        from distributed import LocalCluster
    except ImportError:
        return None
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=40) as cluster:
        wall, _, _ = run([str(KG), "build", str(src), "--out", str(work / "dask"), "-q",
                          "--no-page", "--scheduler", cluster.scheduler_address])
    return words(rows) / wall


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=21930,
                    help="corpus articles in the 'full' build (default: all 21,930)")
    ap.add_argument("--ratio-articles", type=int, default=1500,
                    help="articles for the bare-spaCy vs kg words/s comparison")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--rdflib-runs", type=int, default=3,
                    help="runs per query on rdflib (its p50; slow on big graphs)")
    ap.add_argument("--rdflib-timeout", type=float, default=60.0,
                    help="seconds after which an rdflib query run is stopped")
    ap.add_argument("--warm-runs", type=int, default=20)
    ap.add_argument("--keep", type=Path, help="keep the build folders here")
    args = ap.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"{args.corpus}: corpus not found (needs ../shared/data).")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows_all = read_corpus(args.corpus, max(args.articles, args.ratio_articles))
    ratio_rows = rows_all[: args.ratio_articles]
    full_rows = rows_all[: args.articles]
    if len(full_rows) <= 10:
        raise SystemExit("--articles must be more than 10.")
    table = Table(work)

    # 1-2: bare spaCy vs kg on the same articles
    bare = bare_spacy(ratio_rows)
    src = write_jsonl(ratio_rows, work / "ratio.jsonl")
    wall, _, _ = run([str(KG), "build", str(src), "--out", str(work / "ratio"), "-q"])
    e2e = words(ratio_rows) / wall
    n = len(ratio_rows)
    table.add(f"bare spacy.load model, n_process=2, {n} art.",
              f"{bare:,.0f} words/s")
    table.add(f"kg build end to end, same {n} articles", f"{e2e:,.0f} words/s")
    table.add("ratio kg / bare spaCy", f"{e2e / bare:.2f}", ">= 0.75")
    dask_wps = dask_words_per_second(ratio_rows, src, work)
    if dask_wps is not None:
        table.add(f"kg build on a Dask LocalCluster (2 workers), same {n} articles",
                  f"{dask_wps:,.0f} words/s")

    # 3-5: full build, no-op rebuild, +10 articles
    base = write_jsonl(full_rows[:-10], work / "base.jsonl")
    extra = write_jsonl(full_rows[-10:], work / "extra.jsonl")
    full = work / "full"
    nb = len(full_rows) - 10
    load0 = os.getloadavg()[0]
    wall, rss, _ = run([str(KG), "build", str(base), "--out", str(full), "-q"])
    table.add(f"full build, {nb} articles: wall", f"{wall:,.1f} s (load average {load0:.1f} "
              f"before, {os.getloadavg()[0]:.1f} after)", "<= 300 s")
    table.add(f"full build, {nb} articles: CPU user+sys", f"{LAST_CPU[0]:,.1f} s "
              f"(= {LAST_CPU[0] / 2:,.1f} s of 2 cores)", "<= 600 s")
    table.add(f"full build, {nb} articles: peak RSS", f"{rss / 2**30:.2f} GB", "<= 3 GB")
    wall, _, _ = run([str(KG), "build", str(base), "--out", str(full), "-q"])
    table.add("no-op rebuild", f"{wall:,.1f} s", "<= 5 s")
    wall, _, _ = run([str(KG), "build", str(base), str(extra), "--out", str(full), "-q"])
    table.add("adding 10 articles", f"{wall:,.1f} s", "<= 15 s")
    stats = json.loads((full / "stats.json").read_text(encoding="utf-8"))
    table.add("graph size (named-graph quads)", f"{stats.get('triples', 0):,}")

    # 6: named queries
    query_times(full, args.rdflib_runs, args.warm_runs, args.rdflib_timeout, table)

    # 7: the endpoint under load on the same build (scripts/bench_serve.py)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_serve

    proc, url = bench_serve.start_server(full)
    try:
        load = bench_serve.run_load(url)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    table.add("kg serve: 200 queries from 20 threads, p50 / p95",
              f"{load['p50_ms']:.1f} / {load['p95_ms']:.1f} ms, {load['errors']} errors",
              "p95 <= 100 ms, 0 errors")
    return 0


class Table:
    """The one table, printed row by row as each figure is measured (a long run that is
    stopped still shows what it measured)."""

    def __init__(self, work: Path) -> None:
        print(f"kg benchmark (issue 9), {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} "
              f"cores (shared machine: pessimistic); build folders in {work}")
        print(f"| {'measure':<44} | {'value':<60} | target |")
        print(f"| {'-' * 44} | {'-' * 60} | ------ |", flush=True)

    def add(self, measure: str, value: str, target: str = "") -> None:
        print(f"| {measure:<44} | {value:<60} | {target} |", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
