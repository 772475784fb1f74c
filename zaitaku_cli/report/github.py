"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request.

`::error file=F,line=L,col=C,title=CODE::MESSAGE`, F relative to the repository's top folder
(report.location: GITHUB_WORKSPACE, else the git top level, else the current folder), so that
an annotation lands on its file when the registry is in a subfolder. Escaping follows the
workflow-command rules: `%`, CR and LF in the message; also `:` and `,` in a property."""

from __future__ import annotations

from zaitaku_cli.catalogue import counted
from zaitaku_cli.findings import render

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def report(result, stream, lang: str = "ja", *, root=None) -> None:
    """`root`: the registry folder (a Path), to place files in the workspace; None writes the
    findings' own paths (relative to the registry's parent)."""
    if root is None:
        where = str
    else:
        from zaitaku_cli.report.location import find_workspace

        where = find_workspace(root).path
    stream.write("".join(f"::{_LEVEL[f.severity]} file={_prop(where(f.file))},line={f.line},col={f.column},"
                         f"title={_prop(f.code)}::{_data(render(f, lang))}\n" for f in result.findings))
    summary = f"{counted(result.files, 'file')}, {counted(result.errors, 'error')}, {counted(result.warnings, 'warning')}"
    stream.write(f"{summary}\n")
