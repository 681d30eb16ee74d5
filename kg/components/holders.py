"""Who holds a post the text names: the person after it, before it, or paired with it.

News writes the holder after the post ("Kapolda Jatim Irjen Luki Hermawan", "Juru Bicara
KPK, Febri Diansyah", "Dirjen Ketenagalistrikan, Kementerian ESDM, Rida Mulyana"), before
it ("Ridwan Kamil, Gubernur Jawa Barat", "Bambang selaku Menteri", "Anangga yang juga
menjabat sebagai Wakil Ketua", "Mark Smith (Direktur ...)"), or pairs two posts with two
people ("Presiden dan Wakil Presiden terpilih, Joko Widodo-Ma'ruf Amin"). A name after
"istri"/"anak" + post is the relative, not the holder.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc, Span

from kg import resources

QUALIFIERS = {"nonaktif", "non", "aktif", "terpilih", "definitif", "sementara", "baru", "lama"}
LINKS = {"selaku", "sebagai"}
FORMER = {"mantan", "eks", "bekas", "purnawirawan", "pensiunan", "former"}
# "istri Wakil Gubernur Jatim Arumi": Arumi is the wife; the post is her husband's
KIN = {"istri", "suami", "anak", "putra", "putri", "adik", "kakak", "ayah", "ayahanda",
       "ibunda", "keponakan", "menantu", "cucu", "mertua", "ajudan", "sopir", "kerabat",
       "orang tua", "besan", "ipar"}
_BETWEEN = {"juga", "kini", "saat", "ini", "sekarang", "masih", "yang"}
_INITIAL = re.compile(r"[A-Z]\.?")
PAIR = {"-", "dan", "&", "serta"}


# "staf khusus Bupati Kudus X", "kuasa hukum Gubernur X": X works for the post's holder
STAFF = {"staf", "stafsus", "asisten", "pengacara", "jubir", "pendamping", "pengawal"}
STAFF_PAIRS = {("staf", "khusus"), ("tenaga", "ahli"), ("juru", "bicara"), ("kuasa", "hukum"),
               ("sekretaris", "pribadi"), ("orang", "dekat"), ("tim", "sukses")}


def relative_of(doc: Doc, start: int) -> bool:
    """The post is named as someone's relation or employer: "istri Wakil Gubernur X",
    "anak Bupati X", "staf khusus Bupati Kudus X" (X is the wife, the child, the staff)."""
    k = start - 1
    if k < 0 or not (doc[k].is_lower or doc[k].is_sent_start):
        return False
    w = doc[k].lower_
    return w in KIN or w in STAFF or (k >= 1 and (doc[k - 1].lower_, w) in STAFF_PAIRS)


class _Texts:
    """The doc's token texts, read on demand (title_len looks at a few of them)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    def __len__(self) -> int:
        return len(self.doc)

    def __getitem__(self, i: int | slice) -> Any:
        return self.doc[i].text if isinstance(i, int) else [t.text for t in self.doc[i]]


def holder_after(doc: Doc, j: int, ent_at: dict[int, Span], generic: set[str]) -> Span | None:
    """The person named right after a post (qualifiers, a comma, an organisation between
    commas, ranks and initials may stand between)."""
    n = len(doc)
    k = j
    words = _Texts(doc)  # not a list: built per post, a long article cost its square
    while k < n and doc[k].lower_ in QUALIFIERS:
        k += 1
    comma = k < n and doc[k].text == ","
    if comma:
        k += 1
        e = ent_at.get(k)
        if e is not None and e.label_ in ("ORG", "LOC") and e.end < n and doc[e.end].text == ",":
            k = e.end + 1  # "Dirjen Ketenagalistrikan, Kementerian ESDM, Rida Mulyana"
    while k < n and (resources.title_len(words, k) or doc[k].text == "."):
        k += max(1, resources.title_len(words, k))
    first = k
    while k + 1 < n and _INITIAL.fullmatch(doc[k].text) and k - first < 3:
        k += 1  # "Ketua Umum BANI, M. Husseyn Umar": the initial opens the name
    if k < n and doc[k].text == "." and k > first:
        k += 1
    e = ent_at.get(k)
    if e is None or e.label_ != "PER" or e.text in generic:
        return None
    if comma and e.end < n and doc[e.end].lower_ in LINKS:
        return None  # "Ketua Pengawas, Anangga sebagai Ketua": Anangga's post comes next
    return e if k == first else Span(doc, first, e.end, label="PER")


def holder_before(doc: Doc, start: int, per_end: dict[int, Span]) -> Span | None:
    """"Ridwan Kamil, Gubernur ...", "Bambang selaku Menteri ...", "Anangga yang juga
    menjabat sebagai Wakil Ketua ...", "Mark Smith (Direktur ...)", "X, mantan Bupati"."""
    k = start - 1
    if k >= 0 and doc[k].lower_ in FORMER:
        k -= 1  # "Mahfud MD, mantan Ketua MK": held formerly, still his
    linked = False
    if k >= 0 and doc[k].lower_ in LINKS:
        k -= 1
        linked = True
    if k >= 0 and doc[k].lower_ == "menjabat":
        k -= 1
        linked = True
    if linked or (k >= 1 and doc[k].lower_ == "juga" and doc[k - 1].lower_ == "yang"):
        while k >= 0 and doc[k].lower_ in _BETWEEN and start - k < 8:
            k -= 1  # "yang juga menjabat sebagai", "yang saat ini menjabat"
        return per_end.get(k + 1)
    if k >= 0 and doc[k].text in {",", "("}:
        return per_end.get(k)
    return None


def linked_before(doc: Doc, start: int, per_end: dict[int, Span]) -> Span | None:
    """`holder_before` only where a word links the name to the post ("sebagai", "selaku",
    "yang juga", "menjabat"), not a bare comma."""
    k = start - 1
    if k >= 0 and doc[k].lower_ in FORMER:
        k -= 1
    if k >= 0 and (doc[k].lower_ in LINKS or doc[k].lower_ == "menjabat" or (
            k >= 1 and doc[k].lower_ == "juga" and doc[k - 1].lower_ == "yang")):
        return holder_before(doc, start, per_end)
    return None


def paired(doc: Doc, first_end: int, holder: Span, ent_at: dict[int, Span]) -> Span | None:
    """"Presiden dan Wakil Presiden terpilih, Joko Widodo-Ma'ruf Amin": the second name of a
    pair after two coordinated posts (None when the holder is not followed by a pair)."""
    n = len(doc)
    if holder.end + 1 < n and doc[holder.end].lower_ in PAIR:
        e = ent_at.get(holder.end + 1)
        if e is not None and e.label_ == "PER":
            return e
    return None


def pair_before(doc: Doc, holder: Span, per_end: dict[int, Span]) -> Span | None:
    """"Ridwan Kamil dan Uu Ruzhanul sebagai Gubernur dan Wakil Gubernur": the first person
    of a pair named before two coordinated posts."""
    k = holder.start - 1
    if k >= 1 and doc[k].lower_ in PAIR:
        return per_end.get(k)
    return None


def referred(doc: Doc, start: int, end: int) -> Span | None:
    """"Ketua DPR ini juga membicarakan ...", "ucap mantan Menteri Sosial tersebut": a post
    followed by "ini"/"tersebut" names the person the story is about: the first person (the
    subject) of this sentence, else of the nearest sentence before that names one."""
    if end >= len(doc) or doc[end].lower_ not in {"ini", "tersebut"}:
        return None
    sent = doc[start].sent
    for _ in range(6):  # a quoted paragraph between names no one
        people = [e for e in sent.ents if e.label_ == "PER" and e.end <= start]
        if people:
            return people[0]
        if sent.start == 0:
            return None
        sent = doc[sent.start - 1].sent
    return None
