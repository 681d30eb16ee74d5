"""Positions for the drawn part of the page: one disc per community, discs packed apart.

Why: a force layout of the whole picture mixes the communities in one hairball, so their
outlines overlap and no story can be read. Laying out each community on its own (a
force layout inside a disc whose area grows with its size) and then placing the discs
(a force layout of the communities, tied by the ties between them, then pushed apart
until no two overlap) keeps every story in one place, neighbours near each other, and
leaves room for the names. Computed in Python, seeded, so the same graph always gives
the same picture and the page does not wait for a layout in the browser.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx
import numpy as np

UNIT = 70.0  # canvas units per entity "slot": a disc of n members has radius ~UNIT*sqrt(n)
GAP = 160.0  # canvas units between discs (room for the community's name above it)
MIN_DIST = 0.8 * UNIT  # members of a disc are pushed at least this far apart (room for names)
SEED = 7


def _inner(H: nx.Graph, members: list, radius: float) -> dict:
    """Positions of one community's members inside a disc of `radius` around (0, 0)."""
    if len(members) == 1:
        return {members[0]: np.zeros(2)}
    S = _ordered(H, members)
    if S.number_of_edges() == 0:
        pos = nx.circular_layout(S)
    else:
        pos = nx.spring_layout(S, weight="weight", seed=SEED, iterations=80,
                               k=3.0 / math.sqrt(len(members)))
    pts = np.array([pos[m] for m in members], dtype=float)
    pts -= pts.mean(axis=0)
    far = np.sqrt((pts ** 2).sum(axis=1)).max() or 1.0
    pts = _spread(pts * radius / far, MIN_DIST)
    return {m: p for m, p in zip(members, pts, strict=True)}


def _spread(pts: np.ndarray, least: float, rounds: int = 60) -> np.ndarray:
    """Push apart points nearer than `least`: a hub's closest partners otherwise sit on
    top of it and of each other, and their names cannot be read."""
    p = pts.copy()
    n = len(p)
    if n < 2:
        return p
    eye = np.eye(n)
    for _ in range(rounds):
        d = p[:, None, :] - p[None, :, :]
        dist = np.sqrt((d ** 2).sum(-1)) + eye
        over = np.clip(least - dist, 0, None) * (1 - eye)
        if over.max() < 1:
            break
        p += (d / dist[..., None] * over[..., None] / 2).sum(axis=1) * 0.5
    return p


def _ordered(H: nx.Graph, members: list) -> nx.Graph:
    """H's subgraph on `members`, nodes and edges in that order. A subgraph view would
    iterate in set (hash) order, which changes per process, and so would the layout."""
    keep = set(members)
    S = nx.Graph()
    S.add_nodes_from(members)
    S.add_weighted_edges_from((a, b, H.edges[a, b].get("weight", 1)) for a in members
                              for b in H.adj[a] if b in keep)
    return S


def _discs(centres: np.ndarray, radii: np.ndarray, rounds: int = 300) -> np.ndarray:
    """Push overlapping discs apart (and pull all gently to the middle) until none overlap."""
    c = centres.copy()
    n = len(radii)
    for _ in range(rounds):
        moved = False
        d = c[:, None, :] - c[None, :, :]
        dist = np.sqrt((d ** 2).sum(-1)) + np.eye(n)
        need = radii[:, None] + radii[None, :] + GAP
        over = np.clip(need - dist, 0, None) * (1 - np.eye(n))
        if over.max() > 0.5:
            moved = True
            push = (d / dist[..., None] * over[..., None] / 2).sum(axis=1)
            c += push
        c -= 0.02 * (c - np.average(c, axis=0, weights=radii ** 2))
        if not moved and _ > 20:
            break
    return c


def community_layout(H: nx.Graph, drawn: list, community: dict) -> dict:
    """Canvas (x, y) for every drawn node of the weighted tie graph H.

    `community` maps a node to its community number (-1 or absent: none); nodes without
    one are gathered in a disc of their own.
    """
    groups: dict[int, list] = defaultdict(list)
    for n in drawn:
        groups[community.get(n, -1)].append(n)
    keys = sorted(groups, key=lambda g: (-len(groups[g]), g))
    if not keys:
        return {}
    inner = [_inner(H, groups[g], UNIT * math.sqrt(len(groups[g])) * 0.75) for g in keys]
    radii = np.array([max(float(np.sqrt((p ** 2).sum())) for p in pos.values()) + 40
                      for pos in inner])
    # the communities' own graph: ties between them pull their discs together
    C = nx.Graph()
    C.add_nodes_from(range(len(keys)))
    where = {n: k for k, g in enumerate(keys) for n in groups[g]}
    for a, b, w in _ordered(H, list(drawn)).edges(data="weight", default=1):
        ka, kb = where[a], where[b]
        if ka != kb:
            old = C.edges[ka, kb]["weight"] if C.has_edge(ka, kb) else 0
            C.add_edge(ka, kb, weight=old + w)
    if len(keys) > 1:
        pos = nx.spring_layout(C, weight="weight", seed=SEED, iterations=100)
        centres = np.array([pos[k] for k in range(len(keys))], dtype=float)
        spread = radii.sum() / 2
        centres = centres / (np.abs(centres).max() or 1.0) * spread
        centres = _discs(centres, radii)
    else:
        centres = np.zeros((1, 2))
    out: dict = {}
    for k, pos_k in enumerate(inner):
        for n, p in pos_k.items():
            out[n] = (float(centres[k][0] + p[0]), float(centres[k][1] + p[1]))
    return out
