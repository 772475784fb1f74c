"""Municipalities of the prefecture that are in no zone are reported, one finding per secondary
area, at the first such municipality's line of the reference table. While the registry holds only
some of the prefecture's zones this is the honest account of what is missing."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = "registry"
ENTRY = rule_entry(
    "zone-coverage", "warning", "在宅医療圏のない市町村", "Municipalities in no zone",
    "{t_secondary_area}「{area}」の{count}市町村がどの{t_zone}にも属していません: {names}",
    "{count} municipalities of {t_secondary_area_en} {area_en} are in no {t_zone_en}: {names}",
    "DESIGN §4 Zones: a warning for prefecture municipalities in no zone", "")


def check(registry):
    covered = {code for z in registry.zones.values() if z.valid for code in z.get("municipalities", [])}
    by_area: dict[str, list] = {}
    for town in registry.municipalities.values():
        if town.code not in covered:
            by_area.setdefault(town.secondary_area, []).append(town)
    areas = registry.scheme.secondary_areas
    for code in sorted(by_area):
        towns = by_area[code]
        # a municipality whose secondary area is not filled in yet (a new `zaitaku init` registry)
        area = areas.get(code, {}).get("name", code)
        yield Report(params={"area": area or "（未記入）", "area_en": area or "(not filled in)", "count": len(towns),
                             "names": "、".join(t.name for t in towns)},
                     file=registry.municipality_file, line=towns[0].line)
