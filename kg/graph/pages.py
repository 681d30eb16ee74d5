"""Page numbers for the articles, so the named listing queries answer one page at a time.

A listing of a 20,000-article graph (every relation with its evidence, every quotation,
every article) is hundreds of thousands of rows: no one reads them in a terminal, and an
engine must find and sort them all before it can show the first. So kg numbers the
articles in pages of `PAGE_SIZE` and the listing queries (queries/evidence.rq, quotes.rq,
articles.rq) take `--param page=N` (default 1; `all` for everything): the page's
articles are one index lookup (`?a kg:page ?page`), and only their rows are joined and
sorted, whatever the size of the graph.

The pages live in their own named graph, `kgr:graph/pages`
(`<article> kg:page "N"^^xsd:integer`). A first build numbers the articles in the order
of their ids; later builds keep every article's page and put new articles after the last
(filling the last page first), so page N of yesterday is still page N today and a new
day's news is on the last pages. A removed article leaves a gap in its page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef

from kg.graph.store import committed_store
from kg.rdf import Triple
from kg.vocab import KG, RES

PAGES_GRAPH = RES["graph/pages"]
PAGE = KG["page"]
PAGE_SIZE = 100


def previous_pages(out: Path) -> dict[str, int]:
    """Article IRI -> page in DIR's committed store (empty for a first build)."""
    cur = committed_store(out)
    if cur is None:
        return {}
    store = ox.Store.read_only(str(cur))
    pages: dict[str, int] = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(str(PAGE)), None,
                                     ox.NamedNode(str(PAGES_GRAPH))):
        try:
            pages[q.subject.value] = int(q.object.value)
        except ValueError:
            continue
    return pages


def assign(previous: dict[str, int], articles: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Pages for the build's articles ((IRI, id) pairs): each known article keeps its page,
    new ones follow in id order, filling the last page before opening the next."""
    articles = list(articles)
    pages = {iri: previous[iri] for iri, _ in articles if iri in previous}
    fill = Counter(pages.values())
    last = max(fill, default=1)
    for iri, _ in sorted(((i, a) for i, a in articles if i not in pages), key=lambda x: x[1]):
        if fill[last] >= PAGE_SIZE:
            last += 1
        pages[iri] = last
        fill[last] += 1
    return pages


def page_triples(pages: dict[str, int]) -> list[Triple]:
    return [(URIRef(iri), PAGE, Literal(n)) for iri, n in sorted(pages.items())]
