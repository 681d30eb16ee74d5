"""Rule-based entities merged with the statistical NER: gazetteers, designators, titles.

Why one component instead of spaCy's EntityRuler: the merge policy matters. The ruler
either lets its own spans win ("Bandung" would cut "Polres Bandung" in half) or the
model's; kg keeps the longest span, and on a tie the rule (gazetteers are precise on what
they list). Rule spans are also recorded in `doc.spans["kg_rule"]` so extraction can give
them their own confidence.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kg import resources

LABEL = {"Person": "PER", "Organization": "ORG", "Place": "LOC", "Event": "EVT"}
DAYS = {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Jum'at", "Sabtu", "Minggu", "Ahad"}
MONTHS = {
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember",
}
CONNECTORS = {"dan", "&", "/", "-", "untuk", "of", "and", "the"}
STOP_WORDS = DAYS | MONTHS | {"Tahun", "Pukul", "WIB", "WITA", "WIT"}


def is_cap(text: str) -> bool:
    """A token that can be part of a proper name (Capitalised, ACRONYM, Roman numeral, 2019)."""
    return bool(text) and (text[0].isupper() or text.isdigit()) and text not in STOP_WORDS


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
        self.matcher.add("LOC", _phrases(nlp, places))
        self.matcher.add("ORG", _phrases(nlp, orgs))
        self.matcher.add("PER", _phrases(nlp, persons))
        des = resources.designators()
        self.org_heads = self._multi(des.get(("Organization", "head"), set()))
        self.place_heads = self._multi(des.get(("Place", "head"), set()))
        self.org_tails = des.get(("Organization", "tail"), set())
        self.org_prefixes = {s for s, _ in abbr.get("OrgPrefix", [])}
        t = resources.titles()
        self.person_cues = t.get("rank", set()) | t.get("honorific", set())
        self.post_titles = t.get("post", set())
        self.not_person = t.get("generic_person", set())
        self.speech = resources.speech_verbs()

    @staticmethod
    def _multi(words: set[str]) -> dict[str, list[list[str]]]:
        """first word -> list of full word sequences, longest first."""
        out: dict[str, list[list[str]]] = {}
        for w in words:
            parts = w.split()
            out.setdefault(parts[0], []).append(parts)
        for v in out.values():
            v.sort(key=len, reverse=True)
        return out

    def __call__(self, doc: Doc) -> Doc:
        cands: list[tuple[Span, bool]] = [(e, False) for e in doc.ents]
        rule_spans: list[Span] = []
        for label_id, start, end in self.matcher(doc):
            rule_spans.append(Span(doc, start, end, label=label_id))
        orgs = self._designated(doc, self.org_heads, "ORG", extend_tail=True, blocked=set())
        inside = {i for s in orgs for i in range(s.start + 1, s.end)}
        rule_spans += orgs
        rule_spans += self._designated(doc, self.place_heads, "LOC", extend_tail=False,
                                       blocked=inside)
        cands += [(s, True) for s in rule_spans]
        # longest first; on equal length the rule span wins
        cands.sort(key=lambda c: (-(c[0].end - c[0].start), not c[1], c[0].start))
        taken: set[int] = set()
        kept: list[Span] = []
        kept_rule: list[Span] = []
        for span, is_rule in cands:
            if span.label_ not in ("PER", "ORG", "LOC", "EVT"):
                continue
            if any(i in taken for i in range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            kept.append(span)
            if is_rule:
                kept_rule.append(span)
        if self.person_fallback:
            for span in self._cued_persons(doc, taken):
                if not any(i in taken for i in range(span.start, span.end)):
                    taken.update(range(span.start, span.end))
                    kept.append(span)
                    kept_rule.append(span)
        doc.ents = sorted(kept, key=lambda s: s.start)
        doc.spans["kg_rule"] = kept_rule
        return doc

    def _match_head(self, doc: Doc, i: int, heads: dict[str, list[list[str]]]) -> int:
        """Length of the designator phrase starting at token i (0 if none)."""
        for parts in heads.get(doc[i].text, ()):
            if [t.text for t in doc[i : i + len(parts)]] == parts:
                return len(parts)
        return 0

    def _any_head(self, doc: Doc, i: int) -> bool:
        return bool(self._match_head(doc, i, self.org_heads)
                    or self._match_head(doc, i, self.place_heads))

    def _designated(
        self, doc: Doc, heads: dict[str, list[list[str]]], label: str, extend_tail: bool,
        blocked: set[int],
    ) -> list[Span]:
        """Designator + capitalised continuation: "Dinas Pendidikan Provinsi Kepri"."""
        words = [t.text for t in doc]
        other = self.place_heads if heads is self.org_heads else self.org_heads
        out: list[Span] = []
        i = 0
        n = len(doc)
        while i < n:
            h = 0 if i in blocked else self._match_head(doc, i, heads)
            if h and self._match_head(doc, i, other) > h:
                h = 0  # "Balai Kota" (place) beats "Balai" (organisation)
            if not h:
                i += 1
                continue
            j = i + h
            while j < n:
                tok = doc[j].text
                if resources.title_len(words, j) or (j > i + h and tok in self.post_titles):
                    break  # "Polda Jabar Kombes Pol Hendro": the name is not the body's
                if is_cap(tok) and not doc[j].is_sent_start:
                    j += 1
                elif (tok in CONNECTORS and j + 1 < n and is_cap(doc[j + 1].text)
                      and j > i + h and not self._any_head(doc, j + 1)):
                    j += 2
                elif tok == "(" and j + 2 < n and doc[j + 2].text == ")" and extend_tail and \
                        doc[j + 1].text in self.org_tails:
                    j += 3  # "(Persero)"
                else:
                    break
            if extend_tail and j < n and doc[j].text in self.org_tails:
                j += 1
            if j > i + h:
                out.append(Span(doc, i, j, label=label))
                i = j
            else:
                i += 1
        return out

    def _cued_persons(self, doc: Doc, taken: set[int]) -> list[Span]:
        """Without a trained NER: after a rank, honorific, post title or speech verb, the
        capitalised run minus the organisations, places, acronyms and titles it starts with
        is taken as a person's name ("kata Syarif", "Direktur Hulu Pertamina Dharmawan H.
        Samsu", "Juru Bicara KPK, Febri Diansyah")."""
        words = [t.text for t in doc]
        out: list[Span] = []
        n = len(doc)
        i = 0
        while i < n - 1:
            cue = resources.title_len(words, i)
            if not cue and (words[i].lower() in self.speech or words[i] in self.post_titles):
                cue = 1
            if not cue:
                i += 1
                continue
            k = i + cue
            start = k
            while k < n and k - start < 9:
                t = words[k]
                if doc[k].is_sent_start and k > start:
                    break
                if k in taken or (t.isupper() and len(t) > 1) or t in self.post_titles \
                        or t in {"/", "-"}:
                    k += 1
                    start = k
                elif (tl := resources.title_len(words, k)):
                    k += tl
                    start = k
                elif t == "," and k == start and k > i + cue:
                    k += 1
                    start = k  # "Juru Bicara KPK, Febri Diansyah"
                elif is_cap(t) and not t.isdigit() or (t == "." and k > start):
                    k += 1
                else:
                    break
            end = k
            while end > start and words[end - 1] in {".", ","}:
                end -= 1
            if start < end <= start + 4 and words[start] not in self.not_person \
                    and words[start][:1].isupper():
                out.append(Span(doc, start, end, label="PER"))
                i = end
            else:
                i += 1
        return out


@Language.factory("kg_rules", default_config={"person_fallback": False})
def make_kg_rules(nlp: Language, name: str, person_fallback: bool) -> RuleEntities:
    return RuleEntities(nlp, person_fallback)
