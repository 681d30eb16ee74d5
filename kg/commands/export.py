"""`kg export DIR --format F --out PATH`: the graph for Gephi, Cytoscape, pandas, the web."""

from __future__ import annotations

import argparse

HELP = ("Export the graph for other tools: GraphML or GEXF (Gephi, Cytoscape), CSV "
        "(nodes.csv + edges.csv for pandas and Gephi), JSON-LD (web), N-Quads (triple stores).")


# kept here too, not imported from kg.export: building the command line must stay cheap
# (kg.export pulls in networkx); tests check the two lists agree
FORMATS = ("graphml", "gexf", "csv", "jsonld", "nquads")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("graph", metavar="DIR", help="a build directory or an RDF file")
    p.add_argument("--format", required=True, choices=FORMATS, help="the export format")
    p.add_argument("--out", required=True, metavar="PATH",
                   help="the file to write (for csv: a folder that receives nodes.csv and "
                        "edges.csv)")
    p.add_argument("--co-mentions", action="store_true",
                   help="graphml/gexf/csv: also tie entities mentioned in the same article "
                        "(kind coMention, weight = number of articles)")


def run(args: argparse.Namespace) -> int:
    import sys

    from kg.export import export
    from kg.graph.store import open_dataset as load_dataset

    written = export(load_dataset(args.graph), args.format, args.out,
                     co_mentions=args.co_mentions)
    print(", ".join(str(p) for p in written), file=sys.stderr)
    return 0
