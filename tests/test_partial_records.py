"""Every fault of a record in one run (issue 11, kind 1): a field the schema or the YAML reader
refuses is cut out and the rest of the record is still checked (validate/partial.py).

Also a sweep: every field of every valid record, broken in several ways, never crashes the check
and is reported at that field."""

from __future__ import annotations

import pytest
import yaml

from registry_builder import DEFAULT_AS_OF, VALID, build_registry
from zaitaku_cli.check import check_registry, load_checked

CLINIC = "registry/institutions/sample-clinic.yaml"
HUB = "registry/hubs/sample-hub.yaml"

# The issue's example, lines as it gives them: the code at line 4, the kind at line 7 and the
# designation date at line 22.
ISSUE_EXAMPLE = """\
# テスト用：三つの誤りが互いに隠さないこと
id: sample-clinic
name: サンプル在宅クリニック
medical_institution_code: "0110312346"
operator: 医療法人サンプル会
navii_id: null
kind: {kind}
municipality: "012050"
zone: muroran
intent: true
requirements:
  after_hours_support: true
  care_coordination: true
  family_support_referral: true
  training: true
  disaster_plan: false
linked_institutions:
  - {{name: 室蘭サンプル内科医院, municipality: "012050"}}
linked_nursing_stations:
  - {{name: 登別サンプル訪問看護ステーション, municipality: "012301"}}
designation:
  designated_on: 2025-13-01
  status: designated
  withdrawn_on: null
  notice: null
sources: []
note: null
"""


def _found(tmp_path, files, only=None):
    root = build_registry(tmp_path, files)
    result = check_registry(root, DEFAULT_AS_OF)
    return {(f.code, f.file, f.line, f.column) for f in result.findings if only is None or f.file == only}


@pytest.mark.parametrize("kind, kind_code, column", [
    ("clinic", "institution-kind", 7),  # not in the scheme's vocabulary (a rule)
    ("[zaitaku_clinic]", "schema-type", 7),  # a list where text belongs (the schema)
    ("Zaitaku Clinic", "schema-format", 7),  # not an id at all (the schema's pattern)
])
def test_issue_example_reports_all_three_faults(tmp_path, kind, kind_code, column):
    found = _found(tmp_path, {"institutions/sample-clinic.yaml": ISSUE_EXAMPLE.format(kind=kind).encode()}, CLINIC)
    assert {(kind_code, CLINIC, 7, column), ("medical-institution-code", CLINIC, 4, 27),
            ("date-invalid", CLINIC, 22, 18)} <= found


def _clinic(**replace) -> bytes:
    text = (VALID / "institutions/sample-clinic.yaml").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text.encode()


def _hub(*replace) -> bytes:
    text = (VALID / "hubs/sample-hub.yaml").read_text(encoding="utf-8")
    for old, new in replace:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text.encode()


# Siblings: several independent faults of different stages in one record, each reported.
SIBLINGS = [
    pytest.param(  # a list item without its required key, an unknown municipality, intent false
        {"institutions/sample-clinic.yaml": _clinic(**{
            '  - {name: 室蘭サンプル内科医院, municipality: "012050"}': '  - {municipality: "012050"}',
            'municipality: "012050"\nzone': 'municipality: "012041"\nzone',
            "intent: true": "intent: false"})},
        {("schema-required", CLINIC, 19, 5), ("institution-municipality", CLINIC, 8, 15),
         ("institution-intent", CLINIC, 11, 9)}, id="list-item-required+municipality+intent"),
    pytest.param(  # a misspelt key inside a requirement object, and a bad date elsewhere
        {"institutions/sample-clinic.yaml": _clinic(**{
            "  training: true": "  training: {met: true, evidense: 調査票}",
            "designated_on: 2025-07-01": "designated_on: 2025-02-30"})},
        {("schema-unknown-key", CLINIC, 16, 25), ("date-invalid", CLINIC, 24, 18)}, id="nested-typo+date"),
    pytest.param(  # a YAML tag drops a value; the code's check digit is still checked
        {"institutions/sample-clinic.yaml": _clinic(**{
            "note: null": "note: !!binary aGVsbG8=",
            '"0110312345"': '"0110312346"'})},
        {("yaml-tag", CLINIC, 28, 7), ("medical-institution-code", CLINIC, 6, 27)}, id="tag-hole+code"),
    pytest.param(  # the status itself is faulty: the rules that need no status still run
        {"institutions/sample-clinic.yaml": _clinic(**{
            "status: designated": "status: [designated]",
            '"0110312345"': '"0110312346"'})},
        {("schema-type", CLINIC, 23, 11), ("medical-institution-code", CLINIC, 6, 27)}, id="status+code"),
]


@pytest.mark.parametrize("files, expected", SIBLINGS)
def test_independent_faults_all_reported(tmp_path, files, expected):
    found = _found(tmp_path, files)
    assert expected <= found, sorted(found)


def test_a_cut_field_gets_no_second_finding(tmp_path):
    """`zone: [muroran]` is a schema fault: no "unknown zone" or "zone missing" from the rules."""
    found = _found(tmp_path, {"institutions/sample-clinic.yaml": _clinic(**{"zone: muroran": "zone: [muroran]"})},
                   CLINIC)
    assert {code for code, *_ in found} == {"schema-type"}


def test_misspelt_key_stands_for_the_key_meant(tmp_path):
    """`desgnated_on` is taken as the designation date it was meant to be: no
    designation-date-missing beside the unknown key."""
    found = _found(tmp_path, {"institutions/sample-clinic.yaml": _clinic(designated_on="desgnated_on")}, CLINIC)
    assert {code for code, *_ in found} == {"schema-unknown-key"}


def test_a_record_with_a_faulty_field_is_not_counted(tmp_path):
    """Checked, never published: the tables and status count whole records only."""
    root = build_registry(tmp_path, {"institutions/sample-clinic.yaml": _clinic(**{"name: サンプル在宅クリニック": "name: [a]"})})
    registry, result = load_checked(root, DEFAULT_AS_OF)
    record = registry.institutions["sample-clinic"]
    assert record.valid and not record.whole and record.cuts == {("name",)}
    assert result.exit_code() == 1


# The sweep: each field of each valid record, replaced by each wrong shape.
WRONG = ["[1, 2]", "{a: 1}", "123", "''", "null", "true", "2025-02-30", "!!binary aGVsbG8=", "こんにちは"]


def _fields(rel: str) -> list[tuple]:
    value = yaml.safe_load((VALID / rel).read_text(encoding="utf-8"))
    paths = []

    def walk(node, path):
        if path:
            paths.append(path)
        if isinstance(node, dict):
            for key, item in node.items():
                walk(item, path + (key,))

    walk(value, ())
    return paths


def _replace_at(text: str, path: tuple, new: str):
    """(the record's text with the value at `path` — mappings only, block style — replaced,
    the 1-based line range the field then spans)."""
    lines, indent, start = text.splitlines(), 0, 0
    for depth, key in enumerate(path):
        prefix = " " * (2 * depth) + f"{key}:"
        for i in range(start, len(lines)):
            if lines[i].startswith(prefix):
                start = i
                break
        else:
            raise AssertionError(f"{path} not found")
        indent = 2 * depth
    end = start + 1
    while end < len(lines) and (lines[end].startswith(" " * (indent + 1)) or lines[end].startswith(" " * indent + "- ")):
        end += 1
    key = path[-1]
    return "\n".join(lines[:start] + [" " * indent + f"{key}: {new}"] + lines[end:]) + "\n", start + 1


SWEEP = [(rel, path) for rel in ("institutions/sample-clinic.yaml", "hubs/sample-hub.yaml", "zones/muroran.yaml")
         for path in _fields(rel)]


def _rows(result, rel):
    return {(f.code, f.line, f.column) for f in result.findings if f.file == f"registry/{rel}"}


@pytest.mark.parametrize("rel, path", SWEEP, ids=[f"{r.split('/')[0]}:{'.'.join(p)}" for r, p in SWEEP])
def test_every_field_broken_every_way(tmp_path, rel, path):
    """Never a crash; every message renders in both languages; and a faulty field is reported on
    its own line, with no second finding elsewhere in the record."""
    from zaitaku_cli.findings import render
    from zaitaku_cli.status import build_status

    text = (VALID / rel).read_text(encoding="utf-8")
    baseline = _rows(check_registry(build_registry(tmp_path / "base"), DEFAULT_AS_OF), rel)
    for i, wrong in enumerate(WRONG):
        new, line = _replace_at(text, path, wrong)
        root = build_registry(tmp_path / str(i), {rel: new.encode()})
        registry, result = load_checked(root, DEFAULT_AS_OF)  # never raises
        for f in result.findings:
            assert render(f, "ja") and render(f, "en")
        build_status(registry, DEFAULT_AS_OF)
        new_rows = _rows(result, rel) - baseline
        if any(row[1] == line for row in new_rows):  # the value is faulty (else rules may rightly speak)
            elsewhere = {row for row in new_rows if row[1] != line}
            assert not elsewhere, f"{'.'.join(path)}: {wrong}: {sorted(elsewhere)}"


def test_prefecture_yaml_reports_its_dates_beside_a_schema_fault(tmp_path):
    """A schema fault in prefecture.yaml does not hide a bad date in it (both, in line order)."""
    from zaitaku_cli.check import SchemeInvalid

    root = build_registry(tmp_path, scheme=[("optional_minimum: 0", "optional_minimum: -1"),
                                            ("scheme_start: 2024-04-01", "scheme_start: 2024-02-30")])
    with pytest.raises(SchemeInvalid) as raised:
        check_registry(root, DEFAULT_AS_OF)
    rows = [(f.code, f.line, f.column) for f in raised.value.findings]
    assert rows == [("date-invalid", 23, 15), ("schema-format", 99, 21)]


def test_designation_dates_of_a_record_the_model_cannot_read_are_still_checked(tmp_path):
    """An alias stops the rules (its holes cannot be placed), not the date checks."""
    text = _clinic(**{"name: サンプル在宅クリニック": "name: &n サンプル在宅クリニック",
                      "operator: 医療法人サンプル会": "operator: *n",
                      "designated_on: 2025-07-01": "designated_on: 2025-13-45"})
    found = _found(tmp_path, {"institutions/sample-clinic.yaml": text}, CLINIC)
    assert {("yaml-alias", CLINIC, 5, 11), ("date-invalid", CLINIC, 24, 18)} <= found
