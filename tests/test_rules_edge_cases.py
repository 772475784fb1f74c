"""Edge cases of the rules and of reading: overlapping hub designations, partly known
populations, withdrawals against uncertain dates, unusable prefecture.yaml values and reference
rows. Each asserts the finding's code, file and line (and that nothing crashes)."""

from __future__ import annotations

import datetime

import pytest
from registry_builder import VALID, build_registry

from zaitaku_cli.findings import render
from zaitaku_cli.check import SchemeInvalid, check_registry

AS_OF = datetime.date(2025, 12, 31)
HUB = (VALID / "hubs" / "sample-hub.yaml").read_text(encoding="utf-8")
CLINIC = (VALID / "institutions" / "sample-clinic.yaml").read_text(encoding="utf-8")
DATE_ZONE = """id: date
name: 伊達在宅医療圏
short_name: 伊達
secondary_area: "0109"
municipalities: ["012335"]
"""


def hub(text_id: str, zone: str, on: str, withdrawn: str | None = None) -> bytes:
    text = HUB.replace("id: sample-hub", f"id: {text_id}").replace("zones: [muroran]", f"zones: [{zone}]")
    text = text.replace("designated_on: 2025-07-01", f"designated_on: {on}")
    if withdrawn:
        text = text.replace("status: designated", "status: withdrawn").replace("withdrawn_on: null", f"withdrawn_on: {withdrawn}")
    return text.encode()


def errors(result, code=None):
    return [(f.code, f.file, f.line) for f in result.findings
            if f.severity == "error" and (code is None or f.code == code)]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_second_hub_overlapping_a_later_withdrawn_one_is_still_a_hub_count_error(tmp_path):
    """The count rule is about overlapping designations: withdrawing the first hub later does
    not make the second one, designated while the first was in force, acceptable."""
    root = build_registry(tmp_path, {
        "zones/date.yaml": DATE_ZONE.encode(),
        "hubs/date-first.yaml": hub("date-first", "date", "2025-04-01", withdrawn="2025-11-30"),
        "hubs/date-second.yaml": hub("date-second", "date", "2025-09-01"),
    })
    found = errors(check_registry(root, AS_OF), "hub-count")
    assert found == [("hub-count", "registry/hubs/date-second.yaml", line_of(HUB, "zones:"))]


def test_a_second_hub_after_the_first_was_withdrawn_is_fine(tmp_path):
    root = build_registry(tmp_path, {
        "zones/date.yaml": DATE_ZONE.encode(),
        "hubs/date-first.yaml": hub("date-first", "date", "2025-04-01", withdrawn="2025-08-31"),
        "hubs/date-second.yaml": hub("date-second", "date", "2025-09-01"),
    })
    assert errors(check_registry(root, AS_OF), "hub-count") == []


def test_known_figures_over_the_threshold_decide_even_with_a_municipality_missing(tmp_path):
    """北見 zone: 置戸町 and 津別町 have no figure, but 北見市 alone (111,740) exceeds 100,000."""
    kitami = "id: kitami\nname: 北見在宅医療圏\nshort_name: 北見\nsecondary_area: \"0117\"\n" \
             "municipalities: [\"012084\", \"015491\", \"015504\", \"015431\", \"015440\"]\n"
    root = build_registry(tmp_path, {
        "zones/kitami.yaml": kitami.encode(),
        "hubs/kitami-a.yaml": hub("kitami-a", "kitami", "2025-04-01"),
        "hubs/kitami-b.yaml": hub("kitami-b", "kitami", "2025-09-01"),
    })
    result = check_registry(root, AS_OF)
    codes = {f.code for f in result.findings if f.file.startswith("registry/hubs/kitami")}
    assert "hub-count" not in codes and "hub-population-unknown" not in codes


def test_withdrawal_before_the_designation_is_known_to_hold_is_an_error(tmp_path):
    text = CLINIC.replace("status: designated", "status: withdrawn") \
        .replace("designated_on: 2025-07-01", "designated_on: null\n  designated_by: 2025-07-21") \
        .replace("withdrawn_on: null", "withdrawn_on: 2025-07-01")
    root = build_registry(tmp_path, {"institutions/sample-clinic.yaml": text.encode()})
    found = errors(check_registry(root, AS_OF), "designation-withdrawal")
    assert found == [("designation-withdrawal", "registry/institutions/sample-clinic.yaml", line_of(text, "withdrawn_on:"))]


def test_pending_status_with_a_date_is_reported_in_japanese(tmp_path):
    text = HUB.replace("status: designated", "status: coordinating")
    root = build_registry(tmp_path, {"hubs/sample-hub.yaml": text.encode()})
    result = check_registry(root, AS_OF)
    [f] = [f for f in result.findings if f.code == "designation-status-date"]
    assert (f.file, f.line) == ("registry/hubs/sample-hub.yaml", line_of(text, "designated_on:"))
    assert render(f, "ja").startswith("指定状況が「調整中」ですが、designated_on（2025-07-01）が書かれています。")


@pytest.mark.parametrize("old, new, key", [
    ('counted_on: "01-01"', 'counted_on: "02-30"', "counted_on"),
    ('counted_on: "01-01"', 'counted_on: "02-29"', "counted_on"),
    ("scheme_start: 2024-04-01", "scheme_start: 2024-13-01", "scheme_start"),
])
def test_impossible_dates_in_prefecture_yaml_stop_the_check_with_a_located_finding(tmp_path, old, new, key):
    root = build_registry(tmp_path, scheme=[(old, new)])
    with pytest.raises(SchemeInvalid) as raised:
        check_registry(root, AS_OF)
    text = (root / "prefecture.yaml").read_text(encoding="utf-8")
    assert [(f.code, f.file, f.line) for f in raised.value.findings] == [
        ("date-invalid", "registry/prefecture.yaml", line_of(text, f"{key}:"))]


def test_no_population_threshold_means_no_exception_and_a_readable_message(tmp_path):
    root = build_registry(tmp_path, {"hubs/second.yaml": hub("second", "muroran", "2025-09-01")},
                          scheme=[("population_threshold: 100000", "population_threshold: null")])
    [f] = [f for f in check_registry(root, AS_OF).findings if f.code == "hub-count"]
    assert f.file == "registry/hubs/second.yaml"
    assert render(f, "ja").endswith("があります。この制度では、人口による例外はありません。")
    assert render(f, "en").endswith("; this scheme allows no exception to the number of hubs per zone.")


def test_bad_reference_rows_are_findings_not_tracebacks(tmp_path):
    root = build_registry(tmp_path)
    towns = root / "reference" / "municipalities.csv"
    lines = towns.read_text(encoding="utf-8").splitlines()
    towns.write_text("\n".join(lines + [lines[1]]) + "\n", encoding="utf-8")  # a duplicate code
    population = root / "reference" / "population-2024-01-01.csv"
    population.write_text(population.read_text(encoding="utf-8") + "019999,-5\n" + '"' + "x" * 200_000 + '",1\n',
                          encoding="utf-8")
    result = check_registry(root, AS_OF)
    found = {(f.code, f.file, f.line) for f in result.findings if f.code == "reference-invalid"}
    population_lines = len(population.read_text(encoding="utf-8").splitlines())
    assert ("reference-invalid", "registry/reference/municipalities.csv", len(lines) + 1) in found
    assert ("reference-invalid", "registry/reference/population-2024-01-01.csv", population_lines - 1) in found
    assert any(f[1].endswith("population-2024-01-01.csv") and f[2] == population_lines for f in found)


def test_line_separator_pasted_from_a_pdf_is_named(tmp_path):
    text = CLINIC.replace("name: サンプル在宅クリニック", "name: サンプル\u2028在宅クリニック")
    root = build_registry(tmp_path, {"institutions/sample-clinic.yaml": text.encode()})
    found = errors(check_registry(root, AS_OF))
    assert found == [("file-control-character", "registry/institutions/sample-clinic.yaml", line_of(text, "name: サンプル"))]


def test_a_syntax_error_says_what_to_fix_in_japanese(tmp_path):
    text = CLINIC.replace("zone: muroran", "zone: [muroran")
    root = build_registry(tmp_path, {"institutions/sample-clinic.yaml": text.encode()})
    [f] = [f for f in check_registry(root, AS_OF).findings if f.code == "yaml-syntax"]
    assert "「[」に対応する「]」がありません。" in render(f, "ja")


def test_a_date_written_as_a_number_is_a_date_finding_not_quote_it(tmp_path):
    text = CLINIC.replace("designated_on: 2025-07-01", "designated_on: 20250701")
    root = build_registry(tmp_path, {"institutions/sample-clinic.yaml": text.encode()})
    found = errors(check_registry(root, AS_OF))
    assert found == [("date-invalid", "registry/institutions/sample-clinic.yaml", line_of(text, "designated_on:"))]


def test_a_value_of_the_wrong_type_gets_one_finding(tmp_path):
    text = CLINIC.replace("kind: zaitaku_clinic", "kind: {a: 1}")
    root = build_registry(tmp_path, {"institutions/sample-clinic.yaml": text.encode()})
    found = errors(check_registry(root, AS_OF))
    assert found == [("schema-type", "registry/institutions/sample-clinic.yaml", line_of(text, "kind:"))]


def test_a_bad_date_on_a_pending_record_gets_one_finding(tmp_path):
    text = CLINIC.replace("status: designated", "status: planned").replace("designated_on: 2025-07-01", "designated_on: 2025-02-30")
    root = build_registry(tmp_path, {"institutions/sample-clinic.yaml": text.encode()})
    found = errors(check_registry(root, AS_OF))
    assert [f for f in found if f[1] == "registry/institutions/sample-clinic.yaml"] == [
        ("date-invalid", "registry/institutions/sample-clinic.yaml", line_of(text, "designated_on:"))]


def test_an_enum_field_written_as_a_number_keeps_the_allowed_values(tmp_path):
    text = HUB.replace("status: designated", "status: 1")
    root = build_registry(tmp_path, {"hubs/sample-hub.yaml": text.encode()})
    codes = {f.code for f in check_registry(root, AS_OF).findings if f.file == "registry/hubs/sample-hub.yaml"}
    assert {"yaml-unquoted-code", "schema-enum"} <= codes
