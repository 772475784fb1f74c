"""Human-readable findings: `file:line:col  severity  code  message`, then a summary line.

On a terminal (or with TTY_COMPATIBLE=1 or FORCE_COLOR, as rich decides) colours come from rich,
which honours NO_COLOR. Into a pipe,
a file or a CI log the same lines are written directly: rich would print them without colour
anyway, at ~80 µs a line (a tenth of a second for a thousand findings). Either way a message is
kept to one line: control characters from a record's values or a file's name are shown escaped,
so they cannot forge a finding line or repaint the terminal."""

from __future__ import annotations

import os
import re

from zaitaku_cli.findings import render

LABELS = {
    "ja": {"error": "エラー", "warning": "警告", "info": "情報"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def summary(result, lang: str) -> str:
    info = result.count("info")
    if lang == "en":
        from zaitaku_cli.catalogue import counted

        return (f"{counted(result.files, 'file')} checked: {counted(result.errors, 'error')}, "
                f"{counted(result.warnings, 'warning')}, {info} info")
    return f"{result.files} ファイルを検査しました: エラー {result.errors} 件、警告 {result.warnings} 件、情報 {info} 件"


# C0 and C1 controls, DEL, the Unicode line/paragraph separators and the bidirectional
# controls (which can make a line read differently from what it holds), shown as escapes.
_ESCAPES = {c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)]}
_ESCAPES.update({c: f"\\u{c:04x}" for c in [0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]})
_ESCAPES.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"})
_ESCAPED = re.compile("[%s]" % "".join(re.escape(chr(c)) for c in sorted(_ESCAPES)))


def one_line(text: str) -> str:
    # str.translate looks every character up in the table (~8 µs for a Japanese message): the
    # search, in C, finds the rare line that needs it
    return text.translate(_ESCAPES) if _ESCAPED.search(text) else text


def finding_line(f, lang: str = "ja") -> str:
    """One finding as a line without colour: `FILE:LINE:COLUMN  severity  code  message`, control
    characters shown escaped (the line the text report writes; the import and the export's gate
    list findings the same way)."""
    label = LABELS.get(lang, LABELS["ja"])[f.severity]
    return one_line(f"{f.file}:{f.line}:{f.column}  {label}  {f.code}  {render(f, lang)}")


def _colour(stream) -> bool:
    """Whether rich would colour: it honours TTY_COMPATIBLE and FORCE_COLOR (CI logs use them)."""
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def report(result, stream, lang: str = "ja", *, root=None) -> None:
    """`root` is accepted for a common signature: text keeps the findings' own paths, relative to
    the folder that holds registry/ (DESIGN §3)."""
    labels = LABELS.get(lang, LABELS["ja"])
    lines = [(one_line(f"{f.file}:{f.line}:{f.column}  "), f.severity, labels[f.severity], f"  {f.code}  ",
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
