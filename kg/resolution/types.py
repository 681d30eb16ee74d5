"""One thing, one type (issue 8, class 3): decide a name's type from all its mentions.

Extraction types each mention alone, so one name can be a Person in one article and an
Organization or Place in the next ("Barcelona", a footballer typed Organization, a club
typed Person). Before clustering, every mention of a name (its normalised form) votes for
a type among Person, Organization and Place:

- its source: a gazetteer or designator rule counts 1.0, the statistical model 0.5;
- its context: an honorific or rank right before it ("Pak X", "Kombes X"; not "Brigjen
  TNI Candra", where the rank is the next name's) votes Person,
  a speech verb next to it ("X mengatakan", "kata X") Person weakly (post titles and
  roles are no cue: "Ketua KPK", "pelatih Barcelona"), an organisation word before it
  ("klub X", "partai X") Organization, a place word ("kota X", "provinsi X") Place, and
  "di"/"ke" before it Place weakly (one goes "ke KPK" too);
- its role: the holder of a post or a quote's speaker votes Person; what a post is in,
  Organization; what a post serves or where an event is, Place.

In each article the name keeps the type its own evidence there clearly favours (a margin
of one strong vote); otherwise it takes the type the whole corpus favours, if that has
twice the weight of each other type the article gave it. So the city and the club can
stay two things where each article says which it means, while a lone model guess follows
the majority. A tie changes nothing.

A Person whose every word the corpus mostly writes in lower case ("Kebakaran", "Hari",
from kg/data/word_case.tsv, made by scripts/word_case_stats.py) or whose name starts like
an event ("Maulid Nabi ...", from kg/data/event_triggers.csv) is no Person: without a
person cue it becomes an Event if it starts like one, else it is left out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from kg.models import ENTITY_TYPES, ArticleExtraction, Mention
from kg.resolution.names import norm

PERSON, ORGANIZATION, PLACE, EVENT, POST = ENTITY_TYPES
VOTING = (PERSON, ORGANIZATION, PLACE)
SOURCE_WEIGHT = {"rule": 1.0, "metadata": 2.0, "model": 0.5}
OTHER_SOURCE = 0.7
CUE, WEAK_CUE, ROLE = 1.0, 0.5, 1.5
LOCAL_MARGIN = 1.0  # an article's own evidence wins with this much over the next type
CORPUS_RATIO = 2.0  # else the corpus winner, if it has twice the runner-up's weight
COMMON_SHARE = 0.75  # a word written in lower case this often is a common noun
COMMON_MIN = 20  # ... if seen at least this often
ROLE_TYPES = {("holds", "subject"): PERSON, ("postIn", "object"): ORGANIZATION,
              ("areaServed", "object"): PLACE, ("location", "object"): PLACE}
# lower-case words right before a name that say what it names (Indonesian news usage)
BEFORE = {
    **dict.fromkeys(("klub", "tim", "partai", "perusahaan", "pabrikan", "maskapai", "skuad",
                     "raksasa", "lembaga", "organisasi", "yayasan", "ormas", "startup",
                     "perseroan", "emiten", "kesebelasan", "band", "grup", "akun", "aplikasi",
                     "platform", "situs"), ORGANIZATION),
    **dict.fromkeys(("kota", "provinsi", "kabupaten", "negara", "desa", "kelurahan",
                     "kecamatan", "pulau", "kawasan", "wilayah", "daerah", "ibu kota",
                     "ibukota", "benua", "kampung", "dusun"), PLACE),
}
WEAK_BEFORE = {"di": PLACE, "ke": PLACE, "menuju": PLACE}
# words that make a name an organisation's wherever it stands ("Blitar Bandung United")
ORG_NAME_WORDS = frozenset({"fc", "united", "afc", "cf", "sc", "fk"})
_WORDS = re.compile(r"[^\W\d_]+")
_NAME_NEXT = re.compile(r"[ \t]+[A-Z]")



@dataclass(frozen=True)
class TypeCues:
    """Tables the vote reads: person words (honorifics and ranks), speech verbs, event
    triggers (all normalised) and word case counts (word -> (lower, capitalised))."""

    person_words: frozenset[str] = frozenset()
    speech_verbs: frozenset[str] = frozenset()
    word_case: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    event_triggers: frozenset[str] = frozenset()

    def common(self, word: str) -> bool:
        lower, upper = self.word_case.get(word, (0, 0))
        return lower + upper >= COMMON_MIN and lower >= COMMON_SHARE * (lower + upper)


class TypeVoter:
    """Re-types mentions so that a name has one type per article and, where articles do
    not say otherwise, one type across the corpus (module docstring)."""

    def __init__(self, cues: TypeCues) -> None:
        self.cues = cues
        self._longest_title = max((len(w.split()) for w in cues.person_words), default=1)
        self._longest_trigger = max((len(w.split()) for w in cues.event_triggers), default=1)
        self._contested: set[str] = set()  # names given several types (per retype call)
        self._suspect: dict[str, str | None] = {}  # name -> _event_or_common(name)

    def retype(self, extractions: Iterable[ArticleExtraction]) -> list[ArticleExtraction]:
        """New extractions (inputs untouched) with mention types decided by the vote."""
        exs = list(extractions)
        seen: dict[str, set[str]] = defaultdict(set)
        for ex in exs:
            for m in ex.mentions:
                if m.type in VOTING:
                    seen[norm(m.name)].add(m.type)
        self._contested = {name for name, types in seen.items() if len(types) > 1}
        self._suspect: dict[str, str | None] = {}
        local: list[dict[str, dict[str, float]]] = []
        cued: list[set[str]] = []  # names with a person cue in the article
        total: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for ex in exs:
            votes, person_cued = self._article_votes(ex)
            local.append(votes)
            cued.append(person_cued)
            for name, v in votes.items():
                for typ, w in v.items():
                    total[name][typ] += w
        return [self._apply(ex, votes, total, person_cued)
                for ex, votes, person_cued in zip(exs, local, cued, strict=True)]

    def _article_votes(self, ex: ArticleExtraction) -> tuple[dict[str, dict[str, float]],
                                                             set[str]]:
        roles: dict[str, list[str]] = defaultdict(list)
        for r in ex.relations:
            if (typ := ROLE_TYPES.get((r.kind, "subject"))) is not None:
                roles[r.subject].append(typ)
            if r.object and (typ := ROLE_TYPES.get((r.kind, "object"))) is not None:
                roles[r.object].append(typ)
        for q in ex.quotes:
            roles[q.speaker].append(PERSON)
        votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        person_cued: set[str] = set()
        text = ex.article.text
        for m in ex.mentions:
            if m.type not in VOTING:
                continue
            name = norm(m.name)
            v = votes[name]
            v[m.type] += SOURCE_WEIGHT.get(m.source, OTHER_SOURCE)
            for typ in roles.get(m.key, ()):
                v[typ] += ROLE
                person_cued.update([name] if typ == PERSON else [])
            if m.source != "model" and name not in self._contested and not (
                    m.type == PERSON and self._not_a_person(name)):
                continue  # a rule's type nobody contests: the context cannot change it
            cue, weight = self._context(text, m)
            if cue:
                v[cue] += weight
                if cue == PERSON:
                    person_cued.add(norm(m.name))
        return votes, person_cued

    def _context(self, text: str, m: Mention) -> tuple[str | None, float]:
        """The type the words around a mention point to, and how strongly."""
        if not text or not 0 <= m.start <= m.end <= len(text):
            return None, 0.0
        toks = set(norm(m.name).split())
        if toks & ORG_NAME_WORDS:
            return ORGANIZATION, CUE
        raw = _words_before(text, m.start)
        before = [w.casefold() for w in raw]
        named_next = _NAME_NEXT.match(text, m.end)  # "Brigjen TNI Candra": the rank is his
        for n in range(min(self._longest_title, len(before)), 0, -1):
            if " ".join(before[-n:]) in self.cues.person_words and not named_next:
                return PERSON, CUE
        for n in (2, 1):
            if len(before) >= n and (typ := BEFORE.get(" ".join(before[-n:]))) and \
                    raw[-n][:1].islower():  # "kota X", not "Kota X" inside a name
                return typ, CUE
        after = _WORDS.findall(text[m.end:m.end + 30])[:1]
        if (after and after[0].casefold() in self.cues.speech_verbs) or (
                before and before[-1] in self.cues.speech_verbs):  # "X mengatakan", "kata X"
            return PERSON, WEAK_CUE  # an organisation speaks too ("KPK menyatakan")
        if before and before[-1] in WEAK_BEFORE:
            return WEAK_BEFORE[before[-1]], WEAK_CUE
        return None, 0.0

    def _apply(self, ex: ArticleExtraction, votes: dict[str, dict[str, float]],
               total: dict[str, dict[str, float]], person_cued: set[str]) -> ArticleExtraction:
        chosen = {name: self._decide(v, total[name]) for name, v in votes.items()}
        mentions: list[Mention] = []
        changed = False
        for m in ex.mentions:
            typ = chosen.get(norm(m.name)) if m.type in VOTING else None
            new = m if not typ or typ == m.type else replace(m, type=typ)
            if new.type == PERSON and norm(m.name) not in person_cued:
                kind = self._not_a_person(new.name)
                if kind == "drop":
                    changed = True
                    continue
                if kind == EVENT:
                    new = replace(new, type=EVENT)
            changed = changed or new is not m
            mentions.append(new)
        return replace(ex, mentions=mentions) if changed else ex

    @staticmethod
    def _decide(local: Mapping[str, float], corpus: Mapping[str, float]) -> str | None:
        """The article's clear choice (a margin of LOCAL_MARGIN), else the corpus's first
        type if it has CORPUS_RATIO times the corpus weight of each other type the article
        gave the name, else None (a tie changes nothing)."""
        ranked = sorted(local.items(), key=lambda kv: (-kv[1], kv[0]))
        if ranked[0][1] - (ranked[1][1] if len(ranked) > 1 else 0.0) >= LOCAL_MARGIN:
            return ranked[0][0]
        best, weight = min(corpus.items(), key=lambda kv: (-kv[1], kv[0]))
        rivals = [corpus.get(t, 0.0) for t in local if t != best]
        return best if rivals and weight >= CORPUS_RATIO * max(rivals) else None

    def _not_a_person(self, name: str) -> str | None:
        """EVENT if the name starts like an event, "drop" if every word is a common noun,
        else None."""
        if name not in self._suspect:
            self._suspect[name] = self._event_or_common(name)
        return self._suspect[name]

    def _event_or_common(self, name: str) -> str | None:
        toks = norm(name).split()
        if not toks:
            return None
        for n in range(min(self._longest_trigger, len(toks)), 0, -1):
            head = " ".join(toks[:n])
            if head in self.cues.event_triggers and (n > 1 or self.cues.common(toks[0])):
                return EVENT
        if all(self.cues.common(t) for t in toks):
            return "drop"
        return None


def _words_before(text: str, start: int) -> list[str]:
    """The words right before `start`, only spaces between them and it: "kata" in '"Ya,"
    kata X', nothing in "Jakarta, X" (a comma cuts)."""
    window = text[max(0, start - 40):start]
    if not window or window[-1] not in " \t":
        return []
    out: list[str] = []
    for tok in reversed(window.split()):
        if not tok.isalpha():
            break
        out.append(tok)
    if out and start - 40 > 0 and len(" ".join(out)) >= len(window.strip()):
        out.pop()  # the first word may be cut by the window
    return out[::-1]


def load_word_case(lines: Iterable[str]) -> dict[str, tuple[int, int]]:
    """word -> (lower, capitalised inside a sentence) from word_case.tsv lines."""
    out: dict[str, tuple[int, int]] = {}
    for line in lines:
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 3 and parts[1].isdigit() and parts[2].isdigit():
            out[parts[0]] = (int(parts[1]), int(parts[2]))
    return out
