"""Per-article extraction cache, so a re-run only processes new or changed articles.

Extraction is the expensive stage; resolution and RDF are rebuilt from the cache every
run because a new article can change how old mentions resolve. The cache is a JSON Lines
file in the build directory, replaced atomically.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Collection, Iterable
from pathlib import Path

from kg.identity import unwritable
from kg.models import ArticleExtraction

CACHE_FILE = "extractions.jsonl"
# bump when extraction output changes meaning, so old caches are not trusted
CACHE_VERSION = 2  # 2: file ids are the path given, not the bare file name


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write via a temp file in the same folder and os.replace: a crash leaves the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are for others to read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr)


class ExtractionCache:
    def __init__(self, build_dir: Path, model_id: str,
                 warn: Callable[[str], None] = _stderr) -> None:
        self.path = build_dir / CACHE_FILE
        self.model_id = model_id
        self.items: dict[str, ArticleExtraction] = {}
        self.warn = warn
        if self.path.exists():
            self._load()

    def _load(self) -> None:
        """Read the cache, trusting nothing: an unreadable file or entry is dropped with a
        warning (its articles are extracted again), so no entry can break a later build."""
        try:
            with self.path.open(encoding="utf-8", errors="replace") as fh:
                header = _json_object(fh.readline()) or {}
                if header.get("version") != CACHE_VERSION or header.get("model") != self.model_id:
                    return  # extraction changed: reprocess everything
                for lineno, line in enumerate(fh, start=2):
                    if line.strip():
                        self._load_entry(line, lineno)
        except OSError as exc:
            self.warn(f"{self.path}: cannot be read ({exc.strerror or exc}); every article "
                      "will be extracted again.")
            self.items.clear()

    def _load_entry(self, line: str, lineno: int) -> None:
        where = f"{self.path}:{lineno}"
        try:
            ex = ArticleExtraction.from_dict(_json_object(line) or {})
            problem = unwritable(ex.article)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            problem = f"it is not a valid extraction ({exc.__class__.__name__})"
        if problem:
            self.warn(f"dropped a cache entry at {where}: {problem}; its article is "
                      "extracted again when given.")
            return
        self.items[ex.article.id] = ex

    def is_current(self, article_id: str, content_hash: str) -> bool:
        ex = self.items.get(article_id)
        return ex is not None and ex.article.content_hash == content_hash

    def update(self, extractions: Iterable[ArticleExtraction]) -> None:
        for ex in extractions:
            self.items[ex.article.id] = ex

    def drop(self, article_ids: Collection[str]) -> None:
        """Forget articles (kg build --prune, kg remove): saved without them."""
        for aid in article_ids:
            self.items.pop(aid, None)

    def all(self) -> list[ArticleExtraction]:
        return [self.items[k] for k in sorted(self.items)]

    def save(self) -> None:
        """Replace the cache file atomically; an entry that cannot be written is left out."""
        lines = [json.dumps({"version": CACHE_VERSION, "model": self.model_id})]
        lines += [json.dumps(ex.to_dict(), ensure_ascii=False) for ex in self.all()]
        atomic_write(self.path, "\n".join(lines) + "\n")


def _json_object(line: str) -> dict | None:
    """A JSON object from one line, or None for anything else (broken, list, too deep)."""
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None
