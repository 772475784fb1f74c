"""Every key under `requirements` is a requirement item of prefecture.yaml (a typo is caught)."""

from zaitaku_cli.rules._requirements import unknown_ids
from zaitaku_cli.rules.base import rule_entry

TARGET = ("institution",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "institution-requirement-id", "error", "要件の項目名", "Requirement id",
    "要件「{key}」は {prefecture} の要件にありません。{suggestion}使える項目: {allowed}",
    "'{key}' is not a requirement of {prefecture}. {suggestion_en}Allowed: {allowed}",
    "prefecture.yaml institution.requirements", "requirements: {after_hour_support: true}")


def check(record, registry):
    return unknown_ids(record, registry, "institution")
