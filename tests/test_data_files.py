"""The language resources in kg/data and the bundled sample corpus are well-formed.

Each CSV has its header row, only allowed kinds/types, no empty cells, no stray spaces and no
duplicate keys; the speech-verb list is one lower-case word a line; the sample's gold.json
is in the contract's gold format and agrees with the sample articles.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "kg" / "data"
SAMPLE = ROOT / "kg" / "sample"

EVENT_KINDS = {
    "anniversary",
    "ceremony",
    "meeting",
    "congress",
    "election",
    "pandemic",
    "disaster",
    "exhibition",
    "award",
    "festival",
    "sport",
    "conference",
    "protest",
    "visit",
    "religious",
    "match",
}

# file -> (header, key columns, allowed values per column, case-insensitive key?)
CSV_SPECS: dict[str, tuple[list[str], tuple[str, ...], dict[str, set[str]], bool]] = {
    "titles.csv": (
        ["title", "kind"],
        ("title",),
        {"kind": {"post", "rank", "honorific", "generic_person"}},
        False,
    ),
    "abbreviations.csv": (
        ["short", "long", "type"],
        ("short",),
        {"type": {"Post", "Organization", "OrgPrefix", "Place"}},
        False,
    ),
    "nicknames.csv": (
        ["alias", "name", "type"],
        ("alias",),
        {"type": {"Person", "Organization"}},
        False,
    ),
    "event_triggers.csv": (["trigger", "kind"], ("trigger",), {"kind": EVENT_KINDS}, True),
    "designators.csv": (
        ["word", "type", "position"],
        ("word", "position"),
        {"type": {"Organization", "Place"}, "position": {"head", "tail", "venue"}},
        False,
    ),
    "places_extra.csv": (
        ["name", "kind"],
        ("name",),
        {"kind": {"country", "continent", "region", "island", "sea", "city"}},
        False,
    ),
    "org_known.csv": (
        ["name", "type"],
        ("name",),
        {
            "type": {
                "Organization",
                "GovernmentOrganization",
                "Corporation",
                "NewsMediaOrganization",
                "NGO",
                "PoliticalParty",
                "SportsOrganization",
            }
        },
        True,
    ),
}

MIN_ROWS = {
    "titles.csv": 300,
    "abbreviations.csv": 300,
    "nicknames.csv": 40,
    "event_triggers.csv": 150,
    "designators.csv": 200,
    "places_extra.csv": 100,
    "org_known.csv": 60,
}


def _read(name: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows, skipping comment lines the way kg.resources does."""
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    rows = list(csv.reader(lines))
    return rows[0], rows[1:]


@pytest.mark.parametrize("name", sorted(CSV_SPECS))
def test_csv_format(name):
    header, keys, allowed, fold = CSV_SPECS[name]
    got_header, rows = _read(name)
    assert got_header == header
    assert len(rows) >= MIN_ROWS[name]
    seen: Counter[tuple[str, ...]] = Counter()
    for i, row in enumerate(rows, start=2):
        assert len(row) == len(header), f"{name} row {i}: {row}"
        rec = dict(zip(header, row, strict=True))
        for col, value in rec.items():
            assert value, f"{name} row {i}: empty {col}"
            assert value == value.strip(), f"{name} row {i}: spaces around {value!r}"
            assert "  " not in value, f"{name} row {i}: double space in {value!r}"
        for col, values in allowed.items():
            assert rec[col] in values, f"{name} row {i}: {col}={rec[col]!r}"
        key = tuple(rec[k].casefold() if fold else rec[k] for k in keys)
        seen[key] += 1
    dups = [k for k, n in seen.items() if n > 1]
    assert not dups, f"{name}: duplicate keys {dups}"


def test_titles_cover_each_kind():
    _, rows = _read("titles.csv")
    by_kind: dict[str, set[str]] = {}
    for title, kind in rows:
        by_kind.setdefault(kind, set()).add(title)
    assert {"Gubernur", "Wakil Bupati", "Wali Kota", "Kapolda", "Plt.", "Ketua Umum"} <= by_kind[
        "post"
    ]
    assert {"AKBP", "Kombes Pol", "Brigjen", "Mayjen TNI", "Laksda"} <= by_kind["rank"]
    assert {"Bapak", "H.", "Hj.", "KH", "Prof.", "Dr.", "dr.", "S.H."} <= by_kind["honorific"]
    assert {"Warga", "Korban", "Tersangka", "Petugas"} <= by_kind["generic_person"]
    assert len(by_kind["post"]) >= 100


def test_abbreviations_examples():
    _, rows = _read("abbreviations.csv")
    table = {(short, typ): long for short, long, typ in rows}
    assert table[("Menkeu", "Post")] == "Menteri Keuangan"
    assert table[("Kapolda", "Post")] == "Kepala Kepolisian Daerah"
    assert table[("Waketum", "Post")] == "Wakil Ketua Umum"
    assert table[("KPK", "Organization")] == "Komisi Pemberantasan Korupsi"
    assert table[("Pemprov", "OrgPrefix")] == "Pemerintah Provinsi"
    assert table[("Jabar", "Place")] == "Jawa Barat"
    assert table[("DIY", "Place")] == "Daerah Istimewa Yogyakarta"
    for short, long, _ in rows:
        assert short != long or " " in short, short


def test_nicknames_point_at_full_names():
    _, rows = _read("nicknames.csv")
    table = {alias: name for alias, name, _ in rows}
    assert table["Ahok"] == "Basuki Tjahaja Purnama"
    assert table["Jokowi"] == "Joko Widodo"
    assert table["Kang Emil"] == "Ridwan Kamil"
    aliases = set(table)
    # a canonical name is never itself an alias of something else (no chains)
    assert not aliases & set(table.values())


def test_speech_verbs():
    lines = (DATA / "speech_verbs.txt").read_text(encoding="utf-8").splitlines()
    words = [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#")]
    assert len(words) >= 100
    assert len(words) == len(set(words)), [w for w, n in Counter(words).items() if n > 1]
    for w in words:
        assert re.fullmatch(r"[a-z]+", w), w
    comments = " ".join(ln for ln in lines if ln.startswith("#"))
    assert "# prefixed forms" in comments and "# passive" in comments
    for w in (
        "kata",
        "ujar",
        "tegas",
        "imbuh",
        "tukas",
        "mengatakan",
        "menegaskan",
        "disampaikan",
        "diungkapkan",
        "dikatakan",
    ):
        assert w in words, w
    assert not any(w.endswith("nya") and w[:-3] in words for w in words)


def test_event_trigger_examples():
    _, rows = _read("event_triggers.csv")
    table = dict(rows)
    assert table["HUT"] == "anniversary"
    assert table["Rapat Paripurna"] == "meeting"
    assert table["Munas"] == "congress"
    assert table["Pilkada"] == "election"
    assert table["Pandemi"] == "pandemic"
    assert set(table.values()) == EVENT_KINDS


def test_designator_examples():
    _, rows = _read("designators.csv")
    table = {word: (typ, pos) for word, typ, pos in rows}
    assert table["Kementerian"] == ("Organization", "head")
    assert table["Tbk"] == ("Organization", "tail")
    assert table["Jalan"] == ("Place", "head")
    assert table["Balai Kota"] == ("Place", "head")


def test_resources_read_the_files():
    from kg import resources

    for fn in (
        resources.titles,
        resources.abbreviations,
        resources.nicknames,
        resources.speech_verbs,
        resources.event_triggers,
        resources.designators,
        resources.known_orgs,
    ):
        fn.cache_clear()
    assert "Kapolda" in resources.titles()["post"]
    assert ("Menkeu", "Menteri Keuangan") in resources.abbreviations()["Post"]
    assert ("Ahok", "Basuki Tjahaja Purnama", "Person") in resources.nicknames()
    assert "ujar" in resources.speech_verbs()
    assert resources.event_triggers()["Kongres"] == "congress"
    assert "Universitas" in resources.designators()[("Organization", "head")]
    assert "Pertamina" in resources.known_orgs()


# ---------------------------------------------------------------- the sample corpus


def _sample_texts() -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted(SAMPLE.iterdir()):
        if path.name in ("README.md", "gold.json"):
            continue
        raw = path.read_text(encoding="utf-8")
        if path.suffix in (".txt", ".md"):
            texts[path.name] = raw
        elif path.suffix in (".html", ".htm"):
            texts[path.name] = html.unescape(re.sub(r"<[^>]+>", " ", raw))
        elif path.suffix == ".jsonl":
            for line in raw.splitlines():
                if line.strip():
                    rec = json.loads(line)
                    assert {"id", "title", "text", "url", "source", "date"} <= set(rec)
                    texts[rec["id"]] = rec["title"] + "\n" + rec["text"]
    return texts


def _norm(s: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return re.sub(r"\s+", " ", re.sub(r"[^\w]+", " ", s)).strip()


def test_sample_formats_and_lengths():
    texts = _sample_texts()
    assert len(texts) == 8
    suffixes = Counter(Path(k).suffix for k in texts if "." in k)
    assert suffixes[".txt"] == 5 and suffixes[".md"] == 1 and suffixes[".html"] == 1
    for key, text in texts.items():
        n = len(text.split())
        assert 150 <= n <= 600, (key, n)  # html includes page boilerplate


def test_sample_gold_format():
    gold = json.loads((SAMPLE / "gold.json").read_text(encoding="utf-8"))
    texts = _sample_texts()
    assert set(gold["articles"]) == set(texts)
    for art in gold["articles"].values():
        assert art["publisher"] and all(isinstance(a, str) and a for a in art["publisher"])
    types = {"Person", "Organization", "Place", "Event", "Post", "Negative", "Ignore"}
    ids = [e["id"] for e in gold["entities"]]
    assert len(ids) == len(set(ids))
    byid = {e["id"]: e for e in gold["entities"]}
    everything = _norm("\n".join(texts.values()))
    for e in gold["entities"]:
        assert e["type"] in types and isinstance(e["required"], bool) and e["aliases"], e["id"]
        if e["required"]:
            assert any(f" {_norm(a)} " in f" {everything} " for a in e["aliases"]), e["id"]
    kinds = Counter()
    for r in gold["relations"]:
        kinds[r["kind"]] += 1
        assert r["kind"] in {"holds", "location", "attendee", "quote", "publisher"}
        if r["kind"] == "publisher":
            assert r["s"] in texts and byid[r["o"]]["type"] == "Organization"
        elif r["kind"] == "quote":
            assert byid[r["s"]]["type"] == "Person" and byid[r["s"]]["required"]
            assert any(r["text"] in t for t in texts.values()), r["text"]
        else:
            assert byid[r["s"]]["required"] and byid[r["o"]]["required"], r
            expect = {
                "holds": ("Person", "Post"),
                "location": ("Event", "Place"),
                "attendee": ("Event", None),
            }[r["kind"]]
            assert byid[r["s"]]["type"] == expect[0], r
            if expect[1]:
                assert byid[r["o"]]["type"] == expect[1], r
    assert kinds["publisher"] == 8 and min(kinds.values()) >= 8
