"""A menu limited to N fiscal years (`conditions.max_years`) funds the same recipient in at most N
distinct years (seed 004 ICTネットワーク構築アドバイザー事業「※構築前、構築年、構築後のうち、
構築年を含む２か年限定」). The years are those of the recorded grants of the menu to the same hub,
institution or body (by name); every grant beyond the N-th year is reported. Whether the two years
include the build year is not checked: the registry does not record the year of the build."""

from zaitaku_cli.rules._grants import menu_words, fiscal_year, menu_of, recipient, years_of
from zaitaku_cli.rules.base import SOURCE_004_ENHANCE, Report, rule_entry

TARGET = ("grant",)
ENTRY = rule_entry(
    "grant-years-limit", "error", "補助を受けられる年数", "Years a menu may fund",
    "メニュー{menu}の補助は同じ対象に{limit}か年までですが、{year}年度は{count}か年目です（記録のある年度：{years}）。",
    "the menu {menu_en} funds the same recipient for at most {limit} years; fiscal year {year} is year {count} "
    "(years recorded: {years}).",
    SOURCE_004_ENHANCE + " 在宅医療多職種連携ICTネットワーク構築アドバイザー事業「※構築前、構築年、構築後のうち、構築年を含む２か年限定」",
    "fiscal_year: 2027   # 2025・2026年度にも同じメニュー")


def check(grant, registry):
    menu = menu_of(grant, registry)
    limit = ((menu or {}).get("conditions") or {}).get("max_years")
    who, year = recipient(grant, registry), fiscal_year(grant)
    if not limit or who is None or year is None:
        return
    years = years_of(registry, menu["id"]).get(who, [])
    count = years.index(year) + 1 if year in years else 0
    if count > limit:
        yield Report(("fiscal_year",), {**menu_words(menu), "limit": limit, "year": year,
                                        "count": count, "years": "、".join(str(y) for y in years)})
