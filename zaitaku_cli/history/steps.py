"""The steps of a designation (`designation.steps`) as history compares them: which steps of the
base revision are still there, and how a step is named in messages and diffs.

A base step is kept when a step with its status follows, in the order written, the steps kept
before it, with the same date or one that only adds precision: a month-only `date` made exact in
that month, a `by` bound replaced by a `date` on or before it (as for designated_on). Steps added
anywhere are fine. A step with no readable date at the base recorded no date: nothing to keep.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from zaitaku_cli.dates import DateError, PartialDate, parse_date, parse_partial_date
from zaitaku_cli.model import PENDING, status_label


@dataclass(frozen=True)
class ReadStep:
    index: int  # its place in `designation.steps`
    status: str
    date: PartialDate | None
    by: datetime.date | None
    unreadable: bool  # a date or by was written that cannot be read (a finding of the plain check)

    @property
    def dated(self) -> bool:
        return self.date is not None or self.by is not None


def _read(value, partial: bool):
    """(the date, unreadable)."""
    if value is None:
        return None, False
    try:
        return (parse_partial_date(value) if partial else parse_date(value)), False
    except (DateError, TypeError, ValueError):
        return None, True


def read_steps(block: dict) -> list[ReadStep]:
    """The steps written in a designation block, in order (items the schema refuses left out)."""
    items = block.get("steps")
    out = []
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and item.get("status") in PENDING:
            date, bad_date = _read(item.get("date"), True)
            by, bad_by = _read(item.get("by"), False)
            out.append(ReadStep(index, item["status"], date, by, bad_date or bad_by))
    return out


def kept_as(base: ReadStep, now: ReadStep) -> bool:
    """`now` is `base`, as written or with added precision (an unreadable date now is left to the
    plain check: not a second finding)."""
    if base.status != now.status:
        return False
    if now.unreadable:
        return True
    if base.date is not None:
        if now.date == base.date:
            return True
        return (base.date.day is None and now.date is not None and now.date.day is not None
                and (now.date.year, now.date.month) == (base.date.year, base.date.month))
    if now.date is None:
        return now.by == base.by
    return now.date.last() <= base.by


def lost_steps(base: list[ReadStep], now: list[ReadStep]) -> list[tuple[ReadStep, ReadStep | None]]:
    """The dated base steps not kept in `now`, each with the step now written in its place when
    that one stands for no base step (a change), else None (removed)."""
    cursor, used, lost = 0, set(), []
    for step in (s for s in base if s.dated):
        found = next((i for i in range(cursor, len(now)) if kept_as(step, now[i])), None)
        if found is None:
            lost.append(step)
        else:
            used.add(found)
            cursor = found + 1
    in_place = {s.index: s for i, s in enumerate(now) if i not in used}
    return [(step, in_place.get(step.index)) for step in lost]


def step_text(step: ReadStep | None, lang: str = "ja") -> str:
    """「調整中（2025-07-21 までに）」, "coordinating (by 2025-07-21)"; "" for None."""
    if step is None:
        return ""
    if step.date is not None:
        when = step.date.iso()
    elif step.by is not None:
        when = f"by {step.by.isoformat()}" if lang == "en" else f"{step.by.isoformat()} までに"
    else:
        when = "no date" if lang == "en" else "日付なし"
    return f"{status_label(step.status, lang)} ({when})" if lang == "en" else f"{status_label(step.status, lang)}（{when}）"


def old_value(step: ReadStep) -> str:
    """The value a correction's `old` gives for the step: its date, else its `by`."""
    return step.date.iso() if step.date is not None else step.by.isoformat()


def same_step_date(text, step: ReadStep) -> bool:
    """A correction's `old` names the step's date or its `by` (compared as dates)."""
    value, bad = _read(text, True)
    if bad or value is None:
        return False
    if step.date is not None and value == step.date:
        return True
    return step.by is not None and value.day is not None and value.first() == step.by
