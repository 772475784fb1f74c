"""A grant of a menu with `conditions.designation_in_force` is for a fiscal year in which the
funded designation was in force (seed 004: 「※道が「北海道在宅医療連携拠点設置要綱」に基づき
指定した機関に限る」). An error when the dates show it was in force on no day of the year: not
designated before the year ended, withdrawn before it began, or never designated once the year is
over. A year in which it was in force only in part, or that the dates cannot settle, is
grant-designation-part-year's warning."""

from zaitaku_cli.model import DESIGNATED, WITHDRAWN
from zaitaku_cli.money import fiscal_year_bounds
from zaitaku_cli.rules._grants import fiscal_year, funded, menu_of
from zaitaku_cli.rules.base import SOURCE_004_GRANT, Report, rule_entry

TARGET = ("grant",)
ENTRY = rule_entry(
    "grant-designation-not-in-force", "error", "補助の年度の指定", "Designation in force in the year",
    "{year}年度（{start}～{end}）に「{name}」の指定はありません（{why}）。このメニューは指定を受けた機関に限ります。",
    "'{name}' was not designated in fiscal year {year} ({start} to {end}): {why_en}. The menu funds designated bodies only.",
    SOURCE_004_GRANT + "「※道が「北海道在宅医療連携拠点設置要綱」に基づき指定した機関に限る」",
    "fiscal_year: 2024   # 拠点の指定は 2025-07-01")


def in_force(grant, registry):
    """(funded record, fiscal year, its bounds, "whole"|"part"|"none"|"unknown"), or None when the
    menu sets no such condition or the grant names no readable designation and year."""
    menu = menu_of(grant, registry)
    _, record = funded(grant, registry)
    year = fiscal_year(grant)
    if not ((menu or {}).get("conditions") or {}).get("designation_in_force") or record is None or year is None:
        return None
    start, end = fiscal_year_bounds(year)
    d = record.designation
    state = d.in_force_during(start, end) if d is not None else "none"
    if state == "none" and d is not None and d.status not in (DESIGNATED, WITHDRAWN) and end >= registry.as_of:
        state = "pending"  # not designated yet, and the year is not over
    return record, year, (start, end), state


def _why(record) -> tuple[str, str]:
    d = record.designation
    if d is not None and d.status == WITHDRAWN and d.withdrawn_on is not None:
        return f"{d.withdrawn_on.isoformat()} に取消し", f"withdrawn on {d.withdrawn_on.isoformat()}"
    if d is not None and d.designated_on is not None:
        return f"指定日は {d.designated_on.iso()}", f"designated on {d.designated_on.iso()}"
    return "指定されていない", "never designated"


def check(grant, registry):
    found = in_force(grant, registry)
    if found is None or found[3] != "none":
        return
    record, year, (start, end), _ = found
    why, why_en = _why(record)
    yield Report(("fiscal_year",), {"year": year, "start": start.isoformat(), "end": end.isoformat(),
                                    "name": str(record.get("name") or record.id), "why": why, "why_en": why_en})
