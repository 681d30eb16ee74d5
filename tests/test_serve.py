"""kg serve: a real Uvicorn endpoint with real query workers, asked by real HTTP clients."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import small_extraction
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from kg.errors import KgError
from kg.graph.serve import Endpoint, Settings
from kg.rdf import build_dataset

KGR = "https://w3id.org/kg-id/resource/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TIMEOUT = 3.0
MAX_BODY = 200_000


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("served")
    exs, res = small_extraction()
    (d / "graph.trig").write_text(build_dataset(exs, res).serialize(format="trig"),
                                  encoding="utf-8")
    (d / "graph.html").write_text("<html><body>page</body></html>")
    return d


@pytest.fixture(scope="module")
def endpoint(graph_dir: Path) -> Iterator[str]:
    ep = Endpoint(graph_dir, Settings(port=0, timeout=TIMEOUT, workers=2, max_body=MAX_BODY))
    t = threading.Thread(target=ep.run, daemon=True)
    t.start()
    for _ in range(200):
        if ep.server.started:
            break
        time.sleep(0.05)
    yield ep.url
    ep.stop()
    t.join(10)


def get(url: str, query: str, accept: str | None = None, **params: object) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    return httpx.get(f"{url}/sparql", params={"query": query, **params}, headers=headers)


def test_sparql_client_sees_union_of_named_graphs(endpoint: str) -> None:
    store = SPARQLStore(query_endpoint=f"{endpoint}/sparql", returnFormat="json")
    rows = list(store.query(
        "PREFIX org: <http://www.w3.org/ns/org#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
        " SELECT ?who ?post WHERE { ?p org:holds ?x . ?p rdfs:label ?who . ?x rdfs:label ?post }"))
    assert [(str(r[0]), str(r[1])) for r in rows] == [("Ridwan Kamil", "Gubernur Jawa Barat")]


def test_formats_by_accept_with_q_values(endpoint: str) -> None:
    r = get(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://schema.org/Person> }",
            "text/csv")
    assert r.headers["content-type"].startswith("text/csv")
    assert r.text.splitlines() == ["n", "1"]
    r = get(endpoint, COUNT, "text/csv;q=0.5, application/sparql-results+xml;q=0.9")
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    r = get(endpoint, COUNT, "application/sparql-results+json;q=0, */*;q=0.1")
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    r = get(endpoint, COUNT, "text/*;q=0.8, text/tab-separated-values")
    assert r.headers["content-type"].startswith("text/tab-separated-values")
    assert get(endpoint, COUNT, "image/png").status_code == 406
    r = get(endpoint, "ASK { ?s a <https://schema.org/Event> }")
    assert r.json()["boolean"] is True and "Accept" in r.headers["vary"]


@pytest.mark.parametrize(("accept", "fmt"), [
    ("application/ld+json", "json-ld"), ("text/turtle", "turtle"),
    ("application/n-triples", "nt"), ("application/rdf+xml", "xml"),
    ("application/ld+json;q=0.2, text/turtle;q=0.1", "json-ld"),
])
def test_construct_formats(endpoint: str, accept: str, fmt: str) -> None:
    r = get(endpoint, "CONSTRUCT WHERE { ?s a <https://schema.org/Person> }", accept)
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == accept.split(";")[0]
    g = Graph().parse(data=r.content, format=fmt)
    assert {str(s) for s in g.subjects()} == {KGR + "person/ridwan-kamil"}


def test_default_and_named_graph_uri(endpoint: str) -> None:
    ask = "ASK { ?s a <https://schema.org/NewsArticle> }"
    assert get(endpoint, ask).json()["boolean"] is True
    only_entities = get(endpoint, ask, **{"default-graph-uri": KGR + "graph/entities"})
    assert only_entities.json()["boolean"] is False
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    everything = {b["g"]["value"] for b in get(endpoint, graphs).json()["results"]["bindings"]}
    assert KGR + "graph/entities" in everything and len(everything) == 2
    r = get(endpoint, graphs, **{"named-graph-uri": KGR + "graph/entities"})
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [KGR + "graph/entities"]
    form = httpx.post(f"{endpoint}/sparql", data={
        "query": ask, "default-graph-uri": KGR + "graph/entities"})
    assert form.json()["boolean"] is False
    assert get(endpoint, ask, **{"default-graph-uri": "not an iri"}).status_code == 400


def test_updates_refused_whatever_the_verb(endpoint: str) -> None:
    before = get(endpoint, COUNT, "text/csv").text
    update = "DELETE WHERE { ?s ?p ?o }"
    cases = [
        httpx.get(f"{endpoint}/sparql", params={"update": update}),
        httpx.post(f"{endpoint}/sparql", data={"update": update}),
        httpx.post(f"{endpoint}/sparql", content=update,
                   headers={"Content-Type": "application/sparql-update"}),
        get(endpoint, "PREFIX x: <http://x/> " + update),
        httpx.post(f"{endpoint}/sparql", content="INSERT DATA { <a:b> <a:c> <a:d> }",
                   headers={"Content-Type": "application/sparql-query"}),
        httpx.put(f"{endpoint}/sparql", content="<a:b> <a:c> <a:d> ."),
        httpx.delete(f"{endpoint}/sparql"),
    ]
    assert [r.status_code for r in cases] == [403] * len(cases)
    assert get(endpoint, COUNT, "text/csv").text == before


def test_service_is_refused_and_nothing_goes_out(endpoint: str) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.settimeout(1.5)
    spellings = [
        f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
        f"select * {{ service silent <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?a ?b ?c .SERVICE<http://127.0.0.1:{port}/x>{{?s ?p ?o}} }}",
        f"SELECT * {{ \\u0053ERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ BIND(<http://127.0.0.1:{port}/x> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
    ]
    statuses = [get(endpoint, q).status_code for q in spellings]
    statuses.append(httpx.post(f"{endpoint}/sparql", content=spellings[0], headers={
        "Content-Type": "application/sparql-query"}).status_code)
    assert statuses == [400] * (len(spellings) + 1)
    assert "SERVICE" in get(endpoint, spellings[0]).text
    with pytest.raises(TimeoutError):
        conn, _ = listener.accept()
        conn.close()
    listener.close()


def test_slow_query_stopped_while_others_answer(endpoint: str) -> None:
    slow: dict[str, object] = {}

    def run_slow() -> None:
        t = time.monotonic()
        slow["response"] = get(endpoint, EXPLOSIVE)
        slow["seconds"] = time.monotonic() - t

    th = threading.Thread(target=run_slow)
    th.start()
    time.sleep(0.3)
    fast = []
    for _ in range(5):
        t = time.monotonic()
        assert get(endpoint, "ASK { ?s ?p ?o }").json()["boolean"] is True
        fast.append(time.monotonic() - t)
    assert "response" not in slow  # all five answered while the explosive one still ran
    th.join(30)
    assert max(fast) < TIMEOUT
    r = slow["response"]
    assert isinstance(r, httpx.Response) and r.status_code == 503 and "limit" in r.text
    assert TIMEOUT <= float(slow["seconds"]) < TIMEOUT + 5  # type: ignore[arg-type]
    for _ in range(4):  # the killed worker's replacement comes back
        assert get(endpoint, "ASK { ?s ?p ?o }").status_code == 200


def test_body_limits(endpoint: str) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_BODY
    r = httpx.post(f"{endpoint}/sparql", content=big,
                   headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer
        yield b"query=ASK%7B%7D%23"
        for _ in range(10):
            yield b"x" * (MAX_BODY // 5)

    r = httpx.post(f"{endpoint}/sparql", content=chunks(),
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413
    long_get = b"GET /sparql?query=ASK%7B%7D%23" + b"x" * (MAX_BODY - 100) + (
        b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    assert _raw(endpoint, long_get).startswith(b"HTTP/1.1 200")  # over h11's 16 KiB default
    too_long = long_get.replace(b"x" * 100, b"x" * 200, 1)
    assert _raw(endpoint, too_long).startswith(b"HTTP/1.1 413")
    assert httpx.post(f"{endpoint}/sparql", content=b"ASK {}",
                      headers={"Content-Type": "text/plain"}).status_code == 415


def _raw(url: str, request: bytes, wait: float = 10.0) -> bytes:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as s:
        s.sendall(request)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
    return out


@pytest.mark.parametrize("length", [b"abc", b"-1", b"1e3", b"10, 12"])
def test_broken_content_length_is_a_4xx(endpoint: str, length: bytes) -> None:
    t = time.monotonic()
    out = _raw(endpoint, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
               b"application/sparql-query\r\nContent-Length: " + length + b"\r\n\r\nASK {}")
    assert out.startswith(b"HTTP/1.1 4") and b"Traceback" not in out
    assert time.monotonic() - t < TIMEOUT  # answered at once, not after a body wait


def test_body_shorter_than_announced_does_not_hang(endpoint: str) -> None:
    out = _raw(endpoint, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
               b"application/sparql-query\r\nContent-Length: 500\r\nConnection: close"
               b"\r\n\r\nASK {}")
    assert out.startswith(b"HTTP/1.1 408")


def test_host_checked_on_loopback(endpoint: str) -> None:
    port = endpoint.rsplit(":", 1)[1]
    evil = httpx.get(f"{endpoint}/sparql", params={"query": COUNT},
                     headers={"Host": "evil.example"})
    assert evil.status_code == 400 and "access-control-allow-origin" not in evil.headers
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", "localhost"):
        assert httpx.get(f"{endpoint}/sparql", params={"query": COUNT},
                         headers={"Host": host}).status_code == 200


def test_head_options_and_cors_preflight(endpoint: str) -> None:
    head = httpx.head(f"{endpoint}/sparql", params={"query": COUNT})
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) > 0
    opts = httpx.options(f"{endpoint}/sparql")
    assert opts.status_code == 204 and "POST" in opts.headers["allow"]
    pre = httpx.options(f"{endpoint}/sparql", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == "*"
    assert "POST" in pre.headers["access-control-allow-methods"]
    assert "content-type" in pre.headers["access-control-allow-headers"].lower()
    r = httpx.post(f"{endpoint}/sparql", data={"query": COUNT},
                   headers={"Origin": "https://yasgui.example"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"


def test_page_and_errors(endpoint: str) -> None:
    assert b"page" in httpx.get(f"{endpoint}/").content
    assert httpx.head(f"{endpoint}/").status_code == 200
    assert httpx.get(f"{endpoint}/nope").status_code == 404
    assert httpx.get(f"{endpoint}/sparql").status_code == 400
    bad = get(endpoint, "SELEC ?x")
    assert bad.status_code == 400 and "malformed" in bad.text
    assert httpx.get(f"{endpoint}/sparql?query=ASK%7B%7D&query=ASK%7B%7D").status_code == 400


def test_missing_graph_is_one_sentence_error(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="no such graph"):
        Endpoint(tmp_path / "nope", Settings(port=0))


def test_cli_help_shows_defaults() -> None:
    out = subprocess.run([sys.executable, "-m", "kg.cli", "serve", "--help"],
                         capture_output=True, text=True, check=True).stdout
    for flag, default in (("--timeout", "30.0"), ("--port", "7878"), ("--host", "127.0.0.1"),
                          ("--max-body", "1000000")):
        assert flag in out and f"default: {default}" in out
