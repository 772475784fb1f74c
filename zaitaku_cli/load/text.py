"""Bytes to text: UTF-8 (a BOM is fine), with a named diagnosis for Shift_JIS/CP932, and the
characters that have no place in a record (control characters, tab indentation)."""

from __future__ import annotations

import re

from zaitaku_cli.load.problem import Problem

_BOM = b"\xef\xbb\xbf"
# C0 controls except tab/LF/CR, DEL, C1 controls; YAML forbids them and editors hide them.
# U+2028/U+2029 (line and paragraph separators, pasted from PDFs) break lines for YAML but not
# for editors, so every later line number would be off by one.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
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


def scan(text: str) -> list[Problem]:
    """Characters that make a file unusable before YAML sees it."""
    problems = []
    match = _CONTROL.search(text)
    if match:
        line, column = _position(text, match.start(), "\n")
        char = f"U+{ord(match.group()):04X}"
        problems.append(Problem("file-control-character", line, column, {"char": char}))
    match = "\t" in text and _TAB_INDENT.search(text)  # `in` first: the regex is 10x slower
    if match:
        line, column = _position(text, match.end() - 1, "\n")
        problems.append(Problem("file-tab-indent", line, column, {}))
    return problems
