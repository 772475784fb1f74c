"""The text reporter: one line per finding, the same text with and without colour."""

import io
import re

import pytest

from zaitaku_cli.findings import CheckResult, Finding
from zaitaku_cli.report.text import _ESCAPES, one_line, report

FORGED = "x\nregistry/zones/a.yaml:1:1  エラー  forged\x1b[31m\u2028"


def _result():
    findings = [Finding("file-symlink", "error", "institutions/a.yaml", 3, 5, "", {"target": FORGED}),
                Finding("file-empty", "error", "zones/x\nzones/y.yaml:1:1  エラー  z\u202e.yaml", 1, 1, "", {}),
                Finding("file-empty", "error", "zones/b.yaml", 1, 1, "", {})]
    return CheckResult(findings, 7)


def test_a_value_cannot_forge_a_line_or_repaint_the_terminal():
    out = io.StringIO()
    report(_result(), out, "ja")
    lines = out.getvalue().splitlines()
    assert len(lines) == 4 and "\x1b" not in out.getvalue() and "\u2028" not in out.getvalue()
    assert lines[0] == ("institutions/a.yaml:3:5  エラー  file-symlink  登録簿のフォルダの外を指すリンクです"
                        "（x\\nregistry/zones/a.yaml:1:1  エラー  forged\\x1b[31m\\u2028）。リンクは辿りません。")
    assert lines[1].startswith("zones/x\\nzones/y.yaml:1:1  エラー  z\\u202e.yaml:1:1  エラー  file-empty  ")
    assert lines[3] == "7 ファイルを検査しました: エラー 3 件、警告 0 件、情報 0 件"


def test_every_control_is_escaped_wherever_it_stands_and_nothing_else():
    # one_line looks for a character to escape before translating: the two must agree on all
    for code in [*range(0x3100), *range(0xFE00, 0xFF10)]:
        for text in (chr(code), f"医療機関{chr(code)}", f"{chr(code)}a\u3042", f"x{chr(code)}y{chr(code)}"):
            assert one_line(text) == text.translate(_ESCAPES)
    assert one_line("a\u202eb\tc") == "a\\u202eb\\tc"
    assert one_line("札幌市") == "札幌市"


@pytest.mark.parametrize("env", [{"FORCE_COLOR": "1"}, {"TTY_COMPATIBLE": "1"}])
def test_coloured_output_has_the_same_text(monkeypatch, env):
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    plain = io.StringIO()
    report(_result(), plain, "en")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    coloured = io.StringIO()
    report(_result(), coloured, "en")
    assert "\x1b[" in coloured.getvalue()
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured.getvalue()) == plain.getvalue()


def test_tty_compatible_0_and_empty_force_color_mean_plain(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    for env in ({"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, {"FORCE_COLOR": ""}):
        monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        out = Terminal()
        report(_result(), out, "en")
        assert "\x1b[" not in out.getvalue(), env
