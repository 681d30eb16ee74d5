"""Entities from merged local clusters: label (the best-written name), aliases, confidence
and a unique id.

Split from kg/resolution/resolver.py so the grouping rules and the output shape live apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from math import prod
from typing import TYPE_CHECKING

from kg.models import ENTITY_TYPES, Entity, Resolution
from kg.rdf import slugify
from kg.resolution.names import FUNCTION_WORDS, initials, is_acronym, norm
from kg.resolution.unionfind import UnionFind

if TYPE_CHECKING:
    from kg.resolution.resolver import Local

PERSON = ENTITY_TYPES[0]
MAX_CONFIDENCE = 0.99


@lru_cache(maxsize=100_000)
def form_quality(text: str) -> int:
    """3 for title case (every word but function words capitalised) or an acronym, 2 for
    other mixed case starting with a capital, 1 for all capitals or a lowercase start,
    0 for all lowercase: a label should look like the name as a careful writer spells it."""
    if is_acronym(text):
        return 3
    if text.isupper():
        return 1
    if text.islower() or not any(c.isalpha() for c in text):
        return 0
    words = [w.lstrip("\"'(\u201c") for w in text.split()]
    if all(w[:1].isupper() or not w[:1].isalpha() or w.casefold() in FUNCTION_WORDS
           for w in words):
        return 3
    return 2 if words[0][:1].isupper() else 1


def choose_label(person: bool, forms: Iterable[tuple[str, tuple[str, ...], bool, bool]]) -> str:
    """The canonical label among (clean form, long forms from tables, is-short, had a
    title cut off) tuples: long forms before acronyms and nicknames, well-formed case
    before capitals or lowercase, then for people the fullest name and for others the
    most frequent. A title-cut form that ends with another name of two tokens or more is
    left out: "Keuangan Sri Mulyani Indrawati" is a cut gone wrong."""
    count: dict[str, int] = defaultdict(int)
    short: dict[str, bool] = {}
    titled: set[str] = set()
    for clean, virtual, is_short, was_titled in forms:
        count[clean] += 1
        short[clean] = short.get(clean, True) and is_short
        if was_titled:
            titled.add(clean)
        for v in virtual:  # a long form counts as often as the forms that imply it
            count[v] += 1
            short.setdefault(v, False)
    keys = {f: norm(f) for f in count}
    for f in sorted(titled):
        if any(len(k.split()) > 1 and k != keys[f] and keys[f].endswith(" " + k)
               for k in keys.values()):
            del count[f]
    if not person:  # "Pgri" is as short as "PGRI" when the long form is present
        inits = {initials(norm(f)) for f in count} - {""}
        for f in count:
            short[f] = short[f] or norm(f).replace(" ", "") in inits

    top = max(count.values(), default=1)

    def score(f: str) -> tuple[bool, int, bool, int, int, int, int, str]:
        toks = norm(f).split()
        initials = -sum(len(t) == 1 for t in toks)  # "Bambang P.S. B." < the full name
        # a form seen once beside one seen a thousand times is a slip ("Anies Rasyis
        # Baswedan", two names run together), not the fullest name
        attested = count[f] * 10 >= top
        a, b, c = (len(toks), initials, count[f]) if person else (count[f], len(toks), 0)
        return (not short[f], form_quality(f), attested, a, b, c, len(f), f)

    best = max((f for f in count if norm(f)), key=score, default=next(iter(count), ""))
    if person and form_quality(best) == 1 and len(best.split()) > 1:  # "JOKO WIDODO"
        best = " ".join(w[:1].upper() + w[1:].lower() for w in best.split())
    return best


def build_entities(locals_: list[tuple[str, Local]], uf: UnionFind) -> Resolution:
    groups: dict[int, list[tuple[str, Local]]] = defaultdict(list)
    for c, item in enumerate(locals_):
        groups[uf.find(c)].append(item)
    built: list[Entity] = []
    for root in sorted(groups):
        items = groups[root]
        typ = items[0][1].type
        pairs = [(aid, m, n) for aid, loc in items
                 for m, n in zip(loc.mentions, loc.names, strict=True)]
        conf = prod(1.0 - min(max(m.confidence, 0.0), MAX_CONFIDENCE) for _, m, _ in pairs)
        aliases = {s.strip() for _, m, n in pairs
                   for s in (m.text, m.name, n.clean, *n.virtual)}
        label = choose_label(typ == PERSON, [(n.clean, n.virtual, n.short, n.titled)
                                                for _, _, n in pairs])
        built.append(Entity(id="", type=typ, label=label,
                            aliases={a for a in aliases | {label} if a},
                            confidence=round(min(1.0 - conf, MAX_CONFIDENCE), 4),
                            mentions=sorted((aid, m.key) for aid, m, _ in pairs)))
    return assign_ids(built)


def assign_ids(entities: list[Entity]) -> Resolution:
    """slugify(label), unique across all entities (Resolution is keyed by id): the entity
    with most mentions keeps the bare slug; one of another type gets its type appended,
    another of the same type a number."""
    order = {t: i for i, t in enumerate(ENTITY_TYPES)}
    taken: dict[str, str] = {}  # id -> type
    out: dict[str, Entity] = {}
    for e in sorted(entities, key=lambda e: (slugify(e.label), -len(e.mentions),
                                              order.get(e.type, 99), e.type, e.label,
                                              e.mentions[:1])):
        slug = slugify(e.label)
        cand = slug if taken.get(slug, e.type) == e.type else f"{slug}-{e.type.lower()}"
        n = 2
        while cand in taken:
            cand = f"{slug}-{n}"
            n += 1
        taken[cand] = e.type
        e.id = cand
        out[cand] = e
    mention_entity = {pair: e.id for e in out.values() for pair in e.mentions}
    return Resolution(entities=dict(sorted(out.items())), mention_entity=mention_entity)
