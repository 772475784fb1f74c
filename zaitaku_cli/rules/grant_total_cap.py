"""A grant's total stays within its menu's cap: an upper limit of the subsidy (上限額, cap_basis
subsidy: total ≤ cap), or a base amount of the cost the rate applies to (基準額, cap_basis cost:
total ≤ cap × rate, compared as total × denominator ≤ cap × numerator, no rounding)."""

from zaitaku_cli.money import AMOUNTS, sums, which_params, yen, yen_en
from zaitaku_cli.rules._grants import menu_of
from zaitaku_cli.rules.base import SOURCE_004_GRANT, Report, rule_entry

TARGET = ("grant",)
SCOPE = "record"
ENTRY = rule_entry(
    "grant-total-cap", "error", "補助の上限額", "Total cap",
    "{which}の合計 {amount} がメニュー「{menu}」の{basis} {cap} を超えています。",
    "The total {which_en}, {amount_en}, exceeds the {basis_en} {cap_en} of the menu '{menu}'.",
    SOURCE_004_GRANT + "「上限計 4,012千円」",
    "items: [{category: coordinator, applied: 2092000}, {category: office, applied: 1920001}]")


def _limit(menu) -> tuple[int, int, dict] | None:
    """(cap × denominator compared with total × …: numerator, multiplier, words) or None."""
    cap = menu.get("cap")
    if cap is None:
        return None
    if menu.get("cap_basis") == "cost":
        rate = menu["rate"]
        return cap * rate["numerator"], rate["denominator"], {
            "basis": f"基準額×補助率（{rate['numerator']}/{rate['denominator']}）",
            "basis_en": f"base amount × rate ({rate['numerator']}/{rate['denominator']})"}
    return cap, 1, {"basis": "上限額", "basis_en": "cap"}


def check(grant, registry):
    menu = menu_of(grant, registry)
    limit = _limit(menu) if menu else None
    if limit is None:
        return
    bound, times, words = limit
    for which in AMOUNTS:
        total = sums(grant.get("items"), which)
        if total is not None and total.yen * times > bound:
            yield Report(("items",), {
                **which_params(which), **words, "menu": menu.get("label", menu["id"]),
                "amount": yen(total.yen), "cap": yen(menu["cap"]),
                "amount_en": yen_en(total.yen), "cap_en": yen_en(menu["cap"])})
