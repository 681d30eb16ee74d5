"""Multi-word phrases (titles, designators, event triggers) matched at a token.

One lookup for every rule component: phrases are indexed by their first word and the
longest one that matches the tokens from position i wins. The rule components call
`match` at every token of every document, so the document's words are read once per
document (`_words`), not as a spaCy Token object per call.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc


class PhraseTable:
    def __init__(self, phrases: Iterable[str]) -> None:
        self._by_first: dict[str, list[list[str]]] = {}
        for phrase in set(phrases):
            parts = phrase.split()
            if parts:
                self._by_first.setdefault(parts[0], []).append(parts)
        for options in self._by_first.values():
            options.sort(key=len, reverse=True)

    def match(self, doc: Doc, i: int) -> int:
        """Token length of the longest phrase starting at doc[i] (0 if none)."""
        words = _words(doc)
        options = self._by_first.get(words[i])
        if options is None:
            return 0
        for parts in options:
            if words[i : i + len(parts)] == parts:
                return len(parts)
        return 0


_LAST: list = [None, []]  # the last document seen and its words (kg never retokenizes)


def _words(doc: Doc) -> list[str]:
    """The texts of doc's tokens, computed once per document (a strong reference to the
    last document makes the identity check safe; a changed length means a new split)."""
    if _LAST[0] is not doc or len(_LAST[1]) != len(doc):
        _LAST[0], _LAST[1] = doc, [t.text for t in doc]
    return _LAST[1]
