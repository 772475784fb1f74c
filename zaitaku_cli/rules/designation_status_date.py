"""A record that is not (yet) designated has no designation date: a date with status planned,
coordinating or applied is either a designation nobody recorded or a date entered too early,
and the tables would silently leave the record out."""

from zaitaku_cli.model import PENDING, status_label
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution", "hub")
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "designation-status-date", "error", "指定状況と指定年月日", "Status and designation date",
    "指定状況が「{status}」ですが、{key}（{value}）が書かれています。指定済みなら status を designated に、"
    "まだ指定されていないなら {key} を null にしてください。",
    "The status is '{status_en}' but {key} ({value}) is set; set status: designated, or {key}: null.",
    "DESIGN §3 designation.status (planned | coordinating | applied | designated | withdrawn)",
    "designation: {status: planned, designated_on: 2025-07-01}")


def check(record, registry):
    d = record.designation
    if d is None or d.status not in PENDING:
        return
    raw = record.data["designation"]
    parsed = {"designated_on": d.designated_on.first() if d.designated_on else None, "designated_by": d.designated_by}
    for key in ("designated_on", "designated_by"):
        # an unreadable or future date has its own finding, with its own advice
        if raw.get(key) is not None and parsed[key] is not None and parsed[key] <= registry.decisions_until:
            yield Report(("designation", key), {"status": status_label(d.status), "status_en": d.status,
                                                "key": key, "value": raw[key]})
            return
