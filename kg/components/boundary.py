"""Where an organisation's or a post's scope ends and a person's name begins.

Indonesian news names an official by running the post, its body and the name together:
"Ketua Badan Legislasi DPR Supratman Andi Agtas", "Wakil Ketua Komisi V Lasarus",
"Mahkamah Konstitusi Anwar Usman". A designator rule that takes every following
capitalised word swallows the person, and with it the post and the `holds` edge. The
boundary is decided word by word from what is known:

- the model's PER spans (a name the model found is a name, not scope);
- the designator grammar: after a Roman numeral, a number, an acronym or a known region
  ("Komisi V", "Badan Legislasi DPR", "Bupati Bandung Barat") a scope is complete, and
  only words the corpus uses in organisation or place names continue it;
- corpus statistics (kg/data/name_stats.tsv, made by scripts/name_stats.py): how often a
  word is written in lower case (a common noun: "hukum", "legislasi") and how often the
  model puts it in a person's name versus an organisation's or a place's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from kg import resources

DAYS = {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Jum'at", "Sabtu", "Minggu", "Ahad"}
MONTHS = {
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember",
}
STOP_WORDS = DAYS | MONTHS | {"Tahun", "Pukul", "WIB", "WITA", "WIT"}
ROMAN = re.compile(r"[IVXL]+")
_INITIAL = re.compile(r"[A-Z]\.?")
MAX_NAME = 5


@lru_cache(maxsize=1)
def name_stats() -> dict[str, tuple[int, int, float, float]]:
    """word -> (capitalised, lower-case, estimated PER uses, estimated ORG/LOC uses); the
    model counts are scaled by the table's sample rate (header "sample=N")."""
    out: dict[str, tuple[int, int, float, float]] = {}
    path = [p for p in resources.data_paths("name_stats.tsv")]
    scale = 1.0
    for p in path:
        with p.open(encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    m = re.search(r"sample=(\d+)", line)
                    scale = float(m.group(1)) if m else 1.0
                    continue
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 8 or not parts[1].isdigit():
                    continue  # the header
                cap, low, pb, pi, ob, oi, loc = (int(x) for x in parts[1:8])
                out[parts[0]] = (cap, low, (pb + pi) * scale, (ob + oi + loc) * scale)
    return out


def word_kind(word: str) -> str:
    """"name" (a person's name word), "common" (often written in lower case: "Legislasi",
    "Nomor"), "org" (the model puts it in organisation or place names) or "unknown".

    A word most of whose capitalised uses are in people's names is a name even when it is
    also a common noun ("Abu Bakar", "Putra"); otherwise frequent lower case makes it common.
    """
    st = name_stats().get(word)
    if st is None:
        return "unknown"
    cap, low, per, other = st
    if per >= 4 and per >= 0.5 * cap and per >= 2 * other:
        return "name"
    if low >= 3 and low >= 0.1 * (cap + low):
        return "common"
    if other >= 4 and other >= per:
        return "org"
    if per >= 4 and per >= 2 * other and low <= 0.03 * (cap + low):
        return "name"
    return "unknown"


def is_scope(word: str) -> bool:
    """A word that belongs to a body's or a post's scope rather than to a person's name."""
    return word_kind(word) in ("common", "org")


def is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and word.isalpha()


def closes_scope(word: str) -> bool:
    """After these a scope is complete: "Komisi V", "Polres 13", "Badan Legislasi DPR"."""
    return bool(ROMAN.fullmatch(word)) or word.isdigit() or is_acronym(word)


def name_run(doc: Doc, j: int, stop: set[int] | None = None) -> int:
    """Length of the capitalised run from doc[j] that can be a person's name: title-case
    words and initials ("M.", "H."), no common or institutional words, at most 5."""
    k = j
    n = len(doc)
    while k < n and k - j < MAX_NAME and (stop is None or k not in stop):
        t = doc[k].text
        if _INITIAL.fullmatch(t) or (k > j and t == "." and _INITIAL.fullmatch(doc[k - 1].text)):
            k += 1
            continue
        if not (t[:1].isupper() and t[1:].islower()) and not (k > j and is_acronym(t)
                                                            and len(t) <= 3):
            break  # "Mahfud MD" keeps its two-letter tail; "DPR" alone ends it
        if k > j and (word_kind(t) == "org" or t in STOP_WORDS):
            break  # "Rahmat Hidayat" goes on through a common word, not into "Jakarta"
        if resources.title_len([x.text for x in doc[k : k + 4]], 0, ("post", "rank")):
            break
        k += 1
    while k > j and doc[k - 1].text == ".":
        k -= 1
    return k - j


def _rank_ahead(doc: Doc, j: int) -> bool:
    """A rank comes later in the same run of capitalised words (the name follows it)."""
    words = [t.text for t in doc[j : j + 10]]
    for k, w in enumerate(words):
        if resources.title_len(words, k, ("rank",)):
            return k > 0
        if not (w[:1].isupper() or w in {"/", "-", "(", ")"}):
            return False
    return False


def name_starts(doc: Doc, j: int, first: int, per_starts: set[int],
                place_starts: set[int], place_ends: set[int], *, use_stats: bool = True) -> int:
    """Length of the person's name starting at doc[j] inside a scope that began at `first`
    (0: doc[j] continues the scope). The first scope word never starts a name: "Universitas
    Brawijaya" is a body, "Komisi Lasarus" is not written."""
    if j <= first or j >= len(doc) or j in place_starts:
        return 0
    word = doc[j].text
    if not word[:1].isupper() or word.isupper() or doc[j].is_sent_start:
        return 0
    if resources.title_len([t.text for t in doc[j : j + 4]], 0):
        return 0  # "MPR RI Dr. H. M. Hidayat Nur Wahid": the holder rule skips the titles
    if _rank_ahead(doc, j):
        return 0  # "Kasubdit Gakkum Ditlantas Polda Metro Jaya AKBP Nasir": the name is later
    if j in per_starts:
        return max(1, name_run(doc, j))
    if not use_stats:
        return 0
    prev = doc[j - 1].text
    closed = closes_scope(prev) or j in place_ends
    kind = word_kind(word)
    if kind == "name" or (closed and kind == "unknown"):
        return name_run(doc, j)
    if closed and kind == "common" and (j + 1 in per_starts or (
            j + 1 < len(doc) and word_kind(doc[j + 1].text) == "name")):
        # "Kota Bandung Rahmat Hidayat": the model's name starts one word late
        return name_run(doc, j)
    return 0
