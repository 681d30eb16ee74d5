"""Language resources read from versioned data files in kg/data.

Titles, abbreviations, speech verbs, event triggers and designators are data so that a
user can extend kg's Indonesian coverage by editing a CSV, not Python. Every loader is
cached: the files are read once per process.
"""

from __future__ import annotations

import csv
import os
from functools import cache, lru_cache
from pathlib import Path

from kg.paths import package_file

DATA_ENV = "KG_DATA_DIR"  # an extra folder whose files extend (not replace) kg/data


def data_paths(name: str) -> list[Path]:
    """The data file `name` in kg/data, then in $KG_DATA_DIR if it has one."""
    return _data_paths(name)


def _data_paths(name: str) -> list[Path]:
    paths = [package_file("data", name)]
    extra = os.environ.get(DATA_ENV)
    if extra:
        paths.append(Path(extra) / name)
    return [p for p in paths if p.exists()]


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a data CSV (header row; lines starting with # are comments)."""
    rows: list[dict[str, str]] = []
    for path in _data_paths(name):
        with path.open(encoding="utf-8", newline="") as fh:
            lines = (line for line in fh if line.strip() and not line.lstrip().startswith("#"))
            for row in csv.DictReader(lines):
                rows.append({k.strip(): (v or "").strip() for k, v in row.items() if k})
    return rows


def read_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data text file."""
    out: list[str] = []
    for path in _data_paths(name):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(line)
    return out


@lru_cache(maxsize=1)
def titles() -> dict[str, set[str]]:
    """kind -> set of titles (post, rank, honorific, generic_person)."""
    out: dict[str, set[str]] = {}
    for row in read_csv("titles.csv"):
        out.setdefault(row.get("kind", ""), set()).add(row.get("title", ""))
    # abbreviated posts ("Kabid", "Kapolda") are titles too
    out.setdefault("post", set()).update(s for s, _ in abbreviations().get("Post", []))
    return out


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, list[tuple[str, str]]]:
    """type -> [(short, long)] for Post, Organization, OrgPrefix, Place."""
    out: dict[str, list[tuple[str, str]]] = {}
    for row in read_csv("abbreviations.csv"):
        if row.get("short") and row.get("long"):
            out.setdefault(row.get("type", ""), []).append((row["short"], row["long"]))
    return out


@lru_cache(maxsize=1)
def nicknames() -> list[tuple[str, str, str]]:
    return [
        (r["alias"], r["name"], r.get("type") or "Person")
        for r in read_csv("nicknames.csv")
        if r.get("alias") and r.get("name")
    ]


@lru_cache(maxsize=1)
def speech_verbs() -> set[str]:
    return {v.lower() for v in read_lines("speech_verbs.txt")}


@lru_cache(maxsize=1)
def attendance_cues() -> set[str]:
    return {v.lower() for v in read_lines("attendance_cues.txt")}


@lru_cache(maxsize=1)
def event_triggers() -> dict[str, str]:
    rows = read_csv("event_triggers.csv")
    return {r["trigger"]: r.get("kind", "") for r in rows if r.get("trigger")}


@lru_cache(maxsize=1)
def designators() -> dict[tuple[str, str], set[str]]:
    """(type, position) -> words, e.g. ("Organization", "head") -> {"Kementerian", ...}."""
    out: dict[tuple[str, str], set[str]] = {}
    for r in read_csv("designators.csv"):
        if r.get("word"):
            out.setdefault((r.get("type", ""), r.get("position", "head")), set()).add(r["word"])
    return out


@lru_cache(maxsize=1)
def known_orgs() -> set[str]:
    return {r["name"] for r in read_csv("org_known.csv") if r.get("name")}


_JOINED_FIRST = {"Tanjung", "Pangkal", "Bandar", "Tanjong", "Muara", "Pulau", "Sungai", "Tebing"}


@lru_cache(maxsize=1)
def place_names() -> dict[str, str]:
    """Place name -> kind, from the administrative-region gazetteer plus places_extra.csv."""
    out: dict[str, str] = {}
    try:
        from kg.gazetteer import load_regions
    except ImportError:  # gazetteer package missing: extra places still work
        load_regions = None  # type: ignore[assignment]
    if load_regions is not None:
        try:
            for region in load_regions():
                if region.kind == "district":
                    # ~7,000 district names collide with common words and personal names
                    # ("Negara", "Bambang"); news names districts with "Kecamatan X", which
                    # the designator rule catches.
                    continue
                names = [region.name, *(getattr(region, "aliases", ()) or ())]
                for name in names:
                    out.setdefault(name, region.kind)
                    parts = name.split()
                    if len(parts) == 2 and parts[0] in _JOINED_FIRST:
                        # news writes "Tanjungpinang", "Pangkalpinang" as one word
                        out.setdefault(parts[0] + parts[1].lower(), region.kind)
        except Exception:  # noqa: BLE001 - a broken gazetteer must not stop extraction
            pass
    for r in read_csv("places_extra.csv"):
        if r.get("name"):
            out.setdefault(r["name"], r.get("kind", "place"))
    return out


def fingerprint() -> str:
    """Changes whenever a data file or the extraction code does, so that a build cache made
    with other rules is not trusted (the whole corpus is re-extracted instead)."""
    import hashlib

    h = hashlib.sha256()
    root = package_file()
    files = sorted((root / "data").rglob("*")) + sorted((root / "components").glob("*.py"))
    files += [root / n for n in ("ingest.py", "clean.py", "extract.py", "quotes.py", "nlp.py")]
    # the event linking and the learned components with their shipped weights
    files += [root / n for n in ("links.py", "event_clusters.py", "event_lexicon.py")]
    files += sorted((root / "learned").glob("*.py"))
    files += sorted((root / "models").glob("kg_event_*/**/*"))
    extra = os.environ.get(DATA_ENV)
    if extra and Path(extra).is_dir():
        files += sorted(Path(extra).rglob("*"))
    for f in files:
        if f.is_file():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


@cache  # one entry per kinds tuple used in the code (6): 4 thrashed
def _phrases(kinds: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    t = titles()
    for kind in kinds:
        for entry in t.get(kind, set()):
            parts = tuple(p.rstrip(".") for p in entry.split())
            if parts and parts[0]:
                out.setdefault(parts[0], []).append(parts)
    for v in out.values():
        v.sort(key=len, reverse=True)
    return out


def title_len(words: list[str], i: int, kinds: tuple[str, ...] = ("rank", "honorific")) -> int:
    """Length of the longest rank/honorific (or other `kinds`) phrase starting at words[i].

    Phrase-level on purpose: "Sri Sultan" is an honorific but "Sri" alone starts the name
    "Sri Mulyani"; a word-level check would cut it off.
    """
    if i >= len(words):
        return 0
    table = _phrases(kinds)
    w0 = words[i].rstrip(".")
    for parts in table.get(w0, ()):
        cand = tuple(w.rstrip(".") for w in words[i : i + len(parts)])
        if cand == parts:
            return len(parts)
    return 0
