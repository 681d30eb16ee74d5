"""`kg correct DIR --merge A B` etc.: record a correction and rebuild from the cache."""

from __future__ import annotations

import argparse

HELP = ("Correct the graph once, for every rebuild: merge two entities, split an alias off, "
        "set a type, drop a non-entity, add or remove a post someone holds. Corrections are "
        "kept in DIR/corrections.csv and applied by every build.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("graph", metavar="DIR", help="a build directory")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--merge", nargs=2, metavar=("A", "B"), help="B is the same as A (A kept)")
    g.add_argument("--split", nargs=2, metavar=("NAME", "ALIAS"),
                   help="the mentions written ALIAS are another entity than NAME")
    g.add_argument("--type", nargs=2, metavar=("NAME", "TYPE"),
                   help="NAME is of TYPE (Person, Organization, Place, Event, Post)")
    g.add_argument("--not-entity", metavar="NAME", help="NAME is not an entity: drop it")
    g.add_argument("--holds", nargs=2, metavar=("PERSON", "POST"), help="PERSON holds POST")
    g.add_argument("--not-holds", nargs=2, metavar=("PERSON", "POST"),
                   help="PERSON does not hold POST")
    g.add_argument("--list", action="store_true", help="show the corrections of DIR")
    p.add_argument("--note", default="", help="why (kept with the correction)")
    p.add_argument("--model", default=None,
                   help="the model of the rebuild (default: the one DIR was built with)")
    p.add_argument("--no-rebuild", action="store_true",
                   help="only record it; the next `kg build` applies it")


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from kg import corrections as cr
    from kg.errors import KgError

    out = Path(args.graph)
    if not (out / "extractions.jsonl").is_file():
        raise KgError(f"{args.graph}: not a build directory (run kg build --out {args.graph}).")
    if args.list:
        for c in cr.load(out):
            print(f"{c.line:>4}  {c.action:<10} {c.target!r} {c.value!r} {c.note}")
        return 0
    for action in ("merge", "split", "type", "not_entity", "holds", "not_holds"):
        value = getattr(args, action)
        if value:
            target, val = (value, "") if isinstance(value, str) else value
            path = cr.append(out, cr.Correction(action.replace("_", "-"), target, val,
                                                args.note))
            print(f"recorded in {path}", file=sys.stderr)
    if args.no_rebuild:
        return 0
    from kg.pipeline import build

    report = build([], out, model=args.model or _built_with(out), progress=False,
                   write_page=(out / "graph.html").exists())
    print(f"rebuilt {out}: {report.entities} entities, {report.triples} triples",
          file=sys.stderr)
    return 0


def _built_with(out: object) -> str | None:
    """"blank" when DIR's extractions came from the rules alone (the cache header says),
    so the rebuild reuses them instead of finding them stale; else the default model."""
    from pathlib import Path

    from kg.cache import ExtractionCache

    model = ExtractionCache.recorded_model(Path(str(out))) or ""
    return "blank" if model.startswith("blank+") else None
