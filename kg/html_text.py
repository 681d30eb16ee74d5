"""HTML page -> main text plus metadata (title, date, publisher, author, canonical URL)."""

from __future__ import annotations

import re
from typing import Any

from kg.dates import iso_date

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
