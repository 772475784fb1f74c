"""A grant's application, decision or settlement is not dated after today (or after the
reference date, when --as-of names a later day): a date in the future is a decision not yet
taken, which the registry records only once it is (like designation-future)."""

from zaitaku_cli.rules.base import Report, rule_entry
from zaitaku_cli.rules.grant_date_order import grant_dates

TARGET = ("grant",)
SCOPE = "record"
ENTRY = rule_entry(
    "grant-date-future", "error", "未来の日付", "Grant date in the future",
    "{label}（{value}）が{day}（{as_of}）より後です。まだ行われていない手続きは記録しません。",
    "{label_en} ({value}) is after {day_en} ({as_of}); a step not yet taken is not recorded.",
    "DESIGN §4: the registry records decisions taken",
    "decided_on: 2099-06-30")


def check(grant, registry):
    until = registry.decisions_until
    reference_date = until == registry.as_of
    for key, label, label_en, day in grant_dates(grant):
        if day > until:
            yield Report((key,), {"label": label, "label_en": label_en.capitalize(), "value": day.isoformat(),
                                  "as_of": until.isoformat(), "day": "基準日" if reference_date else "今日",
                                  "day_en": "the reference date" if reference_date else "today"})
