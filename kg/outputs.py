"""The output half of `kg build`: the store, then the files derived from it.

Order is what makes a kill harmless (docs/store.md): the extraction cache is saved first
(kg.pipeline), then the store commits a new generation (one rename), then graph.trig,
entities.csv and graph.html are rewritten from it, and stats.json goes last carrying the
store generation it describes. A run that finds stats.json's generation behind the
committed store's rewrites the derived files even when nothing else changed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset

from kg import buildstats, corrections
from kg.cache import atomic_write
from kg.corrections import Applied
from kg.graph.comentions import COMENTIONS_GRAPH, comention_triples
from kg.graph.dump import write_trig
from kg.graph.pages import PAGES_GRAPH, assign, page_triples, previous_pages
from kg.graph.store import GENERATIONS, GRAPH_FILE, UnionView, open_store
from kg.graph.update import StoreUpdate, plan, update_store
from kg.incremental_outputs import check_unchanged, page_lag
from kg.models import ArticleExtraction, Resolution
from kg.rdf import Triple, article_iri, entity_iri
from kg.timings import stage
from kg.vocab import CORRECTIONS_GRAPH

if TYPE_CHECKING:
    from kg.pipeline import BuildReport

STATS_FILE = "stats.json"
ENTITIES_FILE = "entities.csv"
PAGE_FILE = "graph.html"


def _stamp(out: Path) -> int | None:
    try:
        return int(json.loads((out / STATS_FILE).read_text(encoding="utf-8"))["store_generation"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_outputs(out: Path, extractions: list[ArticleExtraction], resolution: Resolution,
                  report: BuildReport, *, model_id: str, min_confidence: float = 0.0,
                  write_page: bool = True, corrected: Applied | None = None,
                  unchanged: Mapping[str, str] | None = None,
                  load: Callable[[list[str]], list[ArticleExtraction]] | None = None,
                  ) -> StoreUpdate:
    """Bring DIR's store and files up to date with the build; rewrite only what changed.

    `unchanged` (a small build, kg.pipeline): articles (id -> content hash) that this build
    did not resolve again, whose graphs the committed store holds as they are;
    `extractions` then holds only the others, and `load` reads any extraction needed
    after all (kg/incremental_outputs.py checks the store can vouch for them)."""
    others, reuse = {}, {}
    if unchanged:
        assert load is not None, "a small build gives the loader of the cache"
        others, reuse, extractions = check_unchanged(
            out, dict(unchanged), extractions, resolution, load, model_id=model_id,
            min_confidence=min_confidence)
    extra = _corrections_graph(corrected, resolution) if corrected is not None else {}
    # views the named queries page through (kg/graph/pages.py, kg/graph/comentions.py)
    extra[str(PAGES_GRAPH)] = page_triples(assign(previous_pages(out), [
        (str(article_iri(aid)), aid) for aid in [*(ex.article.id for ex in extractions),
                                                 *others]]))
    extra[str(COMENTIONS_GRAPH)] = comention_triples(resolution, min_confidence)
    with stage("plan (digests)"):
        want = plan(extractions, resolution, min_confidence=min_confidence, model_id=model_id,
                    extra_graphs=extra, reuse=reuse)
    with stage("store"):
        upd = update_store(out, want)
    report.entities = len(resolution.entities)
    report.triples = upd.quads
    stale = upd.changed or _stamp(out) != upd.generation
    with stage("graph.trig"):
        if stale or not (out / GRAPH_FILE).exists():
            write_trig(out, generation=upd.generation, previous=upd.previous,
                       changed=upd.graphs if upd.changed else None)
    if stale or not (out / ENTITIES_FILE).exists():
        atomic_write(out / ENTITIES_FILE, _entity_table(resolution))
    draw, lag = page_lag(
        out, small=bool(others), changed=upd.changed, recovering=stale and not upd.changed,
        changes=(len(extractions) if others else upd.added + upd.replaced) + upd.removed
        if upd.changed else 0,
        articles=len(extractions) + len(others), exists=(out / PAGE_FILE).exists())
    behind = lag
    with stage("graph.html"):
        if write_page and draw:  # else the page stays, `behind` articles behind (its slack)
            from kg.viz import write_page as _page

            _page(UnionView(open_store(out)), out / PAGE_FILE,  # type: ignore[arg-type]
                  min_confidence=min_confidence)
            behind = 0
    report.page_behind = behind if write_page else 0
    stats = _stats(out, extractions, others, resolution, report,
                   load or (lambda ids: []))
    stats.update(store_generation=upd.generation, articles_added=upd.added,
                 articles_replaced=upd.replaced, articles_removed=upd.removed,
                 page_behind=behind)
    atomic_write(out / STATS_FILE, json.dumps(stats, indent=2, ensure_ascii=False))
    return upd


def _corrections_graph(corrected: Applied, res: Resolution) -> dict[str, list[Triple]]:
    """The corrections' own named graph (kg.corrections), as triples for the store."""
    ds = Dataset()
    corrections.add_to_dataset(ds, corrected, res)
    g = ds.graph(CORRECTIONS_GRAPH)
    return {str(CORRECTIONS_GRAPH): list(g)} if len(g) else {}


def _entity_table(res: Resolution) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["iri", "type", "label", "aliases", "mentions", "confidence"])
    for e in sorted(res.entities.values(), key=lambda e: (-len(e.mentions), e.label)):
        w.writerow([entity_iri(e), e.type, e.label, " | ".join(sorted(e.aliases - {e.label})),
                    len(e.mentions), f"{e.confidence:.2f}"])
    return buf.getvalue()


def _stats(out: Path, exs: list[ArticleExtraction], others: Mapping[str, str],
           res: Resolution, report: BuildReport,
           load: Callable[[list[str]], list[ArticleExtraction]]) -> dict:
    types: dict[str, int] = {}
    for e in res.entities.values():
        types[e.type] = types.get(e.type, 0) + 1
    # per article parts kept in store.d/, so a small build reads no other extraction
    n, rels, by_kind, quotes = buildstats.counts(out / GENERATIONS, exs, others, res, load)
    return {
        "articles": n, "processed_this_run": report.processed,
        "reused_from_cache": report.reused, "entities": types,
        # one per article stating it (what evidence nodes count) ...
        "relation_statements": rels,
        # ... and one per distinct (subject, kind, object) edge, what `kg stats` counts
        "relations_distinct": by_kind,
        "quotes": quotes, "triples": report.triples,
        "errors": report.errors,
    }
