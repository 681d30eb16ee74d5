"""Mentions whose shape says the span ran past a name (issue 8, precision at corpus scale).

Reading the entities of a 1,500-article corpus build showed two shapes that are never a
whole name, whichever component made the span:

- **a list separator inside the span.** The corpus joins list items and table cells with
  a comma or colon and no space ("Ernesto Valverde,(4-4-2", "Jalan Balikpapan,13",
  "Stadion Madya),China", "utamanya:,Borobudur ..."), and an unclosed bracket opens an alias
  ("Tajudin (Udin"). The span is cut before the separator (`trim`); a span that *starts*
  after one keeps its tail.
- **a lower-case head that is no place word.** "depan Bawaslu", "kehidupan Vanessa",
  "kamar Hotel", "jalan raya": a common noun before (or instead of) a name. A Person,
  Organization or Place whose first word is lower case is kept only when that word is a
  place head ("jalan", "desa", "kantor", ...: kg/data/place_heads.txt) followed by a
  capitalised name, or a brand written in camel case ("iPhone", "tvN") (`keep`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span

from kg import resources

_SEPARATORS = {",", ":", ";", ")"}


def trim(span: Span) -> Span:
    """`span` cut before a list separator written without a space after it, or before an
    unclosed "("; the part after the separator when the span starts with one."""
    toks = list(span)
    depth = 0
    for i, t in enumerate(toks):
        if t.text == "(":
            close = any(u.text == ")" for u in toks[i + 1 :])
            if not close and i > 0:
                return span[:i]
            depth += 1
        elif t.text == ")":
            if depth == 0 and i > 0:
                return span[:i]  # "Madya),China": the bracket closes an outer aside
            depth -= 1
        if set(t.text) <= _SEPARATORS - {")"} and t.whitespace_ == "" and i + 1 < len(toks):
            if i > 0 and any(u.text[:1].isupper() for u in toks[:i]):
                return span[:i]
            tail = span[i + 1 :]
            return trim(tail) if len(tail) and tail[0].text[:1].isupper() else span
    return span


@lru_cache(maxsize=1)
def place_heads() -> frozenset[str]:
    return frozenset(w.lower() for w in resources.read_lines("place_heads.txt"))


def keep(text: str, typ: str) -> bool:
    """Whether a Person/Organization/Place mention of this text may stand (see module)."""
    if typ not in ("Person", "Organization", "Place") or not text[:1].islower():
        return True
    first = text.split()[0]
    if re.fullmatch(r"[\w-]+(\.[\w-]+)+", first) or (
            re.search(r"[A-Z]", first) and re.fullmatch(r"[\w.-]+", first)):
        return True  # "iPhone", "tvN", "iNews.id", "kompas.com"
    rest = text.split()[1:]
    return first.lower() in place_heads() and bool(rest) and rest[0][:1].isupper()
