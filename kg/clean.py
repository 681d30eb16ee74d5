"""Article text cleaning: one normal form, no boilerplate, no dateline.

Everything downstream (sentences, mentions, evidence offsets) refers to offsets in the
text this module returns, so cleaning happens exactly once, here, and never after
extraction. Boilerplate patterns are data (kg/data/boilerplate.txt) because every news
site invents its own "Baca juga" furniture and users must be able to add theirs without
touching Python. Dateline patterns stay in code: they also pull out the place and the
publisher, which a list of deletions cannot do.

Dateline forms recognised at the very start of the text (after dashes became "-"):

  BANDUNG (Kabarjabar) -        place (publisher) -
  Liputan6.com, Jakarta -       domain, place -        (also TEMPO.CO,Yogyakarta -)
  JAKARTA, KOMPAS.com -         place, domain or name - (also Jakarta, CNN Indonesia --)
  KABARKU.COM -                 domain -
  JAKARTA -                     ALL-CAPS place -
  - Wakil Ketua ...             a bare leading dash (a corpus that dropped the dateline)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kg.errors import KgError
from kg.resources import read_lines

BOILERPLATE_FILE = "boilerplate.txt"

_DELETE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"))
_TRANSLATE: dict[int, str | None] = {
    **_DELETE,
    **{ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033"},
    **{ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u2039\u203a"},
    **{ord(c): "-" for c in "\u2013\u2014\u2012\u2015\u2212"},
    **{ord(c): " " for c in "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u3000\t\f\v"},
}
_SPACES = re.compile(r" {2,}")
# C0/C1 controls and bidi overrides: invisible, and they break offsets and matching
# (lone surrogates from a JSON "\\ud800" cannot even be written as UTF-8)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_LIST_ITEM = re.compile(r"(?:[-*+\u2022]|\d{1,3}[.)])\s")


@dataclass(frozen=True)
class Dateline:
    """What the dateline said: place title-cased ("Bandung"), publisher as written."""

    place: str | None = None
    publisher: str | None = None


@dataclass
class Cleaned:
    """The final article text plus what cleaning learned while removing furniture."""

    text: str
    dateline: Dateline
    author: str | None = None


def normalize_chars(text: str) -> str:
    """Character-level normal form, keeping every line break.

    Curly quotes, dashes and odd spaces vary by publisher and CMS; folding them makes
    quote detection and name matching see one spelling.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text).translate(_TRANSLATE))
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def layout(text: str) -> str:
    """Paragraphs separated by exactly one blank line; wrapped lines joined.

    The sentence splitter breaks at every newline, so a hard-wrapped line must not end a
    sentence. Where the text has blank lines they mark paragraphs and single newlines are
    wraps (except before a list item); where it has none, every line is a paragraph.
    """
    text = text.strip("\n")
    if re.search(r"\n[ \t]*\n", text):
        paragraphs = re.split(r"\n[ \t]*(?:\n[ \t]*)+", text)
    else:
        paragraphs = text.split("\n")
    out = []
    for para in paragraphs:
        lines = [ln.strip() for ln in para.split("\n") if ln.strip()]
        if not lines:
            continue
        joined = lines[0]
        for ln in lines[1:]:
            joined += ("\n" if _LIST_ITEM.match(ln) else " ") + ln
        out.append(_SPACES.sub(" ", joined))
    return "\n\n".join(out)


def normalize(text: str) -> str:
    """NFC, plain quotes and dashes, single spaces, blank line between paragraphs."""
    return layout(normalize_chars(text))


# --- boilerplate -------------------------------------------------------------------------

@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    """Compile kg/data/boilerplate.txt once; a bad user pattern is a user error."""
    out = []
    for line in read_lines(BOILERPLATE_FILE):
        try:
            out.append(re.compile(line, re.MULTILINE | re.IGNORECASE))
        except re.error as exc:
            raise KgError(f"{BOILERPLATE_FILE}: the pattern {line!r} is not a valid regular "
                          f"expression ({exc}).") from exc
    return tuple(out)


def rules_fingerprint() -> str:
    """Changes whenever the boilerplate patterns do, so a build cache can notice."""
    import hashlib

    return hashlib.sha256("\n".join(p.pattern for p in boilerplate_patterns()).encode()
                          ).hexdigest()[:12]


def remove_boilerplate(text: str) -> str:
    """Delete every boilerplate pattern match; runs on line-structured text."""
    for pat in boilerplate_patterns():
        text = pat.sub("", text)
    return text


_AUTHOR = re.compile(r"^[ \t]*(?:penulis|reporter|pewarta|oleh)[ \t]*:[ \t]*([^\n]{2,80}?)[ \t]*$",
                     re.MULTILINE | re.IGNORECASE)


def find_author(text: str) -> str | None:
    """The name on a "Penulis:"/"Reporter:" credit line, read before the line is removed."""
    m = _AUTHOR.search(text)
    return m.group(1).strip(" .,") or None if m else None


# --- dateline ----------------------------------------------------------------------------

_DOMAIN = r"(?:[A-Za-z][\w-]*(?:\.[A-Za-z]{2,6}){1,2}|TEMPO[.,] ?CO\.?)"
_CAPS_PLACE = r"[A-Z][A-Z']+(?:[ -][A-Z][A-Z']+){0,3}"
_TITLE_PLACE = r"[A-Z][a-z']+(?: [A-Z][a-z']+){0,3}"
_PLACE = rf"(?:{_CAPS_PLACE}|{_TITLE_PLACE})"
_NAME = r"[A-Z][\w&'-]*(?: [A-Z][\w&'-]*){0,3}"
_SEP = r"(?:\s+-{1,2}\s*|\s*-{1,2}\s+|\s*--\s*)"
_DATELINES = [
    re.compile(rf"(?P<place>{_PLACE})\s*\((?P<pub>[^()\n]{{2,40}})\){_SEP}"),
    re.compile(rf"(?P<pub>{_DOMAIN})\s*,?\s*(?P<place>{_PLACE}){_SEP}"),
    re.compile(rf"(?P<place>{_PLACE})\s*,\s*(?P<pub>{_DOMAIN}|{_NAME}){_SEP}"),
    re.compile(rf"(?P<pub>{_DOMAIN}){_SEP}"),
    re.compile(rf"(?P<place>{_CAPS_PLACE}){_SEP}"),
    re.compile(r"-{1,2}\s*"),
]


_ACRONYMS = {"DKI", "DIY", "NTB", "NTT", "RI", "AS", "USA", "UK", "UEA", "PBB", "KL", "DC"}


def _place_case(place: str) -> str:
    """BANDUNG -> Bandung, KOTA BANDUNG -> Kota Bandung; known acronyms (DKI) stay."""
    if place != place.upper():
        return place
    return " ".join(w if w in _ACRONYMS else w.capitalize() for w in place.split())


def split_dateline(text: str) -> tuple[str, Dateline]:
    """Remove a leading dateline so it never becomes an entity of the text."""
    for pat in _DATELINES:
        m = pat.match(text)
        if not m:
            continue
        groups = m.groupdict()
        place = groups.get("place")
        pub = groups.get("pub")
        # a corpus that cut a link right after the dateline leaves ",siap ..." behind
        rest = text[m.end():].lstrip().lstrip(",;:").lstrip()
        return rest, Dateline(
            place=_place_case(place.strip()) if place else None,
            publisher=pub.strip() if pub else None,
        )
    return text, Dateline()


def clean(raw: str) -> Cleaned:
    """Raw article text -> the final `Article.text`, its dateline and author."""
    text = normalize_chars(raw)
    author = find_author(text)
    text = layout(remove_boilerplate(text))
    text, dateline = split_dateline(text)
    return Cleaned(text=layout(text), dateline=dateline, author=author)
