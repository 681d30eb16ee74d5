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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from kg.cache import ExtractionCache, atomic_write
from kg.extract import Extractor
from kg.ingest import IngestError, iter_articles
from kg.lock import locked_build_dir
from kg.models import Article, ArticleExtraction, Resolution
from kg.nlp import default_model_path, load_pipeline
from kg.rdf import build_dataset, entity_iri
from kg.resolve import resolve
from kg.resources import fingerprint


@dataclass
class BuildReport:
    out_dir: Path
    articles: int = 0
    processed: int = 0
    reused: int = 0
    entities: int = 0
    triples: int = 0
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
        done = _extract(todo, model, progress, report, warn)
        cache.update(done)
        report.processed = len(done)

    extractions = cache.all()
    resolution = resolve(extractions)
    ds = build_dataset(extractions, resolution, min_confidence=min_confidence)
    report.entities = len(resolution.entities)
    report.triples = len(ds)

    out.mkdir(parents=True, exist_ok=True)
    cache.save()
    atomic_write(out / "graph.trig", ds.serialize(format="trig"))
    atomic_write(out / "entities.csv", _entity_table(resolution))
    atomic_write(out / "stats.json", json.dumps(_stats(extractions, resolution, report), indent=2))
    if write_page:
        from kg.viz import write_page as _page

        _page(ds, out / "graph.html", min_confidence=min_confidence)
    return report


def _extract(todo: list[Article], model: str | None, progress: bool, report: BuildReport,
             warn: Callable[[str], None]) -> list[ArticleExtraction]:
    nlp = load_pipeline(model)
    extractor = Extractor()
    done: list[ArticleExtraction] = []
    docs = nlp.pipe(((a.text, a) for a in todo), as_tuples=True, batch_size=32)
    bar = tqdm(total=len(todo), unit="article", desc="extracting", disable=not progress,
               file=sys.stderr)
    while True:
        try:
            doc, article = next(docs)
        except StopIteration:
            break
        except Exception as exc:  # noqa: BLE001 - one bad batch must not lose the rest
            warn(f"extraction failed on a batch ({exc.__class__.__name__}: {exc}); retrying "
                 "its articles one by one.")
            done += _one_by_one([a for a in todo if a.id not in {d.article.id for d in done}],
                                nlp, extractor, report, warn)
            bar.update(len(todo) - bar.n)
            break
        try:
            done.append(extractor(doc, article))
        except Exception as exc:  # noqa: BLE001
            report.errors.append(f"{article.id}: extraction failed ({exc})")
            warn(f"skipped {article.id}: extraction failed ({exc.__class__.__name__}: {exc})")
        bar.update(1)
    bar.close()
    return done


def _one_by_one(arts: list[Article], nlp: object, extractor: Extractor, report: BuildReport,
                warn: Callable[[str], None]) -> list[ArticleExtraction]:
    out = []
    for a in arts:
        try:
            out.append(extractor(nlp(a.text), a))  # type: ignore[operator]
        except Exception as exc:  # noqa: BLE001
            report.errors.append(f"{a.id}: extraction failed ({exc})")
            warn(f"skipped {a.id}: extraction failed ({exc.__class__.__name__}: {exc})")
    return out


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
    for ex in exs:
        for r in ex.relations:
            rels[r.kind] = rels.get(r.kind, 0) + 1
    return {
        "articles": len(exs), "processed_this_run": report.processed,
        "reused_from_cache": report.reused, "entities": types, "relations": rels,
        "quotes": sum(len(ex.quotes) for ex in exs), "triples": report.triples,
        "errors": report.errors,
    }
