"""Where a build's time goes: per-stage wall and CPU seconds, on stderr when asked.

`KG_TIMINGS=1 kg build ...` prints one table at the end: each stage's wall time, the CPU
seconds of the main process and of the extraction workers it waited for. On a shared
machine CPU seconds are the figure to compare (wall time depends on everyone else's load).
Off by default; when off a stage costs one environment lookup.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

ENV = "KG_TIMINGS"
_ROWS: list[tuple[str, float, float, float]] = []


def enabled() -> bool:
    return os.environ.get(ENV, "") not in ("", "0")


def _cpu() -> tuple[float, float]:
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime, c.ru_utime + c.ru_stime


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the block as one row of the table (nothing when KG_TIMINGS is unset)."""
    if not enabled():
        yield
        return
    t0, (s0, c0) = time.perf_counter(), _cpu()
    try:
        yield
    finally:
        s1, c1 = _cpu()
        _ROWS.append((name, time.perf_counter() - t0, s1 - s0, c1 - c0))


def report(file: object = None) -> None:
    """Print the table of the stages timed so far and forget them."""
    if not enabled() or not _ROWS:
        return
    out = file or sys.stderr
    print(f"{'stage':<24} {'wall s':>8} {'cpu main':>9} {'cpu workers':>12}", file=out)
    for name, wall, main, workers in _ROWS:
        print(f"{name:<24} {wall:8.2f} {main:9.2f} {workers:12.2f}", file=out)
    total = [sum(r[i] for r in _ROWS) for i in (1, 2, 3)]
    print(f"{'sum':<24} {total[0]:8.2f} {total[1]:9.2f} {total[2]:12.2f}", file=out)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the main process {peak:,.0f} MB", file=out)
    _ROWS.clear()
