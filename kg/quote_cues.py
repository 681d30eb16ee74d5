"""Layout and word cues for quote attribution (kg/quotes.py): where an attribution clause
ends, which words before a name make it someone else's ("ayah dari X"), ranks and titles
that are no names, and paragraph breaks the source flattened to a comma. Plain functions
over text and kg/data, so kg/quotes.py stays about the attribution logic itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg import resources

# a suspect's initials ("NS", "M.S."): news names them, they are rarely the one speaking
INITIALS = re.compile(r"(?:[A-Z]\.?){1,4}$")
ROMAN = re.compile(r"[IVXL]+|\d+")
# where the attribution after a speech verb ends: '," kata Menpora di kediamannya, ...'
CLAUSE_END = re.compile(
    r"[.;][\s,]|\n|\"|\s(?:di|kepada|saat|ketika|usai|seusai|sesudah|setelah|sebelum|dalam|pada|"
    r"melalui|lewat|via|dilansir|dikutip|seperti|sebagaimana|sambil|sembari|ditemui|"
    r"dihubungi|dikonfirmasi|menanggapi|terkait|soal|mengenai|tentang)\b")
# demonstratives that close a description of someone already named: 'kata politikus
# PDIP itu', 'ucap mantan Menteri Sosial tersebut', 'terang presiden ke-45 AS itu'
DEMONSTRATIVE = {"tersebut", "itu", "ini"}
# a description that is no one named before: 'kata seorang warga tersebut'
NOBODY = {"seorang", "salah", "warga", "para", "sejumlah", "beberapa", "banyak"}


@lru_cache(maxsize=1)
def title_words() -> set[str]:
    """Lower-case words of every post, rank and honorific title (titles.csv)."""
    t = resources.titles()
    return {w.lower() for kind in ("post", "rank", "honorific") for title in t.get(kind, ())
            for w in title.split()}


@lru_cache(maxsize=1)
def ranks() -> re.Pattern[str]:
    """A rank (police, military) ending right before a name: 'AKP', 'Kombes Pol'."""
    words = sorted(resources.titles().get("rank", ()), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\.?\s*$")


@lru_cache(maxsize=1)
def post_short_forms() -> dict[str, str]:
    """"Menag" -> "Menteri Agama": abbreviated posts (abbreviations.csv)."""
    return dict(resources.abbreviations().get("Post", []))


@lru_cache(maxsize=1)
def relations() -> re.Pattern[str]:
    """A relational word ending right before a name (speaker_relations.txt)."""
    words = sorted(resources.read_lines("speaker_relations.txt"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")(?:\s+(?:dari|sang))?"
                      r"\s*$")


# a paragraph break the source flattened to a comma: 'kerugian materi. , "Pasalnya ...'
_SOFT_BREAK = re.compile(r"(?<=[.!?]) ?, (?=[\"A-Z])")


def restore_breaks(text: str) -> str:
    """Text with flattened paragraph breaks back as newlines (same length, same offsets).
    Not inside an open quote (a stripped link leaves ". , " there too) nor after an
    abbreviation ("S.H., M.Sc.")."""
    out = list(text)
    for m in _SOFT_BREAK.finditer(text):
        word = text[text.rfind(" ", 0, m.start()) + 1 : m.start()]
        if len(word) < 4 or "." in word[:-1]:
            continue
        if text.count('"', text.rfind("\n", 0, m.start()) + 1, m.start()) % 2:
            continue
        out[m.start() : m.end()] = "\n" * (m.end() - m.start())
    return "".join(out)


# words between a subject and its verb: 'Budi juga mengatakan', 'Budi pun sempat menilai'
ADVERBS = {"juga", "pun", "lantas", "kemudian", "lalu", "sempat", "kembali", "telah",
            "sudah", "hanya", "tetap", "justru", "bahkan", "secara", "turut", "ikut"}


SUBORDINATE = {"setelah", "sebelum", "ketika", "saat", "bahwa", "karena", "usai", "seusai",
                "kepada", "dengan", "oleh", "agar", "supaya", "jika", "kalau", "sejak"}


SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
