"""A withdrawal needs its date, after the designation; only a withdrawn record has one."""

from zaitaku_cli.model import WITHDRAWN, status_label
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution", "hub")
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "designation-withdrawal", "error", "指定取消・辞退の日付", "Withdrawal date",
    "{problem}", "{problem_en}",
    "DESIGN §4: withdrawn needs withdrawn_on after it",
    "designation: {status: withdrawn, designated_on: 2025-04-01}")


def check(record, registry):
    d = record.designation
    if d is None:
        return
    raw = record.data["designation"]
    if d.status == WITHDRAWN and raw.get("withdrawn_on") is None:
        yield Report(("designation", "status"), {
            "problem": "指定状況が「指定取消・辞退」（withdrawn）ですが、withdrawn_on（取消・辞退の日）がありません。",
            "problem_en": "The status is 'withdrawn' but withdrawn_on is missing."})
    elif d.status != WITHDRAWN and raw.get("withdrawn_on") is not None:
        yield Report(("designation", "withdrawn_on"), {
            "problem": f"withdrawn_on がありますが、指定状況が「{status_label(d.status)}」です。取消・辞退なら status を withdrawn にしてください。",
            "problem_en": f"withdrawn_on is set but the status is '{d.status}'; set status: withdrawn."})
    elif d.withdrawn_on and d.effective and d.withdrawn_on <= d.effective:
        # compared with the day the designation certainly held: a month-only date or an upper
        # bound, withdrawn before it, would make the record count on no day at all
        shown = d.designated_on.iso() if d.designated_on else f"{d.designated_by.isoformat()} 以前"
        shown_en = d.designated_on.iso() if d.designated_on else f"on or before {d.designated_by.isoformat()}"
        yield Report(("designation", "withdrawn_on"), {
            "problem": f"取消・辞退の日（{d.withdrawn_on}）が指定年月日（{shown}）より後ではありません。"
                       "指定が確実に有効になった日より後の日付にしてください。",
            "problem_en": f"withdrawn_on ({d.withdrawn_on}) is not after the designation ({shown_en})."})
