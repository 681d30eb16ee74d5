"""Figures for a trained pipeline: NER per label, UPOS accuracy, speed and size.

The test sets are read straight from ../shared/data with the same converters training
uses, so a figure always means "this model on that corpus's official test split, in
the shipped label scheme". Evaluation uses the corpora's own tokenisation (gold
tokens), the standard way NER and tagging results are reported; speed is measured the
way kg runs the model: raw news text through the Indonesian tokenizer, one process.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from kg.train import corpora as C

NER_TESTS = {
    "NERGrit test": ("indonlu_nergrit/test_preprocess.txt", C.NERGRIT_MAP),
    "idner-news-2k test": ("idner_news_2k/test.txt", C.IDNER_MAP),
    "NER-UGM test": ("indolem_nerugm/test.01.tsv", C.NERUGM_MAP),
}
POS_TESTS = {
    "UD GSD test": "ud_indonesian_gsd/id_gsd-ud-test.conllu",
    "UD CSUI test": "ud_indonesian_csui/id_csui-ud-test.conllu",
}
LABELS = ("PER", "ORG", "LOC", "EVT")
IN_DOMAIN = "kg news test (eval/train fifth)"


def ner_scores(nlp: Language, gold: list[Doc]) -> dict:
    """{label: {p, r, f}} plus "ALL" (micro-averaged over PER/ORG/LOC the test set has)."""
    examples = [Example(_blank_copy(nlp, d), d) for d in gold]
    with nlp.select_pipes(enable=[p for p in ("tok2vec", "ner") if p in nlp.pipe_names]):
        scores = nlp.evaluate(examples)
    per = scores.get("ents_per_type") or {}
    out = {lab: {"p": v["p"], "r": v["r"], "f": v["f"]} for lab, v in per.items()}
    out["ALL"] = {"p": scores["ents_p"], "r": scores["ents_r"], "f": scores["ents_f"]}
    return out


def pos_accuracy(nlp: Language, gold: list[Doc]) -> float:
    examples = [Example(_blank_copy(nlp, d), d) for d in gold]
    taggers = [p for p in ("tok2vec", "morphologizer", "tagger") if p in nlp.pipe_names]
    with nlp.select_pipes(enable=taggers):
        scores = nlp.evaluate(examples)
    return float(scores.get("pos_acc") or 0.0)


def _blank_copy(nlp: Language, doc: Doc) -> Doc:
    """The gold tokens without annotation: what the model is asked to label."""
    return Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])


def load_ner_test(shared: Path, rel: str, label_map: dict[str, str], vocab,
                  limit: int | None = None) -> list[Doc]:
    sents = C.read_ner(shared / rel, label_map)[:limit]
    return C.ner_docs(vocab, sents)


def news_texts(shared: Path, n_articles: int = 400) -> list[str]:
    """Paragraphs of the first clean (gap_count == 0) articles of the news corpus."""
    texts: list[str] = []
    path = shared / "news_corpus" / "click_id_articles.jsonl"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            art = json.loads(line)
            if art.get("gap_count"):
                continue
            texts.append(art["text"])
            if len(texts) >= n_articles:
                break
    return texts


def words_per_second(nlp: Language, texts: list[str], batch_size: int = 64) -> dict:
    """Whole-pipeline throughput on raw text, one process (set OMP_NUM_THREADS=1)."""
    list(nlp.pipe(texts[:20], batch_size=batch_size))  # warm-up
    t0, c0 = time.perf_counter(), time.process_time()
    n = 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        n += sum(1 for t in doc if not t.is_space)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    # CPU seconds too: on the shared machine wall time mostly measures the other users
    return {"tokens": n, "seconds": round(dt, 2), "tokens_per_second": round(n / dt),
            "tokens_per_cpu_second": round(n / cpu) if cpu else None,
            "threads": os.environ.get("OMP_NUM_THREADS", "unset")}


def dir_size_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)


def news_ann_test(nlp: Language, shared: Path, annotations: Path | None = None) -> list[Doc]:
    """The in-domain test fifth of kg's annotated news articles (never trained on)."""
    from kg.train import news_ann

    splits = news_ann.build_splits(annotations or news_ann.DEFAULT_DIR,
                                   shared / "news_corpus" / "click_id_articles.jsonl")
    return [Doc(nlp.vocab).from_bytes(d.to_bytes()) for d in splits["test"]]


def evaluate_all(nlp: Language, shared: Path, speed: bool = True,
                 n_articles: int = 400, annotations: Path | None = None,
                 in_domain: bool = True) -> dict:
    """Every figure the model card reports, as a JSON-able dict.

    `in_domain` adds "kg news test": the held-back fifth of eval/train's annotated
    articles (missing tokens inside posts and optional entities are not scored).
    """
    res: dict = {"ner": {}, "pos_acc": {}}
    for name, (rel, lmap) in NER_TESTS.items():
        res["ner"][name] = ner_scores(nlp, load_ner_test(shared, rel, lmap, nlp.vocab))
    if in_domain:
        res["ner"][IN_DOMAIN] = ner_scores(nlp, news_ann_test(nlp, shared, annotations))
    for name, rel in POS_TESTS.items():
        res["pos_acc"][name] = pos_accuracy(nlp, C.ud_docs(nlp.vocab, shared / rel))
    if speed:
        res["speed"] = words_per_second(nlp, news_texts(shared, n_articles))
    return res
