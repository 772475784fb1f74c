"""A step has `date` or `by`, not both. An error rather than a warning: the two say different
things about the same step (the day it was taken; a day by which it had been taken), the record's
status on a date is read from `date` alone, so a `by` beside it is silently ignored, and one that
contradicts the date (a date after it) would go unseen. Keep the date when it is known."""

from zaitaku_cli.rules._steps import step_params, written_steps
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution", "hub")
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "designation-step-date-both", "error", "経過の日付が二つ", "Step with two dates",
    "経過の{step}に date（{date}）と by（{by}）の両方が書かれています。その段階になった日が分かっていれば"
    "date だけを残し、by を消してください（指定状況の判定には date だけが使われます）。",
    "{step_head_en} has both date ({date}) and by ({by}); keep date when the day is known and delete by "
    "(the status on a date is read from date alone).",
    "DESIGN §3 designation.steps: each step has date or by",
    "steps: [{status: applied, date: 2025-08-05, by: 2025-08-31}]")


def check(record, registry):
    for w in written_steps(record):
        date, by = w.raw.get("date"), w.raw.get("by")
        if date is not None and by is not None:
            yield Report(w.path + ("by",), {**step_params(w), "date": str(date), "by": str(by)})
