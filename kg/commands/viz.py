"""`kg viz GRAPH --out FILE.html`: redraw the network page with a focus or filters."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = ("Write the interactive network page for a graph, optionally around one entity "
        "(--focus) or limited by type, degree, confidence or size.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("graph", metavar="GRAPH", help="a build directory or an RDF file")
    p.add_argument("--out", metavar="FILE.html",
                   help="page to write (default: graph.html in the build directory, or "
                        "<focus-name>.html with --focus; beside GRAPH when it is a file)")
    p.add_argument("--focus", metavar="NAME",
                   help="only this entity (any of its names or aliases) and its neighbourhood")
    p.add_argument("--depth", type=int, default=1, metavar="K",
                   help="steps around --focus to include (default 1)")
    p.add_argument("--types", metavar="T[,T...]",
                   help="entity types to keep: Person, Organization, Place, Event, Post")
    p.add_argument("--min-degree", type=int, default=0, metavar="N",
                   help="keep entities with at least N relations")
    p.add_argument("--min-confidence", type=float, default=0.0, metavar="X",
                   help="keep entities with confidence >= X (0..1)")
    p.add_argument("--since", metavar="YYYY-MM-DD",
                   help="only the articles published on or after this day")
    p.add_argument("--until", metavar="YYYY-MM-DD",
                   help="only the articles published on or before this day")
    p.add_argument("--top", type=int, default=None, metavar="N",
                   help="draw the N most central entities first; the rest stay searchable "
                        "(default: all up to 400 entities, else 300)")


def parse_types(value: str | None) -> set[str] | None:
    """`Person,Organization` (any case, commas or spaces) -> {'Person', 'Organization'}."""
    from kg.netgraph import check_types

    if value is None:
        return None
    return check_types([t for t in value.replace(",", " ").split() if t])


def default_out(graph: str, focus: str | None) -> Path:
    """The build's own page, or a page named after the focus, next to the graph."""
    from kg.rdf import slugify

    g = Path(graph)
    folder = g if g.is_dir() else g.parent
    return folder / (f"{slugify(focus)}.html" if focus else "graph.html")


def run(args: argparse.Namespace) -> int:
    from kg.errors import KgError
    from kg.graph.dates import check_day, store_in_range
    from kg.graph.store import open_store
    from kg.viz import write_page

    if not 0.0 <= args.min_confidence <= 1.0:
        raise KgError(f"--min-confidence {args.min_confidence} is outside 0..1.")
    if args.min_degree < 0:
        raise KgError(f"--min-degree {args.min_degree}: give 0 or more relations.")
    types = parse_types(args.types)
    since, until = check_day(args.since, "--since"), check_day(args.until, "--until")
    # the store (a build's, or an RDF file loaded into memory), read by SPARQL
    store = open_store(args.graph)
    if since or until:
        store = store_in_range(store, since, until)
    try:
        target = Path(args.out) if args.out else default_out(args.graph, args.focus)
        out = write_page(store, target, focus=args.focus, depth=args.depth, types=types,
                         min_degree=args.min_degree, top=args.top,
                         min_confidence=args.min_confidence)
    except OSError as exc:
        raise KgError(f"{target}: cannot write the page ({exc.strerror}).") from exc
    print(f"{out} ({out.stat().st_size / 1e6:.1f} MB): open it in a browser; it works offline.")
    return 0
