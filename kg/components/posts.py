"""Posts (positions) as Indonesian news writes them, with their holders.

"Kapolda Jatim Irjen Pol Luki Hermawan", "Juru Bicara KPK, Febri Diansyah",
"Ridwan Kamil, Gubernur Jawa Barat,", "Bambang selaku Menteri ...": a title from
titles.csv or abbreviations.csv, a capitalised scope (organisation or region), and a
person before or after. Found posts go to `doc.spans["kg_posts"]`; the holder span (if
any) is kept aligned in `doc.spans["kg_post_holders"]` (same index; a zero-length span
means no holder) so extraction needs no custom attributes.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg import resources
from kg.components.boundary import ROMAN, is_acronym, name_run, name_starts, word_kind
from kg.components.holders import (
    FORMER,
    holder_after,
    holder_before,
    linked_before,
    pair_before,
    paired,
    referred,
    relative_of,
)
from kg.components.phrases import PhraseTable
from kg.components.rules import CONNECTORS, is_cap

FORMER_VERBS = {"pernah", "sebelumnya", "dulu", "dahulu"}
# "Presiden terpilih", "Gubernur terpilih": elected, not yet in office (CONTRACT: org:holds is
# the post held at the time), so the qualifier stays in the post's name
ELECT = {"terpilih"}
# "Peraturan Presiden Nomor 12", "Istana Presiden": the title names a document or a place
NOT_POST_AFTER = {"peraturan", "keputusan", "instruksi", "dekrit", "surat", "istana", "gedung",
                  "rumah", "kantor", "amanat", "perpres", "keppres", "inpres", "permen"}


def paren_len(doc: Doc, j: int) -> int:
    """Length of "(KPK)", "(Kadispenad)", "(MenPAN RB)" at doc[j]: a short form the text
    defines inside a post's name (0 if none)."""
    if doc[j].text != "(":
        return 0
    for k in range(j + 2, min(len(doc), j + 5)):
        if doc[k].text == ")":
            inner = [t.text for t in doc[j + 1 : k]]
            ok = all(w[:1].isupper() or w in {"-", "/", "&"} for w in inner)
            return k - j + 1 if ok else 0
    return 0


class PostFinder:
    def __init__(self) -> None:
        t = resources.titles()
        abbr = resources.abbreviations()
        titles = set(t.get("post", set()))
        titles |= {s for s, _ in abbr.get("Post", [])}
        self.titles = PhraseTable(titles)
        # "wakil presiden terpilih Ma'ruf Amin": a title in lower case, right before a name
        self.lower_titles = PhraseTable({x.lower() for x in titles if len(x) > 4})
        # full names of posts: what follows "Menteri ... Reformasi Birokrasi" is its holder
        self.full = PhraseTable({long for _, long in abbr.get("Post", [])})
        self.generic = t.get("generic_person", set())
        self.short_posts = {s for s, _ in abbr.get("Post", []) if " " not in s}
        # short forms a table knows as something other than an organisation's body
        self.known_short = {s for kind in ("Place", "OrgPrefix") for s, _ in abbr.get(kind, [])}
        self.known_short |= set(resources.designators().get(("Organization", "head"), set()))

    def __call__(self, doc: Doc) -> Doc:
        ent_at = {e.start: e for e in doc.ents}
        in_per = {i for e in doc.ents if e.label_ == "PER" for i in range(e.start, e.end)}
        per_starts = {e.start for e in doc.ents if e.label_ == "PER"}
        per_end = {e.end: e for e in doc.ents if e.label_ == "PER"}
        starts = {e.start for e in doc.ents if e.label_ == "LOC"}
        ends = {e.end for e in doc.ents if e.label_ in ("LOC", "ORG")}
        posts: list[Span] = []
        holders: list[Span] = []
        absorbed: list[Span] = []
        named: list[Span] = []
        former: list[Span] = []
        pending: Span | None = None  # "Presiden dan ..." waiting for a pair of names
        forced: tuple[int, Span] | None = None  # (post start, holder) decided by a pair
        n = len(doc)
        i = 0
        while i < n:
            if i in in_per:
                i += 1
                continue
            tl = self.titles.match(doc, i)
            lower = 0 if tl or not doc[i].is_lower else self.lower_titles.match(doc, i)
            if lower and holder_after(doc, i + lower, ent_at, self.generic) is None:
                lower = 0
            tl = tl or lower
            if not tl or (i > 0 and doc[i - 1].lower_ in NOT_POST_AFTER):
                i += 1
                continue
            start = i
            j, cut = self._scope(doc, i, tl, ent_at, in_per, per_starts, starts, ends, absorbed)
            end = j
            if cut is None and end < n and doc[end].lower_ in ELECT:
                end += 1  # "wakil presiden terpilih": the office-elect is a post of its own
            post = Span(doc, start, end, label="POST")
            holder: Span | None = cut
            if forced is not None and forced[0] == start:
                holder = forced[1]
            elif relative_of(doc, start):
                holder = None  # "istri Wakil Gubernur X": X is not the Wakil Gubernur
            elif holder is None:
                # "Abisai yang juga Ketua Tim Pemenangan Jokowi-Ma'ruf": a link word before
                # the post is stronger evidence than a name after it
                holder = linked_before(doc, start, per_end) if not self._then_post(doc, end) \
                    else None
                holder = holder or holder_after(doc, end, ent_at, self.generic)
                if holder is not None and pending is not None and pending.end + 1 == start:
                    second = paired(doc, end, holder, ent_at)
                    if second is not None:
                        posts.append(pending)
                        holders.append(holder)
                        holder = second
                if holder is None:
                    holder = holder_before(doc, start, per_end) or referred(doc, start, end)
                    first = pair_before(doc, holder, per_end) if holder is not None else None
                    if first is not None and self._then_post(doc, end):
                        forced = (end + 1, holder)
                        holder = first
            if holder is not None and pending is None and holder.end < len(doc) \
                    and doc[holder.end].text == "-" and paired(doc, end, holder, ent_at):
                holder = None  # "Ketua Tim Kampanye Jokowi-Ma'ruf": the ticket, no holder
            forced = None if forced is not None and forced[0] < start else forced
            if cut is not None:
                named.append(cut)
            named += self._scope_bodies(doc, start + tl, end, ent_at)
            if holder is None and (end - start == tl or self._unknown_head(doc, start, ent_at)):
                # a bare title with no one holding it says nothing; it may pair with the
                # next post ("Presiden dan Wakil Presiden terpilih, A-B")
                pending = post if self._then_post(doc, end) else None
                i = end
                continue
            if holder is not None and self._unknown_head(doc, start, ent_at):
                # "Waasrena KSAD Brigjen Heru": Heru is not the KSAD but holds the staff
                # post the unknown abbreviation names, "Waasrena KSAD"
                staff = self._staff_start(doc, start, tl, self.short_posts)
                if staff is None:
                    holder = None
                else:
                    start = staff
                    post = Span(doc, start, end, label="POST")
                    absorbed += [e for e in doc.ents if e.label_ in ("ORG", "LOC")
                                 and start <= e.start and e.end <= end]
            pending = None
            posts.append(post)
            absorbed += self._portfolio_places(doc, start + tl, end)
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
        doc.spans["kg_posts"] = self._share_scopes(doc, posts)
        doc.spans["kg_post_holders"] = holders
        doc.spans["kg_posts_former"] = former
        return doc

    def _scope(self, doc: Doc, i: int, tl: int, ent_at: dict[int, Span], in_per: set[int],
               per_starts: set[int], starts: set[int], ends: set[int],
               absorbed: list[Span]) -> tuple[int, Span | None]:
        """Where the post that starts with a title at doc[i] ends, and the person's name
        found where its scope stops ("... Reformasi Birokrasi (MenPAN RB) Syafruddin")."""
        n = len(doc)
        words = [t.text for t in doc]
        full_end = i + self.full.match(doc, i)
        j = i + tl
        while j < n:
            tok = doc[j]
            if j not in in_per and j not in ent_at and (k := name_starts(
                    doc, j, i + tl - 1, per_starts, starts, ends)):
                return j, Span(doc, j, j + k, label="PER")
            if j == full_end and j > i + tl and tok.text[:1].isupper() and j not in ent_at \
                    and word_kind(tok.text) != "common" and not self.titles.match(doc, j) \
                    and (k := name_run(doc, j)):
                return j, Span(doc, j, j + k, label="PER")  # a full post name, then a name
            if j in in_per and (self._scope_word(doc, j, ent_at, in_per)
                                or self._before_rank(doc, ent_at[j], ent_at)):
                absorbed.append(ent_at[j])
                j = ent_at[j].end
                continue
            if j in in_per or resources.title_len(words, j):
                break
            if is_cap(tok.text) and not tok.is_sent_start:
                if doc[j - 1].text == ",":
                    break
                e = ent_at.get(j)
                j = e.end if e is not None and e.label_ != "PER" else j + 1
                ranked = [k for k in range(i + tl, j) if resources.title_len(words, k)]
                if ranked:  # an entity that ran into a rank: "NTB Irjen Pol"
                    j = ranked[0]
                    break
            elif tok.text in CONNECTORS and j + 1 < n and is_cap(doc[j + 1].text) \
                    and j + 1 not in in_per \
                    and not (tok.text != "/" and self.titles.match(doc, j + 1)):
                j += 2  # but "Wakapolda Sultra dan Irwasda ..." is two posts
            elif (p := paren_len(doc, j)):
                full_end = j + p if j == full_end else full_end
                j += p  # "Wakil Ketua Komisi Pemberantasan Korupsi (KPK)"
            elif tok.lower_ == "atau" and j + 1 < n and doc[j + 1].text.isupper() \
                    and len(doc[j + 1].text) > 1:
                j += 2  # "Direktur Utama PT Perusahaan Listrik Negara (Persero) atau PLN"
            else:
                break
        return j, None

    def _scope_bodies(self, doc: Doc, first: int, end: int,
                      ent_at: dict[int, Span]) -> list[Span]:
        """An acronym no rule knows inside a post's scope names the body the post belongs
        to ("Direktur Operasi Produksi XYZ Budi": XYZ is an organisation); Roman numerals,
        known places and prefixes ("PT", "RI") are not."""
        covered = {k for e in ent_at.values() for k in range(e.start, e.end)}
        out = []
        for k in range(first, end):
            w = doc[k].text
            if k in covered or not is_acronym(w) or not 3 <= len(w) <= 6 or ROMAN.fullmatch(w) \
                    or w in self.known_short or self.titles.match(doc, k) \
                    or (k > 0 and doc[k - 1].text == "(") or (k > 1 and doc[k - 2].text == "("):
                continue
            out.append(Span(doc, k, k + 1, label="ORG"))
        return out

    @staticmethod
    def _before_rank(doc: Doc, e: Span, ent_at: dict[int, Span]) -> bool:
        """"Kasubdit Gakkum Ditlantas Polda Metro Jaya AKBP Muhammad Nasir": a "person" the
        model saw inside the scope, followed by more scope, a rank and the real name."""
        words = [t.text for t in doc]
        k = e.end
        while k < len(doc) and k - e.end < 8:
            if resources.title_len(words, k, ("rank",)):
                nxt = k + resources.title_len(words, k, ("rank",))
                return nxt in ent_at and ent_at[nxt].label_ == "PER"
            if not doc[k].text[:1].isupper():
                return False
            k = ent_at[k].end if k in ent_at and ent_at[k].label_ != "PER" else k + 1
        return False

    def _then_post(self, doc: Doc, end: int) -> bool:
        """"Presiden dan Wakil Presiden": another post follows after "dan"."""
        return end + 1 < len(doc) and doc[end].lower_ in {"dan", "serta", "&"} and \
            bool(self.titles.match(doc, end + 1))

    def _unknown_head(self, doc: Doc, start: int, ent_at: dict[int, Span]) -> bool:
        """A capitalised word the rules do not know stands right before the title
        ("Waasrena KSAD", "Paban III/Litbangasro"): the post is that word's, not the title's."""
        k = start - 1
        if k < 0 or doc[k].is_sent_start:
            return False
        w = doc[k].text
        if not (w[:1].isupper() and w.isalpha() and not w.isupper()) or w.lower() in FORMER \
                or self.titles.match(doc, k) or resources.title_len([w], 0, ("rank", "honorific")):
            return False
        cover = [e for e in doc.ents if e.start <= k < e.end]
        if cover:  # "Waasops KSAD" read as one body holds the title inside it
            return cover[0].label_ in ("ORG", "LOC") and cover[0].end > start
        return word_kind(w) != "name"

    def _share_scopes(self, doc: Doc, posts: list[Span]) -> list[Span]:
        """"Gubernur dan Wakil Gubernur Jawa Barat": a bare title coordinated with a post of
        the same title family shares its scope, so the first post is "Gubernur Jawa Barat",
        not the bare "Gubernur" (the name rides on the span's kb_id for extraction)."""
        out = list(posts)
        for n, (p1, p2) in enumerate(zip(posts, posts[1:], strict=False)):
            tl1, tl2 = self.titles.match(doc, p1.start), self.titles.match(doc, p2.start)
            scope = doc[p2.start + tl2 : p2.end]
            if tl1 == len(p1) and p2.start == p1.end + 1 and doc[p1.end].lower_ in \
                    {"dan", "serta", "&"} and len(scope) and scope[0].text[:1].isupper() \
                    and doc[p2.start : p2.start + tl2].text.endswith(p1.text):
                out[n] = Span(doc, p1.start, p1.end, label="POST",
                              kb_id=f"{p1.text} {scope.text}")
        return out

    @staticmethod
    def _portfolio_places(doc: Doc, first: int, end: int) -> list[Span]:
        """"Menteri Pekerjaan Umum dan Perumahan Rakyat": after "dan" inside a post's scope
        a place-like span the gazetteer does not know is a portfolio, not a place."""
        known = resources.place_names()
        return [e for e in doc.ents if e.label_ == "LOC" and first < e.start and e.end <= end
                and doc[e.start - 1].lower_ in {"dan", "serta"} and e.text not in known]

    @staticmethod
    def _staff_start(doc: Doc, start: int, tl: int, short_posts: set[str]) -> int | None:
        """Where a staff post opens: the one word before a post's short form ("KSAD",
        "Kapolri"), when the corpus does not know it as a name, an organisation or a common
        word (an abbreviation such as "Waasrena", "Aspers") and no person's name covers it.
        Before a written-out title ("Irup Presiden Joko Widodo") the person holds the
        title itself, so no staff post is made."""
        k = start - 1
        if tl != 1 or doc[start].text not in short_posts:
            return None
        if word_kind(doc[k].text) != "unknown" or any(
                e.label_ == "PER" and e.start <= k < e.end for e in doc.ents):
            return None
        return k

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


@Language.factory("kg_posts")
def make_kg_posts(nlp: Language, name: str) -> PostFinder:
    return PostFinder()
