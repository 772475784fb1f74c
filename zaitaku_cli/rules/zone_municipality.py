"""Every municipality of a zone exists in the reference table and belongs to the zone's
secondary area."""

from zaitaku_cli.rules.base import Report, rule_entry, terms

TARGET = ("zone",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "zone-municipality", "error", "構成市町村", "Zone municipality",
    "{problem}", "{problem_en}",
    "DESIGN §4 Zones: every municipality code exists in the reference table and belongs to the zone's secondary area",
    "municipalities: [\"012050\", \"012068\"]  # 釧路市 in 西胆振")


def check(zone, registry):
    area = zone.get("secondary_area")
    areas = registry.scheme.secondary_areas
    for i, code in enumerate(zone.get("municipalities") or []):
        town = registry.municipalities.get(code)
        if town is None:
            yield Report(("municipalities", i), {
                "problem": f"市町村コード「{code}」は参照表（{registry.municipality_file}）にありません。",
                "problem_en": f"Municipality code '{code}' is not in the reference table ({registry.municipality_file})."})
        elif area in areas and town.secondary_area != area:
            other = areas.get(town.secondary_area, {}).get("name", town.secondary_area)
            ja, en = terms(registry), terms(registry, "en")
            yield Report(("municipalities", i), {
                "problem": f"{town.name}（{code}）は{ja['secondary_area']}「{other}」の市町村で、この{ja['zone']}の"
                           f"{ja['secondary_area']}「{areas[area]['name']}」に属しません。",
                "problem_en": f"{town.name} ({code}) belongs to {en['secondary_area']} {town.secondary_area}, not {area}."})
