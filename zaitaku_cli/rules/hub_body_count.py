"""A hub has at least as many implementing bodies as its type asks (prefecture.yaml
`hub.types[].min_bodies`; Kumamoto's 連携型 is a group: 「複数医療機関等のグループ」, seed 003)."""

from zaitaku_cli.rules.base import SOURCE_003, Report, rule_entry

TARGET = ("hub",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "hub-body-count", "error", "実施主体の数", "Number of bodies",
    "{type}の{t_hub}には実施主体が{minimum}つ以上必要ですが、{count}つです。",
    "A {type_en} {t_hub_en} needs at least {minimum} implementing bodies; it has {count}.",
    SOURCE_003 + " 1 (4):［連携型］「複数医療機関等のグループ」",
    "type: renkei\nimplementing_bodies: [{name: A, type: medical_institution, representative: true}]")


def check(hub, registry):
    spec = registry.scheme.types_of("hub").get(hub.get("type"))
    count = len(hub.get("implementing_bodies") or [])
    if spec is not None and count < spec.min_bodies:
        yield Report(("implementing_bodies",) if count else ("type",), {
            "type": spec.label, "type_en": spec.label_en, "minimum": spec.min_bodies, "count": count})
