"""A decided grant of a menu with a rate records its eligible cost (補助対象経費): without it the
rate (grant-rate: subsidy ≤ rate × eligible cost) cannot be checked, and the tool says so rather
than pass it. Before the decision the cost may still be open, so only a grant with a decided
amount is reported."""

from zaitaku_cli.money import sums
from zaitaku_cli.rules._grants import menu_of, menu_words
from zaitaku_cli.rules.base import SOURCE_004_ENHANCE, Report, rule_entry

TARGET = ("grant",)
SCOPE = "record"
ENTRY = rule_entry(
    "grant-eligible-cost-unknown", "warning", "補助対象経費が不明", "Eligible cost not recorded",
    "交付決定額がありますが補助対象経費（eligible_cost）が書かれていないため、メニュー{menu}の補助率 {rate} を"
    "確かめられません。",
    "An amount is decided but the eligible cost (eligible_cost) is not recorded, so the rate {rate} of the menu "
    "{menu_en} cannot be checked.",
    SOURCE_004_ENHANCE + " 補助率「1/2」",
    "eligible_cost: null   # decided: 600000")


def check(grant, registry):
    menu = menu_of(grant, registry)
    rate = (menu or {}).get("rate")
    if rate and grant.get("eligible_cost") is None and sums(grant.get("items"), "decided") is not None:
        where = ("eligible_cost",) if "eligible_cost" in grant.data else ("items",)
        yield Report(where, {**menu_words(menu), "rate": f"{rate['numerator']}/{rate['denominator']}"})
