"""A small union-find over integer ids, shared by the resolution stages."""

from __future__ import annotations


class UnionFind:
    """Path-halving union-find; the smaller id stays root, so results are deterministic."""

    def __init__(self, n: int = 0) -> None:
        self.parent: list[int] = list(range(n))

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, x: int) -> int:
        p = self.parent
        while p[x] != x:
            p[x] = p[p[x]]
            x = p[x]
        return x

    def union(self, a: int, b: int) -> int:
        ra, rb = sorted((self.find(a), self.find(b)))
        self.parent[rb] = ra
        return ra
