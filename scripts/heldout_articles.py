#!/usr/bin/env python3
"""Write the held-out articles (eval/heldout/ids.txt) from the news corpus to a jsonl file.

The article texts are not stored in this repository; this script selects them from the
corpus so that `kg build` can be run on them:

    python3 scripts/heldout_articles.py --out /tmp/heldout.jsonl
    kg build /tmp/heldout.jsonl --out /tmp/heldout-out
    kg evaluate eval/heldout/gold.json /tmp/heldout-out

The held-out set is for measuring only; never tune on it (see eval/heldout/README.md).
"""
import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = "../shared/data/news_corpus/click_id_articles.jsonl"


def find_corpus(name):
    """The corpus path as given, else relative to this checkout, else to the main checkout
    (when this is a git worktree, whose .git is a file pointing into the main one)."""
    path = Path(name)
    if path.is_absolute() or path.exists():
        return path if path.exists() else None
    bases = [ROOT]
    git = ROOT / ".git"
    if git.is_file():
        text = git.read_text(encoding="utf-8").strip()
        if text.startswith("gitdir:"):
            gitdir = Path(text.split(":", 1)[1].strip())
            # <main>/.git/worktrees/<name> -> <main>
            if gitdir.parent.name == "worktrees":
                bases.append(gitdir.parent.parent.parent)
    for base in bases:
        if (base / path).exists():
            return base / path
    return None


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=DEFAULT_CORPUS,
                    help=f"corpus jsonl (default: {DEFAULT_CORPUS}, relative to the "
                         "repository root)")
    ap.add_argument("--ids", default=str(ROOT / "eval" / "heldout" / "ids.txt"),
                    help="file with one article id a line (default: eval/heldout/ids.txt)")
    ap.add_argument("--out", required=True, help="jsonl file to write")
    args = ap.parse_args(argv)

    corpus = find_corpus(args.corpus)
    if corpus is None:
        sys.exit(f"corpus not found: {args.corpus}")
    lines = Path(args.ids).read_text(encoding="utf-8").splitlines()
    ids = [line.strip() for line in lines if line.strip()]
    wanted = set(ids)
    found = {}
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            art = json.loads(line)
            if art.get("id") in wanted:
                found[art["id"]] = line.rstrip("\n")
    missing = [i for i in ids if i not in found]
    if missing:
        sys.exit(f"{len(missing)} id(s) not in {corpus}: {', '.join(missing)}")
    with open(args.out, "w", encoding="utf-8") as out:
        for i in ids:
            out.write(found[i] + "\n")
    print(f"wrote {len(ids)} articles to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
