"""A designated institution meets at least `optional_minimum` optional requirements.

Hokkaido asks for none (④⑤ are 任意要件); Kumamoto's scheme (seed 003) asks for at least one
任意項目. The number comes from prefecture.yaml."""

from zaitaku_cli.rules._requirements import optional_short
from zaitaku_cli.rules.base import rule_entry

TARGET = ("institution",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "institution-optional-minimum", "error", "任意要件の数", "Optional requirements",
    "{t_optional}（{items}）のうち少なくとも{minimum}つを満たす必要がありますが、満たしているのは{count}つです。",
    "At least {minimum} of the {t_optional_en_plural} ({items}) must be met; {count} are.",
    "prefecture.yaml institution.optional_minimum; seed 003「任意項目からは 1 項目以上を選択するものとする」",
    "(optional_minimum: 1 で requirements の任意要件がすべて false)")


def check(record, registry):
    return optional_short(record, registry, "institution")
