"""XLSX (openpyxl, imported here only): one sheet per table, the header row bold and frozen with an
auto-filter, then the rows, then the table's notes after an empty row; the title is the printed
page header. Every cell is written as a
string (data type "s", so nothing is ever a formula, a number or a date guessed from text) and
defused like CSV; no merged cells. Dates are printed as in the plan (令和７年４月１日).

The one exception is an amount (tables.Yen, the grant table): a number, the integer yen, so that
Excel can sum it and nothing is rounded; its number format divides by 1000 for display, so the
sheet reads in 千円 like the Markdown and CSV tables: `#,##0,` for a whole number of 千円
(2,092), `#,##0.###,` otherwise (920500 shows 920.5 — that format on 2092000 would show "2,092.",
hence one format per cell).
"""

from __future__ import annotations

import io
import re
import unicodedata

from zaitaku_cli.tables import Yen, cell_text
from zaitaku_cli.writers import defuse

MAX_SHEET_NAME = 31
THOUSANDS = "#,##0,"  # yen shown in 千円: 2092000 -> 2,092
THOUSANDS_EXACT = "#,##0.###,"  # 920500 -> 920.5, 1 -> 0.001 (never on a whole 千円: "2,092.")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# XML 1.0 cannot hold these; openpyxl would raise deep inside save().
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class IllegalCharacter(ValueError):
    pass


def sheet_names(tables) -> list[str]:
    names, seen = [], set()
    for i, table in enumerate(tables, start=1):
        base = _SHEET_FORBIDDEN.sub("_", table.sheet or table.name).strip("'")[:MAX_SHEET_NAME] or f"Sheet{i}"
        name, n = base, 2
        while name.lower() in seen:
            suffix = f" ({n})"
            name, n = base[:MAX_SHEET_NAME - len(suffix)] + suffix, n + 1
        seen.add(name.lower())
        names.append(name)
    return names


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render(tables) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for table, name in zip(tables, sheet_names(tables)):
        sheet = workbook.create_sheet(name)
        sheet.freeze_panes = "A2"
        # Printed pages carry the title (with its as-of date) and repeat the header row; the
        # sheet itself starts with the header, so that filters and sorting just work.
        sheet.oddHeader.center.text = table.title.replace("&", "&&")
        sheet.print_title_rows = "1:1"
        rows = [[defuse(cell_text(c)) for c in row] for row in table.rows]
        headers = [defuse(h) for h in table.headers]
        for col, header in enumerate(headers, start=1):
            widest = max([_width(header)] + [_width(r[col - 1]) for r in rows[:2000]])
            sheet.column_dimensions[get_column_letter(col)].width = min(max(widest + 2, 8), 80)
        if rows:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"

        def cell(text, font=None, where=None):
            if _ILLEGAL.search(text):
                raise IllegalCharacter(f"{table.title}: {where}: 制御文字は XLSX に書けません"
                                       f" / a control character cannot be written to XLSX: {text!r}")
            c = WriteOnlyCell(sheet, value=text)
            c.data_type = "s"  # never let openpyxl read "=…" as a formula
            if font is not None:
                c.font = font
            return c

        def amount(value: int):
            c = WriteOnlyCell(sheet, value=value)
            c.number_format = THOUSANDS if value % 1000 == 0 else THOUSANDS_EXACT
            return c

        sheet.append([cell(h, bold, "header") for h in headers])
        for r, (row, texts) in enumerate(zip(table.rows, rows), start=2):
            sheet.append([amount(c.yen) if type(c) is Yen else cell(text, where=f"row {r}") if text else None
                          for c, text in zip(row, texts)])
        if table.notes:
            sheet.append([])
            for note in table.notes:
                sheet.append([cell(defuse(note), where="note")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write(tables, stream) -> None:
    """Write to a binary stream."""
    stream.write(render(tables))


def read_values(data: bytes) -> dict[str, list[list[str]]]:
    """Sheet name -> rows of cell texts ('' for an empty cell), to compare workbooks (--check)."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    out = {}
    for sheet in workbook.worksheets:
        rows = []
        for row in sheet.iter_rows(values_only=True):
            values = ["" if v is None else str(v) for v in row]
            while values and not values[-1]:
                values.pop()
            rows.append(values)
        while rows and not rows[-1]:
            rows.pop()
        out[sheet.title] = rows
    workbook.close()
    return out
