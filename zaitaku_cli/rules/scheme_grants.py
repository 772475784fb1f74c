"""The subsidy menus of prefecture.yaml (`grants.menus`) are consistent data: menu ids, category
ids and budget years are each unique (a grant's menu, an item's category and a year's budget
must name one thing); the body types a menu funds or caps (`eligible_bodies`,
`caps_by_body[].body_types`) are types of `hub.body_types`; an exclusion's expense type is one
of the menu's `expense_types` when it lists them; a rate is at most 10/10; a base amount
(`cap_basis: cost`) has a rate to apply; `cap` and `caps_by_body` are not both given (one would be
silently ignored). A misspelt id would otherwise make a rule
silently pass or fail every grant."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = "registry"
ENTRY = rule_entry(
    "scheme-grants", "error", "補助メニューの設定", "Subsidy menu settings",
    "{problem}",
    "{problem_en}",
    "DESIGN §3 prefecture.yaml: the scheme is data (issue 14: the menus are data)",
    "grants: {menus: [{id: hub-coordination, eligible_bodies: [medical_assoc]}]}")


def _duplicates(items, key):
    """(index, value) of each item whose `key` repeats an earlier item's."""
    seen = set()
    for i, item in enumerate(items or []):
        value = item.get(key) if isinstance(item, dict) else None
        if value is not None and value in seen:
            yield i, value
        seen.add(value)


def _menu_problems(menu, i, body_types):
    path = ("grants", "menus", i)
    for j, value in _duplicates(menu.get("categories"), "id"):
        yield path + ("categories", j, "id"), f"区分のID「{value}」が重複しています。", f"Category id '{value}' is repeated."
    for j, value in _duplicates(menu.get("budgets"), "fiscal_year"):
        yield (path + ("budgets", j, "fiscal_year"), f"{value}年度の予算が2つあります。",
               f"Fiscal year {value} has two budgets.")
    bodies = [(path + ("eligible_bodies", j), t) for j, t in enumerate(menu.get("eligible_bodies") or [])]
    for j, cap in enumerate(menu.get("caps_by_body") or []):
        bodies += [(path + ("caps_by_body", j, "body_types", k), t) for k, t in enumerate(cap.get("body_types") or [])]
    known = "、".join(body_types) or "（なし）"
    for where, value in bodies:
        if value not in body_types:
            yield (where, f"実施主体の種類「{value}」は hub.body_types にありません。使える種類: {known}",
                   f"Body type '{value}' is not in hub.body_types; known: {', '.join(body_types)}")
    rate = menu.get("rate")
    if isinstance(rate, dict) and isinstance(rate.get("numerator"), int) and isinstance(rate.get("denominator"), int) \
            and rate["numerator"] > rate["denominator"]:
        yield (path + ("rate", "numerator"), f"補助率 {rate['numerator']}/{rate['denominator']} が 10/10 を超えています。",
               f"The rate {rate['numerator']}/{rate['denominator']} is above 10/10.")
    if menu.get("cap_basis") == "cost" and not rate:
        yield (path + ("cap_basis",), "基準額（cap_basis: cost）には補助率（rate）が要ります（基準額 × 補助率が補助の上限）。",
               "A base amount (cap_basis: cost) needs a rate: the limit is the base amount × the rate.")
    if menu.get("caps_by_body") and menu.get("cap") is not None:
        yield (path + ("cap",), "cap と caps_by_body の両方があります。主体の種類ごとの上限額を使うなら cap は書きません。",
               "Both cap and caps_by_body are given; with caps by body type, leave cap out.")
    types = menu.get("expense_types")
    for j, ex in enumerate(menu.get("excluded_expenses") or []):
        if types and ex.get("expense_type") is not None and ex["expense_type"] not in types:
            yield (path + ("excluded_expenses", j, "expense_type"),
                   f"対象外の経費の種類「{ex['expense_type']}」はこのメニューの expense_types にありません。",
                   f"The excluded expense type '{ex['expense_type']}' is not among the menu's expense_types.")


def check(registry):
    scheme = registry.scheme
    menus = (scheme.data.get("grants") or {}).get("menus") or []
    for i, value in _duplicates(menus, "id"):
        yield Report(("grants", "menus", i, "id"), {"problem": f"補助メニューのID「{value}」が重複しています。",
                                                    "problem_en": f"Menu id '{value}' is repeated."}, record=scheme)
    body_types = list(scheme.body_types)
    for i, menu in enumerate(menus):
        for path, ja, en in _menu_problems(menu, i, body_types):
            yield Report(path, {"problem": ja, "problem_en": en}, record=scheme)
