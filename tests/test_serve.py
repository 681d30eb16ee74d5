"""kg serve: a real HTTP SPARQL endpoint queried by a real SPARQL client (rdflib's SPARQLStore)."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from kg.errors import KgError
from kg.serve import make_server


@pytest.fixture
def endpoint(small_graph_dir: Path) -> Iterator[str]:
    (small_graph_dir / "graph.html").write_text("<html><body>page</body></html>")
    server = make_server(small_graph_dir, "127.0.0.1", 0)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()


def test_sparql_client_sees_union_of_named_graphs(endpoint: str) -> None:
    store = SPARQLStore(query_endpoint=f"{endpoint}/sparql", returnFormat="json")
    rows = list(store.query(
        "PREFIX org: <http://www.w3.org/ns/org#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
        " SELECT ?who ?post WHERE { ?p org:holds ?x . ?p rdfs:label ?who . ?x rdfs:label ?post }"))
    assert [(str(r[0]), str(r[1])) for r in rows] == [("Ridwan Kamil", "Gubernur Jawa Barat")]


def test_formats_and_errors(endpoint: str) -> None:
    q = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://schema.org/Person> }")
    req = urllib.request.Request(f"{endpoint}/sparql?query={q}", headers={"Accept": "text/csv"})
    with urllib.request.urlopen(req) as resp:
        assert resp.headers["Content-Type"].startswith("text/csv")
        assert resp.read().decode().splitlines() == ["n", "1"]
    ask = urllib.parse.quote("ASK { ?s a <https://schema.org/Event> }")
    with urllib.request.urlopen(f"{endpoint}/query?query={ask}") as resp:
        assert json.loads(resp.read())["boolean"] is True
    bad = urllib.parse.quote("SELEC ?x")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{endpoint}/sparql?query={bad}")
    assert err.value.code == 400
    upd = urllib.request.Request(f"{endpoint}/sparql", data=b"update=CLEAR+ALL", method="POST",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(upd)
    assert err.value.code == 403


def test_page_at_root(endpoint: str) -> None:
    with urllib.request.urlopen(f"{endpoint}/") as resp:
        assert b"page" in resp.read()


def test_missing_graph_is_one_sentence_error(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="no such graph"):
        make_server(tmp_path / "nope")
