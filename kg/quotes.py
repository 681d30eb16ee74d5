"""Direct quotations and who said them.

Indonesian news attributes quotes after the quote (`"...," ujar Direktur X Budi.`,
`"...," katanya.`, `"...," kata dia.`), before it (`Budi mengatakan, "..."`,
`Budi menegaskan: "..."`) or passively (`"..." disampaikan Gubernur Budi.`). A quote may
run over several paragraphs, each opening with a quote mark and only the last closing it.
"-nya", "dia", "ia" and "beliau" point at the current speaker, who is the person the
paragraph started with, else the last speaker, else the last person named.
"""

from __future__ import annotations

import re

from kg import resources
from kg.components.boundary import word_kind
from kg.components.sentences import paragraph_bounds
from kg.models import Evidence, Mention, Quote
from kg.quote_cues import (
    ADVERBS,
    CLAUSE_END,
    DEMONSTRATIVE,
    INITIALS,
    NOBODY,
    ROMAN,
    SENTENCE_END,
    SUBORDINATE,
    post_short_forms,
    ranks,
    relations,
    restore_breaks,
    title_words,
)
from kg.quote_spans import quote_spans as _quote_spans

_PRONOUNS = {"dia", "ia", "beliau"}
_WORD = re.compile(r"[\w'-]+")
_MIN_WORDS = 3
# a quote right after these words is an example, a title or a sign, not someone's speech
_NOT_SPEECH = {"seperti", "yakni", "yaitu", "bertuliskan", "berjudul", "bertajuk",
               "bertema", "berbunyi", "slogan", "tagar", "judul", "tema",
               # 'kata dia dalam diskusi "Bicara Gizi: ..."': the name of an event or a work
               "diskusi", "seminar", "webinar", "lokakarya", "talkshow", "dialog", "acara",
               "program", "kampanye", "gerakan", "festival", "buku", "film", "lagu", "album",
               "semboyan", "moto", "motto", "jargon", "julukan", "spanduk", "poster"}


# a name right after these is the outlet a story was taken from, not a speaker:
# "seperti dilansir Reuters", "mengutip Antara", "dikutip dari laman BBC"
_SOURCE_CUE = re.compile(
    r"\b(?:dilansir|melansir|dikutip|mengutip|dikutip dari|dilansir dari|dari laman|"
    r"dari situs|laman|situs|kantor berita|media|surat kabar|harian)\s*(?:dari\s+)?$",
    re.IGNORECASE)


def _is_source(text: str, m: Mention) -> bool:
    return bool(_SOURCE_CUE.search(text[max(0, m.start - 30) : m.start].rstrip(" ,:")))


class _Speakers:
    def __init__(self, text: str, mentions: list[Mention]) -> None:
        self.text = text
        self.people = sorted((m for m in mentions if m.type == "Person"
                              and not _is_source(text, m)), key=lambda m: m.start)
        self.posts = [m for m in mentions if m.type == "Post"]
        self.verbs = resources.speech_verbs()
        self.titles = title_words()
        self.region = (0, 0)  # narrative before the quote being attributed

    def is_verb(self, word: str) -> bool:
        w = word.lower()
        return w in self.verbs or (w.endswith("nya") and w[:-3] in self.verbs)

    def person_in(self, start: int, end: int, first: bool = True) -> Mention | None:
        found = [m for m in self.people if start <= m.start and m.end <= end]
        if not found:
            return None
        return found[0] if first else found[-1]

    def last_before(self, pos: int, quoted: list[tuple[int, int]]) -> Mention | None:
        cands = [m for m in self.people if m.end <= pos and not INITIALS.match(m.text)
                 and not any(a <= m.start < b for a, b in quoted)]
        return cands[-1] if cands else None

    def post_holder(self, title_text: str, pos: int) -> Mention | None:
        """`kata Kapolda` -> the person last named with a post starting with that word;
        `harap Menag` -> the holder of "Menteri Agama (Menag)" (the short form expanded)."""
        long = post_short_forms().get(title_text)
        for p in sorted(self.posts, key=lambda m: -m.start):
            if p.start >= pos:
                continue
            plain = re.sub(r"\s*\([^)]*\)", "", p.text).strip()
            if p.text.split()[0] == title_text or f"({title_text})" in p.text or (
                    long is not None and long in {plain, p.normal}):
                return (self.person_in(p.end, p.end + 60)
                        or self.person_in(p.start - 60, p.start, first=False))
        return None

    def named_by(self, word: str, pos: int) -> Mention | None:
        """The latest person before `pos` whose name has `word` as one of its words."""
        found = [m for m in self.people if m.end <= pos and word in m.text.split()]
        return found[-1] if found else None

    def name_like(self, m: Mention) -> bool:
        """A Person mention of several words made only of titles and unit numbers ("Kanit V
        Subdit III") or lying inside a post is a misread title, not whoever speaks (one word
        may be a name: "Sultan")."""
        if any(p.start <= m.start and m.end <= p.end for p in self.posts):
            return False
        words = m.text.split()
        return len(words) < 2 or not all(w.lower() in self.titles or ROMAN.fullmatch(w)
                                         for w in words)


def find_quotes(text: str, mentions: list[Mention]) -> list[Quote]:
    shown = text
    # the same offsets with flattened breaks restored, so "the paragraph" means one
    text = restore_breaks(text)
    sp = _Speakers(text, mentions)
    spans = _quote_spans(text)
    quoted = [(a, b) for a, b, _, _ in spans]
    quotes: list[Quote] = []
    last_speaker: Mention | None = None
    said: tuple[int, int, Mention] | None = None  # (end, paragraph end, speaker) of the last
    prev_end = 0
    bounds = paragraph_bounds(text)
    for qs, qe, ps, pe in spans:
        # the narrative since the last quote, where a new speaker may be introduced
        before = [b for b in bounds if b[0] < ps]
        sp.region = (max(prev_end, before[-1][0] if before else 0), max(0, qs - 1))
        prev_end = qe + 1
        body = text[qs:qe].strip().rstrip(",").strip()
        if len(_WORD.findall(body)) < _MIN_WORDS:
            continue  # a quoted term or title, not a statement
        lead = _WORD.findall(text[max(ps, qs - 30) : qs - 1])
        listed = re.search(r'"\s*,\s*$', text[max(0, qs - 8) : qs - 1])  # '"…?", "…?"'
        if (lead and lead[-1].lower() in _NOT_SPEECH) or listed:
            # 'pertanyaan wartawan, seperti "…?", "…?"': examples and titles, not what the
            # person around them said
            continue
        speaker, conf = _after(text, qe, pe, sp, last_speaker, ps, quoted)
        if speaker is None:
            speaker, conf = _before(text, qs, ps, sp, last_speaker, quoted)
        if speaker is None and said is not None and _continues(text, said, qs, qe, ps, pe, sp):
            # '"...," kata Budi. "Kami siap."' / a quote paragraph after one attributed to
            # Budi: the same speaker goes on
            speaker, conf = said[2], 0.6
        if speaker is None and _unattributed(text, qe, pe, sp):
            # 'Budi mengaku membahas banyak hal. "Kami bicara banyak."': told just before
            speaker, conf = _told_before(text, qs, ps, sp, quoted), 0.6
        if speaker is None:
            continue
        last_speaker = speaker
        said = (qe, pe, speaker)
        ev_end = pe if pe > qe else min(len(text), qe + 200)
        quotes.append(Quote(text=body, speaker=speaker.key, confidence=conf,
                            evidence=Evidence(sentence=shown[ps:ev_end], start=ps,
                                              end=ev_end)))
    return quotes


def _continues(text: str, said: tuple[int, int, Mention], qs: int, qe: int, ps: int, pe: int,
               sp: _Speakers) -> bool:
    """Whether an unattributed quote goes on from the last attributed one: nothing but that
    quote's attribution lies between them (one sentence, in its paragraph or over a line
    break: '," kata Budi, dilansir\n\nRabu (2/3). "..."'), and no speech verb follows this
    quote."""
    end = said[0]
    if not _unattributed(text, qe, pe, sp):
        return False  # attributed, to someone kg could not name
    gap = text[end + 1 : qs - 1]
    if gap.strip() and gap.lstrip(" ,").startswith("\n"):
        return False  # narrative in a paragraph of its own, not the attribution
    return '"' not in gap and len(gap) <= 250 and len(SENTENCE_END.findall(gap.strip())) <= 1


def _unattributed(text: str, qe: int, pe: int, sp: _Speakers) -> bool:
    """No speech verb follows the quote: it names no speaker of its own."""
    tail = _WORD.findall(text[qe + 1 : min(pe, qe + 60)])
    return not (tail and (sp.is_verb(tail[0]) or tail[0].lower() in {"demikian", "begitu"}))


def _told_before(text: str, qs: int, ps: int, sp: _Speakers,
                 quoted: list[tuple[int, int]]) -> Mention | None:
    """The person the sentences right before an unattributed quote have speaking ("Budi
    mengatakan ...", "Menurut Budi, ...", "kata Budi", "dinilai Budi"), latest first: in
    the quote's paragraph or, when the quote opens its paragraph, in the paragraph before."""
    start, end = ps, qs - 1
    if not text[ps:end].strip():
        end = ps
        while end > 0 and text[end - 1] in "\n ":
            end -= 1
        start = text.rfind("\n", 0, end) + 1
    region = text[start:end].rstrip()
    cuts = [0] + [m.end() for m in re.finditer(r"[.!?]\s+(?=\S)", region)] + [len(region)]
    for lo, hi in reversed(list(zip(cuts, cuts[1:], strict=False))):
        found = _speaking(text, start + lo, start + hi, sp, quoted)
        if found is not None:
            return found
    return None


def _speaking(text: str, lo: int, hi: int, sp: _Speakers,
              quoted: list[tuple[int, int]]) -> Mention | None:
    """The person a narrative sentence has speaking, if any."""
    for m in sp.people:
        if not lo <= m.start < hi or any(a <= m.start < b for a, b in quoted):
            continue
        before = [w.lower() for w in _WORD.findall(text[max(lo, m.start - 14) : m.start])]
        if before and (before[-1] == "menurut" or sp.is_verb(before[-1])):
            return m  # "Menurut Budi", "kata Budi", "dinilai Budi"
        if before and before[-1] in SUBORDINATE:
            continue  # 'setelah Trump mengumumkan ...': not the sentence's speaker
        after = [w for w in _WORD.findall(text[m.end : hi])[:4] if w.lower() not in ADVERBS]
        if after and sp.is_verb(after[0]) and not after[0].lower().endswith("nya"):
            return m
    return None


_UNKNOWN = "unknown"
# words that open a clause before its subject ("Adapun Budi mengatakan", "Sementara itu, ...")
_CONNECTORS = {"adapun", "sementara", "itu", "namun", "selain", "kemudian", "selanjutnya",
               "sedangkan", "bahkan", "lebih", "lanjut", "di", "sisi", "lain", "pun", "juga",
               "kedepannya", "sebelumnya", "terpisah", "hal", "senada", "tak", "hanya",
               "dalam", "kesempatan", "yang", "sama", "menanggapi", "soal", "terkait"}


def _unfound(sp: _Speakers, word: str, at: int) -> bool:
    """A capitalised word that may be a person's name kg did not find (not a pronoun, a
    common word, an organisation's word or acronym, nor part of a post)."""
    return (word[:1].isupper() and word.lower() not in _PRONOUNS and not word.isupper()
            and word_kind(word) not in ("common", "org")
            and not any(p.start <= at < p.end for p in sp.posts))


def _narrative_speaker(sp: _Speakers, lo: int, hi: int) -> Mention | str | None:
    """Who the narrative between two quotes last gave the floor to: the person in "Menurut
    X", "kata X", "X menambahkan"; `_UNKNOWN` when a speech verb's subject is a name kg did
    not find as a person ("Adapun Nate X, Direktur ... mengaku", "tutur Hari"), so that a
    following "-nya" is not handed to an earlier speaker; None when it names no one new."""
    found: Mention | str | None = None
    for m in re.finditer(r"[^.!?\n]+", sp.text[lo:hi]):
        a, clause = lo + m.start(), m.group(0)
        opener = sp.person_in(a, a + len(clause))
        if opener is not None:
            lead = _WORD.findall(sp.text[a : opener.start])
            if len(lead) <= 6 and all(x[:1].isupper() or x.lower() in _CONNECTORS
                                      for x in lead):
                found = opener  # "Wakil Presiden Jusuf Kalla pun mengomentari ...": the
                # sentence's subject is the one who speaks next
        for w in re.finditer(r"[\w'-]+", clause):
            word = w.group(0).lower()
            if word != "menurut" and not sp.is_verb(word):
                continue
            pos = a + w.end()
            after = sp.text[pos : pos + 40]
            nxt = _WORD.findall(after)[:1]
            if word.endswith("nya") or (nxt and nxt[0].lower() in _PRONOUNS):
                found = None  # "menurutnya", "kata dia": the same person goes on
                continue
            named = sp.person_in(pos, pos + 40)
            if named is not None and all(x.lower() in sp.titles for x in _WORD.findall(
                    sp.text[pos:named.start])):
                found = named  # "kata Agung", "Menurut Johni", "jelas AKP Fathir"
                continue
            subject = sp.person_in(a, a + w.start())
            if subject is not None:
                found = subject  # "Johni menambahkan"
                continue
            lead = [x for x in _WORD.findall(clause[: w.start()])]
            while lead and lead[0].lower() in _CONNECTORS:
                lead = lead[1:]
            if lead and _unfound(sp, lead[0], a + clause.find(lead[0])):
                # a name kg did not find as a person took the floor: the person named in
                # full earlier ("Awang menilai" after "Awang Dodi"), else someone unknown
                found = sp.named_by(lead[0], a) or _UNKNOWN
            elif lead and lead[-1].lower() in DEMONSTRATIVE:
                found = None  # "Mantan Bupati X ini menjelaskan": the same person goes on
            elif nxt and word != "menurut" and _unfound(sp, nxt[0], pos + after.find(nxt[0])):
                found = sp.named_by(nxt[0], a) or _UNKNOWN  # "tutur Hari"
    return found


def _pronoun_speaker(sp: _Speakers, last: Mention | None, ps: int, qs: int,
                     quoted: list[tuple[int, int]]) -> Mention | None:
    told = _narrative_speaker(sp, sp.region[0], sp.region[1])
    if told == _UNKNOWN:
        return None
    if isinstance(told, Mention):
        return told
    opener = sp.person_in(ps, qs)
    if opener is not None and not any(a <= opener.start < b for a, b in quoted):
        lead = {w.lower() for w in _WORD.findall(sp.text[ps : opener.start])}
        if not lead & _PRONOUNS:  # "Ia bertemu Joko ..." : Joko is not the speaker
            return opener
    if last is None:
        # '"...," ucapnya.' after "Syarif menyayangkan ... Presiden Joko Widodo.": the
        # subject who opens the paragraph before, not the last name in it
        prev_end = ps
        while prev_end > 0 and sp.text[prev_end - 1] in "\n ":
            prev_end -= 1
        prev_start = sp.text.rfind("\n", 0, prev_end) + 1
        subject = sp.person_in(prev_start, min(ps, prev_start + 40))
        if subject is not None and not any(a <= subject.start < b for a, b in quoted):
            return subject
    return last or sp.last_before(qs, quoted)


def _after(text: str, qe: int, pe: int, sp: _Speakers, last: Mention | None, ps: int,
           quoted: list[tuple[int, int]]) -> tuple[Mention | None, float]:
    tail = text[qe + 1 : min(pe, qe + 160)] if qe < len(text) else ""
    words = _WORD.findall(tail[:120])
    if not words:
        return None, 0.0
    lead = tail.lstrip(" ,.")
    if words[0].lower() in {"demikian", "begitu", "seperti"} and len(words) > 1:
        words = words[1:]  # '"...," demikian disampaikan Kapolda ...'
    first = words[0]
    if first.lower() in _PRONOUNS and len(words) > 1 and sp.is_verb(words[1]):
        return _pronoun_speaker(sp, last, ps, qe, quoted), 0.7  # '"...," dia menandaskan.'
    if sp.is_verb(first) or first.lower() in {"disampaikan", "diungkapkan", "dikatakan"}:
        verb_end = qe + 1 + tail.find(first) + len(first)
        if first.lower().endswith("nya") and first.lower()[:-3] in sp.verbs:
            return _pronoun_speaker(sp, last, ps, qe, quoted), 0.7
        nxt = words[1] if len(words) > 1 else ""
        if nxt.lower() in _PRONOUNS:
            return _pronoun_speaker(sp, last, ps, qe, quoted), 0.7
        clause_end = min(pe, verb_end + 100)
        m = CLAUSE_END.search(text, verb_end, clause_end)
        if m:
            clause_end = m.start()
        named = _clause_speaker(sp, verb_end, clause_end)
        if named is not None:
            return named, 0.85
        said = _WORD.findall(text[verb_end:clause_end])
        if len(said) >= 2 and said[-1].lower() in DEMONSTRATIVE \
                and said[0].lower() not in NOBODY:
            # 'ucap mantan Menteri Sosial tersebut', 'kata ayah dari Budi itu': a description
            # of the person the story is about
            return _pronoun_speaker(sp, last, ps, qe, quoted), 0.6
        if nxt:
            holder = sp.post_holder(nxt, qe)
            if holder is not None:
                return holder, 0.6
        return None, 0.0
    if lead[:1].isupper():
        # "Budi menegaskan." after the quote, verb second
        named = sp.person_in(qe, min(pe, qe + 60))
        if named is not None and len(words) > 1 and any(sp.is_verb(w) for w in words[:6]):
            return named, 0.75
    return None, 0.0


def _clause_speaker(sp: _Speakers, start: int, end: int) -> Mention | None:
    """The person an attribution clause names: the first name in it, except a misread
    title ("Ajun"), a name after a relational word ("ayah dari Budi", "kuasa hukum Budi":
    someone else speaks) and, when a later name follows a rank or a post ("..., AKP Budi"),
    that later one."""
    text = sp.text
    good = [m for m in sp.people if start <= m.start and m.end <= end and sp.name_like(m)
            and not relations().search(text[start : m.start])]
    ranked = [m for m in good[1:] if ranks().search(text[start : m.start])
              or any(0 <= m.start - p.end <= 2 for p in sp.posts)]
    return (ranked or good or [None])[0]


def _before(text: str, qs: int, ps: int, sp: _Speakers, last: Mention | None,
            quoted: list[tuple[int, int]]) -> tuple[Mention | None, float]:
    """`Budi mengatakan, "..."` / `Menurut Budi, "..."` / `ia menegaskan: "..."`."""
    start = max(ps, qs - 250)
    head = text[start : qs - 1]
    cut = max(head.rfind(". "), head.rfind('" '))
    if cut >= 0:
        start, head = start + cut + 2, head[cut + 2 :]
    words = _WORD.findall(head)
    if not words or not (any(sp.is_verb(w) for w in words) or head.rstrip().endswith(":")
                         or words[0].lower() == "menurut"):
        return None, 0.0
    named = sp.person_in(start, qs)
    if named is not None:
        return named, 0.75
    if any(w.lower() in _PRONOUNS for w in words[:3]):
        return _pronoun_speaker(sp, last, ps, qs, quoted), 0.6
    return None, 0.0
