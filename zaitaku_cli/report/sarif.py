"""SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning, IDEs).

Each result's artifactLocation is a URI reference relative to `%SRCROOT%` — the repository's top
folder as report.location finds it (GITHUB_WORKSPACE, else the git top level, else the current
folder) — percent-encoded as RFC 3986 wants (a space is %20, 道 is %E9%81%93), and the run's
originalUriBaseIds says where `%SRCROOT%` is. Columns count Unicode code points, as libyaml's
marks do (SARIF's default would be UTF-16 code units), so the run says `unicodeCodePoints`."""

from __future__ import annotations

import json

from zaitaku_cli import __version__
from zaitaku_cli.findings import entry, render

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"


def as_dict(result, lang: str, root=None) -> dict:
    """The SARIF log as a dict. `root`: the registry folder (a Path); None gives each result the
    finding's own path (relative to the registry's parent) with no base id."""
    codes = sorted({f.code for f in result.findings})
    rules = []
    for code in codes:
        e = entry(code)
        rules.append({"id": code, "name": e.title["en"], "shortDescription": {"text": e.title.get(lang, e.title["ja"])},
                      "defaultConfiguration": {"level": _LEVEL[e.severity]},
                      **({"help": {"text": e.source}} if e.source else {})})
    location, bases = _locator(root)
    results = [{
        "ruleId": f.code, "level": _LEVEL[f.severity], "message": {"text": render(f, lang)},
        "locations": [{"physicalLocation": {"artifactLocation": location(f.file),
                                            "region": {"startLine": f.line, "startColumn": f.column}}}],
        **({"properties": {"path": f.path}} if f.path else {}),
    } for f in result.findings]
    run = {"tool": {"driver": {"name": "zaitaku", "version": __version__, "rules": rules}},
           **({"originalUriBaseIds": bases} if bases else {}),
           "columnKind": "unicodeCodePoints",
           "results": results}
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }


def _locator(root):
    """(file -> artifactLocation, originalUriBaseIds or None)."""
    from urllib.parse import quote

    if root is None:
        return (lambda rel: {"uri": quote(rel, safe="/")}), None
    from zaitaku_cli.report.location import find_workspace

    workspace = find_workspace(root)
    top = workspace.top_uri()
    if top is None:  # outside every workspace: absolute file: URIs need no base
        return (lambda rel: {"uri": workspace.uri(rel)}), None
    return (lambda rel: {"uri": workspace.uri(rel), "uriBaseId": SRCROOT}), {SRCROOT: {"uri": top}}


def report(result, stream, lang: str = "ja", *, root=None) -> None:
    # One write: json.dump hands the stream each token (180,000 writes for 5,700 findings, 0.4 s);
    # dumps joins them in 0.07 s.
    stream.write(json.dumps(as_dict(result, lang, root), ensure_ascii=False, indent=2) + "\n")
