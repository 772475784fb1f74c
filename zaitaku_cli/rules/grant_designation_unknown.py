"""A grant's `hub` / `institution` is a record of the registry (the designation it funds)."""

from zaitaku_cli.rules._grants import FUNDED
from zaitaku_cli.rules.base import SOURCE_004_GRANT, Report, rule_entry

TARGET = ("grant",)
ENTRY = rule_entry(
    "grant-designation-unknown", "error", "補助の対象", "Funded designation",
    "補助の対象「{id}」は registry/{folder}/ にありません。",
    "The funded {kind_en} '{id}' is not in registry/{folder}/.",
    SOURCE_004_GRANT + "「※道が「北海道在宅医療連携拠点設置要綱」に基づき指定した機関に限る」",
    "hub: tokachii")

def check(grant, registry):
    for key, folder in FUNDED:
        value = grant.get(key)
        if isinstance(value, str) and value not in registry.records(key):
            yield Report((key,), {"id": value, "folder": folder, "kind_en": key})
