"""A designation or withdrawal date is not in the future (relative to `--as-of`, default today):
the registry records decisions taken, not plans."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution", "hub")
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "designation-future", "error", "未来の日付", "Date in the future",
    "{field}（{value}）が基準日 {as_of} より後です。決定済みの日付だけを記録してください。",
    "{field} ({value}) is after the reference date {as_of}; record only decisions taken.",
    "DESIGN §4: a designation date is not in the future (relative to --as-of, default today)",
    "designated_on: 2099-04-01")


def check(record, registry):
    d = record.designation
    if d is None:
        return
    as_of = registry.as_of
    dates = [("designated_on", d.designated_on.first() if d.designated_on else None, d.designated_on),
             ("designated_by", d.designated_by, d.designated_by),
             ("withdrawn_on", d.withdrawn_on, d.withdrawn_on)]
    for key, first, shown in dates:
        if first is not None and first > as_of:
            value = shown.iso() if hasattr(shown, "iso") else shown.isoformat()
            yield Report(("designation", key), {"field": f"designation.{key}", "value": value,
                                                "as_of": as_of.isoformat()})
