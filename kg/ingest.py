"""Input files -> cleaned `Article`s: .txt, .md, .html/.htm and .jsonl, files or folders.

Ingest never stops a build for one bad article: anything wrong with a single record
(undecodable file, broken JSON line, no text) is yielded as an `IngestError` for the build
to report and skip. Only a path that does not exist at all is a KgError, because then the
user's command itself is wrong. Output order is deterministic (inputs in the order given,
folders walked in sorted order) so builds and their caches are reproducible.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.clean import Dateline, clean, normalize_chars
from kg.dates import iso_date
from kg.errors import KgError
from kg.html_text import html_to_text
from kg.identity import clean_field, id_key, safe_url
from kg.models import Article

Known = Callable[[str, str], bool]  # (article id, content hash) -> already built
TEXT_SUFFIXES = {".txt"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
TITLE_MAX = 200


@dataclass
class IngestError:
    """One input record that could not be read; the build reports it and goes on."""

    source: str  # "path" or "path:line"
    message: str


# --- walking inputs ----------------------------------------------------------------------

# files in a folder that describe the folder rather than report news
_NOT_ARTICLES = re.compile(r"(?i)^(readme|license|licence|changelog|contributing|notice)\b")


def file_id(path: Path, root: Path) -> str:
    """A file's article id: its path below the input root, led by the root's own name.

    `kg build d1` and `kg build d2/berita.txt` give `d1/berita.txt` and `d2/berita.txt`
    (a bare file name would let one replace the other), and the id does not depend on
    the working folder or on how the root was spelt (relative, absolute, trailing slash).
    """
    root_abs = Path(os.path.abspath(root))
    rel = Path(os.path.abspath(path)).relative_to(root_abs)
    return (Path(root_abs.name or "root") / rel).as_posix()


def _files(inputs: Iterable[str | Path]) -> Iterator[tuple[Path, Path, bool] | IngestError]:
    """(file, its input root, given explicitly); a missing path is the user's mistake."""
    seen: set[str] = set()
    for item in inputs:
        p = Path(item)
        if p.is_symlink() and not p.exists():
            yield IngestError(str(item), "is a symbolic link that loops or points nowhere.")
            continue
        if not p.exists():
            raise KgError(f"{item}: no such file or folder.")
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*")
                if f.suffix.lower() in SUFFIXES and f.is_file()
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and not _NOT_ARTICLES.match(f.name)
            )
            batch = [(f, p, False) for f in found]
        else:
            batch = [(p, p.parent, True)]
        for f, root, explicit in batch:
            try:
                key = str(f.resolve())
            except (OSError, RuntimeError):  # a symlink loop inside a folder
                key = os.path.abspath(f)
            if key not in seen:
                seen.add(key)
                yield f, root, explicit


# what a file held when it was last read: (article id, content hash, place) per article
Record = list[tuple[str, str, str]]


def iter_articles(inputs: Iterable[str | Path], known: Known | None = None,
                  recorded: Callable[[str], Record | None] | None = None,
                  record: dict[str, tuple[list[int], Record]] | None = None,
                  ) -> Iterator[Article | IngestError]:
    """Every article in the inputs, cleaned, or an IngestError for each one that failed.

    `known(id, content_hash)` true means the build has this article already: it comes
    back uncleaned, with an empty text (cleaning the whole corpus is most of a no-op
    rebuild's time).

    `recorded(key)` may vouch for a whole file (key: its input root and path, see
    `file_key`): the articles it returns come back as known ones without the file being
    read (kg/manifest.py gives it for files whose size and mtime are as a build recorded,
    all of whose articles are built). `record`, when given, is filled with each file read
    (or vouched for) without an error: key -> its articles.

    Ids are checked across all inputs: the same id for a different text is a clash, and
    ids equal but for case or a trailing slash are one, so both are reported and the later
    article skipped instead of merged with (or replacing) the first.
    """
    ids: dict[str, tuple[str, str, str]] = {}  # id key -> (id, first place, content hash)
    for entry in _files(list(inputs)):
        if isinstance(entry, IngestError):
            yield entry
            continue
        path, root, explicit = entry
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            if explicit:
                yield IngestError(str(path), f"unsupported file type {suffix or '(none)'!r}; "
                                  "kg reads .txt, .md, .html, .htm and .jsonl.")
            continue
        key = file_key(path, root)
        vouched = recorded(key) if recorded is not None else None
        try:
            st = path.stat()  # before reading: a file changed meanwhile is read next time
            fid = file_id(path, root)
            items = ([Article(id=a, text="", source_path=where, content_hash=h)
                      for a, h, where in vouched] if vouched is not None
                     else list(_read_jsonl(path, fid, known) if suffix in JSONL_SUFFIXES
                               else [_read_file(path, fid, known)]))
        except OSError as exc:
            yield IngestError(str(path), f"cannot be read ({exc.strerror or exc}).")
            continue
        except (RecursionError, ValueError, MemoryError) as exc:  # a parser gave up on it
            yield IngestError(str(path), f"could not be read ({exc.__class__.__name__}).")
            continue
        if record is not None and all(isinstance(i, Article) for i in items):
            record[key] = ([st.st_size, st.st_mtime_ns, st.st_ino],
                           [(i.id, i.content_hash, i.source_path or str(path))
                            for i in items if isinstance(i, Article)])
        for item in items:
            if isinstance(item, Article):
                item = _check_id(item, item.source_path or str(path), ids)
            yield item


def file_key(path: Path, root: Path) -> str:
    """A file as an input: its root (ids depend on it) and its own path, both absolute."""
    return f"{os.path.abspath(root)}\x1f{os.path.abspath(path)}"


def _check_id(art: Article, where: str,
              ids: dict[str, tuple[str, str, str]]) -> Article | IngestError:
    key = id_key(art.id)
    if key not in ids:
        ids[key] = (art.id, where, art.content_hash)
        return art
    first_id, first_where, first_hash = ids[key]
    if first_id != art.id:
        return IngestError(where, f"article id {art.id!r} differs from {first_id!r} (first "
                           f"seen in {first_where}) only in case or a trailing slash.")
    if first_hash != art.content_hash:
        return IngestError(where, f"article id {art.id!r} clashes with a different text under "
                           f"the same id (first seen in {first_where}).")
    return IngestError(where, f"duplicate article id {art.id!r} (first seen in "
                       f"{first_where}).")


# --- decoding and shared helpers ---------------------------------------------------------

_WESTERN = ["cp1252", "latin_1", "iso8859_15", "utf_16", "utf_32"]


def decode(raw: bytes) -> str:
    """UTF-8 when it is UTF-8, else what charset-normalizer finds most plausible."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    # Indonesian text is nearly all ASCII, so a non-UTF-8 file is almost always a Western
    # code page; unrestricted detection tends to pick a Central European one instead.
    best = from_bytes(raw, cp_isolation=_WESTERN).best() or from_bytes(raw).best()
    if best is None:
        raise UnicodeError("the text encoding could not be detected")
    return str(best)


def _sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _article(*, id: str, raw_text: str, raw: bytes, source: str, url: str | None,
             fallback_url: str, title: str | None = None, publisher: str | None = None,
             date: str | None = None, author: str | None = None,
             known: Known | None = None) -> Article | IngestError:
    """Clean the text and fill what metadata did not give from the dateline.

    Every field that reaches the graph is made writable here: the url percent-encoded
    (or replaced by the input's own URI when it is not an absolute URL), the other
    metadata stripped of characters that cannot be encoded.
    """
    if known is not None:
        sha = _sha256(raw)
        if known(aid := clean_field(id) or sha[:16], sha):
            return Article(id=aid, text="", source_path=source, content_hash=sha)
    cleaned = clean(raw_text)
    if not cleaned.text.strip():
        return IngestError(source, "has no article text after cleaning.")
    dl: Dateline = cleaned.dateline
    title = clean_field(normalize_chars(title)) if title else None
    return Article(
        id=clean_field(id) or _sha256(raw)[:16], text=cleaned.text, title=title,
        url=safe_url(url) or fallback_url,
        publisher=clean_field(publisher) or dl.publisher, date=date, dateline=dl.place,
        author=clean_field(author) or cleaned.author, source_path=source,
        content_hash=_sha256(raw),
    )


# --- .txt / .md --------------------------------------------------------------------------

def split_title(text: str) -> tuple[str | None, str]:
    """First line as title when a blank line follows and it reads like a headline."""
    lines = text.lstrip("\n").split("\n", 2)
    if len(lines) < 3 or lines[1].strip():
        return None, text
    first = lines[0].strip()
    if not first or len(first) >= TITLE_MAX or first[-1] in ".,;:" or first.startswith(("-", '"')):
        return None, text
    return first, lines[2]


_MD_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:```|~~~).*$", re.M), ""),  # code fences (the code stays as text)
    (re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$", re.M), ""),  # horizontal rules
    (re.compile(r"^[ \t]*\[[^\]\n]+\]:\s*\S+.*$", re.M), ""),  # reference definitions
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]*(.*?)[ \t]*#*[ \t]*$", re.M), r"\1\n"),  # ATX headings
    (re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$", re.M), ""),  # setext underlines
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),  # blockquote markers
    (re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)"), ""),  # images
    (re.compile(r"\[([^\]\n]+)\]\((?:[^()\n]|\([^()\n]*\))*\)"), r"\1"),  # inline links
    (re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]"), r"\1"),  # reference links
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"</?[A-Za-z][^>\n]*>"), ""),  # inline HTML tags
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # emphasis *x*
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), r"\1"),  # emphasis _x_
    (re.compile(r"~~(.+?)~~"), r"\1"),  # strikethrough
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
]
_MD_TITLE = re.compile(r"\A\s*#[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)


def strip_markdown(text: str) -> str:
    """Markdown source -> plain text: link text kept, markup and URLs dropped."""
    for pat, repl in _MD_RULES:
        text = pat.sub(repl, text)
    return text


def _read_file(path: Path, fid: str, known: Known | None = None) -> Article | IngestError:
    raw = path.read_bytes()
    try:
        text = decode(raw)
    except UnicodeError as exc:
        return IngestError(str(path), f"{exc}.")
    suffix = path.suffix.lower()
    url = path.resolve().as_uri()
    if suffix in HTML_SUFFIXES:
        meta = html_to_text(text)
        return _article(id=fid, raw_text=meta.pop("text"), raw=raw, source=str(path),
                        url=meta.pop("url", None), fallback_url=url, known=known, **meta)
    text = normalize_chars(text)
    title = None
    if suffix in MARKDOWN_SUFFIXES:
        m = _MD_TITLE.match(text)
        if m:
            title, text = strip_markdown(m.group(1)).strip(), text[m.end():]
        text = strip_markdown(text)
    if title is None:
        title, text = split_title(text)
    return _article(id=fid, raw_text=text, raw=raw, source=str(path), url=None, known=known,
                    fallback_url=url, title=title)


# --- .jsonl ------------------------------------------------------------------------------

def _read_jsonl(path: Path, fid: str, known: Known | None = None,
                ) -> Iterator[Article | IngestError]:
    base = path.resolve().as_uri()
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                rec = json.loads(raw.decode("utf-8-sig"))
            except UnicodeDecodeError:
                yield IngestError(where, "is not UTF-8 (JSON Lines must be UTF-8).")
                continue
            except json.JSONDecodeError as exc:
                yield IngestError(where, f"is not valid JSON ({exc.msg} at column {exc.colno}).")
                continue
            except RecursionError:
                yield IngestError(where, "is nested too deeply to read as JSON.")
                continue
            try:
                yield _json_article(rec, raw, where, f"{fid}#{lineno}",
                                    f"{base}#{lineno}", known)
            except (RecursionError, ValueError, MemoryError) as exc:
                yield IngestError(where, f"could not be read ({exc.__class__.__name__}).")


def _str(rec: dict[str, Any], key: str) -> str | None:
    """A metadata field as a non-empty string; numbers (numeric ids) are accepted."""
    v = rec.get(key)
    if isinstance(v, str):
        return v.strip() or None
    return str(v) if isinstance(v, int) and not isinstance(v, bool) else None


def _json_article(rec: object, raw: bytes, where: str, fallback_id: str,
                  fallback_url: str, known: Known | None = None) -> Article | IngestError:
    if not isinstance(rec, dict):
        return IngestError(where, "is not a JSON object.")
    text, html = rec.get("text"), rec.get("html")
    meta: dict[str, Any] = {}
    if isinstance(text, str) and text.strip():
        body = text
    elif isinstance(html, str) and html.strip():
        meta = html_to_text(html)
        body = meta["text"]
    else:
        return IngestError(where, 'has no "text" or "html" string.')
    return _article(
        id=clean_field(_str(rec, "id")) or fallback_id, raw_text=body, raw=raw, source=where,
        url=_str(rec, "url") or meta.get("url"), fallback_url=fallback_url,
        title=_str(rec, "title") or meta.get("title"),
        publisher=_str(rec, "source") or _str(rec, "publisher") or meta.get("publisher"),
        date=iso_date(rec.get("date")) or meta.get("date"),
        author=_str(rec, "author") or meta.get("author"), known=known,
    )
