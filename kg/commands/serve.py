"""`kg serve GRAPH`."""

from __future__ import annotations

import argparse

HELP = "Serve a built graph as a read-only SPARQL 1.1 endpoint (/sparql) with the page at /."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("graph", metavar="GRAPH", help="a build directory or an RDF file")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7878)


def run(args: argparse.Namespace) -> int:
    from kg.serve import serve

    serve(args.graph, args.host, args.port)
    return 0
