"""Small Markdown helpers for the exported tables (writers.markdown) and the reports of `zaitaku
diff` and `zaitaku status`: cells escaped so that a name never breaks a table or turns into
markup (`|` and inline markup get a backslash; line breaks become spaces, since `<br>` vanishes
when a table is pasted into Word)."""

from __future__ import annotations

import re

# Backslash-escape what GitHub would read as markup inside a table cell or a heading: the cell
# separator, emphasis, strikethrough, code, links, HTML tags (< before a letter, / ! ?) and
# character references (&amp;). Also the escape of writers.markdown (the export's tables).
_SPECIAL = re.compile(r"[\\|*_`\[\]~]|<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)")
_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029]")


_ANY = re.compile(r"[\\|*_`\[\]~<&\r\n\u2028\u2029]")  # where either pattern can start


def escape(text: str) -> str:
    text = str(text)
    if not _ANY.search(text):
        return text
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), _BREAKS.sub(" ", text))


def table(headers, rows) -> list[str]:
    lines = ["| " + " | ".join(escape(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows]
    return lines
