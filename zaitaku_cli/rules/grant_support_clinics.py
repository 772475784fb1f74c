"""A menu for municipalities with few 在支診・在支病 (`conditions.support_clinics_max`; seed 004
在宅医療体制支援事業「※在支診・在支病の合計数が３以下の市町村」) funds work in a municipality whose
count is at most that number. The municipality is the grant's `municipality`, else the funded
institution's; the count is read from reference.support_clinics, the latest file dated on or before
the end of the grant's fiscal year. When the municipality or its count is not known, the condition
cannot be checked, and grant-support-clinics-unknown says so."""

from zaitaku_cli.money import fiscal_year_bounds
from zaitaku_cli.rules._grants import menu_words, fiscal_year, funded, menu_of
from zaitaku_cli.rules.base import SOURCE_004_ENHANCE, Report, rule_entry

TARGET = ("grant",)
SCOPE = "record"
ENTRY = rule_entry(
    "grant-support-clinics", "error", "在支診・在支病の数", "Support clinics in the municipality",
    "メニュー{menu}は在支診・在支病の合計数が{limit}以下の市町村が対象ですが、{town}は{count}か所です（{file}）。",
    "the menu {menu_en} is for municipalities with at most {limit} support clinics and hospitals; {town} has {count} ({file}).",
    SOURCE_004_ENHANCE + " 在宅医療体制支援事業「※在支診・在支病の合計数が３以下の市町村」",
    'municipality: "011002"   # 在支診・在支病が4か所以上')


def condition(grant, registry):
    """(menu, limit, municipality code or None, (count, file) or None), or None when the menu sets
    no such condition. Shared with grant-support-clinics-unknown."""
    menu = menu_of(grant, registry)
    limit = ((menu or {}).get("conditions") or {}).get("support_clinics_max")
    if limit is None:
        return None
    code = grant.get("municipality")
    key, record = funded(grant, registry)
    if not isinstance(code, str) and key == "institution":
        code = record.get("municipality")
    year = fiscal_year(grant)
    if not isinstance(code, str) or year is None:
        return menu, limit, None, None
    end = fiscal_year_bounds(year)[1]
    dates = sorted(d for d in registry.support_clinics if d <= end)
    figures = registry.support_clinics[dates[-1]] if dates else {}
    if code not in figures:
        return menu, limit, code, None
    return menu, limit, code, (figures[code], registry.support_clinic_files[dates[-1]])


def town_name(registry, code) -> str:
    town = registry.municipalities.get(code)
    return f"{town.name}（{code}）" if town else code


def check(grant, registry):
    found = condition(grant, registry)
    if found is None or found[3] is None:
        return
    menu, limit, code, (count, file) = found
    if count > limit:
        where = ("municipality",) if isinstance(grant.get("municipality"), str) else ("institution",)
        yield Report(where, {**menu_words(menu), "limit": limit, "town": town_name(registry, code),
                             "count": count, "file": file})
