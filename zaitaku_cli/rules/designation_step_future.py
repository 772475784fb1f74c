"""A step's date is not in the future: steps record what happened, as designation dates do. The
future begins after today, or after `--as-of` when that is later (Registry.decisions_until, as for
designation-future). Both a `date` (its first possible day) and a `by` bound count: no source can
say that a step will have been taken by a day still to come."""

from zaitaku_cli.rules._steps import step_params, written_steps
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution", "hub")
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "designation-step-future", "error", "経過の未来の日付", "Step dated in the future",
    "経過の{step}の {key}（{value}）が{day} {as_of} より後です。その段階になった日（済んだこと）だけを記録してください。",
    "{step_head_en}: {key} ({value}) is after {day_en} {as_of}; record only steps taken.",
    "DESIGN §4: dates are not in the future (relative to today, or to a later --as-of)",
    "steps: [{status: applied, date: 2099-04-01}]")


def future_params(registry) -> dict:
    """{as_of, day, day_en}: the limit of decisions, named as designation-future names it."""
    until = registry.decisions_until
    reference_date = until == registry.as_of
    return {"as_of": until.isoformat(), "day": "基準日" if reference_date else "今日",
            "day_en": "the reference date" if reference_date else "today"}


def check(record, registry):
    until = registry.decisions_until
    for w in written_steps(record):
        s = w.step
        for key, first, shown in (("date", s.date.first() if s.date else None, s.date.iso() if s.date else ""),
                                  ("by", s.by, s.by.isoformat() if s.by else "")):
            if first is not None and first > until:
                yield Report(w.path + (key,), {**step_params(w), **future_params(registry), "key": key, "value": shown})
