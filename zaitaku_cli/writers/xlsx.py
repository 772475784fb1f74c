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

openpyxl makes the workbook (sheets, styles, header row, filter, print titles). The rows under
the header of a table without amounts are written here as the sheet XML openpyxl writes for
string cells (inline strings; tests/test_xlsx_body.py compares every part of the workbook):
through openpyxl's cell objects a 40,000-row table took ten times as long as the rest of the
export. A table with amounts goes through openpyxl cell by cell.
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
import uuid

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


def render(tables, *, fast: bool = True) -> bytes:
    """The workbook's bytes. openpyxl makes the workbook; with `fast`, the body rows of a table
    without amounts are written as sheet XML here (_body_xml: openpyxl's own serialisation, at a
    tenth of its time: 280,000 cells took 3 s through its cell objects) and spliced in after save.
    Raises IllegalCharacter for a control character, naming the first cell that holds one."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    bodies = {}  # placeholder text -> the body rows' XML
    for table, name in zip(tables, sheet_names(tables)):
        sheet = workbook.create_sheet(name)
        sheet.freeze_panes = "A2"
        # Printed pages carry the title (with its as-of date) and repeat the header row; the
        # sheet itself starts with the header, so that filters and sorting just work.
        sheet.oddHeader.center.text = table.title.replace("&", "&&")
        sheet.print_title_rows = "1:1"
        rows = _texts(table.rows)
        headers = [defuse(h) for h in table.headers]
        for col, header in enumerate(headers, start=1):
            widest = max([_width(header)] + [_width(r[col - 1]) for r in rows[:2000]])
            sheet.column_dimensions[get_column_letter(col)].width = min(max(widest + 2, 8), 80)
        if rows:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"

        def cell(text, font=None, where=None):
            _refuse_illegal(table, text, where)
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
        if fast and not any(type(c) is Yen for row in table.rows for c in row):
            placeholder = f"zaitaku-rows-{uuid.uuid4().hex}"
            bodies[placeholder] = _body_xml(table, rows)
            sheet.append([placeholder])
            continue
        for r, (row, texts) in enumerate(zip(table.rows, rows), start=2):
            sheet.append([amount(c.yen) if type(c) is Yen else cell(text, where=f"row {r}") if text else None
                          for c, text in zip(row, texts)])
        if table.notes:
            sheet.append([])
            for note in table.notes:
                sheet.append([cell(defuse(note), where="note")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _splice(buffer.getvalue(), bodies) if bodies else buffer.getvalue()


def _texts(rows) -> list[list[str]]:
    """Each cell's text, defused, worked out once per str and once per other cell object (the
    functional table repeats an institution's cells, the same objects, under each function)."""
    defused: dict = {}  # a str, or the id of a cell object that `rows` keeps alive -> its text
    out = []
    for row in rows:
        texts = []
        for c in row:
            key = c if type(c) is str else id(c)
            safe = defused.get(key)
            if safe is None:
                safe = defused[key] = defuse(cell_text(c))
            texts.append(safe)
        out.append(texts)
    return out


def _refuse_illegal(table, text: str, where: str) -> None:
    if _ILLEGAL.search(text):
        raise IllegalCharacter(f"{table.title}: {where}: 制御文字は XLSX に書けません"
                               f" / a control character cannot be written to XLSX: {text!r}")


MAX_CELL = 32767  # openpyxl cuts a longer string to this (Excel's limit)


def _inline(text: str, lxml: bool = False) -> str:
    """A string cell's content as openpyxl writes it (cell._writer: cut to MAX_CELL, &<> escaped,
    xml:space="preserve" on text with white space around it; with lxml, which openpyxl then uses,
    on white space alone too, and a carriage return kept as a reference)."""
    text = text[:MAX_CELL]
    stripped = text.strip()
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") if _ESCAPE.search(text) else text
    if lxml and "\r" in escaped:  # lxml keeps a carriage return as a reference (ElementTree writes it raw)
        escaped = escaped.replace("\r", "&#13;")
    if text != stripped and (stripped or lxml):
        return f'<is><t xml:space="preserve">{escaped}</t></is>'
    return f"<is><t>{escaped}</t></is>"


_ESCAPE = re.compile(r"[&<>]")


def _body_xml(table, rows: list[list[str]]):
    """The sheet rows after the header (from row 2), one XML string a row, made as they are read
    (a sheet of 40,000 rows is never held as text): the table's rows of defused texts, then an
    empty row and the notes; an empty text writes no cell. Control characters are refused here,
    before any row is made, in the order openpyxl met them."""
    from openpyxl.utils import get_column_letter

    notes = [defuse(note) for note in table.notes]
    seen: set[str] = set()
    for r, texts in enumerate(rows, start=2):
        for text in texts:
            if text and text not in seen:
                seen.add(text)
                _refuse_illegal(table, text, f"row {r}")
    for note in notes:
        _refuse_illegal(table, note, "note")
    letters = [get_column_letter(i) for i in range(1, max(map(len, rows), default=1) + 1)]
    return _rows_xml(rows, notes, letters)


def _rows_xml(rows, notes, letters):
    from openpyxl.xml import LXML

    tails: dict[str, str] = {}  # text -> its cell after the reference: a table repeats its names and labels
    for r, texts in enumerate(rows, start=2):
        number = str(r)
        cells = []
        for letter, text in zip(letters, texts):
            if text:
                tail = tails.get(text)
                if tail is None:
                    tail = tails[text] = f'" t="inlineStr">{_inline(text, LXML)}</c>'
                cells.append(f'<c r="{letter}{number}{tail}')
        yield f'<row r="{number}">{"".join(cells)}</row>'
    if notes:
        r = len(rows) + 2
        yield f'<row r="{r}"></row>'
        for r, note in enumerate(notes, start=r + 1):
            cell = f'<c r="A{r}" t="inlineStr">{_inline(note, LXML)}</c>' if note else f'<c r="A{r}" t="inlineStr" />'
            yield f'<row r="{r}">{cell}</row>'


def _splice(data: bytes, bodies: dict) -> bytes:
    """The workbook `data` with each placeholder row replaced by its body rows (the same entries,
    in the same order, with the same zip metadata and compression method); a body is encoded and
    compressed a slice at a time, never held whole as text or bytes. Deflate at level 3, not
    zlib's default 6: a national functional table's 23 MiB sheet compresses in 72 ms instead of
    212, to 1.47 MiB instead of 1.34."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as target:
        for info in source.infolist():
            content = source.read(info)
            found = _placeholder_row(content, bodies) if info.filename.startswith("xl/worksheets/") else None
            if found is None:
                target.writestr(info, content)
                continue
            start, end, rows = found
            with target.open(_at_level(info), "w") as entry:
                entry.write(content[:start])
                while part := "".join(itertools.islice(rows, SLICE_ROWS)):
                    entry.write(part.encode("utf-8", "xmlcharrefreplace"))
                entry.write(content[end:])
    return out.getvalue()


SLICE_ROWS = 2000
_LEVEL = 3


def _at_level(info):
    """A copy of `info` deflated at _LEVEL: ZipFile.open(ZipInfo, "w") takes the level from the
    ZipInfo, not the ZipFile (its `_compresslevel`; Python 3.13 renamed it compress_level and
    keeps the old name as an alias)."""
    import copy

    info = copy.copy(info)
    info._compresslevel = _LEVEL
    return info


def _placeholder_row(xml: bytes, bodies: dict):
    """(start, end, body rows) of the placeholder row in a sheet's XML, or None."""
    for placeholder, rows in bodies.items():
        at = xml.find(placeholder.encode())
        if at >= 0:
            return xml.rfind(b"<row ", 0, at), xml.find(b"</row>", at) + len(b"</row>"), rows
    return None


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
