"""Whether a small build may leave its unchanged articles unread (kg.outputs).

An incremental build (kg/incremental.py) resolves only new and changed articles and says
which article graphs must be rewritten (`Resolution.rewrite_articles`); every other
article's graph depends on nothing that changed. Then the output stage need not parse
those articles' extractions at all (on the 21,930-article corpus that parse alone is most
of a small build's time): their graphs keep the digests the committed store generation
recorded (kg/graph/update.py), their page numbers stay, their stats.json parts are read
back (kg/buildstats.py).

That is only sound when the committed store was written from the same model, threshold
and RDF shape as this build and holds every one of those articles. The state file says
whether it holds them; for the rest a few of the unchanged articles are loaded and
digested now, and any difference from the recorded digest (another --min-confidence, a
new kg version) sends the build down the ordinary path, which reads them all.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from kg.graph.store import committed_store
from kg.graph.update import article_digest, load_state
from kg.models import ArticleExtraction, Resolution
from kg.rdf import article_iri, kept_entities

CANARIES = 8  # unchanged articles digested again to check the committed state applies


def check_unchanged(out: object, unchanged: dict[str, str], extractions: list[ArticleExtraction],
                    resolution: Resolution, load: Callable[[list[str]], list[ArticleExtraction]],
                    *, model_id: str, min_confidence: float,
                    ) -> tuple[dict[str, str], dict[str, str], list[ArticleExtraction]]:
    """(articles left unread, their graph IRI -> committed digest, the extractions to
    write): the first two empty and every extraction loaded when the committed store
    cannot vouch for the unchanged articles."""
    state = load_state(committed_store(out))  # type: ignore[arg-type]
    iris = {aid: str(article_iri(aid)) for aid in unchanged}
    done = state["articles"] if state is not None else {}
    if state is None or any(iri not in done for iri in iris.values()):
        return {}, {}, extractions + load(sorted(unchanged))
    ids = sorted(unchanged)
    step = max(1, len(ids) // CANARIES)
    kept = kept_entities(resolution, min_confidence)
    for ex in load(ids[::step][:CANARIES]):
        if ex.article.content_hash != unchanged[ex.article.id] or article_digest(
                ex, resolution, kept, model_id, min_confidence) != done[iris[ex.article.id]][0]:
            return {}, {}, extractions + load(ids)
    return unchanged, {iris[a]: done[iris[a]][0] for a in ids}, extractions


# --- the page ------------------------------------------------------------------------------

PAGE_SLACK = 0.01  # a small build leaves the page this share of the articles behind at most


def page_lag(out: Path, *, small: bool, changed: bool, recovering: bool, changes: int,
             articles: int, exists: bool) -> tuple[bool, int]:
    """(redraw graph.html now, the articles it is behind if it is not redrawn).

    Drawing the page means loading the whole graph into networkx and laying it out: on the
    21,930-article corpus minutes, for a page that ten more articles barely change. So a
    small build (kg/incremental.py matched its few articles against the index) leaves the
    page as it is while the articles added, replaced or removed since it was drawn stay
    within PAGE_SLACK of the graph, and says so (stats.json `page_behind`, and the line
    `kg build` prints); `kg viz DIR` redraws it at any time, and the first build past the
    slack, or any build that is not small, redraws it."""
    try:
        before = int(json.loads((out / "stats.json").read_text(encoding="utf-8"))
                     .get("page_behind", 0))
    except (OSError, ValueError, TypeError, AttributeError):
        before = 0
    lag = before + changes
    return (not exists or recovering or (changed and not small)
            or lag > PAGE_SLACK * articles), lag
