"""A record in preparation (status planned, coordinating or applied) that has steps has, as its
status, the stage of its latest step (the last written): the tables read the record's status on
a date from its steps, and `status` says where it is now; the two must agree. Record the new
step (zaitaku step) when the status moves on. A designated or withdrawn record may have any
steps before its designation."""

from zaitaku_cli.model import PENDING, status_label
from zaitaku_cli.rules._steps import step_params, written_steps
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution", "hub")
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "designation-step-status", "error", "指定状況と経過", "Status and steps",
    "指定状況が「{status}」ですが、経過の最後の段階は{step}です。段階が進んだら経過に新しい段階を加え、"
    "status を経過の最後の段階と同じにしてください。",
    "The status is '{status_en}' but the latest step is {step_en}; add the new step to steps when the "
    "status moves on, and keep status equal to the latest step's.",
    "DESIGN §3: the status is the latest step's (steps record how it got there)",
    "designation: {status: applied, steps: [{status: coordinating, by: 2025-07-21}]}")


def check(record, registry):
    d = record.designation
    if d is None or d.status not in PENDING:
        return
    steps = written_steps(record)
    if steps and steps[-1].step.status != d.status:
        yield Report(("designation", "status"), {
            **step_params(steps[-1]), "status": status_label(d.status), "status_en": status_label(d.status, "en")},
            about=(("designation", "steps"),))
