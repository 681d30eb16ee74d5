"""Print the shipped model's figures as Markdown and write them into its model card.

Usage (from the repo root; pin one thread so words/s means "one core"):

    OMP_NUM_THREADS=1 .venv/bin/python scripts/model_figures.py [--model DIR] [--shared DIR]

Writes kg/models/id_kg_news/FIGURES.md, the scores into its meta.json ("performance")
and the table between the figures markers of docs/model.md, so the docs and the card
are produced, never typed. `--compare RUN...` prints (and writes into docs/model.md's
experiments markers) one row per training run folder. Training time
comes from meta.json's "kg_training", recorded by `kg train`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "model.md"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from kg.train.evaluate import dir_size_mb, evaluate_all  # noqa: E402
from kg.train.package import SHIPPED  # noqa: E402
from kg.train.report import markdown, performance  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", type=Path, default=SHIPPED)
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    p.add_argument("--articles", type=int, default=400,
                   help="news_corpus articles for the speed figure (default 400)")
    p.add_argument("--no-write", action="store_true", help="print only; leave the card as is")
    p.add_argument("--compare", type=Path, nargs="+", metavar="RUN",
                   help="training run folders (with model-best/ and train_info.json): print "
                        "one row of test figures per run instead (the experiments table)")
    args = p.parse_args(argv)
    if args.compare:
        table = compare(args.compare, args.shared)
        print(table)
        if not args.no_write:
            fill_doc("experiments", table)
        return 0
    if not (args.model / "config.cfg").exists():
        print(f"model_figures: {args.model}: not a spaCy model directory.", file=sys.stderr)
        return 2
    if not args.shared.is_dir():
        print(f"model_figures: {args.shared}: the shared data folder is missing.",
              file=sys.stderr)
        return 2

    import spacy

    nlp = spacy.load(args.model)
    meta_path = args.model / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    figs = evaluate_all(nlp, args.shared, n_articles=args.articles)
    figs["size_mb"] = dir_size_mb(args.model)
    figs["training"] = meta.get("kg_training")
    md = markdown(figs)
    print(md)
    if not args.no_write:
        (args.model / "FIGURES.md").write_text(
            "# Figures of the shipped model\n\nProduced by `scripts/model_figures.py`; "
            "do not edit by hand.\n\n" + md, encoding="utf-8")
        meta["performance"] = performance(figs)
        meta["kg_figures"] = {"size_mb": figs["size_mb"], "speed": figs.get("speed")}
        meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
        if args.model.resolve() == SHIPPED.resolve():
            fill_doc("figures", md)
    return 0


def fill_doc(name: str, text: str) -> None:
    """Replace the text between `<!-- name:start -->` and `<!-- name:end -->` in DOC."""
    if not DOC.exists():
        return
    doc = DOC.read_text(encoding="utf-8")
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start in doc and end in doc:
        head, rest = doc.split(start, 1)
        tail = rest.split(end, 1)[1]
        DOC.write_text(f"{head}{start}\n{text.strip()}\n{end}{tail}", encoding="utf-8")


def compare(runs: list[Path], shared: Path) -> str:
    """One Markdown row per training run: the figures the issue's targets are about."""
    import spacy

    head = ("| run | dev F1 | NERGrit F1 | idner F1 | idner ORG F1 | NER-UGM F1 | UPOS GSD "
            "| UPOS CSUI | train min |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    rows = [head]
    for run in runs:
        if (run / "run" / "model-best").exists():  # a `kg train --out` folder
            run = run / "run"
        nlp = spacy.load(run / "model-best")
        figs = evaluate_all(nlp, shared, speed=False)
        info_path = run / "train_info.json"
        info = json.loads(info_path.read_text(encoding="utf-8")) if info_path.exists() else {}
        ner, pos = figs["ner"], figs["pos_acc"]
        meta = json.loads((run / "model-best" / "meta.json").read_text(encoding="utf-8"))
        dev_f = meta.get("performance", {}).get("ents_f", 0.0)
        idner = ner["idner-news-2k test"]
        name = run.parent.name if run.name == "run" else run.name
        cells = [name, dev_f, ner["NERGrit test"]["ALL"]["f"], idner["ALL"]["f"],
                 idner["ORG"]["f"], ner["NER-UGM test"]["ALL"]["f"],
                 pos["UD GSD test"], pos["UD CSUI test"]]
        rows.append("| " + " | ".join(c if isinstance(c, str) else f"{100 * c:.1f}"
                                      for c in cells) + f" | {info.get('minutes', '?')} |")
    return "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main())
