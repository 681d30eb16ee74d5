"""Entity resolution: every mention of one real-world thing gets one entity (one IRI).

Names are ambiguous across articles ("Ridwan" is Ridwan Kamil in one article, someone else
in the next) but rarely within one, so resolution has two stages. (1) Per article,
mentions of a type form *local clusters*: same matching key, an acronym and the long form
the text defined, a partial person name and the one longer name containing it. (2) Across
articles, clusters meet through *nodes*, one per (type, key): table expansions, unambiguous
acronym definitions and initials, spelling variants (phonetic key, then fuzzy matching in
small blocks) and unambiguous person-name containment. Partial names tied within an
article never become nodes, so a stray "Ridwan" cannot glue two Ridwans together.
Everything is sorted: same input, same entities and ids. Rules for users: docs/resolve.md.
Cross-article merges live in across.py, the entity table in entities.py.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz

from kg.models import ENTITY_TYPES, ArticleExtraction, Mention, Resolution
from kg.resolution import across
from kg.resolution import names as nm
from kg.resolution.acronyms import (
    drop_inner_definition,
    inner_definition,
    is_abbreviation,
    split_abbreviation,
)
from kg.resolution.entities import build_entities
from kg.resolution.local_ties import tie_local
from kg.resolution.names import covers, is_acronym, norm
from kg.resolution.precision import MentionFilter, known_short_forms, load_acronym_counts
from kg.resolution.types import TypeCues, TypeVoter, load_word_case
from kg.resolution.unionfind import UnionFind

PERSON, ORGANIZATION, PLACE, EVENT, POST = ENTITY_TYPES

# Abbreviation tables that may expand tokens inside a name of each type, own type first.
TOKEN_TABLES = {ORGANIZATION: ("OrgPrefix", "Organization", "Place"), PLACE: ("Place",),
                POST: ("Post", "OrgPrefix", "Organization", "Place"),
                EVENT: ("Place", "Organization")}


@dataclass(frozen=True)
class Resources:
    """The language tables, passed in so tests need no data files: nickname rows (alias,
    name, type); abbreviations by type (Post, Organization, OrgPrefix, Place) as (short,
    long); titles by kind (post, rank, honorific, generic_person)."""

    nicknames: tuple[tuple[str, str, str], ...] = ()
    abbreviations: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    titles: dict[str, set[str]] = field(default_factory=dict)
    # what the type vote reads (kg/resolution/types.py); None: the titles only
    type_cues: TypeCues | None = None
    # names of org_known.csv (their all-caps ones are known acronyms: precision.py)
    known_orgs: frozenset[str] = frozenset()
    acronym_articles: dict[str, int] = field(default_factory=dict)  # acronym_counts.tsv
    # organisation heads (designators.csv) that open a parent's name after a unit's
    unit_heads: frozenset[str] = frozenset()

    @classmethod
    def from_data_files(cls) -> Resources:
        """kg/data/nicknames.csv, abbreviations.csv, titles.csv, speech_verbs.txt,
        event_triggers.csv and word_case.tsv (plus KG_DATA_DIR)."""
        from kg import resources

        titles = resources.titles()
        cues = TypeCues(
            person_words=_person_words(titles),
            speech_verbs=frozenset(norm(v) for v in resources.speech_verbs()) - {""},
            word_case=load_word_case(resources.read_lines("word_case.tsv")),
            event_triggers=frozenset(norm(t) for t in resources.event_triggers()) - {""})
        return cls(tuple(resources.nicknames()), resources.abbreviations(), titles, cues,
                   frozenset(resources.known_orgs()),
                   load_acronym_counts(resources.read_lines("acronym_counts.tsv")),
                   frozenset(resources.designators().get(("Organization", "head"), set())))


def _person_words(titles: dict[str, set[str]]) -> frozenset[str]:
    """Words that stand only before a person's name: honorifics and ranks (post titles
    stand before organisations too: "Ketua KPK")."""
    words = {norm(t) for kind in ("honorific", "rank") for t in titles.get(kind, set())}
    return frozenset(words | nm.DEFAULT_PERSON_TITLES) - {""}


@dataclass(frozen=True)
class Name:
    """A surface form analysed for a type: `pkey` names its node, `key` is the normalised
    form before folding (for initials), `clean` fit for a label, `virtual` long forms from
    tables or text, `short` an acronym/nickname/abbreviated form, `abbrev` the pkey of an
    abbreviation the form defines itself ("Dewan Perwakilan Rakyat (DPR)")."""

    key: str
    pkey: str
    clean: str
    virtual: tuple[str, ...] = ()
    short: bool = False
    titled: bool = False  # a title was cut off the front: the cut may be incomplete
    abbrev: str | None = None


@dataclass
class Local:
    """A local cluster: mentions of one type in one article that name one thing."""

    type: str
    mentions: list[Mention]
    names: list[Name]
    connectors: set[str] = field(default_factory=set)  # pkeys that join nodes
    acr_shorts: set[str] = field(default_factory=set)  # connect only if unambiguous


class Resolver:
    """Holds the language tables and their derived lookups; `resolve` is pure."""

    def __init__(self, resources: Resources | None = None) -> None:
        res = resources if resources is not None else Resources.from_data_files()
        ab = res.abbreviations
        nick: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for alias, name, typ in res.nicknames:
            nick[typ or PERSON].append((alias, name))
        self.whole = {t: nm.lookup_table(ab.get(t, []) + nick[t]) for t in ENTITY_TYPES}
        known = {norm(short) for short, _ in ab.get("Place", [])}  # the table wins
        ab = {**ab, "Place": ab.get("Place", []) + [r for r in nm.PLACE_TOKENS
                                                    if norm(r[0]) not in known]}
        self.tokens = {t: nm.lookup_table((row for kind in kinds for row in ab.get(kind, [])),
                                          inside=True) for t, kinds in TOKEN_TABLES.items()}
        titles = {norm(t) for kind in ("rank", "honorific", "post")
                  for t in res.titles.get(kind, set())}
        titles |= {norm(t) for pair in ab.get("Post", []) for t in pair}
        self.titles = frozenset(nm.DEFAULT_PERSON_TITLES | {t for t in titles if t})
        # what may follow a post title inside a person mention: "Gubernur Jabar ..."
        self.after_title = frozenset(norm(t) for kind in ("Place", "Organization", "OrgPrefix")
                                     for pair in ab.get(kind, []) for t in pair) - {""}
        self.analyse = lru_cache(maxsize=300_000)(self._analyse)
        cues = res.type_cues or TypeCues(person_words=_person_words(res.titles))
        self.mention_filter = MentionFilter(known_short_forms(res.abbreviations, res.known_orgs),
                                            res.acronym_articles, cues.common)
        self.voter = TypeVoter(cues)
        # long forms of table organisations ("komisi pemberantasan korupsi"), see across.py
        self.table_orgs = frozenset(norm(long) for _, long in ab.get("Organization", [])
                                    if len(norm(long).split()) >= 3)
        self._case = cues.word_case
        self.unit_heads = frozenset(norm(h) for h in res.unit_heads if " " not in h) - {""}

    def _lowerish(self, word: str) -> bool:
        """Written in lower case at least half the time (20+ uses): "tindak", "pidana"."""
        lower, upper = self._case.get(word, (0, 0))
        return lower + upper >= 20 and lower >= 0.5 * (lower + upper)

    @classmethod
    def from_data_files(cls) -> Resolver:
        return cls(Resources.from_data_files())

    def _analyse(self, typ: str, text: str) -> Name:
        """Reduce a surface form of type `typ` to its keys (see the module docstring)."""
        text = " ".join(text.split())
        whole = self.whole.get(typ, {})
        long = whole.get(norm(text))
        seen = text
        if typ == ORGANIZATION and not long:
            text = nm.drop_trailing_ri(text)
            long = whole.get(norm(text))
        if typ == PERSON:
            clean, titled = (text, False) if long else nm.strip_person(
                nm.PAREN.sub(" ", text).strip() or text, self.titles, self.after_title)
            long = long or whole.get(norm(clean))
            key = norm(long or clean) or norm(text) or text or "?"
            return Name(key, nm.phonetic(key), clean, (long,) if long else (), bool(long), titled)
        if typ == POST and not long:
            text = nm.drop_national_text(text)
        pair = None if long else split_abbreviation(text)
        if pair:  # the long side names it; the short side becomes a definition
            long_text, short_text, rest = pair
            if rest and self._qualifier(rest):  # "... (PUPR) Provinsi Kepri"
                long_text = f"{long_text} {rest}"
            sub = self._analyse(typ, short_text)
            return replace(self._analyse(typ, long_text), abbrev=sub.pkey)
        text = text if long else drop_inner_definition(text)
        expanded = long or nm.expand_tokens(text, self.tokens.get(typ, {}))
        virtual = (expanded,) if norm(expanded) != norm(text) else ()
        key = norm(expanded) or norm(text) or text.strip() or "?"
        core = {ORGANIZATION: nm.org_core, POST: nm.post_core,
                PLACE: nm.place_core}.get(typ)
        core_key = " ".join(t for t in (core(key) if core else key).split()
                            if t not in nm.FUNCTION_WORDS)  # "KBRI di Australia"
        pkey = nm.phonetic(core_key or key)
        return Name(key, pkey, seen.strip(" ,.;:-(") or seen, virtual,
                    bool(long) or is_acronym(text) or bool(virtual))

    def _qualifier(self, text: str) -> bool:
        """Words after a name are part of it if a known region, organisation or national
        suffix ("Provinsi Kepri", "RI", "DPR RI"), not a person extraction ran on into
        ("Laode M Syarif")."""
        key = nm.strip_words(norm(text), nm.PLACE_DESIGNATORS | {"kota", "kabupaten"})
        key = nm.strip_words(key, frozenset({"ri", "republik indonesia"}), at_end=True)
        return key in self.after_title or key in ("ri", "republik indonesia", "indonesia")

    def _local(self, ex: ArticleExtraction, defs: dict[tuple[str, str], set[str]]) -> list[Local]:
        ms = sorted(ex.mentions, key=lambda m: (m.start, m.end, m.key))
        names = self._expand_local([self.analyse(m.type, m.name) for m in ms], ms, ex)
        uf = UnionFind(len(ms))
        first: dict[tuple[str, str], int] = {}
        for i, (m, n) in enumerate(zip(ms, names, strict=True)):
            uf.union(first.setdefault((m.type, n.pkey), i), i)
        own_long: dict[int, str] = {}  # i -> pkey of the long form the article gave it
        for i, (m, n) in enumerate(zip(ms, names, strict=True)):
            lf = m.long_form
            if not lf or norm(lf) == norm(m.name) or (n.short and n.virtual):
                continue  # a table expansion wins over what extraction paired
            short_side = len(m.name) < len(lf)
            if not is_abbreviation(*((m.name, lf) if short_side else (lf, m.name))):
                continue  # "SBY" is no abbreviation of "Partai Demokrat Susilo ..."
            other = self.analyse(m.type, lf)
            if other.short and other.virtual:
                continue
            j = first.get((m.type, other.pkey))
            if j is not None:
                uf.union(i, j)
            if other.pkey == n.pkey:
                continue
            if short_side:
                own_long[i] = other.pkey
                names[i] = replace(n, virtual=n.virtual + (lf,), short=True)
                defs[(m.type, n.pkey)].add(other.pkey)
            else:
                defs[(m.type, other.pkey)].add(n.pkey)
        for i, (m, n) in enumerate(zip(ms, names, strict=True)):
            if n.abbrev and n.abbrev != n.pkey:
                defs[(m.type, n.abbrev)].add(n.pkey)
            short = None if m.long_form or m.type == PERSON else _defined_after(ex, m)
            if short:  # "Badan Legislatif (Baleg)" where extraction left "(Baleg)" out
                sp = self.analyse(m.type, short).pkey
                if sp != n.pkey:
                    defs[(m.type, sp)].add(n.pkey)
                    j = first.get((m.type, sp))
                    if j is not None:
                        uf.union(i, j)
        tie_local(ms, names, uf, self._qualifier)
        contained = self._containment(ms, names, uf)
        groups: dict[int, Local] = {}
        for i, (m, n) in enumerate(zip(ms, names, strict=True)):
            r = uf.find(i)
            loc = groups.get(r) or groups.setdefault(r, Local(m.type, [], []))
            loc.mentions.append(m)
            loc.names.append(n)
            if i in own_long:  # the acronym itself connects only if defined one way
                loc.connectors.update((own_long[i], n.pkey))
                loc.acr_shorts.add(n.pkey)
            elif i not in contained:
                loc.connectors.add(n.pkey)
        return [groups[r] for r in sorted(groups)]

    def _expand_local(self, names: list[Name], ms: list[Mention],
                      ex: ArticleExtraction) -> list[Name]:
        """An acronym an article defines ("Tol Layang Jakarta - Cikampek (Japek) II",
        "Badan Legislasi (Baleg)") stands for its long form in the article's other names
        ("Tol Layang Japek II", "Ketua Baleg"): their keys are taken from the expanded
        form. Defined two ways: not used."""
        table: dict[str, str] = {}
        bad: set[str] = set()
        for m in ms:
            pair = inner_definition(m.text) or split_abbreviation(m.text) or \
                inner_definition(m.name)
            if not pair and m.type != PERSON:
                after = _defined_after(ex, m)
                pair = (after, m.name) if after else None
            if pair:
                short, long = (pair[1], pair[0]) if len(pair) == 3 else pair[:2]
                k = norm(short)
                if k in table and norm(table[k]) != norm(long):
                    bad.add(k)
                table.setdefault(k, long)
        for k in bad:
            del table[k]
        if not table:
            return names
        out = []
        for m, n in zip(ms, names, strict=True):
            if m.type != PERSON and "(" not in m.name and any(
                    norm(t) in table for t in m.name.split() if t[:1].isupper()):
                expanded = nm.expand_tokens(m.name, table)
                if norm(expanded) != norm(m.name):
                    other = self.analyse(m.type, expanded)
                    n = replace(n, key=other.key, pkey=other.pkey,
                                virtual=n.virtual + (expanded,))
            out.append(n)
        return out

    @staticmethod
    def _containment(ms: list[Mention], names: list[Name], uf: UnionFind) -> set[int]:
        """Tie "Kamil", "Ridwan" and "Sri Mulyani" to the one longer person name of the
        article that contains them; return the tied mentions (they are not nodes)."""
        by_key: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i, (m, n) in enumerate(zip(ms, names, strict=True)):
            if m.type == PERSON:
                by_key[tuple(n.pkey.split())].append(i)
        maximal: list[tuple[str, ...]] = []
        tied: set[int] = set()
        for k in sorted(by_key, key=lambda k: (-len(k), k)):  # longer names first
            roots = {uf.find(by_key[o][0]) for o in maximal if covers(k, o)}
            if not roots and len(k) >= 2:  # "Veronika Koman" beside "Veronica Koman"
                roots = {uf.find(by_key[o][0]) for o in maximal if len(o) == len(k)
                         and sum(a != b for a, b in zip(o, k, strict=True)) == 1 and all(
                             a[0] == b[0] and fuzz.ratio(a, b) >= 80
                             for a, b in zip(o, k, strict=True))}
            if not roots and len(k) == 1 and len(k[0]) >= 5:  # "Veronica" by "Veronika Koman"
                roots = {uf.find(by_key[o][0]) for o in maximal if any(
                    t[0] == k[0][0] and fuzz.ratio(t, k[0]) >= 85 for t in o if len(t) >= 5)}
            if not roots and len(k) == 1 and len(k[0]) >= 4:  # "Vero" for "Veronika Koman"
                roots = {uf.find(by_key[o][0]) for o in maximal
                         if len(o) > 1 and o[0].startswith(k[0])}
            if not roots:
                maximal.append(k)
            elif len(roots) == 1:
                root = roots.pop()
                for i in by_key[k]:
                    root = uf.union(i, root)
                tied.update(by_key[k])
        return tied

    def resolve(self, extractions: list[ArticleExtraction]) -> Resolution:
        """Group all mentions of all articles into entities."""
        extractions = self.mention_filter.apply(extractions)  # no-name shapes (precision.py)
        extractions = self.voter.retype(extractions)  # one type per name (types.py)
        defs: dict[tuple[str, str], set[str]] = defaultdict(set)
        locals_: list[tuple[str, Local]] = []
        for ex in sorted(extractions, key=lambda e: e.article.id):
            locals_ += [(ex.article.id, loc) for loc in self._local(ex, defs)]
        uf = UnionFind(len(locals_))
        nodes: dict[tuple[str, str], int] = {}
        node_key: dict[int, str] = {}  # node id -> normalised key (for initials)
        acronym_nodes: set[int] = set()

        def node(typ: str, pkey: str, key: str | None = None) -> int:
            n = nodes.get((typ, pkey))
            if n is None:
                n = nodes[(typ, pkey)] = uf.add()
                node_key[n] = key or pkey
            return n

        ambiguous = {k for k, v in defs.items() if len(v) > 1 and not across.same_spelling(v)}
        for c, (_, loc) in enumerate(locals_):
            keys = {n.pkey: n.key for n in loc.names}
            for pkey in sorted(loc.connectors):
                if pkey in loc.acr_shorts and (loc.type, pkey) in ambiguous:
                    continue
                uf.union(c, node(loc.type, pkey, keys.get(pkey)))
            for n, m in zip(loc.names, loc.mentions, strict=True):
                if is_acronym(m.name) and (loc.type, n.pkey) in nodes:
                    acronym_nodes.add(nodes[(loc.type, n.pkey)])
        for (typ, short), longs in sorted(defs.items()):
            if (typ, short) not in ambiguous:  # "Badan Legislasi"/"Legislatif" (Baleg): one
                for long in sorted(longs):
                    uf.union(node(typ, short), node(typ, long))
        across.join_initials(nodes, node_key, acronym_nodes, uf, self.unit_heads)
        across.join_variants(nodes, uf)
        across.join_contained_people(nodes, uf)
        across.join_place_extensions(nodes, uf)
        across.join_unit_extensions(nodes, uf, self.titles)
        across.join_posts_by_scope(nodes, uf, self.titles)
        across.join_inserted_words(nodes, uf, self.table_orgs, self._lowerish)
        return build_entities(locals_, uf)

_PAREN_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z]{1,11})\)")


def _defined_after(ex: ArticleExtraction, m: Mention) -> str | None:
    """The acronym in parentheses right after a mention in the text, if it abbreviates the
    mention's name ("Badan Legislatif (Baleg)")."""
    hit = _PAREN_AFTER.match(ex.article.text, m.end)
    return hit.group(1) if hit and is_abbreviation(hit.group(1), m.name) else None


@lru_cache(maxsize=1)
def default_resolver() -> Resolver:
    """The resolver with the tables in kg/data, built once per process."""
    return Resolver.from_data_files()


def resolve(extractions: list[ArticleExtraction]) -> Resolution:
    """Resolve with the tables in kg/data."""
    return default_resolver().resolve(extractions)
