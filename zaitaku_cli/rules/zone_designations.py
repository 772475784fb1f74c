"""Each zone needs at least one designated hub and one designated active-role institution (as of
the date): the plan must list both in every zone."""

from zaitaku_cli.rules.base import Report, rule_entry, terms

TARGET = ("zone",)
ENTRY = rule_entry(
    "zone-designations", "warning", "在宅医療圏の指定状況", "Zone designations",
    "{t_zone}「{zone}」には{as_of}現在、指定済みの{missing}がありません。",
    "Zone '{zone}' has no designated {missing_en} as of {as_of}.",
    "registry/reference/README.md: listing both designations in the plan is mandatory, at least one of each per zone", "")


def check(zone, registry):
    as_of = registry.as_of
    has_hub = zone.id in registry.designated_by_zone("hub")
    has_inst = zone.id in registry.designated_by_zone("institution")
    ja, en = terms(registry), terms(registry, "en")
    missing = [(ja[key], en[key]) for ok, key in ((has_hub, "hub"), (has_inst, "institution")) if not ok]
    if missing:
        yield Report(("id",), {"zone": zone.get("name") or zone.id, "as_of": as_of.isoformat(),
                               "missing": "・".join(m[0] for m in missing), "missing_en": " or ".join(m[1] for m in missing)})
