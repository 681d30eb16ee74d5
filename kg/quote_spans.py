"""Where the quoted passages of an article are: pairs of quote marks per paragraph, quotes
running over paragraphs, and the layouts news sources break ("...?\n\n\" ujar X", a
title's stripped link leaving '"\n\n"'). Offsets only; who said them is kg/quotes.py.
"""

from __future__ import annotations

import re

from kg import resources
from kg.components.sentences import paragraph_bounds

_WORD = re.compile(r"[\w'-]+")


def quote_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(quote start, quote end, paragraph start, paragraph end) of quoted passages.

    Offsets exclude the quote marks. An unclosed quote runs to its paragraph's end and, if
    the next paragraph opens with a quote mark, on into it (multi-paragraph quotes).
    """
    out: list[tuple[int, int, int, int]] = []
    paras = paragraph_bounds(text)
    pending: tuple[int, int] | None = None  # (start, para start) of an open quote
    verbs = resources.speech_verbs()
    for ps, pe in paras:
        para = text[ps:pe]
        marks = [ps + m.start() for m in re.finditer('"', para)]
        lead = ps + len(para) - len(para.lstrip())
        if pending is not None and text[pending[0] : ps].strip() == "":
            # 'Pemain film "' ending a paragraph, '" ini mengatakan' opening the next: the
            # two marks of a title whose link the source stripped, not a quotation
            pending = None
            if marks and marks[0] == lead:
                marks = marks[1:]
        if pending is None and len(marks) % 2 == 1 and marks[0] != lead \
                and _closes(text, marks[0], verbs):
            # 'kesabaran," tulis Donita' with no opening mark in the paragraph: a quote
            # broken over lines by the source; it closes here and opened at the start
            out.append((lead, marks[0], ps, pe))
            marks = marks[1:]
        if pending is not None:
            if marks and marks[0] == lead and _closes(text, marks[0], verbs):
                # '...persen?\n\n" ujar Budi': the source broke the line before the
                # closing mark; the quote ends here
                out.append((pending[0], marks[0], pending[1], pe))
                marks = marks[1:]
                pending = None
            elif marks and marks[0] == lead:
                marks = marks[1:]  # continuation paragraph: its opening mark continues
                if len(marks) % 2 == 1:
                    out.append((pending[0], marks[0], pending[1], pe))
                    marks = marks[1:]
                    pending = None
                else:
                    continue
            elif len(marks) % 2 == 1 and _closes(text, marks[0], verbs):
                out.append((pending[0], marks[0], pending[1], pe))  # broken over lines
                marks = marks[1:]
                pending = None
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


def _closes(text: str, mark: int, verbs: set[str]) -> bool:
    """Whether the mark at `mark` closes a quote: a speech verb follows it ('," tulis X')."""
    words = _WORD.findall(text[mark + 1 : mark + 40].lstrip(" ,")[:30])
    w = words[0].lower() if words else ""
    return bool(w) and (w in verbs or (w.endswith("nya") and w[:-3] in verbs))
