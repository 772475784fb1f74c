"""A zone's health centre (`health_center`) is one of prefecture.yaml's `health_centers`: a
misspelt id would leave the zone out of its centre's tables (`--health-center`). A zone that
names none is not reported: where the sources do not say, the centre stays unknown."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("zone",)
SCOPE = "record"  # reads only the record and the scheme
ENTRY = rule_entry(
    "zone-health-center", "error", "保健所", "Health centre",
    "{t_health_center}「{id}」は prefecture.yaml の health_centers にありません（あるもの: {known}）。",
    "Health centre '{id}' is not in prefecture.yaml health_centers (known: {known_en}).",
    "seed 004「※指定前に、道本庁から保健所へ指定予定医療機関を共有」", "health_center: obihro")


def check(zone, registry):
    value = zone.get("health_center")
    centers = registry.scheme.health_centers
    if value is not None and value not in centers:
        listed = [f"{c.id}（{c.name}）" for c in centers.values()]
        yield Report(("health_center",), {"id": value, "known": "、".join(listed) or "なし",
                                          "known_en": ", ".join(c.id for c in centers.values()) or "none"})
