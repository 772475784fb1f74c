"""An item's decided amount is not above the amount applied for: a decision grants what was
applied for or less, so a higher decided amount is most likely a typo (a digit too many) or the
amounts written in each other's places. A warning: an application revised upward before the
decision is recorded by correcting `applied`."""

from zaitaku_cli.money import is_yen, yen, yen_en
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("grant",)
SCOPE = "record"
ENTRY = rule_entry(
    "grant-decided-over-applied", "warning", "申請額を超える交付決定額", "Decided above applied",
    "交付決定額 {decided} が申請額 {applied} を超えています。金額の書き誤りがないか確かめてください。",
    "The amount decided, {decided_en}, is above the amount applied for, {applied_en}: check for a typo.",
    "補助の手続き：交付決定は申請の範囲内",
    "items: [{category: office, applied: 100000, decided: 1000000}]")


def check(grant, registry):
    for i, item in enumerate(grant.get("items") or []):
        if not isinstance(item, dict):
            continue
        applied, decided = item.get("applied"), item.get("decided")
        if is_yen(applied) and is_yen(decided) and decided > applied:
            yield Report(("items", i, "decided"), {"decided": yen(decided), "applied": yen(applied),
                                                   "decided_en": yen_en(decided), "applied_en": yen_en(applied)})
