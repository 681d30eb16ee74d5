"""Fault injection for crash tests: `KG_FAULT=STAGE` SIGKILLs kg when it reaches STAGE.

A crash test must kill a build at an exact point (mid-extraction, between writing a temp
file and renaming it), which a timer cannot hit reliably. Code calls `fault_point(name)`
at such points; unless the environment variable `KG_FAULT` names that point, the call
does nothing (one dictionary lookup). Points:

- `extract`: after the first extraction batch was saved to the cache journal;
- `write:NAME`: after the temp file for output NAME (`extractions.jsonl`, `graph.trig`,
  `graph.html`, ...) was written, before it replaces NAME;
- `store`: while the on-disk store is being written, before it is committed.

`KG_FAULT=write:*` stops at the first output write, whichever it is.
"""

from __future__ import annotations

import os
import signal


def fault_point(stage: str) -> None:
    """SIGKILL this process if KG_FAULT names `stage` (crash tests only); else nothing."""
    want = os.environ.get("KG_FAULT")
    if want and (want == stage or (want.endswith("*") and stage.startswith(want[:-1]))):
        os.kill(os.getpid(), signal.SIGKILL)
