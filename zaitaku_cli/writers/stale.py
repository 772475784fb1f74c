"""`zaitaku export --check FILE`: whether published files still hold what the registry gives now.

Markdown, CSV and HTML are compared by content (readback.compare): the file's real encoding is
detected (a CSV that Excel saved again as Shift_JIS is read as such, and said so), and line ends,
a BOM or the encoding alone do not count — a table committed through git's autocrlf or re-saved
by Excel still matches; such byte-level differences are only mentioned. XLSX is compared by cell
values. HTML pages carry no generation time, so the same registry gives the same page.
Pure: the command prints what this returns.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Verdict:
    """`notes`: lines for the person checking (stderr), in order; `stale`: (path, diff lines) of
    every file that does not match."""

    notes: list[str] = field(default_factory=list)
    stale: list[tuple[Path, list[str]]] = field(default_factory=list)


def compare_files(files, fmt: str, encoding: str) -> Verdict:
    """`files`: [(Path, bytes the registry gives now)]; `fmt`: md, csv, xlsx or html; `encoding`:
    that of a CSV. Never raises: a missing or unreadable file is stale, with the reason."""
    out = Verdict()
    for path, data in files:
        try:
            regular = path.is_file()  # never open a pipe or a device: reading it could wait forever
        except OSError:  # its folder cannot be searched: reading it says why
            regular = True
        if not regular:
            out.stale.append((path, [f"(ファイルがありません / no such file: {path})"]))
            continue
        try:
            current = path.read_bytes()
        except OSError as err:
            out.stale.append((path, [f"(読めません / cannot be read: {err.strerror or err})"]))
            continue
        if current == data:
            continue
        if fmt == "xlsx":
            lines = _xlsx_diff(current, data, str(path))
        else:
            lines = _text_check(path, current, data, fmt, "utf-8" if fmt in ("md", "html") else encoding, out.notes)
        if lines:
            out.stale.append((path, lines))
    return out


def _text_check(path, current: bytes, data: bytes, fmt: str, encoding: str, notes: list) -> list[str]:
    """The diff lines of a text file against the table ([] when its content matches); what an
    officer should know about the file's bytes goes to `notes`."""
    from zaitaku_cli.writers.readback import compare

    result = compare(current, data, fmt, encoding, str(path))
    for ja, en in result.notes:
        notes.append(f"zaitaku: {path}: {ja} / {en}")
    if result.unreadable is not None:
        ja, en = result.unreadable
        return [f"({ja} / {en})"]
    ignored_ja, ignored_en = result.ignored
    if result.matches:
        # only the quoting of a CSV cell, or a last line end, differs
        ignored_ja, ignored_en = ignored_ja or "引用符・最後の改行など書き方", ignored_en or "quoting or a final line end"
        notes.append(f"zaitaku: {path}: 内容は一致しています（{ignored_ja}の違いは無視しました）"
                     f" / the content matches ({ignored_en} ignored)")
        return []
    lines = list(result.diff)
    if ignored_ja:
        lines.append(f"(ほかに{ignored_ja}が違いますが、これは比べていません / {ignored_en} also differ; not compared)")
    return lines


def _text_diff(old: str, new: str, name: str) -> list[str]:
    old_lines = old.lstrip("\ufeff").splitlines()
    new_lines = new.lstrip("\ufeff").splitlines()
    return list(difflib.unified_diff(old_lines, new_lines, f"{name}（ファイル / file）",
                                     f"{name}（登録簿から / from the registry）", n=1, lineterm=""))


def _xlsx_diff(old: bytes, new: bytes, name: str) -> list[str]:
    from zaitaku_cli.writers import xlsx
    from zaitaku_cli.writers.readback import workbook_problem

    problem = workbook_problem(old)
    if problem is not None:
        return [f"({problem[0]} / {problem[1]})"]
    try:
        old_values = xlsx.read_values(old)
    except Exception as err:  # a zip, but not a workbook openpyxl can read
        return [f"(XLSX として読めません / not a readable XLSX file: {err})"]
    new_values = xlsx.read_values(new)
    if old_values == new_values:
        return []

    def flat(values):
        return [f"[{sheet}] " + "\t".join(row) for sheet, rows in values.items() for row in rows]

    return _text_diff("\n".join(flat(old_values)), "\n".join(flat(new_values)), name)
