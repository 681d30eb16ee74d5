"""Convert ../shared/data into the DocBins one training run reads.

Training mixes NER sentences (entities, no tags) and UD sentences (tags, no entities)
in one corpus, so one shared tok2vec serves both heads and the shipped pipeline pays
for one encoder only; each head skips the sentences it has no annotation for.

Cleaning: any training sentence that also occurs in one of the test sets is dropped
(NER-UGM fold 1 and NERP share sentences between train and test), so the figures are
not inflated by memorised test sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from kg.errors import KgError
from kg.train import corpora as C

# Held-out tail of PUD: tagging dev data (GSD dev is training data, per the issue).
PUD_DEV = 150


@dataclass
class Recipe:
    """Which corpora go into training, and how often each is repeated (its weight)."""

    nergrit: int = 1
    idner: int = 1
    nerugm: int = 1
    nerp: int = 0  # lower-cased, doubtful licence: off unless measured to help
    nerp_ind_as_org: bool = False
    ud: int = 1
    news: int = 1  # kg's own annotated news articles (eval/train), see news_ann.py
    news_dir: Path | None = None  # None: the repository's eval/train
    extra: dict[str, int] = field(default_factory=dict)


def _key(words: list[str]) -> str:
    return " ".join(words)


def _check(shared: Path) -> None:
    need = ["indonlu_nergrit", "idner_news_2k", "indolem_nerugm", "ud_indonesian_csui",
            "ud_indonesian_gsd", "ud_indonesian_pud"]
    if not shared.is_dir():
        raise KgError(f"{shared}: the shared data folder does not exist (pass --shared).")
    missing = [n for n in need if not (shared / n).is_dir()]
    if missing:
        raise KgError(f"{shared}: the shared data folder lacks {', '.join(missing)}.")


def ner_sets(shared: Path, recipe: Recipe) -> dict[str, list[C.Sentence]]:
    """All NER splits by name, already in the shipped label scheme."""
    grit = shared / "indonlu_nergrit"
    idn = shared / "idner_news_2k"
    ugm = shared / "indolem_nerugm"
    nerp = shared / "indonlu_nerp"
    nerp_map = dict(C.NERP_MAP)
    nerp_missing = C.NERP_MISSING
    if not recipe.nerp_ind_as_org:
        nerp_map.pop("IND")
    else:
        nerp_missing = frozenset({"FNB"})
    sets = {
        "nergrit_train": C.read_ner(grit / "train_preprocess.txt", C.NERGRIT_MAP),
        "nergrit_dev": C.read_ner(grit / "valid_preprocess.txt", C.NERGRIT_MAP),
        "nergrit_test": C.read_ner(grit / "test_preprocess.txt", C.NERGRIT_MAP),
        "idner_train": C.read_ner(idn / "train.txt", C.IDNER_MAP),
        "idner_dev": C.read_ner(idn / "dev.txt", C.IDNER_MAP),
        "idner_test": C.read_ner(idn / "test.txt", C.IDNER_MAP),
        "nerugm_train": C.read_ner(ugm / "train.01.tsv", C.NERUGM_MAP),
        "nerugm_dev": C.read_ner(ugm / "dev.01.tsv", C.NERUGM_MAP),
        "nerugm_test": C.read_ner(ugm / "test.01.tsv", C.NERUGM_MAP),
    }
    if nerp.is_dir():
        for split, fname in (("train", "train"), ("dev", "valid"), ("test", "test")):
            sets[f"nerp_{split}"] = C.read_ner(nerp / f"{fname}_preprocess.txt", nerp_map,
                                               nerp_missing if split == "train" else frozenset())
    return sets


def build(shared: Path, out: Path, recipe: Recipe | None = None) -> dict[str, int]:
    """Write train.spacy, dev.spacy and one <name>.spacy per test set; returns doc counts."""
    _check(shared)
    recipe = recipe or Recipe()
    out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("id")
    ner = ner_sets(shared, recipe)
    test_keys = {_key(s.words) for name, ss in ner.items() if name.endswith("_test") for s in ss}
    test_keys |= {_key(s.words).lower() for s in ner.get("nerp_test", [])}

    train: list[Doc] = []
    for corpus in ("nergrit", "idner", "nerugm", "nerp"):
        weight = getattr(recipe, corpus)
        clean = [s for s in ner.get(f"{corpus}_train", [])
                 if _key(s.words) not in test_keys and _key(s.words).lower() not in test_keys]
        train += C.ner_docs(nlp.vocab, clean) * weight

    ud = {
        "csui_train": C.ud_docs(nlp.vocab, shared / "ud_indonesian_csui/id_csui-ud-train.conllu"),
        "csui_test": C.ud_docs(nlp.vocab, shared / "ud_indonesian_csui/id_csui-ud-test.conllu"),
        "gsd_dev": C.ud_docs(nlp.vocab, shared / "ud_indonesian_gsd/id_gsd-ud-dev.conllu"),
        "gsd_test": C.ud_docs(nlp.vocab, shared / "ud_indonesian_gsd/id_gsd-ud-test.conllu"),
        "pud": C.ud_docs(nlp.vocab, shared / "ud_indonesian_pud/id_pud-ud-test.conllu"),
    }
    train += (ud["csui_train"] + ud["pud"][:-PUD_DEV] + ud["gsd_dev"]) * recipe.ud
    dev = C.ner_docs(nlp.vocab, ner["nergrit_dev"] + ner["idner_dev"] + ner["nerugm_dev"])
    dev += ud["pud"][-PUD_DEV:]
    news: dict[str, list[Doc]] = {}
    if recipe.news:
        from kg.train import news_ann

        news = news_ann.build_splits(recipe.news_dir or news_ann.DEFAULT_DIR,
                                     shared / "news_corpus" / "click_id_articles.jsonl")
        train += news["train"] * recipe.news
        dev += news["dev"]

    counts = {"train": len(train), "dev": len(dev)}
    DocBin(docs=train, store_user_data=False).to_disk(out / "train.spacy")
    DocBin(docs=dev, store_user_data=False).to_disk(out / "dev.spacy")
    for name in ("nergrit_test", "idner_test", "nerugm_test", "nerp_test"):
        if name in ner:
            docs = C.ner_docs(nlp.vocab, ner[name])
            DocBin(docs=docs).to_disk(out / f"{name}.spacy")
            counts[name] = len(docs)
    if news:
        DocBin(docs=news["test"]).to_disk(out / "news_ann_test.spacy")
        counts["news_ann_train"] = len(news["train"])
        counts["news_ann_test"] = len(news["test"])
    for name in ("gsd_test", "csui_test"):
        DocBin(docs=ud[name]).to_disk(out / f"{name}.spacy")
        counts[name] = len(ud[name])
    return counts
