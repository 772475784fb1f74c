"""A designated (or withdrawn) record must say when it was designated.

`designation.designated_on` is required once the status is `designated` or `withdrawn`. When the
day was never published, record the best public bound in `designated_by` and say so in `note`
(the rule `designation-date-unknown` then reports it as a warning).

A record with steps (`designation.steps`) that is withdrawn without a designation date declined
before it was designated (辞退: planned, coordinating or applied, then withdrawn): it has no
designation date to record."""

from zaitaku_cli.model import DESIGNATED, WITHDRAWN, status_label
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution", "hub")
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "designation-date-missing", "error", "指定年月日がない", "Designation date missing",
    "指定状況が「{status}」ですが、指定年月日（designated_on）がありません。",
    "The status is '{status_en}' but designated_on is missing.",
    "DESIGN §4: designated status needs designated_on",
    "designation: {status: designated}")


def check(record, registry):
    d = record.designation
    if d and d.status in (DESIGNATED, WITHDRAWN) and d.designated_on is None and d.designated_by is None:
        if d.status == WITHDRAWN and d.steps:
            return  # declined before the designation
        raw = record.data["designation"]
        if raw.get("designated_on") is None and raw.get("designated_by") is None:  # else a bad date, reported already
            yield Report(("designation", "status"), {"status": status_label(d.status), "status_en": d.status},
                         about=(("designation", "designated_on"), ("designation", "designated_by")))
