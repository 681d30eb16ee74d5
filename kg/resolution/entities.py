"""Entities from merged local clusters: label, aliases, confidence and a unique id.

Split from kg/resolution/resolver.py so the grouping rules and the output shape live apart.
"""

from __future__ import annotations

from collections import defaultdict
from math import prod
from typing import TYPE_CHECKING

from kg.models import ENTITY_TYPES, Entity, Resolution
from kg.rdf import slugify
from kg.resolution import names as nm
from kg.resolution.unionfind import UnionFind

if TYPE_CHECKING:
    from kg.resolution.resolver import Local

PERSON = ENTITY_TYPES[0]
MAX_CONFIDENCE = 0.99


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
        label = nm.choose_label(typ == PERSON, [(n.clean, n.virtual, n.short, n.titled)
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
