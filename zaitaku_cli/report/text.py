"""Human-readable findings: `file:line:col  severity  code  message`, then a summary line.
Colours come from rich, which honours NO_COLOR and plain pipes."""

from __future__ import annotations

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


def report(result, stream, lang: str = "ja") -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False)
    labels = LABELS.get(lang, LABELS["ja"])
    for f in result.findings:
        line = Text(f"{f.file}:{f.line}:{f.column}  ", style="bold")
        line.append(labels[f.severity], style=STYLES[f.severity])
        line.append(f"  {f.code}  ", style="dim")
        line.append(render(f, lang))
        console.print(line)
    style = "bold red" if result.errors else ("yellow" if result.warnings else "green")
    console.print(Text(summary(result, lang), style=style))
