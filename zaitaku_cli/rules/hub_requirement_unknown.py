"""A designated hub whose optional requirement items are unknown is reported, so that an empty
cell is not mistaken for "not met"."""

from zaitaku_cli.rules._requirements import optional_unknown
from zaitaku_cli.rules.base import rule_entry

TARGET = ("hub",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "hub-requirement-unknown", "warning", "拠点の要件の充足が不明", "Hub requirement unknown",
    "{t_optional}{mark}「{column}」を満たしているか不明です。分かり次第 true か false を記録してください。",
    "Whether {t_optional_en} {mark} ({id}) is met is unknown; record true or false when known.",
    "DESIGN: an unknown stays unknown (and the tool says so)", "requirements: {daily_care: null}")


def check(hub, registry):
    return optional_unknown(hub, registry, "hub")
