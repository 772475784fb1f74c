"""Every key under a hub's `requirements` is an item of prefecture.yaml `hub.requirements`."""

from zaitaku_cli.rules._requirements import unknown_ids
from zaitaku_cli.rules.base import rule_entry

TARGET = ("hub",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "hub-requirement-id", "error", "拠点の要件の項目名", "Hub requirement id",
    "要件「{key}」は {prefecture} の{t_hub}の要件にありません。{suggestion}使える項目: {allowed}",
    "'{key}' is not {t_hub_en_a} requirement of {prefecture}. {suggestion_en}Allowed: {allowed}",
    "prefecture.yaml hub.requirements", "requirements: {emergency_responce: true}")


def check(hub, registry):
    return unknown_ids(hub, registry, "hub")
