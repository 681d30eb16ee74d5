"""The catalogue of bad (and merely odd) inputs: one row per case.

Each case writes its input under a folder and names what to give `kg build`; `message`
is a regular expression the one "skipped INPUT: ..." line for it must match, or None when
the input is fine and its article must be in the graph (with `text_has` in its text).
All texts are made up.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

GOOD_TEXT = "Gubernur Jawa Tengah Budi Santoso membuka rapat kerja daerah di Semarang."
HUGE_CHARS = 1_050_000  # over spaCy's default max_length (1,000,000)


@dataclass
class Case:
    name: str
    make: Callable[[Path], Path]  # writes the input under the folder, returns what to give
    message: str | None = None  # regex for the one skip line, None = read and in the graph
    text_has: str | None = None  # for a read article: a piece of its cleaned text
    url: str | None = None  # for a read article: its schema:url
    articles: int = 1  # for a read input: how many articles hold `text_has`


def _bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        (d / name).write_bytes(data)
        return d / name
    return make


def _text(name: str, text: str, encoding: str = "utf-8") -> Callable[[Path], Path]:
    return _bytes(name, text.encode(encoding))


def _jsonl(name: str, *lines: str) -> Callable[[Path], Path]:
    return _bytes(name, ("\n".join(lines) + "\n").encode("utf-8"))


def _record(**fields: object) -> str:
    return json.dumps(fields)


def _symlink_loop(d: Path) -> Path:
    link = d / "loop.txt"
    os.symlink(link.name, link)  # points at itself
    return link


def _huge(d: Path) -> Path:
    para = "rapat kerja daerah membahas anggaran pendidikan dan kesehatan tahun depan " * 30
    text = "Budi Santoso membuka laporan.\n\n" + "\n\n".join([para.strip()] * 10_000)
    (d / "huge.txt").write_text(text[:HUGE_CHARS], "utf-8")
    return d / "huge.txt"


CASES = [
    Case("empty", _bytes("empty.txt", b""), r"has no article text after cleaning\.$"),
    Case("whitespace", _bytes("ws.txt", b"  \n\t \r\n \xc2\xa0\n"),
         r"has no article text after cleaning\.$"),
    Case("binary", _bytes("binary.txt", bytes(range(256)) * 40),
         r"the text encoding could not be detected\.$"),
    Case("png-as-html", _bytes("gambar.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20),
         r"the text encoding could not be detected\.$"),
    Case("utf-16", _text("utf16.txt", "Budi Santoso hadir di Surabaya.", "utf-16"),
         text_has="hadir di Surabaya"),
    Case("cp1252", _text("cp1252.txt", "Kafe “Budi” di Medan buka – kata pemilik.", "cp1252"),
         text_has='Kafe "Budi" di Medan buka - kata'),
    Case("nul", _bytes("nul.txt", b"Budi\x00 Santoso hadir di Bogor.\x00"),
         text_has="Budi Santoso hadir di Bogor."),
    Case("invalid-utf8", _bytes("bad-utf8.txt", b"Budi Santoso hadir di Depok \xff\xfe kemarin."),
         text_has="Budi Santoso hadir di Depok"),
    Case("malformed-jsonl", _jsonl("broken.jsonl", '{"id": "x1", "text": "Isi'),
         r"broken\.jsonl:1: is not valid JSON \(.*\)\.$"),
    Case("non-object-jsonl", _jsonl("list.jsonl", "[1, 2, 3]"),
         r"list\.jsonl:1: is not a JSON object\.$"),
    Case("string-jsonl", _jsonl("str.jsonl", '"hanya teks"'),
         r"str\.jsonl:1: is not a JSON object\.$"),
    Case("missing-text", _jsonl("notext.jsonl", _record(id="nt1", title="Judul")),
         r'notext\.jsonl:1: has no "text" or "html" string\.$'),
    Case("null-text", _jsonl("null.jsonl", _record(id="nt2", text=None)),
         r'null\.jsonl:1: has no "text" or "html" string\.$'),
    Case("number-text", _jsonl("num.jsonl", _record(id="nt3", text=12345)),
         r'num\.jsonl:1: has no "text" or "html" string\.$'),
    Case("list-text", _jsonl("listtext.jsonl", _record(id="nt4", text=["a", "b"])),
         r'listtext\.jsonl:1: has no "text" or "html" string\.$'),
    Case("nested-json", _jsonl("nested.jsonl", "[" * 100_000),
         r"nested\.jsonl:1: is nested too deeply to read as JSON\.$"),
    Case("not-utf8-jsonl", _bytes("latin.jsonl", b'{"id": "l1", "text": "caf\xe9"}\n'),
         r"latin\.jsonl:1: is not UTF-8 \(JSON Lines must be UTF-8\)\.$"),
    Case("hostile-html", _text("hostile.html", (
        "<html><head><title>Judul</title><script>alert(1)</script></head><body>"
        "<p>Budi Santoso hadir di Cirebon.<img src=x onerror=alert(2)></p>"
        "<p><a href=\"javascript:alert(3)\">tautan</a> ditutup.</p></body></html>")),
        text_has="Budi Santoso hadir di Cirebon."),
    Case("deep-html", _text("deep.html", "<html><body>" + "<div>" * 50_000
                            + "<p>Budi Santoso hadir di Garut.</p>" + "</div>" * 50_000
                            + "</body></html>"),
         text_has="Budi Santoso hadir di Garut."),
    Case("emoji-only", _text("emoji.txt", "😀🎉🔥 " * 40), text_has="😀"),
    Case("rtl", _text("rtl.txt", "مرحبا بكم في جاكرتا. שלום עולם."), text_has="جاكرتا"),
    Case("english", _text("english.txt", "The governor opened the meeting in Semarang on "
                          "Monday, officials said."), text_has="The governor opened"),
    Case("pdf", _bytes("laporan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
         r"unsupported file type '\.pdf'; kg reads .*\.$"),
    Case("docx", _bytes("surat.docx", b"PK\x03\x04" + bytes(100)),
         r"unsupported file type '\.docx'; kg reads .*\.$"),
    Case("csv", _text("tabel.csv", "nama,jabatan\nBudi,Gubernur\n"),
         r"unsupported file type '\.csv'; kg reads .*\.$"),
    Case("quotes-and-backslashes-in-name", _text('ber"ita\\satu\'.txt',
                                                  "Budi Santoso hadir di Solo."),
         text_has="hadir di Solo"),
    Case("odd-ids", _jsonl("odd-ids.jsonl",
                           _record(id="<script>alert(1)</script>", text="Isi satu di Bekasi."),
                           _record(id="../../etc/passwd", text="Isi dua di Bekasi."),
                           _record(id="  ", text="Isi tiga di Bekasi."),
                           _record(id=True, text="Isi empat di Bekasi."),
                           _record(id="x" * 3000, text="Isi lima di Bekasi."),
                           _record(id="\ud800\u0000", text="Isi enam \udfff di Bekasi.")),
         text_has="di Bekasi.", articles=6),
    Case("url-with-space", _jsonl("url.jsonl", _record(
        id="url-1", text="Budi Santoso hadir di Kudus.",
        url="https://example.com/berita/judul artikel")),
        text_has="hadir di Kudus", url="https://example.com/berita/judul%20artikel"),
    Case("id-case-clash", _jsonl("case.jsonl",
                                 _record(id="CONTOH-00001", text="Isi pertama di Blora."),
                                 _record(id="contoh-00001/", text="Isi kedua di Blora.")),
         r"case\.jsonl:2: article id 'contoh-00001/' differs from 'CONTOH-00001' .* only in "
         r"case or a trailing slash\.$"),
    Case("id-text-clash", _jsonl("clash.jsonl",
                                 _record(id="sama-1", text="Isi pertama di Pati."),
                                 _record(id="sama-1", text="Isi lain sama sekali di Pati.")),
         r"clash\.jsonl:2: article id 'sama-1' clashes with a different text under the same "
         r"id \(first seen in .*clash\.jsonl:1\)\.$"),
    Case("huge-token", _text("token.txt", "Budi Santoso hadir. " + "a" * 200_000),
         text_has="Budi Santoso hadir."),
    Case("huge-article", _huge, text_has="Budi Santoso membuka laporan."),
    Case("symlink-loop", _symlink_loop,
         r"loop\.txt: is a symbolic link that loops or points nowhere\.$"),
]
