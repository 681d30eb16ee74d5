"""Mention precision (issue 8): drop or trim mentions whose shape says they are no name.

Most false entities on unseen articles are the statistical model's guesses, or a rule's
span that stops before its qualifier. Each class below is decided from the mention's own
shape, the article's text and the data tables, never from a list of names:

- **a span ending in a lower-case function word** ("X milik", "Convention on Mediation
  in", "A dan"):
  the model lost the boundary; the function words are cut off, and a guess left with one
  word is dropped (the cut shows the model did not see a name there);
- **an unknown short acronym**: a model guess of two or three capitals that the article
  never defines ("Nama Panjang (NP)", "NP (Nama Panjang)"), no table knows
  (abbreviations.csv, org_known.csv), fewer than KNOWN_ARTICLES corpus articles write
  (acronym_counts.tsv, scripts/acronym_stats.py) and no designator word introduces
  ("partai X", "PT X") is dropped: in news such letters are mostly a suspect's initials or a
  technical term ("tersangka ABC"), rarely an organisation one can name;
- **a bare generic organisation head** ("Pemerintah Daerah Provinsi", "Pemerintah Kota"):
  an organisation whose name ends in a region level word after a common noun (word_case.tsv)
  has lost its region; it names nothing on its own and is dropped ("Polres Metro Bekasi
  Kota" stays: a name stands before "Kota").
- **a person's name typed Organization or Place**: a model guess whose first word the
  corpus mostly writes in people's names (name_stats.tsv, `word_kind`) and that stands in
  a list with a Person ("A Nama dan X Y", "X Y, A Nama") becomes a Person: lists in news
  join things of one kind.
- **a law, budget or document, or a person addressed by post**: an Organization or Place
  whose name kg/data/not_names.txt lists ("KUHP", "APBD"), that follows "UU"/"RUU"/
  "Undang-Undang" ("UU ITE"), or that opens with a form of address ("Pak Kabid X": a
  person spoken of by post) is dropped: none of them is a body or a place.
- **a list under an organisation word**: model guesses in a list that an organisation
  word introduces ("perusahaan A, B, C dan D", "klub A dan B") are Organizations, also
  the ones the model typed Place or Person.

A mention a relation or a quote points at is kept (its edge would dangle), except for the
trim, which keeps its key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from kg.components.boundary import word_kind
from kg.models import ArticleExtraction, Mention
from kg.resources import read_lines

# Indonesian and English words that never end a name (they join it to what follows)
FUNCTION_WORDS = frozenset({
    "milik", "dan", "atau", "yang", "di", "ke", "dari", "untuk", "dengan", "pada", "oleh",
    "serta", "bagi", "tentang", "dalam", "sebagai", "para", "sang", "si", "adalah", "ini",
    "itu", "in", "of", "and", "the", "for", "at", "on", "to", "by", "with", "a", "an",
})
# region level words: an organisation name ending in one has lost the region's name
REGION_LEVELS = frozenset({"provinsi", "kabupaten", "kota", "kecamatan", "desa",
                           "kelurahan"})  # not "daerah": "... Bencana Daerah" is whole
# heads of regional government that need the region's name after them
GENERIC_HEADS = frozenset({"pemerintah", "pemerintahan", "daerah", "dinas", "kantor", "badan",
                           "dewan", "sekretariat", "inspektorat"})
# ... unless the whole is a known compound ("Balai Kota" is a building, not a government)
REGION_COMPOUNDS = frozenset({"balai kota", "ibu kota", "ibukota"})
# lower-case words (and designators) that say what a following acronym is
ACRONYM_INTRO = frozenset({
    "pt", "cv", "partai", "klub", "tim", "perusahaan", "lembaga", "organisasi", "yayasan",
    "ormas", "bank", "maskapai", "universitas", "kampus", "stasiun", "radio", "televisi",
    "tv", "koran", "harian", "majalah", "media", "badan", "komunitas", "grup", "band",
    "kelompok", "asosiasi", "serikat", "gerakan", "front", "aliansi", "koalisi", "fraksi",
})
# lower-case words that introduce a list of organisations
ORG_LIST_INTRO = frozenset({"perusahaan", "klub", "partai", "maskapai", "lembaga", "bank",
                            "organisasi", "produsen", "pabrikan", "operator", "startup"})
# lower-case words after which a name is a brand or product ("sepatu merek X")
PRODUCT_INTRO = frozenset({"merek", "merk", "brand", "produk", "tipe", "seri"})
LIST_JOINS = frozenset({" dan ", ", ", " serta ", ", dan "})
KNOWN_ARTICLES = 20  # an acronym in this many corpus articles names something known
SHORT_ACRONYM = re.compile(r"[A-Z]{2,3}")
_WORD = re.compile(r"[^\W\d_]+")
FILTERED_TYPES = ("Organization", "Place", "Person")
# forms of address: a span opening with one speaks of a person ("Pak Kabid X")
ADDRESS_FORMS = frozenset({"pak", "bu", "bapak", "ibu", "mas", "mbak", "bang", "kang"})
LAW_BEFORE = re.compile(r"\b(?:UU|RUU|Undang-Undang|Undang-undang|undang-undang)\s*$")


def not_names() -> frozenset[str]:
    """kg/data/not_names.txt, case-folded: laws, budgets, documents."""
    return frozenset(line.casefold() for line in read_lines("not_names.txt"))


@dataclass(frozen=True)
class MentionFilter:
    """The tables the filter reads: short forms the data files know (normalised to upper
    case: abbreviations.csv short forms and all-caps org_known.csv names), acronym ->
    corpus article count, and whether a (lower-cased) word is a common noun."""

    known_short: frozenset[str] = frozenset()
    acronym_articles: Mapping[str, int] = field(default_factory=dict)
    common: Callable[[str], bool] = lambda word: False
    not_names: frozenset[str] = field(default_factory=not_names)

    def apply(self, extractions: Iterable[ArticleExtraction]) -> list[ArticleExtraction]:
        """New extractions without the mentions the module docstring describes."""
        return [self._article(ex) for ex in extractions]

    def _article(self, ex: ArticleExtraction) -> ArticleExtraction:
        used = {r.subject for r in ex.relations} | {r.object for r in ex.relations if r.object}
        used |= {q.speaker for q in ex.quotes}
        used |= {m.same_as for m in ex.mentions if m.same_as}
        text = ex.article.text
        out: list[Mention] = []
        changed = False
        for m in ex.mentions:
            new = self._mention(m, text, ex.mentions)
            if new is None and m.key in used:
                new = m
            changed = changed or new is not m
            if new is not None:
                out.append(new)
        # an attendee may be a company; a holder or a speaker is a person
        personal = {r.subject for r in ex.relations if r.kind in ("holds", "heldFormerly")}
        personal |= {q.speaker for q in ex.quotes}
        listed = org_listed(out, text) - personal
        if listed:
            changed = True
            out = [replace(m, type="Organization") if m.key in listed else m for m in out]
        return replace(ex, mentions=out) if changed else ex

    def _mention(self, m: Mention, text: str, mentions: list[Mention]) -> Mention | None:
        if m.type == "Organization" and bare_region_head(m.text, self.common):
            return None
        if m.type in ("Organization", "Place") and self.no_body(m, text):
            return None
        if m.source != "model" or m.type not in FILTERED_TYPES:
            return m
        before = _WORD.findall(text[max(0, m.start - 20):m.start])
        if before and before[-1].casefold() in PRODUCT_INTRO and m.type != "Organization":
            return None  # "sepatu merek X": a brand, neither a place nor a person
        m2 = trim_function_words(m)
        if m2 is None:
            return None
        if m2.type != "Person" and self.unknown_acronym(m2, text, mentions):
            return None
        if m2.type != "Person" and listed_with_person(m2, text, mentions):
            return replace(m2, type="Person")
        return m2

    def no_body(self, m: Mention, text: str) -> bool:
        """A law, budget or document, or a person spoken of by post (module docstring)."""
        name = m.text.strip()
        words = name.split()
        return (name.casefold() in self.not_names
                or bool(LAW_BEFORE.search(text[max(0, m.start - 16):m.start]))
                or (len(words) > 1 and words[0].casefold() in ADDRESS_FORMS))

    def unknown_acronym(self, m: Mention, text: str, mentions: list[Mention]) -> bool:
        """A 2-3 capital acronym no table knows, the article never defines and no
        designator word introduces."""
        acr = m.text.strip()
        if not SHORT_ACRONYM.fullmatch(acr) or acr in self.known_short or \
                self.acronym_articles.get(acr, 0) >= KNOWN_ARTICLES:
            return False
        if re.search(rf"\batau {acr}\b|\b{acr} atau\b", text):
            return False  # "Nama Panjang atau NP"
        if text[m.end:m.end + 2].lstrip().startswith("("):
            return False  # "ABC (Long Form)" defines it the other way round
        if f"({acr})" in text or any(x.long_form and x.text.strip() == acr for x in mentions):
            return False
        before = _WORD.findall(text[max(0, m.start - 30):m.start])
        return not (before and before[-1].casefold() in ACRONYM_INTRO)


def org_listed(mentions: list[Mention], text: str) -> set[str]:
    """Keys of model Place/Person mentions in a list that an organisation word introduces
    ("perusahaan A, B dan C")."""
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
    out: set[str] = set()
    i = 0
    while i < len(ordered):
        j = i  # the list runs from ordered[i] to ordered[j]
        while j + 1 < len(ordered) and text[ordered[j].end:ordered[j + 1].start] in LIST_JOINS:
            j += 1
        if j > i:
            before = _WORD.findall(text[max(0, ordered[i].start - 30):ordered[i].start])
            tail = text[max(0, ordered[i].start - 2):ordered[i].start]
            if before and before[-1] in ORG_LIST_INTRO and tail == before[-1][-1:] + " ":
                out |= {m.key for m in ordered[i:j + 1]
                        if m.source == "model" and m.type in ("Place", "Person")}
        i = j + 1
    return out


def listed_with_person(m: Mention, text: str, mentions: list[Mention],
                       is_name: Callable[[str], bool] | None = None) -> bool:
    """True if `m` starts with a person's name word and a Person mention stands next to
    it in a list ("P dan M", "M, P")."""
    words = m.text.split()
    name_word = is_name or (lambda w: word_kind(w) == "name")
    if len(words) < 2 or not name_word(words[0]):
        return False
    for p in mentions:
        if p.type != "Person" or p is m:
            continue
        gap = text[p.end:m.start] if p.end <= m.start else text[m.end:p.start]
        if p.end <= m.start or m.end <= p.start:
            if gap in LIST_JOINS:
                return True
    return False


def trim_function_words(m: Mention) -> Mention | None:
    """The mention without the function words it ends in; None if at most one word is
    left (the model saw no name there)."""
    words = m.text.split()
    n = len(words)
    while n and words[n - 1] in FUNCTION_WORDS:  # lower case: "Serie A", "Grup A" stay
        n -= 1
    if n == len(words):
        return m
    if n <= 1:
        return None
    cut = m.text.rstrip()
    for w in reversed(words[n:]):
        cut = cut[: len(cut) - len(w)].rstrip()
    normal = None if m.normal in (None, m.text) else m.normal
    return replace(m, text=cut, end=m.start + len(cut), normal=normal)


def bare_region_head(name: str, common: Callable[[str], bool]) -> bool:
    """True for an organisation name ending in a region level word after a common noun
    ("Pemerintah Daerah Provinsi"): the region's own name is missing."""
    words = name.split()
    if len(words) < 2 or words[-1].casefold() not in REGION_LEVELS:
        return False
    if " ".join(words[-2:]).casefold() in REGION_COMPOUNDS:
        return False
    before = words[-2].casefold()
    return common(before) or before in REGION_LEVELS or before in GENERIC_HEADS


def load_acronym_counts(lines: Iterable[str]) -> dict[str, int]:
    """acronym -> article count from acronym_counts.tsv lines."""
    out: dict[str, int] = {}
    for line in lines:
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1].strip().isdigit():
            out[parts[0].strip()] = int(parts[1])
    return out


def known_short_forms(abbreviations: dict[str, list[tuple[str, str]]],
                      known_orgs: Iterable[str] = ()) -> frozenset[str]:
    """Upper-cased short forms of the abbreviation tables plus all-caps known names."""
    shorts = {s.strip().upper() for rows in abbreviations.values() for s, _ in rows}
    shorts |= {n.strip() for n in known_orgs if n.strip().isupper()}
    return frozenset(s for s in shorts if s)
