"""The persisted entity index, `DIR/entity-index.json`: what earlier builds resolved.

It lets a build that adds articles match only their mentions against what is known
(kg/incremental.py) instead of re-resolving the corpus, and it remembers every entity id
ever minted, so an IRI is never reused for something else and a merged-away IRI stays
as `owl:sameAs` of the one kept (CONTRACT: stable IRIs). JSON, written atomically; a
missing, unreadable or older-version index just means the next build resolves in full.

Matching keys are strings "Type<TAB>key" made with the Resolver's own key functions
(`Resolver.analyse`), so the index follows the resolve rules: the phonetic key of every
alias, its spaceless form ("~tanjungpinang"), and for organisations an acronym or the
initials of a multiword name ("^pgri"). A one-word person alias inside a longer alias of
the same person ("Kamil" in "Ridwan Kamil") is no key: within an article it was a
partial name, and partial names never join entities across articles.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.cache import atomic_write
from kg.models import Entity, Resolution
from kg.paths import package_file
from kg.rdf import entity_iri
from kg.resolution.names import covers, initials, is_acronym

INDEX_FILE = "entity-index.json"
INDEX_VERSION = 1
MAX_CONFIDENCE = 0.99


def resolver_fingerprint(model_id: str) -> str:
    """Changes with the extraction model/rules and with the resolve code or tables: an
    index made under other rules is only used to carry IRIs over a full re-resolve."""
    h = hashlib.sha256(f"{INDEX_VERSION}\x1f{model_id}".encode())
    root = package_file()
    files = sorted((root / "data").rglob("*")) + sorted((root / "resolution").glob("*.py"))
    files += [root / n for n in ("resolve.py", "incremental.py", "entity_index.py")]
    for f in files:
        if f.is_file():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def iri_of(typ: str, eid: str) -> str:
    return str(entity_iri(Entity(id=eid, type=typ, label="")))


def entity_keys(resolver: object, typ: str, aliases: Iterable[str],
                known: Iterable[str] = ()) -> set[str]:
    """The index keys of an entity of type `typ` with these names (see module doc);
    `known` are keys it already has (their longer names cover partial ones too)."""
    analyse = resolver.analyse  # type: ignore[attr-defined]
    names = [(a, analyse(typ, a)) for a in sorted(aliases) if a.strip()]
    multi = [tuple(n.pkey.split()) for _, n in names if " " in n.pkey]
    multi += [tuple(p.split()) for k in known
              if " " in (p := k.partition("\t")[2]) and p[:1] not in "~^"]
    keys: set[str] = set()
    for alias, n in names:
        toks = tuple(n.pkey.split())
        if typ == "Person" and len(toks) == 1 and any(covers(toks, m) for m in multi):
            continue
        keys.add(f"{typ}\t{n.pkey}")
        keys.add(f"{typ}\t~{n.pkey.replace(' ', '')}")
        if typ == "Organization":
            if is_acronym(alias) and " " not in n.key:
                keys.add(f"{typ}\t^{n.key}")
            elif ini := initials(n.key):
                keys.add(f"{typ}\t^{ini}")
    return keys


def combine(a: float, b: float) -> float:
    """Confidence of an entity seen twice, as the Resolver combines mentions (noisy-or)."""
    return round(min(1.0 - (1.0 - a) * (1.0 - b), MAX_CONFIDENCE), 4)


@dataclass
class Indexed:
    """One live entity: what the entities graph says about it, its keys, its mention count."""

    type: str
    label: str
    confidence: float
    aliases: set[str]
    keys: set[str]
    count: int = 0


class EntityIndex:
    """Entities, the mention -> entity map per article, and every IRI ever dropped."""

    def __init__(self, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        self.entities: dict[str, Indexed] = {}
        self.articles: dict[str, str] = {}  # article id -> content hash it was resolved at
        self.mentions: dict[str, dict[str, str]] = {}  # article id -> mention key -> id
        self.same_as: dict[str, str] = {}  # dropped IRI -> id of the entity kept
        self.retired: set[str] = set()  # ids no longer used; never minted again
        self._by_key: dict[str, set[str]] | None = None
        self._ends: dict[str, set[str]] | None = None
        self._articles_of: dict[str, set[str]] | None = None

    # --- lookups built on demand (one pass over the index, only when something changes)
    def by_key(self) -> dict[str, set[str]]:
        if self._by_key is None:
            self._by_key = defaultdict(set)
            for eid, e in self.entities.items():
                for k in e.keys:
                    self._by_key[k].add(eid)
        return self._by_key

    def ends(self) -> dict[str, set[str]]:
        """First or last word of a known person's fuller name -> those people, for a lone
        name in a new article ("Santoso" for "Budi Santoso" if only one person fits)."""
        if self._ends is None:
            self._ends = defaultdict(set)
            for eid, e in self.entities.items():
                for k in e.keys:
                    self._add_end(k, eid)
        return self._ends

    def _add_end(self, key: str, eid: str) -> None:
        typ, _, pkey = key.partition("\t")
        toks = pkey.split()
        if typ == "Person" and len(toks) > 1 and self._ends is not None:
            self._ends[toks[0]].add(eid)
            self._ends[toks[-1]].add(eid)

    def articles_of(self, eid: str) -> set[str]:
        if self._articles_of is None:
            self._articles_of = defaultdict(set)
            for aid, ms in self.mentions.items():
                for other in ms.values():
                    self._articles_of[other].add(aid)
        return self._articles_of[eid]

    def taken(self, eid: str) -> bool:
        return eid in self.entities or eid in self.retired

    # --- edits that keep the lookups in step
    def add_keys(self, eid: str, keys: set[str]) -> None:
        self.entities[eid].keys |= keys
        if self._by_key is not None:
            for k in keys:
                self._by_key[k].add(eid)
        for k in keys:
            self._add_end(k, eid)

    def set_mention(self, aid: str, mkey: str, eid: str) -> None:
        self.mentions.setdefault(aid, {})[mkey] = eid
        self.entities[eid].count += 1
        if self._articles_of is not None:
            self._articles_of[eid].add(aid)

    def forget_article(self, aid: str) -> set[str]:
        """Drop what an article said (it changed or is gone); return the entities it named.
        Entities left without mentions are retired later by `retire_empty`, so that the
        same article re-extracted finds its entities (and IRIs) again first."""
        named = set()
        for eid in (self.mentions.pop(aid, None) or {}).values():
            if eid in self.entities:
                self.entities[eid].count -= 1
                named.add(eid)
                if self._articles_of is not None:
                    self._articles_of[eid].discard(aid)
        self.articles.pop(aid, None)
        return named

    def drop(self, eid: str) -> Indexed:
        """Remove a live entity (merged away or without mentions); its id is never reused."""
        e = self.entities.pop(eid)
        self.retired.add(eid)
        for k in e.keys:
            if self._by_key is not None:
                self._by_key[k].discard(eid)
            if self._ends is not None:
                for tok in k.partition("\t")[2].split():
                    self._ends.get(tok, set()).discard(eid)
        return e

    def retire_empty(self) -> set[str]:
        """Retire entities no article mentions any more; return their IRIs."""
        gone = {eid for eid, e in self.entities.items() if e.count <= 0}
        return {iri_of(self.drop(eid).type, eid) for eid in sorted(gone)}

    # --- the Resolution the rest of the build uses
    def resolution(self, touched: set[str] | None, rewrite: set[str] | None) -> Resolution:
        ents = {eid: Entity(id=eid, type=e.type, label=e.label, aliases=set(e.aliases),
                            confidence=e.confidence) for eid, e in sorted(self.entities.items())}
        me: dict[tuple[str, str], str] = {}
        for aid in sorted(self.mentions):
            for mkey, eid in sorted(self.mentions[aid].items()):
                ents[eid].mentions.append((aid, mkey))
                me[(aid, mkey)] = eid
        return Resolution(entities=ents, mention_entity=me,
                          same_as={k: v for k, v in self.same_as.items() if v in ents},
                          touched=touched, rewrite_articles=rewrite)

    # --- persistence
    def save(self, out: Path) -> None:
        data = {
            "version": INDEX_VERSION, "fingerprint": self.fingerprint,
            "entities": {eid: [e.type, e.label, e.confidence, e.count, sorted(e.aliases),
                               sorted(e.keys)] for eid, e in sorted(self.entities.items())},
            "articles": self.articles, "mentions": self.mentions,
            "same_as": self.same_as, "retired": sorted(self.retired),
        }
        atomic_write(out / INDEX_FILE, json.dumps(data, ensure_ascii=False, separators=(",", ":")))

    @classmethod
    def load(cls, out: Path) -> EntityIndex | None:
        """The index in `out`, or None when there is none or it cannot be trusted."""
        path = out / INDEX_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != INDEX_VERSION:
                return None
            idx = cls(str(data["fingerprint"]))
            idx.entities = {eid: Indexed(t, label, float(c), set(al), set(keys), int(n))
                            for eid, (t, label, c, n, al, keys) in data["entities"].items()}
            idx.articles = dict(data["articles"])
            idx.mentions = {aid: dict(ms) for aid, ms in data["mentions"].items()}
            idx.same_as = dict(data["same_as"])
            idx.retired = set(data["retired"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return idx
