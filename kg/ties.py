"""Ties the page draws beside the typed relations: co-mentions and what a speaker talks about.

Why: typed relations (holds, attendee, ...) are precise but sparse (a 32-article build has
about one relation for every three entities), so a page drawing only them is a scatter of
unconnected shapes. Two untyped ties connect the picture without inventing facts:

- **co-mention**: two entities mentioned in the same article, weighted by the number of
  articles they share. Every pair in an article is a lot of edges (an article naming 30
  entities gives 435 pairs), so each entity keeps only its strongest few partners
  (most shared articles, then the partner mentioned in the most articles: ties to the
  corpus' central figures make a connected, readable picture). An article's publisher is
  not "mentioned" by it and takes no part. Pairs already joined by a typed relation are
  skipped: the relation says more.
- **quote**: a quote's speaker and each entity of the same article named in the quote
  (label or alias, as a whole word): who talks about whom, with the quote as evidence.

Both are computed from the networkx graph of `kg.netgraph.to_networkx`, never stored in
it, so `kg stats` counts only typed relations.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

PER_NODE = 3  # strongest co-mention partners kept per entity
MAX_QUOTE_TIES = 6  # entities tied to one quote at most (a list of names is not a story)
MIN_NAME = 3  # shorter names ("RI", "AS") match too much text


@dataclass
class Tie:
    """One drawn tie: `weight` shared articles (co-mention) or quotes (quote)."""

    source: str
    target: str
    kind: str  # "comention" or "quote"
    weight: int
    first: str  # earliest publication date (YYYY-MM-DD) of the articles behind it, or ""
    evidence: list[dict] = field(default_factory=list)  # quote ties: article, text


def article_members(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Article IRI -> the entities it mentions (its publisher left out), sorted."""
    arts = G.graph.get("articles", {})
    members: dict[str, list[str]] = defaultdict(list)
    for n, d in G.nodes(data=True):
        for a in d["articles"]:
            info = arts.get(a)
            if info is not None and info.publisher == n:
                continue
            members[a].append(n)
    for lst in members.values():
        lst.sort()
    return members


def _date(G: nx.MultiDiGraph, a: str) -> str:
    info = G.graph.get("articles", {}).get(a)
    return (info.date or "")[:10] if info is not None else ""


def comentions(G: nx.MultiDiGraph, per_node: int = PER_NODE,
               members: dict[str, list[str]] | None = None) -> list[Tie]:
    """The thinned co-mention ties (see the module docstring), strongest first."""
    members = article_members(G) if members is None else members
    related = {frozenset((s, o)) for s, o in G.edges() if s != o}
    weight: dict[tuple[str, str], int] = defaultdict(int)
    first: dict[tuple[str, str], str] = {}
    for a, ents in members.items():
        day = _date(G, a)
        for pair in combinations(ents, 2):
            weight[pair] += 1
            if day and (pair not in first or day < first[pair]):
                first[pair] = day
    reach = {n: len(d["articles"]) for n, d in G.nodes(data=True)}
    partners: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for (s, o), w in weight.items():
        if frozenset((s, o)) in related:
            continue
        partners[s].append((w, reach[o], o))
        partners[o].append((w, reach[s], s))
    keep: set[tuple[str, str]] = set()
    for n, lst in partners.items():
        for _w, _r, m in heapq.nlargest(per_node, lst, key=lambda t: (t[0], t[1], t[2])):
            keep.add((n, m) if n < m else (m, n))
    ties = [Tie(s, o, "comention", weight[s, o], first.get((s, o), "")) for s, o in keep]
    ties.sort(key=lambda t: (-t.weight, t.source, t.target))
    return ties


def _pattern(names: list[str]) -> re.Pattern[str] | None:
    names = sorted({x for x in names if len(x) >= MIN_NAME}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)",
                      re.IGNORECASE)


def quote_ties(G: nx.MultiDiGraph, members: dict[str, list[str]] | None = None) -> list[Tie]:
    """Speaker -> entity named in one of the speaker's quotes (same article), with the quotes."""
    members = article_members(G) if members is None else members
    patterns: dict[str, re.Pattern[str] | None] = {}
    found: dict[tuple[str, str], Tie] = {}
    for speaker, d in G.nodes(data=True):
        for q in d["quotes"]:
            text, a = q["text"], q["article"]
            hits = []
            for n in members.get(a, ()):
                if n == speaker:
                    continue
                if n not in patterns:
                    nd = G.nodes[n]
                    patterns[n] = _pattern([nd["label"], *nd["aliases"]])
                pat = patterns[n]
                if pat is not None and pat.search(text):
                    hits.append(n)
            if len(hits) > MAX_QUOTE_TIES:
                continue
            for n in hits:
                tie = found.setdefault((speaker, n), Tie(speaker, n, "quote", 0, ""))
                tie.weight += 1
                day = _date(G, a)
                if day and (not tie.first or day < tie.first):
                    tie.first = day
                tie.evidence.append({"article": a, "text": text})
    return sorted(found.values(), key=lambda t: (-t.weight, t.source, t.target))


def tie_graph(G: nx.MultiDiGraph, ties: list[Tie]) -> nx.Graph:
    """Undirected weighted graph of typed relations (weight 2 each) plus the ties.

    What the page's communities are found on, so a community is a group the picture
    really draws together.
    """
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes))  # insertion order decides Louvain's: keep it stable
    for s, o in sorted(G.edges()):
        if s != o:
            w = H.edges[s, o]["weight"] + 2 if H.has_edge(s, o) else 2
            H.add_edge(s, o, weight=w)
    for t in ties:
        if t.source == t.target:
            continue
        w = H.edges[t.source, t.target]["weight"] if H.has_edge(t.source, t.target) else 0
        H.add_edge(t.source, t.target, weight=w + t.weight)
    return H
