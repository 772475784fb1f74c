"""An institution whose municipality is not recorded is reported: the tables name institutions
as 名称（市町村）."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "institution-municipality-missing", "warning", "所在市町村が不明", "Municipality unknown",
    "所在市町村（municipality）が記録されていません。一覧表の「名称（市町村）」に必要です。",
    "The municipality is not recorded; the tables need it for 名称（市町村）.",
    "seed 001 一覧表: 医療機関名「〇〇訪問診療クリニック（函館市）」", "municipality: null")


def check(record, registry):
    if record.get("municipality") is None:
        yield Report(("municipality",))
