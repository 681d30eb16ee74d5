"""Long articles (transcripts, reports) are extracted in pieces, with offsets kept right.

Extraction looks at sentences and entities through spaCy properties that scan the whole
document, so one article's cost grows with the square of its length (an 881 KB article
took minutes), and spaCy refuses texts over `nlp.max_length` (1,000,000 characters) with
a long E088 message. Cutting an article longer than `PIECE_CHARS` at paragraph (else
sentence, else word) boundaries and extracting each piece on its own makes the cost what
the size says; the pieces' extractions are then merged into one for the whole article:
offsets shifted by the piece's start, mention keys made unique per piece. What a piece
cannot see is context in another piece (an event named 30,000 characters earlier).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from kg.models import Article, ArticleExtraction

PIECE_CHARS = 20_000
_OFFSETS = {"start", "end", "sent_start", "sent_end"}
_KEYS = {"key", "same_as"}
_SHARED_KEYS = {"publisher"}  # metadata mentions every piece makes: kept once, as is


def is_long(text: str) -> bool:
    return len(text) > PIECE_CHARS


def split_pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) spans covering `text`, each at most `limit` characters, cut at the
    last paragraph break in the window's second half, else a sentence end, else a space."""
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > limit:
        window = text[start + limit // 2:start + limit]
        cut = None
        for pat in (r"\n\s*\n", r"[.!?]\"?\s", r"\s"):
            found = [m.end() for m in re.finditer(pat, window)]
            if found:
                cut = start + limit // 2 + found[-1]
                break
        cut = cut or start + limit
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


def _shift(obj: Any, offset: int, prefix: str) -> Any:
    """A copy of a Mention/Relation/Quote/Evidence with offsets moved and keys prefixed."""
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.name in _OFFSETS and isinstance(value, int):
            changes[f.name] = value + offset
        elif f.name in _KEYS | {"subject", "object", "speaker"} and isinstance(value, str) \
                and value not in _SHARED_KEYS:
            changes[f.name] = prefix + value
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes[f.name] = _shift(value, offset, prefix)
    return dataclasses.replace(obj, **changes)


def merge(article: Article, parts: list[tuple[int, ArticleExtraction]]) -> ArticleExtraction:
    """One extraction for `article` from (piece start, piece extraction) pairs."""
    out = ArticleExtraction(article=article)
    seen_shared: set[str] = set()
    for k, (offset, ex) in enumerate(parts):
        prefix = f"p{k}." if k else ""
        for m in ex.mentions:
            if m.key in _SHARED_KEYS:
                if m.key not in seen_shared:
                    seen_shared.add(m.key)
                    out.mentions.append(m)
                continue
            out.mentions.append(_shift(m, offset, prefix))
        out.relations += [_shift(r, offset, prefix) for r in ex.relations]
        out.quotes += [_shift(q, offset, prefix) for q in ex.quotes]
    return out


def extract_article(nlp: Any, extractor: Any, article: Article) -> ArticleExtraction:
    """extractor(nlp(text)) for a normal article; piece by piece for a long one."""
    if not is_long(article.text):
        return extractor(nlp(article.text), article)
    parts = []
    for start, end in split_pieces(article.text):
        piece = dataclasses.replace(article, text=article.text[start:end])
        parts.append((start, extractor(nlp(piece.text), piece)))
    return merge(article, parts)

