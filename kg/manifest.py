"""The no-op fast path of `kg build`: a small manifest of what the last build was made from.

A rebuild with nothing new is the commonest run (a cron job, a Makefile), and proving it
is a no-op the long way means reading the extraction cache, hashing every article and
digesting every graph. Instead each successful build ends by writing
`DIR/build-manifest.json`: the build's options, the model + rules id, a fingerprint of
kg's own code, and for every input file its path, size, mtime (ns) and inode, plus the
store generation and the report it produced. The next build compares that first, before
spaCy is imported or the cache opened; when everything matches, and the folder is still
in the state that build left (same committed store generation, stats.json stamped with
it, outputs present, no journal of a killed build, corrections unchanged, cache and index
files as written), nothing can have changed and the run reports the previous result,
including the inputs it could not read or extract (the same input, model, spaCy and kg
code fail the same way, so they are reported again rather than tried again).

Anything else takes the ordinary path, which first deletes the manifest, so a build that
is killed midway never leaves one that vouches for a state it did not finish.

The same record serves a build that does have work: `inputs.json` keeps, for every input
file read without an error, its size, mtime and inode and the (id, content hash) of each
article it held. A file that is as recorded, all of whose articles the cache holds, is
not read again (`recorded`), so adding ten articles to a 21,930-article build reads the
ten, not the corpus. A build writes it last, with the manifest.

Like make, it trusts size + mtime: an edit that keeps a file's size and its nanosecond
mtime is not seen (`--reresolve`, or touching the file, forces the long path).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from kg.paths import package_file

MANIFEST_FILE = "build-manifest.json"
INPUTS_FILE = "inputs.json"
MANIFEST_VERSION = 1
# files whose state the manifest records: the build's own, so a hand edit or a deletion
# sends the next run down the long path
_WATCHED = ("extractions.jsonl", "entity-index.json", "stats.json", "graph.trig",
            "entities.csv")


def _stat(p: Path) -> list[int] | None:
    try:
        st = p.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _input_files(inputs: Iterable[str | Path]) -> list[list]:
    """Every file under the inputs with its stat, in a stable order. Stricter than ingest:
    a folder's every file counts, not just the article types (cheaper to stat than to sort
    out, and a false 'changed' only costs the long path)."""
    out: list[list] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file())
        else:
            files = [p]
        for f in files:
            out.append([os.path.abspath(f), _stat(f)])
    return out


def code_fingerprint() -> str:
    """kg's own code: any .py file of the package changed, added or removed (an upgrade,
    an edit in a checkout) means the long path, which knows what the change affects."""
    h = hashlib.sha1()
    root = package_file()
    for f in sorted(root.rglob("*.py")):
        st = _stat(f)
        h.update(f"{f.relative_to(root)}\x1f{st}\n".encode())
    return h.hexdigest()


def _spacy_version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("spacy")
    except PackageNotFoundError:
        return None


def key(inputs: Sequence[str | Path], options: dict, model_id: str) -> str:
    """What a build's result depends on that is outside DIR."""
    data = {
        "inputs": [[str(i), os.path.abspath(i)] for i in inputs],
        "files": _input_files(inputs),
        "options": options, "model": model_id, "code": code_fingerprint(),
        "spacy": _spacy_version(),
    }
    return hashlib.sha1(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _generation(out: Path) -> int | None:
    from kg.graph.store import committed_store

    cur = committed_store(out)
    return int(cur.name) if cur is not None and cur.name.isdigit() else None


def _stamp(out: Path) -> int | None:
    try:
        return int(json.loads((out / "stats.json").read_text(encoding="utf-8"))
                   ["store_generation"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check(out: Path, build_key: str, write_page: bool) -> dict | None:
    """The previous build's report when this build is a no-op, else None."""
    try:
        m = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(m, dict) or m.get("version") != MANIFEST_VERSION \
            or m.get("key") != build_key:
        return None
    from kg import corrections
    from kg.cache import JOURNAL_FILE

    gen = _generation(out)
    if gen is None or gen != m.get("generation") or _stamp(out) != gen:
        return None
    if (out / JOURNAL_FILE).exists() or corrections.changed(out):
        return None
    if m.get("files") != {n: _stat(out / n) for n in _WATCHED}:
        return None
    if write_page and not (out / "graph.html").exists():
        return None
    report = m.get("report")
    return report if isinstance(report, dict) else None


def invalidate(out: Path) -> None:
    """Called before a build changes anything: no manifest outlives the state it describes."""
    (out / MANIFEST_FILE).unlink(missing_ok=True)


def write(out: Path, build_key: str, report: dict) -> None:
    """After a successful build, as its very last step."""
    from kg.cache import atomic_write

    gen = _generation(out)
    if gen is None:
        return
    atomic_write(out / MANIFEST_FILE, json.dumps({
        "version": MANIFEST_VERSION, "key": build_key, "generation": gen,
        "files": {n: _stat(out / n) for n in _WATCHED}, "report": report,
    }, ensure_ascii=False))


# --- per-file records: unchanged input files are not read again ---------------------------

def previous_inputs(out: Path) -> dict[str, dict]:
    try:
        data = json.loads((out / INPUTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) and data.get("version") == \
        MANIFEST_VERSION else None
    return files if isinstance(files, dict) else {}


def vouch(previous: dict[str, dict], known: Callable[[str, str], bool],
          ) -> Callable[[str], list[tuple[str, str, str]] | None]:
    """kg.ingest's `recorded`: a file's articles when it is as recorded (size, mtime ns,
    inode) and every one of them is built (`known`), else None (the file is read)."""

    def recorded(key: str) -> list[tuple[str, str, str]] | None:
        rec = previous.get(key)
        if not isinstance(rec, dict):
            return None
        path = key.split("\x1f", 1)[-1]
        try:
            arts = [(str(a), str(h), str(w)) for a, h, w in rec["articles"]]
        except (KeyError, TypeError, ValueError):
            return None
        if rec.get("stat") != _stat(Path(path)) or not all(known(a, h) for a, h, _ in arts):
            return None
        return arts

    return recorded


def write_inputs(out: Path, record: dict[str, tuple[list[int], list[tuple[str, str, str]]]],
                 ) -> None:
    """kg.ingest's `record` of this build: each file's stat (taken before it was read)
    and articles."""
    from kg.cache import atomic_write

    files = {key: {"stat": st, "articles": arts} for key, (st, arts) in record.items()}
    atomic_write(out / INPUTS_FILE, json.dumps({"version": MANIFEST_VERSION, "files": files},
                                               ensure_ascii=False, separators=(",", ":")))
