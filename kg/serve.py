"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint plus the network page.

The graph is loaded into an in-memory Oxigraph store (pyoxigraph): a real SPARQL engine,
much faster than rdflib's on large graphs, that answers with the standard result formats.
Queries see the union of all named graphs, as `kg query` does: the union is
materialised into the default graph (each triple once, as in rdflib) rather than using
Oxigraph's multiset union, which would repeat a label once per article stating it.
Updates are refused: the
endpoint publishes a build, it does not edit it.
"""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox

from kg.errors import KgError
from kg.graph.store import open_store

# media type -> pyoxigraph results format
_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
def _pick(accept: str, table: dict, default: str) -> tuple[str, object]:
    for part in accept.split(","):
        media = part.split(";")[0].strip()
        if media in table:
            return media, table[media]
    return default, table[default]


class SparqlHandler(BaseHTTPRequestHandler):
    store: ox.Store
    page: Path | None
    server_version = "kg-sparql/1"

    def log_message(self, fmt: str, *args: object) -> None:  # quiet by default
        pass

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, message.encode() + b"\n", "text/plain; charset=utf-8")

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        url = urlparse(self.path)
        if url.path in ("/", "/index.html"):
            if self.page is None or not self.page.exists():
                self._error(404, "no graph.html next to this graph; run kg viz")
                return
            self._send(200, self.page.read_bytes(), "text/html; charset=utf-8")
        elif url.path in ("/sparql", "/query"):
            q = parse_qs(url.query).get("query")
            if not q:
                self._error(400, "missing 'query' parameter")
                return
            self._answer(q[0])
        else:
            self._error(404, "not found; the SPARQL endpoint is /sparql")

    def do_POST(self) -> None:  # noqa: N802
        url = urlparse(self.path)
        if url.path not in ("/sparql", "/query"):
            self._error(404, "not found; the SPARQL endpoint is /sparql")
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        if ctype == "application/sparql-query":
            self._answer(body)
        elif ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body)
            if "update" in form:
                self._error(403, "this endpoint is read-only")
                return
            if "query" not in form:
                self._error(400, "missing 'query' parameter")
                return
            self._answer(form["query"][0])
        elif ctype == "application/sparql-update":
            self._error(403, "this endpoint is read-only")
        else:
            self._error(415, "use application/sparql-query or a form with 'query'")

    def _answer(self, query: str) -> None:
        try:
            result = self.store.query(query)
        except SyntaxError as exc:
            self._error(400, f"malformed query: {exc}")
            return
        accept = self.headers.get("Accept") or ""
        if isinstance(result, ox.QueryTriples):
            media, fmt = _pick(accept, _GRAPH_FORMATS, "text/turtle")
            body = result.serialize(format=fmt)  # type: ignore[arg-type]
        else:
            media, fmt = _pick(accept, _RESULT_FORMATS, "application/sparql-results+json")
            body = result.serialize(format=fmt)  # type: ignore[union-attr]
        self._send(200, body or b"", f"{media}; charset=utf-8")


def make_server(
    graph: str | Path, host: str = "127.0.0.1", port: int = 7878
) -> ThreadingHTTPServer:
    store = open_store(graph)
    g = Path(graph)
    page = g / "graph.html" if g.is_dir() else g.with_name("graph.html")
    handler = type("Handler", (SparqlHandler,), {"store": store, "page": page})
    try:
        return ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise KgError(f"{host}:{port}: cannot listen ({exc.strerror}).") from exc


def serve(graph: str | Path, host: str, port: int, ready: threading.Event | None = None) -> None:
    server = make_server(graph, host, port)
    h, p = server.server_address[:2]
    print(f"kg serve: SPARQL endpoint http://{h}:{p}/sparql, network page http://{h}:{p}/",
          flush=True)
    if ready is not None:
        ready.set()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("kg serve: stopped.", file=sys.stderr)
    finally:
        server.server_close()
