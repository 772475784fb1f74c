"""The institution's zone exists (a file `zones/<id>.yaml`)."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution",)
ENTRY = rule_entry(
    "institution-zone", "error", "在宅医療圏", "Zone",
    "{t_zone}「{zone}」がありません（zones/{zone}.yaml がありません）。",
    "There is no {t_zone_en} '{zone}' (no zones/{zone}.yaml).",
    "DESIGN §4: the zone exists and contains the institution's municipality", "zone: nowhere")


def check(record, registry):
    zone = record.get("zone")
    if zone not in registry.zones:
        yield Report(("zone",), {"zone": zone})
