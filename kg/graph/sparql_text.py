"""What a SPARQL request is, read from its text before any engine sees it.

The endpoint must refuse two kinds of request whatever their spelling: updates (403) and
federated queries (`SERVICE`, 400), because Oxigraph's engine would execute a `SERVICE`
clause by sending an HTTP request to any address the query names. pyoxigraph exposes no
parser, so the text is tokenised here, conservatively: a `SERVICE` keyword hidden in a
prefixed name, a variable, a string, an IRI or a comment is not a keyword, and anything
else spelled `service` (any case) is refused, also after SPARQL 1.1's `\\uXXXX` escape
pre-processing, which can change where strings begin and end. A rare false refusal
(a prefixed name such as `schema:Service` is fine; a bare word is not) is the price of
never letting one through.
"""

from __future__ import annotations

import re

# Order matters: comments, strings and IRIs first, so keywords inside them are not seen.
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>(?:[^\W\d_][\w.-]*)?:(?:(?:[\w:%-]|\\.)(?:(?:[\w.:%-]|\\.)*(?:[\w:%-]|\\.))?)?)
  | (?P<bnode>_:[\w.-]*)
  | (?P<word>[^\W\d][\w-]*)
  | (?P<other>\S)
    """,
    re.X | re.S,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
UPDATE_KEYWORDS = frozenset(
    "insert delete load clear drop create add move copy with".split())
_PROLOGUE = frozenset(("prefix", "base"))


def _expand_escapes(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _ESCAPE.sub(one, text)


def _words(text: str) -> list[str]:
    """The bare words of the query (keywords, function names), lower-cased, in order."""
    return [m.group("word").lower() for m in _TOKEN.finditer(text) if m.lastgroup == "word"]


def _variants(text: str) -> list[str]:
    expanded = _expand_escapes(text)
    return [text] if expanded == text else [text, expanded]


def uses_service(text: str) -> bool:
    """True when any reading of TEXT has a bare `SERVICE` word (federated query)."""
    return any("service" in _words(t) for t in _variants(text))


def is_update(text: str) -> bool:
    """True when the first keyword after the prologue starts a SPARQL Update operation."""
    for t in _variants(text):
        words = _words(t)
        i = 0
        while i < len(words) and words[i] in _PROLOGUE:
            i += 1
        if i < len(words) and words[i] in UPDATE_KEYWORDS:
            return True
    return False
