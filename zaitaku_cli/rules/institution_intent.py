"""A designated institution has stated its intent (意向) to be listed in the medical plan."""

from zaitaku_cli.rules.base import SOURCE_001, Report, rule_entry, status

TARGET = ("institution",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "institution-intent", "error", "意向", "Intent",
    "医療計画に位置付けられ公表されることについての意向（intent）が true ではありません（{value}）。意向のない医療機関は指定できません。",
    "intent is not true ({value}); an institution without the intent to be listed cannot be designated.",
    SOURCE_001 + " 4 選定要件:「北海道医療計画に位置付けられ公表されることについて意向があり」",
    "intent: false")


def check(record, registry):
    if status(record) == "designated" and record.get("intent") is not True:
        value = record.get("intent")
        yield Report(("intent",), {"value": "null" if value is None else str(value).lower()})
