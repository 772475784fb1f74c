"""Every amount of a grant is integer yen: officers write 千円 in tables, the file holds yen
(issue 14 「Money is integer yen in the file」). A float (2092.5) or a text ("2,092千円") is
reported with the integer it most likely means, never converted silently."""

import re
import unicodedata

from zaitaku_cli.money import AMOUNTS, WHICH, is_yen
from zaitaku_cli.rules.base import SOURCE_004_GRANT, Report, rule_entry

TARGET = ("grant",)
SCOPE = "record"
ENTRY = rule_entry(
    "grant-amount-yen", "error", "金額は円単位の整数", "Amounts in whole yen",
    "{field}の「{text}」は0以上の円単位の整数ではありません。{hint}",
    "{field_en} '{text}' is not a whole number of yen (0 or more). {hint_en}",
    SOURCE_004_GRANT + "（表の金額は千円単位：「4,012千円」）",
    "items: [{category: office, expense_type: 旅費, applied: 2,092千円}]")

_THOUSANDS = re.compile(r"^([0-9][0-9,]*)(?:\.([0-9]{1,3}))?千円$")
_YEN = re.compile(r"^([0-9][0-9,]*)円?$")


def _hint(value) -> tuple[str, str]:
    """What to write instead, when the integer meant is certain; else how to write it."""
    if isinstance(value, bool):
        return "true・false ではなく円単位の整数で書いてください。", "Write whole yen, not true/false."
    if isinstance(value, int):  # only a negative amount reaches here
        return "金額に負の数は書けません。", "An amount cannot be negative."
    if isinstance(value, float):
        if value.is_integer() and value >= 0:  # yen, or a 千円 figure: say both, never guess
            yen = int(value)
            return (f"小数点を付けずに書いてください（円なら {yen}、千円の数なら {yen * 1000}）。",
                    f"Write it without a decimal point ({yen} if it is yen, {yen * 1000} if it is 千円).")
        return ("円未満の端数は書けません。円単位の整数で書いてください（資料が千円単位なら 1000 を掛ける）。",
                "No fractions of a yen: write whole yen (a 千円 figure times 1000).")
    text = "".join(unicodedata.normalize("NFKC", str(value)).split())
    if m := _THOUSANDS.match(text):
        yen = int(m.group(1).replace(",", "")) * 1000 + int((m.group(2) or "0").ljust(3, "0"))
        return f"千円の表記は円に直して {yen} と書いてください。", f"Write 千円 amounts in yen: {yen}."
    if m := _YEN.match(text):
        yen = int(m.group(1).replace(",", ""))
        if str(value) == str(yen):
            return f"引用符を外して {yen} と書いてください（文字ではなく数として書く）。", f"Remove the quotes: {yen}."
        return f"区切りや「円」を付けずに {yen} と書いてください。", f"Write it without separators or 円: {yen}."
    return "円単位の整数で書いてください。例：2092000", "Write a whole number of yen, e.g. 2092000."


def _bad(value) -> bool:
    return value is not None and not is_yen(value)


def _names(path) -> tuple[str, str]:
    """("内訳（items）の2行目の申請額（applied）", "item 2's applied") for ("items", 1, "applied")."""
    if path[0] == "items":
        ja, en = WHICH[path[2]]
        return f"内訳（items）の{path[1] + 1}行目の{ja}（{path[2]}）", f"item {path[1] + 1}'s {path[2]} ({en})"
    return "補助対象経費（eligible_cost）", "eligible_cost"


def check(grant, registry):
    fields = [(("eligible_cost",), grant.get("eligible_cost"))]
    for i, item in enumerate(grant.get("items") or []):
        if isinstance(item, dict):
            fields += [(("items", i, which), item.get(which)) for which in AMOUNTS]
    for path, value in fields:
        if _bad(value):
            hint, hint_en = _hint(value)
            name, name_en = _names(path)
            yield Report(path, {"field": name, "field_en": name_en, "text": str(value), "hint": hint, "hint_en": hint_en})
