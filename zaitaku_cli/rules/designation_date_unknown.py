"""A designation whose day is not known is reported, so that the unknown stays visible.

`designated_on: 令和7年8月` (month only) or only `designated_by` (a public upper bound) are
honest records of what was published; tables and `--as-of` count them from the last possible day."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution", "hub")
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "designation-date-unknown", "warning", "指定日が不明", "Designation day unknown",
    "指定年月日の日付が確定していません（{known}）。{as_of_rule}",
    "The designation day is not known ({known_en}). {as_of_rule_en}",
    "registry/reference/README.md: record the best public bound … never present a guess as a fact",
    "designated_on: 令和7年8月")


def check(record, registry):
    d = record.designation
    if d is None or d.status not in ("designated", "withdrawn"):
        return
    if d.designated_on is not None and d.designated_on.day is None:
        last = d.designated_on.last().isoformat()
        yield Report(("designation", "designated_on"), {
            "known": f"{d.designated_on.iso()} のみ", "known_en": f"only {d.designated_on.iso()}",
            "as_of_rule": f"{last} から指定済として数えます。",
            "as_of_rule_en": f"It counts as designated from {last}."})
    elif d.designated_on is None and d.designated_by is not None:
        yield Report(("designation", "designated_by"), {
            "known": f"{d.designated_by.isoformat()} 以前", "known_en": f"on or before {d.designated_by.isoformat()}",
            "as_of_rule": f"{d.designated_by.isoformat()} から指定済として数えます。",
            "as_of_rule_en": f"It counts as designated from {d.designated_by.isoformat()}."})
