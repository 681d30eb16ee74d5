"""The whole pipeline in one screen: `kg build` on the command line, `kg.build` in Python.

(Not named build.py: a submodule kg.build would shadow the function kg.build.)

ingest -> (only new or changed articles) nlp + extract -> cache -> resolve all -> RDF ->
graph.trig, entities.csv, stats.json, graph.html. Every output is written atomically, so
a crash midway leaves the previous build intact.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from kg import corrections, dask_extract, parallel
from kg.cache import ExtractionCache, atomic_write
from kg.entity_index import EntityIndex, resolver_fingerprint
from kg.incremental import resolve_build
from kg.ingest import IngestError, iter_articles
from kg.lock import locked_build_dir
from kg.models import Article, ArticleExtraction, Resolution
from kg.nlp import default_model_path
from kg.rdf import build_dataset, entity_iri
from kg.resolve import default_resolver
from kg.resources import fingerprint


@dataclass
class BuildReport:
    out_dir: Path
    articles: int = 0
    processed: int = 0
    reused: int = 0
    entities: int = 0
    triples: int = 0
    in_graph: int = 0  # articles the graph holds after this run (earlier runs' included)
    errors: list[str] = field(default_factory=list)


def _model_id(model: str | None) -> str:
    """Model name and version plus the rules' fingerprint: the cache is only reused for
    articles extracted by the same model and the same rules."""
    path = Path(model) if model and model != "blank" else default_model_path()
    meta = path / "meta.json"
    name = "blank"
    if model != "blank" and meta.exists():
        m = json.loads(meta.read_text())
        name = f"{m.get('name')}-{m.get('version')}"
    return f"{name}+{fingerprint()}"


@locked_build_dir
def build(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    model: str | None = None,
    min_confidence: float = 0.0,
    progress: bool = True,
    write_page: bool = True,
    reresolve: bool | None = None,
    workers: int | None = None,
    scheduler: object | None = None,
    warn: Callable[[str], None] = lambda msg: print(msg, file=sys.stderr),
) -> BuildReport:
    out = Path(out_dir)
    report = BuildReport(out_dir=out)
    cache = ExtractionCache(out, _model_id(model), warn=warn)

    todo: list[Article] = []
    for item in iter_articles(list(inputs)):
        if isinstance(item, IngestError):
            report.errors.append(f"{item.source}: {item.message}")
            warn(f"skipped {item.source}: {item.message}")
            continue
        report.articles += 1
        if cache.is_current(item.id, item.content_hash):
            report.reused += 1
        else:
            todo.append(item)

    if todo:
        outcomes = (parallel.extract(todo, model, workers) if scheduler is None
                    else dask_extract.extract(todo, model, scheduler))
        report.processed = _extract(todo, outcomes, cache, progress, report, warn)
    cache.save()  # fold this run's journal into the cache file

    extractions = cache.all()
    resolution, index = resolve_build(
        EntityIndex.load(out), default_resolver(), resolver_fingerprint(cache.model_id),
        cache.hashes(), cache.load, reresolve=reresolve)
    extractions, resolution, corrected = corrections.apply(
        corrections.load(out), extractions, resolution, warn, corrections.changed(out))
    ds = build_dataset(extractions, resolution, min_confidence=min_confidence)
    corrections.add_to_dataset(ds, corrected, resolution)
    report.entities = len(resolution.entities)
    report.in_graph = len(extractions)
    report.triples = len(ds)

    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "graph.trig", ds.serialize(format="trig"))
    atomic_write(out / "entities.csv", _entity_table(resolution))
    atomic_write(out / "stats.json", json.dumps(_stats(extractions, resolution, report), indent=2))
    if write_page:
        from kg.viz import write_page as _page

        _page(ds, out / "graph.html", min_confidence=min_confidence)
    if resolution.touched != set() or resolution.rewrite_articles != set():
        index.save(out)  # last: a kill before this resolves the same articles again
    corrections.mark_applied(out)
    return report


def _extract(todo: list[Article], batches: Iterator[list[parallel.Outcome]],
             cache: ExtractionCache, progress: bool, report: BuildReport,
             warn: Callable[[str], None]) -> int:
    """Take the outcomes of extraction on every core (kg/parallel.py) or on a Dask cluster
    (kg/dask_extract.py), saving each batch to the cache journal as it comes; a failed
    article is reported and skipped. Returns the number extracted."""
    done = 0
    bar = tqdm(total=len(todo), unit="article", desc="extracting", disable=not progress,
               file=sys.stderr, smoothing=0.1)
    words = 0
    start = time.perf_counter()
    for outcomes in batches:
        cache.append(o.line for o in outcomes if o.line is not None)
        for o in outcomes:
            if o.error is not None:
                report.errors.append(f"{o.article_id}: {o.error}")
                warn(f"skipped {o.article_id}: {o.error}")
            else:
                done += 1
            words += o.words
        bar.update(len(outcomes))
        bar.set_postfix_str(f"{words / max(time.perf_counter() - start, 1e-9):,.0f} words/s",
                            refresh=False)
    bar.close()
    return done


def _entity_table(res: Resolution) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["iri", "type", "label", "aliases", "mentions", "confidence"])
    for e in sorted(res.entities.values(), key=lambda e: (-len(e.mentions), e.label)):
        w.writerow([entity_iri(e), e.type, e.label, " | ".join(sorted(e.aliases - {e.label})),
                    len(e.mentions), f"{e.confidence:.2f}"])
    return buf.getvalue()


def _stats(exs: list[ArticleExtraction], res: Resolution, report: BuildReport) -> dict:
    types: dict[str, int] = {}
    for e in res.entities.values():
        types[e.type] = types.get(e.type, 0) + 1
    rels: dict[str, int] = {}
    distinct: set[tuple[str, str, str]] = set()
    me = res.mention_entity
    for ex in exs:
        for r in ex.relations:
            rels[r.kind] = rels.get(r.kind, 0) + 1
            s = me.get((ex.article.id, r.subject))
            o = me.get((ex.article.id, r.object)) if r.object else r.value
            if s and o:
                distinct.add((s, r.kind, o))
    by_kind: dict[str, int] = {}
    for _, kind, _ in distinct:
        by_kind[kind] = by_kind.get(kind, 0) + 1
    return {
        "articles": len(exs), "processed_this_run": report.processed,
        "reused_from_cache": report.reused, "entities": types,
        # one per article stating it (what evidence nodes count) ...
        "relation_statements": rels,
        # ... and one per distinct (subject, kind, object) edge, what `kg stats` counts
        "relations_distinct": dict(sorted(by_kind.items())),
        "quotes": sum(len(ex.quotes) for ex in exs), "triples": report.triples,
        "errors": report.errors,
    }
