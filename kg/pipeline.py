"""The whole pipeline in one screen: `kg build` on the command line, `kg.build` in Python.

(Not named build.py: a submodule kg.build would shadow the function kg.build.)

ingest -> (only new or changed articles) nlp + extract -> cache -> resolve all -> the
on-disk store (only changed article graphs replaced) -> graph.trig, entities.csv,
graph.html, stats.json (kg.outputs). The store commits with one rename and every file is
written atomically, so a crash midway leaves the previous build intact (docs/store.md).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from kg.cache import ExtractionCache
from kg.errors import KgError
from kg.extract import Extractor
from kg.ingest import IngestError, iter_articles
from kg.lock import locked_build_dir
from kg.models import Article, ArticleExtraction
from kg.nlp import default_model_path, load_pipeline
from kg.outputs import write_outputs
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
    removed: int = 0
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
    prune: bool = False,
    remove: Collection[str] = (),
    warn: Callable[[str], None] = lambda msg: print(msg, file=sys.stderr),
) -> BuildReport:
    """prune: drop the articles of earlier runs that this run's inputs do not contain;
    remove: drop these article ids. Otherwise a run only adds and updates (CONTRACT)."""
    out = Path(out_dir)
    report = BuildReport(out_dir=out)
    model_id = _model_id(model)
    cache = ExtractionCache(out, model_id, warn=warn)
    if (prune or remove) and not cache.items and cache.path.exists():
        raise KgError(f"{cache.path}: was written with another model or kg version, so kg "
                      "cannot tell which articles to keep; rebuild with the same --model first.")
    seen: set[str] = set()

    todo: list[Article] = []
    for item in iter_articles(list(inputs)):
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

    if todo:
        done = _extract(todo, model, progress, report, warn)
        cache.update(done)
        report.processed = len(done)

    gone = (set(cache.items) - seen if prune else set()) | (set(remove) & set(cache.items))
    for missing in sorted(set(remove) - set(cache.items)):
        warn(f"{out}: has no article {missing!r}; nothing to remove.")
    cache.drop(gone)
    report.removed = len(gone)

    extractions = cache.all()
    resolution = resolve(extractions)
    out.mkdir(parents=True, exist_ok=True)
    cache.save()
    write_outputs(out, extractions, resolution, report, model_id=model_id,
                  min_confidence=min_confidence, write_page=write_page)
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
