"""Incremental resolution and stable IRIs (issue 9 part 3, CONTRACT).

A build resolves in one of two ways, both ending with the entity index saved:
- *incremental* (the usual case once a folder has an index): the articles new or changed
  since the index was written are resolved among themselves by the Resolver, and each
  entity found is matched against the index by its keys (kg/entity_index.py). One hit:
  the mentions join that entity (its IRI and label stay). Several: the new article shows
  they are one thing, so they are merged; the one with most mentions is kept and the
  others' IRIs become `owl:sameAs` of it. None: a new id is minted. Work is proportional
  to the new articles, plus one pass over the index when a merge needs its reverse map.
- *full* (no index, `--reresolve`, rules or model changed, or many articles new): the
  Resolver runs over every article, then `carry_ids` gives each new entity the id of the
  old entity most of its mentions had, so IRIs survive; an old id no entity took becomes
  `owl:sameAs` of the entity that got most of its mentions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

from kg.entity_index import EntityIndex, Indexed, combine, entity_keys, iri_of
from kg.models import ENTITY_TYPES, ArticleExtraction, Entity, Resolution
from kg.rdf import slugify

# a build with at least this share of articles new or changed resolves in full: as costly
# as matching, and the Resolver sees every mention at once
FULL_SHARE = 0.25


def mint(label: str, typ: str, taken: Callable[[str], bool], types: dict[str, str]) -> str:
    """A fresh id as `_assign_ids` makes them (slugify(label); the type appended when
    another type has the slug; else a number), never one in use or used before (`taken`).
    `types` gives the type of ids in use."""
    slug = slugify(label)
    if not taken(slug):
        return slug
    cand = f"{slug}-{typ.lower()}"
    if types.get(slug) != typ and not taken(cand):
        return cand
    n = 2
    while taken(f"{slug}-{n}"):
        n += 1
    return f"{slug}-{n}"


def add_articles(index: EntityIndex, resolver: object, exs: list[ArticleExtraction],
                 gone: list[str]) -> Resolution:
    """Resolve the new or changed articles `exs` against the index (removing `gone`
    articles first); update the index in place and return the whole Resolution with
    `touched`, `same_as` and `rewrite_articles` set for the store."""
    touched_ids: set[str] = set()
    touched: set[str] = set()
    rewrite = {ex.article.id for ex in exs}
    for aid in [ex.article.id for ex in exs] + gone:
        touched_ids |= index.forget_article(aid)
    part = resolver.resolve(exs)  # type: ignore[attr-defined]
    by_key = index.by_key()
    types = {eid: e.type for eid, e in index.entities.items()}
    for e in sorted(part.entities.values(), key=lambda e: (-len(e.mentions), e.id)):
        keys = entity_keys(resolver, e.type, e.aliases)
        hits = sorted({next(iter(ids)) for k in keys if len(ids := by_key.get(k, ())) == 1})
        if not hits and e.type == "Person":
            hits = lone_name(index, keys)
        if hits:
            kept = min(hits, key=lambda h: (-index.entities[h].count, h))
            for other in hits:
                if other != kept:
                    touched.add(iri_of(index.entities[other].type, other))
                    rewrite |= merge_into(index, other, kept)
            target = index.entities[kept]
            keys = entity_keys(resolver, e.type, e.aliases, target.keys)
            target.aliases |= e.aliases
            target.confidence = combine(target.confidence, e.confidence)
        else:
            kept = mint(e.label, e.type, index.taken, types)
            types[kept] = e.type
            index.entities[kept] = Indexed(e.type, e.label, e.confidence, set(e.aliases), set())
        index.add_keys(kept, keys)
        for aid, mkey in e.mentions:
            index.set_mention(aid, mkey, kept)
        touched_ids.add(kept)
    for ex in exs:
        index.articles[ex.article.id] = ex.article.content_hash
    touched |= index.retire_empty()
    touched |= {iri_of(index.entities[t].type, t) for t in touched_ids if t in index.entities}
    return index.resolution(touched, rewrite)


def lone_name(index: EntityIndex, keys: set[str]) -> list[str]:
    """A person known by one word only ("Santoso") joins the one known person whose fuller
    name starts or ends with it, as the Resolver's person containment does; a word of
    fewer than 4 letters or one that fits several people joins nothing."""
    toks = {k.partition("\t")[2] for k in keys if k.partition("\t")[2][:1] not in "~^"}
    if len(toks) != 1 or " " in (tok := next(iter(toks))) or len(tok) < 4:
        return []
    fits = index.ends().get(tok, set())
    return sorted(fits) if len(fits) == 1 else []


def merge_into(index: EntityIndex, dropped: str, kept: str) -> set[str]:
    """Fold entity `dropped` into `kept`: its mentions, names and keys move, its IRI
    becomes `owl:sameAs` of kept's. Returns the articles whose graphs named it."""
    arts = set(index.articles_of(dropped))
    for aid in arts:
        ms = index.mentions[aid]
        for mkey, eid in list(ms.items()):
            if eid == dropped:
                ms[mkey] = kept
                index.entities[kept].count += 1
    index.articles_of(kept).update(arts)
    d = index.drop(dropped)
    k = index.entities[kept]
    k.aliases |= d.aliases
    k.confidence = combine(k.confidence, d.confidence)
    index.add_keys(kept, d.keys)
    iri = iri_of(d.type, dropped)
    index.same_as[iri] = kept
    for old, target in list(index.same_as.items()):
        if target == dropped:
            index.same_as[old] = kept
    return arts


def carry_ids(res: Resolution, old: EntityIndex) -> Resolution:
    """Rename the entities of a full resolution so that every id the old index knew
    survives: as the id of the entity most of its mentions went to (same type), or as an
    `owl:sameAs` IRI of it. New entities get ids never used before."""
    old_of = {(aid, k): eid for aid, ms in old.mentions.items() for k, eid in ms.items()}
    new_of = res.mention_entity
    pairs = []
    for e in res.entities.values():
        votes = Counter(old_of[p] for p in e.mentions if p in old_of)
        pairs += [(-n, e.id, oid) for oid, n in votes.items()
                  if oid in old.entities and old.entities[oid].type == e.type]
    final: dict[str, str] = {}
    used: set[str] = set()
    for _, nid, oid in sorted(pairs):
        if nid not in final and oid not in used:
            final[nid] = oid
            used.add(oid)
    taken_ids = set(old.entities) | old.retired
    types = {oid: old.entities[oid].type for oid in used}
    order = {t: i for i, t in enumerate(ENTITY_TYPES)}
    for e in sorted(res.entities.values(), key=lambda e: (-len(e.mentions),
                                                          order.get(e.type, 9), e.id)):
        if e.id not in final:
            final[e.id] = mint(e.label, e.type, lambda c: c in taken_ids or c in types, types)
            types[final[e.id]] = e.type
    ents: dict[str, Entity] = {}
    for e in res.entities.values():
        e.id = final[e.id]
        ents[e.id] = e
    # where did the mentions of each old id no new entity took go?
    dest: dict[str, Counter[str]] = defaultdict(Counter)
    for p, oid in old_of.items():
        if oid not in used and p in new_of:
            dest[oid][final[new_of[p]]] += 1
    same_as: dict[str, str] = {}
    moved: dict[str, str] = {}  # old id -> id it now lives under
    for oid in sorted(set(old.entities) - used):
        if dest.get(oid):
            moved[oid] = dest[oid].most_common(1)[0][0]
            same_as[iri_of(old.entities[oid].type, oid)] = moved[oid]
    for iri, kept in old.same_as.items():
        target = kept if kept in used else moved.get(kept)
        if target is not None:
            same_as[iri] = target
    me = {p: final[eid] for p, eid in new_of.items()}
    return Resolution(entities=dict(sorted(ents.items())), mention_entity=me,
                      same_as=same_as, touched=None, rewrite_articles=None)


def index_from(res: Resolution, resolver: object, fingerprint: str,
               old: EntityIndex | None, hashes: dict[str, str]) -> EntityIndex:
    """The index describing a full resolution (ids already carried over by `carry_ids`)."""
    idx = EntityIndex(fingerprint)
    for eid, e in res.entities.items():
        idx.entities[eid] = Indexed(e.type, e.label, e.confidence, set(e.aliases),
                                    entity_keys(resolver, e.type, e.aliases), len(e.mentions))
    for (aid, mkey), eid in res.mention_entity.items():
        idx.mentions.setdefault(aid, {})[mkey] = eid
    idx.articles = dict(hashes)
    idx.same_as = dict(res.same_as)
    if old is not None:
        idx.retired = (old.retired | set(old.entities)) - set(idx.entities)
    idx.retired |= {iri.rsplit("/", 1)[-1] for iri in idx.same_as}
    return idx


def resolve_build(index: EntityIndex | None, resolver: object, fingerprint: str,
                  hashes: dict[str, str], load: Callable[[list[str]], list[ArticleExtraction]],
                  *, reresolve: bool | None = None) -> tuple[Resolution, EntityIndex]:
    """Resolve a build whose current articles have these content `hashes`; `load` gives
    the extractions of the ids asked for. `reresolve`: True = full, False = incremental
    whenever an index can be used, None = decide (see module doc). Returns the Resolution
    and the index to save once the outputs are written."""
    usable = index is not None and index.fingerprint == fingerprint
    todo = sorted(a for a, h in hashes.items() if index is None or index.articles.get(a) != h)
    gone = sorted(set(index.articles) - set(hashes)) if index is not None else []
    full = (not usable or reresolve is True
            or (reresolve is None and len(todo) + len(gone) >= FULL_SHARE * max(len(hashes), 1)))
    if full:
        res = resolver.resolve(load(sorted(hashes)))  # type: ignore[attr-defined]
        if index is not None:
            res = carry_ids(res, index)
        return res, index_from(res, resolver, fingerprint, index, hashes)
    assert index is not None
    if not todo and not gone:
        return index.resolution(set(), set()), index
    return add_articles(index, resolver, load(todo), gone), index
