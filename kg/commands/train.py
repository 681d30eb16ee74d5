"""`kg train`: retrain kg's Indonesian spaCy pipeline from the shared corpora.

The work lives in kg.train (converters, configs, time-capped training, figures); this
module only plugs it into the CLI, so `kg train` and `python -m kg.train` are the same.
"""

from __future__ import annotations

import argparse

HELP = ("convert ../shared/data into DocBins, train the Indonesian pipeline on CPU with a "
        "fixed seed and a time cap, and print its figures (see docs/model.md)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from kg.train.__main__ import add_arguments as add

    add(parser)


def run(args: argparse.Namespace) -> int:
    from kg.train.__main__ import main

    return main(args)
