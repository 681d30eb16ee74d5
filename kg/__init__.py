"""kg: knowledge graphs from Indonesian news.

From Python: `kg.build(inputs, out=DIR)` and `kg.open(DIR)` give a `KnowledgeGraph`
(kg/api.py; docs/python.md). They are loaded on first use, so `import kg` stays cheap for
the command line.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["build", "open", "KnowledgeGraph"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
