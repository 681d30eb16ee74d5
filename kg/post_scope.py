"""Whose post is it? Bare titles and foreign heads (issue 8, precision at corpus scale).

Two classes of wrong `holds` found by reading random facts of a corpus build:

- **a bare title as the post.** "Gubernur Khofifah", "Menteri Rini", "Kapolda Irjen X":
  the title alone (kg/data/bare_posts.txt) is no post; as a node it would join every
  governor or minister of the corpus. Indonesian news names the whole post once and the
  bare title later, so the bare title takes the qualified post that the same holder has in
  the article; with none, the holder stays a person and the bare post is dropped.
- **a foreign head given the Indonesian post.** A bare national title ("Presiden",
  "Jaksa Agung") means the Indonesian post, except in a sentence about another country
  ("Presiden Kovac ... perdana menteri Slowakia"): there the holder keeps no post (which
  country's head is not said; reading a country off the sentence gave "Presiden Jepang" to
  the wrong man), unless the holder is on record as holding the Indonesian post
  (kg/data/national_holders.csv: "Presiden Jokowi" beside "Partai Komunis Tiongkok"). A
  country inside another post ("bertemu PM Jepang") or after a word of travel ("ke
  Jepang") says where the Indonesian holder went, not whose post it is. Countries:
  kg/data/countries.txt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from spacy.tokens import Span

from kg import resources

# a country after these words is where someone went or was, not whose post it is
TRAVEL = frozenset({"ke", "di", "dari", "dengan", "asal", "kepada", "menuju", "tiba",
                    "mengunjungi", "berkunjung", "melawat", "lawatan", "kunjungan", "antara",
                    "dan", "bersama", "terhadap", "untuk"})


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """Written form -> country name, for every country but Indonesia."""
    out: dict[str, str] = {}
    for line in resources.read_lines("countries.txt"):
        forms = [f.strip() for f in line.split("|") if f.strip()]
        for f in forms:
            out.setdefault(f, forms[0])
    return out


@lru_cache(maxsize=1)
def _country_re() -> re.Pattern[str]:
    forms = sorted(countries(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])")


@lru_cache(maxsize=1)
def bare_titles() -> frozenset[str]:
    return frozenset(x.lower() for x in resources.read_lines("bare_posts.txt"))


def post_words(text: str) -> str:
    """The post as written without a parenthesised short form: "Menteri (PM)" -> "Menteri"."""
    return re.sub(r"\s+", " ", re.sub(r"\s*\([^)]*\)", "", text)).strip(" ,.")


def is_bare(text: str) -> bool:
    return post_words(text).lower() in bare_titles()


def foreign_country(post: Span, other_posts: Iterable[Span]) -> str | None:
    """A foreign country the sentence of `post` (or the one before or after it) is about,
    as a country name; None when there is none. A country inside another post ("PM
    Jepang") or after a word of travel ("ke Jepang") does not count."""
    doc = post.doc
    sent = post.sent
    start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    end = doc[sent.end].sent.end if sent.end < len(doc) else sent.end
    lo, hi = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    text = doc.text
    inside = [(p.start_char, p.end_char) for p in other_posts if p is not post]
    for m in _country_re().finditer(text, lo, hi):
        if any(a <= m.start() < b for a, b in inside):
            continue  # "PM Jepang": another post's country
        before = re.findall(r"[\w-]+", text[max(lo, m.start() - 25) : m.start()])
        if before and before[-1].lower() in TRAVEL:
            continue
        return countries()[m.group(1)]
    return None


@lru_cache(maxsize=1)
def _national_holders() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for row in resources.read_csv("national_holders.csv"):
        if row.get("post") and row.get("names"):
            out.setdefault(row["post"], set()).update(
                n.strip() for n in row["names"].split("|") if n.strip())
    return out


def national_holder(post_name: str, holder: Span | None) -> bool:
    """Whether `holder` is someone who has held the national post `post_name`
    (kg/data/national_holders.csv): "Presiden Jokowi" beside China is still Indonesia's."""
    if holder is None:
        return False
    text = holder.text
    return any(n == text or n in text.split() or (" " in n and n in text)
               for n in _national_holders().get(post_name, ()))


def _names(holder: Span | None) -> set[str]:
    if holder is None:
        return set()
    return {t.text for t in holder if t.text[:1].isupper() and len(t.text) > 2}


def qualify_bare(pairs: list[tuple[Span, Span | None]], normal: dict[tuple[int, int], str | None]
                 ) -> dict[tuple[int, int], str | None]:
    """For each bare post: the qualified post (its normalised name) the same holder has in
    the article, or None. `normal` gives each post's normalised name (None: as written)."""
    out: dict[tuple[int, int], str | None] = {}
    full = [(p, h) for p, h in pairs if not is_bare(p.kb_id_ or p.text)]
    for post, holder in pairs:
        if not is_bare(post.kb_id_ or post.text):
            continue
        head = post_words(post.text)
        head_norm = normal.get((post.start, post.end)) or head
        names = _names(holder)
        choice: set[str] = set()
        for p, h in full:
            name = normal.get((p.start, p.end)) or post_words(p.text)
            written = post_words(p.kb_id_ or p.text)
            starts = (written.startswith(head + " ") or name.startswith(head_norm + " ")
                      or name.startswith(head + " "))
            if starts and names & _names(h):
                choice.add(name)
        out[(post.start, post.end)] = choice.pop() if len(choice) == 1 else None
    return out


_HOME = {"RI", "Indonesia", "Republik Indonesia"}
# words of posts held abroad for Indonesia ("Dubes RI untuk X", "Konjen RI di Jeddah")
_ENVOYS = {"duta", "dubes", "konsul", "konjen", "delegasi", "atase", "kuasa"}
# level words before a region's own name ("Kota Bandung", "Pulau Bapa")
_LEVELS = {"provinsi", "kabupaten", "kota", "kecamatan", "desa", "kelurahan", "pulau",
           "negara", "republik", "kerajaan"}


@lru_cache(maxsize=1)
def _known_places() -> frozenset[str]:
    known = set(resources.place_names()) | set(countries())
    known |= {s for s, _ in resources.abbreviations().get("Place", [])}
    return frozenset(known)


def _region_like(ent: Span) -> bool:
    """A place that can be the area a post serves: a known place, or a name that is none of
    the corpus's common nouns ("Perumahan Rakyat" cut from a ministry's name, "Karang Taruna
    RW" an organisation) once its level word is set aside."""
    from kg.components.boundary import word_kind

    text = ent.text.strip(" ,.")
    if text in _known_places():
        return True
    words = [t.text for t in ent if t.text[:1].isalnum()]
    while words and words[0].lower() in _LEVELS:
        words = words[1:]
    if not words:
        return False
    if " ".join(words) in _known_places():
        return True
    return all(word_kind(w) != "common" for w in words)


def post_links(post: Span) -> list[tuple[Span, str]]:
    """(entity, "postIn" | "areaServed") for the organisations and regions inside a post.

    - an organisation followed at once by a region ("Ketua KONI DKI", "Ketua DPD Partai X
      Jawa Barat") is that body's regional branch: its post is not in the national body, so
      there is no `postIn` to it (the region is still the area served);
    - an organisation that starts with a Roman numeral is a cut unit ("Kodam XVI/Pattimura"
      -> "XVI Pattimura"): no `postIn`;
    - a place directly followed by another place is part of it ("Polres Metro Jakarta
      Utara": "Metro"), and a place made of common nouns is a piece of a longer name
      ("Menteri Pekerjaan Umum dan Perumahan Rakyat"): no `areaServed`;
    - an envoy's "RI" ("Duta Besar RI untuk Belanda", "Konjen RI") is the sending country,
      not the area the post serves.
    """
    ents = [e for e in post.doc.ents if post.start <= e.start and e.end <= post.end
            and e.label_ in ("ORG", "LOC")]
    at = {e.start: e for e in ents}
    out: list[tuple[Span, str]] = []
    for e in ents:
        nxt = at.get(e.end)
        if e.label_ == "ORG":
            if nxt is not None and nxt.label_ == "LOC":
                continue
            first = e[0].text
            if re.fullmatch(r"[IVXL]+", first):
                continue
            out.append((e, "postIn"))
        else:
            if nxt is not None and nxt.label_ == "LOC":
                continue
            if e.text in _HOME and any(w.text.lower() in _ENVOYS for w in post):
                continue  # "Duta Besar RI untuk Belanda" serves abroad, not Indonesia
            if _region_like(e):
                out.append((e, "areaServed"))
    return out
