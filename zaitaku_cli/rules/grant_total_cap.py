"""A grant's total stays within its menu's cap: an upper limit of the subsidy (上限額, cap_basis
subsidy: total ≤ cap), or a base amount of the cost the rate applies to (基準額, cap_basis cost:
total ≤ cap × rate, compared as total × denominator ≤ cap × numerator, no rounding)."""

from zaitaku_cli.money import AMOUNTS, sums, which_params, yen, yen_en
from zaitaku_cli.rules._grants import menu_words, bodies, menu_of
from zaitaku_cli.rules.base import SOURCE_004_GRANT, Report, rule_entry

TARGET = ("grant",)
ENTRY = rule_entry(
    "grant-total-cap", "error", "補助の上限額", "Total cap",
    "{which}の合計 {amount} がメニュー{menu}の{basis} {cap} を超えています。",
    "The total {which_en}, {amount_en}, exceeds the {basis_en} {cap_en} of the menu {menu_en}.",
    SOURCE_004_GRANT + "「上限計 4,012千円」",
    "items: [{category: coordinator, applied: 2092000}, {category: office, applied: 1920001}]")


def cap_for(menu, grant, registry) -> int | None:
    """The menu's cap for this grant: the `caps_by_body` entry of the receiving body's type (seed
    004 ポータブル機器「・医療機関 訪問看護ST 300万円 ・郡市医師会 市町村 600万円」), else `cap`.
    With caps by body and no single body type known, the highest is used (the finding then
    cannot be wrong; the body's type is grant-body-type's)."""
    by_body = menu.get("caps_by_body") or []
    types = {b.get("type") for b in bodies(grant, registry)}
    caps = [c["cap"] for c in by_body if types & set(c["body_types"])]
    if by_body:
        return max(caps) if caps else max(c["cap"] for c in by_body)
    return menu.get("cap")


def limit(menu, cap: int) -> tuple[int, int, dict]:
    """(bound, multiplier, words): total × multiplier > bound is over, compared in integers; the
    limit shown is bound // multiplier (rounded down). A 上限額 (cap_basis subsidy) bounds the
    subsidy; a 基準額 (cap_basis cost) bounds the cost the rate applies to."""
    rate = menu.get("rate")
    if menu.get("cap_basis") == "cost" and rate:
        n, d = rate["numerator"], rate["denominator"]
        return cap * n, d, {"basis": f"基準額 {yen(cap)} × 補助率 {n}/{d} ＝",
                            "basis_en": f"base amount {yen_en(cap)} × rate {n}/{d} =", "cap": yen(cap * n // d),
                            "cap_en": yen_en(cap * n // d)}
    return cap, 1, {"basis": "上限額", "basis_en": "cap", "cap": yen(cap), "cap_en": yen_en(cap)}


def check(grant, registry):
    menu = menu_of(grant, registry)
    cap = cap_for(menu, grant, registry) if menu else None
    if cap is None:
        return
    bound, times, words = limit(menu, cap)
    for which in AMOUNTS:
        total = sums(grant.get("items"), which)
        if total is not None and total.yen * times > bound:
            yield Report(("items", total.first, which), {
                **which_params(which), **words, **menu_words(menu),
                "amount": yen(total.yen), "amount_en": yen_en(total.yen)})
