"""The event vocabulary, read once from kg/data: triggers with their kind, the lower-case
words that continue an event's name, and the cues that link people and places to it.

Kept apart from kg/resources.py so event finding and linking share one case-insensitive
view of the data (news writes "Rapat Paripurna", "rapat paripurna" and "Rapat paripurna"
for the same thing) and users extend it by editing the CSV files.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from kg import resources

# kinds whose lower-case trigger alone names a particular happening in a report
# ("rapat paripurna", "aksi demo", "salat istisqa"); others ("banjir", "pemilu", "liga")
# are common nouns in lower case and need a name, a year or an anchor
LOWER_KINDS = {"meeting", "ceremony", "protest", "visit", "religious", "congress",
               "conference", "exhibition", "match"}
# kinds that recur under one name (a plenary session every week): their node names carry
# the date, so two articles' sessions on different days stay two events
DATED_KINDS = {"meeting", "ceremony", "protest", "visit", "religious", "match"}
# kinds whose people named inside the event's name took part ("pelantikan Ridwan Kamil",
# "pertemuan Airlangga dengan Hary"); an anniversary's or election's do not
PARTICIPANT_KINDS = {"meeting", "ceremony", "protest", "visit", "congress", "conference",
                     "match"}
# kinds whose holder takes part: the body that holds a meeting sits in it, the group that
# holds a protest marches; an exhibition's or ceremony's organiser is no attendee
SELF_HELD = {"meeting", "protest", "congress"}
# a league or tournament is not located at the stadium of one of its matches
COMPETITION_KINDS = {"sport"}


@dataclass(frozen=True)
class Lexicon:
    triggers: dict[tuple[str, ...], str]  # lower-cased words -> kind
    first: dict[str, list[tuple[str, ...]]]  # first word -> phrases, longest first
    modifiers: dict[tuple[str, ...], str]  # lower-cased words -> role
    mod_first: dict[str, list[tuple[str, ...]]]
    cues: dict[str, set[str]]  # kind -> lower-case cue words
    attendance: set[str]

    def trigger_at(self, words: list[str], i: int) -> tuple[int, str]:
        """(length, kind) of the longest trigger at lower-cased words[i] (0, "" if none)."""
        for parts in self.first.get(words[i], ()):
            if tuple(words[i : i + len(parts)]) == parts:
                return len(parts), self.triggers[parts]
        return 0, ""

    def modifier_at(self, words: list[str], i: int) -> tuple[int, str]:
        if i >= len(words):
            return 0, ""
        for parts in self.mod_first.get(words[i], ()):
            if tuple(words[i : i + len(parts)]) == parts:
                return len(parts), self.modifiers[parts]
        return 0, ""


def _index(phrases: list[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        out.setdefault(p[0], []).append(p)
    for v in out.values():
        v.sort(key=len, reverse=True)
    return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    trig: dict[tuple[str, ...], str] = {}
    for t, kind in resources.event_triggers().items():
        trig.setdefault(tuple(t.lower().split()), kind)
    mods = {tuple(r["word"].lower().split()): r.get("role", "modifier")
            for r in resources.read_csv("event_modifiers.csv") if r.get("word")}
    cues: dict[str, set[str]] = {}
    for r in resources.read_csv("event_cues.csv"):
        if r.get("cue"):
            cues.setdefault(r.get("kind", ""), set()).add(r["cue"].lower())
    return Lexicon(trig, _index(list(trig)), mods, _index(list(mods)), cues,
                   resources.attendance_cues())


def trigger_kind(doc: Doc, i: int) -> str:
    """Kind of the trigger at doc[i] in any case ("" if none)."""
    words = [t.lower_ for t in doc[i : i + 6]]
    return lexicon().trigger_at(words, 0)[1]
