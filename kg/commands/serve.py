"""`kg serve GRAPH`: the read-only SPARQL endpoint and the network page."""

from __future__ import annotations

import argparse
import os

HELP = ("Serve a built graph as a read-only SPARQL 1.1 Protocol endpoint at /sparql, "
        "with the network page at /.")


def _default_workers() -> int:
    return max(2, min(4, os.cpu_count() or 2))


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("graph", metavar="GRAPH", help="a build directory or an RDF file")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on; 0.0.0.0 exposes the endpoint to the network "
                        "(default: %(default)s)")
    p.add_argument("--port", type=int, default=7878, help="TCP port (default: %(default)s)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="stop any query running longer than this; the client gets 503 "
                        "(default: %(default)s)")
    p.add_argument("--workers", type=int, default=_default_workers(), metavar="N",
                   help="query worker processes, each holding the graph: N queries run at "
                        "once, a slow one never blocks the others (default: %(default)s)")
    p.add_argument("--max-body", type=int, default=1_000_000, metavar="BYTES",
                   help="largest request body or query accepted; larger gets 413 "
                        "(default: %(default)s)")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="a Host header name to accept besides localhost/127.0.0.1/::1 "
                        "(repeatable; e.g. behind a reverse proxy). Given, only listed "
                        "names are accepted whatever --host is")
    p.add_argument("--cors-origin", action="append", default=None, metavar="ORIGIN",
                   help="an origin browser clients may query from (repeatable; "
                        "default: any, so YASGUI and other web SPARQL clients work)")


def run(args: argparse.Namespace) -> int:
    from kg.errors import KgError
    from kg.graph.serve import Settings, serve

    if args.timeout <= 0 or args.workers < 1 or args.max_body < 1:
        raise KgError("--timeout, --workers and --max-body must be positive.")
    serve(args.graph, Settings(host=args.host, port=args.port, timeout=args.timeout,
                               workers=args.workers, max_body=args.max_body,
                               allow_hosts=args.allow_host,
                               cors_origins=args.cors_origin or ["*"]))
    return 0
