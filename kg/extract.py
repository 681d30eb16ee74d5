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
from kg.components.boundary import word_kind
from kg.links import link_events
from kg.mention_shape import keep, trim
from kg.models import Article, ArticleExtraction, Evidence, Mention, Relation
from kg.post_scope import foreign_country, is_bare, national_holder, post_links, qualify_bare
from kg.quotes import find_quotes

QUOTE_MARKS = {'"', "“", "”", "'", "‘", "’"}
TYPE_OF = {"PER": "Person", "ORG": "Organization", "LOC": "Place", "EVT": "Event"}
CONF = {"model": 0.7, "rule": 0.85, "post": 0.75, "event": 0.6, "publisher": 0.95}


def plausible_name(span: Span) -> bool:
    """A post's holder must look like a person's name: not made only of words the corpus
    writes in lower case ("Nomor", "Pengembangan Bisnis"), nor only of words it knows from
    organisation and place names unless a name finder marked the span as a person."""
    words = [t.text for t in span if t.text[:1].isalpha()]
    if not words or not words[0][:1].isupper():
        return False
    kinds = [word_kind(w) for w in words]
    if all(k == "common" for k in kinds):
        return False
    is_ent = any(e.start == span.start and e.end == span.end and e.label_ == "PER"
                 for e in span.doc.ents)
    return is_ent or not all(k in ("common", "org") for k in kinds)


def _strip_person(span: Span) -> Span | None:
    """Drop ranks, honorifics and post titles a model may include in a PER span."""
    s, e = span.start, span.end
    doc = span.doc
    words = [t.text for t in doc[s:e]]
    while s < e:
        n = resources.title_len(words, s - span.start, ("rank", "honorific", "post"))
        if n:
            s += n
        elif doc[s].text in {".", ","}:
            s += 1
        else:
            break
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


def _party_dpd(parts: list[str]) -> list[str]:
    """"DPD" before the name of a party or an association ("Ketua DPD I Partai Golkar NTB",
    "Ketua DPD HIPPI DKI") is its regional board, Dewan Pimpinan Daerah; only "DPD RI" and a
    "DPD" before a region or nothing is the Dewan Perwakilan Daerah."""
    places = resources.place_names()
    out = list(parts)
    for i, w in enumerate(parts):
        if w != "DPD":
            continue
        j = i + 1
        while j < len(parts) and re.fullmatch(r"[IVX]+", parts[j]):
            j += 1
        nxt = parts[j] if j < len(parts) else ""
        if nxt and nxt not in {"RI", "Republik", "Indonesia"} and nxt not in places \
                and " ".join(parts[j : j + 2]) not in places:
            out[i : i + 1] = ["Dewan Pimpinan Daerah"]
    return " ".join(out).split()


def _expand(text: str) -> str | None:
    """Normalise a post name: "Kapolda Jatim" -> "Kepala Kepolisian Daerah Jawa Timur",
    "Presiden RI" and a bare "Presiden" -> "Presiden Republik Indonesia". None when the
    name is already in its full form."""
    whole, table = _post_tables()
    if text in whole:
        return whole[text]
    parts = _party_dpd(text.split())
    out = " ".join(table.get(w, w) for w in parts)
    out = out.replace("Republik Republik Indonesia", "Republik Indonesia")
    out = re.sub(r"\b(\w+)( \1\b)+", r"\1", out)  # "DKI Jakarta Jakarta": DKI was expanded
    out = whole.get(out, out)
    return out if out != text else None


FOREIGN = "\x00foreign"  # a bare national title whose holder heads another country


def _expand_in_context(post: Span, posts: list[Span] | tuple[Span, ...] = (),
                       holder: Span | None = None) -> str | None:
    """`_expand`, except that a bare national title ("Presiden", "Jaksa Agung") means the
    Indonesian post only when nothing says otherwise: in a sentence about a foreign
    country (kg.post_scope.foreign_country) it is FOREIGN, unless the holder is on record
    as holding the Indonesian post (kg.post_scope.national_holder), so no foreign head of
    state holds the Indonesian presidency."""
    # "Gubernur dan Wakil Gubernur Jawa Barat": posts.py names the first "Gubernur Jawa Barat"
    text = re.sub(r"\s*\([^)]*\)", "", post.kb_id_ or post.text).strip()
    out = _expand(text)
    if out is None and text != post.text:
        out = text
    whole, _ = _post_tables()
    if text not in whole or "Indonesia" not in (out or ""):
        return out
    if national_holder(out or "", holder) or foreign_country(post, posts) is None:
        return out
    return FOREIGN


def publisher_name(source: str) -> str | None:
    """"sindonews.com" -> "Sindonews", "www.kabarjabar.example" -> "Kabarjabar": the name
    a domain-style source stands for, so it meets the dateline's "(Sindonews)" in one node."""
    name = re.sub(r"^(https?://)?(www\.)?", "", source.strip(), flags=re.I)
    name = re.sub(r"\.(com|co\.id|or\.id|go\.id|id|net|org|co|news|tv|example)$", "", name,
                  flags=re.I)
    if name.islower():
        name = name[:1].upper() + name[1:]
    return name if name and name != source else None


def dateline_place(dateline: str | None) -> str | None:
    """The dateline's city as a Place name, only when the gazetteer knows it as a place
    ("Medan", "Jakarta Selatan"); an outlet or a word that is no place gives None."""
    if not dateline:
        return None
    name = dateline.strip()
    if name.isupper() and len(name) > 3:
        name = " ".join(w.capitalize() for w in name.split())
    places = resources.place_names()
    known = {s for s, _ in resources.abbreviations().get("Place", [])}
    if name in places or name in known:
        return name
    return None


def _drop_shapeless(ex: ArticleExtraction) -> None:
    """Drop mentions whose shape is no whole name (kg.mention_shape.keep: "depan Bawaslu"),
    with the relations and quotes that point at them."""
    gone = {m.key for m in ex.mentions if m.source != "metadata" and not keep(m.text, m.type)}
    if not gone:
        return
    ex.mentions = [m for m in ex.mentions if m.key not in gone]
    for m in ex.mentions:
        if m.same_as in gone:
            m.same_as = None
    ex.relations = [r for r in ex.relations if r.subject not in gone and r.object not in gone]
    ex.quotes = [q for q in ex.quotes if q.speaker not in gone]


def paren_acronym_tokens(words: list[str]) -> bool:
    return len(words) == 3 and words[0] == "(" and words[2] == ")" and words[1][:1].isupper()


class Extractor:
    """Turns one Doc into an ArticleExtraction. Holds resource tables, so build one."""

    def __init__(self) -> None:
        t = resources.titles()
        self.known_names = {name for _, name, typ in resources.nicknames() if typ == "Person"}
        self.generic = t.get("generic_person", set())

    def _known_prefix(self, span: Span) -> int:
        """Token length of a well-known full name that starts a longer PER span: "Joko Widodo
        Gibran Rakabuming" is two people run together, not one."""
        words = [t.text for t in span]
        for n in range(len(words) - 1, 1, -1):
            if " ".join(words[:n]) in self.known_names:
                return n
        return 0

    def __call__(self, doc: Doc, article: Article) -> ArticleExtraction:
        ex = ArticleExtraction(article=article)
        rule_spans = {(s.start, s.end) for s in doc.spans.get("kg_rule", [])}
        key_of: dict[tuple[int, int], str] = {}

        def add(span: Span, typ: str, source: str, conf: float, normal: str | None = None) -> str:
            orig, whole = (span.start, span.end), span
            span = trim(span) if typ in ("Person", "Organization", "Place") else span
            while len(span) > 1 and span[-1].is_punct and span[-1].text not in {")", "."}:
                span = span[:-1]
            k = (span.start, span.end)
            if k in key_of or orig in key_of:
                return key_of.get(k) or key_of[orig]
            key = f"m{len(ex.mentions)}"
            defined = None
            if normal is None and "(" in span.text:
                # "Wakil Ketua Komisi Pemberantasan Korupsi (KPK)" is named without the
                # acronym it defines, and the acronym is kept as the name's short form
                normal = re.sub(r"\s*\([^)]*\)", "", span.text).strip() or None
                m = re.search(r"\(([A-Z][A-Za-z]*[A-Z][A-Za-z]*)\)", span.text)
                defined = m.group(1) if m and typ == "Organization" else None
            sent = span.sent
            text = span.text.rstrip("-?!,;:")  # "KPK-", "Joko?": tokeniser leftovers
            ex.mentions.append(Mention(
                key=key, text=text, type=typ, start=span.start_char,
                end=span.start_char + len(text),
                confidence=conf, source=source, normal=normal, long_form=defined,
                sent_start=sent.start_char, sent_end=sent.end_char,
            ))
            key_of[k] = key_of[orig] = key
            rest = whole[span.end - whole.start :]
            if typ == "Person" and len(rest) > 1 and rest[0].text == "(" and all(
                    t.text[:1].isupper() for t in rest[1:]):
                # "Muhammad Abdul Basit (Abbas" cut at its open bracket: the bracket's
                # name is what the text calls him next
                ex.mentions[int(add(rest[1:], typ, source, conf)[1:])].same_as = key
            return key

        titled = [ev for ev in doc.spans.get("kg_events", [])
                  if any(t.text in QUOTE_MARKS for t in ev)]
        for ent in doc.ents:
            typ = TYPE_OF.get(ent.label_)
            if typ is None:
                continue
            if any(ev.start < ent.start and ent.end <= ev.end for ev in titled):
                continue  # 'Pameran "Pasar Batik Rakyat"': the quoted words name the event
            span: Span | None = ent
            if typ == "Person":
                span = _strip_person(ent)
                if span is None or span.text in self.generic:
                    continue
                cut = self._known_prefix(span)
                if cut:
                    rest = Span(doc, span.start + cut, span.end, label="PER")
                    span = Span(doc, span.start, span.start + cut, label="PER")
                    if rest[0].text[:1].isupper():
                        add(rest, typ, "model", CONF["model"] - 0.1)
            source = "rule" if (ent.start, ent.end) in rule_spans else "model"
            add(span, typ, source, CONF[source])  # type: ignore[arg-type]

        former = {(s.start, s.end) for s in doc.spans.get("kg_posts_former", [])}
        posts = list(doc.spans.get("kg_posts", []))
        pairs = [(p, h if len(h) else None) for p, h in
                 zip(posts, doc.spans.get("kg_post_holders", []), strict=False)]
        normal = {(p.start, p.end): _expand_in_context(p, posts, h) for p, h in pairs}
        qualified = qualify_bare(pairs, normal)
        for post, holder in zip(posts, doc.spans.get("kg_post_holders", []), strict=False):
            named = len(holder) and plausible_name(_strip_person(holder) or holder)
            if normal[(post.start, post.end)] == FOREIGN or (
                    is_bare(post.kb_id_ or post.text)
                    and qualified.get((post.start, post.end)) is None):
                # "Menteri Rini" with no whole post for Rini in the article: Rini is a
                # person, "Menteri" alone is no post (kg.post_scope)
                if named:
                    hspan = _strip_person(holder) or holder
                    key_of.get((hspan.start, hspan.end)) or add(hspan, "Person", "rule", 0.6)
                continue
            p = add(post, "Post", "rule", CONF["post"],
                    qualified.get((post.start, post.end)) or normal[(post.start, post.end)])
            if named:
                hspan = _strip_person(holder) or holder
                h = key_of.get((hspan.start, hspan.end)) or add(hspan, "Person", "rule", 0.6)
                # "mantan Ketua MK X": held before, never org:holds (CONTRACT)
                kind = "heldFormerly" if (post.start, post.end) in former else "holds"
                self._rel(ex, kind, h, p, post, 0.8)
            for ent, kind in post_links(post):
                o = key_of.get((ent.start, ent.end))
                if o:
                    self._rel(ex, kind, p, o, post, 0.7)

        events = [(ev, add(ev, "Event", "rule", CONF["event"]))
                  for ev in doc.spans.get("kg_events", [])]

        def rel(kind: str, s: str, o: str | None, span: Span, conf: float,
                value: str | None) -> None:
            self._rel(ex, kind, s, o, span, conf, value)

        link_events(doc, events, key_of, article.date, rel, ex.mentions)

        self._acronyms(ex, doc, key_of, add)
        self._same_as(ex, doc, key_of)
        if article.publisher:
            ex.mentions.append(Mention(key="publisher", text=article.publisher,
                                       type="Organization", start=0, end=0,
                                       normal=publisher_name(article.publisher),
                                       confidence=CONF["publisher"], source="metadata"))
        place = dateline_place(article.dateline)
        if place:
            # "MEDAN (Antara) –": where the article was written (schema:locationCreated)
            ex.mentions.append(Mention(key="dateline", text=place, type="Place", start=0, end=0,
                                       confidence=CONF["rule"], source="metadata"))
        ex.quotes = find_quotes(article.text, ex.mentions)
        _drop_shapeless(ex)
        return ex

    @staticmethod
    def _rel(ex: ArticleExtraction, kind: str, s: str, o: str | None, span: Span,
             conf: float, value: str | None = None) -> None:
        sent = span.sent
        ex.relations.append(Relation(
            kind=kind, subject=s, object=o, value=value, confidence=conf,
            evidence=Evidence(sentence=sent.text, start=sent.start_char, end=sent.end_char),
        ))

    @staticmethod
    def _same_as(ex: ArticleExtraction, doc: Doc, key_of: dict[tuple[int, int], str]) -> None:
        """Two names the text puts side by side as one: "Kementerian PPN/Bappenas" (one
        body, two names), "Muhammad Romahurmuziy (Rommy)", "Sutrisno alias Tris"."""
        ents = [e for e in doc.ents if (e.start, e.end) in key_of]
        for a, b in zip(ents, ents[1:], strict=False):
            if a.label_ != b.label_ or a.label_ not in ("ORG", "PER"):
                continue
            between = [t.text for t in doc[a.end : b.start]]
            if paren_acronym_tokens(between[:3]):
                between = between[3:]  # "Kementerian PPN (PPN)/Badan ... (Bappenas)"
            same = (a.label_ == "ORG" and between == ["/"]) or (
                a.label_ == "PER" and (between == ["("] and b.end < len(doc)
                                       and doc[b.end].text == ")" or between == ["alias"]))
            if same:
                ex.mentions[int(key_of[(b.start, b.end)][1:])].same_as = key_of[(a.start, a.end)]

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
