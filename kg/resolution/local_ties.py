"""Extra ties between mentions of one article that resolution's keys alone miss.

Kept apart from kg/resolution/resolver.py (which builds the keys) because both rules are about
what an article says of itself, and hold only inside it:
- an acronym the article defines names that long form wherever the article uses it, even
  if a table knows another organisation by the same letters ("Dinas Pekerjaan Umum dan
  Penataan Ruang (PUPR) ... Kadis PUPR" is the regional office, not the ministry);
- two names the text itself equates ("Kementerian PPN/Bappenas", "X (nickname)") are one
  (`Mention.same_as`, set by extraction);
- an organisation named with and without its region ("Kantor BPKAD Provinsi Kepri", then
  "Kantor BPKAD") is one organisation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from kg.models import ORGANIZATION, Mention
from kg.resolution.names import norm


class _Named(Protocol):
    pkey: str
    abbrev: str | None


class _Union(Protocol):
    def union(self, a: int, b: int) -> int: ...


def tie_local(ms: Sequence[Mention], names: Sequence[_Named], uf: _Union,
              is_qualifier: Callable[[str], bool]) -> None:
    owner: dict[tuple[str, str], int] = {}
    for i, (m, n) in enumerate(zip(ms, names, strict=True)):
        if n.abbrev:
            owner.setdefault((m.type, n.abbrev), i)
    for j, (m, n) in enumerate(zip(ms, names, strict=True)):
        i = owner.get((m.type, n.pkey))
        if i is not None and i != j:
            uf.union(i, j)

    index = {m.key: i for i, m in enumerate(ms)}
    for j, m in enumerate(ms):
        if m.same_as in index and ms[index[m.same_as]].type == m.type:
            uf.union(index[m.same_as], j)

    orgs = [(i, norm(m.name).split()) for i, m in enumerate(ms) if m.type == ORGANIZATION]
    for i, short in orgs:
        if len(short) < 2:
            continue
        longer = {tuple(t) for j, t in orgs
                  if len(t) > len(short) and t[: len(short)] == short
                  and is_qualifier(" ".join(t[len(short):]))}
        if len(longer) == 1:
            target = longer.pop()
            j = next(j for j, t in orgs if tuple(t) == target)
            uf.union(j, i)
