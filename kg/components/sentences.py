"""Sentence boundaries tuned to Indonesian news.

spaCy's punctuation sentencizer glues an opening quote mark to the previous sentence and
splits after honorifics ("H.", "Pol.", "Jl."), which cuts names and quotes in half; the
evidence sentences kg stores must not do that.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

# tokens after which a period does not end a sentence
_NO_BREAK_AFTER = {
    "h", "hj", "dr", "drs", "dra", "prof", "ir", "pol", "jl", "jln", "no", "kh", "st",
    "sdr", "tn", "ny", "bpk", "dll", "dsb", "dkk", "yth", "a.n", "u.p", "m", "s", "kec",
    "kab", "kel", "ds", "rp", "tbk", "plt", "plh", "pj", "mr", "mrs", "ms", "bu", "pak",
    "moh", "muh", "mhd", "moch", "mochamad", "abd", "ach", "drg", "sh", "se", "mm",
}
_CLOSERS = {'"', "'", "”", "’", ")"}
_OPENERS = {'"', "“", "‘", "'", "("}


# A "sentence" longer than this many tokens (a transcript or a list with no punctuation)
# is cut into chunks: later components look at whole sentences, so one unbounded sentence
# would make an article cost the square of its length.
MAX_SENT_TOKENS = 250
_CUT_AFTER = {",", ";", ":", "-", ")"}


@Language.component("kg_sentences")
def kg_sentences(doc: Doc) -> Doc:
    """Break at paragraph ends and at .!? (plus closing quotes) before a capital or quote.

    Boundaries are collected in one list and written with one `Doc.from_array`: setting
    `Token.is_sent_start` token by token re-checks the whole document each time (spaCy
    asks whether the doc has a parse), which made a 140k-word article take minutes.
    """
    n = len(doc)
    if n == 0:
        return doc
    starts = [False] * n
    starts[0] = True
    texts = [t.text for t in doc]
    i = 0
    while i < n:
        tok = doc[i]
        if tok.is_space and "\n" in texts[i] and i + 1 < n:
            starts[i + 1] = True
        elif texts[i] in {".", "!", "?", "...", "…"}:
            prev = texts[i - 1].lower().rstrip(".") if i > 0 else ""
            if texts[i] == "." and (prev in _NO_BREAK_AFTER or (len(prev) == 1 and prev.isalpha())):
                i += 1
                continue
            j = i + 1
            while j < n and texts[j] in _CLOSERS and not doc[j - 1].whitespace_:
                j += 1
            while j < n and doc[j].is_space:
                j += 1
            if j < n and (texts[j][:1].isupper() or texts[j] in _OPENERS
                          or texts[j][:1].isdigit()):
                starts[j] = True
            i = j
            continue
        i += 1
    _bound(starts, texts)
    doc.from_array([SENT_START], numpy.array([1 if s else -1 for s in starts],
                                              dtype="int64").astype("uint64").reshape(n, 1))
    return doc


def _bound(starts: list[bool], texts: list[str]) -> None:
    """Cut every run longer than MAX_SENT_TOKENS, after a comma-like token when one is in
    the second half of the window, else hard; each token is looked at a bounded number
    of times, so this stays linear."""
    last = 0
    for i in range(1, len(starts) + 1):
        if i < len(starts) and not starts[i] and i - last < MAX_SENT_TOKENS:
            continue
        if i < len(starts) and not starts[i]:  # too long: cut inside [last, i)
            cut = next((k + 1 for k in range(i - 1, last + MAX_SENT_TOKENS // 2, -1)
                        if texts[k] in _CUT_AFTER), i)
            starts[cut] = True
            last = cut
        elif i < len(starts):
            last = i


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Character spans of paragraphs (blank-line separated) in cleaned article text."""
    out = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        if m.group().strip():
            out.append((m.start(), m.end()))
    return out
