"""How a query's answer is shown: a table, CSV, TSV or SPARQL JSON for a SELECT or ASK,
Turtle, N-Triples or JSON-LD for a graph.

`QueryResult` is the one shape both engines' answers take (kg/graph/query.py), in rdflib
terms, so formatting, `kg serve` and tests never need to know which engine ran.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import KgError
from kg.vocab import PREFIXES

FORMATS = ("table", "csv", "tsv", "json", "turtle", "ntriples", "jsonld")
TABLE_FORMATS = ("table", "csv", "tsv", "json")  # SELECT and ASK results
GRAPH_FORMATS = {"table": "turtle", "turtle": "turtle", "ntriples": "nt",
                 "jsonld": "json-ld", "json": "json-ld"}  # CONSTRUCT and DESCRIBE results
_NS = {k: str(v) for k, v in PREFIXES.items()}


@dataclass
class QueryResult:
    """A SELECT table, an ASK answer or a CONSTRUCT/DESCRIBE graph, in rdflib terms."""

    kind: str  # "select", "ask" or "graph"
    vars: list[str] = field(default_factory=list)
    rows: list[dict[str, Node]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None


# --- output ------------------------------------------------------------------------------

def format_result(res: QueryResult, fmt: str = "table", max_width: int = 60) -> str:
    if res.kind == "graph":
        assert res.graph is not None
        if fmt not in GRAPH_FORMATS:
            raise KgError(f"--format {fmt}: a CONSTRUCT or DESCRIBE result is a graph; use "
                          "--format turtle (default), ntriples or jsonld.")
        return res.graph.serialize(format=GRAPH_FORMATS[fmt])
    if fmt not in TABLE_FORMATS:
        raise KgError(f"--format {fmt}: a SELECT or ASK result is a table; use --format "
                      "table (default), csv, tsv or json.")
    if fmt == "json":
        return _rdflib_result(res).serialize(format="json").decode("utf-8") + "\n"
    if res.kind == "ask":
        return ("true" if res.boolean else "false") + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(res.vars)
        for row in res.rows:
            w.writerow([str(row[v]) if v in row else "" for v in res.vars])
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in res.vars)]
        lines += ["\t".join(_tsv(row[v]) if v in row else "" for v in res.vars) for row in res.rows]
        return "\n".join(lines) + "\n"
    return _table(res, max_width)


def _rdflib_result(res: QueryResult) -> Result:
    if res.kind == "ask":
        r = Result("ASK")
        r.askAnswer = bool(res.boolean)
        return r
    r = Result("SELECT")
    r.vars = [Variable(v) for v in res.vars]
    r.bindings = [{Variable(k): v for k, v in row.items()} for row in res.rows]
    return r


def _tsv(term: Node) -> str:
    """SPARQL 1.1 TSV: terms in Turtle syntax, with tabs and newlines escaped."""
    if isinstance(term, Literal):
        lex = (str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
               .replace("\n", "\\n").replace("\r", "\\r"))
        if term.language:
            return f'"{lex}"@{term.language}'
        if term.datatype in (XSD.integer, XSD.decimal, XSD.boolean) and " " not in lex:
            return lex
        return f'"{lex}"^^<{term.datatype}>' if term.datatype else f'"{lex}"'
    return term.n3()


def short(term: Node) -> str:
    """A human label: prefixed IRI, plain literal text, single line."""
    if isinstance(term, URIRef):
        s = str(term)
        for prefix, ns in sorted(_NS.items(), key=lambda kv: -len(kv[1])):
            if s.startswith(ns) and len(s) > len(ns):
                return f"{prefix}:{s[len(ns):]}"
        return f"<{s}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return " ".join(str(term).split())


def _table(res: QueryResult, max_width: int) -> str:
    def cut(s: str) -> str:
        return s if len(s) <= max_width else s[: max_width - 3] + "..."

    cells = [[cut(short(row[v])) if v in row else "" for v in res.vars] for row in res.rows]
    widths = [max([len(v)] + [len(c[i]) for c in cells]) for i, v in enumerate(res.vars)]
    fmt_row = lambda cs: "  ".join(c.ljust(w) for c, w in zip(cs, widths, strict=True)).rstrip()  # noqa: E731
    lines = [fmt_row(res.vars), fmt_row(["-" * w for w in widths])]
    lines += [fmt_row(c) for c in cells]
    n = len(res.rows)
    lines.append(f"({n} row{'' if n == 1 else 's'})")
    return "\n".join(lines) + "\n"
