"""Money and fiscal years, for grants (issue 14) and every table and rule that shows them.

Money is integer yen everywhere: in the files, in sums, in comparisons ("no floats anywhere").
A rate is a fraction of integers and is applied by cross-multiplying, so nothing is rounded:
amount > cost × n / d  ⇔  amount × d > cost × n. Tables show 千円 as the officers write them,
converted exactly (920,500円 is 920.5千円, never a rounded 921).

A fiscal year (年度) N runs from N-04-01 to (N+1)-03-31; it is written as the western year N
(令和7年度 = 2025).
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

AMOUNTS = ("applied", "decided")  # the item fields that hold money, in the order of the procedure
WHICH = {"applied": ("申請額", "amount applied for"), "decided": ("交付決定額", "amount decided")}


def is_yen(value) -> bool:
    """An amount as a file must hold it: an integer (bool is not one), 0 or more."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


class Sum(NamedTuple):
    which: str  # "applied" | "decided"
    yen: int
    first: int  # index of the first item counted: where a finding points


def sums(items, which: str, category=None) -> Sum | None:
    """The total of `which` over a grant's items (of one `category` when given), integer amounts
    only; None when no such item writes one (e.g. nothing decided yet)."""
    total, first = 0, None
    for i, item in enumerate(items or []):
        if not isinstance(item, dict) or category is not None and item.get("category") != category:
            continue
        value = item.get(which)
        if is_yen(value):
            total += value
            first = i if first is None else first
    return None if first is None else Sum(which, total, first)


def yen(amount: int) -> str:
    """2092000 -> '2,092,000円（2,092千円）' when a whole number of 千円, else '2,092,001円'."""
    text = f"{amount:,}円"
    return f"{text}（{amount // 1000:,}千円）" if amount % 1000 == 0 else text


def yen_en(amount: int) -> str:
    return f"¥{amount:,}"


def thousands(amount: int) -> str:
    """Integer yen as a 千円 figure, exactly: 2092000 -> '2,092'; 920500 -> '920.5'; -6000 -> '-6'."""
    sign, amount = ("-", -amount) if amount < 0 else ("", amount)
    whole, rest = divmod(amount, 1000)
    return f"{sign}{whole:,}" + (f".{rest:03d}".rstrip("0") if rest else "")


def fiscal_year_of(day: datetime.date) -> int:
    """The fiscal year a day falls in: 2025-03-31 -> 2024, 2025-04-01 -> 2025."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_label(year: int, lang: str = "ja") -> str:
    """令和7年度 (FY2025 in English); 1900年度 for a year before 昭和, which has no era form here."""
    from zaitaku_cli.dates import DateError, to_era

    if lang == "en":
        return f"FY{year}"
    try:
        era = to_era(datetime.date(year, 5, 1))  # May: FY2019 is 令和元年度, as it is usually written
    except (DateError, ValueError, OverflowError):
        return f"{year}年度"
    return era[: era.index("年") + 1] + "度"


def fiscal_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of fiscal year `year`: 2025 -> (2025-04-01, 2026-03-31)."""
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def which_params(which: str) -> dict:
    """Message parameters naming an amount field: {"which": 申請額, "which_en": ...}."""
    ja, en = WHICH[which]
    return {"which": ja, "which_en": en}
