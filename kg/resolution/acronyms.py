"""Acronyms a name defines or stands for: "Dewan Perwakilan Rakyat (DPR)", "Kemenperin".

Split from kg/resolution/names.py (name normalisation) so each file keeps to one job.
"""

from __future__ import annotations

from kg.resolution.names import PAREN, norm

# heads a regional office's or ministry's acronym leaves out: "Dinas Pekerjaan Umum dan
# Penataan Ruang (PUPR)", "Kantor Badan Pertanahan Nasional (BPN)", "Kementerian Energi dan
# Sumber Daya Mineral (ESDM)"
_GENERIC_HEADS = frozenset({"kementerian", "kementrian", "dinas", "kantor", "biro", "bagian",
                            "bidang", "seksi", "unit", "satuan", "suku dinas", "sudin",
                            "unit pelaksana teknis"})


def is_abbreviation(short: str, long: str) -> bool:
    """"Kemenperin" of "Kementerian Perindustrian", "DPR" of "Dewan Perwakilan Rakyat":
    one token whose letters occur in order in a multiword name, starting at its start."""
    s, lg = norm(short), norm(long)
    if s and lg and s[0] != lg[0] and lg.split()[0] in _GENERIC_HEADS:
        lg = lg.split(" ", 1)[1] if " " in lg else lg  # "Dinas Pekerjaan Umum ... (PUPR)"
    if not s or " " in s or " " not in lg or s[0] != lg[0] or len(s) >= len(lg):
        return False
    letters = iter(lg.replace(" ", ""))
    return all(c in letters for c in s)


def split_abbreviation(text: str) -> tuple[str, str, str] | None:
    """(long, short, rest) of a name defining its abbreviation in parentheses: "Dewan
    Perwakilan Rakyat (DPR)", "AFP (Australian Federal Police)", "Dinas ... (PUPR) Provinsi
    Kepri". None for "PT Pertamina (Persero)": the parenthesis abbreviates nothing."""
    m = PAREN.search(text)
    if not m or PAREN.search(text, m.end()):
        return None
    inner = m.group(1).strip(" \"'\u201c\u201d")
    before, rest = text[:m.start()].strip(), text[m.end():].strip()
    if is_abbreviation(inner, before):
        return before, inner, rest
    if is_abbreviation(before, inner) and not rest:
        return inner, before, ""
    return None




def inner_definition(text: str) -> tuple[str, str] | None:
    """(short, long) of an acronym a name defines for its own words: "Wakil Ketua Dewan
    Perwakilan Rakyat (DPR) RI" -> ("DPR", "Dewan Perwakilan Rakyat"), "Tol Layang Jakarta -
    Cikampek (Japek) II" -> ("Japek", "Jakarta - Cikampek"): the fewest words before the
    parenthesis that the acronym abbreviates. None when it abbreviates nothing ("PT
    Pertamina (Persero)")."""
    m = PAREN.search(text)
    if not m or PAREN.search(text, m.end()):
        return None
    inner = m.group(1).strip(" \"'\u201c\u201d")
    words = text[:m.start()].split()
    for k in range(2, len(words) + 1):
        if is_abbreviation(inner, " ".join(words[-k:])):
            return inner, " ".join(words[-k:])
    return None


def drop_inner_definition(text: str) -> str:
    """The name without the acronym it defines inside: "Wakil Ketua Dewan Perwakilan Rakyat
    (DPR) RI" is "Wakil Ketua Dewan Perwakilan Rakyat RI"."""
    m = PAREN.search(text)
    if not m or not inner_definition(text):
        return text
    return " ".join([*text[:m.start()].split(), *text[m.end():].split()])
