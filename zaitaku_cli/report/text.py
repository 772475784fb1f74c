"""Human-readable findings: `file:line:col  severity  code  message`, then a summary line.

On a terminal (or with FORCE_COLOR) colours come from rich, which honours NO_COLOR. Into a pipe,
a file or a CI log the same lines are written directly: rich would print them without colour
anyway, at ~80 µs a line (a tenth of a second for a thousand findings). Either way a message is
kept to one line: control characters from a record's values are shown escaped, so a value cannot
forge a finding line or repaint the terminal."""

from __future__ import annotations

import os

from zaitaku_cli.catalogue import render

LABELS = {
    "ja": {"error": "エラー", "warning": "警告", "info": "情報"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def summary(result, lang: str) -> str:
    info = result.count("info")
    if lang == "en":
        return (f"{result.files} files checked: {result.errors} errors, {result.warnings} warnings, {info} info")
    return f"{result.files} ファイルを検査しました: エラー {result.errors} 件、警告 {result.warnings} 件、情報 {info} 件"


# C0 and C1 controls, DEL and the Unicode line/paragraph separators, shown as escapes.
_ESCAPES = {c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)]}
_ESCAPES.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r", 0x2028: "\\u2028", 0x2029: "\\u2029"})


def one_line(text: str) -> str:
    return text.translate(_ESCAPES)


def _colour(stream) -> bool:
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def report(result, stream, lang: str = "ja") -> None:
    labels = LABELS.get(lang, LABELS["ja"])
    lines = [(f"{f.file}:{f.line}:{f.column}  ", f.severity, labels[f.severity], f"  {f.code}  ",
              one_line(render(f, lang))) for f in result.findings]
    total = summary(result, lang)
    if _colour(stream):
        _report_rich(lines, total, result, stream)
        return
    stream.write("".join(f"{where}{label}{code}{message}\n" for where, _, label, code, message in lines))
    stream.write(total + "\n")


def _report_rich(lines, total, result, stream) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False)
    for where, severity, label, code, message in lines:
        line = Text(where, style="bold")
        line.append(label, style=STYLES[severity])
        line.append(code, style="dim")
        line.append(message)
        console.print(line)
    style = "bold red" if result.errors else ("yellow" if result.warnings else "green")
    console.print(Text(total, style=style))
