"""The 在支診・在支病 condition of a menu (grant-support-clinics) cannot be checked: the grant names
no municipality (and funds no institution that has one), or reference.support_clinics gives no
count for that municipality in the year. Unknown is not zero: the tool says it could not check."""

from zaitaku_cli.rules._grants import menu_words
from zaitaku_cli.rules.base import SOURCE_004_ENHANCE, Report, rule_entry
from zaitaku_cli.rules.grant_support_clinics import condition, town_name

TARGET = ("grant",)
SCOPE = "record"
ENTRY = rule_entry(
    "grant-support-clinics-unknown", "warning", "在支診・在支病の数が不明", "Support clinics not known",
    "メニュー{menu}の条件（在支診・在支病の合計数が{limit}以下の市町村）を確かめられません：{why}",
    "The condition of the menu {menu_en} (at most {limit} support clinics and hospitals in the municipality) "
    "cannot be checked: {why_en}",
    SOURCE_004_ENHANCE + " 在宅医療体制支援事業「※在支診・在支病の合計数が３以下の市町村」",
    "menu: support-system   # municipality: がない")


def check(grant, registry):
    found = condition(grant, registry)
    if found is None or found[3] is not None:
        return
    menu, limit, code, _ = found
    if code is None:
        why = ("事業を行う市町村（municipality）が書かれていません。",
               "the grant names no municipality (municipality:).")
        where = ("menu",)
    else:
        why = (f"{town_name(registry, code)}の在支診・在支病の数が参照データ（prefecture.yaml の reference.support_clinics）にありません。",
               f"the reference data (prefecture.yaml reference.support_clinics) has no count for {code}.")
        where = ("municipality",) if isinstance(grant.get("municipality"), str) else ("institution",)
    yield Report(where, {**menu_words(menu), "limit": limit, "why": why[0], "why_en": why[1]})
