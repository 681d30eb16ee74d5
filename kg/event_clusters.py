"""One article's event mentions grouped into the happenings they name, each with its
kind, date and whether the article reports it as planned.

"Rapat kerja antara Baleg dengan pemerintah", "Rapat kerja diawali ..." and "rapat
tersebut" are one meeting: mentions with the same trigger are one event when one of them
is the bare trigger or one name continues the other. The group's mentions are tied with
`Mention.same_as`, so the node carries every way the article names it.

A meeting, ceremony, protest or visit recurs under one name (a plenary session every
week), so its node name carries the date ("rapat paripurna 17 September 2019"): two
articles' sessions on different days stay apart, two reports of the same session meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span

from kg.event_lexicon import DATED_KINDS, lexicon
from kg.models import Mention

_DATE = re.compile(
    r"\b(\d{1,2})\s*(?:-\s*\d{1,2}\s+)?(Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|"
    r"September|Oktober|November|Desember)\s+((?:19|20)\d\d)\b"
    r"|\((\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\)"
)
MONTHS = ("Januari Februari Maret April Mei Juni Juli Agustus September Oktober November "
          "Desember").split()
_MONTH_NO = {m: i for i, m in enumerate(MONTHS, 1)}
_NAMED_BY = re.compile(r"\b((19|20)\d\d|ke-?\s?\d+)\b|[\"“”'‘’]")
_DEMONSTRATIVES = {"ini", "itu", "tersebut"}
# kinds whose names tell apart different events with one trigger
DISTINCT_KINDS = {"anniversary", "election", "sport", "pandemic", "disaster", "award",
                  "festival"}
# kinds an article reports one of: its mentions under any trigger are one happening
SINGLE_KINDS = {"protest"}
FUTURE = {"akan", "rencananya", "direncanakan", "dijadwalkan", "berencana", "mendatang",
          "nanti", "bakal"}


def iso_date(text: str) -> str | None:
    """The first valid date written in `text` ("Jumat (20/9/2019)", "24-27 September 2019").

    News text has typos ("(19/89/2019)"): a day or month that is no date is skipped, not
    passed on to crash the naming of the event (it once cost a whole article)."""
    for m in _DATE.finditer(text):
        if m.group(2):
            y, mo, d = int(m.group(3)), _MONTH_NO[m.group(2)], int(m.group(1))
        else:
            y, mo, d = int(m.group(6)), int(m.group(5)), int(m.group(4))
        try:
            return date(y, mo, d).isoformat()
        except ValueError:
            continue
    return None


def spoken_date(iso: str) -> str:
    """"2019-09-17" -> "17 September 2019" (how the news writes a date)."""
    y, mo, d = iso[:10].split("-")
    return f"{int(d)} {MONTHS[int(mo) - 1]} {y}"


@dataclass
class EventCluster:
    key: str  # the mention key relations use
    spans: list[Span]
    head: tuple[str, ...]
    kind: str
    date: str | None = None
    written: bool = False  # the date is written next to a mention, not the article's
    planned: bool = False
    keys: list[str] = field(default_factory=list)

    @property
    def first(self) -> int:
        return self.spans[0].start


def head_of(span: Span) -> tuple[tuple[str, ...], str]:
    """(lower-cased trigger words, kind) of an event span: "acara grand opening X" ->
    ("grand", "opening"), "ceremony" (an intro word before the trigger is skipped)."""
    lex = lexicon()
    words = [t.lower_ for t in span]
    for i in range(min(3, len(words))):
        n, kind = lex.trigger_at(words, i)
        if n:
            return tuple(words[i : i + n]), kind
    return tuple(words[:1]), ""


def _joins(c: EventCluster, span: Span, head: tuple[str, ...], kind: str) -> bool:
    """Same trigger: one happening, unless the kind's names tell events apart ("HUT
    Bhayangkara" and "HUT TNI", "Pilkada Jabar" and "Pilkada DKI") and neither name is
    the bare trigger or continues the other. An acronym a name defines joins too:
    "Musyawarah Nasional (Munas) Golkar" and "Munas 2019"."""
    if c.head != head:
        if kind == c.kind and kind in SINGLE_KINDS:
            return True  # "aksi demo", "demo", "aksi solidaritas": one protest
        return any(f"({span[0].text})" in s.text or f"({s[0].text})" in span.text
                   for s in c.spans)
    if kind not in DISTINCT_KINDS:
        return True
    text = span.text.lower()
    return len(span) == len(head) or any(
        len(s) == len(head) or s.text.lower().startswith(text)
        or text.startswith(s.text.lower()) for s in c.spans)


def _future(span: Span) -> bool:
    """A future word near the mention, outside quotation marks: "rencananya akan digelar
    Desember", "pada 27 Oktober mendatang" (a word further on belongs to another clause)."""
    sent = span.sent
    quoted, inside = set(), False
    for t in sent:
        if t.text in {'"', "“", "”"}:
            inside = not inside
        elif inside:
            quoted.add(t.i)
    lo, hi = max(sent.start, span.start - 6), min(sent.end, span.end + 8)
    window = [t for t in span.doc[lo:hi] if t.i not in quoted]
    return any(t.lower_ in FUTURE for t in window) and not any(
        t.lower_ in {"telah", "sudah", "lalu", "kemarin"} for t in window)


def cluster_events(doc: Doc, events: list[tuple[Span, str]], mentions: list[Mention],
                   article_date: str | None) -> list[EventCluster]:
    """Group event mentions (span, mention key) and set same_as and dated names."""
    by_key = {m.key: m for m in mentions}
    clusters: list[EventCluster] = []
    for span, key in sorted(events, key=lambda e: e[0].start):
        head, kind = head_of(span)
        target = next((c for c in clusters if _joins(c, span, head, kind)), None)
        if target is None and span.start > 1 and doc[span.start - 1].lower_ == "atau":
            # "rapat kerja nasional atau Rakernas Gerindra", "Salat Istisqa atau salat
            # minta hujan": the second name of the event just named
            target = next((c for c in clusters if any(
                s.end in (span.start - 1, span.start - 2) for s in c.spans)), None)
        if target is None and len(span) == len(head):
            # a bare "rapat" is a meeting named with more words: "rapat tersebut" the last
            # one, a plain "rapat" the first (the article's own); "pertemuan itu" the last
            # meeting of any name
            fits = [c for c in clusters if c.head[: len(head)] == head]
            after = doc[span.end].lower_ if span.end < len(doc) else ""
            if after in _DEMONSTRATIVES:
                fits = fits or [c for c in clusters if c.kind == kind]
                target = fits[-1] if fits else None
            else:
                target = fits[0] if fits else None
        if target is None:
            clusters.append(EventCluster(key, [span], head, kind, keys=[key]))
            continue
        target.spans.append(span)
        target.keys.append(key)
        m = by_key.get(key)
        if m is not None and key != target.key:
            m.same_as = target.key
    sents = list(doc.sents)
    lede = iso_date(" ".join(s.text for s in sents[:3]))
    for n, c in enumerate(clusters):
        for s in c.spans:
            written = iso_date(s.sent.text)
            if written:
                c.date, c.written = written, True
                break
        else:  # the first event named is the lede's: the lede's date is its date
            c.date, c.written = (lede, True) if n == 0 and lede else (article_date, False)
        c.planned = _future(c.spans[0])
        _name_cluster(c, by_key)
    return clusters


def _name_cluster(c: EventCluster, by_key: dict[str, Mention]) -> None:
    """Dated names for recurring kinds: each mention's own words plus the date, so two
    reports of the day's "rapat paripurna" meet; a one-word "rapat" or "pelantikan" says
    too little for that and takes the fullest name the article gives the happening."""
    ms = [by_key[k] for k in c.keys if k in by_key]
    if not ms:
        return
    best = max(ms, key=lambda m: (len(m.name.split()), -ms.index(m))).name
    dated = c.kind in DATED_KINDS and bool(c.date)
    for m in ms:
        name = best if len(m.name.split()) == 1 else m.name
        if dated and not _NAMED_BY.search(name):
            name = f"{name} {spoken_date(c.date or '')}"
        if name != m.name:
            m.normal = name


def main_event(clusters: list[EventCluster], doc: Doc) -> EventCluster | None:
    """The happening the article reports: the first one named in its opening sentences
    that is not only planned, else the one it names most often."""
    sents = list(doc.sents)
    opening_end = sents[min(2, len(sents) - 1)].end if sents else 0
    early = [c for c in clusters if c.first < opening_end and not c.planned
             and c.kind not in ("election", "pandemic")]
    if early:
        return min(early, key=lambda c: c.first)
    rest = [c for c in clusters if not c.planned and c.kind not in ("election", "pandemic")]
    return max(rest, key=lambda c: (len(c.spans), -c.first)) if rest else None
