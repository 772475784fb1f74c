"""A designation date is not before the scheme's start (`scheme_start` in prefecture.yaml):
the designations belong to the plan that created them."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution", "hub")
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "designation-before-scheme", "error", "制度開始前の日付", "Date before the scheme",
    "指定年月日（{value}）が制度の開始日 {start} より前です。",
    "The designation date ({value}) is before the scheme's start {start}.",
    "DESIGN §4: not before the scheme's start; prefecture.yaml scheme_start",
    "designated_on: 2020-04-01")


def check(record, registry):
    d, start = record.designation, registry.scheme.scheme_start
    if d is None or start is None:
        return
    if d.designated_on is not None and d.designated_on.last() < start:
        yield Report(("designation", "designated_on"), {"value": d.designated_on.iso(), "start": start.isoformat()})
    elif d.designated_on is None and d.designated_by is not None and d.designated_by < start:
        yield Report(("designation", "designated_by"), {"value": d.designated_by.isoformat(), "start": start.isoformat()})
