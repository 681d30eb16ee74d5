"""The whole pipeline in one screen: `kg build` on the command line, `kg.build` in Python.

(Not named build.py: a submodule kg.build would shadow the function kg.build.)

ingest -> (only new or changed articles) nlp + extract -> cache -> resolve (new articles
against the entity index) -> corrections -> the on-disk store (only changed article graphs
replaced) -> graph.trig, entities.csv, graph.html, stats.json (kg.outputs). The store
commits with one rename and every file is written atomically, so a crash midway leaves
the previous build intact (docs/store.md).
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg import manifest, timings
from kg.errors import KgError
from kg.lock import locked_build_dir
from kg.paths import default_model_path
from kg.timings import stage

if TYPE_CHECKING:
    from kg import parallel
    from kg.cache import ExtractionCache
    from kg.models import Article

# The heavy stages (spaCy, rdflib, Oxigraph, networkx) are imported inside `build`, after
# the no-op check (kg/manifest.py): a rebuild with nothing new never loads them.


@dataclass
class BuildReport:
    out_dir: Path
    articles: int = 0
    processed: int = 0
    reused: int = 0
    entities: int = 0
    triples: int = 0
    removed: int = 0
    in_graph: int = 0  # articles the graph holds after this run (earlier runs' included)
    page_behind: int = 0  # articles graph.html does not show yet (a small build's slack)
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
    from kg.resources import fingerprint

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
    prune: bool = False,
    remove: Collection[str] = (),
    scheduler: object | None = None,
    warn: Callable[[str], None] = lambda msg: print(msg, file=sys.stderr),
) -> BuildReport:
    """prune: drop the articles of earlier runs that this run's inputs do not contain;
    remove: drop these article ids. Otherwise a run only adds and updates (CONTRACT)."""
    out = Path(out_dir)
    model_id = _model_id(model)
    build_key = manifest.key(inputs, {"min_confidence": min_confidence, "page": write_page,
                                      "prune": prune}, model_id)
    if not remove and reresolve is not True:
        last = manifest.check(out, build_key, write_page)
        if last is not None:
            return _unchanged(out, last, build_key, warn)
    manifest.invalidate(out)  # before anything changes: a kill never leaves a stale one

    from kg import corrections, dask_extract, parallel
    from kg.cache import ExtractionCache
    from kg.entity_index import EntityIndex, resolver_fingerprint
    from kg.incremental import resolve_build
    from kg.ingest import IngestError, iter_articles
    from kg.outputs import write_outputs
    from kg.resolve import default_resolver

    report = BuildReport(out_dir=out)
    cache = ExtractionCache(out, model_id, warn=warn)
    if (prune or remove) and not cache.hashes() and cache.path.exists():
        raise KgError(f"{cache.path}: was written with another model or kg version, so kg "
                      "cannot tell which articles to keep; rebuild with the same --model first.")
    seen: set[str] = set()

    todo: list[Article] = []
    record: dict = {}  # input file -> its articles, for the next build (kg/manifest.py)
    recorded = manifest.vouch(manifest.previous_inputs(out), cache.is_current)

    def fresh() -> Iterator[Article]:
        """The articles to extract, as ingest reads them (extraction starts on the first
        batch while the rest of the input is still being read and cleaned)."""
        for item in iter_articles(list(inputs), known=cache.is_current, recorded=recorded,
                                  record=record):
            if isinstance(item, IngestError):
                report.errors.append(f"{item.source}: {item.message}")
                warn(f"skipped {item.source}: {item.message}")
                continue
            report.articles += 1
            seen.add(item.id)
            if cache.is_current(item.id, item.content_hash):
                report.reused += 1
            else:
                todo.append(item)
                yield item

    articles = fresh()
    with stage("ingest + extract"):
        first = next(articles, None)  # nothing new: no model loaded, no worker started
        if first is not None:
            stream = itertools.chain([first], articles)
            outcomes = (parallel.extract(stream, model, workers) if scheduler is None
                        else dask_extract.extract(list(stream), model, scheduler))
            report.processed = _extract(todo, outcomes, cache, progress, report, warn)
    known = set(cache.hashes())
    gone = (known - seen if prune else set()) | (set(remove) & known)
    for missing in sorted(set(remove) - known):
        warn(f"{out}: has no article {missing!r}; nothing to remove.")
    for aid in gone:
        cache.forget(aid)
    report.removed = len(gone)
    with stage("cache save"):
        cache.save()  # fold this run's journal into the cache file
    hashes = cache.hashes()
    with stage("resolve"):
        resolution, index = resolve_build(
            EntityIndex.load(out), default_resolver(), resolver_fingerprint(cache.model_id),
            hashes, cache.load, reresolve=reresolve)
    with stage("corrections"):
        fixes, fixes_changed = corrections.load(out), corrections.changed(out)
        rewrite = resolution.rewrite_articles
        unchanged: dict[str, str] = {}
        corrected = None
        if rewrite is not None and resolution.touched is not None and not fixes \
                and not fixes_changed:
            # a small build: only the articles resolution rewrites are read from the
            # cache, the others' graphs stay as the store has them
            # (kg/incremental_outputs.py)
            extractions = cache.load(sorted(rewrite & hashes.keys()))
            unchanged = {a: h for a, h in hashes.items() if a not in rewrite}
        else:
            extractions, resolution, corrected = corrections.apply(
                fixes, cache.all(), resolution, warn, fixes_changed, taken=index.taken)
    report.in_graph = len(extractions) + len(unchanged)
    out.mkdir(parents=True, exist_ok=True)
    write_outputs(out, extractions, resolution, report, model_id=cache.model_id,
                  min_confidence=min_confidence, write_page=write_page, corrected=corrected,
                  unchanged=unchanged, load=cache.load)
    with stage("entity index save"):
        if resolution.touched != set() or resolution.rewrite_articles != set():
            index.save(out)  # last: a kill before this resolves the same articles again
    corrections.mark_applied(out)
    manifest.write_inputs(out, record)
    manifest.write(out, build_key, _summary(report))
    timings.report()
    return report


def _summary(report: BuildReport) -> dict:
    return {"articles": report.articles, "entities": report.entities,
            "triples": report.triples, "in_graph": report.in_graph,
            "reused": report.reused + report.processed, "errors": report.errors}


def _unchanged(out: Path, last: dict, build_key: str,
               warn: Callable[[str], None]) -> BuildReport:
    """The report of a run the manifest proved to be a no-op (kg/manifest.py): every
    article read again is the one already built. The inputs the last run could not read or
    extract are reported again (the same input, model and code fail the same way).
    stats.json's per-run counts are set to this run's (zero) when the previous run had
    done something."""
    n = int(last.get("reused", 0))
    report = BuildReport(out_dir=out, articles=int(last.get("articles", 0)), processed=0,
                         reused=n, entities=int(last.get("entities", 0)),
                         triples=int(last.get("triples", 0)),
                         in_graph=int(last.get("in_graph", 0)),
                         errors=[str(e) for e in last.get("errors", [])])
    for e in report.errors:
        warn(f"skipped {e}")
    stats_path = out / "stats.json"
    stats = json.loads(stats_path.read_text(encoding="utf-8"))
    run = {"processed_this_run": 0, "reused_from_cache": n, "articles_added": 0,
           "articles_replaced": 0, "articles_removed": 0}
    if any(stats.get(k) != v for k, v in run.items()):
        from kg.cache import atomic_write

        stats.update(run)
        atomic_write(stats_path, json.dumps(stats, indent=2, ensure_ascii=False))
        manifest.write(out, build_key, last)
    return report


def _extract(todo: list[Article], batches: Iterator[list[parallel.Outcome]],
             cache: ExtractionCache, progress: bool, report: BuildReport,
             warn: Callable[[str], None]) -> int:
    """Take the outcomes of extraction on every core (kg/parallel.py) or on a Dask cluster
    (kg/dask_extract.py), saving each batch to the cache journal as it comes; a failed
    article is reported and skipped. Returns the number extracted."""
    done = 0
    from tqdm import tqdm

    bar = tqdm(total=len(todo), unit="article", desc="extracting", disable=not progress,
               file=sys.stderr, smoothing=0.1)  # `todo` grows while the input is read
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
        bar.total = max(len(todo), bar.n + len(outcomes))
        bar.update(len(outcomes))
        bar.set_postfix_str(f"{words / max(time.perf_counter() - start, 1e-9):,.0f} words/s",
                            refresh=False)
    bar.close()
    return done
