"""`kg push`: copy a build's named graphs to any SPARQL 1.1 Graph Store Protocol store.

Each named graph (one per article, plus `kgr:graph/entities`) is sent with
`PUT STORE?graph=<iri>` as N-Triples, so a re-push replaces the graph rather than adding
to it, and any GSP store takes it (Oxigraph server, Apache Jena Fuseki, GraphDB, ...).
Only graphs whose content changed since the last push to that same store URL are sent:
`DIR/push-state.json` remembers, per store URL, a SHA-256 of each graph as pushed
(the graph's sorted N-Triples, so the hash does not depend on the order a store lists
triples in). Graphs pushed before and gone from the build are deleted from the store.
The state is saved atomically after every push, also a failed one, so a re-run after a
network error sends only what had not arrived.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox

from kg.errors import KgError
from kg.graph.store import open_store

STATE_FILE = "push-state.json"
NTRIPLES = "application/n-triples"


@dataclass
class PushReport:
    sent: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)


def graph_bodies(build_dir: str | Path) -> Iterator[tuple[str, bytes]]:
    """(graph IRI, N-Triples body) for every named graph of a build, in IRI order."""
    store = open_store(build_dir)
    graphs = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)),
                    key=lambda g: g.value)
    for g in graphs:
        raw = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) or b""
        if b"_:" in raw:  # blank node labels are arbitrary: canonicalise (RDFC-1.0)
            ds = ox.Dataset(ox.Quad(q.subject, q.predicate, q.object)
                            for q in store.quads_for_pattern(None, None, None, g))
            ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
            raw = ox.serialize(ds, format=ox.RdfFormat.N_QUADS) or b""
        lines = sorted(set(raw.splitlines()) - {b""})
        yield g.value, b"\n".join(lines) + b"\n"


def load_state(build_dir: Path) -> dict[str, dict[str, str]]:
    """Per store URL, {graph IRI: content hash} as last pushed; unreadable state = none."""
    try:
        data = json.loads((build_dir / STATE_FILE).read_text(encoding="utf-8"))
        stores = data.get("stores", {}) if isinstance(data, dict) else {}
        return {url: dict(graphs) for url, graphs in stores.items() if isinstance(graphs, dict)}
    except (OSError, ValueError, TypeError):
        return {}


def save_state(build_dir: Path, state: dict[str, dict[str, str]]) -> None:
    """Write the state atomically (temp file + rename): a kill leaves the old one whole."""
    fd, tmp = tempfile.mkstemp(prefix=".push-state.", suffix=".tmp", dir=build_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"stores": state}, f, indent=1, sort_keys=True)
            f.write("\n")
        os.replace(tmp, build_dir / STATE_FILE)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _refusal(url: str, method: str, graph: str, resp: httpx.Response) -> KgError:
    reason = f"HTTP {resp.status_code} {resp.reason_phrase}".strip()
    if resp.status_code in (401, 403):
        return KgError(f"the store at {url} refused the push ({reason}); check --user/"
                       "--password or --token-env.")
    detail = " ".join(resp.text.split())[:160]
    return KgError(f"the store at {url} answered {reason} to {method} <{graph}>"
                   f"{': ' + detail if detail else ''}.")


def _client(auth: tuple[str, str] | None, token: str | None, timeout: float) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(auth=auth, headers=headers, timeout=timeout, follow_redirects=False)


def push(build_dir: str | Path, url: str, *, auth: tuple[str, str] | None = None,
         token: str | None = None, force: bool = False, timeout: float = 60.0,
         progress: Callable[[int], None] | None = None) -> PushReport:
    """PUT every named graph of BUILD_DIR changed since the last push to URL; see above."""
    d = Path(build_dir)
    if not d.is_dir():
        raise KgError(f"{build_dir}: not a build directory (kg push sends a built DIR).")
    if not url.startswith(("http://", "https://")):
        raise KgError(f"{url}: the store URL must start with http:// or https://.")
    state = load_state(d)
    pushed = {} if force else dict(state.get(url, {}))
    report = PushReport()
    current: set[str] = set()
    try:
        with _client(auth, token, timeout) as client:
            for graph, body in graph_bodies(d):
                current.add(graph)
                digest = hashlib.sha256(body).hexdigest()
                if pushed.get(graph) == digest:
                    report.unchanged += 1
                    continue
                resp = client.put(url, params={"graph": graph}, content=body,
                                  headers={"Content-Type": NTRIPLES})
                if resp.status_code not in (200, 201, 204):
                    raise _refusal(url, "PUT", graph, resp)
                pushed[graph] = digest
                report.sent.append(graph)
                if progress:
                    progress(1)
            for graph in sorted(set(pushed) - current):
                resp = client.delete(url, params={"graph": graph})
                if resp.status_code not in (200, 202, 204, 404):
                    raise _refusal(url, "DELETE", graph, resp)
                del pushed[graph]
                report.deleted.append(graph)
    except httpx.TransportError as exc:
        reason = " ".join(str(exc).split()) or exc.__class__.__name__
        raise KgError(f"cannot reach the store at {url} ({reason}).") from exc
    finally:
        if pushed or url in state:
            state[url] = pushed
            save_state(d, state)
    return report
