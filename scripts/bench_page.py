#!/usr/bin/env python3
"""Measure the network page: its size and its time to interactive in headless Chromium.

Why: the page must open and become usable in <= 3 s for the whole corpus; this
writes the page for each graph given (a built DIR or RDF file, or a seeded synthetic
corpus), opens it from file:// in Debian's Chromium through Playwright, and prints a table.
"Interactive" is the moment page.js sets `kg.ready`: data parsed, controls wired, layout
stabilised and physics frozen. Time is `performance.now()` then (from navigation start).

    .venv/bin/python scripts/bench_page.py output                 # a built graph dir
    .venv/bin/python scripts/bench_page.py --synthetic 500 5000   # generated corpora
    .venv/bin/python scripts/bench_page.py output --screenshot docs/graph.png
    .venv/bin/python scripts/bench_page.py --fixture sample --runs 1 \
        --select "Ridwan Kamil" --screenshot docs/graph.png       # the picture in the docs

A build DIR is opened as its Oxigraph store and read as `kg build` and `kg viz` read it
(kg.netread). A second table gives wall and CPU seconds of each step of writing the page
(read, ties, PageRank, communities, layout + HTML, write): on a shared machine the CPU
figures are the comparable ones. The page is written to a temporary folder unless --out
is given, so a build's own graph.html is left alone. Exit status 1 when any page misses
--budget seconds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

CHROMIUM = "/usr/bin/chromium"
# what the first view shows: [nodes in the largest connected component, nodes shown,
# labels drawn at >= 8 px inside the canvas]
FIRST_VIEW = """() => {
  const ids = kg.nodes.getIds().filter((i) => !kg.nodes.get(i).hidden), up = new Map();
  ids.forEach((i) => up.set(i, i));
  const find = (i) => { while (up.get(i) !== i) i = up.get(i); return i; };
  for (const e of kg.edges.get()) {
    if (!e.hidden && up.has(e.from) && up.has(e.to)) up.set(find(e.from), find(e.to));
  }
  const size = new Map();
  ids.forEach((i) => size.set(find(i), (size.get(find(i)) || 0) + 1));
  return [Math.max(0, ...size.values()), ids.length,
          kg.labels().filter((l) => l.px >= 8 && l.inView).length];
}"""
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _graph(source: str, synthetic: int | None):  # noqa: ANN202 - Dataset or ox.Store
    """What `kg.viz.write_page` is given for SOURCE, and its number of articles.

    A build DIR (or RDF file) is its Oxigraph store, as `kg build` and `kg viz` hand it
    over; fixtures and synthetic corpora are rdflib Datasets made in memory.
    """
    from kg.rdf import build_dataset

    if source.startswith("fixture-"):
        import graph_fixtures

        exs, res = getattr(graph_fixtures, source.removeprefix("fixture-"))()
        return build_dataset(exs, res), len(exs)
    if synthetic is not None:
        from graph_fixtures import synthetic as make

        return build_dataset(*make(synthetic)), synthetic
    from kg.graph.store import open_store

    store = open_store(source)
    [row] = store.query("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE "
                        "{ ?a a <https://schema.org/NewsArticle> }")
    return store, int(row["n"].value)


class Clock:
    """Wall and CPU seconds of each step of writing a page, in the order they ran."""

    def __init__(self) -> None:
        self.steps: dict[str, tuple[float, float]] = {}

    def run(self, name: str, fn, *args, **kw):  # noqa: ANN001, ANN002, ANN003, ANN201
        w, c = time.perf_counter(), time.process_time()
        out = fn(*args, **kw)
        self.steps[name] = (time.perf_counter() - w, time.process_time() - c)
        return out


def write_timed(graph, page: Path, top: int | None) -> tuple[Clock, object]:  # noqa: ANN001
    """Write the page as `kg.viz.write_page` does, one step at a time, timing each:
    reading the graph, the ties, PageRank, communities, then layout and HTML (cached
    results of the earlier steps are reused by `render_page`, as in one write_page)."""
    from kg.cache import atomic_write
    from kg.netgraph import communities, ranking, tie_network
    from kg.viz import network_of, render_page

    clock = Clock()
    G = clock.run("read", network_of, graph)
    clock.run("ties", tie_network, G)
    clock.run("pagerank", ranking, G)
    clock.run("communities", communities, G)
    html = clock.run("layout+html", render_page, G, top=top)
    clock.run("write", atomic_write, page, html)
    return clock, G


def measure(page_path: Path, browser, runs: int, screenshot: Path | None,  # noqa: ANN001
            select: str | None = None) -> dict[str, float]:
    """Open the page `runs` times in fresh contexts; median load and ready times in ms."""
    loads, readies, drawn, errors = [], [], 0, 0
    for r in range(runs):
        ctx = browser.new_context(viewport={"width": 1400, "height": 900})
        page = ctx.new_page()
        page.on("pageerror", lambda _e: None)
        errs: list[str] = []
        page.on("console", lambda m, errs=errs: errs.append(m.text) if m.type == "error" else None)
        page.goto(page_path.resolve().as_uri(), wait_until="load", timeout=120_000)
        page.wait_for_function("() => window.kg && window.kg.ready", timeout=120_000, polling=50)
        t = page.evaluate("[performance.getEntriesByType('navigation')[0].loadEventEnd,"
                          " kg.readyAt, kg.network.body.nodeIndices.length]")
        largest, shown, readable = page.evaluate(FIRST_VIEW)
        loads.append(t[0])
        readies.append(t[1])
        drawn, errors = int(t[2]), errors + len(errs)
        if screenshot is not None and r == 0:
            if select:
                page.fill("#kg-search", select)
                page.press("#kg-search", "Enter")
            page.wait_for_timeout(600)
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot))
        ctx.close()
    return {"load_ms": statistics.median(loads), "ready_ms": statistics.median(readies),
            "drawn": drawn, "console_errors": errors,
            "largest": largest / shown if shown else 0.0, "readable": readable}


def _table(head: list[str], body: list[list[str]]) -> None:
    table = [head, *body]
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    for j, row in enumerate(table):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths, strict=True))))
        if j == 0:
            print("  ".join("-" * w for w in widths))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graphs", nargs="*", metavar="GRAPH", help="built graph dirs or RDF files")
    ap.add_argument("--synthetic", nargs="*", type=int, default=[], metavar="N",
                    help="also bench seeded synthetic corpora of N articles")
    ap.add_argument("--fixture", nargs="*", default=[], choices=("sample", "hostile"),
                    help="also bench the test fixtures (tests/graph_fixtures.py)")
    ap.add_argument("--select", metavar="NAME", help="search NAME before the screenshot")
    ap.add_argument("--runs", type=int, default=3, help="page loads per graph (median)")
    ap.add_argument("--top", type=int, default=None, help="entities drawn (default: page's)")
    ap.add_argument("--out", type=Path, default=None, help="write the (last) page here")
    ap.add_argument("--screenshot", type=Path, default=None, help="PNG of the first graph")
    ap.add_argument("--budget", type=float, default=3.0, help="seconds allowed to interactive")
    args = ap.parse_args(argv)
    if not args.graphs and not args.synthetic and not args.fixture:
        ap.error("give a GRAPH, --fixture NAME or --synthetic N")
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: apt-get install -y chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    jobs = ([(g, None) for g in args.graphs] + [(f"fixture-{f}", None) for f in args.fixture]
            + [(f"synthetic-{n}", n) for n in args.synthetic])
    rows, steps = [], []
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for k, (name, n) in enumerate(jobs):
                t0 = time.perf_counter()
                graph, n_articles = _graph(name, n)
                t_open = time.perf_counter() - t0
                page = args.out if args.out and k == len(jobs) - 1 else tmp / f"page{k}.html"
                clock, G = write_timed(graph, page, args.top)
                m = measure(page, browser, args.runs, args.screenshot if k == 0 else None,
                            args.select)
                wall = sum(w for w, _c in clock.steps.values())
                cpu = sum(c for _w, c in clock.steps.values())
                rows.append([name, n_articles, G.number_of_nodes(), G.number_of_edges(),
                             m["drawn"], m["largest"], m["readable"],
                             page.stat().st_size / 1e6, t_open, wall, cpu,
                             m["load_ms"] / 1000, m["ready_ms"] / 1000, m["console_errors"]])
                steps.append((name, clock))
            browser.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    head = ["graph", "articles", "entities", "relations", "drawn", "largest comp",
            "labels >=8px", "page MB", "open s", "write s", "write cpu s", "onload s",
            "interactive s", "errors"]
    _table(head, [[r[0], *(f"{x:.2f}" if isinstance(x, float) else str(x) for x in r[1:])]
                  for r in rows])
    print()
    names = list(steps[0][1].steps) if steps else []
    _table(["graph", *[f"{s} s (cpu)" for s in names]],
           [[g, *(f"{c.steps[s][0]:.2f} ({c.steps[s][1]:.2f})" for s in names)]
            for g, c in steps])
    slow = [r[0] for r in rows if r[12] > args.budget or r[13]]
    if slow:
        print(f"over the {args.budget:g} s budget or with console errors: {', '.join(slow)}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
