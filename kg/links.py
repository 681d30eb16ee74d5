"""Who took part in an event, where and when: links between event mentions and the
people, places and organisations around them.

News rarely puts all of it in one sentence: "Upacara HUT ke-74 RI digelar di Balai Kota
Bandung." and, two sentences on, "Tampak hadir Wali Kota Oded M. Danial." A person named
in a sentence with an attendance cue (data file attendance_cues.txt) is linked to the
event in that sentence, else to the event mentioned last before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span

from kg import resources

_DATE = re.compile(
    r"\b(\d{1,2})\s*(?:-\s*\d{1,2}\s+)?(Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|"
    r"September|Oktober|November|Desember)\s+((?:19|20)\d\d)\b"
    r"|\((\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\)"
)
_MONTHS = {m: i for i, m in enumerate(
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
    .split(), 1)}
_ORGANISE = {"digelar", "diselenggarakan", "diadakan", "menggelar", "menyelenggarakan"}

# (kind, subject key, object key or None, evidence span, confidence, literal value)
AddRel = Callable[[str, str, str | None, Span, float, str | None], None]


def iso_date(text: str) -> str | None:
    """The first date written in `text` ("Jumat (20/9/2019)", "24-27 September 2019")."""
    m = _DATE.search(text)
    if not m:
        return None
    if m.group(2):
        return f"{m.group(3)}-{_MONTHS[m.group(2)]:02d}-{int(m.group(1)):02d}"
    return f"{m.group(6)}-{int(m.group(5)):02d}-{int(m.group(4)):02d}"


def _places_after_di(doc: Doc, sent: Span, after: int, key_of: dict[tuple[int, int], str]
                     ) -> list[str]:
    """Keys of places introduced by "di" after token `after`, with their comma chain:
    "di Gedung Sate, Bandung" gives both, and so does "di kantornya, Jalan Kuningan
    Persada, Jakarta Selatan" (a few lower-case words may stand between "di" and the place)."""
    loc_at = {e.start: e for e in sent.ents if e.label_ == "LOC"}
    out: list[str] = []
    i = max(after, sent.start)
    while i < sent.end:
        if doc[i].lower_ != "di":
            i += 1
            continue
        j = i + 1
        while j < sent.end and j - i <= 3 and j not in loc_at and doc[j].is_lower:
            j += 1
        if j > i + 1 and j < sent.end and doc[j].text == ",":
            j += 1
        while j in loc_at:
            key = key_of.get((loc_at[j].start, loc_at[j].end))
            if key:
                out.append(key)
            j = loc_at[j].end
            if j + 1 < sent.end and doc[j].text == "," and j + 1 in loc_at:
                j += 1
        if out:
            return out
        i += 1
    return out


_ANAPHORA = {"ini", "itu", "tersebut"}
_EVENT_NOUNS = {"acara", "kegiatan", "agenda", "perhelatan", "gelaran"}


def _refers_to_event(sent: Span) -> bool:
    """"Acara ini akan diadakan di ...", "Kegiatan tersebut dihadiri ...": a sentence that
    talks about the event mentioned before."""
    nouns = _EVENT_NOUNS | {t.lower() for t in resources.event_triggers() if " " not in t}
    toks = [t for t in sent if not t.is_punct]
    pairs = zip(toks, toks[1:], strict=False)
    return any(a.lower_ in nouns and b.lower_ in _ANAPHORA for a, b in pairs)


def link_events(doc: Doc, events: list[tuple[Span, str]], key_of: dict[tuple[int, int], str],
                article_date: str | None, add: AddRel) -> None:
    if not events:
        return
    cues = resources.attendance_cues()
    linked: set[tuple[str, str]] = set()

    def attend(ev_key: str, per_key: str, span: Span, conf: float) -> None:
        if (ev_key, per_key) not in linked:
            linked.add((ev_key, per_key))
            add("attendee", ev_key, per_key, span, conf, None)

    located: set[str] = set()
    for ev, k in events:
        sent = ev.sent
        for key in _places_after_di(doc, sent, ev.end, key_of):
            add("location", k, key, ev, 0.65, None)
            located.add(k)
        for e in sent.ents:
            key = key_of.get((e.start, e.end))
            if key is None or ev.start <= e.start < ev.end:
                continue
            if e.label_ == "PER":
                attend(k, key, ev, 0.5)
            elif e.label_ == "ORG" and (
                    (e.start > 0 and doc[e.start - 1].lower_ == "oleh")
                    or any(t.lower_ in _ORGANISE for t in sent)):
                add("organizer", k, key, ev, 0.45, None)
        written = iso_date(sent.text)
        if written or article_date:
            add("startDate", k, None, ev, 0.5 if written else 0.3, written or article_date)

    by_start = sorted(events, key=lambda x: x[0].start)
    for sent in doc.sents:
        anaphoric = _refers_to_event(sent)
        if not anaphoric and not any(t.lower_ in cues for t in sent):
            continue
        inside = [(ev, k) for ev, k in by_start if sent.start <= ev.start < sent.end]
        before = [(ev, k) for ev, k in by_start if ev.start < sent.start]
        # with no event in the sentence, people present are at the article's main event,
        # the one it names first, not one mentioned in passing since ("setelah Pemilu 2019")
        # ("Acara ini ..." refers back to the event named last)
        pick = (before[-1] if anaphoric else before[0]) if before else None
        target = inside[0] if inside else pick
        if target is None:
            continue
        ev, k = target
        for e in sent.ents:
            key = key_of.get((e.start, e.end))
            if key is not None and e.label_ == "PER":
                attend(k, key, sent, 0.55)
        if k not in located or anaphoric:
            for key in _places_after_di(doc, sent, sent.start, key_of):
                add("location", k, key, sent, 0.45, None)
                located.add(k)
        if anaphoric and (written := iso_date(sent.text)):
            add("startDate", k, None, sent, 0.45, written)
