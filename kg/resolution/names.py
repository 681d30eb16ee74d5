"""Name normalisation for entity resolution: pure string functions, kept apart from the
resolver's bookkeeping so each step can be tested alone. `norm` is the contract's
matching form, so labels and keys agree with how evaluation compares names."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

# Indonesian function words skipped when forming initials ("Komisi Pemberantasan Korupsi"
# -> KPK, "Kementerian Kelautan dan Perikanan" -> KKP).
FUNCTION_WORDS = frozenset({"dan", "dari", "untuk", "di", "ke", "yang", "atau", "&", "of", "and"})

# Always-known person prefixes; titles.csv extends these. Kept in code so that resolution
# strips the usual honorifics even when the data files are missing (unit tests, a broken
# install).
DEFAULT_PERSON_TITLES = frozenset(
    "h|hj|dr|drs|dra|prof|profesor|professor|ir|kh|k h|bapak|pak|ibu|bu|ibu negara|tuan|nyonya|"
    "ny|sdr|saudara|saudari|kyai|kiai|ustaz|ustadz|habib|raden|mas|mbak|kang|bang|akbp|akp|"
    "kombes|kombes pol|"
    "brigjen|brigjen pol|irjen|irjen pol|komjen|jenderal|jenderal tni|mayjen|letjen|kolonel|"
    "letkol|mayor|kapten|iptu|ipda|aiptu|aipda|bripka|brigadir|bripda|briptu|laksamana|"
    "marsekal|serma|serka|pratu|kopda|sertu|pelda|kompol|laksma|marsma|laksda|marsda".split("|"))
# Leading Organization words that are legal forms, not names ("PT Pertamina (Persero)").
ORG_LEGAL_FORMS = frozenset({"pt", "tbk", "persero", "cv", "perum", "perseroan terbatas"})
# Endings that do not change an organisation: web domains of publishers ("sindonews.com"
# is Sindonews) and the national suffix ("KPK RI", "DPR Republik Indonesia").
ORG_ENDINGS = (("co", "id"), ("com",), ("id",), ("net",), ("org",), ("tv",),
               ("republik", "indonesia"), ("ri",))
_NATIONAL = (("republik", "indonesia"), ("ri",))
# Words dropped inside organisation and post names: "Dinas Pendidikan Provinsi Kepri" is
# "Dinas Pendidikan Kepri".
INNER_DESIGNATORS = frozenset({"provinsi", "propinsi", "prov"})
# Leading post words that describe the holder, not the post ("Mantan Menteri Keuangan").
# an acting or former holder holds the same post: "Plt. Kepala Dinas X" is the post
# "Kepala Dinas X"
POST_QUALIFIERS = frozenset({"mantan", "eks", "ex", "bekas", "plt", "plh", "pj", "pjs",
                             "pelaksana tugas", "pelaksana harian", "penjabat"})
POST_SUFFIXES = frozenset({"non aktif", "nonaktif"})
# A national body's post is one post with or without the country: "Ketua DPR RI" is "Ketua
# DPR", "Kepala Kepolisian RI" is "Kepala Kepolisian Negara Republik Indonesia". Only these
# endings go, never a bare "Indonesia" ("Rektor Universitas Indonesia" keeps it).
POST_NATIONAL_ENDS = (("negara", "republik", "indonesia"), ("republik", "indonesia"),
                      ("negara", "ri"), ("ri",))
# Leading words of a place that name its grounds, not another place: "Kompleks Gedung DPR"
# is "Gedung DPR" if that place is known (see `precinct_base`; "Kompleks Parlemen" stays).
PLACE_PRECINCTS = frozenset({"kompleks", "komplek", "kawasan", "areal", "area", "lingkungan",
                             "jalan tol", "jln tol", "jl tol", "tol", "ruas tol"})
# Built-in token abbreviations inside place names; abbreviations.csv adds to and overrides.
PLACE_TOKENS = (("Jl", "Jalan"), ("Jln", "Jalan"), ("Kab", "Kabupaten"), ("Kec", "Kecamatan"),
                ("Kel", "Kelurahan"), ("Prov", "Provinsi"), ("Kep", "Kepulauan"))
# Leading Place words that do not change the place ("Provinsi Jawa Barat", "DKI Jakarta").
# Kota/Kabupaten are deliberately absent: Kota Bogor and Kabupaten Bogor are two places.
# "Kota Bandung" is the Bandung news means; "Kabupaten Bandung" stays another place
PLACE_DESIGNATORS = frozenset({"provinsi", "propinsi", "prov", "dki", "pulau", "negara", "kota",
                               "republik", "daerah khusus ibukota", "daerah khusus ibu kota"})

# Abbreviated given names that end in a dot inside a name ("Moh. Mahfud").
NAME_ABBREVIATIONS = frozenset({"muh", "moh", "moch", "much", "mochd", "muhd", "mhd", "abd",
                                "ach", "achm", "sri", "st", "hj", "drs", "dra", "prof"})
# A first name that writers often leave out or shorten: "M. Husseyn Umar" is "Husseyn
# Umar", "Muhammad Fakhri" is "M. Fakhri", "Abdul Halim Iskandar" is "Halim Iskandar"
# (phonetic keys: see `phonetic`).
OPTIONAL_FIRST = frozenset({"abdul", "abd", "m", "muhamad", "mohamad", "muh", "moh", "moch",
                            "mhd", "mohamed", "muhamed", "mochamad", "muchamad", "muhammad",
                            "mohammad"})
_DEGREE_CHUNK = re.compile(r"(?:[A-Z][A-Za-z]{0,3}\.\s?){1,4}(?:[A-Z][A-Za-z]{0,3})?")
_DOTTED_DEGREE = re.compile(r"(?:[A-Z][a-z]{0,3}\.){2,}[A-Za-z]{0,3}\.?")
_DEGREES = frozenset({"MBA", "MSC", "PHD", "MA", "MM", "SH", "MH", "SE", "LC", "MPA", "MSI",
                      "SPD", "MPD", "SSOS", "SKOM", "ST", "MT", "SIP", "SAG", "BSC", "MKES"})
_NON_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=200_000)
def norm(text: str) -> str:
    """The contract's matching form: NFKD, accents dropped, casefold, punctuation to
    spaces, spaces collapsed. Evaluation matches labels this way, so resolution must too."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).casefold()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", t)).strip()


# Spelling folds, so that old (pre-1972) and new spellings share a key. A token showing an
# old-spelling marker (oe, dj, tj, sj, nj) is converted whole, j included, since old j is
# new y: Soeharto/Suharto, Djokowi/Jokowi, Tjahaja/Cahaya, Soerabaja/Surabaya. Without a
# marker j and y stay apart ("Yati" is not "Jati"). Folds true in both spellings follow:
# Achmad/Ahmad, Yudhoyono/Yudoyono, Rudy/Rudi, Muhammad/Muhamad.
_OLD_MARKERS = ("oe", "dj", "tj", "sj", "nj")
_FOLDS = (("ch", "kh"), ("kh", "h"), ("dh", "d"), ("th", "t"))
_DOUBLE = re.compile(r"(\w)\1+")
_ROMAN = re.compile(r"[ivxlcdm]+")  # "Komisi VIII" is not "Komisi VI"


@lru_cache(maxsize=200_000)
def phonetic(key: str) -> str:
    """Spelling-insensitive key of a normalised name. Only word-like tokens (four letters
    or more, two vowels or more) are folded: acronyms must stay apart ("BKKBN" is not
    "BKBN")."""
    out = []
    for tok in key.split():
        if len(tok) >= 4 and sum(c in "aeiou" for c in tok) >= 2 and not _ROMAN.fullmatch(tok):
            if any(mark in tok for mark in _OLD_MARKERS):
                tok = tok.replace("dj", "\0").replace("tj", "c").replace("j", "y")
                tok = tok.replace("\0", "j").replace("oe", "u")
            if tok.endswith("y"):
                tok = tok[:-1] + "i"
            for old, new in _FOLDS:
                tok = tok.replace(old, new)
            tok = _DOUBLE.sub(r"\1", tok)
        out.append(tok)
    return " ".join(out)


def is_acronym(text: str) -> bool:
    """One all-caps token of 2-8 letters (PGRI, KPK, DPRD): the short side of a pair."""
    t = text.strip()
    return 2 <= len(t) <= 8 and " " not in t and t.isupper() and any(c.isalpha() for c in t)


def initials(key: str) -> str:
    """Initials of a normalised multiword name, skipping function words; "" if too short."""
    toks = [t for t in key.split() if t not in FUNCTION_WORDS and not t.isdigit()]
    return "".join(t[0] for t in toks) if len(toks) >= 2 else ""


def covers(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """True when `long` is a fuller form of the name `short`: the tokens of `short` occur
    in `long` in order (gaps allowed), a one-letter token standing for any token with
    that initial. So "Kamil" is within "Ridwan Kamil", "Dharmawan Samsu" within
    "Dharmawan H Samsu" and "Laode M Syarif" within "Laode Muhammad Syarif". A name of
    two tokens or more must start where the longer one starts: "Joko Widodo" is not a
    short form of "Iriana Joko Widodo" (wives are often named after their husbands),
    except for a leading Muhammad or M. the short form left out ("M Husseyn Umar")."""
    if not short or len(short) > len(long) or short == long or (
            len(short[-1]) > 1 and short[-1] not in long):
        return False
    if len(short) > 1 and long[0] in OPTIONAL_FIRST and short[0] != long[0] and not (
            len(short[0]) == 1 and long[0][0] == short[0]):
        long = long[1:]  # "Husseyn Umar" within "M Husseyn Umar"
        if short == long:
            return True
    i = 0
    for tok in short:
        while i < len(long) and long[i] != tok and not (len(tok) == 1 and long[i][0] == tok):
            if len(short) > 1 and i == 0:
                return False
            i += 1
        if i == len(long):
            return False
        i += 1
    return True


PAREN = re.compile(r"\s*\(([^()]*)\)\s*")


def _strip_degrees(text: str) -> str:
    """Drop academic suffixes: "Budi Santoso, S.H., M.Si." -> "Budi Santoso"."""
    head, *tail = text.split(",")
    if tail and all(_DEGREE_CHUNK.fullmatch(c.strip()) or c.strip().replace(".", "").upper()
                    in _DEGREES for c in tail if c.strip()):
        text = head
    toks = text.split()
    while len(toks) > 1 and _DOTTED_DEGREE.fullmatch(toks[-1]):
        toks.pop()
    return " ".join(toks)


@lru_cache(maxsize=64)
def _longest(words: frozenset[str]) -> int:  # tokens in the longest entry
    return max((len(w.split()) for w in words), default=1)


def _leading(toks: list[str], words: frozenset[str]) -> int:
    """How many leading tokens form one entry of `words` (longest match), else 0."""
    for n in range(min(_longest(words), len(toks) - 1), 0, -1):
        if norm(" ".join(toks[:n])) in words:
            return n
    return 0


def strip_person(text: str, titles: frozenset[str], after: frozenset[str]) -> tuple[str, bool]:
    """(clean name, whether a title was cut): leading honorifics, ranks and posts go
    ("Kombes Pol Dr. H. Budi" -> "Budi"), and after a title a region or organisation in
    `after` or an acronym ("Gubernur DKI Basuki ..."); so do academic suffixes and a run-on
    sentence. Never strips the last token. The flag lets the label prefer uncut forms."""
    toks = _strip_degrees(text).split()
    for i, tok in enumerate(toks[:-1]):  # "Firli Bahuri. Sehingga": a sentence ran on
        if tok[-1] in ".,;" and sum(c.isalpha() for c in tok) >= 3 and \
                norm(tok) not in NAME_ABBREVIATIONS:
            toks = toks[:i + 1]
            break
    after_title = False
    while len(toks) > 1:
        n = _leading(toks, titles)
        if not n and after_title:
            n = _leading(toks, after) or int(is_acronym(toks[0]))
        if not n:
            break
        toks = toks[n:]
        after_title = True
    return " ".join(toks).strip(" ,.;:-("), after_title


def strip_words(key: str, words: frozenset[str], at_end: bool = False) -> str:
    """Remove leading (or trailing) words of a normalised key while something remains."""
    toks = key.split()
    changed = True
    while changed and len(toks) > 1:
        changed = False
        for n in range(min(_longest(words), len(toks) - 1), 0, -1):
            part = toks[-n:] if at_end else toks[:n]
            if " ".join(part) in words:
                toks = toks[:-n] if at_end else toks[n:]
                changed = True
                break
    return " ".join(toks)


def drop_inner(key: str, words: frozenset[str]) -> str:
    """Remove `words` from a normalised key except as its first token."""
    toks = key.split()
    return " ".join(toks[:1] + [t for t in toks[1:] if t not in words])


def org_core(key: str) -> str:
    """Matching key of an organisation: legal forms, web-domain and national endings and
    "Provinsi" inside dropped, so "PT Pertamina (Persero)" and "Pertamina",
    "sindonews.com" and "Sindonews", "KPK RI" and "KPK" meet."""
    toks = drop_inner(key, INNER_DESIGNATORS).split()
    if len(toks) >= 4 and toks[:2] == ["pemerintah", "daerah"]:  # "Pemerintah Daerah
        toks = toks[:1] + toks[2:]  # (Provinsi) Jawa Barat" is "Pemerintah Provinsi ..."
    for end in ORG_ENDINGS:  # a national ending only goes where two words remain
        keep = len(end) + (2 if end in _NATIONAL else 1)
        if len(toks) >= keep and tuple(toks[-len(end):]) == end:
            toks = toks[:-len(end)]
            break
    key = strip_words(" ".join(toks), ORG_LEGAL_FORMS)
    return national(strip_words(key, ORG_LEGAL_FORMS, at_end=True))


def national(key: str) -> str:
    """"RI" and "Republik Indonesia" in a key become "indonesia" (as the table expands RI),
    so "Kedutaan Besar RI" meets "Kedutaan Besar Republik Indonesia"."""
    return re.sub(r"\b(?:republik indonesia|ri)\b", "indonesia", key)


def drop_trailing_ri(text: str) -> str:
    """"KPK RI" -> "KPK", before expansion (which would make it "Indonesia", as in "Bank
    Indonesia", a name of its own)."""
    toks = text.split()
    return " ".join(toks[:-1]) if len(toks) > 1 and toks[-1] in ("RI", "R.I.") else text


def post_core(key: str) -> str:
    """Matching key of a post: "Mantan Menteri Keuangan" is the post Menteri Keuangan,
    "Gubernur Provinsi Kepri" the post Gubernur Kepri, "Ketua DPR RI" the post Ketua DPR."""
    key = strip_words(strip_words(key, POST_QUALIFIERS), POST_SUFFIXES, at_end=True)
    return national(drop_national_end(drop_inner(key, INNER_DESIGNATORS)))


def drop_national_end(key: str) -> str:
    """"ketua dewan perwakilan rakyat republik indonesia" -> "ketua dewan perwakilan
    rakyat": a country ending (POST_NATIONAL_ENDS) goes where two words remain."""
    toks = key.split()
    for end in POST_NATIONAL_ENDS:
        if len(toks) >= len(end) + 2 and tuple(toks[-len(end):]) == end:
            return " ".join(toks[:-len(end)])
    return key


_NATIONAL_TEXT_END = re.compile(r"\s+(?:negara\s+)?(?:republik\s+indonesia|r\.?\s?i\.?)$", re.I)


def drop_national_text(text: str) -> str:
    """"Ketua DPR RI" -> "Ketua DPR" before table expansion (which reads RI as plain
    "Indonesia", as in "Bank Indonesia"); kept where fewer than two words would remain."""
    cut = _NATIONAL_TEXT_END.sub("", text)
    return cut if cut != text and len(cut.split()) >= 2 else text


def place_core(key: str) -> str:
    """Matching key of a place: "Provinsi Jawa Barat" is Jawa Barat, "DKI Jakarta" is
    Jakarta."""
    return strip_words(key, PLACE_DESIGNATORS)


def precinct_base(key: str) -> str | None:
    """"kompleks gedung dpr" -> "gedung dpr", "tol layang japek ii" -> "layang japek ii":
    the place whose grounds a leading precinct word names, if two words or more remain."""
    toks = key.split()
    for n in (2, 1):
        if len(toks) >= n + 2 and " ".join(toks[:n]) in PLACE_PRECINCTS:
            return " ".join(toks[n:])
    return None


def expand_tokens(text: str, table: dict[str, str]) -> str:
    """Replace abbreviations inside a name by their long forms ("Pemprov Jabar" ->
    "Pemerintah Provinsi Jawa Barat"). `table` maps normalised short forms (up to three
    tokens) to long forms. Only capitalised tokens expand, so a lowercase common word
    that happens to spell an abbreviation is left alone."""
    toks = [t for t in re.split(r"[\s/]+", text) if t]
    out: list[str] = []
    i = 0
    while i < len(toks):
        for n in (3, 2, 1):
            if i + n > len(toks) or not toks[i][:1].isupper():
                continue
            long = table.get(norm(" ".join(toks[i:i + n])))
            if long:
                if out and norm(out[-1]) == norm(long.split()[0]):  # "Bank BRI"
                    out.pop()
                out.append(long)
                i += n
                break
        else:
            out.append(toks[i])
            i += 1
    return " ".join(out)


def tokens_agree(a: str, b: str) -> bool:
    """Guard on a fuzzy match: aligned tokens alike one by one, short tokens and numbers
    equal, so "jawa barat"/"jawa timur" or "HUT ke 74"/"HUT ke 75" never merge."""
    ta, tb = sorted(a.split()), sorted(b.split())
    return len(ta) == len(tb) and all(
        x == y or (min(len(x), len(y)) > 4 and not (x.isdigit() or y.isdigit())
                   and x[0] == y[0] and fuzz.ratio(x, y) >= 80)
        for x, y in zip(ta, tb, strict=True))


def lookup_table(rows: Iterable[tuple[str, str]], inside: bool = False) -> dict[str, str]:
    """normalised short -> long. A short with two long forms is dropped (a guess could
    merge two things); a table used `inside` names skips a long form containing its short
    ("DKI" -> "DKI Jakarta" would make "DKI Jakarta Jakarta")."""
    out: dict[str, str] = {}
    bad: set[str] = set()
    for short, long in rows:
        k = norm(short)
        if not k or k == norm(long) or (inside and k in norm(long).split()):
            continue
        if k in out and norm(out[k]) != norm(long):
            bad.add(k)
        out.setdefault(k, long)
    return {k: v for k, v in out.items() if k not in bad}


def similar_pairs(keys: Iterable[str], min_score: int, min_len: int,
                  min_tokens: int = 1) -> list[tuple[str, str]]:
    """Pairs of keys with token_sort_ratio >= min_score whose tokens also agree one by one.
    Only keys in one block are compared (same token count and token initials, lengths
    within the score's reach), so the cost stays near linear in the number of keys."""
    blocks: dict[tuple[int, str], list[str]] = defaultdict(list)
    for k in keys:
        toks = k.split()
        if len(k) >= min_len and len(toks) >= min_tokens:
            blocks[(len(toks), "".join(sorted(t[0] for t in toks)))].append(k)
    slack = (100 - min_score) / (100 + min_score)  # the largest length gap, relative
    pairs = []
    for _, block in sorted(blocks.items()):
        block.sort(key=lambda k: (len(k), k))
        lengths = [len(k) for k in block]
        for i, a in enumerate(block):
            end = bisect_right(lengths, int(len(a) * (1 + slack) / (1 - slack)), lo=i + 1)
            for b, _, _ in process.extract(a, block[i + 1:end], scorer=fuzz.token_sort_ratio,
                                           score_cutoff=min_score, limit=None):
                if tokens_agree(a, b):
                    pairs.append((a, b))
    return pairs
