"""Count names that one build gives several types (issue 8, class 3): entities whose
normalised labels are equal but whose types differ ("Barcelona" as a Person, an
Organization and a Place). Prints the count and the worst cases.

    python scripts/type_conflicts.py BUILD_DIR [--show 30]

Reads BUILD_DIR/entities.csv (written by `kg build`). Event and Post are counted too,
but the usual conflicts are among Person, Organization and Place.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

from kg.resolution.names import norm


def conflicts(table: Path) -> dict[str, dict[str, int]]:
    """normalised label -> {type: mentions} for labels seen with two types or more."""
    by_label: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with table.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            by_label[norm(row["label"])][row["type"]] += int(row["mentions"] or 0)
    return {k: dict(v) for k, v in sorted(by_label.items()) if len(v) > 1}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("build", type=Path)
    ap.add_argument("--show", type=int, default=30)
    args = ap.parse_args(argv)
    table = args.build / "entities.csv"
    if not table.is_file():
        print(f"kg: no entities.csv in {args.build} (run kg build first)", file=sys.stderr)
        return 2
    found = conflicts(table)
    pairs = defaultdict(int)
    for types in found.values():
        pairs[" / ".join(sorted(types))] += 1
    print(f"labels with several types: {len(found)}")
    for k, n in sorted(pairs.items(), key=lambda p: -p[1]):
        print(f"  {k:40} {n}")
    for label, types in sorted(found.items(), key=lambda p: -sum(p[1].values()))[:args.show]:
        print(f"  {label!r}: " + ", ".join(f"{t} {n}" for t, n in sorted(types.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
