"""Corrections that stick: a journalist fixes the graph once, every rebuild keeps the fix.

The corrections live in `DIR/corrections.csv` (columns `action,target,value,note`; a
spreadsheet can edit it, `kg correct` appends to it). Each build applies them after
resolution and before RDF, in file order, to the resolved entities and the extracted
relations, so they survive re-extraction and re-resolution alike. Actions:

| action | target | value | effect |
| --- | --- | --- | --- |
| merge | name A | name B | B's mentions and aliases join A; B's IRI stays as owl:sameAs of A |
| split | entity name | alias | the mentions written as that alias become an entity of their own |
| type | name | Person/Organization/Place/Event/Post | the entity's type |
| not-entity | name | | the entity and its relations are dropped |
| holds | person | post | person org:holds post (stated by the correction) |
| not-holds | person | post | every org:holds between them is dropped |

Names match an entity's label or any alias after normalisation (case, accents,
punctuation); where several entities match, the most mentioned one is meant. What a
correction did is recorded in the named graph `kgr:graph/corrections` (see
`correction_quads`), so every fact a correction made can be told from extracted ones.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import KgError
from kg.incremental import mint
from kg.models import ENTITY_TYPES, ArticleExtraction, Entity, Resolution
from kg.resolution.names import norm

FILE = "corrections.csv"
APPLIED = ".corrections-applied"  # digest of the file the graph reflects
FIELDS = ("action", "target", "value", "note")
ACTIONS = {"merge": True, "split": True, "type": True, "not-entity": False, "holds": True,
           "not-holds": True}  # action -> needs a value


@dataclass
class Correction:
    action: str
    target: str
    value: str = ""
    note: str = ""
    line: int = 0


@dataclass
class Applied:
    """What the corrections did, for the graph's provenance and the build report."""

    corrections: list[Correction] = field(default_factory=list)  # those that took effect
    # dropped IRI -> (kept entity id, line of the merge)
    same_as: dict[str, tuple[str, int]] = field(default_factory=dict)
    holds: list[tuple[str, str, int]] = field(default_factory=list)  # person id, post id, line
    touched: set[str] = field(default_factory=set)  # entity ids a correction changed


def load(build_dir: str | Path) -> list[Correction]:
    """The corrections of a build folder ([] when there is no file); a bad row is the
    user's error, named with its line."""
    path = Path(build_dir) / FILE
    if not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"{path}: cannot be read ({exc}).") from exc
    out = []
    for i, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        action = (row.get("action") or "").strip().lower()
        target, value = (row.get("target") or "").strip(), (row.get("value") or "").strip()
        if not action and not target:
            continue
        problem = check(action, target, value)
        if problem:
            raise KgError(f"{path}, line {i}: {problem}")
        out.append(Correction(action, target, value, (row.get("note") or "").strip(), i))
    return out


def _digest(build_dir: str | Path) -> str:
    import hashlib

    path = Path(build_dir) / FILE
    return hashlib.sha1(path.read_bytes()).hexdigest() if path.is_file() else ""


def changed(build_dir: str | Path) -> bool:
    """Whether the corrections file differs from the one the last build applied."""
    seen = Path(build_dir) / APPLIED
    last = seen.read_text(encoding="utf-8").strip() if seen.is_file() else ""
    return last != _digest(build_dir)


def mark_applied(build_dir: str | Path) -> None:
    """Remember which corrections the graph now reflects (after the build's outputs)."""
    from kg.cache import atomic_write

    atomic_write(Path(build_dir) / APPLIED, _digest(build_dir) + "\n")


def check(action: str, target: str, value: str) -> str | None:
    """Why a correction is malformed, or None."""
    if action not in ACTIONS:
        return f"unknown action {action!r} (use {', '.join(ACTIONS)})."
    if not target:
        return f"{action} needs a target name."
    if ACTIONS[action] and not value:
        return f"{action} needs a value."
    if action == "type" and value not in ENTITY_TYPES:
        return f"type {value!r} is not one of {', '.join(ENTITY_TYPES)}."
    return None


def append(build_dir: str | Path, c: Correction) -> Path:
    """Add one correction to the file (written atomically, header kept)."""
    from kg.cache import atomic_write

    problem = check(c.action, c.target, c.value)
    if problem:
        raise KgError(problem)
    path = Path(build_dir) / FILE
    old = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    if not old.strip():
        w.writerow(FIELDS)
    w.writerow([c.action, c.target, c.value, c.note])
    sep = "" if not old or old.endswith("\n") else "\n"
    atomic_write(path, old + sep + buf.getvalue())
    return path


class _Index:
    """Entities by normalised name, most mentioned first."""

    def __init__(self, res: Resolution) -> None:
        self.res = res

    def find(self, name: str, types: tuple[str, ...] = ENTITY_TYPES) -> Entity | None:
        key = norm(name)
        hits = [e for e in self.res.entities.values() if e.type in types
                and key in {norm(a) for a in e.aliases | {e.label}}]
        return max(hits, key=lambda e: (len(e.mentions), e.id), default=None)


def apply(corrections: list[Correction], extractions: list[ArticleExtraction],
          res: Resolution, warn: Callable[[str], None] = lambda m: None,
          changed: bool = False, taken: Callable[[str], bool] = lambda eid: False,
          ) -> tuple[list[ArticleExtraction], Resolution, Applied]:
    """Apply the corrections in order; one that names no entity is reported and skipped.

    `taken` says which ids were ever minted (the entity index): a split-off entity gets a
    new id, never a retired one (CONTRACT: an IRI is never reused).

    Corrections reach across articles, so while there are any (or `changed`: the file
    differs from the one the last build applied) every article graph and entity is
    rewritten rather than only those this build resolved.
    """
    ents = {k: replace(e, aliases=set(e.aliases), mentions=list(e.mentions))
            for k, e in res.entities.items()}
    everything = bool(corrections) or changed
    res = replace(res, entities=ents, mention_entity=dict(res.mention_entity),
                  touched=None if everything else res.touched,
                  rewrite_articles=None if everything else res.rewrite_articles)
    idx, done = _Index(res), Applied()
    dropped_holds: set[tuple[str, str]] = set()
    texts = {(ex.article.id, m.key): m.text for ex in extractions for m in ex.mentions}
    for c in corrections:
        a = idx.find(c.target, ("Person",) if c.action in ("holds", "not-holds") else ENTITY_TYPES)
        b = None
        if c.action in ("merge",):
            b = idx.find(c.value)
        elif c.action in ("holds", "not-holds"):
            b = idx.find(c.value, ("Post",))
        if a is None or (c.action in ("merge", "holds", "not-holds") and b is None):
            missing = c.target if a is None else c.value
            warn(f"correction line {c.line} ({c.action} {c.target!r}"
                 f"{' ' + repr(c.value) if c.value else ''}): no entity called {missing!r}; "
                 "skipped.")
            continue
        if c.action == "merge" and b is not None and b.id != a.id:
            a.aliases |= b.aliases | {b.label}
            a.mentions = sorted(set(a.mentions) | set(b.mentions))
            a.confidence = max(a.confidence, b.confidence)
            for pair in b.mentions:
                res.mention_entity[pair] = a.id
            del ents[b.id]
            from kg.rdf import entity_iri

            done.same_as = {k: (a.id if v == b.id else v, ln)
                            for k, (v, ln) in done.same_as.items()}
            done.same_as[str(entity_iri(b))] = (a.id, c.line)
        elif c.action == "split":
            key = norm(c.value)
            moved = [p for p in a.mentions if norm(texts.get(p, "")) == key]
            if not moved or len(moved) == len(a.mentions):
                warn(f"correction line {c.line} (split {c.target!r} {c.value!r}): no mention "
                     "of that alias can be split off; skipped.")
                continue
            types = {k: e.type for k, e in ents.items()}
            new_id = mint(c.value, a.type, lambda i: i in ents or taken(i), types)
            new = Entity(new_id, a.type, c.value, {c.value},
                         a.confidence, sorted(moved))
            ents[new.id] = new
            a.mentions = [p for p in a.mentions if p not in set(moved)]
            a.aliases = {x for x in a.aliases if norm(x) != key} | {a.label}
            for pair in moved:
                res.mention_entity[pair] = new.id
            done.touched.add(new.id)
        elif c.action == "type":
            a.type = c.value
        elif c.action == "not-entity":
            del ents[a.id]
            for pair in a.mentions:
                res.mention_entity.pop(pair, None)
        elif c.action == "holds" and b is not None:
            done.holds.append((a.id, b.id, c.line))
        elif c.action == "not-holds" and b is not None:
            dropped_holds.add((a.id, b.id))
        done.touched.add(a.id)
        done.corrections.append(c)
    if dropped_holds:
        extractions = [_without_holds(ex, res, dropped_holds) for ex in extractions]
        done.holds = [h for h in done.holds if (h[0], h[1]) not in dropped_holds]
    done.holds = [h for h in done.holds if h[0] in ents and h[1] in ents]
    return extractions, res, done


def _without_holds(ex: ArticleExtraction, res: Resolution,
                   dropped: set[tuple[str, str]]) -> ArticleExtraction:
    me = res.mention_entity
    aid = ex.article.id
    keep = [r for r in ex.relations if r.kind != "holds" or r.object is None
            or (me.get((aid, r.subject)), me.get((aid, r.object))) not in dropped]
    return ex if len(keep) == len(ex.relations) else replace(ex, relations=keep)


def add_to_dataset(ds: object, applied: Applied, res: Resolution) -> None:
    """Record the corrections in the named graph kgr:graph/corrections: one kg:Correction
    node per correction that took effect, the facts it states (org:holds, owl:sameAs) and
    an rdf:Statement per fact, `prov:wasGeneratedBy` the correction."""
    import hashlib

    from rdflib import Literal, URIRef
    from rdflib.namespace import OWL, PROV, RDF, RDFS, XSD

    from kg.rdf import entity_iri
    from kg.vocab import CORRECTIONS_GRAPH, KG, ORG, RES

    if not applied.corrections:
        return
    g = ds.graph(CORRECTIONS_GRAPH)  # type: ignore[attr-defined]
    node: dict[int, URIRef] = {}
    for c in applied.corrections:
        h = hashlib.sha1(f"{c.action}\x1f{c.target}\x1f{c.value}".encode()).hexdigest()[:12]
        n = node[c.line] = RES[f"correction/{h}"]
        g.add((n, RDF.type, KG.Correction))
        g.add((n, KG.action, Literal(c.action)))
        g.add((n, KG.target, Literal(c.target)))
        if c.value:
            g.add((n, KG.value, Literal(c.value)))
        if c.note:
            g.add((n, RDFS.comment, Literal(c.note)))

    def state(s: URIRef, p: URIRef, o: URIRef, line: int) -> None:
        g.add((s, p, o))
        st = RES[f"stmt/{hashlib.sha1(f'{s}{p}{o}'.encode()).hexdigest()[:16]}"]
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, KG.confidence, Literal("1.0", datatype=XSD.decimal)))
        if line in node:
            g.add((st, PROV.wasGeneratedBy, node[line]))

    for dropped, (kept, line) in sorted(applied.same_as.items()):
        if kept in res.entities:
            state(URIRef(dropped), OWL.sameAs, entity_iri(res.entities[kept]), line)
    for person, post, line in applied.holds:
        state(entity_iri(res.entities[person]), ORG.holds, entity_iri(res.entities[post]), line)
