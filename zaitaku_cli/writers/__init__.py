"""Writers turn tables (zaitaku_cli.tables.Table) into Markdown, CSV, XLSX or HTML. Each module has
`render(tables, …) -> bytes` (CSV: one bytes per table) and `write(tables, stream, …)`; none of
them reads the registry. `render_files` picks the writer by the format's name.

`defuse(text)` keeps spreadsheet cells from becoming formulas: CSV and XLSX apply it to every cell.
"""

from __future__ import annotations

import unicodedata

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(text: str) -> str:
    """Prefix `'` to a cell that a spreadsheet could read as a formula (OWASP "CSV injection").

    The test runs on the NFKC form, so full-width ＝＋－＠ count as well; the prefix goes on the
    original text, which is otherwise kept as it is."""
    if not text:
        return text
    first = text[0]
    if first in FORMULA_STARTS:
        return "'" + text
    if first.isascii():  # NFKC changes no ASCII character: the common case costs nothing
        return text
    if unicodedata.normalize("NFKC", text[:8]).startswith(FORMULA_STARTS):
        return "'" + text
    return text


class EncodingRefused(Exception):
    """Some characters cannot be written in the chosen encoding; nothing was written.

    `problems` lists (table title, row number in the file, column header, character)."""

    def __init__(self, encoding: str, problems: list[tuple[str, int, str, str]]):
        self.encoding = encoding
        self.problems = problems
        super().__init__(f"{len(problems)} characters cannot be encoded in {encoding}")

    def message(self, limit_per_char: int = 5) -> str:
        by_char: dict[str, list[tuple[str, int, str]]] = {}
        for table, row, column, char in self.problems:
            by_char.setdefault(char, []).append((table, row, column))
        lines = [f"zaitaku: {self.encoding} で表せない文字が {len(by_char)} 種類あるため、何も書き出していません"
                 f"（UTF-8 の既定 --encoding utf-8-sig なら書き出せます）"
                 f" / {len(by_char)} distinct characters cannot be encoded in {self.encoding}; nothing was written"
                 f" (the default --encoding utf-8-sig can write them):"]
        for char, places in by_char.items():
            shown = "、".join(f"{row}行目「{column}」" for _, row, column in places[:limit_per_char])
            more = f" ほか{len(places) - limit_per_char}か所" if len(places) > limit_per_char else ""
            lines.append(f"  {char!r} U+{ord(char):04X} {unicodedata.name(char, '')}: {shown}{more}"
                         f" / {len(places)} place(s)")
        return "\n".join(lines)


# format name -> the writer module of this package
WRITERS = {"md": "markdown", "csv": "csv_writer", "xlsx": "xlsx", "html": "html"}


def render_files(tables, fmt: str, path=None, *, encoding: str = "utf-8-sig", lang: str = "ja") -> list:
    """[(Path or None, bytes)]: one file for `path` (None: standard output), or for CSV one file
    per table (FILE, FILE-<slug>.csv, ...). `fmt`: a key of WRITERS. Raises csv's
    EncodingRefused and xlsx.IllegalCharacter; nothing is written here."""
    import importlib
    from pathlib import Path

    writer = importlib.import_module(f"zaitaku_cli.writers.{WRITERS[fmt]}")
    if fmt == "html":
        return [(Path(path) if path else None, writer.render(tables, lang=lang))]
    if fmt != "csv":
        return [(Path(path) if path else None, writer.render(tables))]
    blobs = writer.render(tables, encoding)
    if not path:
        return [(None, blobs[0])]
    first = Path(path)
    paths = [first] + [first.with_name(f"{first.stem}-{t.slug or t.name}{first.suffix}") for t in tables[1:]]
    return list(zip(paths, blobs))
