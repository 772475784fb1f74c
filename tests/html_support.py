"""Reading the HTML pages back in tests (stdlib html.parser) and the Markdown tables they are
compared with, cell by cell."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Cell:
    tag: str  # th | td
    attrs: dict
    text: str = ""
    links: list = field(default_factory=list)  # href of every <a> in the cell
    times: list = field(default_factory=list)  # datetime of every <time> in the cell


@dataclass
class ParsedTable:
    caption: str = ""
    head: list = field(default_factory=list)  # [Cell] of the header row
    rows: list = field(default_factory=list)  # [[Cell]] of the body rows
    notes: list = field(default_factory=list)  # texts of the <p> of the notes under it


class Page(HTMLParser):
    """Tables (with their notes), <html lang>, <title>, links, scripts, every element's name."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tables: list[ParsedTable] = []
        self.lang = None
        self.title = ""
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.svg_attrs: list[dict] = []
        self.bars = 0
        self.paragraphs: list[tuple[str, str]] = []  # (class, text)
        self._stack: list[str] = []
        self._cell: Cell | None = None
        self._table: ParsedTable | None = None
        self._row: list | None = None
        self._in_head = False
        self._caption = False
        self._notes = False
        self._p: list | None = None
        self._title = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "title" and "svg" not in self._stack and "rect" not in self._stack:
            self._title = True
        elif tag == "svg":
            self.svg_attrs.append(a)
        elif tag == "rect" and a.get("class") == "bar":
            self.bars += 1
        elif tag == "table":
            self._table = ParsedTable()
        elif tag == "caption":
            self._caption = True
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = Cell(tag, a)
        elif tag == "a":
            self.hrefs.append(a.get("href"))
            if self._cell is not None:
                self._cell.links.append(a.get("href"))
        elif tag == "time" and self._cell is not None:
            self._cell.times.append(a.get("datetime"))
        elif tag == "div" and a.get("class") == "notes":
            self._notes = True
        elif tag == "p":
            self._p = [a.get("class") or "", ""]
        self._stack.append(tag)

    def handle_endtag(self, tag):
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()
        if tag == "title":
            self._title = False
        elif tag == "caption":
            self._caption = False
        elif tag == "thead":
            self._in_head = False
        elif tag in ("th", "td") and self._cell is not None:
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._in_head:
                self._table.head = self._row
            else:
                self._table.rows.append(self._row)
            self._row = None
        elif tag == "table":
            self.tables.append(self._table)
        elif tag == "div" and self._notes:
            self._notes = False
        elif tag == "p" and self._p is not None:
            if self._notes:
                self.tables[-1].notes.append(self._p[1])
            self.paragraphs.append(tuple(self._p))
            self._p = None

    def handle_data(self, data):
        if self._title:
            self.title += data
        if self._caption:
            self._table.caption += data
        if self._cell is not None:
            self._cell.text += data
        if self._p is not None:
            self._p[1] += data


def texts(row) -> list[str]:
    return [c.text for c in row]


# --- Markdown (writers/markdown.py) back to cells ---------------------------------------------

_LINK = re.compile(r"\[(?P<text>(?:\\.|[^\]\\])*)\]\((?P<url><[^>]*>|[^)]*)\)")

def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _split(line: str) -> list[str]:
    """The cells of a `| a | b |` line, split at the pipes that are not escaped."""
    cells, current, i = [], "", 0
    body = line.strip()[1:-1]
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            current += body[i:i + 2]
            i += 2
            continue
        if ch == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += ch
        i += 1
    cells.append(current.strip())
    return cells


def markdown_cell(raw: str) -> tuple[str, list[str]]:
    """(text, [url, …]) of a Markdown cell: a name, a link, or a list of names joined with 、 of
    which those with an id are links (tables.Links)."""
    urls = [m.group("url").strip("<>") for m in _LINK.finditer(raw)]
    return _unescape(_LINK.sub(lambda m: m.group("text"), raw)), urls

@dataclass
class MdTable:
    title: str
    headers: list
    rows: list  # [[(text, [url, …])]]
    notes: list


def markdown_tables(text: str) -> list[MdTable]:
    out = []
    for section in text.split("\n## ")[0:]:
        lines = section.lstrip("# ").split("\n")
        title = _unescape(lines[0])
        table_lines = [line for line in lines[1:] if line.startswith("|")]
        notes = [_unescape(line) for line in lines[1:] if line and not line.startswith("|")]
        headers = [markdown_cell(c)[0] for c in _split(table_lines[0])]
        rows = [[markdown_cell(c) for c in _split(line)] for line in table_lines[2:]]
        out.append(MdTable(title, headers, rows, notes))
    return out
