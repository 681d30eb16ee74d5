"""kg's own news annotations (eval/train/ann*.json) as NER training and test Docs.

The annotations are entity lists in the dev-gold format (GUIDE.md), not token tags: each
entity lists every surface form (alias) the article uses, a type and `required`. They are
turned into token tags by finding every alias occurrence in the title and text (case
as written, whole words), longest first, with no overlaps. What each type becomes:

- required Person / Organization / Place -> `PER` / `ORG` / `LOC`;
- optional ones (the annotator was unsure of the type or the entity) -> MISSING, so the
  loss neither rewards nor punishes any label there;
- Ignore (laws, programmes, products) and Negative (bylines, teaser names: real names
  that must not become graph entities, but names all the same) -> MISSING;
- Post and Event spans: the other corpora label the words of a post or an event `O`
  ("Ketua/O Umum/O", "Menteri/O Kelautan/O dan/O Perikanan/O" in idner-news-2k) but
  disagree about names nested inside: an organisation inside a post is `ORG` in
  idner-news-2k and NER-UGM ("Ketua/O Umum/O PDI/B-ORG Perjuangan/I-ORG"), while a
  region is `O` there ("Gubernur/O DKI/O Jakarta/O") and `LOC` in NERGrit ("Bupati/O
  Lampung/B-LOC Utara/I-LOC"). So a post or event with no nested name is all `O`; one
  with nested names keeps its first word `O` (the title: Ketua, Gubernur, Rapat), tags
  a nested required Person / Organization `PER` / `ORG`, and leaves the nested places
  and every other word MISSING. The words after a post (the holder's name) carry their
  own `B-PER`, which is the boundary issue 8 wants the model to learn.

Articles are split by a seeded shuffle (seed 0) of their sorted ids into test (a fifth),
dev (a tenth) and train; the test fifth never enters training. Each paragraph (and the
title) becomes one Doc, tokenised by the runtime tokenizer (spacy.blank("id")).
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.tokens import Doc

from kg.errors import KgError

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "eval" / "train"
SEED = 0
TEST_FRACTION = 5  # one article in five is the in-domain test split
DEV_FRACTION = 10  # one in ten of all articles is dev
LABELS = {"Person": "PER", "Organization": "ORG", "Place": "LOC"}
WRAPPERS = ("Post", "Event")
MISSING = None  # Doc(ents=...) value for "unknown"


@dataclass
class Mention:
    start: int
    end: int
    etype: str
    required: bool

    @property
    def length(self) -> int:
        return self.end - self.start


def load_annotations(folder: Path) -> tuple[dict[str, list[dict]], list[str]]:
    """Entities per article id, and the article ids in file order, from ann*.json."""
    files = sorted(folder.glob("ann*.json"))
    if not files:
        raise KgError(f"{folder}: no ann*.json annotation files.")
    by_article: dict[str, list[dict]] = {}
    order: list[str] = []
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise KgError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno}).") from None
        for aid in data.get("articles", {}):
            if aid not in by_article:
                by_article[aid] = []
                order.append(aid)
        for ent in data.get("entities", []):
            by_article.setdefault(ent["article"], []).append(ent)
    return by_article, order


def split_ids(ids: list[str], seed: int = SEED) -> dict[str, list[str]]:
    """Seeded split of article ids into train / dev / test (test: a fifth)."""
    shuffled = sorted(set(ids))
    random.Random(seed).shuffle(shuffled)
    n_test = len(shuffled) // TEST_FRACTION
    n_dev = len(shuffled) // DEV_FRACTION
    return {"test": sorted(shuffled[:n_test]),
            "dev": sorted(shuffled[n_test:n_test + n_dev]),
            "train": sorted(shuffled[n_test + n_dev:])}


def read_articles(corpus: Path, ids: set[str]) -> dict[str, dict]:
    """The corpus articles with these ids (title and text)."""
    found: dict[str, dict] = {}
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            art = json.loads(line)
            if art.get("id") in ids:
                found[art["id"]] = art
    return found


def find_mentions(text: str, entities: list[dict]) -> list[Mention]:
    """Every whole-word occurrence of every alias, case as written."""
    out: list[Mention] = []
    for ent in entities:
        for alias in set(ent.get("aliases") or []):
            alias = alias.strip()
            if not alias:
                continue
            pat = re.compile(r"(?<!\w)" + re.escape(alias) + r"(?!\w)")
            for m in pat.finditer(text):
                out.append(Mention(m.start(), m.end(), ent["type"], bool(ent.get("required"))))
    return out


def _rank(m: Mention) -> tuple:
    """Longest first; among equals a required name before an optional or a wrapper."""
    return (-m.length, not (m.required and m.etype in LABELS), m.start)


def non_overlapping(mentions: list[Mention]) -> list[Mention]:
    taken: list[Mention] = []
    for m in sorted(mentions, key=_rank):
        if all(m.end <= t.start or m.start >= t.end for t in taken):
            taken.append(m)
    return taken


def _tokens(doc: Doc, start: int, end: int) -> tuple[range, bool]:
    """Token indices of a char span, and whether it aligns with token boundaries."""
    span = doc.char_span(start, end, alignment_mode="strict")
    if span is not None:
        return range(span.start, span.end), True
    span = doc.char_span(start, end, alignment_mode="expand")
    return (range(span.start, span.end) if span is not None else range(0)), False


def _set(tags: list, idx: range, label: str | None) -> None:
    for k, i in enumerate(idx):
        tags[i] = MISSING if label is None else ("O" if label == "O" else
                                                   f"{'B' if k == 0 else 'I'}-{label}")


def tag_text(doc: Doc, entities: list[dict]) -> list:
    """BIO tags (None = missing) for doc from the article's entity list."""
    tags: list = ["O"] * len(doc)
    mentions = find_mentions(doc.text, entities)
    for top in non_overlapping(mentions):
        idx, aligned = _tokens(doc, top.start, top.end)
        if not aligned:
            _set(tags, idx, None)
        elif top.etype in LABELS:
            _set(tags, idx, LABELS[top.etype] if top.required else None)
        elif top.etype in WRAPPERS:
            _tag_wrapper(doc, tags, top, idx, mentions)
        else:  # Ignore, Negative, anything else
            _set(tags, idx, None)
    return tags


def _tag_wrapper(doc: Doc, tags: list, top: Mention, idx: range,
                 mentions: list[Mention]) -> None:
    """A Post or Event span: all O, or title O + nested names (see module docstring)."""
    inner = [m for m in mentions if m.etype in LABELS and top.start <= m.start
             and m.end <= top.end and m.length < top.length]
    if not inner:
        _set(tags, idx, "O")
        return
    _set(tags, idx, None)
    _set(tags, range(idx.start, idx.start + 1), "O")
    for m in non_overlapping(inner):
        sub, aligned = _tokens(doc, m.start, m.end)
        if aligned and sub.start > idx.start and m.required and m.etype != "Place":
            _set(tags, sub, LABELS[m.etype])


def article_docs(nlp, art: dict, entities: list[dict]) -> list[Doc]:
    """One Doc per non-empty paragraph of title + text, with entity tags set."""
    paras = [art.get("title") or ""] + (art.get("text") or "").split("\n")
    docs = []
    for para in paras:
        para = para.strip()
        if not para:
            continue
        doc = nlp.make_doc(para)
        tags = tag_text(doc, entities)
        docs.append(Doc(nlp.vocab, words=[t.text for t in doc],
                        spaces=[bool(t.whitespace_) for t in doc], ents=tags))
    return docs


def build_splits(folder: Path, corpus: Path) -> dict[str, list[Doc]]:
    """{"train": [...], "dev": [...], "test": [...]} Docs from the annotations."""
    if not corpus.exists():
        raise KgError(f"{corpus}: the news corpus is missing (needed for annotated texts).")
    by_article, order = load_annotations(folder)
    arts = read_articles(corpus, set(order))
    lost = [a for a in order if a not in arts]
    if lost:
        raise KgError(f"{folder}: {len(lost)} annotated articles are not in {corpus} "
                      f"(first: {lost[0]}).")
    nlp = spacy.blank("id")
    return {name: [d for aid in ids for d in article_docs(nlp, arts[aid], by_article[aid])]
            for name, ids in split_ids(order).items()}
