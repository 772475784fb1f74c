"""Reading a survey sheet: an Excel workbook (.xlsx, through openpyxl) or a CSV file, as rows of
text cells with their row numbers (1-based, as the officer sees them in Excel).

CSV encodings: UTF-8 with or without a BOM, or cp932 (Shift_JIS as Excel in Japan saves it), read by
the same strict ladder as `export --check` reads a CSV table (writers/readback.decode). The
encoding is decided by strict decoding in that order, not by a statistical detector: these are the
only encodings the surveys come in, a cp932 file with Japanese text is practically never valid
UTF-8, and a detector (charset-normalizer) guesses among dozens of encodings and can name a wrong
one for a short file, while strict decoding either reads every byte or says it cannot.

Cells become text: numbers as written without a fraction (Excel stores a code 0112345678 typed
without quotes as the number 112345678; 1.12345678e9 is 1123456780), dates as ISO, formulas as
their last computed value (openpyxl data_only; a formula never computed is an empty cell).
"""

from __future__ import annotations

import datetime
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from zaitaku_cli.errors import UserError

MAX_CELL = 2000  # characters kept from one cell (a longer cell is reported, never kept whole)


class SurveyFileError(UserError):
    """The survey file cannot be read at all (a usage error, exit 2). Japanese and English."""


@dataclass
class Sheet:
    """rows: (row number, [cell text]) for every row that has any text; `encoding`: (ja, en)
    naming how a CSV file was decoded (None for a workbook); `name`: the sheet's name."""

    rows: list[tuple[int, list[str]]]
    encoding: tuple[str, str] | None = None
    name: str | None = None
    numbers: set = field(default_factory=set)  # (row, column index) of cells that were numbers
    dates: set = field(default_factory=set)  # (row, column index) of cells that were dates or times


# Excel's error values (a formula's result that is an error), kept as text by openpyxl and in a
# CSV Excel saved: never a name or an answer (import-value-invalid).
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                          "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"})


def cell_text(value) -> tuple[str, bool]:
    """(text, whether the value was a number)."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), False
    if isinstance(value, int):
        return str(value), True
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "", True
        return (str(int(value)) if value.is_integer() else repr(value)), True
    if isinstance(value, datetime.datetime):
        return (value.date().isoformat() if value.time() == datetime.time() else value.isoformat()), False
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat(), False
    return str(value).strip(), False


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """The rows of the survey at `path` (.xlsx, .xlsm or .csv). Raises SurveyFileError."""
    shown = str(path)
    if not path.exists():
        raise SurveyFileError(f"{shown}: ファイルがありません。", f"{shown}: no such file.")
    if path.is_dir():
        raise SurveyFileError(f"{shown}: フォルダです。調査票のファイル（.xlsx または .csv）を指定してください。",
                              f"{shown}: is a folder; give the survey file (.xlsx or .csv).")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_workbook(path, shown, sheet)
    if suffix in (".csv", ".txt"):
        return _read_csv(_bytes(path, shown), shown)
    if suffix in (".xls", ".ods", ".numbers"):
        raise SurveyFileError(f"{shown}: {suffix} 形式は読めません。Excel で「Excel ブック (*.xlsx)」または "
                              "「CSV UTF-8」として保存し直してください。",
                              f"{shown}: {suffix} files cannot be read; save it from Excel as an Excel workbook "
                              "(.xlsx) or as CSV UTF-8.")
    raise SurveyFileError(f"{shown}: 調査票は .xlsx か .csv のファイルにしてください。",
                          f"{shown}: the survey must be an .xlsx or a .csv file.")


def _bytes(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise _unreadable(shown, err) from None


def _unreadable(shown: str, err: OSError) -> SurveyFileError:
    from zaitaku_cli.errors import os_error_text

    ja, en = os_error_text(err)
    return SurveyFileError(f"{shown}: 読み込めません（{ja}）。", f"{shown}: cannot be read ({en}).")


def _read_workbook(path: Path, shown: str, sheet: str | None) -> Sheet:
    import zlib
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook

    try:
        with open(path, "rb") as stream:  # an unreadable file is told as such, not as a bad workbook
            stream.read(1)
        book = load_workbook(path, read_only=True, data_only=True)
    except OSError as err:
        raise _unreadable(shown, err) from None
    except DAMAGED + (ParseError, zlib.error, EOFError):
        raise SurveyFileError(f"{shown}: Excel ブック（.xlsx）として読めません（壊れているか、別の形式です）。",
                              f"{shown}: cannot be read as an Excel workbook (.xlsx): damaged or another format.")
    try:
        if sheet is not None and sheet not in book.sheetnames:
            names = "、".join(book.sheetnames)
            raise SurveyFileError(f"{shown}: シート「{sheet}」がありません（あるシート: {names}）。",
                                  f"{shown}: no sheet '{sheet}' (sheets: {', '.join(book.sheetnames)}).")
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        out = Sheet([], None, ws.title)
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = []
            for index, value in enumerate(values or ()):
                text, was_number = cell_text(value)
                if was_number:
                    out.numbers.add((number, index))
                elif isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
                    out.dates.add((number, index))
                cells.append(text)
            if any(cells):
                out.rows.append((number, cells))
        return out
    except DAMAGED + (ParseError, zlib.error, EOFError):
        raise SurveyFileError(f"{shown}: Excel ブック（.xlsx）のシートを読めません（壊れているか、別の形式です）。",
                              f"{shown}: the workbook's sheet cannot be read: damaged or another format.")
    finally:
        book.close()


# What openpyxl raises for a damaged workbook (besides xml ParseError and zlib.error: a part that
# is not XML, a compressed stream cut short); the reader is the boundary, nothing passes it.
DAMAGED = (zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, AttributeError)


def _read_csv(data: bytes, shown: str) -> Sheet:
    import csv
    import io

    from zaitaku_cli.writers.readback import ENCODING_NAMES, decode

    found = decode(data)  # the strict ladder the --check of a CSV table reads with
    if found.encoding == "utf-16":
        raise SurveyFileError(f"{shown}: UTF-16 で保存されています（Excel の「Unicode テキスト」はタブ区切りです）。"
                              "Excel で「CSV UTF-8（コンマ区切り）」として保存し直してください。",
                              f"{shown}: saved as UTF-16 (Excel's 'Unicode Text' is tab-separated); save it from "
                              "Excel as 'CSV UTF-8 (Comma delimited)'.")
    if found.text is None:
        raise SurveyFileError(f"{shown}: 文字コードが UTF-8 でも Shift_JIS（cp932）でもないため読めません"
                              f"（{found.line} 行目のバイト 0x{found.byte:02X}）。"
                              "Excel で「CSV UTF-8（コンマ区切り）」として保存し直してください。",
                              f"{shown}: neither UTF-8 nor Shift_JIS (cp932) (line {found.line}, byte "
                              f"0x{found.byte:02X}); save it from Excel as 'CSV UTF-8 (Comma delimited)'.")
    text, (ja, en) = found.text, ENCODING_NAMES[found.encoding]
    if "\x00" in text:
        raise SurveyFileError(f"{shown}: CSV ではありません（NUL 文字を含みます）。",
                              f"{shown}: not a CSV file (it holds NUL characters).")
    out = Sheet([], (ja, en), None)
    reader = csv.reader(io.StringIO(text, newline=""))
    limit = csv.field_size_limit(max(len(text), 131072))  # a huge cell is read, then told too long (MAX_CELL)
    try:
        for number, cells in enumerate(reader, start=1):
            cells = [c.strip() for c in cells]
            if any(cells):
                out.rows.append((number, cells))  # the record's number: Excel's row
    except csv.Error as err:
        raise SurveyFileError(f"{shown}: CSV として読めません（{_csv_reason(err)}）。",
                              f"{shown}: not a valid CSV file ({err}).") from None
    finally:
        csv.field_size_limit(limit)
    return out


def _csv_reason(err) -> str:
    """The csv module's reason in Japanese where it is a known one (its text is English)."""
    text = str(err)
    if "new-line character seen in unquoted field" in text:
        return "引用符の外に改行文字があります"
    if "unexpected end of data" in text or "EOF" in text:
        return "引用符が閉じられないままファイルが終わっています"
    return f"CSV の形式の誤り: {text}"


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


__all__ = ["EXCEL_ERRORS", "MAX_CELL", "Sheet", "SurveyFileError", "read_sheet", "column_letter", "cell_text"]
