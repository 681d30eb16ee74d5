"""Load test for `kg serve`: N concurrent simple queries from T threads on loopback.

Starts a real `kg serve` process on a free port, fires the queries (a new connection per
query, as independent clients do), and prints a table of latency percentiles and errors.
Target (issue 12): 200 queries from 20 threads with p95 <= 100 ms and 0 errors.

    .venv/bin/python scripts/bench_serve.py [GRAPH] [--requests 200] [--threads 20]

GRAPH defaults to a build of the bundled sample (made in a temporary folder). Other
benchmarks can call `run_load(url, requests, threads)` on an endpoint they started.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

EXPLOSIVE = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
QUERY = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 5"
KG = Path(sys.executable).with_name("kg")


def _one(host: str, port: int, path: str) -> tuple[float, bool]:
    t = time.perf_counter()
    try:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
        ok = resp.status == 200 and body.startswith(b"{")
    except OSError:
        ok = False
    return time.perf_counter() - t, ok


def run_load(url: str, requests: int = 200, threads: int = 20,
             query: str = QUERY) -> dict[str, float]:
    """Fire REQUESTS queries at URL (…/sparql) from THREADS threads released together."""
    parts = urlsplit(url)
    path = f"{parts.path}?query={quote(query)}"
    times: list[float] = []
    errors = 0
    lock = threading.Lock()
    start = threading.Barrier(threads)
    per = [requests // threads + (1 if i < requests % threads else 0) for i in range(threads)]

    def client(n: int) -> None:
        nonlocal errors
        start.wait()
        for _ in range(n):
            dt, ok = _one(parts.hostname or "127.0.0.1", parts.port or 80, path)
            with lock:
                times.append(dt)
                errors += not ok

    workers = [threading.Thread(target=client, args=(n,)) for n in per]
    t0 = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall = time.perf_counter() - t0
    times.sort()
    pct = statistics.quantiles(times, n=100, method="inclusive")
    return {"requests": len(times), "threads": threads, "p50_ms": pct[49] * 1000,
            "p95_ms": pct[94] * 1000, "max_ms": times[-1] * 1000, "errors": errors,
            "per_s": len(times) / wall}


def start_server(graph: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    """A `kg serve GRAPH --port 0` process and its SPARQL URL (read from its first line)."""
    proc = subprocess.Popen([str(KG), "serve", str(graph), "--port", "0", *extra],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    m = re.search(r"(http://\S+/sparql)", line)
    if not m:
        proc.kill()
        raise SystemExit(f"kg serve did not start: {line!r}")
    return proc, m.group(1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graph", nargs="?", help="build DIR or RDF file (default: the sample)")
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--threads", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2, help="kg serve --workers")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(args.graph) if args.graph else Path(tmp) / "out"
        if not args.graph:
            subprocess.run([str(KG), "build", "--out", str(graph), "--model", "blank", "-q",
                            "--no-page"], check=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
        proc, url = start_server(graph, "--workers", str(args.workers), "--timeout", "20")
        try:
            run_load(url, 20, 4)  # warm-up
            rows = [("none", run_load(url, args.requests, args.threads))]
            # the same load while one cartesian-product query holds a worker
            parts = urlsplit(url)
            slow = threading.Thread(target=_one, args=(
                parts.hostname, parts.port, f"{parts.path}?query={quote(EXPLOSIVE)}"))
            slow.start()
            time.sleep(0.5)
            rows.append(("1 explosive query running", run_load(url, args.requests,
                                                               args.threads)))
            slow.join()
        finally:
            proc.terminate()
            proc.wait(10)
    print(f"kg serve load test: {graph}, {args.workers} query workers, loopback, "
          "a new connection per query")
    print("| meanwhile | requests | threads | p50 ms | p95 ms | max ms | errors | queries/s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for what, r in rows:
        print(f"| {what} | {r['requests']:.0f} | {r['threads']:.0f} | {r['p50_ms']:.1f} "
              f"| {r['p95_ms']:.1f} | {r['max_ms']:.1f} | {r['errors']:.0f} | {r['per_s']:.0f} |")
    return 0 if all(r["errors"] == 0 for _, r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
