"""Readers for the Indonesian NER and UD corpora in ../shared/data, into spaCy Docs.

The NER corpora disagree on almost everything: tab- or space-separated columns, CRLF
line endings (idner-news-2k), `I-` tags with no `B-` before them (NERP, NER-UGM),
different label names and label sets. Everything is normalised here into one scheme
(`PER`, `ORG`, `LOC`, optionally `EVT`) so that training sees consistent supervision;
a label a corpus annotates but the shipped scheme lacks (QUANTITY, FNB, ...) becomes `O`.

UD treebanks are read at the level of *surface tokens*, not syntactic words: kg runs the
model on raw text through spaCy's Indonesian tokenizer, which keeps clitics such as
`ayahnya` or `kubeli` as one token, so a tagger trained on split words (`ayah` + `nya`)
would see a tokenisation it never meets at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab

# Source label -> shipped label; a label missing from a map is dropped (becomes O).
NERGRIT_MAP = {"PERSON": "PER", "PLACE": "LOC", "ORGANISATION": "ORG"}
IDNER_MAP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
NERUGM_MAP = {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"}
NERP_MAP = {"PPL": "PER", "PLC": "LOC", "EVT": "EVT", "IND": "ORG"}
# NERP's IND mixes organisations with brands, products and media; tagging those spans O
# would teach the model that "detikcom" or "chelsea" is no ORG, so by default they are
# left unannotated (MISSING): the NER loss ignores them. FNB (food brands) likewise.
NERP_MISSING = frozenset({"IND", "FNB"})
MISSING = "-"  # tag for a token whose entity annotation is unknown

# No space before these tokens and none after the openers, so Doc.text reads like news.
_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "...", "'s"}
_NO_SPACE_AFTER = {"(", "[", "{"}

# UPOS of clitic-like words that should not name a merged surface token's POS
_CLITIC_POS = {"PRON", "PART", "DET"}


@dataclass
class Sentence:
    """One pre-tokenised sentence with BIO tags already in the shipped label scheme."""

    words: list[str]
    tags: list[str]


def read_columns(path: Path) -> Iterator[list[list[str]]]:
    """Yield sentences as lists of column lists; tolerant of CRLF, tabs or spaces.

    A line with a tab is split on tabs (a token may then contain spaces), otherwise on
    whitespace; blank lines (after stripping `\\r`) end a sentence.
    """
    rows: list[list[str]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for raw in fh:
            line = raw.rstrip("\r\n").rstrip("\r")
            if not line.strip():
                if rows:
                    yield rows
                    rows = []
                continue
            cols = line.split("\t") if "\t" in line else line.split()
            rows.append([c.strip() for c in cols])
    if rows:
        yield rows


def normalize_bio(tags: list[str], label_map: dict[str, str],
                  missing: frozenset[str] = frozenset()) -> list[str]:
    """Map source labels into the shipped scheme and repair the BIO sequence.

    An `I-X` that does not continue an entity of type X (no `B-`, or after another type)
    starts a new entity, as the corpus README advises; unmapped labels become `O`, and
    an `I-` that continued a dropped label then becomes a `B-` of nothing, i.e. `O`.
    Labels in `missing` become MISSING (unknown) rather than `O`.
    """
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag in ("O", "", "_") or "-" not in tag:
            out.append("O")
            prev = "O"
            continue
        prefix, label = tag.split("-", 1)
        if label in missing:
            out.append(MISSING)
            prev = MISSING
            continue
        new = label_map.get(label)
        if new is None:
            out.append("O")
            prev = "O"
            continue
        if prefix == "I" and prev == new:
            out.append(f"I-{new}")
        else:
            out.append(f"B-{new}")
        prev = new
    return out


def read_ner(path: Path, label_map: dict[str, str],
             missing: frozenset[str] = frozenset()) -> list[Sentence]:
    """Read a token-per-line NER file: the first column is the token, the last the tag."""
    sents = []
    for rows in read_columns(path):
        rows = [r for r in rows if r and r[0]]
        words = [r[0] for r in rows]
        tags = [r[-1] if len(r) > 1 else "O" for r in rows]
        if words:
            sents.append(Sentence(words, normalize_bio(tags, label_map, missing)))
    return sents


def guess_spaces(words: list[str]) -> list[bool]:
    """Whitespace after each token, guessed from punctuation (the corpora lost it)."""
    spaces = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        spaces.append(nxt is not None and w not in _NO_SPACE_AFTER
                      and nxt not in _NO_SPACE_BEFORE)
    return spaces


def ner_doc(vocab: Vocab, sent: Sentence) -> Doc:
    """A Doc with entity annotation on every token except those tagged MISSING."""
    ents = [None if t == MISSING else t for t in sent.tags]
    return Doc(vocab, words=sent.words, spaces=guess_spaces(sent.words), ents=ents)


def ner_docs(vocab: Vocab, sents: Iterable[Sentence]) -> list[Doc]:
    return [ner_doc(vocab, s) for s in sents]


def _surface_pos(word_pos: list[str]) -> str:
    """The POS for a multiword surface token: its first non-clitic word's UPOS."""
    for pos in word_pos:
        if pos not in _CLITIC_POS:
            return pos
    return word_pos[0]


def read_conllu(path: Path) -> list[tuple[list[str], list[bool], list[str]]]:
    """Read a CoNLL-U file into (surface tokens, spaces, UPOS) per sentence.

    Multiword-token lines (`5-6 ayahnya`) give the token; the words they cover give the
    POS via `_surface_pos`. `SpaceAfter=No` in MISC is honoured.
    """
    out = []
    for rows in _conllu_sentences(path):
        words: list[str] = []
        spaces: list[bool] = []
        pos: list[str] = []
        i = 0
        while i < len(rows):
            cols = rows[i]
            tid = cols[0]
            if "-" in tid:
                start, end = (int(x) for x in tid.split("-"))
                covered = [r for r in rows[i + 1:] if r[0].isdigit()
                           and start <= int(r[0]) <= end]
                words.append(cols[1])
                spaces.append("SpaceAfter=No" not in cols[9])
                pos.append(_surface_pos([r[3] for r in covered]))
                i += 1 + len(covered)
                continue
            words.append(cols[1])
            spaces.append("SpaceAfter=No" not in cols[9])
            pos.append(cols[3])
            i += 1
        if words:
            spaces[-1] = False
            out.append((words, spaces, pos))
    return out


def _conllu_sentences(path: Path) -> Iterator[list[list[str]]]:
    """Token and multiword lines of each sentence (comments and empty nodes skipped)."""
    rows: list[list[str]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for raw in fh:
            line = raw.rstrip("\r\n")
            if not line.strip():
                if rows:
                    yield rows
                    rows = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 10 or "." in cols[0]:
                continue
            rows.append(cols)
    if rows:
        yield rows


def ud_docs(vocab: Vocab, path: Path) -> list[Doc]:
    """Docs with POS only: no entities (so NER treats them as unannotated, not as O)."""
    return [Doc(vocab, words=w, spaces=s, pos=p) for w, s, p in read_conllu(path)]
