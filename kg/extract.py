"""A processed spaCy Doc -> plain mentions, relations and quotes (ArticleExtraction).

This is where spans become facts: post holders (`holds`), the organisation or region of a
post (`postIn`, `areaServed`), acronyms defined in parentheses, and the place, date,
organiser and attendees of an event. Quotes are in kg/quotes.py.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span

from kg import resources
from kg.models import Article, ArticleExtraction, Evidence, Mention, Relation
from kg.quotes import find_quotes

TYPE_OF = {"PER": "Person", "ORG": "Organization", "LOC": "Place", "EVT": "Event"}
CONF = {"model": 0.7, "rule": 0.85, "post": 0.75, "event": 0.6, "publisher": 0.95}
_DATE = re.compile(
    r"\b(\d{1,2})\s*(?:-\s*\d{1,2}\s+)?(Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|"
    r"September|Oktober|November|Desember)\s+((?:19|20)\d\d)\b|\((\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\)"
)
_MONTHS = {m: i for i, m in enumerate(
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
    .split(), 1)}
_ORGANISE = {"digelar", "diselenggarakan", "diadakan", "menggelar", "menyelenggarakan"}


def _strip_person(span: Span, prefix_words: set[str]) -> Span | None:
    """Drop ranks, honorifics and titles a model may include in a PER span."""
    s, e = span.start, span.end
    doc = span.doc
    while s < e and (doc[s].text.rstrip(".") in prefix_words or doc[s].text in {".", ","}):
        s += 1
    while e > s and doc[e - 1].text in {",", ".", "(", ")"}:
        e -= 1
    if s >= e or not any(t.text[:1].isupper() for t in doc[s:e]):
        return None
    return Span(doc, s, e, label=span.label_)


@lru_cache(maxsize=1)
def _post_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(whole-post replacements, word replacements) from post_expansions.csv and
    abbreviations.csv (Post, Place and OrgPrefix abbreviations are expanded word by word)."""
    whole: dict[str, str] = {}
    words: dict[str, str] = {}
    for row in resources.read_csv("post_expansions.csv"):
        (whole if row.get("match") == "whole" else words)[row["form"]] = row["expansion"]
    for typ in ("Post", "Place", "OrgPrefix"):
        for short, long in resources.abbreviations().get(typ, []):
            if " " not in short:
                words.setdefault(short, long)
    return whole, words


def _expand(text: str) -> str | None:
    """Normalise a post name: "Kapolda Jatim" -> "Kepala Kepolisian Daerah Jawa Timur",
    "Presiden RI" and a bare "Presiden" -> "Presiden Republik Indonesia". None when the
    name is already in its full form."""
    whole, table = _post_tables()
    if text in whole:
        return whole[text]
    parts = text.split()
    out = " ".join(table.get(w, w) for w in parts)
    out = out.replace("Republik Republik Indonesia", "Republik Indonesia")
    out = whole.get(out, out)
    return out if out != text else None


def iso_date(text: str) -> str | None:
    m = _DATE.search(text)
    if not m:
        return None
    if m.group(2):
        return f"{m.group(3)}-{_MONTHS[m.group(2)]:02d}-{int(m.group(1)):02d}"
    return f"{m.group(6)}-{int(m.group(5)):02d}-{int(m.group(4)):02d}"


class Extractor:
    """Turns one Doc into an ArticleExtraction. Holds resource tables, so build one."""

    def __init__(self) -> None:
        t = resources.titles()
        words: set[str] = set()
        for w in t.get("rank", set()) | t.get("honorific", set()) | t.get("post", set()):
            words.update(p.rstrip(".") for p in w.split())
        self.prefix_words = words
        self.generic = t.get("generic_person", set())

    def __call__(self, doc: Doc, article: Article) -> ArticleExtraction:
        ex = ArticleExtraction(article=article)
        rule_spans = {(s.start, s.end) for s in doc.spans.get("kg_rule", [])}
        key_of: dict[tuple[int, int], str] = {}

        def add(span: Span, typ: str, source: str, conf: float, normal: str | None = None) -> str:
            k = (span.start, span.end)
            if k in key_of:
                return key_of[k]
            key = f"m{len(ex.mentions)}"
            sent = span.sent
            ex.mentions.append(Mention(
                key=key, text=span.text, type=typ, start=span.start_char, end=span.end_char,
                confidence=conf, source=source, normal=normal,
                sent_start=sent.start_char, sent_end=sent.end_char,
            ))
            key_of[k] = key
            return key

        for ent in doc.ents:
            typ = TYPE_OF.get(ent.label_)
            if typ is None:
                continue
            span: Span | None = ent
            if typ == "Person":
                span = _strip_person(ent, self.prefix_words)
                if span is None or span.text in self.generic:
                    continue
            source = "rule" if (ent.start, ent.end) in rule_spans else "model"
            add(span, typ, source, CONF[source])  # type: ignore[arg-type]

        for post, holder in zip(doc.spans.get("kg_posts", []), doc.spans.get("kg_post_holders", []),
                                strict=False):
            p = add(post, "Post", "rule", CONF["post"], _expand(post.text))
            if len(holder):
                hspan = _strip_person(holder, self.prefix_words) or holder
                h = key_of.get((hspan.start, hspan.end)) or add(hspan, "Person", "rule", 0.6)
                self._rel(ex, "holds", h, p, post, 0.8)
            for ent in doc.ents:
                if post.start <= ent.start and ent.end <= post.end and ent.label_ in ("ORG", "LOC"):
                    o = key_of.get((ent.start, ent.end))
                    if o:
                        kind = "postIn" if ent.label_ == "ORG" else "areaServed"
                        self._rel(ex, kind, p, o, post, 0.7)

        events = list(doc.spans.get("kg_events", []))
        for ev in events:
            k = add(ev, "Event", "rule", CONF["event"])
            self._event_links(ex, doc, ev, k, key_of)

        self._acronyms(ex, doc, key_of, add)
        if article.publisher:
            ex.mentions.append(Mention(key="publisher", text=article.publisher,
                                       type="Organization", start=0, end=0,
                                       confidence=CONF["publisher"], source="metadata"))
        ex.quotes = find_quotes(article.text, ex.mentions)
        return ex

    @staticmethod
    def _rel(ex: ArticleExtraction, kind: str, s: str, o: str | None, span: Span,
             conf: float, value: str | None = None) -> None:
        sent = span.sent
        ex.relations.append(Relation(
            kind=kind, subject=s, object=o, value=value, confidence=conf,
            evidence=Evidence(sentence=sent.text, start=sent.start_char, end=sent.end_char),
        ))

    def _event_links(self, ex: ArticleExtraction, doc: Doc, ev: Span, k: str,
                     key_of: dict[tuple[int, int], str]) -> None:
        """Place after "di", date in the sentence (else the article's), people and organiser."""
        sent = ev.sent
        ents = [e for e in sent.ents if not (ev.start <= e.start and e.end <= ev.end)]
        for e in ents:
            key = key_of.get((e.start, e.end))
            if key is None:
                continue
            before = doc[e.start - 1].text.lower() if e.start > 0 else ""
            before2 = doc[e.start - 2].text.lower() if e.start > 1 else ""
            if e.label_ == "LOC" and e.start > ev.start and (
                    before == "di" or (before == "," and before2 != "")):
                if before == "," and not any(r.subject == k and r.kind == "location"
                                             for r in ex.relations):
                    continue
                self._rel(ex, "location", k, key, ev, 0.65)
            elif e.label_ == "PER":
                self._rel(ex, "attendee", k, key, ev, 0.5)
            elif e.label_ == "ORG" and (before == "oleh" or
                                        any(t.lower_ in _ORGANISE for t in sent)):
                self._rel(ex, "organizer", k, key, ev, 0.45)
        date = iso_date(sent.text) or ex.article.date
        if date:
            self._rel(ex, "startDate", k, None, ev, 0.5 if iso_date(sent.text) else 0.3,
                      value=date)

    @staticmethod
    def _acronyms(ex: ArticleExtraction, doc: Doc, key_of: dict[tuple[int, int], str],
                  add: object) -> None:
        """"Persatuan Guru Republik Indonesia (PGRI)": both mentions learn the other form."""
        by_end = {e: ex.mentions[int(key_of[(s, e)][1:])] for (s, e) in key_of}
        for i, tok in enumerate(doc):
            if tok.text != "(" or i + 2 >= len(doc) or doc[i + 2].text != ")":
                continue
            inner = doc[i + 1]
            long_m = by_end.get(i)
            if long_m is None or long_m.type not in ("Organization", "Place", "Event"):
                continue
            camel = re.fullmatch(r"[A-Z][a-z]+[A-Z]\w*", inner.text)  # "KemenPAN"
            if (inner.text.isupper() and len(inner.text) >= 2) or camel:
                short_key = key_of.get((i + 1, i + 2))
                if short_key is None:
                    short_key = add(Span(doc, i + 1, i + 2, label="ORG"), long_m.type,  # type: ignore[operator]
                                    "rule", 0.8)
                short = ex.mentions[int(short_key[1:])]
                short.long_form = long_m.text
                long_m.long_form = short.text
