"""The text reporter: one line per finding, the same text with and without colour."""

import io
import re

from zaitaku_cli.findings import CheckResult, Finding
from zaitaku_cli.report.text import report

FORGED = "x\nregistry/zones/a.yaml:1:1  エラー  forged\x1b[31m\u2028"


def _result():
    findings = [Finding("file-symlink", "error", "institutions/a.yaml", 3, 5, "", {"target": FORGED}),
                Finding("file-empty", "error", "zones/b.yaml", 1, 1, "", {})]
    return CheckResult(findings, 7)


def test_a_value_cannot_forge_a_line_or_repaint_the_terminal():
    out = io.StringIO()
    report(_result(), out, "ja")
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and "\x1b" not in out.getvalue() and "\u2028" not in out.getvalue()
    assert lines[0] == ("institutions/a.yaml:3:5  エラー  file-symlink  registry/ の外を指すリンクです"
                        "（x\\nregistry/zones/a.yaml:1:1  エラー  forged\\x1b[31m\\u2028）。リンクは辿りません。")
    assert lines[2] == "7 ファイルを検査しました: エラー 2 件、警告 0 件、情報 0 件"


def test_coloured_output_has_the_same_text(monkeypatch):
    plain = io.StringIO()
    report(_result(), plain, "en")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = io.StringIO()
    report(_result(), coloured, "en")
    assert "\x1b[" in coloured.getvalue()
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured.getvalue()) == plain.getvalue()
