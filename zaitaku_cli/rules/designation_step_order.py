"""Steps are written in the order they were taken: planned → coordinating → applied, each dated
no earlier than the steps written before it.

Two faults, one finding per step (at the first that applies):

- its status comes earlier in the lifecycle than a step written before it (at its `status`);
- it was certainly taken before a step written before it (at its `date` or `by`). Compared
  honestly: a month-only date spans its month, and a `by` bound only says "by then", so it
  conflicts only with a known earlier date (`by: 2025-07-21` after `date: 2025-08-05`).
The same status written twice is the warning designation-step-repeated."""

from zaitaku_cli.model import PENDING
from zaitaku_cli.rules._steps import step_params, written_steps
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution", "hub")
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "designation-step-order", "error", "経過の順序", "Steps out of order",
    "経過の{step}は、その前に書かれた{earlier}より{problem}。経過は段階を進めた順"
    "（予定 → 調整中 → 申請書提出済（審査中））に、日付の順で書いてください。",
    "{step_head_en} is {problem_en} {earlier_en}, written before it; write the steps in the order they were "
    "taken (planned → coordinating → applied), in date order.",
    "DESIGN §3: the lifecycle planned → coordinating → applied → designated → withdrawn",
    "steps: [{status: applied, date: 2025-08-05}, {status: coordinating, date: 2025-08-20}]")


def check(record, registry):
    steps = written_steps(record)
    for i, w in enumerate(steps):
        rank = PENDING.index(w.step.status)
        later = [e for e in steps[:i] if PENDING.index(e.step.status) > rank]
        if later:
            yield Report(w.path + ("status",), {
                **step_params(w), **step_params(later[-1], "earlier"),
                "problem": "前の段階です", "problem_en": "an earlier stage than"})
            continue
        latest = w.latest
        after = [e for e in steps[:i] if latest is not None and e.earliest is not None and latest < e.earliest]
        if after:
            yield Report(w.date_path, {
                **step_params(w), **step_params(after[-1], "earlier"),
                "problem": "前の日付です", "problem_en": "dated before"})
