"""The two stages of a check: record rules (SCOPE "record") run where each record is read and
see a registry without records; the rules that compare records run on the whole model."""

from __future__ import annotations

import datetime

import pytest
from registry_builder import build_registry

from zaitaku_cli.check import check_registry
from zaitaku_cli.rules import RULES, medical_institution_code

AS_OF = datetime.date(2025, 12, 31)


def test_a_record_rule_that_reads_other_records_fails_loudly(tmp_path, monkeypatch):
    root = build_registry(tmp_path)

    def peeks(record, registry):
        yield from ()
        registry.zones.get("muroran")

    monkeypatch.setattr(medical_institution_code, "check", peeks)
    with pytest.raises(RuntimeError, match="SCOPE"):
        check_registry(root, AS_OF)


def test_every_rule_declares_a_known_scope():
    scopes = {getattr(rule, "SCOPE", "registry") for rule in RULES}
    assert scopes <= {"record", "registry"}
    assert all(rule.TARGET != "registry" for rule in RULES if getattr(rule, "SCOPE", "registry") == "record")


def test_record_rule_findings_keep_file_and_line(tmp_path):
    root = build_registry(tmp_path)
    path = root / "institutions" / "sample-clinic.yaml"
    text = path.read_text(encoding="utf-8")
    code = next(line for line in text.splitlines() if line.startswith("medical_institution_code:"))
    digits = code.split('"')[1]
    wrong = digits[:9] + str((int(digits[9]) + 1) % 10)
    path.write_text(text.replace(digits, wrong), encoding="utf-8")
    line = text.splitlines().index(code) + 1
    found = [(f.code, f.file, f.line, f.column) for f in check_registry(root, AS_OF).findings
             if f.code == "medical-institution-code"]
    assert found == [("medical-institution-code", "registry/institutions/sample-clinic.yaml", line, 27)]
