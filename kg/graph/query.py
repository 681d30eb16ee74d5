"""SPARQL over a built graph: named queries, safe parameters, two engines, four formats.

Two backends answer the same query: pyoxigraph (a compiled engine; the default on a build,
whose on-disk store it opens directly, and on big RDF files) and rdflib (pure Python, kept
for comparison and for the few queries Oxigraph cannot bind). Both get the graph from
kg.graph.store, so this module never loads anything itself. `run_query` hides
which one ran behind `QueryResult`, which holds rdflib terms, so formatting and tests see
one shape. Parameters are bound as RDF terms (rdflib `initBindings`, Oxigraph
`substitutions`), never pasted into the query text, so a value cannot change the query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import KgError
from kg.graph.catalogue import (  # noqa: F401  (kg.graph.query's public names)
    NamedQuery,
    Param,
    describe,
    live_query,
    named_queries,
    query_dirs,
    resolve_query,
)
from kg.graph.dates import restrict_dataset, store_in_range
from kg.graph.formats import (  # noqa: F401  (kg.graph.query's public names)
    FORMATS,
    GRAPH_FORMATS,
    TABLE_FORMATS,
    QueryResult,
    format_result,
    short,
)
from kg.graph.pages import PAGE
from kg.graph.store import graph_file, open_dataset, open_store, store_path
from kg.graph.terms import from_ox, to_ox
from kg.vocab import PREFIXES, bind_prefixes

BACKENDS = ("auto", "rdflib", "oxigraph")
# above this size "auto" uses Oxigraph on an RDF file: rdflib needs minutes to parse and
# join big graphs, while on small files it starts faster and binds any variable
OXIGRAPH_MIN_BYTES = 5_000_000
_OX_SUFFIXES = {".trig", ".nq", ".ttl", ".nt", ".jsonld", ".rdf", ".xml"}
_NS = {k: str(v) for k, v in PREFIXES.items()}
# `--param page` (kg/graph/pages.py): the paging parameter of the named listing queries
PAGE_PARAM = "page"
_OX_PAGE = ox.NamedNode(str(PAGE))


def fit_to_graph(text: str, bindings: Mapping[str, Node], name: str,
                 no_views: bool) -> tuple[str, dict[str, Node]]:
    """The named listing queries read the page numbers and co-mention counts a build
    writes (kg/graph/pages.py, comentions.py). A graph without them (`no_views`: an RDF
    file kg did not build, or the articles of a --since/--until range, whose counts and
    pages the build's do not describe) gets the query's live form and every row, and so
    does a question with a filter such as `--param name`: it answers from every page, and
    co-occurrence counts one person's pairs only live."""
    filtered = any(k != PAGE_PARAM for k in bindings)
    if not no_views and not filtered:
        return text, dict(bindings)
    live = live_query(name) if re.fullmatch(r"[\w-]+", name) else None
    if live is None and not no_views:
        return text, dict(bindings)
    return (live or text), {k: v for k, v in bindings.items() if k != PAGE_PARAM}


# --- parameters --------------------------------------------------------------------------

_UNBOUND = Literal("\x00unbound")  # marks `--param page=all` until defaults are applied

def parse_params(pairs: list[str] | None, declared: list[Param], name: str,
                 text: str | None = None) -> dict[str, Node]:
    """NAME=VALUE pairs -> bindings; <...> is an IRI, anything else a plain string literal.

    A name the query does not take is an error naming those it does (a mistyped
    `--param nmae=...` would otherwise be ignored and the query answer everything): the
    declared `# param` names of a named query, else the variables of the query text.
    A declared parameter with a default is bound to it when not given; one whose default
    is a whole number (`page`) takes whole numbers, or `all` to leave it unbound, and its
    default applies only when no other parameter is given (a filter such as `name` then
    answers from every page).
    """
    known = [p.name for p in declared]
    if not known and text is not None:
        body = re.sub(r"#[^\n]*", "", text)
        known = list(dict.fromkeys(re.findall(r"[?$]([A-Za-z_]\w*)", body)))
    out: dict[str, Node] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        key = key.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", key):
            raise KgError(f"--param {pair!r} is not NAME=VALUE with NAME a SPARQL variable name.")
        if (declared or text is not None) and key not in known:
            raise KgError(f"--param {key}: query {name} takes no such parameter (it takes "
                          f"{', '.join(known) or 'none'}).")
        spec = next((p for p in declared if p.name == key), None)
        if spec is not None and spec.integer:
            if value.strip().lower() == "all":
                out[key] = _UNBOUND
                continue
            if not value.strip().isdigit():
                raise KgError(f"--param {key}={value!r}: give a whole number, or 'all'.")
            out[key] = Literal(int(value.strip()))
            continue
        if value.startswith("<") and value.endswith(">"):
            iri = value[1:-1]
            if not iri or re.search(r'[\s<>"{}|\\^`]', iri):
                raise KgError(f"--param {pair!r} has an invalid IRI.")
            out[key] = URIRef(iri)
        else:
            out[key] = Literal(value)
    filtered = any(k not in {p.name for p in declared if p.integer} for k in out)
    for p in declared:
        if p.default is not None and p.name not in out and not (p.integer and filtered):
            out[p.name] = Literal(int(p.default)) if p.integer else Literal(p.default)
    out = {k: v for k, v in out.items() if v is not _UNBOUND}
    missing = [p.name for p in declared if p.required and p.name not in out]
    if missing:
        raise KgError(f"query {name} needs --param {missing[0]}=VALUE "
                      f"({next(p.doc for p in declared if p.name == missing[0]) or 'required'}).")
    return out


# --- running -----------------------------------------------------------------------------

_UPDATE = re.compile(r"\s*(?:(?:#[^\n]*+|PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
                     r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)


def pick_backend(graph: str | Path | Dataset | ox.Store, backend: str = "auto") -> str:
    """oxigraph on a build's store (always) and on big files; rdflib on small files."""
    if isinstance(graph, Dataset) or backend == "rdflib":
        return "rdflib"
    if isinstance(graph, ox.Store):
        return "oxigraph"
    if store_path(graph) is not None:
        return "oxigraph"
    path = graph_file(graph)
    if backend == "oxigraph":
        if path.suffix.lower() not in _OX_SUFFIXES:
            raise KgError(f"{graph}: the oxigraph backend cannot read {path.suffix!r} files.")
        return "oxigraph"
    big = path.stat().st_size >= OXIGRAPH_MIN_BYTES
    return "oxigraph" if big and path.suffix.lower() in _OX_SUFFIXES else "rdflib"


def run_query(graph: str | Path | Dataset | ox.Store, text: str,
              bindings: Mapping[str, Node] | None = None, *, backend: str = "auto",
              name: str = "query", since: str | None = None,
              until: str | None = None) -> QueryResult:
    """Run SPARQL over the union of all named graphs of GRAPH (a build DIR, an RDF file, a
    Dataset, or a store opened by kg.graph.store, which warm callers reuse); with
    since/until, over the articles published in that range (kg/graph/dates.py)."""
    res = _run_query(graph, text, bindings, backend=backend, name=name, since=since,
                     until=until)
    if res.kind == "select":
        res.vars = _star_order(text, res.vars)
    return res


def _star_order(text: str, names: list[str]) -> list[str]:
    """`SELECT *` columns in the order the variables first appear in the query (engines
    give them in an order of their own)."""
    if not re.search(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", text, re.I):
        return names
    body = re.sub(r"#[^\n]*", "", text)
    seen = [m.group(1) for m in re.finditer(r"[?$]([A-Za-z_]\w*)", body)]
    first = {v: i for i, v in reversed(list(enumerate(seen)))}
    return sorted(names, key=lambda v: (first.get(v, len(seen)), names.index(v)))


def _run_query(graph: str | Path | Dataset | ox.Store, text: str,
               bindings: Mapping[str, Node] | None, *, backend: str, name: str,
               since: str | None, until: str | None) -> QueryResult:
    if _UPDATE.match(text):
        raise KgError(f"{name}: kg query runs read-only queries (SELECT, ASK, CONSTRUCT, "
                      "DESCRIBE), not updates.")
    if pick_backend(graph, backend) == "oxigraph":
        try:
            return _run_oxigraph(graph, text, bindings or {}, name,  # type: ignore[arg-type]
                                 since, until)
        except _Unprojected as exc:
            if backend == "oxigraph":
                raise KgError(f"{name}: the oxigraph backend binds --param only to variables "
                              f"the query SELECTs ({exc}); use --backend rdflib.") from exc
    if isinstance(graph, ox.Store):
        raise KgError(f"{name}: this query needs the rdflib backend; give the graph's path.")
    ds = graph if isinstance(graph, Dataset) else open_dataset(graph)
    ranged = since is not None or until is not None
    text, bindings = fit_to_graph(text, bindings or {}, name,
                                  ranged or (None, PAGE, None) not in ds)
    return _run_rdflib(restrict_dataset(ds, since, until), text, bindings, name)


_GROUP_BY = re.compile(r"\bGROUP\s+BY\b", re.I)


class _Unprojected(Exception):
    """Oxigraph substitutes only SELECTed variables (SEP-0007); rdflib binds any variable."""


def _run_rdflib(ds: Dataset, text: str, bindings: Mapping[str, Node], name: str) -> QueryResult:
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(text, initNs=_NS)
    except ParseException as exc:
        raise KgError(f"{name}: malformed SPARQL at line {exc.lineno}, column {exc.col} "
                      f"({exc.msg}).") from exc
    except Exception as exc:  # noqa: BLE001 - rdflib's algebra raises bare Exceptions
        raise KgError(f"{name}: malformed SPARQL ({_one_line(exc)}).") from exc
    try:
        res = ds.query(prepared, initBindings=dict(bindings))
        if res.type == "ASK":
            return QueryResult("ask", boolean=bool(res.askAnswer))
        if res.type in ("CONSTRUCT", "DESCRIBE"):
            g = Graph()
            bind_prefixes(g)
            for t in res.graph or []:
                g.add(t)
            return QueryResult("graph", graph=g)
        names = [str(v) for v in res.vars or []]
        rows = [{str(k): v for k, v in b.items() if str(k) in names and v is not None}
                for b in res.bindings]
        if rows == [{}] and _GROUP_BY.search(text):
            rows = []  # rdflib yields one empty group for GROUP BY over nothing; SPARQL none
        return QueryResult("select", vars=names, rows=rows)
    except KgError:
        raise
    except Exception as exc:  # noqa: BLE001 - evaluation errors are the query's fault
        raise KgError(f"{name}: the query failed while running ({_one_line(exc)}).") from exc


def _one_line(exc: BaseException) -> str:
    msg = " ".join(str(exc).split()) or exc.__class__.__name__
    return msg if len(msg) <= 120 else msg[:117] + "..."


def _run_oxigraph(graph: str | Path | ox.Store, text: str, bindings: Mapping[str, Node],
                  name: str, since: str | None = None, until: str | None = None) -> QueryResult:
    store = graph if isinstance(graph, ox.Store) else open_store(graph)
    subs = {ox.Variable(k): to_ox(v) for k, v in bindings.items()}
    if since is not None or until is not None:
        store = store_in_range(store, since, until)
    ranged = since is not None or until is not None
    text, bindings = fit_to_graph(text, bindings, name, ranged or not any(
        True for _ in store.quads_for_pattern(None, _OX_PAGE, None, None)))
    text, bindings = _inline_page(text, bindings)
    subs = {ox.Variable(k): to_ox(v) for k, v in bindings.items()}
    hidden: set[str] = set()
    try:
        try:
            res = store.query(text, prefixes=_NS, substitutions=subs)
        except RuntimeError as exc:
            wider = _project(text, list(bindings)) if "projection" in str(exc) else None
            if wider is None:
                raise
            try:
                res = store.query(wider, prefixes=_NS, substitutions=subs)
            except (SyntaxError, RuntimeError):
                raise exc from None
            hidden = set(bindings)
    except SyntaxError as exc:
        m = re.match(r"error at (\d+):(\d+): (.*)", str(exc), re.S)
        if m:
            msg = m.group(3).split("[")[0].strip(" ,") or "unexpected input"
            raise KgError(f"{name}: malformed SPARQL at line {m.group(1)}, column {m.group(2)} "
                          f"({_one_line(SyntaxError(msg))}).") from exc
        raise KgError(f"{name}: malformed SPARQL ({_one_line(exc)}).") from exc
    except RuntimeError as exc:
        if "projection" in str(exc):
            raise _Unprojected(", ".join(f"?{k}" for k in bindings)) from exc
        raise KgError(f"{name}: the query failed while running ({_one_line(exc)}).") from exc
    except OSError as exc:
        raise KgError(f"{name}: the query failed while running ({_one_line(exc)}).") from exc
    if isinstance(res, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(res))
    if isinstance(res, ox.QuerySolutions):
        names = [v.value for v in res.variables if v.value not in hidden]
        rows = []
        for sol in res:
            row = {}
            for k in names:
                term = sol[k]
                if term is not None:
                    row[k] = from_ox(term)
            rows.append(row)
        return QueryResult("select", vars=names, rows=rows)
    g = Graph()
    bind_prefixes(g)
    for t in res:
        g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return QueryResult("graph", graph=g)


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


def _inline_page(text: str, bindings: Mapping[str, Node]) -> tuple[str, dict[str, Node]]:
    """The page number as `VALUES ?page { N }` at the head of the outermost WHERE.

    Oxigraph plans a query before it substitutes parameters, so a substituted ?page is
    applied after the listing is found (3 s on the corpus) where a constant is an index
    lookup (0.1 s). The page is a whole number kg parsed itself (`int`), never text from
    the user or an article, so writing it into the query is safe; every other parameter
    stays a substitution."""
    page = bindings.get(PAGE_PARAM)
    if not (isinstance(page, Literal) and page.datatype == XSD.integer):
        return text, dict(bindings)
    body = re.sub(r"(?m)^[ \t]*#[^\n]*", lambda m: " " * len(m.group(0)), text)
    m = _WHERE.search(body)
    if m is None:
        return text, dict(bindings)
    n = int(page.toPython())
    rest = {k: v for k, v in bindings.items() if k != PAGE_PARAM}
    return f"{text[:m.end()]}\n  VALUES ?{PAGE_PARAM} {{ {n} }}{text[m.end():]}", rest


_SELECT = re.compile(r"\bSELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?", re.I)
_GROUP = re.compile(r"\bGROUP\s+BY\s+", re.I)


def _project(text: str, names: list[str]) -> str | None:
    """The query with the bound parameters added to its outermost projection (and GROUP
    BY), so Oxigraph, which substitutes only SELECTed variables, can bind them; their
    columns are dropped from the answer again. A bound variable is one constant, so the
    rows, groups and DISTINCT are unchanged. None when the text is not a plain SELECT."""
    body = re.sub(r"(?m)^\s*#[^\n]*", "", text)
    m = _SELECT.search(body)
    if m is None or body[m.end():].lstrip().startswith("*"):
        return None
    extra = " ".join(f"?{n}" for n in names) + " "
    out = body[:m.end()] + extra + body[m.end():]
    for g in _GROUP.finditer(out):
        before = out[:g.start()]
        if before.count("{") == before.count("}"):  # the outermost query's GROUP BY
            return out[:g.end()] + extra + out[g.end():]
    return out
