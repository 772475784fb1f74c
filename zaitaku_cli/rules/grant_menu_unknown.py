"""A grant names a menu of prefecture.yaml `grants.menus` (the caps, rate and bodies it is
checked against)."""

from zaitaku_cli.rules.base import SOURCE_004_GRANT, Report, rule_entry

TARGET = ("grant",)
SCOPE = "record"
ENTRY = rule_entry(
    "grant-menu-unknown", "error", "補助メニュー", "Subsidy menu",
    "補助メニュー「{menu}」は prefecture.yaml の grants.menus にありません。使えるメニュー: {known}",
    "The subsidy menu '{menu}' is not in prefecture.yaml grants.menus; known: {known}",
    SOURCE_004_GRANT,
    "menu: hub-coordinaton")


def check(grant, registry):
    menus = registry.scheme.grant_menus
    if grant.get("menu") not in menus:
        known = ", ".join(menus) or "（なし）"
        yield Report(("menu",), {"menu": str(grant.get("menu")), "known": known})
