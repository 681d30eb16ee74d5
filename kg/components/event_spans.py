"""Events news names in lower case: "rapat paripurna", "rapat kerja antara Baleg ...",
"pelantikan anggota DPR", "aksi demo mahasiswa", "kunjungan delegasi Gema Keadilan",
"pengukuhan Yasonna", "grand opening Markobar", "salat istisqa".

The name is the trigger (event_triggers.csv, any case) plus what delimits it: modifiers
and groups ("paripurna", "tertutup", "buruh": event_modifiers.csv), then an object, a run
of capitalised words (an organisation, a person for kinds whose people take part, "X dan
Y"), an acronym in parentheses, an ordinal or a year. It stops at a preposition, a verb,
a day or month name and the end of the sentence.

A bare one-word trigger ("rapat", "pelantikan") is a particular happening only when
something anchors it: a frame word before it ("saat rapat", "acara peresmian", "usai
pertemuan"), a demonstrative after it ("pelantikan tersebut") or a fuller name of the same
event elsewhere in the article. Kinds that are common nouns in lower case ("banjir",
"pemilu", "liga") are left to the capitalised pass in events.py.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.components.rules import STOP_WORDS, is_cap, paren_acronym
from kg.event_lexicon import LOWER_KINDS, PARTICIPANT_KINDS, lexicon

_YEAR = re.compile(r"(19|20)\d\d$")
_ORDINAL = re.compile(r"ke-?\d+$")
# a trigger word after these is part of a place or a thing ("ruang rapat", "gedung
# pertemuan"; "hasil rapat" and "lokasi kebakaran" still name the happening)
PLACE_HEADS = {"ruang", "ruangan", "gedung", "aula", "balai", "meja",
               "kompleks", "komplek", "arena", "lapangan", "jadwal", "tim", "panitia", "materi"}
ANCHORS = {"acara", "kegiatan", "saat", "ketika", "usai", "seusai", "selepas", "sela",
           "sela-sela", "disela", "disela-sela", "menghadiri", "mengikuti", "menggelar",
           "mendatangi", "dalam", "pada", "membuka", "memimpin", "agenda", "jalannya", "sesi",
           "ikut", "turut"}
DEMONSTRATIVES = {"tersebut", "itu", "ini"}
QUANTIFIERS = {"beberapa", "sejumlah", "berbagai", "banyak", "setiap", "tiap", "semua",
               "seluruh", "para", "sekian", "dua", "tiga", "empat", "lima"}


def _object_end(doc: Doc, j: int, end: int, per: set[int], people: bool) -> int:
    """End of the capitalised object after a trigger at j (j if none): "IMAC",
    "Ridwan Kamil dan Uu Rhuzanul Ulum", "Gerakan Pemuda (Gema) Keadilan", "DPR 2019"."""
    k = j
    while k < end:
        t = doc[k].text
        if is_cap(t) and t not in STOP_WORDS and not doc[k].is_sent_start:
            if k in per and not people:
                break
            k += 1
        elif k > j and paren_acronym(doc, k):
            k += 3
        elif k > j and t in {"dan", "&"} and k + 1 < end and is_cap(doc[k + 1].text) \
                and doc[k + 1].text not in STOP_WORDS:
            k += 2
        elif _ORDINAL.fullmatch(t.lower()):
            k += 1
        else:
            break
    return k


def lower_case_events(doc: Doc, named: list[Span], per: set[int]) -> list[Span]:
    """Event spans the capitalised pass left: see the module docstring."""
    lex = lexicon()
    words = [t.lower_ for t in doc]
    taken = {i for sp in named for i in range(sp.start, sp.end)}
    taken |= {i for e in doc.ents if e.label_ in ("LOC", "ORG", "PER")
              for i in range(e.start, e.end)}
    n = len(doc)
    found: list[tuple[Span, bool, tuple[str, ...]]] = []  # (span, bare, head)
    i = 0
    while i < n:
        tl, kind = (0, "") if i in taken else lex.trigger_at(words, i)
        if not tl or (kind not in LOWER_KINDS and kind != "disaster") or (
                i > 0 and words[i - 1] in PLACE_HEADS):
            i += 1
            continue
        end = doc[i].sent.end
        j = i + tl
        if j in taken and any(sp.start == j for sp in named):
            i += 1  # "peluncuran HUT ke-74 ...": the named event that follows is the name
            continue
        has_mod = False
        while j < end:
            ml, role = lex.modifier_at(words, j)
            if ml and role in ("modifier", "group"):
                j += ml
                has_mod = True
            elif ml and role == "object" and j + ml < end and is_cap(doc[j + ml].text) \
                    and doc[j + ml].text not in STOP_WORDS:
                j += ml
                break
            else:
                break
        k = _object_end(doc, j, end, per, kind in PARTICIPANT_KINDS)
        if k == j and j > i + tl and lex.modifier_at(words, j - 1)[1] == "object":
            k = j = j - 1  # an object word with no name after it is not part of the name
        if k == j and kind in ("meeting", "visit") and j + 1 < end and (
                words[j] == "dengan" or (words[j] == "ke" and kind == "visit")):
            # "pertemuan dengan Ketum Partai X", "kunjungan kerja ke Riau"
            k2 = _object_end(doc, j + 1, end, per, True)
            k = k2 if k2 > j + 1 else k
        if k < end and _YEAR.match(doc[k].text):
            k += 1
        head = tuple(words[i : i + tl])
        if kind == "disaster":
            # "kebakaran hutan dan lahan (karhutla)": a lower-case disaster only when
            # defined with its acronym or dated; "banjir" alone is a common noun
            if tl > 1 and k < end and (doc[k].text == "(" or _YEAR.match(doc[k].text)):
                found.append((Span(doc, i, k, label="EVT"), False, head))
            i = max(k, i + 1)
            continue
        bare = k == i + tl and not has_mod and tl == 1
        if bare and i > 0 and (doc[i - 1].like_num or words[i - 1] in QUANTIFIERS):
            i += 1  # "dua gol dalam tiga laga", "beberapa rapat": a count, no happening
            continue
        if bare:
            anchored = (i > 0 and words[i - 1] in ANCHORS) or (
                i + 1 < n and words[i + 1] in DEMONSTRATIVES)
            found.append((Span(doc, i, i + 1, label="EVT"), not anchored, head))
            i += 1
            continue
        found.append((Span(doc, i, k, label="EVT"), False, head))
        i = max(k, i + 1)
    heads = {h for _, b, h in found if not b}
    heads |= {tuple(words[sp.start : sp.start + lex.trigger_at(words, sp.start)[0]])
              for sp in named}
    return [sp for sp, b, h in found if not b or h in heads]
