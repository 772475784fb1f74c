"""The contract JSON object of DESIGN §4."""

from __future__ import annotations

import json

from zaitaku_cli.findings import render


def as_dict(result, lang: str) -> dict:
    return {
        "findings": [
            {"code": f.code, "severity": f.severity, "file": f.file, "line": f.line, "column": f.column,
             "path": f.path, "message": render(f, lang)}
            for f in result.findings
        ],
        "summary": {"files": result.files, "errors": result.errors, "warnings": result.warnings},
    }


def report(result, stream, lang: str = "ja", *, root=None) -> None:
    """`root` is accepted for a common signature: JSON keeps the findings' own paths (DESIGN §4)."""
    # One write: json.dump hands the stream each token (180,000 writes for 5,700 findings, 0.4 s);
    # dumps joins them in 0.07 s.
    stream.write(json.dumps(as_dict(result, lang), ensure_ascii=False, indent=2) + "\n")
