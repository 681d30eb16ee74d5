"""Posts (positions) as Indonesian news writes them, with their holders.

"Kapolda Jatim Irjen Pol Luki Hermawan", "Juru Bicara KPK, Febri Diansyah",
"Ridwan Kamil, Gubernur Jawa Barat,", "Bambang selaku Menteri ...": a title from
titles.csv or abbreviations.csv, a capitalised scope (organisation or region), and a
person before or after. Found posts go to `doc.spans["kg_posts"]`; the holder span (if
any) is kept aligned in `doc.spans["kg_post_holders"]` (same index; a zero-length span
means no holder) so extraction needs no custom attributes.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg import resources
from kg.components.boundary import name_starts
from kg.components.phrases import PhraseTable
from kg.components.rules import CONNECTORS, is_cap

QUALIFIERS = {"nonaktif", "non", "aktif", "terpilih", "definitif", "sementara", "baru", "lama"}
LINKS = {"selaku", "sebagai"}
# a post the text says was held before: "mantan Ketua MK", "eks Kapolda", "bekas Bupati"
FORMER = {"mantan", "eks", "bekas", "purnawirawan", "pensiunan", "former"}
FORMER_VERBS = {"pernah", "sebelumnya", "dulu", "dahulu"}
# "Peraturan Presiden Nomor 12", "Istana Presiden": the title names a document or a place
NOT_POST_AFTER = {"peraturan", "keputusan", "instruksi", "dekrit", "surat", "istana", "gedung",
                  "rumah", "kantor", "amanat", "perpres", "keppres", "inpres", "permen"}


class PostFinder:
    def __init__(self) -> None:
        t = resources.titles()
        abbr = resources.abbreviations()
        titles = set(t.get("post", set()))
        titles |= {s for s, _ in abbr.get("Post", [])}
        self.titles = PhraseTable(titles)
        self.generic = t.get("generic_person", set())

    def __call__(self, doc: Doc) -> Doc:
        words = [t.text for t in doc]
        ent_at = {e.start: e for e in doc.ents}
        in_per = {i for e in doc.ents if e.label_ == "PER" for i in range(e.start, e.end)}
        per_starts = {e.start for e in doc.ents if e.label_ == "PER"}
        starts = {e.start for e in doc.ents if e.label_ == "LOC"}
        ends = {e.end for e in doc.ents if e.label_ in ("LOC", "ORG")}
        posts: list[Span] = []
        holders: list[Span] = []
        absorbed: list[Span] = []
        named: list[Span] = []
        former: list[Span] = []
        n = len(doc)
        i = 0
        while i < n:
            if i in in_per:
                i += 1
                continue
            tl = self.titles.match(doc, i)
            if not tl or (i > 0 and doc[i - 1].lower_ in NOT_POST_AFTER):
                i += 1
                continue
            start = i
            # "Wakil" / "Plt." are part of the title list; chain titles: "Menteri X/Kepala Y"
            j = i + tl
            cut: Span | None = None
            while j < n:
                tok = doc[j]
                if j not in in_per and j not in ent_at and (k := name_starts(
                        doc, j, i + tl - 1, per_starts, starts, ends)):
                    # "Menteri ... Reformasi Birokrasi Syafruddin": the scope ends, a name starts
                    cut = Span(doc, j, j + k, label="PER")
                    break
                if j in in_per and self._scope_word(doc, j, ent_at, in_per):
                    absorbed.append(ent_at[j])
                    j = ent_at[j].end
                    continue
                if j in in_per or resources.title_len(words, j):
                    break
                if is_cap(tok.text) and not tok.is_sent_start:
                    if (j - 1 >= 0 and doc[j - 1].text == ",") :
                        break
                    e = ent_at.get(j)
                    j = e.end if e is not None and e.label_ != "PER" else j + 1
                elif tok.text in CONNECTORS and j + 1 < n and is_cap(doc[j + 1].text) \
                        and j + 1 not in in_per \
                        and not (tok.text != "/" and self.titles.match(doc, j + 1)):
                    j += 2  # but "Wakapolda Sultra dan Irwasda ..." is two posts
                elif tok.text == "(" and j + 2 < n and doc[j + 2].text == ")" \
                        and doc[j + 1].text.isupper():
                    j += 3  # "Wakil Ketua Komisi Pemberantasan Korupsi (KPK)"
                else:
                    break
            end = j
            post = Span(doc, start, end, label="POST")
            holder = cut or self._holder_after(doc, end, ent_at) or self._holder_before(doc, start)
            if cut is not None:
                named.append(cut)
            if holder is None and end - start == tl:
                i = end  # a bare title with no one holding it says nothing
                continue
            posts.append(post)
            if self._former(doc, start):
                former.append(post)
            holders.append(holder if holder is not None else Span(doc, start, start))
            i = max(end, holder.end if holder is not None and holder.start > start else end)
        if absorbed or named:
            drop = {(a.start, a.end) for a in absorbed}
            ents = [e for e in doc.ents if (e.start, e.end) not in drop]
            taken = {i for e in ents for i in range(e.start, e.end)}
            ents += [p for p in named if not taken & set(range(p.start, p.end))]
            doc.ents = sorted(ents, key=lambda e: e.start)
        doc.spans["kg_posts"] = posts
        doc.spans["kg_post_holders"] = holders
        doc.spans["kg_posts_former"] = former
        return doc

    @staticmethod
    def _former(doc: Doc, start: int) -> bool:
        """"mantan Ketua MK", "eks-Kapolda", "yang pernah menjabat Bupati", "sebelumnya
        menjabat sebagai Kepala Dinas": the post was held before, not now."""
        k = start - 1
        if k >= 0 and doc[k].text in {"-", "–"}:
            k -= 1  # "eks-Kapolda"
        if k >= 0 and doc[k].lower_ in FORMER:
            return True
        if k >= 0 and doc[start].lower_.startswith("eks-"):
            return True
        window = [t.lower_ for t in doc[max(0, start - 4) : start]]
        return "menjabat" in window and any(w in FORMER_VERBS for w in window) or \
            any(w in {"mantan", "eks"} for w in window[-2:])

    @staticmethod
    def _scope_word(doc: Doc, j: int, ent_at: dict[int, Span], in_per: set[int]) -> bool:
        """A one-word "person" inside a post's scope that goes on with "dan" + a capital
        ("Direktur Jenderal Prasarana dan Sarana Pertanian") is part of the scope."""
        e = ent_at.get(j)
        if e is None or e.label_ != "PER" or len(e) != 1:
            return False
        k = e.end
        return k + 1 < len(doc) and doc[k].text in CONNECTORS and is_cap(doc[k + 1].text) \
            and k + 1 not in in_per

    def _holder_after(self, doc: Doc, j: int, ent_at: dict[int, Span]) -> Span | None:
        n = len(doc)
        k = j
        while k < n and doc[k].text.lower() in QUALIFIERS:
            k += 1
        if k < n and doc[k].text == ",":
            k += 1
        words = [t.text for t in doc]
        while k < n and (resources.title_len(words, k) or doc[k].text == "."):
            k += max(1, resources.title_len(words, k))
        first = k
        while k + 1 < n and re.fullmatch(r"[A-Z]\.?", doc[k].text) and k - first < 3:
            k += 1  # "Ketua Umum BANI, M. Husseyn Umar": the initial opens the name
        if k < n and doc[k].text == "." and k > first:
            k += 1
        e = ent_at.get(k)
        if e is not None and e.label_ == "PER" and e.text not in self.generic:
            return e if k == first else Span(doc, first, e.end, label="PER")
        return None

    def _holder_before(self, doc: Doc, start: int) -> Span | None:
        """"Ridwan Kamil, Gubernur ..." or "Bambang selaku Menteri ..."."""
        k = start - 1
        if k >= 0 and doc[k].lower_ in FORMER:
            k -= 1  # "Mahfud MD, mantan Ketua MK": held formerly, still his
            start = k + 1
        if k >= 0 and (doc[k].text == "," or doc[k].text.lower() in LINKS):
            k -= 1
        if k < 0 or k == start - 1:
            return None
        for e in doc.ents:
            if e.end == k + 1 and e.label_ == "PER":
                return e
        return None


@Language.factory("kg_posts")
def make_kg_posts(nlp: Language, name: str) -> PostFinder:
    return PostFinder()
