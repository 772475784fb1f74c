"""Every step has a date: `date` (the day it was taken, or its month) or, when the sources give
no day, `by` (the day by which it had certainly been taken, e.g. the date of a document that shows
it). A step with neither says nothing about any day: the record's status on a date (the tables as
of a date) cannot use it."""

from zaitaku_cli.rules._steps import step_params, written_steps
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution", "hub")
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "designation-step-date-missing", "error", "経過の日付がない", "Step without a date",
    "経過の{step}に日付がありません。その段階になった日を date に、分からなければ資料から分かる"
    "「この日までにはこの段階にあった」日付を by に書いてください。",
    "{step_head_en} has no date: write the day it was taken as date or, when that is not known, the day "
    "by which it certainly had been taken as by.",
    "DESIGN §3 designation.steps: each step has date or by",
    "steps: [{status: coordinating}]")


def check(record, registry):
    for w in written_steps(record):
        # an unreadable date was written: its date-* finding says what is wrong with it
        if w.raw.get("date") is None and w.raw.get("by") is None:
            yield Report(w.path, step_params(w))
