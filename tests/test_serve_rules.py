"""The endpoint's rules on their own: SERVICE/update detection, Accept, worker isolation."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kg.graph.negotiate import GRAPH_TYPES, RESULT_TYPES, choose
from kg.graph.sparql_text import is_update, uses_service


@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE <http://h/> { ?s ?p ?o } }",
    "select * { sErViCe SILENT <http://h/> { ?s ?p ?o } }",
    "SELECT * { ?a ?b ?c .SERVICE<http://h/>{?s ?p ?o} }",
    "SELECT * { ?a ?b ex:c.\nSERVICE ?u { ?s ?p ?o } }",
    "SELECT * { \\u0053ERVICE <http://h/> { ?s ?p ?o } }",
    "SELECT * { FILTER(?x<1)SERVICE<http://h/>{?s ?p ?o} }",
    'SELECT * { BIND("\\u0022" AS ?x) SERVICE <http://h/> { ?s ?p ?o } }',
    'SELECT * { BIND("unterminated AS ?x) SERVICE <http://h/> { ?s ?p ?o } }',
])
def test_service_found_however_spelled(query: str) -> None:
    assert uses_service(query)


@pytest.mark.parametrize("query", [
    "SELECT ?service WHERE { ?service a schema:Service }",
    'SELECT * { ?s ?p "SERVICE <http://h/> {}" }',
    "SELECT * { ?s <http://h/SERVICE> ?o } # SERVICE <http://h/> {}",
    "SELECT * { ?s ex:SERVICE ?o . ?o service:x ?y }",
])
def test_service_not_found_where_it_is_not_a_keyword(query: str) -> None:
    assert not uses_service(query)


@pytest.mark.parametrize(("query", "update"), [
    ("INSERT DATA { <a:b> <a:c> <a:d> }", True),
    ("PREFIX x: <http://x/>\nBASE <http://b/> # note\ndelete where { ?s ?p ?o }", True),
    ("  clear all", True),
    ("WITH <g:1> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", True),
    ("\\u0044ROP ALL", True),
    ("SELECT ?insert WHERE { ?insert ?p ?o }", False),
    ("# DELETE everything\nASK { ?s ?p ?o }", False),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", False),
])
def test_update_detection(query: str, update: bool) -> None:
    assert is_update(query) is update


@pytest.mark.parametrize(("accept", "media"), [
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("application/sparql-results+json;q=0, */*;q=0.1", "application/sparql-results+xml"),
    ("text/*;q=0.3, text/tab-separated-values;q=0.4", "text/tab-separated-values"),
    ("TEXT/CSV", "text/csv"),
    ("application/json", "application/json"),
    ("garbage, text/csv;q=abc, text/tab-separated-values;q=0.2", "text/tab-separated-values"),
    ("image/png", None),
    ("text/*;q=0", None),
])
def test_accept_for_results(accept: str | None, media: str | None) -> None:
    picked = choose(accept, RESULT_TYPES)
    assert (picked[0] if picked else None) == media


@pytest.mark.parametrize(("accept", "media"), [
    (None, "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/ld+json;q=0.5, text/turtle;q=0.4", "application/ld+json"),
    ("application/sparql-results+json, */*;q=0.1", "text/turtle"),
    ("application/rdf+xml, text/turtle;q=0.9", "application/rdf+xml"),
])
def test_accept_for_graphs(accept: str | None, media: str) -> None:
    picked = choose(accept, GRAPH_TYPES)
    assert picked is not None and picked[0] == media


_SERVICE_CALL = """
import sys, pyoxigraph as ox
from kg.graph.workers import isolate_network
if sys.argv[2] == "isolate" and not isolate_network():
    print("no-isolation"); sys.exit(0)
try:
    list(ox.Store().query("SELECT * {{ SERVICE <http://127.0.0.1:%s/x> {{ ?s ?p ?o }} }}"
                          % sys.argv[1]))
except Exception as exc:
    print("failed", type(exc).__name__)
"""


def _connections(mode: str) -> tuple[int, str]:
    """Run an Oxigraph SERVICE query in a child process; count what reached a listener."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    child = subprocess.Popen([sys.executable, "-c", _SERVICE_CALL.replace("{{", "{")
                              .replace("}}", "}"), str(port), mode],
                             stdout=subprocess.PIPE, text=True)
    seen = 0
    while child.poll() is None:
        try:
            conn, _ = listener.accept()
            seen += 1
            conn.close()
        except TimeoutError:
            pass
    listener.close()
    return seen, child.stdout.read() if child.stdout else ""


def test_workers_without_network_cannot_reach_a_listener() -> None:
    """The second wall: even a SERVICE that got through could not leave the worker."""
    seen, out = _connections("isolate")
    if "no-isolation" in out:
        pytest.skip("this OS does not let a process drop its network (Linux namespaces)")
    assert seen == 0 and "failed" in out
    control, _ = _connections("plain")  # the same query without isolation does go out
    assert control >= 1


@pytest.mark.parametrize(("host", "allow", "header", "ok"), [
    ("127.0.0.1", [], "evil.example", False),
    ("127.0.0.1", [], "localhost:7878", True),
    ("::1", [], "[::1]:7878", True),
    ("0.0.0.0", [], "kg.example.org", True),  # exposed on purpose: any name
    ("0.0.0.0", ["kg.example.org"], "kg.example.org", True),
    ("0.0.0.0", ["kg.example.org"], "evil.example", False),
    ("127.0.0.1", ["proxy.example"], "proxy.example", True),
])
def test_host_check(tmp_path: Path, host: str, allow: list[str], header: str, ok: bool) -> None:
    from starlette.testclient import TestClient

    from kg.graph.serve import Settings, build_app

    page = tmp_path / "graph.html"
    page.write_text("<html>page</html>")
    app = build_app(None, page, Settings(host=host, allow_hosts=allow))  # type: ignore[arg-type]
    r = TestClient(app).get("/", headers={"Host": header})
    assert (r.status_code == 200) is ok
