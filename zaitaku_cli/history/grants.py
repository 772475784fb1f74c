"""Grant records (registry/grants/, issue 14) as history compares them: their items aligned
between two revisions, their name in a diff, and their field changes.

An item is identified by its category, expense type and label (ItemKey). The items of two
revisions are aligned as a text diff aligns lines (difflib on the keys): an item inserted or
removed does not make every later item look changed. Items with the same key in an equal block
are the same item (their amounts are compared one by one); items of a replaced block are paired
in order (the whole item old → new, like a step of designation.steps).

A diff shows a grant's fields as data (`fiscal_year`, `body.name`, `route.type`, dates in ISO),
its items as `items[i]` (added, removed or replaced: the whole item) or `items[i].applied` /
`items[i].decided` (the amount old → new, integer yen as written). `sources` and `note` are not
compared, as for the other records.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import NamedTuple

from zaitaku_cli.dates import DateError, parse_date
from zaitaku_cli.model import menu_label
from zaitaku_cli.money import AMOUNTS, fiscal_year_label

GRANT_DATES = ("applied_on", "decided_on", "settled_on")
NOT_COMPARED = ("id", "sources", "note")
# Field order of a grant in a diff: the schema's order (items by index among them).
FIELD_ORDER = ("fiscal_year", "menu", "hub", "institution", "body", "municipality", "route", "items",
               "eligible_cost", "applied_on", "decided_on", "settled_on", "corrections")
# What an added or deleted grant shows besides its items.
SUMMARY_FIELDS = ("eligible_cost", "decided_on", "settled_on")


class ItemKey(NamedTuple):
    category: object
    expense_type: object
    label: object  # None when the item has no label

    def as_dict(self) -> dict:
        return {"category": self.category, "expense_type": self.expense_type, "label": self.label}


def item_key(item) -> ItemKey:
    """The identity of an item (anything not a mapping has none: all its parts None)."""
    if not isinstance(item, dict):
        return ItemKey(None, None, None)
    return ItemKey(item.get("category"), item.get("expense_type"), item.get("label"))


def items_of(data) -> list:
    items = data.get("items") if isinstance(data, dict) else None
    return items if isinstance(items, list) else []


class Pair(NamedTuple):
    old: int | None  # index in the old items (None: added)
    new: int | None  # index in the new items (None: removed)
    same: bool  # the same key on both sides (an item kept; its amounts may differ)


def align(old_items: list, new_items: list) -> list[Pair]:
    """Every item of both lists once, paired: equal keys in equal blocks (same), a replaced block's
    items in order (not same), the rest alone. In the order of the new list, removed items where
    they stood."""
    keys = [[repr(item_key(i)) for i in side] for side in (old_items, new_items)]
    out = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys[0], keys[1], autojunk=False).get_opcodes():
        for k in range(max(i2 - i1, j2 - j1)):
            a = i1 + k if i1 + k < i2 else None
            b = j1 + k if j1 + k < j2 else None
            out.append(Pair(a, b, tag == "equal"))
    return out


def _iso(value):
    """A grant date as ISO when it reads as one, else as written."""
    if value is None:
        return None
    try:
        return parse_date(value).isoformat()
    except (DateError, TypeError, ValueError):
        return value


def flatten(data) -> dict[str, object]:
    """Leaf path -> value of a grant, items left out (item_changes compares them)."""
    from zaitaku_cli.history.compare import add_leaves  # compare imports this module

    out: dict[str, object] = {}
    for key, value in (data if isinstance(data, dict) else {}).items():
        if key not in NOT_COMPARED and key != "items":
            add_leaves(out, _iso(value) if key in GRANT_DATES else value, key)
    return out


def item_value(item):
    """An item as a diff shows it whole: its key and amounts (nothing else is an item's fact)."""
    if not isinstance(item, dict):
        return item
    return {k: item[k] for k in ("category", "expense_type", "label", *AMOUNTS) if item.get(k) is not None}


def item_changes(old_data, new_data):
    """(path, old, new, item key) per item change: `items[j].applied|decided` for an item kept
    whose amount differs, `items[i]` for an item added, removed or replaced (its index in the new
    list; in the old one when removed)."""
    old, new = items_of(old_data), items_of(new_data)
    out = []
    for pair in align(old, new):
        a = old[pair.old] if pair.old is not None else None
        b = new[pair.new] if pair.new is not None else None
        if pair.same:
            for which in AMOUNTS:
                before = a.get(which) if isinstance(a, dict) else None
                after = b.get(which) if isinstance(b, dict) else None
                if before != after:
                    out.append((f"items[{pair.new}].{which}", before, after, item_key(b)))
        elif a != b:
            index = pair.new if b is not None else pair.old
            out.append((f"items[{index}]", item_value(a), item_value(b), item_key(b if b is not None else a)))
    return out


def _order(path: str) -> tuple:
    """FIELD_ORDER, then the item's index (a stable sort keeps the written order within a field)."""
    name, _, index = path.split(".")[0].partition("[")
    rank = FIELD_ORDER.index(name) if name in FIELD_ORDER else len(FIELD_ORDER)
    return rank, int(index.rstrip("]") or 0)


def field_changes(old_data, new_data) -> list[tuple[str, object, object, ItemKey | None]]:
    """(path, old, new, item key or None) for every difference, in FIELD_ORDER; the leaves of a
    mapping (route.type, route.municipality) as the new record writes them, then the old one's."""
    old, new = flatten(old_data), flatten(new_data)
    paths = list(new) + [p for p in old if p not in new]
    out = [(p, old.get(p), new.get(p), None) for p in paths if old.get(p) != new.get(p)]
    out += item_changes(old_data, new_data)
    return sorted(out, key=lambda change: _order(change[0]))


def summary(data, deleted: bool) -> list[tuple[str, object, object, ItemKey | None]]:
    """What an added (deleted) grant shows: each item whole, then SUMMARY_FIELDS."""
    flat = flatten(data)
    rows = [(f"items[{i}]", item_value(item), item_key(item)) for i, item in enumerate(items_of(data))]
    rows += [(p, flat[p], None) for p in SUMMARY_FIELDS if p in flat]
    return [(path, value, None, key) if deleted else (path, None, value, key) for path, value, key in rows]


def fiscal_year_text(year, lang: str) -> str:
    """令和7年度 / FY2025; a year that is not an integer as written."""
    if not isinstance(year, int) or isinstance(year, bool):
        return "" if year is None else str(year)
    return fiscal_year_label(year, lang)


def funded_name(data, registry) -> str:
    """Who the grant funds: the hub's or institution's name (its id when not found), else the
    body's name, else the municipality's name (its code when not known); "" when none is written."""
    for kind, folder in (("hub", "hubs"), ("institution", "institutions")):
        ref = data.get(kind)
        if isinstance(ref, str) and ref:
            record = registry.records(kind).get(ref) if registry is not None else None
            name = record.data.get("name") if record is not None and isinstance(record.data, dict) else None
            return name if isinstance(name, str) and name else ref
    body = data.get("body")
    if isinstance(body, dict) and isinstance(body.get("name"), str) and body["name"]:
        return body["name"]
    code = data.get("municipality")
    if isinstance(code, str) and code:
        town = registry.municipalities.get(code) if registry is not None else None
        return town.name if town is not None else code
    return ""


def grant_name(record, registry, lang: str = "ja") -> str:
    """A grant's name in a diff: menu label (fiscal year, whom it funds), as
    「在宅医療に必要な連携を担う拠点」に対する補助（令和7年度・室蘭拠点）; in English with the menu's
    label_en, "… (FY2025, 室蘭拠点)". The menu id when the scheme does not know it; the record id
    when nothing is written."""
    data = record.data if isinstance(record.data, dict) else {}
    menu_id = data.get("menu")
    menu = registry.scheme.grant_menus.get(menu_id) if registry is not None and isinstance(menu_id, str) else None
    label = menu_label(menu, lang) or menu_id
    parts = [p for p in (fiscal_year_text(data.get("fiscal_year"), lang), funded_name(data, registry)) if p]
    if not isinstance(label, str) or not label:
        return record.id
    if not parts:
        return label
    return f"{label} ({', '.join(parts)})" if lang == "en" else f"{label}（{'・'.join(parts)}）"
