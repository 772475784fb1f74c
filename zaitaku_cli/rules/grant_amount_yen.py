"""Every amount of a grant is integer yen: officers write 千円 in tables, the file holds yen
(issue 14 「Money is integer yen in the file」). A float (2092.5) or a text ("2,092千円") is
reported with the integer it most likely means, never converted silently."""

import re

from zaitaku_cli.money import AMOUNTS, is_yen
from zaitaku_cli.rules.base import SOURCE_004_GRANT, Report, rule_entry

TARGET = ("grant",)
SCOPE = "record"
ENTRY = rule_entry(
    "grant-amount-yen", "error", "金額は円単位の整数", "Amounts in whole yen",
    "{field} の「{text}」は円単位の整数ではありません。{hint}",
    "{field_en} '{text}' is not a whole number of yen. {hint_en}",
    SOURCE_004_GRANT + "（表の金額は千円単位：「4,012千円」）",
    "items: [{category: office, expense_type: 旅費, applied: 2,092千円}]")

_THOUSANDS = re.compile(r"^\s*([0-9][0-9,]*)\s*千円\s*$")
_YEN = re.compile(r"^\s*([0-9][0-9,]*)\s*円?\s*$")


def _hint(value) -> tuple[str, str]:
    """What to write instead, when the integer meant is certain; else how to write it."""
    text = str(value)
    if isinstance(value, str) and (m := _THOUSANDS.match(text)):
        yen = int(m.group(1).replace(",", "")) * 1000
        return f"千円の表記は円に直して {yen} と書いてください。", f"Write 千円 amounts in yen: {yen}."
    if isinstance(value, str) and (m := _YEN.match(text)):
        yen = int(m.group(1).replace(",", ""))
        return f"区切りや「円」を付けずに {yen} と書いてください。", f"Write it without separators or 円: {yen}."
    if isinstance(value, float):
        return ("小数は使えません。円未満の端数が出ない円単位の整数で書いてください（資料が千円単位なら 1000 を掛ける）。",
                "No decimals: write whole yen (multiply a 千円 figure by 1000).")
    return "円単位の整数で書いてください。例：2092000", "Write a whole number of yen, e.g. 2092000."


def _bad(value) -> bool:
    return value is not None and not is_yen(value)


def check(grant, registry):
    fields = [(("eligible_cost",), grant.get("eligible_cost"))]
    for i, item in enumerate(grant.get("items") or []):
        if isinstance(item, dict):
            fields += [(("items", i, which), item.get(which)) for which in AMOUNTS]
    for path, value in fields:
        if _bad(value):
            hint, hint_en = _hint(value)
            name = ".".join(str(p) for p in path)
            yield Report(path, {"field": name, "field_en": name, "text": str(value), "hint": hint, "hint_en": hint_en})
