"""What the step rules share: a record's steps with what was written for each, the days a step
may have been taken (its bounds), and how a step is named in messages.

A step's bounds, honestly: a `date` spans its month when the day is unknown (first .. last day);
a `by` only says "by then" (no earliest day). A step is certainly before another only when its
latest possible day is before the other's earliest known day.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from zaitaku_cli.model import Step, status_label


class Written(NamedTuple):
    step: Step
    raw: dict  # the item as written (a mapping: the schema cuts out any other)

    @property
    def path(self) -> tuple:
        return ("designation", "steps", self.step.index)

    @property
    def earliest(self) -> datetime.date | None:
        """The first day the step may have been taken (None: not known, e.g. only `by`)."""
        return self.step.earliest

    @property
    def latest(self) -> datetime.date | None:
        """The day by which the step was certainly taken (None: no readable date)."""
        return self.step.since

    @property
    def date_key(self) -> str | None:
        """The key that dates the step: `date` when it is readable, else `by` (None: neither)."""
        if self.step.date is not None:
            return "date"
        return "by" if self.step.by is not None else None

    @property
    def date_path(self) -> tuple:
        key = self.date_key
        return self.path + (key,) if key else self.path


def written_steps(record) -> list[Written]:
    """The record's parsed steps (model.parse_steps), in the order written, each with its item."""
    d = record.designation
    if d is None or not d.steps:
        return []
    items = record.data["designation"]["steps"]
    return [Written(step, items[step.index]) for step in d.steps]


def step_params(w: Written, prefix: str = "step") -> dict:
    """{step}, {step_en}, {step_head_en} (at the head of a sentence): 「2番目の段階（調整中、2025-07-21 までに）」,
    "step 2 (coordinating, by 2025-07-21)", "Step 2 (…)"; `prefix` replaces "step"."""
    s = w.step
    number = s.index + 1
    if s.date is not None:
        when, when_en = s.date.iso(), s.date.iso()
    elif s.by is not None:
        when, when_en = f"{s.by.isoformat()} までに", f"by {s.by.isoformat()}"
    else:
        when, when_en = "日付なし", "no date"
    return {prefix: f"{number}番目の段階（{status_label(s.status)}、{when}）",
            f"{prefix}_en": f"step {number} ({status_label(s.status, 'en')}, {when_en})",
            f"{prefix}_head_en": f"Step {number} ({status_label(s.status, 'en')}, {when_en})"}

