"""Each item's expense type is one the menu funds (seed 004 【報酬、給料、職員手当等、共済費、賃金、
報償費、旅費、需用費…、役務費、委託料、使用料及び賃借料】), and its category one of the menu's."""

from zaitaku_cli.rules._grants import menu_of, menu_words
from zaitaku_cli.rules.base import SOURCE_004_GRANT, Report, rule_entry

TARGET = ("grant",)
SCOPE = "record"
ENTRY = rule_entry(
    "grant-expense-type", "error", "補助対象経費の種類", "Expense type",
    "{what}「{value}」はメニュー{menu}の対象ではありません。対象: {allowed}",
    "The {what_en} '{value_en}' is not funded by the menu {menu_en}; funded: {allowed}",
    SOURCE_004_GRANT + " 補助対象経費【報酬、給料、職員手当等、共済費、賃金、報償費、旅費、需用費（会食に要する経費を除く。）、"
    "役務費、委託料、使用料及び賃借料】",
    "items: [{category: office, expense_type: 備品購入費, applied: 100000}]")


def check(grant, registry):
    menu = menu_of(grant, registry)
    if not menu:
        return
    types = menu.get("expense_types") or []
    categories = [c["id"] for c in menu.get("categories") or []]
    for i, item in enumerate(grant.get("items") or []):
        if not isinstance(item, dict):
            continue
        if categories and item.get("category") not in categories:
            where = ("items", i, "category") if "category" in item else ("items", i)  # a missing one: the item
            shown = (str(item["category"]),) * 2 if "category" in item else ("（書かれていない）", "(none)")
            yield Report(where, {"what": "区分", "what_en": "category", "value": shown[0], "value_en": shown[1],
                                                    **menu_words(menu), "allowed": "、".join(categories)})
        if types and item.get("expense_type") not in types:
            yield Report(("items", i, "expense_type"), {"what": "経費の種類", "what_en": "expense type",
                                                        "value": str(item.get("expense_type")),
                                                        "value_en": str(item.get("expense_type")), **menu_words(menu),
                                                        "allowed": "、".join(types)})
