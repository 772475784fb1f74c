"""The rules on `designation.steps` and `designation.health_center_shared_on`: exact messages,
and the boundaries of each comparison day by day (a month-only date spans its month, a `by`
bound says only "by then"). The fixtures under tests/fixtures/{invalid,accepted} prove each
code at its file, line and column; here each case is one record written in full."""

from __future__ import annotations

import datetime

import pytest

from registry_builder import VALID, build_registry
from zaitaku_cli.check import check_registry
from zaitaku_cli.findings import render

FILE = "registry/institutions/sample-clinic.yaml"
STEP_CODES = ("designation-step-date-missing", "designation-step-date-both", "designation-step-order",
              "designation-step-repeated", "designation-step-after", "designation-step-future",
              "designation-step-status", "designation-shared-after", "designation-shared-future")
AS_OF = datetime.date(2025, 12, 31)


def clinic(*designation: str) -> bytes:
    """The valid sample clinic with its designation block replaced by `designation` lines."""
    text = (VALID / "institutions" / "sample-clinic.yaml").read_text(encoding="utf-8")
    start, end = text.index("designation:\n"), text.index("sources:")
    block = "designation:\n" + "".join(f"  {line}\n" for line in designation)
    return (text[:start] + block + text[end:]).encode("utf-8")


def findings(tmp_path, *designation, as_of=AS_OF):
    root = build_registry(tmp_path / "work", {"institutions/sample-clinic.yaml": clinic(*designation)})
    result = check_registry(root, as_of)
    return [f for f in result.findings if f.file == FILE and f.code in STEP_CODES]


def codes(found):
    return [(f.code, f.path) for f in found]


def designated(on="2025-07-01", *steps, extra=()):
    return ("status: designated", f"designated_on: {on}", "withdrawn_on: null", *extra, "steps:",
            *(f"  - {s}" for s in steps))


LINE_OF_FIRST_STEP = 27  # designation: is on line 22 of the valid clinic; with designated(): steps: on 26


@pytest.mark.parametrize("day, fires", [("2025-07-01", False), ("2025-07-02", True), ("2025-07", False),
                                        ("2025-08", True)])
def test_a_step_after_the_designation_day_by_day(tmp_path, day, fires):
    """Designated 2025-07-01: a step on that day is not after it; the day after is; a month-only
    step in the month of the designation may be before it (its 1st), the next month cannot."""
    found = findings(tmp_path, *designated("2025-07-01", f"{{status: applied, date: {day}}}"))
    assert codes(found) == ([("designation-step-after", "designation.steps[0].date")] if fires else [])
    if fires:
        assert (found[0].line, found[0].column) == (LINE_OF_FIRST_STEP, 31)


def test_a_month_only_designation_holds_from_its_last_day(tmp_path):
    """designated_on 2025-07 certainly holds from 2025-07-31: a step on 2025-07-31 is not after
    it, one on 2025-08-01 is."""
    assert findings(tmp_path / "a", *designated("2025-07", "{status: applied, date: 2025-07-31}")) == []
    found = findings(tmp_path / "b", *designated("2025-07", "{status: applied, date: 2025-08-01}"))
    assert render(found[0], "ja") == (
        "経過の1番目の段階（申請書提出済（審査中）、2025-08-01）が指定年月日（2025-07）より後です。"
        "経過には指定より前の段階だけを書きます。日付の誤りを直してください。")


def test_a_by_bound_is_never_after_the_designation(tmp_path):
    """`by: 2025-09-30` says only that the step was taken by then: it may well be before 07-01."""
    assert findings(tmp_path, *designated("2025-07-01", "{status: coordinating, by: 2025-09-30}")) == []


def test_no_step_after_a_withdrawal_message(tmp_path):
    found = findings(tmp_path, "status: withdrawn", "designated_on: 2025-07-01", "withdrawn_on: 2025-09-30",
                     "steps:", "  - {status: planned, date: 2025-10-01}")
    assert codes(found) == [("designation-step-after", "designation.steps[0].date")]
    assert render(found[0], "en") == ("Step 1 (planned, 2025-10-01) is after the withdrawal (2025-09-30). "
                                      "No step after a withdrawal; a new preparation is a new record.")


def test_a_step_after_a_withdrawal_without_a_designation(tmp_path):
    """Withdrawn before any designation (辞退): still no step after withdrawn_on."""
    found = findings(tmp_path, "status: withdrawn", "designated_on: null", "withdrawn_on: 2025-09-30",
                     "steps:", "  - {status: planned, by: 2025-06-30}", "  - {status: coordinating, date: 2025-10}")
    assert codes(found) == [("designation-step-after", "designation.steps[1].date")]
    assert "取消・辞退の日（2025-09-30）より後です" in render(found[0], "ja")


@pytest.mark.parametrize("later, fires", [
    ("{status: coordinating, date: 2025-05-31}", False),  # inside the month of the step before
    ("{status: coordinating, date: 2025-04-30}", True),  # the day before that month
    ("{status: coordinating, by: 2025-05-01}", False),  # a bound inside the month
    ("{status: coordinating, by: 2025-04-30}", True),  # a bound before every day of it
    ("{status: coordinating, date: 2025-04}", True),  # a whole month before it
])
def test_date_order_compares_bounds_honestly(tmp_path, later, fires):
    found = findings(tmp_path, *designated("2025-07-01", "{status: planned, date: 2025-05}", later))
    assert [c for c, _ in codes(found)] == (["designation-step-order"] if fires else [])


def test_a_by_bound_before_it_says_nothing_about_order(tmp_path):
    """planned by 2025-06-30, then coordinating from 2025-05-01: planned may have begun in April."""
    assert findings(tmp_path, *designated("2025-07-01", "{status: planned, by: 2025-06-30}",
                                          "{status: coordinating, date: 2025-05-01}")) == []


def test_lifecycle_order_message_and_one_finding_per_step(tmp_path):
    found = findings(tmp_path, *designated("2025-07-01", "{status: applied, date: 2025-06-01}",
                                           "{status: planned, date: 2025-05-01}"))
    # earlier in the lifecycle AND dated before: one finding, at the status
    assert codes(found) == [("designation-step-order", "designation.steps[1].status")]
    assert (found[0].line, found[0].column) == (LINE_OF_FIRST_STEP + 1, 16)
    assert render(found[0], "ja") == (
        "経過の2番目の段階（予定、2025-05-01）は、その前に書かれた1番目の段階（申請書提出済（審査中）、2025-06-01）"
        "より前の段階です。経過は段階を進めた順（予定 → 調整中 → 申請書提出済（審査中））に、日付の順で書いてください。")


def test_a_repeated_status_is_a_warning_not_an_order_error(tmp_path):
    found = findings(tmp_path, *designated("2025-07-01", "{status: coordinating, by: 2025-06-30}",
                                           "{status: coordinating, date: 2025-06-01}"))
    assert [(f.code, f.severity, f.path) for f in found] == [
        ("designation-step-repeated", "warning", "designation.steps[1].status")]


@pytest.mark.parametrize("as_of, fires", [(datetime.date(2025, 7, 20), True), (datetime.date(2025, 7, 21), False)])
def test_a_future_step_day_by_day(tmp_path, as_of, fires):
    found = findings(tmp_path, "status: coordinating", "designated_on: null", "withdrawn_on: null", "steps:",
                     "  - {status: coordinating, by: 2025-07-21}", as_of=as_of)
    assert codes(found) == ([("designation-step-future", "designation.steps[0].by")] if fires else [])
    if fires:
        assert render(found[0], "ja") == ("経過の1番目の段階（調整中、2025-07-21 までに）の by（2025-07-21）が基準日 2025-07-20 "
                                          "より後です。その段階になった日（済んだこと）だけを記録してください。")


def test_a_future_month_counts_from_its_first_day(tmp_path):
    """2025-08 may be 2025-08-01: not in the future on 2025-08-01, in the future on 2025-07-31."""
    steps = ("status: applied", "designated_on: null", "withdrawn_on: null", "steps:",
             "  - {status: applied, date: 2025-08}")
    assert findings(tmp_path / "a", *steps, as_of=datetime.date(2025, 8, 1)) == []
    found = findings(tmp_path / "b", *steps, as_of=datetime.date(2025, 7, 31))
    assert codes(found) == [("designation-step-future", "designation.steps[0].date")]


@pytest.mark.parametrize("status, last, fires", [
    ("applied", "applied", False), ("coordinating", "applied", True), ("planned", "coordinating", True),
    ("designated", "applied", False),  # designated: any pending steps before
])
def test_the_status_is_the_latest_step(tmp_path, status, last, fires):
    on = "2025-09-01" if status == "designated" else "null"
    found = findings(tmp_path, f"status: {status}", f"designated_on: {on}", "withdrawn_on: null", "steps:",
                     "  - {status: planned, by: 2025-06-30}", f"  - {{status: {last}, date: 2025-07-10}}")
    assert codes(found) == ([("designation-step-status", "designation.status")] if fires else [])


def test_status_without_steps_is_the_old_format(tmp_path):
    assert findings(tmp_path, "status: applied", "designated_on: null", "withdrawn_on: null") == []


def test_step_status_message(tmp_path):
    found = findings(tmp_path, "status: applied", "designated_on: null", "withdrawn_on: null", "steps:",
                     "  - {status: coordinating, by: 2025-07-21}")
    assert (found[0].line, found[0].column) == (23, 11)
    assert render(found[0], "ja") == (
        "指定状況が「申請書提出済（審査中）」ですが、経過の最後の段階は1番目の段階（調整中、2025-07-21 までに）です。"
        "段階が進んだら経過に新しい段階を加え、status を経過の最後の段階と同じにしてください。")


@pytest.mark.parametrize("shared, fires", [("2025-07-01", False), ("2025-07-02", True), ("2025-06-30", False)])
def test_shared_with_the_health_centre_after_the_designation_day_by_day(tmp_path, shared, fires):
    found = findings(tmp_path, "status: designated", "designated_on: 2025-07-01", "withdrawn_on: null",
                     f"health_center_shared_on: {shared}")
    assert [(f.code, f.severity) for f in found] == ([("designation-shared-after", "warning")] if fires else [])


def test_shared_after_a_month_only_designation(tmp_path):
    assert findings(tmp_path / "a", "status: designated", "designated_on: 2025-07", "withdrawn_on: null",
                    "health_center_shared_on: 2025-07-31") == []
    found = findings(tmp_path / "b", "status: designated", "designated_on: 2025-07", "withdrawn_on: null",
                     "health_center_shared_on: 2025-08-01")
    assert render(found[0], "ja") == ("保健所への共有日（health_center_shared_on: 2025-08-01）が指定年月日（2025-07）より後です。"
                                      "指定予定は指定の前に保健所へ共有します。日付を確かめてください。")


def test_shared_in_the_future_is_an_error_only(tmp_path):
    """In the future and after the designation: one finding, the future one."""
    found = findings(tmp_path, "status: designated", "designated_on: 2025-07-01", "withdrawn_on: null",
                     "health_center_shared_on: 2026-01-01")
    assert [(f.code, f.severity, f.line, f.column) for f in found] == [("designation-shared-future", "error", 26, 28)]
    assert render(found[0], "en") == ("health_center_shared_on (2026-01-01) is after the reference date 2025-12-31; "
                                      "record only a sharing that took place.")


def test_a_step_with_both_dates_and_one_with_neither(tmp_path):
    found = findings(tmp_path, *designated("2025-07-01", "{status: planned}",
                                           "{status: applied, date: 2025-06-20, by: 2025-06-30}"))
    assert [(f.code, f.line, f.column) for f in found] == [
        ("designation-step-date-missing", LINE_OF_FIRST_STEP, 7),
        ("designation-step-date-both", LINE_OF_FIRST_STEP + 1, 47)]
    assert render(found[0], "ja") == ("経過の1番目の段階（予定、日付なし）に日付がありません。その段階になった日を date に、"
                                      "分からなければ資料から分かる「この日までにはこの段階にあった」日付を by に書いてください。")


def test_a_step_cut_by_the_schema_gives_no_second_finding(tmp_path):
    """A step the schema refuses cuts out the whole list (validate/partial.py): the status is not
    compared with what is left, and no step rule speaks about the list."""
    root = build_registry(tmp_path / "work", {"institutions/sample-clinic.yaml": clinic(
        "status: coordinating", "designated_on: null", "withdrawn_on: null", "steps:",
        "  - {status: planned, by: 2025-06-30}", "  - {status: coordinating, on: 2025-07-10}")})
    result = check_registry(root, AS_OF)
    errors = [(f.code, f.path) for f in result.findings if f.file == FILE and f.severity == "error"]
    assert errors == [("schema-unknown-key", "designation.steps[1].on")]


def test_an_unreadable_step_date_is_not_a_missing_one(tmp_path):
    root = build_registry(tmp_path / "work", {"institutions/sample-clinic.yaml": clinic(
        *designated("2025-07-01", "{status: planned, by: 昨日}"))})
    result = check_registry(root, AS_OF)
    errors = [(f.code, f.path) for f in result.findings if f.file == FILE and f.severity == "error"]
    assert errors == [("date-invalid", "designation.steps[0].by")]
