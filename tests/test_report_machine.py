"""The machine formats (json, sarif, github) write their whole report in one call: the stream
(a pipe's wrapper, cli.py) pays per call, and one write per token cost 0.4 s for 5,700 findings."""

import io
import json

import pytest

from zaitaku_cli.findings import CheckResult, Finding
from zaitaku_cli.report import github, json_report, sarif


class _Counting(io.StringIO):
    def __init__(self):
        super().__init__()
        self.calls = 0

    def write(self, data):
        self.calls += 1
        return super().write(data)


def _result(n=50):
    findings = [Finding("file-empty", "error", f"zones/z{i}.yaml", i + 1, 1, "", {}) for i in range(n)]
    findings.append(Finding("file-symlink", "warning", "institutions/a.yaml", 3, 5, "", {"target": "x\u2028y\"z"}))
    return CheckResult(findings, n + 4)


@pytest.mark.parametrize("module", [json_report, sarif])
def test_json_formats_are_one_write_of_the_indented_document(module):
    out = _Counting()
    module.report(_result(), out, "ja")
    text = out.getvalue()
    assert out.calls == 1 and text.endswith("}\n")
    document = json.loads(text)
    assert text == json.dumps(document, ensure_ascii=False, indent=2) + "\n"  # the layout of json.dump's
    if module is json_report:
        assert document["summary"] == {"files": 54, "errors": 50, "warnings": 1}
        assert document["findings"][-1]["message"] == "登録簿のフォルダの外を指すリンクです（x\u2028y\"z）。リンクは辿りません。"


def test_github_annotations_are_one_write_then_the_summary():
    out = _Counting()
    github.report(_result(), out, "en")
    lines = out.getvalue().split("\n")[:-1]  # (splitlines would break at the U+2028 kept in a message)
    assert out.calls == 2 and len(lines) == 52
    assert lines[0] == "::error file=zones/z0.yaml,line=1,col=1,title=file-empty::" + lines[0].split("::", 2)[2]
    assert lines[-1] == "54 files, 50 errors, 1 warning"
