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
from kg.components.sentences import paragraph_bounds
from kg.models import Evidence, Mention, Quote

_PRONOUNS = {"dia", "ia", "beliau"}
_WORD = re.compile(r"[\w'-]+")
_MIN_WORDS = 3
# a quote right after these words is an example, a title or a sign, not someone's speech
_NOT_SPEECH = {"seperti", "yakni", "yaitu", "bertuliskan", "berjudul", "bertajuk",
               "bertema", "berbunyi", "slogan", "tagar", "judul", "tema"}


def _quote_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(quote start, quote end, paragraph start, paragraph end) of quoted passages.

    Offsets exclude the quote marks. An unclosed quote runs to its paragraph's end and, if
    the next paragraph opens with a quote mark, on into it (multi-paragraph quotes).
    """
    out: list[tuple[int, int, int, int]] = []
    paras = paragraph_bounds(text)
    pending: tuple[int, int] | None = None  # (start, para start) of an open quote
    for ps, pe in paras:
        para = text[ps:pe]
        marks = [ps + m.start() for m in re.finditer('"', para)]
        if pending is not None:
            if marks and marks[0] == ps + len(para) - len(para.lstrip()):
                marks = marks[1:]  # continuation paragraph: its opening mark continues
                if len(marks) % 2 == 1:
                    out.append((pending[0], marks[0], pending[1], pe))
                    marks = marks[1:]
                    pending = None
                else:
                    continue
            else:
                out.append((pending[0], paras[paras.index((ps, pe)) - 1][1], pending[1], ps))
                pending = None
        it = iter(marks)
        for a in it:
            b = next(it, None)
            if b is None:
                pending = (a + 1, ps)
                break
            out.append((a + 1, b, ps, pe))
    if pending is not None:
        out.append((pending[0], len(text), pending[1], len(text)))
    return out


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

    def is_verb(self, word: str) -> bool:
        w = word.lower()
        return w in self.verbs or (w.endswith("nya") and w[:-3] in self.verbs)

    def person_in(self, start: int, end: int, first: bool = True) -> Mention | None:
        found = [m for m in self.people if start <= m.start and m.end <= end]
        if not found:
            return None
        return found[0] if first else found[-1]

    def last_before(self, pos: int, quoted: list[tuple[int, int]]) -> Mention | None:
        cands = [m for m in self.people if m.end <= pos
                 and not any(a <= m.start < b for a, b in quoted)]
        return cands[-1] if cands else None

    def post_holder(self, title_text: str, pos: int) -> Mention | None:
        """`kata Kapolda` -> the person last named with a post starting with that word."""
        for p in sorted(self.posts, key=lambda m: -m.start):
            if p.start < pos and p.text.split()[0] == title_text:
                return (self.person_in(p.end, p.end + 60)
                        or self.person_in(p.start - 60, p.start, first=False))
        return None


def find_quotes(text: str, mentions: list[Mention]) -> list[Quote]:
    sp = _Speakers(text, mentions)
    spans = _quote_spans(text)
    quoted = [(a, b) for a, b, _, _ in spans]
    quotes: list[Quote] = []
    last_speaker: Mention | None = None
    for qs, qe, ps, pe in spans:
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
        if speaker is None:
            continue
        last_speaker = speaker
        ev_end = pe if pe > qe else min(len(text), qe + 200)
        quotes.append(Quote(text=body, speaker=speaker.key, confidence=conf,
                            evidence=Evidence(sentence=text[ps:ev_end], start=ps, end=ev_end)))
    return quotes


def _pronoun_speaker(sp: _Speakers, last: Mention | None, ps: int, qs: int,
                     quoted: list[tuple[int, int]]) -> Mention | None:
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
    if sp.is_verb(first) or first.lower() in {"disampaikan", "diungkapkan", "dikatakan"}:
        verb_end = qe + 1 + tail.find(first) + len(first)
        if first.lower().endswith("nya") and first.lower()[:-3] in sp.verbs:
            return _pronoun_speaker(sp, last, ps, qe, quoted), 0.7
        nxt = words[1] if len(words) > 1 else ""
        if nxt.lower() in _PRONOUNS:
            return _pronoun_speaker(sp, last, ps, qe, quoted), 0.7
        clause_end = min(pe, verb_end + 100)
        m = re.search(r"[.;]\s|\n", text[verb_end:clause_end])
        if m:
            clause_end = verb_end + m.start()
        named = sp.person_in(verb_end, clause_end)
        if named is not None:
            return named, 0.85
        after = [w.lower() for w in words[1:7]]
        if any(w in {"tersebut", "ini"} for w in after) and words[1][:1].isupper() or (
                after[:1] == ["mantan"] and any(w in {"tersebut", "ini"} for w in after)):
            # 'ucap mantan Menteri Sosial tersebut': the person the story is about
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
