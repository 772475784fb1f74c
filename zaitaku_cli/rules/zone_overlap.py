"""No municipality belongs to two zones. The zone later in id order is reported."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("zone",)
ENTRY = rule_entry(
    "zone-overlap", "error", "市町村の重複", "Municipality in two zones",
    "{name}（{code}）は{t_zone}「{other}」にも含まれています。1つの市町村は1つの{t_zone}にだけ属します。",
    "{name} ({code}) is also in {t_zone_en} '{other}'; a municipality belongs to one {t_zone_en} only.",
    "DESIGN §4 Zones: no municipality in two zones", "")


def _first_zone(registry):
    """municipality code -> the first zone (in id order) that lists it."""
    index = {}
    for zone in sorted(registry.zones.values(), key=lambda z: z.id):
        if zone.valid:
            for code in zone.get("municipalities", []):
                index.setdefault(code, zone.id)
    return index


def check(zone, registry):
    first = registry.memo("first-zone", lambda: _first_zone(registry))
    for i, code in enumerate(zone.get("municipalities") or []):
        other = first.get(code)
        if other is not None and other != zone.id:
            town = registry.municipalities.get(code)
            other_zone = registry.zones[other]
            yield Report(("municipalities", i), {"name": town.name if town else code, "code": code,
                                                 "other": other_zone.get("name") or other})
