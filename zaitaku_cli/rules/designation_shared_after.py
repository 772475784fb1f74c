"""The plan is shared with the health centre before the designation: seed 004
「※指定前に、道本庁から保健所へ指定予定医療機関を共有」. A `health_center_shared_on` after the day the
designation certainly held (a month-only designated_on: its last day) is most likely a wrong date,
or the sharing was late; a warning, since the record may state a fact that went against the
procedure."""

from zaitaku_cli.rules.base import SOURCE_004, Report, rule_entry

TARGET = ("institution", "hub")
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "designation-shared-after", "warning", "指定後の保健所への共有", "Shared after the designation",
    "保健所への共有日（health_center_shared_on: {shared}）が指定年月日（{designated}）より後です。"
    "指定予定は指定の前に保健所へ共有します。日付を確かめてください。",
    "health_center_shared_on ({shared}) is after the designation ({designated_en}); the planned "
    "designation is shared with the health centre before it. Check the date.",
    SOURCE_004 + "「※指定前に、道本庁から保健所へ指定予定医療機関を共有」",
    "designation: {status: designated, designated_on: 2025-07-01, health_center_shared_on: 2025-07-15}")


def check(record, registry):
    d = record.designation
    if d is None or d.health_center_shared_on is None or not d.ever_designated:
        return
    shared = d.health_center_shared_on
    if d.effective < shared <= registry.decisions_until:  # a future date is designation-shared-future
        shown = d.designated_on.iso() if d.designated_on else f"{d.designated_by.isoformat()} までに"
        shown_en = d.designated_on.iso() if d.designated_on else f"by {d.designated_by.isoformat()}"
        yield Report(("designation", "health_center_shared_on"),
                     {"shared": shared.isoformat(), "designated": shown, "designated_en": shown_en})
