"""Cross-article merges between resolution nodes (one node per (type, key)).

Each rule unions nodes in a shared union-find, never compares all names against all:
undefined acronyms join the one organisation whose initials they spell, spelling variants
meet through compact keys and fuzzy matching in small blocks, and a person name joins the
one longer known name containing it. Split from kg/resolution/resolver.py (which builds
the nodes) so each file keeps to one job.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from kg.models import ENTITY_TYPES
from kg.resolution import names as nm
from kg.resolution.names import covers, initials, tokens_agree
from kg.resolution.unionfind import UnionFind

PERSON, ORGANIZATION, PLACE, EVENT, POST = ENTITY_TYPES

FUZZY_MIN_SCORE = 92  # token_sort_ratio; below this old/new spellings are left apart
FUZZY_MIN_LEN = 8  # short names differ by one letter too easily to guess


def join_initials(nodes: dict[tuple[str, str], int], node_key: dict[int, str],
              acronym_nodes: set[int], uf: UnionFind,
              unit_heads: frozenset[str] = frozenset()) -> None:
    """An acronym never defined in its article joins the one organisation whose
    initials it spells (PGRI -> Persatuan Guru Republik Indonesia), if only one does. A
    unit named with its parent ("Sekolah Tinggi X Lembaga Y") is spelt by the unit's
    words: those before a second organisation head (`unit_heads`, normalised)."""
    by_initials: dict[str, set[int]] = defaultdict(set)
    multiword: set[int] = set()
    for (typ, _), n in nodes.items():
        if typ == ORGANIZATION and (ini := initials(node_key[n])):
            by_initials[ini].add(uf.find(n))
            multiword.add(uf.find(n))
            toks = node_key[n].split()
            for j in range(3, len(toks) - 1):
                if toks[j] in unit_heads and (unit := initials(" ".join(toks[:j]))):
                    by_initials[unit].add(uf.find(n))
    for (typ, _), n in sorted(nodes.items()):
        if typ != ORGANIZATION or n not in acronym_nodes or uf.find(n) in multiword:
            continue
        roots = by_initials.get(node_key[n], set())
        if len(roots) == 1:
            uf.union(n, next(iter(roots)))

def join_variants(nodes: dict[tuple[str, str], int], uf: UnionFind) -> None:
    """Spelling variants the phonetic key missed: names that differ only in spaces
    ("Tanjung Pinang"/"Tanjungpinang"), then a conservative fuzzy match in blocks."""
    compact: dict[tuple[str, str], int] = {}
    by_type: dict[str, list[str]] = defaultdict(list)
    for (typ, pkey), n in sorted(nodes.items()):
        uf.union(compact.setdefault((typ, pkey.replace(" ", "")), n), n)
        by_type[typ].append(pkey)
    for typ, keys in sorted(by_type.items()):
        for a, b in nm.similar_pairs(keys, FUZZY_MIN_SCORE, FUZZY_MIN_LEN,
                                     min_tokens=2 if typ == PERSON else 1):
            uf.union(nodes[(typ, a)], nodes[(typ, b)])

def join_contained_people(nodes: dict[tuple[str, str], int], uf: UnionFind) -> None:
    """Across articles, a person name joins the one longer name containing it (a lone
    token only as its first or last word), longest first, if nothing in its entity
    contradicts it: "Santoso" in "Budi Santoso" and "Agus Santoso" joins neither."""
    people = sorted((tuple(p.split()), n) for (t, p), n in nodes.items() if t == PERSON)
    index: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    node_of = dict(people)
    for toks, _ in people:
        for tok in toks:
            index[tok].add(toks)
    members: dict[int, list[tuple[str, ...]]] = defaultdict(list)
    for toks, n in people:
        members[uf.find(n)].append(toks)
    for toks, n in sorted(people, key=lambda p: (-len(p[0]), p[0])):
        if len(toks) == 1 and len(toks[0]) < 4:  # "Kim", "Ray": too common to guess
            continue
        pools = sorted((index[t] for t in set(toks) if len(t) > 1), key=len)
        if not pools:
            continue
        cands = [o for o in pools[0].intersection(*pools[1:]) if covers(toks, o) and (
            len(toks) > 1 or toks[0] in (o[0], o[-1]))]  # a lone middle name: no
        own = uf.find(n)
        roots = {uf.find(node_of[o]) for o in cands}
        if len(roots) != 1 or own in roots:
            continue
        other = roots.pop()
        if all(any(k == o or covers(k, o) for o in members[other])
               for k in members[own]):
            members[uf.union(own, other)] = members.pop(own) + members.pop(other)


def same_spelling(keys: set[str]) -> bool:
    """Long forms an acronym was given in several articles that are one name spelt two
    ways ("badan legislasi"/"badan legislatif" for Baleg): every pair agrees word by word
    (see names.tokens_agree). Different names ("partai solidaritas indonesia"/"partai
    sosialis indonesia") do not."""
    ks = sorted(keys)
    return len(ks) > 1 and all(tokens_agree(ks[0], k) for k in ks[1:])


def join_place_extensions(nodes: dict[tuple[str, str], int], uf: UnionFind) -> None:
    """A place named with a known place after it joins the place without it, when that is
    its only such extension: "Kompleks Parlemen Senayan" (Senayan is a known place) joins
    "Kompleks Parlemen"; "Masjid Agung Bandung" and "Masjid Agung Semarang" both known
    leave "Masjid Agung" alone. The base must have two words or more. A place named by
    its grounds ("Kompleks Gedung DPR", "Tol Layang X") joins the place itself."""
    places = {p for (t, p) in nodes if t == PLACE}
    for p in sorted(places):  # "Kompleks Gedung DPR" is "Gedung DPR" where that is known
        base = nm.precinct_base(p)
        if base in places:
            uf.union(nodes[(PLACE, base)], nodes[(PLACE, p)])
    join_sole_extensions(nodes, uf, PLACE, places, lambda base, tail: tail in places)


def join_sole_extensions(nodes: dict[tuple[str, str], int], uf: UnionFind, typ: str,
                         keys: set[str], fits: Callable[[str, str], bool]) -> None:
    """Join each name of `typ` (two words or more) to its only longer form "base tail"
    among `keys` whose tail `fits`; a base with several such extensions stays apart (it
    could be any of them)."""
    ext: dict[str, set[str]] = defaultdict(set)
    for p in keys:
        toks = p.split()
        for j in range(2, len(toks)):
            base, tail = " ".join(toks[:j]), " ".join(toks[j:])
            if base in keys and fits(base, tail):
                ext[base].add(p)
    for base, longer in sorted(ext.items()):
        if len(longer) == 1:
            uf.union(nodes[(typ, base)], nodes[(typ, next(iter(longer)))])


def join_unit_extensions(nodes: dict[tuple[str, str], int], uf: UnionFind,
                         titles: frozenset[str]) -> None:
    """An organisation or post named with a known organisation after it joins the name
    without it, when that is its only such extension: "Badan Legislasi DPR" joins "Badan
    Legislasi", "Ketua Komisi III DPR" joins "Ketua Komisi III"; with "Komisi III DPR" and
    "Komisi III DPRD" both known, "Komisi III" joins neither. The base has two words or
    more and is not a bare title ("Wakil Ketua")."""
    orgs = {p for (t, p) in nodes if t == ORGANIZATION}
    for typ in (ORGANIZATION, POST):
        keys = {p for (t, p) in nodes if t == typ}
        join_sole_extensions(nodes, uf, typ, keys,
                             lambda base, tail: tail in orgs and base not in titles)


def join_posts_by_scope(nodes: dict[tuple[str, str], int], uf: UnionFind,
                        titles: frozenset[str]) -> None:
    """A post is its title plus the body or region it heads: two posts with one title whose
    scopes resolved to one organisation or place are one post ("Ketua Baleg", Baleg defined
    as "Badan Legislatif", and "Ketua Badan Legislasi DPR"). Runs after the organisations
    are joined; the longest title whose remainder is a known name decides."""
    scopes = {(t, p): n for (t, p), n in nodes.items() if t in (ORGANIZATION, PLACE)}
    groups: dict[tuple[str, int], set[int]] = defaultdict(set)
    for (typ, p), n in sorted(nodes.items()):
        if typ != POST:
            continue
        toks = p.split()
        for j in range(len(toks) - 1, 0, -1):
            title, scope = " ".join(toks[:j]), " ".join(toks[j:])
            hit = scopes.get((ORGANIZATION, scope), scopes.get((PLACE, scope)))
            if title in titles and hit is not None:
                groups[(title, uf.find(hit))].add(n)
                break
    for _, members in sorted(groups.items()):
        first, *rest = sorted(members)
        for m in rest:
            uf.union(first, m)


def join_inserted_words(nodes: dict[tuple[str, str], int], uf: UnionFind,
                        known: frozenset[str], common: Callable[[str], bool]) -> None:
    """An organisation written with one or two common words more inside the long form of a
    table organisation joins it, when both start and end alike and no other name fits
    ("Komisi Pemberantasan Tindak Pidana Korupsi", the statute's wording, joins "Komisi
    Pemberantasan Korupsi"). A proper word more ("Islam") is another body."""
    orgs = sorted(p for (t, p) in nodes if t == ORGANIZATION)
    by_ends: dict[tuple[str, str], list[tuple[str, ...]]] = defaultdict(list)
    for p in orgs:
        toks = tuple(p.split())
        if len(toks) >= 3:
            by_ends[(toks[0], toks[-1])].append(toks)
    for group in by_ends.values():
        for long in group:
            fits = {short for short in group if 0 < len(long) - len(short) <= 2
                    and " ".join(short) in known and _inserted(short, long, common)}
            if len(fits) == 1:
                short = fits.pop()
                uf.union(nodes[(ORGANIZATION, " ".join(short))],
                         nodes[(ORGANIZATION, " ".join(long))])


def _inserted(short: tuple[str, ...], long: tuple[str, ...],
              common: Callable[[str], bool]) -> bool:
    """`long` is `short` with words added inside, each of them a common word."""
    i = 0
    extra = []
    for w in long:
        if i < len(short) and w == short[i]:
            i += 1
        else:
            extra.append(w)
    return i == len(short) and bool(extra) and all(common(w) and w not in ("dan", "and")
                                                   for w in extra)
