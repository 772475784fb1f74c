"""A grant for a fiscal year in which the funded designation was in force only in part (designated
or withdrawn during the year), or in which the record's dates cannot tell (a designation known
only "by" a day, a month without its day), or that has not yet been designated while the year is
still running. The seeds set no rule for a part year — whether the grant is prorated, or allowed
from the day of designation — so this is a warning for the officer to settle, never a guess."""

from zaitaku_cli.rules.base import SOURCE_004_GRANT, Report, rule_entry
from zaitaku_cli.rules.grant_designation_not_in_force import in_force

TARGET = ("grant",)
ENTRY = rule_entry(
    "grant-designation-part-year", "warning", "年度の一部の指定", "Designation for part of the year",
    "{year}年度（{start}～{end}）の補助ですが、「{name}」は{state}。年度の途中の指定の扱いは資料に書かれていないため、"
    "補助の対象期間を確かめてください。",
    "A grant for fiscal year {year} ({start} to {end}), but '{name}' {state_en}. The seeds do not say how a "
    "part year is funded: check the period the grant covers.",
    SOURCE_004_GRANT + "（年度の途中の指定について定めはない）",
    "fiscal_year: 2025   # 拠点の指定は 2025-07-01")

_STATES = {
    "part": ("年度の一部の期間だけ指定されています", "was designated for part of the year only"),
    "unknown": ("記録の日付からは年度の初めから指定されていたか分かりません",
                "may not have been designated from the start of the year (its dates cannot tell)"),
    "pending": ("まだ指定されていません", "is not designated yet"),
}


def check(grant, registry):
    found = in_force(grant, registry)
    if found is None or found[3] not in _STATES:
        return
    record, year, (start, end), state = found
    d = record.designation
    ja, en = _STATES[state]
    if state == "part" and d.designated_on is not None and d.designated_on.first() > start:
        ja, en = ja + f"（指定日 {d.designated_on.iso()}）", en + f" (designated on {d.designated_on.iso()})"
    elif state == "part" and d.withdrawn_on is not None:
        ja, en = ja + f"（取消し {d.withdrawn_on.isoformat()}）", en + f" (withdrawn on {d.withdrawn_on.isoformat()})"
    yield Report(("fiscal_year",), {"year": year, "start": start.isoformat(), "end": end.isoformat(),
                                    "name": str(record.get("name") or record.id), "state": ja, "state_en": en})
