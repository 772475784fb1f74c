"""The institution's municipality is a municipality of the prefecture and lies in its zone."""

from zaitaku_cli.rules.base import Report, rule_entry, terms

TARGET = ("institution",)
ENTRY = rule_entry(
    "institution-municipality", "error", "所在市町村", "Municipality",
    "{problem}", "{problem_en}",
    "DESIGN §4: the zone exists and contains the institution's municipality",
    "municipality: \"012068\"  # 釧路市, zone: muroran")


def check(record, registry):
    code = record.get("municipality")
    if code is None:
        return
    town = registry.municipalities.get(code)
    if town is None:
        yield Report(("municipality",), {
            "problem": f"市町村コード「{code}」は {registry.scheme.name} の市町村にありません（{registry.municipality_file}）。",
            "problem_en": f"Municipality code '{code}' is not a municipality of the prefecture ({registry.municipality_file})."})
        return
    zone = registry.zones.get(record.get("zone"))
    if zone is not None and zone.valid and code not in zone.get("municipalities", []):
        ja, en = terms(registry), terms(registry, "en")
        yield Report(("municipality",), {
            "problem": f"{town.name}（{code}）は{ja['zone']}「{zone.get('name')}」の{ja['municipalities']}ではありません。",
            "problem_en": f"{town.name} ({code}) is not in the {en['zone']} '{zone.id}'."})
