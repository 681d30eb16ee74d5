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

At corpus scale the file is hundreds of MB, so even reading it is seconds. Beside it,
`extractions.index.json` records each article's hash and where its line lies (byte offset
and length), with the cache file's size and mtime: when they match, opening the cache
reads only that index and `load(ids)` seeks to the lines asked for. A build that adds or
changes a few articles appends their lines to the cache file (fsynced) instead of
rewriting it, and a later line of an id replaces an earlier one; the file is rewritten
whole (atomically) when articles are removed or when replaced lines make up a quarter of
it. A kill between the append and the index leaves an index that no longer matches the
file, so the next build scans the file again (last line wins), as it always could.
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
INDEX_FILE = "extractions.index.json"
INDEX_VERSION = 1
STALE_SHARE = 0.25  # rewrite the cache file when replaced lines are this share of it
# bump when extraction output changes meaning, so old caches are not trusted
CACHE_VERSION = 3  # 3: lines carry hash and id first, so they load without parsing
_HEAD = re.compile(r'\{"h": "([^"\\]*)", "id": ("(?:[^"\\]|\\.)*"), "x": \{')
_BHEAD = re.compile(_HEAD.pattern.encode())


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
        self.index = build_dir / INDEX_FILE
        self.model_id = model_id
        self.warn = warn
        self._hash: dict[str, str] = {}  # article id -> content hash
        self._where: dict[str, tuple[int, int]] = {}  # id -> (offset, length) in the file
        self._line: dict[str, str] = {}  # id -> its line, for lines not in the file yet
        self._parsed: dict[str, ArticleExtraction] = {}
        self._dirty = False
        self._rewrite = False  # forget() or an unusable file: the next save rewrites it
        self._stale = 0  # bytes of the file taken by lines a later one replaced
        self._indexed = self._open_index()
        if not self._indexed:
            self._scan()
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

    def _current(self, head: str | bytes) -> bool:
        """True when a cache file's header line names this cache version and model (a
        header that is no JSON, e.g. a torn file, is not current)."""
        try:
            meta = json.loads(head)
        except ValueError:
            return False
        return isinstance(meta, dict) and meta.get("version") == CACHE_VERSION \
            and meta.get("model") == self.model_id

    # --- reading
    def _open_index(self) -> bool:
        """Use extractions.index.json when it describes the cache file as it is now."""
        try:
            idx = json.loads(self.index.read_text(encoding="utf-8"))
            st = self.path.stat()
        except (OSError, ValueError):
            return False
        if not isinstance(idx, dict) or idx.get("version") != INDEX_VERSION \
                or idx.get("model") != self.model_id or idx.get("size") != st.st_size \
                or idx.get("mtime_ns") != st.st_mtime_ns:
            return False
        try:
            for aid, (h, off, n) in idx["entries"].items():
                self._hash[aid], self._where[aid] = h, (int(off), int(n))
            self._stale = int(idx.get("stale", 0))
        except (KeyError, TypeError, ValueError):
            self._hash.clear()
            self._where.clear()
            return False
        return True

    def _scan(self) -> None:
        """Read the ids, hashes and offsets of every line of the cache file. Lines whose
        head cannot be read (a torn last line, an edited file) are skipped: their articles
        are extracted again; a later line of an id replaces an earlier one."""
        try:
            with self.path.open("rb") as fh:
                head = fh.readline()
                if not self._current(head):
                    self._rewrite = True  # extraction changed: reprocess everything
                    return
                pos = len(head)
                for lineno, line in enumerate(fh, start=2):
                    m = _BHEAD.match(line)
                    if m is None or not line.endswith(b"}\n"):
                        if line.strip():
                            self.warn(f"dropped a cache entry at {self.path}:{lineno}: it is "
                                      "not a valid extraction; its article is extracted again "
                                      "when given.")
                    else:
                        aid = json.loads(m.group(2))
                        if aid in self._where:
                            self._stale += self._where[aid][1]
                        self._hash[aid] = m.group(1).decode("utf-8")
                        self._where[aid] = (pos, len(line) - 1)
                    pos += len(line)
        except FileNotFoundError:
            return
        except OSError as exc:
            self._rewrite = True
            self.warn(f"{self.path}: cannot be read ({exc.strerror or exc}); its articles "
                      "will be extracted again.")

    def _read(self, path: Path) -> bool:
        """Load the journal (small) into memory; True if it was there."""
        try:
            with path.open(encoding="utf-8", errors="replace") as fh:
                head = fh.readline()
                if not self._current(head):
                    return True  # extraction changed: reprocess everything
                for lineno, line in enumerate(fh, start=2):
                    m = _HEAD.match(line)
                    if m is None or not line.endswith("}\n"):
                        if line.strip():
                            self.warn(f"dropped a cache entry at {path}:{lineno}: it is not a "
                                      "valid extraction; its article is extracted again when "
                                      "given.")
                        continue
                    self._remember(json.loads(m.group(2)), m.group(1), line[:-1])
        except FileNotFoundError:
            return False
        except OSError as exc:
            self.warn(f"{path}: cannot be read ({exc.strerror or exc}); its articles will be "
                      "extracted again.")
        return True

    def _remember(self, aid: str, h: str, line: str) -> None:
        self._hash[aid], self._line[aid] = h, line
        self._parsed.pop(aid, None)

    def _text(self, ids: list[str]) -> dict[str, str]:
        """The cache lines of these ids: from memory, or read at their offsets."""
        out = {a: self._line[a] for a in ids if a in self._line}
        on_disk = sorted((self._where[a], a) for a in ids
                         if a not in out and a in self._where)
        if on_disk:
            with self.path.open("rb") as fh:
                for (off, n), aid in on_disk:
                    fh.seek(off)
                    out[aid] = fh.read(n).decode("utf-8", errors="replace")
        return out

    def is_current(self, article_id: str, content_hash: str) -> bool:
        return self._hash.get(article_id) == content_hash

    def hashes(self) -> dict[str, str]:
        """Article id -> content hash of every cached extraction (nothing parsed)."""
        return dict(self._hash)

    # --- writing
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
            self._remember(json.loads(m.group(2)), m.group(1), line)
        self._dirty = True

    def update(self, extractions: Iterable[ArticleExtraction]) -> None:
        self.append(cache_line(ex) for ex in extractions)

    def load(self, ids: Iterable[str]) -> list[ArticleExtraction]:
        """The extractions of these ids; one that cannot be parsed is reported and dropped
        from the cache (it is extracted again by the next build that is given it)."""
        ids = list(ids)
        lines = self._text([a for a in ids if a not in self._parsed])
        out = []
        for aid in ids:
            ex = self._parsed.get(aid)
            if ex is None:
                try:
                    ex = ArticleExtraction.from_dict(json.loads(lines[aid])["x"])
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
        if self._where.pop(aid, None) is not None:
            self._rewrite = True
        self._dirty = True

    def all(self) -> list[ArticleExtraction]:
        return self.load(sorted(self._hash))

    def save(self) -> None:
        """Fold the journal into the cache file, then drop the journal: new lines appended
        (fsynced), or the whole file rewritten atomically when lines were removed or many
        are stale; then the index beside it."""
        if not self._dirty:
            if not self._indexed and self._where and not self._rewrite:
                self._write_index()
            return
        size = self.path.stat().st_size if self.path.exists() and self._where else 0
        stale = self._stale + sum(self._where[a][1] for a in self._line if a in self._where)
        if self._rewrite or not size or stale > STALE_SHARE * (size + sum(
                len(v) for v in self._line.values())):
            self._write_all()
        else:
            self._append_lines()
        self._write_index()
        self.journal.unlink(missing_ok=True)
        self._dirty = self._rewrite = False

    def _write_all(self) -> None:
        lines = self._text(sorted(self._hash))
        body = [self.header] + [lines[k] for k in sorted(lines)]
        data = ("\n".join(body) + "\n").encode("utf-8")
        atomic_write(self.path, data)
        self._where.clear()
        pos = len(body[0].encode("utf-8")) + 1
        for k in sorted(lines):
            n = len(lines[k].encode("utf-8"))
            self._where[k] = (pos, n)
            pos += n + 1
        self._line.clear()
        self._stale = 0

    def _append_lines(self) -> None:
        with self.path.open("r+b") as fh:
            end = fh.seek(0, os.SEEK_END)
            fh.seek(end - 1)
            pos = end
            if fh.read(1) != b"\n":  # a torn last line: keep it apart from the new ones
                fh.write(b"\n")
                pos += 1
            for aid in sorted(self._line):
                data = self._line[aid].encode("utf-8")
                fh.write(data + b"\n")
                if aid in self._where:
                    self._stale += self._where[aid][1]
                self._where[aid] = (pos, len(data))
                pos += len(data) + 1
            fh.flush()
            os.fsync(fh.fileno())
        fault_point(f"write:{self.path.name}")  # crash tests: appended, index not yet
        self._line.clear()

    def _write_index(self) -> None:
        st = self.path.stat()
        atomic_write(self.index, json.dumps({
            "version": INDEX_VERSION, "model": self.model_id, "size": st.st_size,
            "mtime_ns": st.st_mtime_ns, "stale": self._stale,
            "entries": {a: [self._hash[a], *self._where[a]] for a in sorted(self._where)},
        }, ensure_ascii=False, separators=(",", ":")))
        self._indexed = True
