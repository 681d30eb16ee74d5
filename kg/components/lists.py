"""Names in a list are things of one kind: "Kementerian X, KADIN, BANI dan IArbI".

Split from kg/components/rules.py (which merges rule and model spans) so each file keeps
to one job: here, acronyms nobody typed take the type of the organisations listed with them.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.components.boundary import word_kind

LIST_JOINS = {",", "dan", "serta", "&"}


def _acronym_like(text: str) -> bool:
    """"KADIN", "BANI", "IArbI": three or more letters, at least two of them capitals, the
    first a capital (not a Roman numeral)."""
    return len(text) >= 3 and text.isalpha() and text[0].isupper() and \
        sum(c.isupper() for c in text) >= 2 and not re.fullmatch(r"[IVXL]+", text)


def listed_acronyms(doc: Doc, kept: list[Span], taken: set[int]) -> list[Span]:
    """Acronyms no rule or model named, in a list beside organisations ("Kementerian X,
    KADIN, BANI dan IArbI"): a list holds things of one kind, so they are organisations."""
    org_end = {sp.end for sp in kept if sp.label_ == "ORG"}
    org_start = {sp.start for sp in kept if sp.label_ == "ORG"}
    found: set[int] = set()
    cands = [k for k in range(len(doc)) if k not in taken and _acronym_like(doc[k].text)]
    for order in (cands, cands[::-1]):  # a run "A, B dan C" spreads both ways
        for k in order:
            left = k >= 2 and doc[k - 1].text in LIST_JOINS and (
                k - 1 in org_end or k - 2 in found)
            right = k + 2 < len(doc) and doc[k + 1].text in LIST_JOINS and (
                k + 2 in org_start or k + 2 in found)
            if left or right:
                found.add(k)
    return [Span(doc, k, k + 1, label="ORG") for k in sorted(found)]


def persons_in_lists(spans: list[Span]) -> list[Span]:
    """A model organisation or place that opens with a person's name word (corpus
    statistics) and stands in a pair or list with a person ("Budi Santoso dan Yayuk Lestari
    Wibowo") is a person: the post rule then pairs both with their posts ("... sebagai
    Gubernur dan Wakil Gubernur")."""
    per_end = {sp.end: sp for sp in spans if sp.label_ == "PER"}
    per_start = {sp.start: sp for sp in spans if sp.label_ == "PER"}
    out = []
    for sp in spans:
        doc = sp.doc
        if sp.label_ in ("ORG", "LOC") and len(sp) >= 2 and word_kind(sp[0].text) == "name" \
                and not any(word_kind(t.text) == "org" for t in sp[1:]):
            left = sp.start >= 1 and doc[sp.start - 1].text in LIST_JOINS and \
                sp.start - 1 in per_end
            right = sp.end < len(doc) and doc[sp.end].text in LIST_JOINS and \
                sp.end + 1 in per_start
            if left or right:
                sp = Span(doc, sp.start, sp.end, label="PER")
        out.append(sp)
    return out
