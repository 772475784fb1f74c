"""A designated hub meets at least prefecture.yaml `hub.optional_minimum` of its optional
requirement items (Kumamoto, seed 003: at least one 任意項目)."""

from zaitaku_cli.rules._requirements import optional_short
from zaitaku_cli.rules.base import SOURCE_003, rule_entry

TARGET = ("hub",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "hub-optional-minimum", "error", "拠点の任意の要件の数", "Hub optional requirements",
    "{t_optional}（{items}）のうち少なくとも{minimum}つを満たす必要がありますが、満たしているのは{count}つです。",
    "At least {minimum} of the {t_optional_en_plural} ({items}) must be met; {count} are.",
    SOURCE_003 + " 3:「任意項目からは 1 項目以上を選択するものとする」",
    "(hub.optional_minimum: 1 で requirements の任意の項目がすべて false)")


def check(hub, registry):
    return optional_short(hub, registry, "hub")
