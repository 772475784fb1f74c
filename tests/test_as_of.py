"""`zaitaku check --as-of DAY` asks whether the registry was right on that day. A designation made
after DAY (but not after today) was simply not yet made then: it is not counted on DAY, and it is
not an error. A date after today stays a `designation-future` error whatever DAY is; a DAY later
than today moves the limit to DAY, as before (README: `check --as-of 令和7年7月21日`).

Dates are relative to today in Japan (the command's default), so the tests hold on any day."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest

from registry_builder import EMBEDDED, build_registry
from run_cli import locations, run_json

TODAY = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=9))).date()
HUB = "registry/hubs/sample-hub.yaml"
CLINIC = "registry/institutions/sample-clinic.yaml"


def day(offset: int) -> str:
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


def _registry(tmp_path, hub: dict, clinic: dict | None = None, extra: str = ""):
    """The base registry with the sample hub's (and clinic's) designation fields replaced."""
    root = build_registry(tmp_path)
    for rel, fields in ((HUB, hub), (CLINIC, clinic or {})):
        path = tmp_path / rel
        text = path.read_text(encoding="utf-8")
        for key, value in fields.items():
            old = {"status": "  status: designated\n", "designated_on": "  designated_on: 2025-07-01\n",
                   "withdrawn_on": "  withdrawn_on: null\n"}[key]
            assert text.count(old) == 1
            text = text.replace(old, f"  {key}: {value}\n")
        if rel == HUB and extra:
            text = text.replace("  withdrawn_on:", f"  {extra}\n  withdrawn_on:")
        path.write_text(text, encoding="utf-8")
    return root


def _codes(report, file=None):
    return sorted({c for c, f, _, _ in locations(report, file=file)})


def test_a_designation_made_after_a_past_day_is_not_yet_made_then(tmp_path):
    _registry(tmp_path, {"designated_on": day(-30)}, {"designated_on": day(-90)})
    code, report = run_json(["--as-of", day(-60)], tmp_path)
    assert code == 0, report
    assert "designation-future" not in _codes(report)
    # on that day the zone had no hub yet: counted as of the day, as export and status do
    hub_missing = [f for f in report["findings"] if f["code"] == "zone-designations"
                   and f["file"] == "registry/zones/muroran.yaml"]
    assert len(hub_missing) == 1 and day(-60) in hub_missing[0]["message"]
    # nor is the hub's institution reported as not designated: the hub itself was not yet
    assert "hub-active-institution-status" not in _codes(report)
    # the same registry as of today is fine: both designated
    code, report = run_json([], tmp_path)
    assert code == 0 and not [f for f in report["findings"] if f["file"] == "registry/zones/muroran.yaml"]


@pytest.mark.parametrize("hub, extra", [
    ({"designated_on": "null"}, f"designated_by: {day(-30)}"),  # only an upper bound is known
    ({"designated_on": day(-30)[:7]}, ""),  # only the month (counts from its last day)
], ids=["designated_by", "month-only"])
def test_other_forms_of_a_date_after_a_past_day(tmp_path, hub, extra):
    _registry(tmp_path, hub, {"designated_on": day(-150)}, extra)
    code, report = run_json(["--as-of", day(-120)], tmp_path)
    assert code == 0 and "designation-future" not in _codes(report), report
    assert "zone-designations" in _codes(report, "registry/zones/muroran.yaml")  # no hub yet on that day


def test_a_hub_designated_before_its_institution_still_warns_on_that_day(tmp_path):
    _registry(tmp_path, {"designated_on": day(-90)}, {"designated_on": day(-30)})
    code, report = run_json(["--as-of", day(-60)], tmp_path)
    assert code == 0
    warning = [f for f in report["findings"] if f["code"] == "hub-active-institution-status"]
    assert [(f["file"], f["line"], f["column"]) for f in warning] == [(HUB, 12, 5)]
    assert f"{day(-60)}現在" in warning[0]["message"] and f"指定日 {day(-30)}" in warning[0]["message"]


@pytest.mark.parametrize("field, fields", [
    ("designated_on", {"designated_on": day(30)}),
    ("withdrawn_on", {"status": "withdrawn", "withdrawn_on": day(10)}),
])
def test_a_date_after_today_is_an_error_on_any_past_day(tmp_path, field, fields):
    _registry(tmp_path, fields)
    value = fields[field]
    code, report = run_json(["--as-of", day(-60)], tmp_path)
    assert code == 1
    future = [f for f in report["findings"] if f["code"] == "designation-future"]
    assert [(f["file"], f["line"], f["column"]) for f in future] == [
        (HUB, 19, 18) if field == "designated_on" else (HUB, 20, 17)]
    assert future[0]["message"] == (f"designation.{field}（{value}）が今日 {TODAY.isoformat()} より後です。"
                                    "決定済みの日付だけを記録してください。")
    code, report = run_json(["--as-of", day(-60), "--lang", "en"], tmp_path)
    assert [f["message"] for f in report["findings"] if f["code"] == "designation-future"] == [
        f"designation.{field} ({value}) is after today {TODAY.isoformat()}; record only decisions taken."]
    # as of today (the default) it is the same error, against the reference date, as before
    code, report = run_json([], tmp_path)
    assert code == 1
    assert [f["message"] for f in report["findings"] if f["code"] == "designation-future"] == [
        f"designation.{field}（{value}）が基準日 {TODAY.isoformat()} より後です。決定済みの日付だけを記録してください。"]


def test_a_later_as_of_day_moves_the_limit(tmp_path):
    """Unchanged: checking as of a coming day accepts what is dated up to that day."""
    _registry(tmp_path, {"designated_on": day(30)})
    assert run_json(["--as-of", day(60)], tmp_path)[0] == 0
    code, report = run_json(["--as-of", day(20)], tmp_path)
    assert code == 1 and _codes(report, HUB) == ["designation-future"]
    assert [f["message"] for f in report["findings"] if f["code"] == "designation-future"] == [
        f"designation.designated_on（{day(30)}）が基準日 {day(20)} より後です。決定済みの日付だけを記録してください。"]


def test_a_withdrawal_after_a_past_day_leaves_the_designation_in_force_then(tmp_path):
    _registry(tmp_path, {"designated_on": day(-120), "status": "withdrawn", "withdrawn_on": day(-30)},
              {"designated_on": day(-150)})
    code, report = run_json(["--as-of", day(-60)], tmp_path)
    assert code == 0
    assert not [f for f in report["findings"] if f["file"] in (HUB, "registry/zones/muroran.yaml")]
    code, report = run_json([], tmp_path)  # today the zone has no hub any more
    assert code == 0 and "zone-designations" in _codes(report, "registry/zones/muroran.yaml")


def test_a_date_on_a_record_not_designated_is_still_an_error(tmp_path):
    """designation-status-date leaves future dates to designation-future: both use the same limit,
    so a date between the day and today is not lost between them."""
    _registry(tmp_path, {"status": "planned", "designated_on": day(-30)})
    code, report = run_json(["--as-of", day(-60)], tmp_path)
    assert code == 1
    assert [(c, f, ln, col) for c, f, ln, col in locations(report) if f == HUB] == [
        ("designation-status-date", HUB, 19, 18)]


def test_the_history_check_uses_the_same_limit(tmp_path):
    _registry(tmp_path, {"designated_on": day(-30)})
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.com",
                                                   "commit", "-q", "-m", "base"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)
    code, report = run_json(["--as-of", day(-60), "--base", "HEAD"], tmp_path)
    assert code == 0 and "designation-future" not in _codes(report)


def test_the_readme_example_on_the_embedded_registry(tmp_path):
    """The README's `zaitaku check --as-of 令和7年7月21日` (kitami: 2025-08, tokachi: 2025-10-01)."""
    shutil.copytree(EMBEDDED, tmp_path / "registry")
    code, report = run_json(["--as-of", "令和7年7月21日"], tmp_path)
    assert code == 0 and report["summary"]["errors"] == 0
    zones = {f["file"] for f in report["findings"] if f["code"] == "zone-designations"}
    assert {"registry/zones/kitami.yaml", "registry/zones/higashi-tokachi.yaml"} <= zones  # no hub yet then
