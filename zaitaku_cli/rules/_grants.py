"""What the grant rules share: a grant's menu, its amounts as integer yen, and the sums the caps
and the rate are compared with.

Money is integer yen everywhere (issue 14: "no floats anywhere"). An amount written otherwise (a
float, a 千円 string) is grant-amount-yen's finding; the other rules leave it out of their sums
rather than guess what was meant. Rates are compared by cross-multiplying integers, so no
rounding ever happens: amount > eligible × n / d  ⇔  amount × d > eligible × n.
"""

from __future__ import annotations

from typing import NamedTuple

AMOUNTS = ("applied", "decided")  # the item fields that hold money, in the order of the procedure
WHICH = {"applied": ("申請額", "amount applied for"), "decided": ("交付決定額", "amount decided")}


def is_yen(value) -> bool:
    """An amount as the file must hold it: an integer (bool is not one), 0 or more."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def menu_of(grant, registry) -> dict | None:
    """The grant's menu (prefecture.yaml grants.menus item), or None when it is not known."""
    return registry.scheme.grant_menus.get(grant.get("menu"))


class Sum(NamedTuple):
    which: str  # "applied" | "decided"
    yen: int
    first: int  # index of the first item counted: where the finding points


def sums(items, which: str, category=None) -> Sum | None:
    """The total of `which` over the items (of one `category` when given), integer amounts only;
    None when no item of that kind writes one (e.g. nothing decided yet)."""
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


def which_params(which: str) -> dict:
    ja, en = WHICH[which]
    return {"which": ja, "which_en": en}
