"""A grant's route (direct, indirect via a municipality, commissioned) is one its menu allows
(`routes`; seed 004 「道→市町村→実施者の間接補助・事業の委託も可能」), and an indirect grant or a
commission names the municipality it passes through."""

from zaitaku_cli.rules._grants import menu_of, menu_words
from zaitaku_cli.rules.base import SOURCE_004_GRANT, Report, rule_entry

TARGET = ("grant",)
SCOPE = "record"
ENTRY = rule_entry(
    "grant-route", "error", "補助の経路", "Grant route",
    "{problem}",
    "{problem_en}",
    SOURCE_004_GRANT + "「道→市町村→実施者の間接補助・事業の委託も可能」",
    "route: {type: indirect}   # municipality: がない")

_WORDS = {"direct": ("直接補助", "a direct grant"), "indirect": ("間接補助", "an indirect grant"),
          "commissioned": ("事業の委託", "a commission")}


def check(grant, registry):
    menu, route = menu_of(grant, registry), grant.get("route")
    if not menu or not isinstance(route, dict) or route.get("type") not in _WORDS:
        return
    kind = route["type"]
    allowed = menu.get("routes")
    words = menu_words(menu)
    if allowed and kind not in allowed:
        names = "、".join(_WORDS[r][0] for r in allowed if r in _WORDS)
        yield Report(("route", "type"), {
            "problem": f"メニュー{words['menu']}は{_WORDS[kind][0]}を認めていません。認められる経路：{names}",
            "problem_en": f"The menu {words['menu_en']} does not allow {_WORDS[kind][1]}; allowed: {', '.join(allowed)}"})
    elif kind != "direct" and menu.get("funder") != "municipality" and not isinstance(route.get("municipality"), str):
        yield Report(("route",), {
            "problem": f"{_WORDS[kind][0]}では経由する市町村のコードを route.municipality に書いてください。",
            "problem_en": f"For {_WORDS[kind][1]}, write the municipality it passes through in route.municipality."})
