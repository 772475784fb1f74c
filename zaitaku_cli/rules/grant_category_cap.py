"""Each expense category of a menu stays within its own cap, whatever the total (seed 004
「◆(※)区分ごとの上限」: ① 2,092千円、② 1,920千円). Applied and decided amounts are each checked."""

from zaitaku_cli.money import AMOUNTS, sums, which_params, yen, yen_en
from zaitaku_cli.rules._grants import menu_of
from zaitaku_cli.rules.grant_total_cap import limit
from zaitaku_cli.rules.base import SOURCE_004_GRANT, Report, rule_entry

TARGET = ("grant",)
SCOPE = "record"
ENTRY = rule_entry(
    "grant-category-cap", "error", "区分ごとの上限額", "Category cap",
    "区分「{label}」の{which}の計 {amount} が区分の{basis} {cap} を {over} 超えています。",
    "The {which_en} in the category '{label}' totals {amount_en}, over its {basis_en} {cap_en} by {over_en}.",
    SOURCE_004_GRANT + "「◆(※)区分ごとの上限 ①調整担当者（MSW・事務担当者等）人件費（2,092千円） ②事務費（会議・研修開催等）（1,920千円）」",
    "items: [{category: coordinator, expense_type: 賃金, applied: 2092001}]")


def check(grant, registry):
    menu = menu_of(grant, registry)
    for category in (menu or {}).get("categories") or []:
        cap = category.get("cap")
        if cap is None:
            continue
        bound, times, words = limit(menu, cap)
        for which in AMOUNTS:
            total = sums(grant.get("items"), which, category["id"])
            if total is not None and total.yen * times > bound:
                yield Report(("items", total.first, which), {
                    **which_params(which), **words, "label": category.get("label", category["id"]),
                    "amount": yen(total.yen), "over": yen(total.yen - bound // times),
                    "amount_en": yen_en(total.yen), "over_en": yen_en(total.yen - bound // times)})
