"""A withdrawn record with steps and no designation date is read as having declined before its
designation (辞退): said as information, so that a designation date lost by mistake does not pass
unseen (rule designation-date-missing accepts such a record without a date)."""

from zaitaku_cli.model import WITHDRAWN
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution", "hub")
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "designation-declined", "info", "指定前の辞退", "Declined before designation",
    "指定年月日がなく経過（steps）のある取消・辞退の記録なので、指定の前に辞退したもの（{withdrawn_on}）として"
    "扱っています。指定されていたのであれば、designated_on（指定年月日）を書いてください。",
    "Withdrawn with steps and no designation date: read as declined before the designation "
    "({withdrawn_on}). If it was designated, write designated_on.",
    "DESIGN §3 designation.status withdrawn 指定取消・辞退; seed 004 選定方法（手挙げ方式）",
    "designation: {status: withdrawn, withdrawn_on: 2025-08-20, steps: [{status: planned, by: 2025-07-21}]}")


def check(record, registry):
    d = record.designation
    if d is None or d.status != WITHDRAWN or not d.steps or d.designated_on or d.designated_by:
        return
    raw = record.data["designation"]
    if raw.get("designated_on") is None and raw.get("designated_by") is None:  # else an unreadable date
        yield Report(("designation", "status"), {"withdrawn_on": str(raw.get("withdrawn_on"))})
