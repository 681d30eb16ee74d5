"""Print extraction-quality figures as Markdown: the bundled sample and (if present) the dev
gold, each built with the rules alone (`--model blank`) and with the shipped model + rules.

    .venv/bin/python scripts/quality_figures.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from kg.build import build
from kg.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[1]


def _row(name: str, model: str | None, inputs: list[Path], gold: Path) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        build(inputs, tmp, model=model, progress=False, write_page=False, warn=lambda m: None)
        s = evaluate(gold, tmp)
    rel = " | ".join(f"{s.relations[k].recall:.2f}" if k in s.relations else "–"
                     for k in ("holds", "quote", "attendee", "location", "publisher"))
    return (f"| {name} | {model or 'shipped model + rules'} | {s.overall.precision:.3f} | "
            f"{s.overall.recall:.3f} | {s.overall.f1:.3f} | {s.relations_overall.recall:.3f} | "
            f"{rel} | {s.splits} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    sets = [("bundled sample", [ROOT / "kg" / "sample"], ROOT / "kg" / "sample" / "gold.json")]
    dev = args.shared / "dev_gold"
    if dev.exists():
        sets.append(("dev gold (8 real articles)", [dev / "dev_articles.jsonl"],
                     dev / "dev_gold.json"))
    print("| corpus | pipeline | entity P | entity R | entity F1 | relation recall | "
          "holds | quote | attendee | location | publisher | splits |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, inputs, gold in sets:
        for model in ("blank", None):
            print(_row(name, model, inputs, gold))


if __name__ == "__main__":
    main()
