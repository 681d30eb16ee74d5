"""Two places the model read as one: "komplek parlemen Senayan Jakarta".

News writes a locality and its city with a comma ("Senayan, Jakarta"); where the comma is
missing the model often takes both as one place, which then names nothing. A model place
that is no known name but ends in a known city, regency or province, after one or two words the
corpus uses in place or organisation names, is split in two. Spans opened by a body's or a
venue's head ("Kota Bandung", "Polda Kalimantan Barat", "Jalan Patra Kuningan") and names
the gazetteer knows whole ("Jakarta Selatan") are left alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from spacy.tokens import Span

from kg import resources
from kg.components.boundary import word_kind

SPLIT_KINDS = frozenset({"city", "regency", "province"})
HEADS = frozenset({"Provinsi", "Kabupaten", "Kab.", "Kota", "Kecamatan", "Kec.", "Desa",
                   "Kelurahan", "Distrik", "Kampung", "Dusun"})


def split_glued_places(spans: list[Span], places: Mapping[str, str]) -> list[Span]:
    """The spans with each glued "Locality City" model place cut into its two places."""
    out: list[Span] = []
    for e in spans:
        cut = _cut(e, places) if e.label_ == "LOC" and len(e) >= 2 else None
        if cut is None:
            out.append(e)
        else:
            out += [Span(e.doc, e.start, cut, label="LOC"), Span(e.doc, cut, e.end, label="LOC")]
    return out


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    """Words that open a named body or venue ("Polda", "Dinas", "Jalan", "RS"): a span
    they open is one name ("Jalan Patra Kuningan", "RS Siloam Bali"), never split."""
    des = resources.designators()
    words = des.get(("Organization", "head"), set()) | des.get(("Place", "head"), set())
    words |= {s for s, _ in resources.abbreviations().get("OrgPrefix", [])}
    return frozenset({w.split()[0] for w in words} | HEADS)


def _cut(e: Span, places: Mapping[str, str]) -> int | None:
    if e.text in places or e[0].text in _heads():
        return None
    for k in range(e.start + 1, min(e.end, e.start + 3)):  # a locality of one or two words
        head, tail = e.doc[e.start:k], e.doc[k:e.end]
        if places.get(tail.text) in SPLIT_KINDS and head.text not in places \
                and all(t.text[:1].isupper() for t in head) \
                and word_kind(head[-1].text) == "org":
            return k
    return None
