"""The named queries: where their .rq files live, what each answers and which parameters
it takes (from its header comment), and how a query given on the command line (a name, a
.rq path or SPARQL text) becomes text to run. Nothing here runs a query.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.paths import package_file


@dataclass
class Param:
    name: str
    required: bool
    doc: str
    default: str | None = None  # `(default 1)`: bound when not given

    @property
    def integer(self) -> bool:
        """A parameter whose default is a whole number takes whole numbers (or `all`)."""
        return self.default is not None and self.default.isdigit()


@dataclass
class NamedQuery:
    name: str
    path: Path
    summary: str
    params: list[Param]


# --- finding queries ---------------------------------------------------------------------

def query_dirs() -> list[Path]:
    """Where named queries live: the repo's queries/ folder (source checkout, editable
    install), else the copy a wheel installs as data files under <prefix>/share/kg/queries
    (or inside the package, kg/queries). queries/ stays the single source."""
    # this file's own path, not kg.__file__: a folder named kg/ in the working directory
    # can make `kg` a namespace package without __file__ (then kg.__file__ is None)
    root = Path(__file__).resolve().parents[2]
    dirs = [root / "queries" if (root / "pyproject.toml").exists() else root / ".no-queries",
            Path(sys.prefix) / "share" / "kg" / "queries",
            package_file("queries")]
    return [d for d in dirs if d.is_dir()]


def named_queries() -> dict[str, NamedQuery]:
    out: dict[str, NamedQuery] = {}
    for d in query_dirs():
        for p in sorted(d.glob("*.rq")):
            if p.stem not in out:
                summary, params = describe(p.read_text(encoding="utf-8"))
                out[p.stem] = NamedQuery(p.stem, p, summary, params)
    return out


_PARAM_DOC = re.compile(r"#\s*param\s+\??(\w+)\s*(?:\((required|default\s+[^)]*)\))?\s*:?\s*(.*)",
                        re.I)


def describe(text: str) -> tuple[str, list[Param]]:
    """Summary line and `# param NAME (required): doc` or `# param NAME (default V): doc`
    lines of a query's header comment."""
    summary, params = "", []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        if m := _PARAM_DOC.match(line):
            opt = (m.group(2) or "").strip()
            default = opt.split(None, 1)[1].strip() if opt.lower().startswith("default") else None
            params.append(Param(m.group(1), opt.lower() == "required", m.group(3).strip(),
                                default))
        elif not summary:
            summary = line.lstrip("# ").strip()
    return summary, params


def resolve_query(query: str) -> tuple[str, str, list[Param]]:
    """(SPARQL text, display name, declared params) for a .rq path, a name or a string."""
    p = Path(query)
    if query.endswith(".rq") or (len(query) < 4096 and "\n" not in query and p.is_file()):
        if not p.is_file():
            raise KgError(f"{query}: no such query file.")
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise KgError(f"{query}: not a UTF-8 text file, so not a SPARQL query (byte "
                          f"{exc.start} cannot be decoded).") from exc
        except OSError as exc:
            raise KgError(f"{query}: cannot be read ({exc.strerror or exc}).") from exc
        return text, str(p), describe(text)[1]
    if re.fullmatch(r"[\w-]+", query):
        named = named_queries()
        if query in named:
            nq = named[query]
            return nq.path.read_text(encoding="utf-8"), query, nq.params
        raise KgError(f"{query!r} is not a named query (known: {', '.join(named) or 'none'}); "
                      "give a .rq file, a name from `kg query --list`, or SPARQL text.")
    return query, _short(query), []


def live_query(name: str) -> str | None:
    """The live form of a named query that reads kg's pages and views (queries/live/)."""
    for d in query_dirs():
        p = d / "live" / f"{name}.rq"
        if p.is_file():
            return p.read_text(encoding="utf-8")
    return None


def _short(text: str) -> str:
    one = " ".join(text.split())
    return repr(one if len(one) <= 40 else one[:37] + "...")
