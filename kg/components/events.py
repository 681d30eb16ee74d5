"""Named events from trigger words: anniversaries, ceremonies, sessions, elections...

"HUT ke-74 RI", "HUT Bhayangkara ke-73", "Rapat Paripurna DPRD Jawa Barat",
"Pilkada 2020", "Pameran “Pasar Batik Rakyat”", "diskusi 'Foreign Journalist Briefing'".
A trigger (event_triggers.csv) plus what names it: capitalised words, ordinals ("ke-25",
"yang ke-25"), years and a quoted title.

News also names what it reports in lower case: "rapat paripurna", "pelantikan anggota DPR",
"aksi demo mahasiswa", "kunjungan delegasi Gema Keadilan", "grand opening Markobar". A
second pass (kg/components/event_spans.py) finds those. Results go to
`doc.spans["kg_events"]`.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg import resources
from kg.components.event_spans import PLACE_HEADS, lower_case_events
from kg.components.phrases import PhraseTable
from kg.components.rules import CONNECTORS, is_cap, paren_acronym
from kg.event_lexicon import PARTICIPANT_KINDS, trigger_kind

_YEAR = re.compile(r"(19|20)\d\d$")
_QUOTES = {'"', "“", "”", "'", "‘", "’"}
_LEVELS = {"I", "II", "III", "IV", "pertama", "kedua", "ketiga"}
# lower-case words that introduce a quoted or capitalised event name
_INTRO = {"diskusi", "acara", "kegiatan", "peringatan", "perayaan", "upacara", "talkshow",
          "pameran", "festival", "lomba", "seminar", "webinar", "konferensi", "rapat", "sidang"}


class EventFinder:
    def __init__(self) -> None:
        forms = [f for t in resources.event_triggers() for f in (t, t[:1].lower() + t[1:])]
        self.triggers = PhraseTable([*forms, *_INTRO])
        self.kinds = resources.event_triggers()


    def _ordinal(self, doc: Doc, j: int) -> int:
        """Length of "ke-74" / "yang ke-25" / "ke 25" / "tingkat I" at j (0 if none)."""
        k = j
        if k + 1 < len(doc) and doc[k].lower_ == "tingkat" and (
                doc[k + 1].text in _LEVELS or doc[k + 1].text.isdigit()):
            return 2
        if k < len(doc) and doc[k].text == "yang":
            k += 1
        if k < len(doc) and doc[k].lower_.startswith("ke"):
            if doc[k].lower_ == "ke" and k + 2 < len(doc) and doc[k + 1].text == "-" \
                    and doc[k + 2].text.isdigit():
                return k + 3 - j
            if re.fullmatch(r"ke-?\d+", doc[k].lower_):
                return k + 1 - j
            if doc[k].lower_ == "ke" and k + 1 < len(doc) and doc[k + 1].text.isdigit():
                return k + 2 - j
        return 0

    def __call__(self, doc: Doc) -> Doc:
        words = [t.text for t in doc]
        per = {i for e in doc.ents if e.label_ == "PER" for i in range(e.start, e.end)}
        per |= {p.start for p in doc.spans.get("kg_posts", [])}  # a post starts: name ended
        # a trigger inside a place or organisation name is part of that name
        # ("Jogja Expo Center", "Komite Olimpiade Indonesia")
        named_inside = {i for e in doc.ents if e.label_ in ("LOC", "ORG")
                        for i in range(e.start + 1, e.end)}
        out: list[Span] = []
        n = len(doc)
        i = 0
        while i < n:
            tl = 0 if i in named_inside or (i > 0 and doc[i - 1].lower_ in PLACE_HEADS) \
                else self.triggers.match(doc, i)
            if not tl:
                i += 1
                continue
            capital = doc[i].text[:1].isupper()
            j = i + tl
            named = False
            # people named in a swearing-in's or a meeting's name took part: keep them in
            # it ("Pelantikan Ridwan Kamil dan Uu ..."); an anniversary ends before a name
            people = trigger_kind(doc, i) in PARTICIPANT_KINDS | {"religious"}
            while j < n and (people or j not in per):
                tok = doc[j].text
                if resources.title_len(words, j):
                    break
                o = self._ordinal(doc, j)
                trig = self.triggers.match(doc, j) if doc[j].text[:1].isupper() else 0
                if trig:
                    j += trig  # "peringatan Hari Ulang Tahun": take the whole trigger
                    named = True
                elif paren_acronym(doc, j) and j + 3 < n and (
                        is_cap(doc[j + 3].text) or self._ordinal(doc, j + 3)):
                    j += 3  # "Hari Ulang Tahun (HUT) ke-74"
                elif o:
                    j += o
                    named = True
                elif tok in _QUOTES and j + 1 < n and is_cap(doc[j + 1].text):
                    k = j + 1
                    while k < n and doc[k].text not in _QUOTES and k - j < 12:
                        k += 1
                    if k < n and doc[k].text in _QUOTES:
                        j = k + 1
                        named = True
                    else:
                        break
                elif (is_cap(tok) or _YEAR.match(tok)) and not (doc[j].is_sent_start):
                    j += 1
                    named = True
                elif tok in CONNECTORS and j + 1 < n and is_cap(doc[j + 1].text) and named \
                        and doc[j - 1].text not in _QUOTES:  # 'Talkshow "X" dan Fashion Show'
                    j += 2
                else:
                    break
            if named or (capital and self.kinds.get(doc[i].text) in ("pandemic", "election")
                         and j - i > 1):
                s = i
                # "peringatan HUT Bhayangkara ke-73" -> "HUT Bhayangkara ke-73": a lower-case
                # intro before a capitalised trigger is not part of the name
                while not capital and s + 1 < j and doc[s].text[:1].islower():
                    s += 1
                if s > i and not self.triggers.match(doc, s):
                    s = i
                out.append(Span(doc, s, j, label="EVT"))
                i = j
            else:
                i += 1
        out += lower_case_events(doc, out, per)
        doc.spans["kg_events"] = sorted(out, key=lambda sp: sp.start)
        return doc


@Language.factory("kg_events")
def make_kg_events(nlp: Language, name: str) -> EventFinder:
    return EventFinder()
