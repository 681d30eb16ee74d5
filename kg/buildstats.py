"""stats.json's counts, kept per article so a small build does not read every extraction.

stats.json counts relation statements per kind, distinct (subject, kind, object) edges and
quotations over the whole build. Counting them from the extractions means parsing every
article's extraction from the cache (tens of seconds on the 21,930-article corpus) even
when a build adds ten articles. So what each article contributes (its relations as
mention keys, its number of quotations) is saved in `store.d/stats-parts.json`, keyed by
article id and content hash; a build recomputes the parts of the articles it has in hand
and reads the others' parts (loading an extraction only when its part is missing or was
made from another content hash). Distinct edges depend on resolution, so they are counted
afresh every time from the parts and the current mention -> entity map, which is cheap.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from kg.cache import atomic_write
from kg.models import ArticleExtraction, Resolution

PARTS_FILE = "stats-parts.json"  # in store.d/
PARTS_VERSION = 1

Part = list  # [content hash, quotations, [[kind, subject key, object key, value], ...]]


def _part(ex: ArticleExtraction) -> Part:
    return [ex.article.content_hash, len(ex.quotes),
            [[r.kind, r.subject, r.object, r.value] for r in ex.relations]]


def _load(path: Path) -> dict[str, Part]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != PARTS_VERSION:
        return {}
    parts = data.get("articles")
    return parts if isinstance(parts, dict) else {}


def counts(folder: Path, exs: Iterable[ArticleExtraction], others: Mapping[str, str],
           res: Resolution, load: Callable[[list[str]], list[ArticleExtraction]],
           ) -> tuple[int, dict[str, int], dict[str, int], int]:
    """(articles, relation statements per kind, distinct edges per kind, quotations) of a
    build made of the extractions `exs` and the articles `others` (id -> content hash)
    whose parts were saved by an earlier build. `folder` is store.d/, where the parts
    are saved again for the next build."""
    path = folder / PARTS_FILE
    saved = _load(path) if others else {}
    parts: dict[str, Part] = {ex.article.id: _part(ex) for ex in exs}
    missing = []
    for aid, h in others.items():
        p = saved.get(aid)
        if isinstance(p, list) and len(p) == 3 and p[0] == h:
            parts[aid] = p
        else:
            missing.append(aid)
    for ex in load(sorted(missing)):
        parts[ex.article.id] = _part(ex)
    rels: dict[str, int] = {}
    distinct: set[tuple[str, str, str]] = set()
    me = res.mention_entity
    for aid, (_, _, relations) in parts.items():
        for kind, subj, obj, value in relations:
            rels[kind] = rels.get(kind, 0) + 1
            s = me.get((aid, subj))
            o = me.get((aid, obj)) if obj else value
            if s and o:
                distinct.add((s, kind, o))
    by_kind: dict[str, int] = {}
    for _, kind, _ in distinct:
        by_kind[kind] = by_kind.get(kind, 0) + 1
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps({"version": PARTS_VERSION, "articles": parts},
                                  ensure_ascii=False, separators=(",", ":")))
    return (len(parts), rels, dict(sorted(by_kind.items())),
            sum(p[1] for p in parts.values()))
