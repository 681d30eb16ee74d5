"""`kg query GRAPH QUERY`: SPARQL over a built graph, with named queries and --param."""

from __future__ import annotations

import argparse
import sys

from kg.errors import KgError

HELP = ("Run SPARQL over a built graph: a .rq file, a SPARQL string, or a named query "
        "(see --list).")


def add_arguments(p: argparse.ArgumentParser) -> None:
    from kg.graph.query import BACKENDS, FORMATS

    p.add_argument("graph", metavar="GRAPH", nargs="?", help="a build directory or an RDF file")
    p.add_argument("query", metavar="QUERY", nargs="?",
                   help="a .rq file, a SPARQL string, or a named query such as 'people-posts'")
    p.add_argument("--format", "-f", choices=FORMATS, default="table",
                   help="SELECT/ASK: table (default, for people), csv, tsv or json (SPARQL 1.1 "
                        "results JSON); CONSTRUCT/DESCRIBE: turtle (default), ntriples or jsonld")
    p.add_argument("--param", "-p", action="append", metavar="NAME=VALUE", default=[],
                   help="bind ?NAME to VALUE (a string; <...> for an IRI); never pasted into "
                        "the query text, so any value is safe; repeatable")
    p.add_argument("--backend", choices=BACKENDS, default="auto",
                   help="query engine: rdflib, oxigraph (fast on big graphs) or auto (by size)")
    p.add_argument("--since", metavar="YYYY-MM-DD",
                   help="only the articles published on or after this day")
    p.add_argument("--until", metavar="YYYY-MM-DD",
                   help="only the articles published on or before this day")
    p.add_argument("--list", action="store_true", help="list the named queries and exit")


def run(args: argparse.Namespace) -> int:
    from kg.graph.dates import check_day
    from kg.graph.query import format_result, named_queries, parse_params, resolve_query, run_query

    if args.list:
        for nq in named_queries().values():
            params = ", ".join(f"?{p.name}{'' if p.required else ' (optional)'}"
                               for p in nq.params)
            print(f"{nq.name:<15} {nq.summary}" + (f" [params: {params}]" if params else ""))
        return 0
    if not args.graph or not args.query:
        raise KgError("give a GRAPH (build directory or RDF file) and a QUERY, or --list.")
    text, name, declared = resolve_query(args.query)
    bindings = parse_params(args.param, declared, name, text)
    since, until = check_day(args.since, "--since"), check_day(args.until, "--until")
    result = run_query(args.graph, text, bindings, backend=args.backend, name=name,
                       since=since, until=until)
    out = format_result(result, args.format)
    try:
        sys.stdout.write(out)
        sys.stdout.flush()
    except BrokenPipeError:  # `kg query ... | head` is normal use, not an error
        return 0
    return 0
