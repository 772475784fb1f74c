"""The same cost is not funded twice (seed 004: 「市町村事業との棲み分けが困難な面もあるが、最低限、
補助金二重取りとならないよう留意」): within one fiscal year, two grants that reach the same body —
two prefecture grants of different menus, or a prefecture grant and the municipality's
在宅医療・介護連携推進事業 recorded as a grant of a menu with `funder: municipality` — do not both
claim an item of the same content (`label`, compared after NFKC and without spaces). The expense
types are not compared: the municipality books a commission as 委託料 what the body books as
報償費 or 賃金.

The same body is the funded hub or institution, or a body of the same name (its legal form aside:
（公社）, 一般社団法人 …). Grants that fund different hubs or institutions fund different work, even
when one body runs both. A prefecture grant is reported at its item, naming the other grant; of
two prefecture grants, the one later in id order. Two grants of the same menu, recipient and year
are grant-duplicate's. Items without a label cannot be compared: grant-shared-recipient points at
those pairs instead."""

from __future__ import annotations

import unicodedata

from zaitaku_cli.money import is_yen
from zaitaku_cli.rules._grants import bodies, fiscal_year, funded, grant_words, menu_of, name_key, recipient
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("grant",)
SOURCE = ("seed 004 北海道医療計画等における在宅医療の体制整備「市町村事業との棲み分けが困難な面もあるが、最低限、"
          "補助金二重取りとならないよう留意」")
ENTRY = rule_entry(
    "grant-double-funding", "error", "補助金の二重取り", "Double funding",
    "{year}年度の「{label}」（{expense_type}）は{other}（{other_file}）にも計上されています（{other_type}）。"
    "同じ経費を2つの財源で受けることはできません。",
    "'{label}' ({expense_type}) in fiscal year {year} is also claimed in {other_en} ({other_file}, {other_type}); "
    "the same cost cannot be funded twice.",
    SOURCE,
    "items: [{category: office, expense_type: 報償費, label: 協議参加者への謝金, applied: 500000}]   "
    "# 市町村の在宅医療・介護連携推進事業にも同じ謝金")


def funder(grant, registry) -> str:
    return (menu_of(grant, registry) or {}).get("funder") or "prefecture"


def recipients(grant, registry) -> set[str]:
    """Keys of who receives the money: the funded record and the bodies' names (once per grant)."""
    return registry.memo(("grant-recipients", grant.id), lambda: _recipients(grant, registry))


def _recipients(grant, registry) -> set[str]:
    key, record = funded(grant, registry)
    keys = {f"{key}:{record.id}"} if record is not None else set()
    return keys | {f"name:{name_key(b['name'])}" for b in bodies(grant, registry) if b.get("name")}


def cost_key(item) -> str | None:
    """An item's content as compared between grants; None without a label or an amount."""
    label = item.get("label") if isinstance(item, dict) else None
    if not isinstance(label, str) or not label.strip() or not any(is_yen(item.get(w)) for w in ("applied", "decided")):
        return None
    return "".join(unicodedata.normalize("NFKC", label).split())


def by_recipient(registry) -> dict[tuple[int, str], list]:
    """(fiscal year, recipient key) -> the valid grants of that year reaching it, in id order:
    an index, so that finding a grant's partners does not compare every pair of grants."""
    def compute():
        out: dict[tuple[int, str], list] = {}
        for grant in sorted(registry.grants.values(), key=lambda g: g.id):
            year = fiscal_year(grant)
            if grant.valid and year is not None:
                for key in recipients(grant, registry):
                    out.setdefault((year, key), []).append(grant)
        return out
    return registry.memo("grants-by-recipient", compute)


def same_grant(grant, other, registry) -> bool:
    """Two records of one menu, recipient and year: one grant written twice (grant-duplicate)."""
    who = recipient(grant, registry)
    return grant.get("menu") == other.get("menu") and who is not None and who == recipient(other, registry)


def _same_work(grant, other, registry) -> bool:
    """Grants for different hubs or institutions fund different work, even when one body runs
    both (a 郡市医師会 may run two hubs); otherwise reaching the same body is enough — the
    municipality's 事業 commissioned to the body that runs the hub is the seed's case."""
    (_, mine), (_, theirs) = funded(grant, registry), funded(other, registry)
    return (mine is None or theirs is None or mine is theirs) and not same_grant(grant, other, registry)


def others(grant, registry) -> list:
    """The other grants of the same year that reach a body this grant reaches for other work
    of the same body, in id order."""
    def compute():
        index, year = by_recipient(registry), fiscal_year(grant)
        found = {g.id: g for key in recipients(grant, registry) for g in index.get((year, key), [])
                 if g is not grant and _same_work(grant, g, registry)}
        return [found[i] for i in sorted(found)]
    return registry.memo(("grant-others", grant.id), compute)  # asked by this rule and grant-shared-recipient


def _reported_here(grant, other, registry) -> bool:
    """Which of two grants carries the finding: the prefecture's; of two, the later id."""
    mine, theirs = funder(grant, registry), funder(other, registry)
    if mine != theirs:
        return mine == "prefecture"
    return mine == "prefecture" and grant.id > other.id


def check(grant, registry):
    if fiscal_year(grant) is None:
        return
    theirs = {}
    for other in (o for o in others(grant, registry) if _reported_here(grant, o, registry)):
        for item in other.get("items") or []:
            key = cost_key(item)
            if key is not None:
                theirs.setdefault(key, (other, item))
    for i, item in enumerate(grant.get("items") or []):
        key = cost_key(item)
        if key in theirs:
            other, their_item = theirs[key]
            ja, en = grant_words(other, registry)
            yield Report(("items", i, "label"), {"year": fiscal_year(grant), "label": item["label"],
                                                 "expense_type": str(item.get("expense_type")),
                                                 "other": ja, "other_en": en, "other_file": other.doc.rel,
                                                 "other_type": str(their_item.get("expense_type"))})
