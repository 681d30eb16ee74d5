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
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.clean import Dateline, clean, normalize_chars
from kg.errors import KgError
from kg.models import Article

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


def _files(inputs: Iterable[str | Path]) -> Iterator[tuple[Path, bool]]:
    """(file, given explicitly) pairs; a missing path is the user's mistake, not data's."""
    seen: set[Path] = set()
    for item in inputs:
        p = Path(item)
        if not p.exists():
            raise KgError(f"{item}: no such file or folder.")
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and not _NOT_ARTICLES.match(f.name)
            )
            batch = [(f, False) for f in found]
        else:
            batch = [(p, True)]
        for f, explicit in batch:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                yield f, explicit


def iter_articles(inputs: Iterable[str | Path]) -> Iterator[Article | IngestError]:
    """Every article in the inputs, cleaned, or an IngestError for each one that failed."""
    ids: dict[str, str] = {}  # article id -> where it was first seen
    for path, explicit in _files(list(inputs)):
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            if explicit:
                yield IngestError(str(path), f"unsupported file type {suffix or '(none)'!r}; "
                                  "kg reads .txt, .md, .html, .htm and .jsonl.")
            continue
        try:
            items = list(_read_jsonl(path) if suffix in JSONL_SUFFIXES else [_read_file(path)])
        except OSError as exc:
            yield IngestError(str(path), f"cannot be read ({exc.strerror or exc}).")
            continue
        for item in items:
            if isinstance(item, Article):
                where = item.source_path or str(path)
                if item.id in ids and suffix not in JSONL_SUFFIXES:
                    # same file name in two folders: fall back to the path as given
                    item.id = path.as_posix()
                if item.id in ids:
                    item = IngestError(where, f"duplicate article id {item.id!r} "
                                       f"(first seen in {ids[item.id]}); skipped.")
                else:
                    ids[item.id] = where
            yield item


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


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_MONTHS = {m: i for i, names in enumerate([
    (), ("januari", "january", "jan"), ("februari", "february", "feb", "pebruari"),
    ("maret", "march", "mar"), ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"),
    ("juli", "july", "jul"), ("agustus", "august", "agu", "aug"),
    ("september", "sep", "sept"), ("oktober", "october", "okt", "oct"),
    ("november", "nov", "nopember"), ("desember", "december", "des", "dec"),
]) for m in names}
_DMONY = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})\b")


def iso_date(value: object) -> str | None:
    """yyyy-mm-dd from the date forms news metadata uses, or None when unsure."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    s = str(value).strip()
    y = mo = d = 0
    if m := _ISO.search(s):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _DMY.search(s):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif (m := _DMONY.search(s)) and m.group(2).lower() in _MONTHS:
        d, mo, y = int(m.group(1)), _MONTHS[m.group(2).lower()], int(m.group(3))
    if 1 <= mo <= 12 and 1 <= d <= 31 and 1000 < y < 3000:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _article(*, id: str, raw_text: str, raw: bytes, source: str, url: str,
             title: str | None = None, publisher: str | None = None, date: str | None = None,
             author: str | None = None) -> Article | IngestError:
    """Clean the text and fill what metadata did not give from the dateline."""
    cleaned = clean(raw_text)
    if not cleaned.text.strip():
        return IngestError(source, "has no article text after cleaning.")
    dl: Dateline = cleaned.dateline
    title = " ".join(normalize_chars(title).split()) if title else None
    return Article(
        id=id, text=cleaned.text, title=title or None, url=url,
        publisher=(publisher or "").strip() or dl.publisher, date=date, dateline=dl.place,
        author=(author or "").strip() or cleaned.author, source_path=source,
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


def _read_file(path: Path) -> Article | IngestError:
    raw = path.read_bytes()
    try:
        text = decode(raw)
    except UnicodeError as exc:
        return IngestError(str(path), f"{exc}.")
    suffix = path.suffix.lower()
    url = path.resolve().as_uri()
    if suffix in HTML_SUFFIXES:
        meta = html_to_text(text)
        return _article(id=path.name, raw_text=meta.pop("text"), raw=raw, source=str(path),
                        url=meta.pop("url", None) or url, **meta)
    text = normalize_chars(text)
    title = None
    if suffix in MARKDOWN_SUFFIXES:
        m = _MD_TITLE.match(text)
        if m:
            title, text = strip_markdown(m.group(1)).strip(), text[m.end():]
        text = strip_markdown(text)
    if title is None:
        title, text = split_title(text)
    return _article(id=path.name, raw_text=text, raw=raw, source=str(path), url=url,
                    title=title)


# --- .html -------------------------------------------------------------------------------

_META_KEYS = {
    "title": ("og:title", "twitter:title", "dc.title"),
    "date": ("article:published_time", "og:published_time", "datepublished", "date",
             "pubdate", "publishdate", "publish-date", "dc.date.issued", "dc.date",
             "content_publishdate", "parsely-pub-date"),
    "publisher": ("og:site_name", "publisher", "dc.publisher", "application-name"),
    "author": ("author", "article:author", "dc.creator", "content_author"),
    "url": ("og:url",),
}


def _meta_tags(tree: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for node in tree.css("meta"):
        a = node.attributes
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
        val = (a.get("content") or "").strip()
        if key and val and key not in out:
            out[key] = val
    return out


def html_to_text(html: str) -> dict[str, Any]:
    """Main text (trafilatura, selectolax as fallback) plus metadata from meta tags.

    trafilatura is a maintained boilerplate-aware extractor; it refuses very short pages,
    so those fall back to the paragraphs selectolax finds after dropping page chrome.
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    metas = _meta_tags(tree)

    def first(kind: str) -> str | None:
        return next((metas[k] for k in _META_KEYS[kind] if metas.get(k)), None)

    h1 = tree.css_first("h1")
    title_tag = tree.css_first("title")
    title = first("title") or (h1.text(strip=True) if h1 else None) or (
        title_tag.text(strip=True) if title_tag else None)
    time_tag = tree.css_first("time[datetime]")
    date = iso_date(first("date") or (time_tag.attributes.get("datetime") if time_tag else None))
    canonical = tree.css_first('link[rel="canonical"]')
    url = first("url") or (canonical.attributes.get("href") if canonical else None)
    text = _trafilatura_text(html) or _selectolax_text(tree)
    # the headline is metadata; left in the body it would hide the dateline below it
    head, _, rest = text.partition("\n\n")
    if title and rest and " ".join(head.split()).casefold() == " ".join(title.split()).casefold():
        text = rest
    return {"text": text, "title": title, "date": date, "publisher": first("publisher"),
            "author": first("author"),
            "url": url if url and re.match(r"https?://", url) else None}


def _trafilatura_text(html: str) -> str | None:
    try:
        import trafilatura
        from trafilatura.settings import use_config
    except ImportError:
        return None
    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    try:
        text = trafilatura.extract(html, config=config, include_comments=False,
                                   include_tables=False, favor_precision=True)
    except Exception:  # noqa: BLE001 - a crash in the extractor falls back, never aborts
        return None
    # trafilatura puts one paragraph per line; kg separates paragraphs with a blank line
    return "\n\n".join(ln for ln in text.splitlines() if ln.strip()) if text else None


_BLOCKS = "p, h2, h3, h4, h5, h6, li, blockquote, pre"
_CHROME = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, template"


def _selectolax_text(tree: Any) -> str:
    for node in tree.css(_CHROME):
        node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    if root is None:
        return ""
    blocks = [n.text(separator=" ", strip=True) for n in root.css(_BLOCKS)]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else root.text(separator="\n", strip=True)


# --- .jsonl ------------------------------------------------------------------------------

def _read_jsonl(path: Path) -> Iterator[Article | IngestError]:
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
            yield _json_article(rec, raw, where, f"{path.name}#{lineno}", f"{base}#{lineno}")


def _str(rec: dict[str, Any], key: str) -> str | None:
    """A metadata field as a non-empty string; numbers (numeric ids) are accepted."""
    v = rec.get(key)
    if isinstance(v, str):
        return v.strip() or None
    return str(v) if isinstance(v, int) and not isinstance(v, bool) else None


def _json_article(rec: object, raw: bytes, where: str, fallback_id: str,
                  fallback_url: str) -> Article | IngestError:
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
        id=_str(rec, "id") or fallback_id, raw_text=body, raw=raw, source=where,
        url=_str(rec, "url") or meta.get("url") or fallback_url,
        title=_str(rec, "title") or meta.get("title"),
        publisher=_str(rec, "source") or _str(rec, "publisher") or meta.get("publisher"),
        date=iso_date(rec.get("date")) or meta.get("date"),
        author=_str(rec, "author") or meta.get("author"),
    )
