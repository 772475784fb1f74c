"""A grant's dates follow its procedure: applied (applied_on) on or before decided (decided_on),
decided on or before settled (settled_on). A date out of order is most likely a typo in one of
them, and past tables and the history read decisions by these dates."""

from zaitaku_cli.model import date_or_none
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("grant",)
SCOPE = "record"
ENTRY = rule_entry(
    "grant-date-order", "error", "補助の日付の順序", "Order of grant dates",
    "{later}（{later_value}）が{earlier}（{earlier_value}）より前です。",
    "{later_en} ({later_value}) is before {earlier_en} ({earlier_value}).",
    "補助の手続きの順序：交付申請 → 交付決定 → 額の確定",
    "applied_on: 2025-07-01\ndecided_on: 2025-06-30")

DATES = (("applied_on", "申請日", "the application date"), ("decided_on", "交付決定日", "the decision date"),
         ("settled_on", "額の確定日", "the settlement date"))


def grant_dates(grant) -> list[tuple[str, str, str, object]]:
    """(key, label, label_en, date) of the grant's readable dates, in procedure order."""
    days = [(key, label, label_en, date_or_none(grant.get(key))) for key, label, label_en in DATES]
    return [d for d in days if d[3] is not None]  # an unreadable date: the schema's date check reports it


def check(grant, registry):
    dates = grant_dates(grant)
    for (_, e_label, e_en, e_day), (key, l_label, l_en, l_day) in zip(dates, dates[1:]):
        if l_day < e_day:
            yield Report((key,), {"later": l_label, "later_en": l_en.capitalize(), "later_value": l_day.isoformat(),
                                  "earlier": e_label, "earlier_en": e_en, "earlier_value": e_day.isoformat()})
