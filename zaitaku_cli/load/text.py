"""Bytes to text: UTF-8 (a BOM is fine), with a named diagnosis for Shift_JIS/CP932, and the
characters that have no place in a record (control characters, tab indentation)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from zaitaku_cli.load.problem import Problem

_BOM = b"\xef\xbb\xbf"
# C0 controls except tab/LF/CR, DEL, C1 controls; YAML forbids them and editors hide them.
# U+2028/U+2029 (line and paragraph separators, pasted from PDFs) break lines for YAML but not
# for editors, so every later line number would be off by one.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029"
_CONTROL = re.compile(f"[{_CONTROLS}]")
# What could make a value hold a character that value_faults() reports, in the Basic Multilingual
# Plane: `\` (an escape, in a double-quoted value), | and > (block scalars keep line breaks), tab,
# format characters (general category Cf, Unicode 14), private use, noncharacters, the combining
# marks compose_marks() composes, and the spaces other than U+0020 and U+3000 (U+3000 is common
# inside names: _IDEOGRAPHIC_EDGE looks for it at a value's edge only).
_BMP_FAULTS = (
    "\u00a0\u00ad\u0300-\u036f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u1680\u180e"
    "\u2000-\u200f\u202a-\u202f\u205f-\u2064\u2066-\u206f\u3099\u309a\ue000-\uf8ff\ufdd0-\ufdef"
    "\ufeff\ufff9-\uffff")
_BMP_SUSPECTS = "\\\\|>\t" + _BMP_FAULTS
# One pass over the text finds them all, with U+3000 (see _IDEOGRAPHIC_EDGE) and the characters
# of YAML's aliases, tags and merge keys (* ! <): a character class costs the same however large.
_MARKUP = "*!<"
_SCAN = re.compile(f"[{_CONTROLS}{_BMP_SUSPECTS}\u3000{_MARKUP}]")
_TAB_INDENT = re.compile(r"^ *\t", re.M)


def _position(data, index: int, newline) -> tuple[int, int]:
    line_start = data.rfind(newline, 0, index) + 1
    return data.count(newline, 0, index) + 1, index - line_start + 1


def decode(data: bytes) -> tuple[str | None, list[Problem]]:
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line, column = _position(data, err.start, b"\n")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        detail, advice = "UTF-16", "UTF-16"
    else:
        try:
            data.decode("cp932")
            detail, advice = "Shift_JIS/CP932", "Shift_JIS/CP932"
        except UnicodeDecodeError:
            detail, advice = "不明な文字コード", "an unknown encoding"
    params = {
        "detail": f"{detail} で保存されているようです" if advice != "an unknown encoding" else detail,
        "detail_en": f"it looks like {advice}",
        "advice": "エディタで「UTF-8」を選んで保存し直してください（メモ帳: 名前を付けて保存 → 文字コード UTF-8）。",
        "advice_en": "Save it again as UTF-8.",
    }
    return None, [Problem("file-encoding", line, column, params)]


class Scanned(NamedTuple):
    """What scan() found: the problems, and what decides the loader's later steps."""

    problems: list
    suspect: bool  # a character of _BMP_SUSPECTS: needs_value_scan()
    ideographic: bool  # a U+3000: needs_value_scan() looks at its place
    markup: bool  # a * ! or <: perhaps an alias, a tag or a merge key


def scan(text: str) -> Scanned:
    """The characters that make a file unusable before YAML sees it (the first control
    character, tab indentation), and the flags of Scanned, in one pass over the text."""
    problems = []
    suspect = ideographic = markup = False
    search, at, control = _SCAN.search, 0, None
    while control is None:
        match = search(text, at)
        if match is None:
            break
        char = match.group()
        if char in _MARKUP:
            markup = True
        elif char == "\u3000":
            ideographic = True
        elif _CONTROL.match(char):
            control = match
        else:
            suspect = True
        at = match.end()
    if control:
        line, column = _position(text, control.start(), "\n")
        problems.append(Problem("file-control-character", line, column, {"char": f"U+{ord(control.group()):04X}"}))
    match = "\t" in text and _TAB_INDENT.search(text)  # `in` first: the regex is 10x slower
    if match:
        line, column = _position(text, match.end() - 1, "\n")
        problems.append(Problem("file-tab-indent", line, column, {}))
    return Scanned(problems, suspect, ideographic, markup)


# --- characters inside values ----------------------------------------------------------------
# scan() sees the file's characters; a YAML escape ("\\v", "\\x1b", "\\uFFFE") gets past it, and
# so do the characters that YAML accepts but a value should not hold. These run on the values of
# the few files whose text could produce such a value (scan()'s suspects, then
# needs_value_scan()), never on the others.

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NONCHARACTERS = "".join(chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
_IDEOGRAPHIC_EDGE = re.compile("[-:\\[{,?][ \t]*\u3000|\u3000[ \t]*(?:$|#|[\"',:\\]}])", re.M)


def might_fault(value: str) -> bool:
    """A cheap test before value_faults() on one short text (a reference table's cell): False
    when it cannot hold a character value_faults() reports."""
    return bool(value) and (value[0] in _SPACES or value[-1] in _SPACES or "\n" in value or "\r" in value
                            or _SCAN.search(value) is not None or (not value.isascii() and max(value) > "\uffff"))


def needs_value_scan(text: str, data: bytes, scanned: Scanned) -> bool:
    """True when a value of the text could hold what value_faults() reports: scan() found a
    suspect character, or the text (`data`, its UTF-8: a byte test) has a character beyond the
    BMP, or a U+3000 at a value's edge. (A quoted value with a space at its edge and a value with
    a blank line inside are noted by the loader, which sees the values.) Under a microsecond on
    a record, so that the walk over values runs only then."""
    return (scanned.suspect or 0xF0 in data or 0xF1 in data or 0xF2 in data or 0xF3 in data or 0xF4 in data
            or (scanned.ideographic and _IDEOGRAPHIC_EDGE.search(text) is not None))  # int needles: memchr


_COMBINING = "\u0300-\u036f\u3099\u309a"
_DECOMPOSED = re.compile(f"[^{_COMBINING}][{_COMBINING}]+")
_FAULTY_CHARS = f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BMP_FAULTS}\U00010000-\U0010ffff\ud800-\udfff]"


@lru_cache(maxsize=None)
def _faulty():
    """The characters value_faults() looks at. Compiled on first use (a millisecond: a class with
    ranges beyond the BMP), which most runs never reach."""
    return re.compile(_FAULTY_CHARS)
_CONTROL_NAMES = dict(enumerate((
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY",
    "ACKNOWLEDGE", "BELL", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION",
    "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE", "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
    "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE", "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE")))
_CONTROL_NAMES.update({0x7F: "DELETE", 0x85: "NEXT LINE"})
_SHOWN_AROUND = 12  # characters of context shown either side of the first fault
_SPACES = " \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


def compose_marks(value: str) -> str | None:
    """`value` with each letter + combining mark(s) written as one character where Unicode has
    one (カ + U+3099 → ガ, e + U+0301 → é), or None when nothing composes. Not NFC of the whole
    text: NFC also replaces CJK compatibility ideographs (U+F900…, a name's 異体字) by unified
    ones, so only a base that NFC leaves as it is is composed with its marks."""
    if not _DECOMPOSED.search(value):
        return None

    def compose(match):
        segment = match.group()
        if unicodedata.normalize("NFC", segment[0]) != segment[0]:
            return segment
        return unicodedata.normalize("NFC", segment)

    composed = _DECOMPOSED.sub(compose, value)
    return composed if composed != value else None


def combining_marks(value: str) -> list[str]:
    """The distinct combining marks of `value`, as char_name() gives them ('U+3099 …')."""
    marks = dict.fromkeys(c for c in value if "\u0300" <= c <= "\u036f" or c in "\u3099\u309a")
    return [char_name(c) for c in marks]


def char_name(char: str) -> str:
    """'U+000B LINE TABULATION': the code point and its Unicode name (or its kind)."""
    point = ord(char)
    name = _CONTROL_NAMES.get(point) or unicodedata.name(char, "")
    if not name:
        kind = unicodedata.category(char)
        name = {"Cc": "CONTROL", "Co": "PRIVATE USE", "Cs": "SURROGATE"}.get(kind, "NONCHARACTER")
    return f"U+{point:04X} {name}"


def _fault(char: str) -> tuple[str, bool] | None:
    """(finding code, layout) for a character that has no place in a value, else None. Layout
    characters (line feed, tab) are allowed in a multi-line field such as note."""
    if char == "\n":
        return "text-line-break", True
    if char == "\t":
        return "text-control-character", True
    point = ord(char)
    if point < 0x20 or 0x7F <= point <= 0x9F or char in "\u2028\u2029":
        return "text-control-character", False
    if char in _NONCHARACTERS or 0xFDD0 <= point <= 0xFDEF or 0xD800 <= point <= 0xDFFF:
        return "text-noncharacter", False
    if char in _BIDI:
        return "text-bidi-control", False
    category = unicodedata.category(char)
    if category == "Cf":
        return "text-invisible-character", False
    if category == "Co":
        return "text-private-use", False
    if char in "\u3099\u309a":  # left over after compose_marks(): no letter takes it
        return "text-combining-mark", False
    return None


def shown(value: str, index: int = 0) -> str:
    """`value` as a message may print it: every character value_faults() reports, and any
    space other than U+0020, as ⟨U+XXXX⟩; only the context around `index` of a long value."""
    start, end = max(0, index - _SHOWN_AROUND), min(len(value), index + _SHOWN_AROUND + 1)
    faulty = _faulty().match
    text = "".join(f"⟨U+{ord(c):04X}⟩" if c in _SPACES[1:] or (faulty(c) or c in "\n\t") and _fault(c)
                   else c for c in value[start:end])
    return ("…" if start else "") + text + ("…" if end < len(value) else "")


def value_faults(value: str) -> list[tuple[str, list[str], bool, int]]:
    """[(code, its distinct characters as 'U+XXXX NAME', layout, index of the first)] for a string
    value: one entry per kind of fault. Layout faults (a line
    break, a tab, spaces around the value) are faults only in a one-line field: the caller
    decides. Cheap for a clean value: one regex search."""
    found: dict[tuple, list] = {}  # (code, layout) -> [characters, index of the first]
    faulty = _faulty()
    if faulty.search(value) or "\n" in value or "\t" in value:
        for index, char in enumerate(value):
            fault = (faulty.match(char) or char in "\n\t") and _fault(char)
            if fault:
                chars = found.setdefault(fault, [[], index])[0]
                if char not in chars:
                    chars.append(char)
    edge = next((i for i in (0, len(value) - 1) if value and value[i] in _SPACES), None)
    if edge is not None:
        found["text-surrounding-space", True] = [[value[edge]], edge]
    return [(code, [char_name(c) for c in chars], layout, first) for (code, layout), (chars, first) in found.items()]
