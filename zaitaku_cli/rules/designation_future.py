"""A designation or withdrawal date is not in the future: the registry records decisions taken,
not plans. The future begins after today, or after `--as-of` when that is later
(Registry.decisions_until): a check as of a past day counts a designation made since as not yet
made on that day (as export and status do), it does not call the date an error."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution", "hub")
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "designation-future", "error", "未来の日付", "Date in the future",
    "{field}（{value}）が{day} {as_of} より後です。決定済みの日付だけを記録してください。",
    "{field} ({value}) is after {day_en} {as_of}; record only decisions taken.",
    "DESIGN §4: a designation date is not in the future (relative to today, or to a later --as-of)",
    "designated_on: 2099-04-01")


def check(record, registry):
    d = record.designation
    if d is None:
        return
    until = registry.decisions_until
    dates = [("designated_on", d.designated_on.first() if d.designated_on else None, d.designated_on),
             ("designated_by", d.designated_by, d.designated_by),
             ("withdrawn_on", d.withdrawn_on, d.withdrawn_on)]
    for key, first, shown in dates:
        if first is not None and first > until:
            value = shown.iso() if hasattr(shown, "iso") else shown.isoformat()
            reference_date = until == registry.as_of
            yield Report(("designation", key), {"field": f"designation.{key}", "value": value,
                                                "as_of": until.isoformat(),
                                                "day": "基準日" if reference_date else "今日",
                                                "day_en": "the reference date" if reference_date else "today"})
