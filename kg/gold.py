"""Gold annotations for `kg evaluate`: loading, validating and unifying them (CONTRACT.md).

Gold ids are per article, so the same person annotated in two articles is two gold
entities. The contract unifies them before matching (entities of one type sharing a
*specific* alias are one), so a graph that rightly merges them across articles is not
punished with a split, and one that fails to merge them is.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.models import ENTITY_TYPES

GOLD_TYPES = (*ENTITY_TYPES, "Negative", "Ignore")
KINDS = ("holds", "location", "attendee", "quote", "publisher")
RELATION_KINDS = ("holds", "location", "attendee")

# Words that only say what kind of post it is, not which one: a post alias made only of
# these ("Wakil Ketua", "Presiden") names a different post in each article. Fixed here, not
# read from kg/data, so that extending kg's resources never changes how gold is scored.
GENERIC_TITLE_WORDS = frozenset("""
presiden wakil wapres menteri wamen menko koordinator gubernur wagub deputi bupati wabup
wali kota walikota wawali camat lurah kepala desa kades ketua umum harian sekretaris
jenderal sekjen bendahara anggota direktur dirut utama komisaris kapolri kapolda kapolres
kapolsek kasat kabid kasubag humas juru bicara jubir staf khusus ahli asisten deputi
pelaksana tugas plt pj penjabat sementara senior koordinator kepala dinas kadis hakim
jaksa agung panglima komandan danrem dandim pangdam kasad ketum waketum rektor dekan
dosen guru besar profesor pimpinan pemimpin manajer pelatih kapten duta besar dubes
""".split())


def norm(text: str) -> str:
    """NFKD, accents dropped, case folded, punctuation to spaces, spaces collapsed."""
    t = "".join(c for c in unicodedata.normalize("NFKD", str(text))
                if not unicodedata.combining(c))
    t = re.sub(r"[\W_]+", " ", t.casefold())
    return " ".join(t.split())


@dataclass
class GoldEntity:
    id: str
    type: str
    required: bool
    aliases: list[str]
    article: str | None
    keys: set[str] = field(default_factory=set)  # normalised aliases
    articles: set[str] = field(default_factory=set)  # every article it was annotated in


@dataclass
class Gold:
    articles: dict[str, Any]  # article id -> {"publisher": [aliases]}
    entities: list[GoldEntity]
    relations: list[dict[str, Any]]

    def article_ids(self) -> set[str]:
        ids = set(self.articles)
        ids |= {a for e in self.entities for a in e.articles}
        ids |= {r["article"] for r in self.relations if isinstance(r.get("article"), str)}
        return ids


def specific(key: str, type_: str) -> bool:
    """Whether a normalised alias identifies one entity across articles (CONTRACT rules)."""
    words = key.split()
    if type_ == "Person":
        return len(words) >= 2
    if type_ in ("Organization", "Place"):
        return len(key) > 2
    if type_ == "Post":
        return len(words) >= 2 and not set(words) <= GENERIC_TITLE_WORDS
    if type_ == "Event":
        return len(words) >= 3
    return False


def load_gold(path: str | Path) -> Gold:
    """The gold file, validated (any shape error is the user's, naming the file), unified."""
    p = Path(path)
    if not p.is_file():
        raise KgError(f"{path}: no such gold file.")
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"{path}: cannot be read ({exc}).") from exc
    except json.JSONDecodeError as exc:
        raise KgError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}).") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("entities", []), list):
        raise KgError(f"{path}: expected an object with an \"entities\" list.")
    ents: list[GoldEntity] = []
    for i, e in enumerate(doc.get("entities", [])):
        ok = (isinstance(e, dict) and isinstance(e.get("id"), str) and e.get("type") in GOLD_TYPES
              and isinstance(e.get("aliases"), list) and e["aliases"]
              and all(isinstance(a, str) for a in e["aliases"]))
        if not ok:
            raise KgError(f"{path}: entity #{i + 1} needs an \"id\", a \"type\" among "
                          f"{', '.join(GOLD_TYPES)} and a non-empty \"aliases\" list.")
        art = e.get("article") if isinstance(e.get("article"), str) else None
        ents.append(GoldEntity(e["id"], e["type"], bool(e.get("required", True)), e["aliases"],
                               art, {norm(a) for a in e["aliases"]} - {""},
                               {art} if art else set()))
    ids = {e.id for e in ents}
    articles = doc.get("articles") or {}
    if not isinstance(articles, dict):
        raise KgError(f"{path}: \"articles\" must map article ids to {{\"publisher\": [...]}}.")
    rels = [dict(r) if isinstance(r, dict) else r for r in (doc.get("relations") or [])]
    for i, r in enumerate(rels):
        k = r.get("kind") if isinstance(r, dict) else None
        ok = k in KINDS and isinstance(r.get("s"), str) and (
            (k == "quote" and r["s"] in ids and isinstance(r.get("text"), str))
            or (k == "publisher" and r.get("o") in ids | {None})
            or (k in RELATION_KINDS and r["s"] in ids and r.get("o") in ids))
        if not ok:
            raise KgError(f"{path}: relation #{i + 1} needs a \"kind\" among {', '.join(KINDS)} "
                          "and \"s\"/\"o\" (or \"text\") naming gold entities.")
    # an article listed with publisher aliases but no explicit publisher relation still
    # expects its publisher
    stated = {r["s"] for r in rels if r["kind"] == "publisher"}
    for aid, info in articles.items():
        if aid not in stated and isinstance(info, dict) and info.get("publisher"):
            rels.append({"kind": "publisher", "s": aid, "o": None, "article": aid})
    return unify(Gold(articles, ents, rels))


def unify(gold: Gold) -> Gold:
    """Merge gold entities of one type that share a specific alias; rewrite relations.

    The kept entity is the first annotated; it takes every alias and article of the
    merged ones and is required when any of them is.
    """
    parent = list(range(len(gold.entities)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, e in enumerate(gold.entities):
        if e.type in ("Negative", "Ignore"):
            continue
        for key in sorted(e.keys):
            if not specific(key, e.type):
                continue
            j = first.setdefault((e.type, key), i)
            a, b = find(i), find(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    kept: dict[int, GoldEntity] = {}
    rename: dict[str, str] = {}
    for i, e in enumerate(gold.entities):
        root = find(i)
        if root not in kept:
            kept[root] = GoldEntity(e.id, e.type, e.required, list(e.aliases), e.article,
                                    set(e.keys), set(e.articles))
        else:
            k = kept[root]
            k.required = k.required or e.required
            k.aliases += [a for a in e.aliases if a not in k.aliases]
            k.keys |= e.keys
            k.articles |= e.articles
        rename[e.id] = kept[root].id
    rels = []
    seen: set[tuple[Any, ...]] = set()
    for r in gold.relations:
        r = dict(r)
        if r["kind"] != "publisher":
            r["s"] = rename.get(r["s"], r["s"])
        if r.get("o") in rename and r["kind"] != "publisher":
            r["o"] = rename[r["o"]]
        # the same fact annotated in two articles is still one per article
        key = (r["kind"], r["s"], r.get("o"), r.get("text"), r.get("article"))
        if key not in seen:
            seen.add(key)
            rels.append(r)
    return Gold(gold.articles, list(kept.values()), rels)


def restrict(gold: Gold, present: set[str]) -> Gold:
    """Only what was annotated in the articles of `present` (an entity of several articles
    keeps the aliases of all: a name is a name)."""
    def keep_entity(e: GoldEntity) -> bool:
        return not e.articles or bool(e.articles & present)

    ents = [e for e in gold.entities if keep_entity(e)]
    ids = {e.id for e in ents}
    rels = []
    for r in gold.relations:
        art = r.get("article") if isinstance(r.get("article"), str) else None
        if r["kind"] == "publisher":
            if r["s"] in present:
                rels.append(r)
        elif ((art in present if art else True) and r["s"] in ids
              and (r.get("o") is None or r["o"] in ids)):
            rels.append(r)
    arts = {a: v for a, v in gold.articles.items() if a in present}
    return Gold(arts, ents, rels)
