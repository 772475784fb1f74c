"""Reporters render a CheckResult; they are chosen by name and never mutate the result.

Each is `report(result, stream, lang, *, root=None)`; `root` (the registry folder) lets the
GitHub and SARIF reporters name files relative to the repository (report.location)."""

from __future__ import annotations


def get_reporter(name: str):
    if name == "text":
        from zaitaku_cli.report.text import report
    elif name == "json":
        from zaitaku_cli.report.json_report import report
    elif name == "github":
        from zaitaku_cli.report.github import report
    elif name == "sarif":
        from zaitaku_cli.report.sarif import report
    else:
        raise ValueError(name)
    return report


FORMATS = ("text", "json", "github", "sarif")
