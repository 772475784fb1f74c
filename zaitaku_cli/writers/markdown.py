"""GitHub-flavoured Markdown: per table a `##` title line, the table, then its notes.

Cells are escaped so that a name can never break the table or turn into markup: `|` and the
inline markup characters get a backslash, line breaks become spaces (no `<br>`: it vanishes when
the table is pasted into Word). Names with a ナビイ id become links `[名称（市町村）](url)`, in a list of linked institutions
(tables.Links) each one that has an id, joined with 、.
UTF-8 without BOM, LF line ends (the file is meant for git and the web).
"""

from __future__ import annotations

import re

from zaitaku_cli.mdtext import escape
from zaitaku_cli.tables import Link, Links, cell_text


def _url(url: str) -> str:
    if re.search(r"[\s()<>]", url):
        return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return url


def _cell(cell) -> str:
    if type(cell) is Link and cell.url:
        return f"[{escape(cell.text)}]({_url(cell.url)})"
    if type(cell) is Links:
        return Links.SEPARATOR.join(_cell(item) for item in cell.items)
    return escape(cell_text(cell))


def render_text(tables) -> str:
    parts = []
    for table in tables:
        lines = [f"## {escape(table.title)}", "",
                 "| " + " | ".join(escape(h) for h in table.headers) + " |",
                 "|" + "---|" * len(table.headers)]
        texts: dict[str, str] = {}  # a str cell -> its text: zone names and ○ repeat on every row
        for row in table.rows:
            cells = []
            for c in row:
                if type(c) is str:
                    text = texts.get(c)
                    if text is None:
                        text = texts[c] = escape(c)
                    cells.append(text)
                else:
                    cells.append(_cell(c))
            lines.append("| " + " | ".join(cells) + " |")
        if table.notes:
            lines.append("")
            lines.extend(escape(n) for n in table.notes)
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def render(tables) -> bytes:
    return render_text(tables).encode("utf-8")


def write(tables, stream) -> None:
    """Write to a binary stream."""
    stream.write(render(tables))
