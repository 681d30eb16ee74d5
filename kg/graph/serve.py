"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint plus the network page.

Built on maintained parts rather than hand-written HTTP: Uvicorn parses HTTP (a broken
`Content-Length` is its 400, never a traceback or a hang), Starlette routes and adds CORS
and the Host check, Oxigraph answers the queries in killable worker processes
(kg/graph/workers.py). This module holds the endpoint's rules: what a request may ask
(no updates, no SERVICE, bodies of bounded size), the RDF dataset it names
(`default-graph-uri`, `named-graph-uri`) and the page at `/`.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.errors import KgError
from kg.graph.sparql_text import is_update, uses_service
from kg.graph.store import graph_file, store_path
from kg.graph.workers import Job, QueryPool

SPARQL_PATHS = ("/sparql", "/query")
METHODS = ("GET", "HEAD", "POST", "OPTIONS")
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]", "::1")
_IRI = re.compile(r"[^\s<>\"{}|\\^`]+:[^\s<>\"{}|\\^`]*")


@dataclass
class Settings:
    """The endpoint's limits and options (the `kg serve` flags)."""

    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    workers: int = 2
    max_body: int = 1_000_000
    allow_hosts: list[str] = field(default_factory=list)
    cors_origins: list[str] = field(default_factory=lambda: ["*"])


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _plain(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


async def _read_body(request: Request, limit: int, wait: float) -> bytes:
    """The request body, refusing (413) past LIMIT bytes whether or not it was announced."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _Refused(413, f"the request body is over the {limit}-byte limit")
    chunks, size = [], 0

    async def read() -> None:
        nonlocal size
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise _Refused(413, f"the request body is over the {limit}-byte limit")
            chunks.append(chunk)

    try:  # a client announcing more than it sends must not hold a connection forever
        await asyncio.wait_for(read(), wait)
    except TimeoutError as exc:
        raise _Refused(408, f"the request body did not arrive within {wait:g} s") from exc
    return b"".join(chunks)


def _form(raw: bytes) -> dict[str, list[str]]:
    try:
        text = raw.decode("utf-8")
        return parse_qs(text, keep_blank_values=True, strict_parsing=False, max_num_fields=1000)
    except (UnicodeDecodeError, ValueError) as exc:
        raise _Refused(400, "the form body is not valid UTF-8 URL-encoded text") from exc


def _dataset(params: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    out = []
    for key in ("default-graph-uri", "named-graph-uri"):
        iris = params.get(key, [])
        for iri in iris:
            if not _IRI.fullmatch(iri):
                raise _Refused(400, f"{key} {iri!r} is not an absolute IRI")
        out.append(iris)
    return out[0], out[1]


async def _protocol_request(request: Request, limit: int, wait: float) -> Job:
    """Read a SPARQL 1.1 Protocol query request into a Job, or refuse it."""
    params = parse_qs(request.url.query, keep_blank_values=True, max_num_fields=1000)
    if "update" in params:
        raise _Refused(403, "this endpoint is read-only: updates are refused")
    query: list[str] = params.get("query", [])
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            raise _Refused(403, "this endpoint is read-only: updates are refused")
        body = await _read_body(request, limit, wait)
        if ctype == "application/x-www-form-urlencoded":
            form = _form(body)
            if "update" in form:
                raise _Refused(403, "this endpoint is read-only: updates are refused")
            query = query + form.get("query", [])
            for key in ("default-graph-uri", "named-graph-uri"):
                params[key] = params.get(key, []) + form.get(key, [])
        elif ctype == "application/sparql-query":
            if query:
                raise _Refused(400, "give the query either in the body or as 'query', not both")
            try:
                query = [body.decode("utf-8")]
            except UnicodeDecodeError as exc:
                raise _Refused(400, "the query body is not valid UTF-8") from exc
        else:
            raise _Refused(415, "POST a query as application/sparql-query or as an "
                                "application/x-www-form-urlencoded form with 'query'")
    if not query:
        raise _Refused(400, "missing 'query' parameter")
    if len(query) > 1:
        raise _Refused(400, "give exactly one 'query' parameter")
    text = query[0]
    if len(text.encode("utf-8")) > limit:
        raise _Refused(413, f"the query is over the {limit}-byte limit")
    if is_update(text):
        raise _Refused(403, "this endpoint is read-only: updates are refused")
    if uses_service(text):
        raise _Refused(400, "SERVICE (federated query) is not allowed on this endpoint")
    default, named = _dataset(params)
    return Job(text, request.headers.get("accept"), default, named)


def build_app(pool: QueryPool, page: Path | None, settings: Settings) -> Starlette:
    """The ASGI application: routes, CORS, Host check, limits."""

    async def sparql(request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": ", ".join(METHODS)})
        if request.method not in METHODS:
            return _plain(403, "this endpoint is read-only: updates are refused")
        try:
            job = await _protocol_request(request, settings.max_body, settings.timeout)
        except _Refused as exc:
            return _plain(exc.status, str(exc))
        answer = await pool.run(job)
        return Response(answer.body, status_code=answer.status, media_type=answer.media_type,
                        headers={"Vary": "Accept"})

    async def root(request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": "GET, HEAD, OPTIONS"})
        if page is None or not page.is_file():
            return _plain(404, "no graph.html next to this graph; run kg viz")
        return FileResponse(page, media_type="text/html; charset=utf-8")

    async def not_found(request: Request, exc: Exception) -> Response:
        return _plain(404, "not found; the SPARQL endpoint is /sparql")

    async def wrong_method(request: Request, exc: Exception) -> Response:
        return _plain(405, f"{request.method} is not allowed here", {"Allow": "GET, HEAD"})

    routes = [Route(p, sparql, methods=[*METHODS, "PUT", "DELETE", "PATCH"])
              for p in SPARQL_PATHS]
    routes += [Route(p, root, methods=["GET", "HEAD", "OPTIONS"]) for p in ("/", "/index.html")]
    middleware = [Middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                             allow_methods=list(METHODS), allow_headers=["*"], max_age=3600)]
    hosts = list(settings.allow_hosts)
    if is_loopback(settings.host) or hosts:
        hosts += list(_LOOPBACK_NAMES) if is_loopback(settings.host) else []
        # outermost: a DNS-rebinding request is refused before CORS could answer it
        middleware.insert(0, Middleware(TrustedHostMiddleware, allowed_hosts=hosts,
                                        www_redirect=False))
    return Starlette(routes=routes, middleware=middleware,
                     exception_handlers={404: not_found, 405: wrong_method})


def page_for(graph: str | Path) -> Path:
    g = Path(graph)
    return g / "graph.html" if g.is_dir() else g.with_name("graph.html")


def listen(host: str, port: int, backlog: int = 2048) -> socket.socket:
    """A listening socket with a backlog for hundreds of concurrent clients."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise KgError(f"{host}: cannot resolve this --host ({exc.strerror}).") from exc
    family, _, _, _, addr = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(addr)
    except OSError as exc:
        sock.close()
        raise KgError(f"{host}:{port}: cannot listen ({exc.strerror}).") from exc
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


class Endpoint:
    """A started endpoint: workers loaded, socket bound; `run()` serves until stopped."""

    def __init__(self, graph: str | Path, settings: Settings | None = None) -> None:
        import uvicorn

        self.settings = settings or Settings()
        # one generation of an on-disk store for every worker, also those started later
        source = store_path(graph) or graph_file(graph)  # missing graph: one sentence
        self.pool = QueryPool(source, self.settings.workers, self.settings.timeout, graph)
        self.pool.start()
        try:
            self.sock = listen(self.settings.host, self.settings.port)
        except KgError:
            self.pool.close()
            raise
        app = build_app(self.pool, page_for(graph), self.settings)
        # a GET carries its query in the request line: let it be as long as a POSTed one
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                                timeout_graceful_shutdown=2, server_header=False,
                                h11_max_incomplete_event_size=3 * self.settings.max_body + 65536)
        self.server = uvicorn.Server(config)

    @property
    def url(self) -> str:
        host, port = self.sock.getsockname()[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}"

    def run(self) -> None:
        # Answers come back on pipe threads; at the default 5 ms GIL switch interval each
        # hand-off to the event loop waits a slice: p50 46 ms instead of 10 ms under load.
        sys.setswitchinterval(0.0005)
        try:
            asyncio.run(self.server.serve(sockets=[self.sock]))
        finally:
            self.close()

    def stop(self) -> None:
        self.server.should_exit = True

    def close(self) -> None:
        self.pool.close()
        self.sock.close()


def serve(graph: str | Path, settings: Settings) -> None:
    endpoint = Endpoint(graph, settings)
    s = endpoint.settings
    net = "no network access" if endpoint.pool.isolated else "SERVICE refused"
    print(f"kg serve: SPARQL endpoint {endpoint.url}/sparql, network page {endpoint.url}/ "
          f"({s.workers} query workers, {s.timeout:g} s timeout, {net}).", flush=True)
    try:
        endpoint.run()
    except KeyboardInterrupt:
        pass
    print("kg serve: stopped.", file=sys.stderr)
