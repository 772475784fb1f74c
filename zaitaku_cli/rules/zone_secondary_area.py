"""A zone's secondary area is one of prefecture.yaml's `secondary_areas` (its tertiary area
follows from it)."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("zone",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "zone-secondary-area", "error", "二次医療圏", "Secondary area",
    "{t_secondary_area}コード「{code}」は prefecture.yaml の secondary_areas にありません。",
    "Secondary area code '{code}' is not in prefecture.yaml secondary_areas.",
    "DESIGN §3 zone: secondary_area", "secondary_area: \"0199\"")


def check(zone, registry):
    if zone.get("secondary_area") not in registry.scheme.secondary_areas:
        yield Report(("secondary_area",), {"code": zone.get("secondary_area")})
