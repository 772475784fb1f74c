"""Implementing and joint bodies are of a type the prefecture allows (prefecture.yaml
`hub.body_types`; Hokkaido: 郡市医師会、市町村、医療機関、訪問看護事業所、保健所)."""

from zaitaku_cli.rules.base import SOURCE_004, Report, rule_entry

TARGET = ("hub",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "hub-body-type", "error", "実施主体の種類", "Body type",
    "「{name}」の種類「{type}」は使えません。使える種類: {allowed}",
    "The type '{type}' of '{name}' is not allowed; allowed: {allowed}",
    SOURCE_004 + " １ 実施主体:「郡市医師会、市町村、医療機関、訪問看護事業所又は保健所」",
    "implementing_bodies: [{name: X, type: company}]")


def check(hub, registry):
    types = registry.scheme.body_types
    allowed = ", ".join(f"{k}（{v}）" for k, v in types.items())
    for key in ("implementing_bodies", "joint_bodies"):
        for i, body in enumerate(hub.get(key) or []):
            if body.get("type") not in types:
                yield Report((key, i, "type"), {"name": body.get("name"), "type": body.get("type"), "allowed": allowed})
