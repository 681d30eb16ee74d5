"""`kg remove DIR ID...`: take articles out of a build (their named graphs and facts)."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = ("Remove articles from a build by id: their named graphs leave the store and "
        "graph.trig, and entities only they mentioned go too.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", metavar="DIR", help="a build directory")
    p.add_argument("ids", metavar="ID", nargs="+",
                   help="article ids as the build knows them (schema:identifier: the .jsonl "
                        "id, else the input file's path)")
    p.add_argument("--model", default=None,
                   help="the --model the build was made with (default: shipped model)")
    p.add_argument("--no-page", action="store_true", help="skip rewriting graph.html")


def run(args: argparse.Namespace) -> int:
    from kg.errors import KgError
    from kg.graph.store import committed_store
    from kg.pipeline import build

    out = Path(args.dir)
    if committed_store(out) is None:
        raise KgError(f"{out}: is not a build directory with a store (run kg build first).")
    report = build([], out, model=args.model, remove=args.ids, progress=False,
                   write_page=not args.no_page)
    print(f"{report.removed} article(s) removed; {report.entities} entities, "
          f"{report.triples} triples left -> {out / 'graph.trig'}")
    return 0 if report.removed else 1
