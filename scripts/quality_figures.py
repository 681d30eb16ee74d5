"""Print extraction-quality figures as Markdown tables, from one build per pipeline.

The dev gold's 32 articles are scored as a whole and in the parts the README reports: the
first 8 (the original set), the 24 added later, and the odd/even lines (develop on one
half, check on the other). The bundled sample is scored too, and the 8 held-out articles
of each eval/heldout* set (annotated before kg ever ran on them; never used for tuning).

    .venv/bin/python scripts/quality_figures.py [--shared ../shared] [--blank]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from kg.evaluate import Scores, evaluate
from kg.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("holds", "quote", "attendee", "location", "publisher")
TYPES = ("Person", "Organization", "Place", "Event", "Post")


def _row(name: str, s: Scores) -> str:
    rel = " | ".join(f"{s.relations[k].recall:.2f}" if s.relations[k].total else "–"
                     for k in KINDS)
    typ = " | ".join(f"{s.entities[t].recall:.2f}" for t in TYPES)
    return (f"| {name} | {s.overall.precision:.3f} | {s.overall.recall:.3f} | "
            f"**{s.overall.f1:.3f}** | **{s.relations_overall.recall:.3f}** | {rel} | "
            f"{s.holds_precision.precision:.2f} | {s.quote_speaker_precision.precision:.2f} | "
            f"{typ} | {s.splits} |")


def _parts(articles: Path) -> list[tuple[str, set[str] | None]]:
    ids = [json.loads(line)["id"] for line in articles.read_text(encoding="utf-8").splitlines()
           if line.strip()]
    return [("all 32", None), ("first 8", set(ids[:8])), ("new 24", set(ids[8:])),
            ("odd lines (tuning half)", set(ids[0::2])),
            ("even lines (check half)", set(ids[1::2]))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--blank", action="store_true", help="also score the rules alone")
    ap.add_argument("--model", default=None,
                    help="a spaCy model folder to score instead of the shipped one")
    args = ap.parse_args()
    print("| articles | entity P | entity R | entity F1 | relation recall | "
          + " | ".join(KINDS) + " | holds P | quote-speaker P | "
          + " | ".join(f"{t} R" for t in TYPES) + " | splits |")
    print("| --- |" + " ---: |" * (5 + len(KINDS) + 1 + len(TYPES)) + " ---: |")
    quiet = lambda m: None  # noqa: E731
    for model in ([args.model, "blank"] if args.blank else [args.model]):
        tag = " (rules alone)" if model == "blank" else ""
        with tempfile.TemporaryDirectory() as tmp:
            build([ROOT / "kg" / "sample"], tmp, model=model, progress=False,
                  write_page=False, warn=quiet)
            print(_row("bundled sample" + tag,
                       evaluate(ROOT / "kg" / "sample" / "gold.json", tmp, warn=quiet)))
        dev = args.shared / "dev_gold"
        if not dev.exists():
            continue
        with tempfile.TemporaryDirectory() as tmp:
            build([dev / "dev_articles.jsonl"], tmp, model=model, progress=False,
                  write_page=False, warn=quiet)
            for name, part in _parts(dev / "dev_articles.jsonl"):
                s = evaluate(dev / "dev_gold.json", tmp, articles=part, warn=quiet)
                print(_row(f"dev gold, {name}{tag}", s))
        corpus = args.shared / "data" / "news_corpus" / "click_id_articles.jsonl"
        for held in sorted((ROOT / "eval").glob("heldout*")):
            if not (held / "gold.json").exists() or not corpus.exists():
                continue
            wanted = set((held / "ids.txt").read_text(encoding="utf-8").split())
            with tempfile.TemporaryDirectory() as tmp:
                src = Path(tmp) / "heldout.jsonl"
                with corpus.open(encoding="utf-8") as fh:
                    src.write_text("".join(line for line in fh
                                           if json.loads(line).get("id") in wanted),
                                   encoding="utf-8")
                build([src], Path(tmp) / "out", model=model, progress=False,
                      write_page=False, warn=quiet)
                s = evaluate(held / "gold.json", Path(tmp) / "out", warn=quiet)
                print(_row(f"held-out {len(wanted)} (eval/{held.name}, never tuned on){tag}", s))

if __name__ == "__main__":
    main()
