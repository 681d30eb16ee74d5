"""Rule-based entities merged with the statistical NER: gazetteers, designators, titles.

Why one component instead of spaCy's EntityRuler: the merge policy matters. The ruler
either lets its own spans win ("Bandung" would cut "Polres Bandung" in half) or the
model's; kg keeps the longest span, and on a tie the rule (gazetteers are precise on what
they list). Rule spans are also recorded in `doc.spans["kg_rule"]` so extraction can give
them their own confidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kg import resources
from kg.components.boundary import STOP_WORDS, closes_scope, is_scope, name_starts, word_kind
from kg.components.glued import split_glued_places
from kg.components.lists import listed_acronyms, persons_in_lists
from kg.components.phrases import PhraseTable

LABEL = {"Person": "PER", "Organization": "ORG", "Place": "LOC", "Event": "EVT"}
# heads naming an administrative region: "Provinsi Kepri Abu Bakar" ends with the region
ADMIN_HEADS = {"Provinsi", "Kabupaten", "Kab.", "Kota", "Kecamatan", "Kec.", "Desa",
               "Kelurahan", "Pulau", "Kepulauan", "Distrik"}
CONNECTORS = {"dan", "&", "/", "-", "untuk", "of", "and", "the"}


def is_cap(text: str) -> bool:
    """A token that can be part of a proper name (Capitalised, ACRONYM, Roman numeral, 2019)."""
    return bool(text) and (text[0].isupper() or text.isdigit()) and text not in STOP_WORDS


def _after_language(span: Span) -> bool:
    return span.label_ == "LOC" and span.start > 0 and \
        span.doc[span.start - 1].lower_ in {"bahasa", "berbahasa", "suku"}


def paren_acronym(doc: Doc, j: int) -> int:
    """3 when doc[j:j+3] is "(ACRONYM)" ("(PGRI)", "(Pemkab)", "(Persero)"), else 0: news
    defines acronyms inside a name, "Pemerintah Kabupaten (Pemkab) Bandung"; a longer
    contraction counts when it opens like the word before it ("Pemerintah Daerah Provinsi
    (Pemdaprov) Jawa Barat")."""
    if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")":
        inner = doc[j + 1].text
        if inner[:1].isupper() and (inner.isupper() or any(c.isupper() for c in inner[1:])
                                    or len(inner) <= 8 or _contracts(doc, j, inner)):
            return 3
    return 0


def _contracts(doc: Doc, j: int, inner: str) -> bool:
    """"Pemdaprov" after "Pemerintah Daerah Provinsi": the short form starts with the first
    three letters of one of the (up to four) capitalised words before the bracket."""
    words = [t.text for t in doc[max(0, j - 4) : j] if t.text[:1].isupper()]
    return inner.isalpha() and any(w[:3].lower() == inner[:3].lower() for w in words)


def _phrases(nlp: Language, words: Iterable[str]) -> list[Doc]:
    return [nlp.make_doc(w) for w in sorted(set(words)) if w]


class RuleEntities:
    """Adds rule spans to doc.ents with the longest-span-wins policy."""

    def __init__(self, nlp: Language, person_fallback: bool) -> None:
        self.person_fallback = person_fallback
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        abbr = resources.abbreviations()
        places = set(resources.place_names()) | {s for s, _ in abbr.get("Place", [])}
        places |= {long for _, long in abbr.get("Place", [])}
        orgs = set(resources.known_orgs())
        for short, long in abbr.get("Organization", []):
            orgs |= {short, long}
            if len(short) >= 4 and short.isupper():
                orgs.add(short.title())  # "Pgri" in one article, "PGRI" in another
        persons = set()
        for alias, name, typ in resources.nicknames():
            (persons if typ == "Person" else orgs).update((alias, name))
        self.places = resources.place_names()
        self.matcher.add("LOC", _phrases(nlp, places))
        self.matcher.add("ORG", _phrases(nlp, orgs))
        self.matcher.add("PER", _phrases(nlp, persons))
        des = resources.designators()
        # an organisation prefix's short form heads a name like its long form: "Pemdaprov
        # Jawa Barat" as "Pemerintah Daerah Provinsi Jawa Barat"
        self.org_heads = PhraseTable(des.get(("Organization", "head"), set())
                                     | {s for s, _ in abbr.get("OrgPrefix", [])
                                        if not s.isupper()})  # "dan HAM" is no new name
        self.place_heads = PhraseTable(des.get(("Place", "head"), set()))
        self.org_tails = des.get(("Organization", "tail"), set())
        self.org_tail_table = PhraseTable(self.org_tails)
        # organisation heads that after "di"/"ke" name the building ("di Balai Kartini")
        self.venue_heads = des.get(("Organization", "venue"), set())
        self.place_tails = PhraseTable(des.get(("Place", "tail"), set()))
        self.org_prefixes = {s for s, _ in abbr.get("OrgPrefix", [])}
        self.post_shorts = {s for s, _ in abbr.get("Post", [])}
        t = resources.titles()
        self.person_cues = t.get("rank", set()) | t.get("honorific", set())
        self.post_titles = t.get("post", set())
        self.not_person = t.get("generic_person", set())
        self.speech = resources.speech_verbs()
        self.stop = nlp.Defaults.stop_words
        self._gazetteer_places: dict[int, int] = {}
        self._per_starts: set[int] = set()
        self._named: list[Span] = []

    def __call__(self, doc: Doc) -> Doc:
        """Merge in three tiers: strong rules (designators, multi-word gazetteer names,
        cue-found people), then the model's entities, then single-word gazetteer matches;
        inside a tier the longest span wins. Strong rules know boundaries the model often
        gets wrong ("Dharmawan H. Samsu", not "Samsu"); single words ("Indonesia") must not
        cut a model's "Mitra Seni Indonesia" in half."""
        strong: list[Span] = []
        weak: list[Span] = []
        for label_id, start, end in self.matcher(doc):
            if start > 0 and doc[start - 1].text == "Ibu" and doc[start].text == "Kota":
                continue  # "Ibu Kota Negara" is "the capital", not the town Negara
            (strong if end - start > 1 else weak).append(Span(doc, start, end, label=label_id))
        self._gazetteer_places = {s.start: s.end for s in strong + weak if s.label_ == "LOC"}
        self._per_starts = {e.start for e in map(self._trim_titles, doc.ents)
                            if e is not None and e.label_ == "PER"}
        self._named: list[Span] = []
        orgs = self._designated(doc, self.org_heads, "ORG", extend_tail=True, blocked=set())
        inside = {i for s in orgs for i in range(s.start + 1, s.end)}
        strong += orgs
        strong += self._designated(doc, self.place_heads, "LOC", extend_tail=False,
                                   blocked=inside)
        strong += self._tailed(doc, self.place_tails, "LOC")
        org_tailed = self._tailed(doc, self.org_tail_table, "ORG")  # "... Organisation"
        strong += self._named  # names found where a designated scope ends
        model = [self._trim_titles(e) for e in doc.ents if e.label_ in ("PER", "ORG", "LOC", "EVT")]
        model = persons_in_lists(split_glued_places([e for e in model if e is not None],
                                                    self.places))
        lower_words = {t.text for t in doc if t.is_lower}
        # a one-word "name" the same article also writes in lower case is a common word
        # ("Kepolisian" beside "anggota kepolisian"; "Lantaran" opening a sentence)
        model = [e for e in model if e is not None and not (
            len(e) == 1 and (e[0].lower_ in self.stop or e[0].lower_ in lower_words))]
        # a post's short form the model read as a body ("(KSAD)") is the post, found by
        # the post rule when someone holds it; as an organisation it would be a false node
        model = [e for e in model if not (e.label_ == "ORG" and e.text in self.post_shorts)]
        # an all-capitals single word is an acronym: an organisation unless a known
        # person's nickname (SBY, JK), which the gazetteer tier then types PER
        model = [Span(doc, e.start, e.end, label="ORG")
                 if e.label_ == "PER" and len(e) == 1 and e[0].text.isupper()
                 and len(e[0].text) > 2 else e for e in model]
        # a "person" ending in an organisation tail ("Northwind Holdings") is a company
        model = [Span(doc, e.start, e.end, label="ORG")
                 if e.label_ == "PER" and len(e) > 1 and e[-1].text in self.org_tails else e
                 for e in model]
        strong += [t for t in org_tailed if not any(  # a longer model name wins
            m.label_ == "ORG" and m.start <= t.start and t.end <= m.end and len(m) > len(t)
            for m in model)]
        weak_at = {(w.start, w.end): w.label_ for w in weak}
        model = [Span(doc, e.start, e.end, label=weak_at[(e.start, e.end)])
                 if (e.start, e.end) in weak_at else e for e in model]
        if self.person_fallback:
            rule_tokens = {i for sp in strong + weak for i in range(sp.start, sp.end)}
            taken = set(rule_tokens)
            for sp in model:
                if sp.label_ == "PER":
                    continue
                inner = [i for i in range(sp.start, sp.end) if i in rule_tokens]
                # a model organisation that runs past a known name into more capitalised
                # words has likely swallowed a person ("Hulu Pertamina Dharmawan H. Samsu")
                stop = max(inner) + 1 if inner else sp.end
                taken.update(range(sp.start, stop))
            strong += self._cued_persons(doc, taken, [e for e in model if e.label_ == "PER"])
        # "bahasa Inggris" is a language, "suku Jawa" a people: not the places
        strong = [sp for sp in strong if not _after_language(sp)]
        model = [sp for sp in model if not _after_language(sp)]
        weak = [sp for sp in weak if not _after_language(sp)]
        taken_final: set[int] = set()
        kept: list[Span] = []
        kept_rule: list[Span] = []
        for tier, spans in enumerate((strong, model, weak)):
            for span in sorted(spans, key=lambda sp: (sp.start - sp.end, sp.start)):
                if any(i in taken_final for i in range(span.start, span.end)):
                    continue
                taken_final.update(range(span.start, span.end))
                kept.append(span)
                if tier != 1:
                    kept_rule.append(span)
        guessed = {sp.start: sp for sp in kept if sp not in kept_rule and len(sp) == 1
                   and sp.label_ in ("LOC", "PER")}  # the model's one-word guesses
        listed = listed_acronyms(doc, kept, taken_final - set(guessed))
        kept = [sp for sp in kept if not any(sp is guessed.get(x.start) for x in listed)]
        kept += listed
        kept_rule += listed
        doc.ents = sorted(kept, key=lambda sp: sp.start)
        doc.spans["kg_rule"] = kept_rule
        return doc

    def _trim_titles(self, span: Span) -> Span | None:
        """A model PER span that starts inside or with a title ("Negara Iriana" after "Ibu",
        "Kapolda Jatim Irjen Luki") is cut to the name."""
        if span.label_ != "PER":
            # "NTB Irjen Pol" read as one body: the rank starts the name that follows
            words = [t.text for t in span]
            cut = next((k for k in range(1, len(span))
                        if resources.title_len(words, k, ("rank",))), None)
            return span if cut is None else Span(span.doc, span.start, span.start + cut,
                                                 label=span.label_)
        doc = span.doc
        words = [t.text for t in doc[max(0, span.start - 3) : span.end]]
        off = max(0, span.start - 3)
        start = span.start
        for j in range(off, span.end):
            n = resources.title_len(words, j - off, ("post", "rank", "honorific"))
            if n and (j <= start < j + n or (start < j and resources.title_len(
                    words, j - off, ("rank", "honorific")))):
                # a rank inside the span starts the name: "Jabar Irjen Pol Bagus" -> "Bagus"
                start = j + n
        if start >= span.end:
            return None
        return span if start == span.start else Span(doc, start, span.end, label="PER")

    def _tailed(self, doc: Doc, tails: PhraseTable, label: str) -> list[Span]:
        """Capitalised words ending in a tail designator: "Jogja Expo Center", "iNews
        Tower", "Defence and Security Organisation" (English names join with "and"/"of")."""
        out: list[Span] = []
        for i in range(1, len(doc)):
            t = tails.match(doc, i)
            if not t:
                continue
            s = i
            while s > 0 and i - s < 4 and not doc[s].is_sent_start:
                w = doc[s - 1].text
                if is_cap(w) and not resources.title_len([w], 0, ("post", "rank", "honorific")):
                    s -= 1
                elif w[:1].islower() and w[1:2].isupper():
                    s -= 1  # "iNews"
                elif w in {"and", "of", "&"} and s - 1 > 0 and s < i and \
                        is_cap(doc[s - 2].text):
                    s -= 1
                else:
                    break
            while label == "ORG" and s < i and (word_kind(doc[s].text) == "common"
                                                or doc[s].text in {"and", "of", "&"}
                                                or any(c.isdigit() for c in doc[s].text)):
                s += 1  # "Petugas Call Center": common words open no company's name
            if s < i:
                out.append(Span(doc, s, i + t, label=label))
        return out

    def _any_head(self, doc: Doc, i: int) -> bool:
        return bool(self.org_heads.match(doc, i)
                    or self.place_heads.match(doc, i))

    def _designated(
        self, doc: Doc, heads: PhraseTable, label: str, extend_tail: bool,
        blocked: set[int],
    ) -> list[Span]:
        """Designator + capitalised continuation: "Dinas Pendidikan Provinsi Kepri"."""
        words = [t.text for t in doc]
        other = self.place_heads if heads is self.org_heads else self.org_heads
        out: list[Span] = []
        i = 0
        n = len(doc)
        while i < n:
            h = 0 if i in blocked else heads.match(doc, i)
            if i > 0 and doc[i - 1].text == "Ibu" and doc[i].text == "Kota":
                h = 0  # "Ibu Kota Negara": the capital
            if h and other.match(doc, i) > h:
                h = 0  # "Balai Kota" (place) beats "Balai" (organisation)
            if not h:
                i += 1
                continue
            if label == "LOC" and i in self._gazetteer_places:
                out.append(Span(doc, i, self._gazetteer_places[i], label=label))
                i = self._gazetteer_places[i]  # "Kota Bandung" is a whole name already
                continue
            j = i + h
            if label == "LOC" and j in self._gazetteer_places and doc[i].text in ADMIN_HEADS:
                j = self._gazetteer_places[j]  # "Provinsi Kepri" ends with the known name
                out.append(Span(doc, i, j, label=label))
                i = j
                continue
            place_ends = set(self._gazetteer_places.values())
            while j < n:
                tok = doc[j].text
                if resources.title_len(words, j) or (j > i + h and tok in self.post_titles):
                    break  # "Polda Jabar Kombes Pol Hendro": the name is not the body's
                named = name_starts(doc, j, i + h, self._per_starts, set(self._gazetteer_places),
                                    place_ends, use_stats=label == "ORG")
                if named:
                    # "Badan Legislasi DPR Supratman Andi Agtas": the body ends, a name starts
                    self._named.append(Span(doc, j, j + named, label="PER"))
                    break
                if is_cap(tok) and not doc[j].is_sent_start:
                    if closes_scope(doc[j - 1].text) and word_kind(tok) == "common" and \
                            j + 1 < n and doc[j + 1].is_lower:
                        break  # "Kementerian X RI Bersama dengan ...": a common word ends it
                    j += 1
                elif (tok in CONNECTORS and j + 1 < n and is_cap(doc[j + 1].text)
                      and j > i + h and not self._any_head(doc, j + 1)):
                    j += 2
                elif tok == "(" and j + 2 < n and doc[j + 2].text == ")" and extend_tail and \
                        doc[j + 1].text in self.org_tails:
                    j += 3  # "(Persero)"
                elif paren_acronym(doc, j) and j + 3 in self._gazetteer_places:
                    j += 3  # "Pemerintah Kabupaten (Pemkab) Bandung"
                else:
                    break
            if extend_tail and j < n and doc[j].text in self.org_tails:
                j += 1
            if j > i + h:
                if label == "ORG" and h == 1 and doc[i].text in self.venue_heads and i > 0 \
                        and doc[i - 1].lower_ in {"di", "ke"} \
                        and word_kind(doc[i + h].text) != "common":
                    out.append(Span(doc, i, j, label="LOC"))  # "di Balai Kartini": the hall
                    i = j
                    continue
                out.append(Span(doc, i, j, label=label))
                i = j
            else:
                i += 1
        return out

    def _cued_persons(self, doc: Doc, taken: set[int],
                      model_per: list[Span] | None = None) -> list[Span]:
        """Without a trained NER: after a rank, honorific, post title or speech verb, the
        capitalised run minus the organisations, places, acronyms and titles it starts with
        is taken as a person's name ("kata Syarif", "Direktur Hulu Pertamina Dharmawan H.
        Samsu", "Juru Bicara KPK, Febri Diansyah")."""
        words = [t.text for t in doc]
        per_starts = {p.start for p in model_per or []}
        per_tokens = {i for p in model_per or [] for i in range(p.start, p.end)}
        out: list[Span] = []
        n = len(doc)
        i = 0
        while i < n - 1:
            is_post = resources.title_len(words, i, ("post",)) > 0 and \
                not resources.title_len(words, i, ("rank", "honorific"))
            cue = resources.title_len(words, i, ("rank", "honorific", "post"))
            if not cue and words[i].lower() in self.speech:
                cue = 1
            if not cue:
                i += 1
                continue
            k = i + cue
            start = base = k  # base: where the words after the last title begin
            while k < n and k - start < 9:
                t = words[k]
                if doc[k].is_sent_start and k > start:
                    break
                if k in per_starts and k > start and start == base:
                    start = k  # the model's name starts here; what came before is scope
                if re.fullmatch(r"[A-Z]\.?", t) and k > start:
                    k += 1  # an initial inside a name: "Dharmawan H. Samsu"
                elif t in self.post_titles:
                    k += 1
                    start = base = k
                    is_post = True  # "Pak Kabid Bina Marga, Hendrija"
                elif k in taken or (t.isupper() and len(t) > 1) or t in {"/", "-"}:
                    k += 1
                    start = k
                elif t.isdigit():
                    k += 1
                    start = k  # "Ketua Panitia Hari Batik Nasional 2019 Diana Santosa"
                elif (tl := resources.title_len(words, k)):
                    k += tl
                    start = k
                elif paren_acronym(doc, k):
                    k += 3
                    start = k  # "Wakil Ketua Komisi ... (KPK) Laode M Syarif"
                elif t == "," and k > base and (k == start or (is_post and start == base)):
                    k += 1
                    start = k  # "Juru Bicara KPK, Febri Diansyah", "Kabid Bina Marga, Hendrija"
                elif is_cap(t) and not t.isdigit() or (t == "." and k > start):
                    k += 1
                else:
                    break
            end = k
            while end > start and words[end - 1] in {".", ","}:
                end -= 1
            if is_post and start == base and not per_tokens & set(range(start, end)):
                # after a post title, a run with nothing marking where the scope ends is the
                # scope itself ("Menteri Keuangan"), not a name
                i += 1
                continue
            if start < end <= start + 4 and words[start] not in self.not_person \
                    and words[start][:1].isupper() and words[start].lower() not in self.stop \
                    and not self._any_head(doc, start) and words[start] not in self.org_prefixes \
                    and not is_scope(words[start]):
                # "Perpres Nomor 12", "Direktur Pengembangan Bisnis": words the corpus writes
                # in lower case or in organisation names are no person
                out.append(Span(doc, start, end, label="PER"))
                i = end
            else:
                i += 1
        return out


@Language.factory("kg_rules", default_config={"person_fallback": False})
def make_kg_rules(nlp: Language, name: str, person_fallback: bool) -> RuleEntities:
    return RuleEntities(nlp, person_fallback)
