"""The subsidy is at most rate × eligible cost (seed 004 「補助率 10/10 以内」). Compared in
integers, total × denominator ≤ eligible cost × numerator, so nothing is rounded: the limit is
eligible × numerator / denominator exactly, and a total above it by any fraction of a yen is
reported (the seeds state no rounding rule; the stated limit is rounded down to the yen)."""

from zaitaku_cli.money import AMOUNTS, is_yen, sums, which_params, yen, yen_en
from zaitaku_cli.rules._grants import menu_of
from zaitaku_cli.rules.base import SOURCE_004_ENHANCE, SOURCE_004_GRANT, Report, rule_entry

TARGET = ("grant",)
SCOPE = "record"
ENTRY = rule_entry(
    "grant-rate", "error", "補助率", "Subsidy rate",
    "{which}の合計 {amount} が補助対象経費 {cost} × 補助率 {rate} ＝ {limit} を超えています。",
    "The total {which_en}, {amount_en}, exceeds the eligible cost {cost_en} × the rate {rate} = {limit_en}.",
    SOURCE_004_GRANT + " 補助率「10/10 以内」; " + SOURCE_004_ENHANCE.split("：", 1)[1] + " 補助率「1/2」「10/10」",
    "eligible_cost: 3000000\nitems: [{category: office, applied: 3000001}]")


def check(grant, registry):
    menu, cost = menu_of(grant, registry), grant.get("eligible_cost")
    if not menu or not menu.get("rate") or not is_yen(cost):
        return
    n, d = menu["rate"]["numerator"], menu["rate"]["denominator"]
    limit = cost * n // d  # shown rounded down; the comparison below is exact
    for which in AMOUNTS:
        total = sums(grant.get("items"), which)
        if total is not None and total.yen * d > cost * n:
            yield Report(("eligible_cost",), {
                **which_params(which), "amount": yen(total.yen), "cost": yen(cost), "rate": f"{n}/{d}",
                "limit": yen(limit), "amount_en": yen_en(total.yen), "cost_en": yen_en(cost), "limit_en": yen_en(limit)})
