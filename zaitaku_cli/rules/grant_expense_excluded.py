"""An item the menu excludes although its expense type is funded (seed 004 「需用費（会食に要する
経費を除く。）」): its `label` contains one of the exclusion's words (prefecture.yaml
grants.menus[].excluded_expenses[].words) and, when the exclusion names one, its expense type
is that one."""

from zaitaku_cli.rules._grants import menu_words, menu_of
from zaitaku_cli.rules.base import SOURCE_004_GRANT, Report, rule_entry

TARGET = ("grant",)
SCOPE = "record"
ENTRY = rule_entry(
    "grant-expense-excluded", "error", "対象外の経費", "Excluded expense",
    "「{text}」は{excluded}にあたり、メニュー{menu}の補助の対象外です（「{word}」を含む）。",
    "'{text}' is {excluded}, which the menu {menu_en} does not fund (it contains '{word}').",
    SOURCE_004_GRANT + "「需用費（会食に要する経費を除く。）」",
    "items: [{category: office, expense_type: 需用費, label: 研修後の会食, applied: 30000}]")


def _matching(item, exclusions):
    text = item.get("label") or ""
    for ex in exclusions:
        if ex.get("expense_type") not in (None, item.get("expense_type")):
            continue
        word = next((w for w in ex.get("words") or [] if w in text), None)
        if word:
            return ex, word
    return None


def check(grant, registry):
    menu = menu_of(grant, registry)
    exclusions = (menu or {}).get("excluded_expenses") or []
    for i, item in enumerate(grant.get("items") or []):
        found = _matching(item, exclusions) if isinstance(item, dict) and exclusions else None
        if found:
            ex, word = found
            yield Report(("items", i, "label"), {"text": item["label"], "excluded": ex["label"], "word": word,
                                                 **menu_words(menu)})
