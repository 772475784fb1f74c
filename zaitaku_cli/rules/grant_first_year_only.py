"""What a menu funds in the first year only — the whole menu (`conditions.first_year_only`) or one
category (`categories[].first_year_only`, seed 004 在宅医療推進事業「設備 130万円 ※初年度限り」) — is
not granted again in a later year to the same recipient. The first year is the earliest recorded
grant of the menu to the same hub, institution or body (by name): a year before the registry's
records is not known, so a grant can only be checked against the grants recorded."""

from zaitaku_cli.money import is_yen
from zaitaku_cli.rules._grants import fiscal_year, menu_of, menu_words, recipient, years_of
from zaitaku_cli.rules.base import SOURCE_004_ENHANCE, Report, rule_entry

TARGET = ("grant",)
ENTRY = rule_entry(
    "grant-first-year-only", "error", "初年度限りの補助", "First year only",
    "{what}は初年度に限りますが、{year}年度は初年度（{first}年度）ではありません。",
    "{what_en} is funded in the first year only; fiscal year {year} is not the first ({first}).",
    SOURCE_004_ENHANCE + " 在宅医療推進事業「・設備 130万円 ※初年度限り」",
    "items: [{category: equipment, applied: 600000}]   # 前年度にも同じメニュー")


def _first_year(grant, registry, menu):
    who, year = recipient(grant, registry), fiscal_year(grant)
    years = years_of(registry, menu["id"]).get(who, []) if who else []
    return (year, years[0]) if year is not None and years and years[0] < year else (None, None)


def check(grant, registry):
    menu = menu_of(grant, registry)
    if not menu:
        return
    year, first = _first_year(grant, registry, menu)
    if year is None:
        return
    words = menu_words(menu)
    if (menu.get("conditions") or {}).get("first_year_only"):
        yield Report(("fiscal_year",), {"what": f"メニュー{words['menu']}", "what_en": f"The menu {words['menu_en']}",
                                        "year": year, "first": first})
        return
    once = {c["id"]: c.get("label", c["id"]) for c in menu.get("categories") or [] if c.get("first_year_only")}
    for i, item in enumerate(grant.get("items") or []):
        if isinstance(item, dict) and item.get("category") in once and any(is_yen(item.get(w)) and item.get(w) > 0
                                                                            for w in ("applied", "decided")):
            name = once[item["category"]]
            yield Report(("items", i, "category"), {"what": f"{words['menu']}の区分「{name}」",
                                                    "what_en": f"The category '{name}' of {words['menu_en']}",
                                                    "year": year, "first": first})
