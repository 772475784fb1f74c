"""A status is written once in the steps: the step is the day the record reached it. A second
step with the same status is most often the same step recorded twice (once with `by`, once with
the `date` found later): keep the one that says the first day. A warning: the status on each day
is still well defined (the earliest step that holds)."""

from zaitaku_cli.model import PENDING
from zaitaku_cli.rules._steps import step_params, written_steps
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution", "hub")
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "designation-step-repeated", "warning", "同じ段階が二度", "Step repeated",
    "経過の{step}は{earlier}と同じ段階です。同じ段階は一度だけ、その段階になった日（分かっていれば date）で"
    "書いてください。",
    "{step_head_en} repeats {earlier_en}; write each stage once, with the day it was reached (date when known).",
    "DESIGN §3 designation.steps: one step per stage",
    "steps: [{status: planned, by: 2025-07-21}, {status: planned, date: 2025-06-01}]")


def check(record, registry):
    steps = written_steps(record)
    for i, w in enumerate(steps):
        rank = PENDING.index(w.step.status)
        if any(PENDING.index(e.step.status) > rank for e in steps[:i]):
            continue  # out of order: designation-step-order says so
        same = [e for e in steps[:i] if e.step.status == w.step.status]
        if same:
            yield Report(w.path + ("status",), {**step_params(w), **step_params(same[0], "earlier")})
