"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request."""

from __future__ import annotations

from zaitaku_cli.catalogue import render

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def report(result, stream, lang: str = "ja") -> None:
    for f in result.findings:
        stream.write(f"::{_LEVEL[f.severity]} file={_prop(f.file)},line={f.line},col={f.column},"
                     f"title={_prop(f.code)}::{_data(render(f, lang))}\n")
    summary = f"{result.files} files, {result.errors} errors, {result.warnings} warnings"
    stream.write(f"{summary}\n")
