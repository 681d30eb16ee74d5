"""The graph's terms made for the store: Oxigraph objects, or N-Quads text for a bulk load.

kg.rdf states the graph's shape once, through a `Terms` object; these two make the terms
the store takes without an rdflib term in between (which was most of a large build's
output time):

- `OxTerms`: pyoxigraph terms, for replacing a few graphs in place (kg.graph.update);
- `NQuadsTerms` + `nquads_stream`: N-Quads text handed to Oxigraph's bulk loader in one
  stream, for a build that writes every graph (a first build, a rewrite). Text costs a
  fraction of a Python object per term and quad, and the stream is made while Oxigraph
  reads it, so it is never held whole in memory (a full corpus is ~1 GB of N-Quads).

Both write the same terms: IRIs are checked by Oxigraph's IRI parser either way (a bad
IRI raises ValueError), literals carry the lexical forms kg.rdf computes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib.term import Node

from kg.graph.terms import to_ox
from kg.rdf import Terms

Maker = Callable[[Terms], list[tuple]]  # a part's triples, made by the given terms


class OxTerms(Terms):
    """The graph's terms as Oxigraph's, confidences made once per build."""

    def __init__(self) -> None:
        super().__init__()
        self._conf: dict[float, ox.Literal] = {}

    def iri(self, value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    def lit(self, value: str) -> ox.Literal:
        return ox.Literal(value)

    def typed(self, value: str, datatype: str) -> ox.Literal:
        return ox.Literal(value, datatype=self.const(datatype))

    def node(self, term: Node) -> object:
        return to_ox(term)

    def conf(self, x: float) -> ox.Literal:
        lit = self._conf.get(x)
        if lit is None:
            lit = self._conf[x] = super().conf(x)
        return lit

    def quads(self, make: Maker, graph: ox.NamedNode) -> set[ox.Quad]:
        """The quads of a part in `graph`, each once."""
        return {ox.Quad(s, p, o, graph) for s, p, o in set(make(self))}


def _escape(s: str) -> str:
    """A string as the inside of an N-Quads literal: only \\, ", LF and CR must be escaped."""
    if "\\" in s:
        s = s.replace("\\", "\\\\")
    if '"' in s:
        s = s.replace('"', '\\"')
    if "\n" in s:
        s = s.replace("\n", "\\n")
    if "\r" in s:
        s = s.replace("\r", "\\r")
    return s


class NQuadsTerms(Terms):
    """The graph's terms as N-Quads text."""

    def __init__(self) -> None:
        super().__init__()
        self._conf: dict[float, str] = {}

    def iri(self, value: str) -> str:
        ox.NamedNode(value)  # the check Oxigraph makes: a bad IRI raises ValueError here
        return f"<{value}>"

    def lit(self, value: str) -> str:
        return f'"{_escape(value)}"'

    def typed(self, value: str, datatype: str) -> str:
        return f'"{_escape(value)}"^^{self.const(datatype)}'

    def node(self, term: Node) -> str:
        return str(to_ox(term))  # Oxigraph's own N-Triples form of the term

    def conf(self, x: float) -> str:
        lit = self._conf.get(x)
        if lit is None:
            lit = self._conf[x] = super().conf(x)
        return lit


def nquads_loads(parts: Iterable[tuple[str, Maker, dict[str, int], str]],
                 size: int = 64 << 20) -> Iterator[bytes]:
    """The N-Quads text of `parts` (see nquads_stream) in pieces of about `size` bytes, one
    bulk load each: Oxigraph's loader holds what one load gives it in memory (one stream of
    a whole corpus took 1.5 GB more than pieces of 64 MB)."""
    stream = nquads_stream(parts)
    while True:
        piece = stream.read(size)
        if not piece:
            return
        cut = piece.rfind(b"\n") + 1  # whole lines only
        rest = piece[cut:]
        if rest:
            piece = piece[:cut] + rest + stream.readline()
        yield piece


def nquads_stream(parts: Iterable[tuple[str, Maker, dict[str, int], str]],
                  chunk: int = 1 << 20) -> io.BufferedReader:
    """A readable N-Quads stream of every part's triples, in its named graph and in the
    default graph (their union, each triple once per part; the store keeps one). Parts
    are (graph IRI, triples maker, counts, key): counts[key] is set to the number of
    distinct triples of the part, once its text is made."""
    terms = NQuadsTerms()

    def chunks() -> Iterator[bytes]:
        buf: list[str] = []
        size = 0
        for graph, make, counts, key in parts:
            lines = {f"{s} {p} {o}" for s, p, o in make(terms)}
            counts[key] = len(lines)
            if not lines:
                continue
            tail = f" <{graph}> .\n"
            text = tail.join(lines) + tail + " .\n".join(lines) + " .\n"
            buf.append(text)
            size += len(text)
            if size >= chunk:
                yield "".join(buf).encode("utf-8")
                buf, size = [], 0
        if buf:
            yield "".join(buf).encode("utf-8")

    return io.BufferedReader(_Chunks(chunks()), buffer_size=chunk)


class _Chunks(io.RawIOBase):
    """A raw binary stream over an iterator of byte chunks (what Oxigraph reads from)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buf = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._buf:
            nxt = next(self._chunks, None)
            if nxt is None:
                return 0
            self._buf = memoryview(nxt)
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n
