"""A designated institution whose optional requirements are unknown is reported, so that the
table's empty cell is not mistaken for "not met"."""

from zaitaku_cli.rules._requirements import optional_unknown
from zaitaku_cli.rules.base import rule_entry

TARGET = ("institution",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "institution-requirement-unknown", "warning", "要件の充足が不明", "Requirement unknown",
    "{t_optional}{mark}「{column}」を満たしているか不明です。分かり次第 true か false を記録してください。",
    "Whether {t_optional_en} {mark} ({id}) is met is unknown; record true or false when known.",
    "DESIGN: an unknown stays unknown (and the tool says so)", "requirements: {training: null}")


def check(record, registry):
    return optional_unknown(record, registry, "institution")
