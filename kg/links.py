"""Who took part in an event, where and when: links between an article's events and the
people, organisations and places around them.

News rarely puts it all in one sentence: "Rapat kerja digelar di Gedung DPR, Senayan,
Jakarta." and two sentences on "Hadir dalam rapat tersebut Menteri X." Each sentence gets
the event in focus: one it names, else the one a phrase like "acara tersebut" or "dalam
kesempatan itu" refers back to, else (for a sentence saying someone attended) the event
named last, else the article's main event (kg/event_clusters.py). Then

- attendee: the people (and the organisations listed after the cue) of a sentence that
  says someone took part (attendance_cues.txt), the people of a sentence that frames
  itself by the event ("kata X saat rapat ...", "X, di sela-sela peresmian ..."), and the
  people and organisations named in a meeting's or ceremony's own name ("pelantikan
  Ridwan Kamil", "rapat kerja antara Baleg ..."). Not: people inside quotation marks, an
  organiser ("digelar oleh X"), a participation that is planned, rumoured, declined or
  hoped for ("akan hadir", "dikabarkan", "batal hadir", "diundang": cue kind block).
- location: the places after "di" right after an event's mention (with their comma chain,
  "di Gedung DPR, Senayan, Jakarta"), or after a venue verb ("berlangsung di") in a
  sentence focused on the event. A competition is not located at one match's stadium.
- organizer, startDate as before.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span

from kg import resources
from kg.event_clusters import EventCluster, cluster_events, iso_date, main_event
from kg.event_lexicon import COMPETITION_KINDS, PARTICIPANT_KINDS, SELF_HELD, lexicon
from kg.models import Mention

__all__ = ["iso_date", "link_events"]

# (kind, subject key, object key or None, evidence span, confidence, literal value)
AddRel = Callable[[str, str, str | None, Span, float, str | None], None]
QUOTES = {'"', "“", "”"}
_STOPS = {"yang", ";", "untuk", "karena", "namun", "tetapi", "sedangkan", "kata", "ujar",
          "ungkap", "jelas", "tutur", "sehingga", "agar", "supaya", "serta", ":"}
_DEMONSTRATIVES = {"ini", "itu", "tersebut"}
_VERB_PREFIXES = ("mem", "men", "meng", "meny", "ber")
_PARTY = {"antara", "dengan", "bersama"}
_NOBODY_ATTENDS = {"disaster", "pandemic"}
_INTENT = {"untuk", "ingin", "hendak", "akan", "bakal", "mau"}
_APPOSITION = {",", "terpilih", "baru", "yakni", "yaitu", "periode"}
# the body a meeting belongs to sits in it ("DPR mengesahkan ... pada rapat paripurna");
# the authority a sentence puts before a protest ("Pemprov mencegah ... di aksi demo") not
BODY_HELD = {"meeting", "congress"}


def _quoted(sent: Span) -> set[int]:
    """Token indices inside quotation marks (what someone said, not what happened). With
    an odd number of marks the quotation began in an earlier sentence: 'naskah
    akademis," ujar Indra dalam sesi audiensi' is quoted up to its first mark."""
    marks = sum(t.text in QUOTES for t in sent)
    inside, out = marks % 2 == 1, set()
    for t in sent:
        if t.text in QUOTES:
            inside = not inside
        elif inside:
            out.add(t.i)
    return out


def _active_verb(word: str) -> bool:
    """A lower-case me-/ber- verb ("membahas", "meninjau", "berbicara") starts a new
    predicate; a venue verb ("berlangsung", "bertempat") does not."""
    return word.islower() and len(word) > 5 and word.startswith(_VERB_PREFIXES) \
        and word not in lexicon().cues.get("venue", set())


def _places_after(doc: Doc, sent: Span, start: int, key_of: dict[tuple[int, int], str],
                  reach: int) -> list[str]:
    """Keys of the places introduced by "di" within `reach` tokens of `start` (no clause
    boundary between), with their comma chain: "di Gedung Sate, Bandung" gives both, so
    does "di kantornya, Jalan Kuningan Persada, Jakarta" (a few lower-case words may stand
    between "di" and the place)."""
    loc_at = {e.start: e for e in sent.ents if e.label_ == "LOC"}
    ent_end = {e.start: e.end for e in sent.ents}
    i, words = start, 0
    while i < sent.end and words < reach:
        if doc[i].lower_ in _STOPS or doc[i].text in QUOTES or _active_verb(doc[i].text):
            return []  # "rapat membahas jalan di Papua": Papua is the road's, not the rapat's
        if doc[i].text == "(":  # "(Defence and Security Event International/DSEI)"
            close = next((k for k in range(i, min(sent.end, i + 15)) if doc[k].text == ")"),
                         i)
            i, words = close + 1, words + 1
            continue
        if doc[i].lower_ != "di":
            i = ent_end.get(i, i + 1)  # a name counts as one word
            words += 1
            continue
        return _chain(doc, sent, i + 1, loc_at, key_of)
    return []


def _chain(doc: Doc, sent: Span, j: int, loc_at: dict[int, Span],
           key_of: dict[tuple[int, int], str]) -> list[str]:
    """The places from token j on: "Gedung Sate, Bandung"; "kantornya, Jalan X, Jakarta"
    (a few lower-case words first); "Ruang Rapat Komisi, Gedung Nusantara III lantai 9
    komplek parlemen Senayan Jakarta" (a capitalised room that is no place, then places
    joined by commas or a few lower-case words)."""
    start = j
    while j < sent.end and j - start < 4 and j not in loc_at and (
            doc[j].is_lower or doc[j].like_num):
        j += 1
    if j not in loc_at and j < sent.end and not doc[j].is_lower and doc[j].is_alpha:
        # a capitalised name the model did not call a place ("iNews Tower", "Ruang
        # Komisi III DPR"), up to a comma or a place inside it ("Kantor Gubernur Jalan
        # Pahlawan Surabaya")
        k = j
        while k < sent.end and k - j < 8 and doc[k].text not in {",", "."} and \
                k not in loc_at and (not doc[k].is_lower or doc[k].text in {"dan", "&"}):
            k += 1
        if k < sent.end and (doc[k].text == "," or k in loc_at):
            j = k
    if j > start and j < sent.end and doc[j].text == ",":
        j += 1
    out: list[str] = []
    while j in loc_at:
        key = key_of.get((loc_at[j].start, loc_at[j].end))
        if key:
            out.append(key)
        j = loc_at[j].end
        k = j + 1 if j < sent.end and doc[j].text == "," else j
        while k < sent.end and k - j <= 4 and k not in loc_at and (
                doc[k].is_lower or doc[k].like_num) and not _active_verb(doc[k].text) \
                and doc[k].lower_ not in _STOPS and doc[k].lower_ != "di":
            k += 1  # "Gedung Nusantara III lantai 9 komplek parlemen Senayan"
        if k in loc_at and k > j:
            j = k
    return out


def _has_cue(sent: Span, kind: str, skip: set[int]) -> int | None:
    """Index of the first token of a cue of `kind` in `sent` outside `skip`, else None."""
    cues = lexicon().cues.get(kind, set())
    for t in sent:
        if t.i not in skip and t.lower_ in cues:
            return t.i
    return None


def _attend_cue(sent: Span, skip: set[int]) -> int | None:
    """The first attendance cue outside quotations that is no intention ("untuk hadir",
    "ingin menghadiri")."""
    lex = lexicon()
    words = [t.lower_ for t in sent]
    for n, t in enumerate(sent):
        if t.i in skip or (n > 0 and words[n - 1] in _INTENT):
            continue
        if t.lower_ in lex.attendance or " ".join(words[n : n + 2]) in lex.attendance:
            return t.i
    return None


def _blocked(sent: Span, skip: set[int]) -> bool:
    """A planned, rumoured, declined or hoped-for participation ("akan hadir",
    "dikabarkan", "tidak hadir"); "tidak"/"belum" only right before an attendance cue."""
    lex = lexicon()
    block = lex.cues.get("block", set())
    toks = [t for t in sent if t.i not in skip]
    for a, b in zip(toks, [*toks[1:], None], strict=True):
        if a.lower_ in ("tidak", "belum", "tak", "enggan"):
            if b is not None and b.lower_ in lex.attendance:
                return True
        elif a.lower_ in block:
            return True
    return False


def _refers_back(sent: Span) -> bool:
    """"acara tersebut", "dalam kesempatan itu", "rapat ini": the sentence talks about an
    event named before."""
    nouns = lexicon().cues.get("anaphor", set())
    toks = [t for t in sent if not t.is_punct]
    return any(a.lower_ in nouns and b.lower_ in _DEMONSTRATIVES
               for a, b in zip(toks, toks[1:], strict=False))


def _other_year(sent: Span, c: EventCluster) -> bool:
    years = {t.text for t in sent
             if t.like_num and len(t.text) == 4 and t.text[:2] in ("19", "20")}
    return bool(c.date) and bool(years) and (c.date or "")[:4] not in years


def _sources(doc: Doc, sent: Span) -> set[int]:
    """Token starts of people the sentence quotes as its source ("kata X", "ungkap X",
    "Menurut X,", "X mengatakan,"): a spokesman reporting an event need not have been at
    it. (A sentence that frames the speech by the event, "kata X saat rapat", still
    links X.)"""
    verbs = resources.speech_verbs() | {"menurut", "mengatakan", "menjelaskan", "menyebut",
                                        "menuturkan", "mengungkapkan", "menerangkan"}
    out = set()
    for e in sent.ents:
        if e.label_ != "PER":
            continue
        before = [t.lower_ for t in doc[max(sent.start, e.start - 6) : e.start]]
        after = doc[e.end].lower_ if e.end < sent.end else ""
        if after in verbs or (before and before[-1] in verbs) or any(
                w in verbs for w in before[-6:]) and "," not in before:
            out.add(e.start)
    return out


def _on_occasion(sent: Span) -> bool:
    """"Pada kesempatan tersebut", "dalam acara itu", "di sela-sela kegiatan tersebut":
    what follows happened at the event named before."""
    nouns = lexicon().cues.get("anaphor", set())
    frames = lexicon().cues.get("frame", set())
    toks = [t for t in sent if not t.is_punct]
    return any(a.lower_ in frames and b.lower_ in nouns and c.lower_ in _DEMONSTRATIVES
               for a, b, c in zip(toks, toks[1:], toks[2:], strict=False))


def _organisers(doc: Doc, sent: Span) -> set[int]:
    """Token starts of entities that organised: "oleh X" in a sentence with an organise
    verb, or X right before "menggelar"/"menyelenggarakan"."""
    org_verbs = lexicon().cues.get("organise", set())
    if not any(t.lower_ in org_verbs for t in sent):
        return set()
    out = set()
    for e in sent.ents:
        before = doc[e.start - 1].lower_ if e.start > 0 else ""
        after = doc[e.end].lower_ if e.end < len(doc) else ""
        if before == "oleh" or after in org_verbs:
            out.add(e.start)
    return out


def learned_decisions(doc: Doc) -> dict[str, dict[tuple[tuple[int, int], tuple[int, int]], float]]:
    """The pairs the learned relation component (kg/learned, `kg_event_rel`) decided, per
    kind it governs: {kind: {(event's first span, entity span): probability}}. Empty when
    the component did not run (`--model blank`, no shipped artifact)."""
    if not Doc.has_extension("kg_event_rel"):
        return {}
    return doc._.kg_event_rel or {}


def link_events(doc: Doc, events: list[tuple[Span, str]], key_of: dict[tuple[int, int], str],
                article_date: str | None, add: AddRel, mentions: list[Mention] | None = None,
                learned: bool = True) -> None:
    """Add the attendee, location, organizer and startDate links of the article's events.
    Where the learned component ran (`learned`), it decides the kinds it governs: the
    rules' own attendee/location links of those kinds are replaced by its decisions."""
    if not events:
        return
    clusters = cluster_events(doc, events, mentions or [], article_date)
    main = main_event(clusters, doc)
    of_span = {(s.start, s.end): c for c in clusters for s in c.spans}
    done: set[tuple[str, str, str]] = set()
    decided = learned_decisions(doc) if learned else {}

    def rel(kind: str, c: EventCluster, key: str | None, span: Span, conf: float,
            by_model: bool = False) -> None:
        if kind in decided and not by_model:
            return  # the learned component decides this kind
        if kind == "attendee" and c.kind in _NOBODY_ATTENDS:
            return  # nobody attends a flood or a pandemic: its sentences give places only
        if kind == "location" and c.kind in COMPETITION_KINDS:
            return  # a league is not located at the stadium of one of its matches
        if key is not None and (kind, c.key, key) not in done:
            done.add((kind, c.key, key))
            add(kind, c.key, key, span, conf, None)

    for kind, pairs in decided.items():
        for (ev, ent), p in sorted(pairs.items()):
            c = of_span.get(ev)
            if c is not None and ent[1] <= len(doc):
                rel(kind, c, key_of.get(ent), doc[ent[0] : ent[1]], round(p, 3), True)

    ent_key = {e.start: key_of.get((e.start, e.end)) for e in doc.ents}
    last: EventCluster | None = None
    for sent in doc.sents:
        skip = _quoted(sent)
        here = [(s, c) for (a, _), c in of_span.items() if sent.start <= a < sent.end
                for s in c.spans if s.start == a]
        here.sort(key=lambda x: x[0].start)
        organisers = _organisers(doc, sent)
        blocked = _blocked(sent, skip)
        cue = _attend_cue(sent, skip)
        # organisations take part where the sentence lists who came ("dihadiri oleh
        # perwakilan dari A, B"), not where someone "menemui" one
        org_cue = _has_cue(sent, "org", skip)
        focus = here[0][1] if here else (last or main) if _refers_back(sent) else (
            (last or main) if cue is not None else None)
        sources = _sources(doc, sent)
        if focus is not None and any(("location", focus.key, ent_key.get(e.start)) in done
                                     for e in sent.ents if e.label_ == "LOC"):
            sources = set()  # "tanya X di Kompleks Parlemen": X spoke at the venue
        for span, c in here:
            _link_own(doc, sent, span, c, key_of, ent_key, organisers, rel,
                      blocked or span.start in skip)
            frames = lexicon().cues.get("frame", set())
            framed = span.start not in skip and any(
                doc[k].lower_ in frames for k in range(max(sent.start, span.start - 3), span.start))
            # ^ an event someone names in a quotation frames nobody
            if framed and not blocked and not c.planned:
                for e in sent.ents:
                    if e.start in skip or span.start <= e.start < span.end:
                        continue
                    # "kata X saat rapat ...": X; "DPR mengesahkan ... pada rapat paripurna":
                    # the body that holds a meeting takes part in it
                    body = e.label_ == "ORG" and e.end <= span.start and c.kind in BODY_HELD \
                        and e == sent.ents[0]  # the sentence's subject, not any body named
                    # "X mengatakan bahwa pelajar tertangkap saat aksi demo": X only spoke
                    said = any(doc[k].lower_ == "bahwa" for k in range(
                        min(e.end, span.start), max(e.start, span.end)))
                    if (e.label_ == "PER" and e.start not in organisers and not said) or body:
                        rel("attendee", c, ent_key.get(e.start), sent, 0.55)
            if c.kind in SELF_HELD and not blocked and not c.planned:
                for e in sent.ents:  # "BEM SI menggelar aksi demo": the protesters
                    if e.start in organisers and e.end <= span.start and e.start not in skip:
                        rel("attendee", c, ent_key.get(e.start), sent, 0.5)
        if focus is not None and not here and (
                focus.kind in ("match", "sport") or _other_year(sent, focus)):
            focus = None  # a match's players are named with the match, not sentences on;
            # a sentence on another year ("pada 2018 lalu") is about another occasion
        if focus is not None and not here and cue is None and _on_occasion(sent) \
                and not blocked and not focus.planned:
            for e in sent.ents:  # "Pada kesempatan tersebut, X ...": X was there
                if e.label_ == "PER" and e.start not in skip | organisers | sources:
                    rel("attendee", focus, ent_key.get(e.start), sent, 0.5)
        if cue is not None and cue + 1 < sent.end and not any(
                s.start == cue + 1 for s, _ in here) and lexicon().trigger_at(
                [t.lower_ for t in doc[cue + 1 : cue + 6]], 0)[0]:
            cue = None  # "X menghadapi unjuk rasa ... mengikuti pemilu": another happening
        if focus is not None and cue is not None and not blocked and not focus.planned:
            for e in sent.ents:
                if e.start in skip or e.start in organisers or e.start in sources:
                    continue  # the spokesman who reports it ("ungkap Kadispenad") is not
                place_like = e.start > 0 and doc[e.start - 1].lower_ in {"di", "ke", "dari"}
                listed = e.start > cue and not place_like and org_cue is not None
                if e.label_ == "PER" or (e.label_ == "ORG" and listed):
                    rel("attendee", focus, ent_key.get(e.start), sent, 0.6)
        if focus is not None and not here and (v := _has_cue(sent, "venue", skip)) is not None:
            for key in _places_after(doc, sent, v, key_of, 8):
                if focus.kind not in COMPETITION_KINDS:
                    rel("location", focus, key, sent, 0.5)
        if here:
            last = here[-1][1]
    for c in clusters:
        if c.date:
            add("startDate", c.key, None, c.spans[0], 0.5 if c.written else 0.3, c.date)


def _link_own(doc: Doc, sent: Span, span: Span, c: EventCluster,
              key_of: dict[tuple[int, int], str], ent_key: dict[int, str | None],
              organisers: set[int], rel: Callable[..., None], blocked: bool) -> None:
    """Links a mention gives by itself: the place right after it, the people and
    organisations in (or joined to) a meeting's or ceremony's name, its organiser."""
    competition = c.kind in COMPETITION_KINDS
    for key in _places_after(doc, sent, span.end, key_of, 4 if competition else 10):
        if competition:
            continue  # "Liga 1 di Stadion X": the match's venue, not the league's
        rel("location", c, key, span, 0.65)
    for e in sent.ents:
        key = ent_key.get(e.start)
        if key is None:
            continue
        inside = span.start <= e.start and e.end <= span.end
        between = [t.lower_ for t in doc[span.end : e.start]] if e.start >= span.end else []
        joined = 0 < len(between) <= 3 and (
            any(w in _PARTY for w in between)  # "rapat kerja antara Baleg dengan ..."
            or (c.kind == "ceremony" and all(w in _APPOSITION for w in between)))
        # ^ "pelantikan Presiden dan Wakil Presiden terpilih, Joko Widodo-Ma'ruf Amin"
        # a ceremony's organisation is what it opens or declares ("peresmian IMAC"); a
        # meeting's or visit's takes part ("Rapat Paripurna DPR", "kunjungan delegasi X")
        party = e.label_ == "PER" or (e.label_ == "ORG" and c.kind in SELF_HELD | {"visit"})
        if (inside or joined) and c.kind in PARTICIPANT_KINDS and party \
                and not c.planned and not blocked:
            rel("attendee", c, key, span, 0.6)
        elif e.start in organisers and e.label_ == "ORG":
            rel("organizer", c, key, span, 0.45)
