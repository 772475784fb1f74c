"""The steps come before the designation, and nothing comes after a withdrawal: a step (planned,
coordinating, applied) taken after the day the designation certainly held, or after
`withdrawn_on`, contradicts the record's own dates (its status on those days would be
"designated" or "withdrawn", whatever the step says).

Compared honestly: a step's earliest possible day (a month-only date: the 1st) against the day
the designation certainly held (a month-only designated_on: its last day; designated_by); a step
known only by `by` is never after anything. A step dated in the future is designation-step-future
alone. A new preparation after a withdrawal is a new record, not a step of this one."""

from zaitaku_cli.rules._steps import step_params, written_steps
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution", "hub")
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "designation-step-after", "error", "指定・取消より後の経過", "Step after the designation",
    "経過の{step}が{event}（{event_day}）より後です。{advice}",
    "{step_head_en} is after {event_en} ({event_day_en}). {advice_en}",
    "DESIGN §3: the steps come before the designation; no step after a withdrawal",
    "designation: {status: designated, designated_on: 2025-07-01, steps: [{status: applied, date: 2025-08-05}]}")

_AFTER_DESIGNATION = ("経過には指定より前の段階だけを書きます。日付の誤りを直してください。",
                      "Steps are the stages before the designation; correct the date.")
_AFTER_WITHDRAWAL = ("取消・辞退の後に経過は書けません。再び指定に向けて進める場合は、新しい記録として書いてください。",
                     "No step after a withdrawal; a new preparation is a new record.")


def check(record, registry):
    d = record.designation
    if d is None:
        return
    withdrawn = d.withdrawn_on if d.status == "withdrawn" else None
    designated = d.effective if d.ever_designated else None
    for w in written_steps(record):
        earliest = w.earliest
        if earliest is None or earliest > registry.decisions_until:
            continue
        if withdrawn is not None and earliest > withdrawn:
            yield Report(w.date_path, {**step_params(w), "event": "取消・辞退の日", "event_en": "the withdrawal",
                                       "event_day": withdrawn.isoformat(), "event_day_en": withdrawn.isoformat(),
                                       "advice": _AFTER_WITHDRAWAL[0], "advice_en": _AFTER_WITHDRAWAL[1]})
        elif designated is not None and earliest > designated:
            shown = d.designated_on.iso() if d.designated_on else f"{d.designated_by.isoformat()} までに"
            shown_en = d.designated_on.iso() if d.designated_on else f"by {d.designated_by.isoformat()}"
            yield Report(w.date_path, {**step_params(w), "event": "指定年月日", "event_en": "the designation",
                                       "event_day": shown, "event_day_en": shown_en,
                                       "advice": _AFTER_DESIGNATION[0], "advice_en": _AFTER_DESIGNATION[1]})
