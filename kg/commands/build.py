"""`kg build INPUT... --out DIR`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = ("Build the knowledge graph from articles (files, folders, .jsonl); "
        "no INPUT = the bundled sample.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help=".txt/.md/.html/.jsonl files or folders (default: the bundled sample)")
    p.add_argument("--out", default="output", help="build directory (default: output)")
    p.add_argument("--model", default=None,
                   help="spaCy model directory, or 'blank' for rules only (default: shipped model)")
    p.add_argument("--min-confidence", type=float, default=0.0,
                   help="drop entities and relations below this confidence (0..1)")
    p.add_argument("--prune", action="store_true",
                   help="also drop the articles earlier runs added that these INPUTs no longer "
                        "contain (default: a run only adds and updates)")
    p.add_argument("--no-page", action="store_true", help="skip writing graph.html")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="extract on this running Dask cluster (dask scheduler / dask worker) "
                        "instead of local processes; the graph is the same")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="extraction processes (default: one per core)")
    p.add_argument("--reresolve", action="store_true",
                   help="resolve every article again instead of matching only new ones "
                        "against the entity index (IRIs are kept; automatic when the rules "
                        "or the model changed)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    from kg.errors import KgError
    from kg.paths import package_file
    from kg.pipeline import build

    if not 0.0 <= args.min_confidence <= 1.0:
        raise KgError(f"--min-confidence {args.min_confidence} is outside 0..1.")
    if args.workers is not None and args.workers < 1:
        raise KgError(f"--workers {args.workers}: give one process or more.")
    inputs = args.inputs or [package_file("sample")]
    report = build(inputs, args.out, model=args.model, min_confidence=args.min_confidence,
                   progress=not args.quiet, write_page=not args.no_page,
                   reresolve=True if args.reresolve else None, workers=args.workers,
                   prune=args.prune, scheduler=args.scheduler)
    out = Path(args.out)
    print(f"{report.articles} articles read ({report.processed} processed, {report.reused} "
          f"unchanged); the graph holds {report.in_graph} articles, {report.entities} entities, "
          f"{report.triples} triples -> {out / 'graph.trig'}"
          + ("" if args.no_page else f", {out / 'graph.html'}"))
    if report.page_behind:
        print(f"{out / 'graph.html'} does not show the last {report.page_behind} article(s) "
              f"yet (a small build leaves it for later); `kg viz {out}` redraws it.")
    if report.removed:
        print(f"{report.removed} article(s) no longer in the inputs removed (--prune).")
    if report.errors:
        print(f"{len(report.errors)} input(s) skipped; see messages above.", file=sys.stderr)
    if report.articles == 0 or (report.processed == 0 and report.reused == 0):
        raise KgError("no article could be read from the input(s) given.")
    return 0
