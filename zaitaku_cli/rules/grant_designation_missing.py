"""A menu for designated hubs or institutions names the designation it funds (seed 004:
「※道が「北海道在宅医療連携拠点設置要綱」に基づき指定した機関に限る」): a grant of such a menu
writes `hub:` (or `institution:`), so that the rules can see the designation was in force."""

from zaitaku_cli.rules._grants import menu_words, menu_of
from zaitaku_cli.rules.base import SOURCE_004_GRANT, Report, rule_entry

TARGET = ("grant",)
SCOPE = "record"
ENTRY = rule_entry(
    "grant-designation-missing", "error", "補助の対象の指定", "Funded designation missing",
    "メニュー{menu}は指定を受けた{kind}が対象です。{key}: にその{kind}のIDを書いてください。",
    "The menu {menu_en} funds a designated {kind_en}: write its id under {key}:.",
    SOURCE_004_GRANT + "「※道が「北海道在宅医療連携拠点設置要綱」に基づき指定した機関に限る」",
    "menu: hub-coordination   # hub: がない")


def check(grant, registry):
    menu = menu_of(grant, registry)
    key = (menu or {}).get("designation")
    if key in ("hub", "institution") and not isinstance(grant.get(key), str):
        yield Report(("menu",), {**menu_words(menu), "key": key,
                                 "kind": registry.scheme.terms("ja")[key], "kind_en": registry.scheme.terms("en")[key]})
