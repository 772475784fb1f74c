"""A designated hub has a name and at least one implementing body: the hub table prints both."""

from zaitaku_cli.rules.base import SOURCE_004, Report, rule_entry, status, terms

TARGET = ("hub",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "hub-designated-fields", "error", "指定済み拠点の記載", "Designated hub fields",
    "指定済みの{t_hub}には{field}が必要です。", "A designated {t_hub_en} needs {field_en}.",
    SOURCE_004 + " 指定状況の表: 拠点の名称、実施主体", "name: null")


def check(hub, registry):
    if status(hub) != "designated":
        return
    if not hub.get("name"):
        yield Report(("name",), {"field": f"{terms(registry)['hub']}の名称（name）", "field_en": "a name"})
    if not hub.get("implementing_bodies"):
        yield Report(("implementing_bodies",), {"field": "実施主体（implementing_bodies）", "field_en": "an implementing body"})
