"""HTML: one self-contained page (no external asset, no script) per export, for residents and
institutions (seed 001「道民や各医療機関等へ周知」; the seed's own tables are HTML with links from
every institution to 医療情報ネット).

Per table: `<table>` with a `<caption>` (the title, which carries the as-of date), header cells
`<th scope="col">`, the column that names a row (Table.row_header: the institution, the hub) as
`<th scope="row">`, then the table's notes under it. Cells: a Link with an http(s) URL becomes
`<a href>` (any other scheme — javascript:, data: — stays text), so does each item of a Links
cell (linked institutions, joined with 、), a DateCell a
`<time datetime="2025-04-01">` (a month `2025-08` too; a bound 「…以前」 stays text), a Yen cell is
right-aligned with the integer yen in `data-yen`. Everything from the registry is escaped
(html.escape, quote=True), in text and in attributes: a name `<script>…` stays text.

The page is a pure function of the tables and the language: no generation time, so
`export --check page.html` compares meaningfully and two builds are byte-identical. One
stylesheet (STYLE) is embedded in every page: a readable table, a header row that stays on
screen while scrolling, and print styles for A4 landscape (the header row repeated on every
page, rows never split). UTF-8 without BOM, LF line ends.
"""

from __future__ import annotations

import re
from html import escape as _escape

from zaitaku_cli.navii import http_address
from zaitaku_cli.tables import DateCell, Link, Links, Yen, cell_text

EMPTY = {"ja": "該当するものはありません。", "en": "None."}  # under a table without rows
GENERATOR = "zaitaku"  # <meta name="generator">: the program that made the page
_ISO_DAY_OR_MONTH = re.compile(r"\d{4}-\d{2}(-\d{2})?")
_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029]")
_SPECIAL = re.compile("[&<>\"'\r\n\u2028\u2029]")  # what escape() changes: most cells have none

STYLE = """\
:root { color-scheme: light; }
body { margin: 1rem; color: #1a1a1a; background: #fff; line-height: 1.5;
  font-family: "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Noto Sans JP", "Yu Gothic", Meiryo, sans-serif; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
nav ul { list-style: none; padding: 0; margin: 0 0 1rem; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
nav a[aria-current="page"] { font-weight: bold; color: inherit; text-decoration: none; }
a { color: #0b57d0; }
table { border-collapse: collapse; margin: .5rem 0 0; font-size: .9rem; }
caption { caption-side: top; text-align: left; font-weight: bold; font-size: 1.05rem; padding: .25rem 0 .5rem; }
th, td { border: 1px solid #8a8a8a; padding: .25rem .5rem; vertical-align: top; text-align: left; }
/* a long list of linked institutions must not squeeze the names and headers to a character a line */
thead th { min-width: 4em; }
tbody th[scope="row"] { min-width: 9em; }
td.list { min-width: 14em; }
.date { white-space: nowrap; }
.table-scroll { overflow-x: auto; }
.empty { margin: .25rem 0; color: #444; }
thead th { position: sticky; top: 0; z-index: 1; background: #e3ebf5; }
tbody th { font-weight: normal; background: #f4f7fb; }
tbody tr:nth-child(even) td { background: #f7f7f7; }
td.yen { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.notes { margin: .5rem 0 1.5rem; }
.notes p { margin: .15rem 0; }
.summary { font-weight: bold; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
svg text { font-size: 12px; fill: #1a1a1a; }
svg .bar { fill: #3b73b9; }
svg .band { fill: #f2c14e; fill-opacity: .35; }
svg .target { stroke: #b07d00; stroke-width: 2; }
svg .axis { stroke: #555; stroke-width: 1; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  body { margin: 0; font-size: 8pt; }
  nav { display: none; }
  table { width: 100%; font-size: 7.5pt; }
  .table-scroll { overflow: visible; }
  thead th { min-width: 3em; }
  td.list { min-width: 10em; }
  thead { display: table-header-group; }
  thead th { position: static; background: #e8e8e8; }
  tr, th, td { break-inside: avoid; page-break-inside: avoid; }
  caption, h1, h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  figure { break-inside: avoid; }
}
"""


def escape(text: str) -> str:
    """Text (or an attribute value) as HTML: & < > " ' escaped; a line break inside a cell
    becomes a space, as in the Markdown tables."""
    if _SPECIAL.search(text) is None:  # one scan for the common case (a site writes ~10^6 cells)
        return text
    return _escape(_BREAKS.sub(" ", text), quote=True)


def safe_url(url) -> str | None:
    """`url` when it is an http(s) address with a host (navii.http_address); None otherwise
    (javascript:, data:, relative or broken addresses get no link)."""
    return http_address(url)


def _link(text: str, url) -> str:
    href = safe_url(url)
    if href is None:
        return escape(text)
    return f'<a href="{escape(href)}" rel="external">{escape(text)}</a>'


def _cell(cell) -> tuple[str, str]:
    """(attributes, content) of one cell: str, Link, Links, DateCell or Yen, all escaped."""
    kind = type(cell)
    if kind is str:
        return "", escape(cell)
    if kind is Link:
        return "", _link(cell.text, cell.url)
    if kind is Links:  # linked institutions: each item with a URL is its own link (seed 001)
        return ' class="list"', Links.SEPARATOR.join(escape(item) if type(item) is str else _link(item.text, item.url)
                                        for item in cell.items)
    if kind is DateCell:
        if _ISO_DAY_OR_MONTH.fullmatch(cell.iso or ""):
            return ' class="date"', f'<time datetime="{escape(cell.iso)}">{escape(cell.text)}</time>'
        return ' class="date"', escape(cell.text)  # a bound (「…以前」) or an unknown date: no machine-readable day
    if kind is Yen:
        return f' class="yen" data-yen="{int(cell.yen)}"', escape(cell.text)
    return "", escape(cell_text(cell))


def table_html(table, lang: str = "ja") -> str:
    """One table with its caption and notes, as an HTML fragment (lines joined by LF); a table
    without rows says so under it (an empty grid alone reads as a page that failed)."""
    lines = ['<div class="table-scroll">', "<table>", f"<caption>{escape(table.title)}</caption>", "<thead>",
             "<tr>" + "".join(f'<th scope="col">{escape(h)}</th>' for h in table.headers) + "</tr>",
             "</thead>", "<tbody>"]
    row_header = table.row_header
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            attributes, content = _cell(cell)
            if i == row_header and content:
                cells.append(f'<th scope="row"{attributes}>{content}</th>')
            else:
                cells.append(f"<td{attributes}>{content}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines += ["</tbody>", "</table>", "</div>"]
    if not table.rows:
        lines.append(f'<p class="empty">{EMPTY["en" if lang == "en" else "ja"]}</p>')
    if table.notes:
        lines.append('<div class="notes">')
        lines += [f"<p>{escape(note)}</p>" for note in table.notes]
        lines.append("</div>")
    return "\n".join(lines)


def page(title: str, body: str, lang: str = "ja") -> str:
    """A whole page: `title` (text, escaped here), `body` (HTML, already escaped), the shared
    stylesheet; `lang` "ja" or "en"."""
    lang = "en" if lang == "en" else "ja"
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="{GENERATOR}">\n'
            f"<title>{escape(title)}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n"
            f"{body}\n</body>\n</html>\n")


def render_text(tables, lang: str = "ja") -> str:
    """The page of an export: every table in order (hubs --include-planned: both), titled by the first."""
    title = tables[0].title if tables else ""
    body = "<main>\n" + "\n".join(table_html(t, lang) for t in tables) + "\n</main>"
    return page(title, body, lang)


def render(tables, lang: str = "ja") -> bytes:
    return render_text(tables, lang).encode("utf-8")


def write(tables, stream, lang: str = "ja") -> None:
    """Write to a binary stream."""
    stream.write(render(tables, lang))
