"""Linked institutions and nursing stations name a municipality of the prefecture (the tables
print them as 名称（市町村）)."""

from zaitaku_cli.model import linked_items
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "linked-municipality", "error", "連携先の市町村", "Linked municipality",
    "{list}の「{name}」の市町村コード「{code}」は {prefecture} の市町村にありません。",
    "The municipality code '{code}' of '{name}' in {key} is not a municipality of {prefecture}.",
    "seed 001 一覧表: 連携している医療機関「〇〇医院（森町）」", "linked_institutions: [{name: A, municipality: \"019999\"}]")

_LISTS = {"linked_institutions": "連携している医療機関", "linked_nursing_stations": "連携している訪問看護事業所"}


def check(record, registry):
    for key, i, item in linked_items(record.data):
        code = item.get("municipality")
        if code is not None and code not in registry.municipalities:
            yield Report((key, i, "municipality"), {"list": _LISTS[key], "key": key, "name": item.get("name"),
                                                     "code": code, "prefecture": registry.scheme.name})
