"""Per-article extraction cache, so a re-run only processes new or changed articles.

Extraction is the expensive stage, so its results are saved as they come: each batch is
appended to a journal (`extractions.journal.jsonl`) and fsynced, and at the end of the
build the journal is folded into `extractions.jsonl`, replaced atomically. A build killed
midway loses at most the batch in flight; the next one folds in what the journal holds
(a torn last line is ignored) and extracts only the rest.

Every line after the header is `{"h": CONTENT_HASH, "id": ARTICLE_ID, "x": EXTRACTION}`
in that key order, so loading reads the id and hash of each line with a regular
expression and parses an extraction only when it is used: a no-op rebuild of a large
corpus does not parse the whole cache.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from kg.faults import fault_point
from kg.identity import unwritable
from kg.models import ArticleExtraction

CACHE_FILE = "extractions.jsonl"
JOURNAL_FILE = "extractions.journal.jsonl"
# bump when extraction output changes meaning, so old caches are not trusted
CACHE_VERSION = 3  # 3: lines carry hash and id first, so they load without parsing
_HEAD = re.compile(r'\{"h": "([^"\\]*)", "id": ("(?:[^"\\]|\\.)*"), "x": \{')


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
        fault_point(f"write:{path.name}")  # crash tests: KG_FAULT (kg/faults.py)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cache_line(ex: ArticleExtraction) -> str:
    """One cache line (no newline); made where the extraction is, e.g. in a worker."""
    head = json.dumps({"h": ex.article.content_hash, "id": ex.article.id}, ensure_ascii=False)
    return f'{head[:-1]}, "x": {json.dumps(ex.to_dict(), ensure_ascii=False)}}}'


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr)


class ExtractionCache:
    def __init__(self, build_dir: Path, model_id: str,
                 warn: Callable[[str], None] = _stderr) -> None:
        self.path = build_dir / CACHE_FILE
        self.journal = build_dir / JOURNAL_FILE
        self.model_id = model_id
        self.warn = warn
        self._hash: dict[str, str] = {}  # article id -> content hash
        self._line: dict[str, str] = {}  # article id -> its cache line
        self._parsed: dict[str, ArticleExtraction] = {}
        self._dirty = False
        self._read(self.path)
        if self._read(self.journal):
            self._dirty = True  # a killed build's batches: folded in by the next save()

    @staticmethod
    def recorded_model(build_dir: Path) -> str | None:
        """The model + rules id a build folder's cache was written with (its header), or
        None when there is no readable cache."""
        try:
            with (build_dir / CACHE_FILE).open(encoding="utf-8", errors="replace") as fh:
                meta = json.loads(fh.readline() or "null")
        except (OSError, ValueError):
            return None
        return str(meta["model"]) if isinstance(meta, dict) and "model" in meta else None

    @property
    def header(self) -> str:
        return json.dumps({"version": CACHE_VERSION, "model": self.model_id})

    def _read(self, path: Path) -> bool:
        """Load one cache file; True if it was there. Lines whose head cannot be read
        (a torn last line, an edited file) are skipped: their articles are extracted again."""
        try:
            with path.open(encoding="utf-8", errors="replace") as fh:
                head = fh.readline()
                try:
                    meta = json.loads(head)
                except ValueError:
                    meta = None
                if not isinstance(meta, dict) or meta.get("version") != CACHE_VERSION \
                        or meta.get("model") != self.model_id:
                    return True  # extraction changed: reprocess everything
                for lineno, line in enumerate(fh, start=2):
                    m = _HEAD.match(line)
                    if m is None or not line.endswith("}\n"):
                        if line.strip():
                            self.warn(f"dropped a cache entry at {path}:{lineno}: it is not a "
                                      "valid extraction; its article is extracted again when "
                                      "given.")
                        continue
                    aid = json.loads(m.group(2))
                    self._hash[aid] = m.group(1)
                    self._line[aid] = line[:-1]
                    self._parsed.pop(aid, None)
        except FileNotFoundError:
            return False
        except OSError as exc:
            self.warn(f"{path}: cannot be read ({exc.strerror or exc}); its articles will be "
                      "extracted again.")
        return True

    def is_current(self, article_id: str, content_hash: str) -> bool:
        return self._hash.get(article_id) == content_hash

    def hashes(self) -> dict[str, str]:
        """Article id -> content hash of every cached extraction (nothing parsed)."""
        return dict(self._hash)

    def append(self, lines: Iterable[str]) -> None:
        """Save a batch of cache lines now: appended to the journal and fsynced."""
        batch = list(lines)
        if not batch:
            return
        self.journal.parent.mkdir(parents=True, exist_ok=True)
        new = not self.journal.exists() or self.journal.stat().st_size == 0
        with self.journal.open("a", encoding="utf-8") as fh:
            if new:
                fh.write(self.header + "\n")
            fh.write("".join(f"{line}\n" for line in batch))
            fh.flush()
            os.fsync(fh.fileno())
        fault_point("extract")  # crash tests: a batch is saved, the rest not yet
        for line in batch:
            m = _HEAD.match(line)
            assert m is not None, "cache lines are made by cache_line()"
            aid = json.loads(m.group(2))
            self._hash[aid], self._line[aid] = m.group(1), line
            self._parsed.pop(aid, None)
        self._dirty = True

    def update(self, extractions: Iterable[ArticleExtraction]) -> None:
        self.append(cache_line(ex) for ex in extractions)

    def load(self, ids: Iterable[str]) -> list[ArticleExtraction]:
        """The extractions of these ids; one that cannot be parsed is reported and dropped
        from the cache (it is extracted again by the next build that is given it)."""
        out = []
        for aid in ids:
            ex = self._parsed.get(aid)
            if ex is None:
                try:
                    ex = ArticleExtraction.from_dict(json.loads(self._line[aid])["x"])
                    problem = unwritable(ex.article)
                except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
                    problem = f"it is not a valid extraction ({exc.__class__.__name__})"
                if problem:
                    self.warn(f"dropped a cache entry at {self.path} for {aid}: {problem}; its "
                              "article is extracted again when given.")
                    self.forget(aid)
                    continue
                self._parsed[aid] = ex
            out.append(ex)
        return out

    def forget(self, aid: str) -> None:
        self._hash.pop(aid, None)
        self._line.pop(aid, None)
        self._parsed.pop(aid, None)
        self._dirty = True

    def all(self) -> list[ArticleExtraction]:
        return self.load(sorted(self._hash))

    def save(self) -> None:
        """Fold the journal into the cache file (atomically), then drop the journal."""
        if not self._dirty:
            return
        lines = [self.header] + [self._line[k] for k in sorted(self._line)]
        atomic_write(self.path, "\n".join(lines) + "\n")
        self.journal.unlink(missing_ok=True)
        self._dirty = False
