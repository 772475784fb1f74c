"""SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning, IDEs)."""

from __future__ import annotations

import json

from zaitaku_cli import __version__
from zaitaku_cli.catalogue import entry, render

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def as_dict(result, lang: str) -> dict:
    codes = sorted({f.code for f in result.findings})
    rules = []
    for code in codes:
        e = entry(code)
        rules.append({"id": code, "name": e.title["en"], "shortDescription": {"text": e.title.get(lang, e.title["ja"])},
                      "defaultConfiguration": {"level": _LEVEL[e.severity]},
                      **({"help": {"text": e.source}} if e.source else {})})
    results = [{
        "ruleId": f.code, "level": _LEVEL[f.severity], "message": {"text": render(f, lang)},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": f.file},
                                            "region": {"startLine": f.line, "startColumn": f.column}}}],
        **({"properties": {"path": f.path}} if f.path else {}),
    } for f in result.findings]
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "zaitaku", "version": __version__, "rules": rules}},
                  "results": results}],
    }


def report(result, stream, lang: str = "ja") -> None:
    json.dump(as_dict(result, lang), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
