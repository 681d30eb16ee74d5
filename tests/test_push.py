"""kg push against a real Oxigraph server (the `oxigraph` package) started by the tests."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from conftest import small_extraction

from kg.cli import main
from kg.errors import KgError
from kg.push import STATE_FILE, push
from kg.rdf import build_dataset

KGR = "https://w3id.org/kg-id/resource/"
ENTITIES = KGR + "graph/entities"


def write_build(d: Path, ids: list[str]) -> None:
    """A build DIR whose graph holds one article per id (the same made-up text each)."""
    [ex], res = small_extraction()
    exs = []
    for aid in ids:
        art = dataclasses.replace(ex.article, id=aid, url=f"https://example.org/{aid}")
        exs.append(dataclasses.replace(ex, article=art))
    ents = {k: dataclasses.replace(e, mentions=[(aid, key) for aid in ids
                                                for _, key in e.mentions])
            for k, e in res.entities.items()}
    me = {(aid, key): eid for (_, key), eid in res.mention_entity.items() for aid in ids}
    ds = build_dataset(exs, dataclasses.replace(res, entities=ents, mention_entity=me))
    d.mkdir(exist_ok=True)
    (d / "graph.trig").write_text(ds.serialize(format="trig"), encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[str]:
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("the oxigraph server is missing: pip install -e '.[test]'")
        pytest.skip("needs the oxigraph server from the test extra (pip install -e '.[test]')")
    port = _free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path / "oxdb"),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(10)


def remote_graphs(url: str) -> dict[str, int]:
    """Graph IRI -> triple count, as the Oxigraph server answers over SPARQL."""
    r = httpx.get(f"{url}/query", params={
        "query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
        headers={"Accept": "application/sparql-results+json"})
    r.raise_for_status()
    return {b["g"]["value"]: int(b["n"]["value"]) for b in r.json()["results"]["bindings"]}


def local_graphs(d: Path) -> dict[str, int]:
    from kg.graph.store import open_store

    store = open_store(d)
    return {g.value: len(list(store.quads_for_pattern(None, None, None, g)))
            for g in store.named_graphs()}


def test_push_sends_every_graph_then_only_new_ones(tmp_path: Path, oxigraph: str) -> None:
    build, gsp = tmp_path / "out", f"{oxigraph}/store"
    write_build(build, ["a1", "a2"])
    first = push(build, gsp)
    assert sorted(first.sent) == sorted([KGR + "article/a1", KGR + "article/a2", ENTITIES])
    assert remote_graphs(oxigraph) == local_graphs(build)
    state = json.loads((build / STATE_FILE).read_text())
    assert set(state["stores"][gsp]) == set(first.sent)

    again = push(build, gsp)
    assert again.sent == [] and again.unchanged == 3

    # A graph changed behind kg's back stays so: unchanged graphs are not sent again.
    httpx.put(gsp, params={"graph": KGR + "article/a1"}, content=b"<a:x> <a:y> <a:z> .\n",
              headers={"Content-Type": "application/n-triples"}).raise_for_status()
    write_build(build, ["a1", "a2", "a3", "a4"])
    third = push(build, gsp)
    assert {KGR + "article/a3", KGR + "article/a4"} <= set(third.sent)
    assert not {KGR + "article/a1", KGR + "article/a2"} & set(third.sent)
    remote, local = remote_graphs(oxigraph), local_graphs(build)
    assert remote[KGR + "article/a1"] == 1
    for g in (KGR + "article/a2", KGR + "article/a3", KGR + "article/a4", ENTITIES):
        assert remote[g] == local[g]

    write_build(build, ["a2", "a3", "a4"])  # an article gone from the build
    fourth = push(build, gsp)
    assert fourth.deleted == [KGR + "article/a1"]
    assert KGR + "article/a1" not in remote_graphs(oxigraph)


def test_state_is_per_store(tmp_path: Path, oxigraph: str) -> None:
    build = tmp_path / "out"
    write_build(build, ["a1"])
    push(build, f"{oxigraph}/store")
    other = push(build, f"{oxigraph}/store?x=1")  # another URL: nothing known, all sent
    assert len(other.sent) == 2


def test_errors_are_one_sentence(tmp_path: Path, oxigraph: str,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    build = tmp_path / "out"
    write_build(build, ["a1"])
    closed = f"http://127.0.0.1:{_free_port()}/store"
    with pytest.raises(KgError, match=r"^cannot reach the store at .* \("):
        push(build, closed)
    with pytest.raises(KgError, match=r"answered HTTP 404 .* to PUT <"):
        push(build, f"{oxigraph}/no-such-path")
    assert main(["push", str(build), "--store", closed, "-q"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg push: cannot reach") and err.count("\n") == 1
    assert "Traceback" not in err
    with pytest.raises(KgError, match="not a build directory"):
        push(tmp_path / "nope", closed)


class _Guarded(BaseHTTPRequestHandler):
    """A GSP stand-in that demands credentials, to see what kg push sends."""

    expected = ""
    seen: list[str] = []

    def do_PUT(self) -> None:  # noqa: N802 - http.server API
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.seen.append(self.headers.get("Authorization") or "")
        ok = self.headers.get("Authorization") == self.expected
        self.send_response(204 if ok else 401)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def guarded() -> Iterator[tuple[str, type[_Guarded]]]:
    handler = type("Handler", (_Guarded,), {"seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/store", handler
    server.shutdown()
    server.server_close()


def test_credentials(tmp_path: Path, guarded: tuple[str, type[_Guarded]],
                     monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    url, handler = guarded
    build = tmp_path / "out"
    write_build(build, ["a1"])
    handler.expected = "Bearer s3cret"
    monkeypatch.setenv("KG_TEST_TOKEN", "s3cret")
    assert main(["push", str(build), "--store", url, "--token-env", "KG_TEST_TOKEN", "-q"]) == 0
    assert handler.seen == ["Bearer s3cret"] * 2

    handler.expected = "Basic dXNlcjpwdw=="  # user:pw
    assert main(["push", str(build), "--store", url, "--user", "user", "--password", "bad",
                 "--all", "-q"]) == 2
    assert "refused the push (HTTP 401" in capsys.readouterr().err
    monkeypatch.setenv("KG_PUSH_PASSWORD", "pw")
    assert main(["push", str(build), "--store", url, "--user", "user", "--all", "-q"]) == 0
    assert main(["push", str(build), "--store", url, "--token-env", "KG_UNSET_VAR"]) == 2
    assert "KG_UNSET_VAR" in capsys.readouterr().err
