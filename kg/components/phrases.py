"""Multi-word phrases (titles, designators, event triggers) matched at a token.

One lookup for every rule component: phrases are indexed by their first word and the
longest one that matches the tokens from position i wins.
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
        for parts in self._by_first.get(doc[i].text, ()):
            if [t.text for t in doc[i : i + len(parts)]] == parts:
                return len(parts)
        return 0
