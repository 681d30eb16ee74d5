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

import re
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

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
    """The thinned co-mention ties (see the module docstring), strongest first.

    Counted with numpy (a pair is one int64): 5,000 articles give about half a million
    pairs, too many for a Python loop per pair.
    """
    members = article_members(G) if members is None else members
    names = sorted(G.nodes)
    n = len(names)
    if n < 2:
        return []
    ids = {v: i for i, v in enumerate(names)}
    chunks = []
    for ents in members.values():
        if len(ents) < 2:
            continue
        a = np.array(sorted(ids[e] for e in ents), dtype=np.int64)
        i, j = np.triu_indices(len(a), 1)
        chunks.append(a[i] * n + a[j])
    if not chunks:
        return []
    pair, weight = np.unique(np.concatenate(chunks), return_counts=True)
    src, dst = pair // n, pair % n
    related = {(min(ids[s], ids[o]), max(ids[s], ids[o])) for s, o in G.edges() if s != o}
    if related:
        rel = np.array([a * n + b for a, b in related], dtype=np.int64)
        keep_pair = ~np.isin(pair, rel)
        pair, weight, src, dst = pair[keep_pair], weight[keep_pair], src[keep_pair], dst[keep_pair]
    reach = np.array([len(G.nodes[v]["articles"]) for v in names], dtype=np.int64)
    # both directions; per node, partners by weight, then reach, then partner id (desc)
    node = np.concatenate([src, dst])
    other = np.concatenate([dst, src])
    w = np.concatenate([weight, weight])
    order = np.lexsort((-other, -reach[other], -w, node))
    node, which = node[order], np.concatenate([np.arange(len(pair))] * 2)[order]
    start = np.searchsorted(node, node, side="left")
    chosen = np.unique(which[np.arange(len(node)) - start < per_node])
    ties = []
    for k in chosen.tolist():
        s, o = names[int(src[k])], names[int(dst[k])]
        shared = G.nodes[s]["articles"] & G.nodes[o]["articles"]
        days = [d for d in (_date(G, a) for a in shared) if d]
        ties.append(Tie(s, o, "comention", int(weight[k]), min(days, default="")))
    ties.sort(key=lambda t: (-t.weight, t.source, t.target))
    return ties


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _named(words: list[str], names: dict[tuple[str, ...], set[str]], longest: int) -> set[str]:
    """Entities whose name occurs in `words`, longest name first at each position (so
    "Jakarta Selatan" does not also name "Jakarta")."""
    hits: set[str] = set()
    i = 0
    while i < len(words):
        for k in range(min(longest, len(words) - i), 0, -1):
            got = names.get(tuple(words[i:i + k]))
            if got:
                hits |= got
                i += k
                break
        else:
            i += 1
    return hits


def quote_ties(G: nx.MultiDiGraph, members: dict[str, list[str]] | None = None) -> list[Tie]:
    """Speaker -> entity named in one of the speaker's quotes (same article), with the quotes.

    Names are matched as whole words, case-insensitively, by a word n-gram lookup per
    article (a regular expression per article costs seconds to compile on a big corpus).
    """
    members = article_members(G) if members is None else members
    quotes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for speaker, d in G.nodes(data=True):
        for q in d["quotes"]:
            quotes[q["article"]].append((speaker, q["text"]))
    found: dict[tuple[str, str], Tie] = {}
    for a in sorted(quotes):
        names: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for n in members.get(a, ()):
            for name in (G.nodes[n]["label"], *G.nodes[n]["aliases"]):
                if len(name) >= MIN_NAME and (key := tuple(_words(name))):
                    names[key].add(n)
        if not names:
            continue
        longest = max(len(k) for k in names)
        day = _date(G, a)
        for speaker, text in quotes[a]:
            hits = sorted(_named(_words(text), names, longest) - {speaker})
            if len(hits) > MAX_QUOTE_TIES:
                continue
            for n in hits:
                tie = found.setdefault((speaker, n), Tie(speaker, n, "quote", 0, ""))
                tie.weight += 1
                if day and (not tie.first or day < tie.first):
                    tie.first = day
                tie.evidence.append({"article": a, "text": text})
    return sorted(found.values(), key=lambda t: (-t.weight, t.source, t.target))


def tie_graph(G: nx.MultiDiGraph, ties: list[Tie]) -> nx.Graph:
    """Undirected weighted graph of typed relations (weight 2 each) plus the ties.

    What ranking and the page's communities are found on, so a community is a group the
    picture really draws together.
    """
    weight: dict[tuple[str, str], int] = defaultdict(int)
    for s, o in G.edges():
        if s != o:
            weight[(s, o) if s < o else (o, s)] += 2
    for t in ties:
        if t.source != t.target:
            pair = (t.source, t.target) if t.source < t.target else (t.target, t.source)
            weight[pair] += t.weight
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes))  # insertion order decides Louvain's: keep it stable
    H.add_weighted_edges_from((s, o, w) for (s, o), w in sorted(weight.items()))
    return H
