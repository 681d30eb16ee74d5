"""`kg stats GRAPH`: central people and organisations, communities, components, a chart."""

from __future__ import annotations

import argparse

HELP = ("Network analysis of a graph: most central people and organisations, communities, "
        "connected components, and a PNG chart of the top entities.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("graph", metavar="GRAPH", help="a build directory or an RDF file")
    p.add_argument("--top", type=int, default=10, metavar="N",
                   help="entities per list and communities shown (default 10)")
    p.add_argument("--chart", metavar="FILE.png",
                   help="where to write the chart (default: top-entities.png in the build "
                        "directory, or beside the RDF file)")
    p.add_argument("--no-chart", action="store_true", help="do not write the chart")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text (default) or json on stdout")


def run(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from kg.errors import KgError
    from kg.graph.store import open_dataset
    from kg.stats import analyse, render_text, write_chart

    if args.top < 1:
        raise KgError(f"--top {args.top}: give a positive number of entities.")
    report = analyse(open_dataset(args.graph), top=args.top)
    if args.format == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_text(report), end="")
    if not args.no_chart:
        src = Path(args.graph)
        chart = Path(args.chart) if args.chart else (
            src / "top-entities.png" if src.is_dir()
            else src.with_name(f"{src.stem}-top-entities.png"))
        try:
            write_chart(report, chart)
        except OSError as exc:
            raise KgError(f"{chart}: cannot write the chart ({exc.strerror}).") from exc
        if args.format == "text":
            print(f"chart: {chart}")
    return 0
