"""Writing a build's graph into its on-disk store: each article's graph replaced in place.

What the build wants is a *plan*: for every article graph and every entity, a digest of
what its triples depend on and a function that makes them. The committed generation's
state file (`store.d/NNNNNN.json`) holds the digests it was written from, so a run
compares digests and touches only what differs: a new article's graph is added, a
changed one replaced, one no longer planned (the user pruned or removed it) dropped,
nothing else read or rewritten. An unchanged build makes no new generation at all.

Changes go into a new generation: a RocksDB checkpoint of the committed one (hard links,
milliseconds, whatever the size), modified, closed, renamed into place, its state file
written, and then the `DIR/store` link switched with one rename: that rename is the
commit. A kill before it leaves the committed generation untouched (the partial one is
swept by the next run); a kill after it leaves a complete new store whose derived files
(graph.trig ...) the next run rewrites because their stamp differs (kg.pipeline).

The default graph holds the set union of the named graphs, each triple once (queries see
it; docs/store.md says why not Oxigraph's multiset union): a triple is added there with
its graph and removed only when no named graph states it any longer.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.cache import atomic_write
from kg.faults import fault_point
from kg.graph.quads import Maker, OxTerms, nquads_loads
from kg.graph.store import GENERATIONS, STORE_LINK, committed_store
from kg.models import ArticleExtraction, Resolution
from kg.rdf import (
    Triple,
    article_iri,
    article_key,
    article_triples,
    entity_iri,
    entity_triples,
    kept_entities,
    same_as_triples,
)
from kg.vocab import ENTITIES_GRAPH

STATE_VERSION = 1
_DEFAULT = ox.DefaultGraph()
_ENTITIES = ox.NamedNode(str(ENTITIES_GRAPH))


@dataclass
class Part:
    """One unit the store replaces whole: an article's graph, or one entity's facts."""

    digest: str
    triples: Maker  # its triples, made by the given engine's terms (kg.rdf.Terms)


@dataclass
class Plan:
    articles: dict[str, Part]  # named graph IRI -> part: each article's, and whole extra
    # graphs such as kgr:graph/corrections
    entities: dict[str, Part]  # entity IRI (also a retired one) -> its triples in the
    # entities graph


@dataclass
class StoreUpdate:
    generation: int
    added: int = 0
    replaced: int = 0
    removed: int = 0
    unchanged: int = 0
    entities_changed: int = 0
    quads: int = 0  # quads in the named graphs (what graph.trig holds)
    changed: bool = False
    previous: int | None = None  # the generation this one was made from
    graphs: set[str] | None = None  # named graphs that differ from `previous` (None: all)


def digest(key: object) -> str:
    return hashlib.sha1(json.dumps(key, default=str, ensure_ascii=False).encode()).hexdigest()[:20]


def article_digest(ex: ArticleExtraction, resolution: Resolution, kept: set[str],
                   model_id: str, min_confidence: float) -> str:
    """What an article's graph is written from (kg.rdf.article_key), with the build's
    model and threshold."""
    return digest([model_id, min_confidence, *article_key(ex, resolution, kept)])


def _unchanged(terms: object) -> list:
    raise AssertionError("a graph planned as unchanged was asked for its triples")


def plan(extractions: Iterable[ArticleExtraction], resolution: Resolution, *,
         min_confidence: float = 0.0, model_id: str = "",
         extra_graphs: Mapping[str, list[Triple]] | None = None,
         reuse: Mapping[str, str] | None = None) -> Plan:
    """Digests and triple factories for every article and kept entity of a build, plus
    small whole graphs given as triples (digested by their content). `reuse`: article
    graphs (IRI -> digest in the committed state) a small build knows to be unchanged, so
    their extractions need not be read (kg.outputs)."""
    kept = kept_entities(resolution, min_confidence)
    articles: dict[str, Part] = {}
    for ex in extractions:
        key = article_digest(ex, resolution, kept, model_id, min_confidence)
        articles[str(article_iri(ex.article.id))] = Part(
            key, lambda terms, ex=ex: article_triples(ex, resolution, kept, min_confidence,
                                                      terms))
    entities: dict[str, Part] = {}
    for eid in kept:
        e = resolution.entities[eid]
        key = digest([e.type, e.id, e.label, sorted(e.aliases), round(e.confidence, 3),
                      len(e.mentions)])
        entities[str(entity_iri(e))] = Part(key, lambda terms, e=e: entity_triples(e, terms))
    for t in same_as_triples(resolution, kept):
        entities[str(t[0])] = Part(digest(["sameAs", str(t[2])]),
                                   lambda terms, t=t: [tuple(map(terms.node, t))])
    for g, d in (reuse or {}).items():
        articles.setdefault(g, Part(d, _unchanged))
    for g, triples in (extra_graphs or {}).items():
        articles[g] = Part(digest(sorted(" ".join(x.n3() for x in t) for t in triples)),
                           lambda terms, triples=triples: [tuple(map(terms.node, t))
                                                           for t in triples])
    return Plan(articles, entities)


# --- state and generations -----------------------------------------------------------------

def _state_path(gen_dir: Path) -> Path:
    return gen_dir.with_name(gen_dir.name + ".json")


def load_state(gen_dir: Path | None) -> dict | None:
    """The digests a committed generation was written from; None if unknown or unreadable
    (then the next build writes a fresh generation rather than trusting anything)."""
    if gen_dir is None:
        return None
    try:
        state = json.loads(_state_path(gen_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        return None
    return state


_GENERATION_NAME = re.compile(r"\.?(\d{6})(?:\.json|\.tmp)?")


def _sweep(gens: Path, keep: set[str]) -> None:
    """Remove generations (and their state files) that are neither committed nor kept for
    readers that may still have them open: leftovers of killed builds, old generations."""
    for p in gens.iterdir():
        m = _GENERATION_NAME.fullmatch(p.name)
        if m is None or (m.group(1) in keep and not p.name.endswith(".tmp")):
            continue
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)


def _switch(out: Path, gen_name: str) -> None:
    """Point DIR/store at the new generation with one atomic rename (the commit)."""
    tmp = out / f".{STORE_LINK}.link.tmp"
    tmp.unlink(missing_ok=True)
    os.symlink(os.path.join(GENERATIONS, gen_name), tmp)
    os.replace(tmp, out / STORE_LINK)


# --- writing ---------------------------------------------------------------------------------

def update_store(out: Path, want: Plan) -> StoreUpdate:
    """Make DIR's committed store hold exactly the plan, touching only what changed."""
    gens = out / GENERATIONS
    gens.mkdir(parents=True, exist_ok=True)
    cur = committed_store(out)
    state = load_state(cur)
    fresh = state is None
    old_a: dict[str, list] = {} if state is None else state["articles"]
    old_e: dict[str, list] = {} if state is None else state["entities"]
    a_new = [g for g in want.articles if g not in old_a]
    a_changed = [g for g in want.articles if g in old_a and old_a[g][0] != want.articles[g].digest]
    a_gone = [g for g in old_a if g not in want.articles]
    e_todo = [i for i, p in want.entities.items() if i not in old_e or old_e[i][0] != p.digest]
    e_gone = [i for i in old_e if i not in want.entities]
    generation = 0 if state is None else int(state["generation"])
    upd = StoreUpdate(generation, added=len(a_new), replaced=len(a_changed), removed=len(a_gone),
                      unchanged=len(want.articles) - len(a_new) - len(a_changed),
                      entities_changed=len(e_todo) + len(e_gone))
    if not fresh and not (a_new or a_changed or a_gone or e_todo or e_gone):
        upd.quads = _count(old_a, old_e)
        return upd

    previous = sorted(p.name for p in gens.iterdir() if p.is_dir() and p.name.isdigit()
                      and cur is not None and p.name < cur.name)
    _sweep(gens, keep={cur.name} | set(previous[-1:]) if cur else set())
    generation = max([generation, *(int(p) for p in previous),
                      int(cur.name) if cur is not None and cur.name.isdigit() else 0]) + 1
    name = f"{generation:06d}"
    tmp = gens / f".{name}.tmp"
    counts_a = {g: v[1] for g, v in old_a.items() if g in want.articles}
    counts_e = {i: v[1] for i, v in old_e.items() if i in want.entities}
    if fresh:
        store = ox.Store(str(tmp))
        _write_all(store, want, counts_a, counts_e)
    else:
        assert cur is not None
        ox.Store.read_only(str(cur)).backup(str(tmp))
        store = ox.Store(str(tmp))
        _apply(store, want, a_new + a_changed, a_gone, e_todo, e_gone, counts_a, counts_e)
    store.flush()
    fault_point("store")  # crash tests: a generation half made, not committed (kg/faults.py)
    del store  # closes RocksDB before the folder is renamed
    final = gens / name
    os.replace(tmp, final)
    atomic_write(_state_path(final), json.dumps({
        "version": STATE_VERSION, "generation": generation,
        "articles": {g: [p.digest, counts_a[g]] for g, p in want.articles.items()},
        "entities": {i: [p.digest, counts_e[i]] for i, p in want.entities.items()},
    }, ensure_ascii=False, separators=(",", ":")))
    _switch(out, name)
    _sweep(gens, keep={name} | ({cur.name} if cur else set()))
    upd.generation, upd.changed = generation, True
    upd.previous = None if state is None else int(state["generation"])
    upd.graphs = None if fresh else {*a_new, *a_changed, *a_gone} | (
        {_ENTITIES.value} if e_todo or e_gone else set())
    upd.quads = sum(counts_a.values()) + sum(counts_e.values())
    return upd


def _count(old_a: Mapping[str, list], old_e: Mapping[str, list]) -> int:
    return sum(v[1] for v in old_a.values()) + sum(v[1] for v in old_e.values())


def _write_all(store: ox.Store, want: Plan, counts_a: dict[str, int],
               counts_e: dict[str, int]) -> None:
    """A first build: everything in one bulk load (RocksDB files written directly), from
    N-Quads text made while Oxigraph reads it (kg.graph.quads)."""
    ents = _ENTITIES.value
    parts = [(ents, p.triples, counts_e, iri) for iri, p in want.entities.items()]
    parts += [(g, p.triples, counts_a, g) for g, p in want.articles.items()]
    for piece in nquads_loads(parts):
        store.bulk_load(piece, format=ox.RdfFormat.N_QUADS)


def _apply(store: ox.Store, want: Plan, a_write: list[str], a_gone: list[str],
           e_todo: list[str], e_gone: list[str], counts_a: dict[str, int],
           counts_e: dict[str, int]) -> None:
    """Replace the changed parts of a checkpoint of the committed store."""
    terms = OxTerms()
    maybe_orphaned: set[tuple] = set()

    def replace(old: set[ox.Quad], new: set[ox.Quad]) -> None:
        for q in old - new:
            store.remove(q)
            maybe_orphaned.add((q.subject, q.predicate, q.object))
        added = new - old
        store.extend([*added, *(ox.Quad(q.subject, q.predicate, q.object, _DEFAULT)
                                for q in added)])

    for g in a_write:
        node = ox.NamedNode(g)
        new = terms.quads(want.articles[g].triples, node)
        counts_a[g] = len(new)
        replace(set(store.quads_for_pattern(None, None, None, node)), new)
    for g in a_gone:
        node = ox.NamedNode(g)
        replace(set(store.quads_for_pattern(None, None, None, node)), set())
        if store.contains_named_graph(node):
            store.remove_graph(node)
    for iri in [*e_todo, *e_gone]:
        node = ox.NamedNode(iri)
        part = want.entities.get(iri)
        new = terms.quads(part.triples, _ENTITIES) if part else set()
        if part:
            counts_e[iri] = len(new)
        replace(set(store.quads_for_pattern(node, None, None, _ENTITIES)), new)
    for s, p, o in maybe_orphaned:
        if not any(not isinstance(q.graph_name, ox.DefaultGraph)
                   for q in store.quads_for_pattern(s, p, o, None)):
            store.remove(ox.Quad(s, p, o, _DEFAULT))
