"""The day the plan was shared with the health centre (`health_center_shared_on`, seed 004
「※指定前に、道本庁から保健所へ指定予定医療機関を共有」) is not in the future: it records a fact.
The limit is designation-future's (today, or `--as-of` when later)."""

from zaitaku_cli.rules.base import SOURCE_004, Report, rule_entry
from zaitaku_cli.rules.designation_step_future import future_params

TARGET = ("institution", "hub")
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "designation-shared-future", "error", "保健所への共有日が未来", "Sharing date in the future",
    "保健所への共有日（health_center_shared_on: {value}）が{day} {as_of} より後です。共有した日（済んだこと）だけを記録してください。",
    "health_center_shared_on ({value}) is after {day_en} {as_of}; record only a sharing that took place.",
    SOURCE_004 + "「※指定前に、道本庁から保健所へ指定予定医療機関を共有」",
    "designation: {status: planned, health_center_shared_on: 2099-04-01}")


def check(record, registry):
    d = record.designation
    if d is not None and d.health_center_shared_on is not None and d.health_center_shared_on > registry.decisions_until:
        yield Report(("designation", "health_center_shared_on"),
                     {**future_params(registry), "value": d.health_center_shared_on.isoformat()})
