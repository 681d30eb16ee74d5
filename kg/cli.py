"""The `kg` command line: one sub-command per module in kg/commands.

Each command module exposes `HELP`, `add_arguments(parser)` and `run(args) -> int`, so a
new command is a new file, not an edit here. A KgError becomes one sentence on stderr and
exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import kg.commands
from kg.errors import KgError

# the order `kg --help` lists them in; any other module in kg/commands follows
_ORDER = ("build", "query", "viz", "serve", "stats", "export", "push", "correct", "evaluate",
          "train")


def commands() -> list[str]:
    """Every module in kg/commands: adding a command is adding a file."""
    found = {m.name for m in pkgutil.iter_modules(kg.commands.__path__)
             if not m.name.startswith("_")}
    return [n for n in _ORDER if n in found] + sorted(found - set(_ORDER))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in commands():
        mod = importlib.import_module(f"kg.commands.{name}")
        p = sub.add_parser(name, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except KgError as exc:
        print(f"kg {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted; the previous output is left as it was.",
              file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
