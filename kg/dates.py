"""Publication dates from the forms news metadata uses, as ISO yyyy-mm-dd."""

from __future__ import annotations

import re

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_MONTHS = {m: i for i, names in enumerate([
    (), ("januari", "january", "jan"), ("februari", "february", "feb", "pebruari"),
    ("maret", "march", "mar"), ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"),
    ("juli", "july", "jul"), ("agustus", "august", "agu", "aug"),
    ("september", "sep", "sept"), ("oktober", "october", "okt", "oct"),
    ("november", "nov", "nopember"), ("desember", "december", "des", "dec"),
]) for m in names}
_DMONY = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})\b")


def iso_date(value: object) -> str | None:
    """yyyy-mm-dd from the date forms news metadata uses, or None when unsure."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    s = str(value).strip()
    y = mo = d = 0
    if m := _ISO.search(s):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _DMY.search(s):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif (m := _DMONY.search(s)) and m.group(2).lower() in _MONTHS:
        d, mo, y = int(m.group(1)), _MONTHS[m.group(2).lower()], int(m.group(3))
    if 1 <= mo <= 12 and 1 <= d <= 31 and 1000 < y < 3000:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None
