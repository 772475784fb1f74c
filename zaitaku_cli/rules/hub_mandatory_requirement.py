"""A designated hub meets every mandatory requirement item of prefecture.yaml `hub.requirements`
(Kumamoto, seed 003: activity items (1)(2)(5)(7) 【必須項目】). A scheme without hub requirement
items (Hokkaido: `roles`) asks nothing here. False, unknown (null) or absent fails."""

from zaitaku_cli.rules._requirements import mandatory_unmet
from zaitaku_cli.rules.base import SOURCE_003, rule_entry

TARGET = ("hub",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "hub-mandatory-requirement", "error", "拠点の必須の要件", "Hub mandatory requirement",
    "{t_hub}の{t_mandatory}{mark}「{text}」を{state}。",
    "The {t_hub_en}'s {t_mandatory_en} {mark} ({id}) is {state_en}.",
    SOURCE_003 + " 3:「なお、 、 、 及び は必須項目、それ以外の項目は任意項目とし」",
    "requirements: {emergency_response: false}")


def check(hub, registry):
    return mandatory_unmet(hub, registry, "hub")
