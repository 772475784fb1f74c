"""Small Markdown helpers for the reports of `zaitaku diff` and `zaitaku status`: cells escaped
so that a name never breaks a table or turns into markup (`|` and inline markup get a
backslash; line breaks become spaces, since `<br>` vanishes when a table is pasted into Word)."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"[\\|*_`\[\]~]|<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)")
_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029]")


def escape(text: str) -> str:
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), _BREAKS.sub(" ", str(text)))


def table(headers, rows) -> list[str]:
    lines = ["| " + " | ".join(escape(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows]
    return lines
