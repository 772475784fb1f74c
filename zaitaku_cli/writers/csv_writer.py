"""CSV for Excel: one header row, no title rows, dates ISO, ○ where a requirement is met, every
cell defused but amounts (tables.Yen: 千円 text written by the tool, exact: 920.5, -6). Default encoding UTF-8 with a BOM (Japanese Excel needs it to read UTF-8) and CRLF
line ends. `cp932` (Shift_JIS as Windows writes it) refuses the whole file, naming every character
it cannot hold (𠮷, ¥ …), rather than dropping or replacing any.

A CSV file holds one table; an export of several tables writes several files (see commands/export).
"""

from __future__ import annotations

import csv
import io

from zaitaku_cli.tables import Yen, cell_text
from zaitaku_cli.writers import EncodingRefused, defuse

ENCODINGS = ("utf-8-sig", "utf-8", "cp932")


def rows_of(table) -> list[list[str]]:
    """The header and the rows as the file holds them (after defusing)."""
    out = [[defuse(h) for h in table.headers]]
    texts: dict = {}  # a str, or the id of a cell object the table keeps alive -> its text (rows repeat them)
    for row in table.rows:
        line = []
        for c in row:
            key = c if type(c) is str else id(c)
            text = texts.get(key)
            if text is None:
                # An amount is the tool's own figure (-6 is a number, not a formula): never defused.
                text = texts[key] = c.text if type(c) is Yen else defuse(cell_text(c, iso=True))
            line.append(text)
        out.append(line)
    return out


def _unencodable(table, rows, encoding) -> list[tuple[str, int, str, str]]:
    problems = []
    for line, row in enumerate(rows, start=1):
        for col, text in enumerate(row):
            try:
                text.encode(encoding)
            except UnicodeEncodeError:
                for char in text:
                    try:
                        char.encode(encoding)
                    except UnicodeEncodeError:
                        problems.append((table.title, line, table.headers[col], char))
    return problems


def render_table(table, encoding: str = "utf-8-sig") -> bytes:
    if encoding not in ENCODINGS:
        raise ValueError(f"unsupported encoding {encoding!r}")
    rows = rows_of(table)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    text = buffer.getvalue()
    if encoding == "cp932":
        try:
            return text.encode("cp932")
        except UnicodeEncodeError:
            raise EncodingRefused(encoding, _unencodable(table, rows, encoding)) from None
    return text.encode(encoding)


def render(tables, encoding: str = "utf-8-sig") -> list[bytes]:
    """One file's bytes per table. Every table is encoded before anything is returned, so a
    refusal leaves nothing half-written."""
    out, problems = [], []
    for table in tables:
        try:
            out.append(render_table(table, encoding))
        except EncodingRefused as err:
            problems.extend(err.problems)
    if problems:
        raise EncodingRefused(encoding, problems)
    return out


def write(tables, stream, encoding: str = "utf-8-sig") -> None:
    """Write one table to a binary stream."""
    if len(tables) != 1:
        raise ValueError("a CSV file holds exactly one table")
    stream.write(render(tables, encoding)[0])
