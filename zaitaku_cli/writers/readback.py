"""Reading a published table back, for `zaitaku export --check FILE`: which encoding the file is
really in, and whether its content is the table the registry gives now.

A committed CSV is often not the bytes that `-o` wrote: git's autocrlf changes the line ends, an
editor drops the BOM, and Excel's 上書き保存 of a CSV writes Shift_JIS (cp932). Decoding such a
file as UTF-8 would turn every Japanese cell into mojibake and show every line as changed. So
the file is decoded by a strict ladder — UTF-8 with BOM, UTF-16 with BOM, UTF-8, cp932 — and the
first that decodes without error wins (cp932 also without the characters Excel never writes). A detector library (charset-normalizer) guesses among
dozens of encodings from statistics; here only these can occur, a strict decode is exact, and
Japanese text in cp932 is practically never valid UTF-8 (nor the reverse), so the order decides
nothing but pure ASCII, which reads the same either way.

CSV is then compared cell by cell (a re-save may quote differently); Markdown line by line.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field

BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls, or an encrypted workbook
# Python's cp932 decodes the bytes 0x80, 0xA0 and 0xFD-0xFF, which Windows never writes for text,
# as U+0080 and private-use characters, and the user-defined area as private use too: such a
# "cp932" text is broken UTF-8 or another encoding, not a table that Excel saved.
_NOT_FROM_EXCEL = re.compile("[\u0080-\u009f\ue000-\uf8ff]")

# How each encoding is named to an officer (ja, en).
ENCODING_NAMES = {
    "utf-8-sig": ("BOM 付き UTF-8", "UTF-8 with BOM"),
    "utf-8": ("UTF-8（BOM なし）", "UTF-8 without BOM"),
    "cp932": ("Shift_JIS（cp932）", "Shift_JIS (cp932)"),
    "utf-16": ("UTF-16", "UTF-16"),
}


@dataclass(frozen=True)
class Decoded:
    """`text` (None when no encoding of the ladder reads it), `encoding` (a key of
    ENCODING_NAMES, or "unknown"), and for "unknown" the 1-based line and the byte that failed."""

    text: str | None
    encoding: str
    line: int = 0
    byte: int = 0


def decode(data: bytes) -> Decoded:
    """The file's text by the strict ladder of the module's docstring. Never raises."""
    if data.startswith(BOM):
        try:
            return Decoded(data[len(BOM):].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as err:
            return _unknown(data, err.start + len(BOM))
    if data.startswith(UTF16_BOMS):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as err:
            return _unknown(data, err.start)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as err:
        first_bad = err.start
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        return _unknown(data, first_bad)
    if _NOT_FROM_EXCEL.search(text):
        return _unknown(data, first_bad)
    return Decoded(text, "cp932")


def _unknown(data: bytes, offset: int) -> Decoded:
    return Decoded(None, "unknown", data.count(b"\n", 0, offset) + 1, data[offset])


@dataclass
class Comparison:
    """`notes`: (ja, en) facts about the file an officer should know (its encoding, a missing
    BOM), shown whatever the verdict; `ignored`: (ja, en) byte-level differences that were not
    compared ("" when none); `diff`: lines of a unified diff of the content, [] when it matches;
    `unreadable`: (ja, en) why the content could not be compared at all (then it does not match)."""

    notes: list[tuple[str, str]] = field(default_factory=list)
    ignored: tuple[str, str] = ("", "")
    diff: list[str] = field(default_factory=list)
    unreadable: tuple[str, str] | None = None

    @property
    def matches(self) -> bool:
        return self.unreadable is None and not self.diff


def compare(current: bytes, expected: bytes, fmt: str, encoding: str, name: str) -> Comparison:
    """`current` (the file's bytes) against `expected` (what the registry gives now, written in
    `encoding`: "utf-8-sig", "utf-8" or "cp932"; Markdown and HTML are always "utf-8"). `fmt` is
    "csv", "md" or "html" (a page saved in another encoding than the UTF-8 it declares is
    unreadable: browsers garble it); `name` labels the diff."""
    found = decode(current)
    want = expected.decode("utf-8-sig" if encoding == "utf-8-sig" else encoding)
    out = Comparison()
    if found.text is None:
        out.unreadable = (f"UTF-8 としても Shift_JIS としても読めません（{found.line} 行目のバイト 0x{found.byte:02X}）",
                          f"neither UTF-8 nor Shift_JIS (line {found.line}, byte 0x{found.byte:02X})")
        return out
    if found.encoding == "utf-16":
        out.unreadable = ("UTF-16 で保存されています（Excel の「Unicode テキスト」はタブ区切りです）。"
                          "表を作り直してください",
                          "saved as UTF-16 (Excel's 'Unicode Text' is tab-separated); regenerate the table")
        return out
    if fmt == "html" and _family(found.encoding) != "utf-8":
        have = ENCODING_NAMES[found.encoding]
        out.unreadable = (f"{have[0]}で保存されていますが、ページは UTF-8 と宣言しているため（<meta charset=\"utf-8\">）"
                          f"ブラウザでは文字化けします。ページを作り直してください",
                          f"saved as {have[1]}, but the page declares UTF-8 (<meta charset=\"utf-8\">), so browsers "
                          f"show garbled text; regenerate the page")
        return out
    out.notes = _encoding_notes(found, encoding, fmt)
    out.ignored = _ignored(current, expected, found.encoding, encoding)
    old, new = _lines(found.text, fmt), _lines(want, fmt)
    if fmt == "html":
        out.notes += _page_language_notes(found.text, want)
    if old != new:
        out.diff = list(difflib.unified_diff(old, new, f"{name}（ファイル / file）",
                                             f"{name}（登録簿から / from the registry）", n=1, lineterm=""))
    return out


_PAGE_LANG = re.compile(r'<html lang="([a-z-]+)"')


def _page_language_notes(found: str, want: str) -> list[tuple[str, str]]:
    """A page written in the other language (`--lang`): said first, or the diff of every line
    and the command to regenerate it (which would overwrite it in the other language) mislead."""
    have, expected = _PAGE_LANG.search(found[:300]), _PAGE_LANG.search(want[:300])
    if not have or not expected or have.group(1) == expected.group(1):
        return []
    if have.group(1) == "en":
        return [("このページは英語（--lang en）で書き出したものです。--lang en を付けて確かめてください",
                 "this page was written in English: check it with --lang en")]
    return [(f"このページは lang=\"{have.group(1)}\" で書き出したものです。同じ --lang で確かめてください",
             f"this page was written with lang=\"{have.group(1)}\": check it with the same --lang")]


def _family(encoding: str) -> str:
    return "utf-8" if encoding in ("utf-8-sig", "utf-8") else encoding


def _encoding_notes(found: Decoded, expected: str, fmt: str) -> list[tuple[str, str]]:
    notes = []
    if _family(found.encoding) != _family(expected):
        have, want = ENCODING_NAMES[found.encoding], ENCODING_NAMES[expected]
        if found.encoding == "cp932" and fmt == "csv":
            notes.append((f"Excel で Shift_JIS として保存し直されています（{want[0]}で書き出した表です）。"
                          f"内容は Shift_JIS として読んで比べました",
                          f"Excel re-saved it as Shift_JIS (cp932); the table is written as {want[1]}."
                          f" Its content was read as Shift_JIS and compared"))
        else:
            notes.append((f"{have[0]}で保存されています（{want[0]}で書き出した表です）。内容は{have[0]}として読んで比べました",
                          f"saved as {have[1]} (the table is written as {want[1]}); its content was read as such"))
    elif fmt == "csv" and expected == "utf-8-sig" and found.encoding == "utf-8" and not found.text.isascii():
        notes.append(("BOM がありません。このままでは Excel で開くと文字化けします（作り直すと BOM が付きます）",
                      "it has no BOM: Excel will show mojibake (regenerating adds the BOM)"))
    return notes


def _ignored(current: bytes, expected: bytes, found: str, encoding: str) -> tuple[str, str]:
    """The byte-level differences not compared: the encoding, the BOM (within UTF-8) and the line
    ends, the file's side first; ("", "") when none."""
    ja, en = [], []
    if _family(found) != _family(encoding):
        have, want = ENCODING_NAMES[found], ENCODING_NAMES[encoding]
        ja.append(f"文字コード（{have[0]} → {want[0]}）")
        en.append(f"encoding ({have[1]} → {want[1]})")
    else:
        old_bom, new_bom = current.startswith(BOM), expected.startswith(BOM)
        if old_bom != new_bom:
            mark = {True: "あり", False: "なし"}
            ja.append(f"BOM（{mark[old_bom]} → {mark[new_bom]}）")
            en.append(f"BOM ({'present' if old_bom else 'absent'} → {'present' if new_bom else 'absent'})")
    old_ends, new_ends = line_ends(current), line_ends(expected)
    if old_ends != new_ends:
        ja.append(f"改行（{old_ends} → {new_ends}）")
        en.append(f"line ends ({old_ends} → {new_ends})")
    return "、".join(ja), ", ".join(en)


def line_ends(data: bytes) -> str:
    """"CRLF", "LF", "CRLF+LF" or "-" (no line end). Byte-wise: in cp932 a 0x0A byte is always
    a line feed (trail bytes start at 0x40)."""
    crlf = data.count(b"\r\n")
    lf = data.count(b"\n") - crlf
    if crlf and lf:
        return "CRLF+LF"
    return "CRLF" if crlf else ("LF" if lf else "-")


def _lines(text: str, fmt: str) -> list[str]:
    """The content as comparable lines: Markdown's lines; a CSV's rows, each written again with
    minimal quoting, so a file that quotes differently (or breaks a cell's lines with CRLF)
    compares by its cells."""
    text = text.lstrip("\ufeff")
    if fmt != "csv":
        return text.replace("\r\n", "\n").splitlines()
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:  # not CSV after all: compare the text
        return text.replace("\r\n", "\n").splitlines()
    lines = []
    for row in rows:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow([cell.replace("\r\n", "\n") for cell in row])
        lines.append(buffer.getvalue())
    return lines


def workbook_problem(data: bytes) -> tuple[str, str] | None:
    """(ja, en) when `data` is plainly not an XLSX workbook (an .xls, an encrypted workbook, a
    CSV saved under the .xlsx name); None when it may be one."""
    if data.startswith(OLE2):
        return ("Excel 97-2003 形式（.xls）か、パスワード付きのブックとして保存されています。"
                "XLSX の表は作り直してください",
                "saved as an Excel 97-2003 (.xls) or password-protected workbook; regenerate the XLSX table")
    if not data.startswith(b"PK"):
        return ("XLSX（Excel ブック）ではありません（CSV などの文字のファイルのようです）",
                "not an XLSX workbook (it looks like a text file such as CSV)")
    return None
