"""One grant record per menu, recipient and fiscal year: the caps of a menu are per year (seed 004
「上限計 4,012千円」 for a hub's year), and are checked on one record, so a second record of the
same menu for the same hub, institution or body (by name) in the same year would let the year go
over its cap unseen. The later record in id order is reported, naming the first; amend the first
(an application revised, a decision changed) instead of adding another."""

from zaitaku_cli.rules._grants import fiscal_year, grant_words, recipient
from zaitaku_cli.rules.base import SOURCE_004_GRANT, Report, rule_entry

TARGET = ("grant",)
ENTRY = rule_entry(
    "grant-duplicate", "error", "同じ年度・メニューの補助金の記録が2つ", "Grant recorded twice",
    "{year}年度の同じ対象への同じメニューの補助金は {first}（{first_file}）に記録されています。上限額は1年度・1件で"
    "確かめるので、変更はその記録に書いてください。",
    "A grant of the same menu to the same recipient in fiscal year {year} is recorded in {first_en} ({first_file}); "
    "caps are checked per year on one record, so amend that record instead.",
    SOURCE_004_GRANT + "「上限計 4,012千円」",
    "id: tokachi-2025-2   # tokachi-2025 と同じ年度・メニュー・拠点")


def _firsts(registry) -> dict:
    """(menu, recipient, year) -> the first valid grant of it in id order."""
    def compute():
        firsts = {}
        for grant in sorted(registry.grants.values(), key=lambda g: g.id):
            who, year = recipient(grant, registry), fiscal_year(grant)
            if grant.valid and who is not None and year is not None:
                firsts.setdefault((grant.get("menu"), who, year), grant)
        return firsts
    return registry.memo("grant-firsts", compute)


def check(grant, registry):
    who, year = recipient(grant, registry), fiscal_year(grant)
    first = _firsts(registry).get((grant.get("menu"), who, year)) if who and year is not None else None
    if first is not None and first is not grant:
        ja, en = grant_words(first, registry)
        yield Report(("fiscal_year",), {"year": year, "first": ja, "first_en": en, "first_file": first.doc.rel})
