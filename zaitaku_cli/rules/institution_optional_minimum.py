"""A designated institution meets at least `optional_minimum` optional requirements.

Hokkaido asks for none (④⑤ are 任意要件); Kumamoto's scheme (seed 003) asks for at least one
任意項目. The number comes from prefecture.yaml."""

from zaitaku_cli.rules._requirements import met
from zaitaku_cli.rules.base import Report, rule_entry, status

TARGET = ("institution",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "institution-optional-minimum", "error", "任意要件の数", "Optional requirements",
    "任意要件（{items}）のうち少なくとも{minimum}つを満たす必要がありますが、満たしているのは{count}つです。",
    "At least {minimum} of the optional requirements ({items}) must be met; {count} are.",
    "prefecture.yaml institution.optional_minimum; seed 003「任意項目からは 1 項目以上を選択するものとする」",
    "(optional_minimum: 1 で requirements の任意要件がすべて false)")


def check(record, registry):
    minimum = registry.scheme.optional_minimum
    if status(record) != "designated" or minimum <= 0:
        return
    optional = [i for i in registry.scheme.requirements if not i.mandatory]
    requirements = record.get("requirements") or {}
    count = sum(1 for i in optional if met(requirements, i.id) is True)
    if count < minimum:
        yield Report(("requirements",), {"items": "".join(i.mark for i in optional), "minimum": minimum, "count": count})
