"""Article identity and the fields that become IRIs: made safe once, checked everywhere.

An article's `url` becomes an IRI in the graph, and an IRI with a space or a quote in it
makes rdflib refuse to serialise the *whole* graph; so ingest percent-encodes such
characters (`safe_url`) and the cache re-checks every entry on load (`unwritable`), so a
bad value can never reach the writer, not even from a cache written by an older kg.

Article ids must not collide silently: `id_key` is the form under which two ids count as
"the same article" for clash reports (case and a trailing slash ignored), and
`article_slug` gives each distinct id its own IRI segment even when their readable slugs
coincide ("KOMPAS-1" and "kompas-1/" stay two articles).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from kg.models import Article

# characters an IRI may not contain (RFC 3987), plus the controls and bidi marks
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f\u202a-\u202e\u2066-\u2069]'
                         r"|%(?![0-9A-Fa-f]{2})|[\ud800-\udfff]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S")
# lone surrogates cannot be encoded as UTF-8; controls are invisible and break matching
_BAD_TEXT = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
URL_MAX = 2000


def _encode(m: re.Match[str]) -> str:
    ch = m.group()
    if "\ud800" <= ch <= "\udfff":
        return ""
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8"))


def safe_url(value: str | None) -> str | None:
    """An absolute IRI with every character an IRI may not hold percent-encoded, or None
    when the value is not an absolute URL at all (then the caller uses its fallback)."""
    if not value:
        return None
    value = value.strip()
    if not _SCHEME.match(value) or len(value) > URL_MAX:
        return None
    return _NOT_IN_IRI.sub(_encode, value)


def clean_field(value: str | None) -> str | None:
    """A metadata string (id, title, author, publisher) without characters that cannot be
    written (lone surrogates) or seen (controls); whitespace collapsed; None when empty."""
    if value is None:
        return None
    value = " ".join(_BAD_TEXT.sub("", unicodedata.normalize("NFC", value)).split())
    return value or None


def id_key(article_id: str) -> str:
    """Ids equal under this key are one article to a reader: report, never merge."""
    return article_id.casefold().rstrip("/").strip()


def article_slug(article_id: str) -> str:
    """Readable IRI segment, unique per distinct id: a hash is added whenever the slug
    lost information (case, punctuation, length), so two ids never share a node."""
    t = unicodedata.normalize("NFKD", article_id).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", t).strip("-").lower()[:80]
    if slug and slug == article_id:
        return slug
    digest = hashlib.sha1(article_id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug}-{digest}" if slug else digest


def unwritable(article: Article) -> str | None:
    """Why this article cannot be written to the graph, or None when it can."""
    for name in ("id", "text", "title", "publisher", "author", "dateline", "date"):
        value = getattr(article, name)
        if name in ("id", "text") and not (isinstance(value, str) and value):
            return f"its {name} is missing"
        if value is not None and not isinstance(value, str):
            return f"its {name} is not a string"
        if value and re.search(r"[\ud800-\udfff]", value):
            return f"its {name} holds characters that cannot be encoded"
    if article.url is not None and (not isinstance(article.url, str)
                                    or safe_url(article.url) != article.url):
        return f"its url {str(article.url)[:80]!r} is not a valid IRI"
    return None
