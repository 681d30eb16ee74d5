"""Sentence boundaries tuned to Indonesian news.

spaCy's punctuation sentencizer glues an opening quote mark to the previous sentence and
splits after honorifics ("H.", "Pol.", "Jl."), which cuts names and quotes in half; the
evidence sentences kg stores must not do that.
"""

from __future__ import annotations

import re

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


@Language.component("kg_sentences")
def kg_sentences(doc: Doc) -> Doc:
    """Break at paragraph ends and at .!? (plus closing quotes) before a capital or quote."""
    n = len(doc)
    for i, tok in enumerate(doc):
        tok.is_sent_start = i == 0
    i = 0
    while i < n:
        tok = doc[i]
        if "\n" in tok.text and tok.is_space and i + 1 < n:
            doc[i + 1].is_sent_start = True
        elif tok.text in {".", "!", "?", "...", "…"}:
            prev = doc[i - 1].text.lower().rstrip(".") if i > 0 else ""
            if tok.text == "." and (prev in _NO_BREAK_AFTER or (len(prev) == 1 and prev.isalpha())):
                i += 1
                continue
            j = i + 1
            while j < n and doc[j].text in _CLOSERS and not doc[j - 1].whitespace_:
                j += 1
            while j < n and doc[j].is_space:
                j += 1
            if j < n and (doc[j].text[:1].isupper() or doc[j].text in _OPENERS
                          or doc[j].text[:1].isdigit()):
                doc[j].is_sent_start = True
            i = j
            continue
        i += 1
    return doc


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Character spans of paragraphs (blank-line separated) in cleaned article text."""
    out = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        if m.group().strip():
            out.append((m.start(), m.end()))
    return out
