"""Each zone a hub covers exists (a file `zones/<id>.yaml`)."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("hub",)
ENTRY = rule_entry(
    "hub-zone", "error", "拠点の在宅医療圏", "Hub zone",
    "{t_zone}「{zone}」がありません（zones/{zone}.yaml がありません）。",
    "There is no {t_zone_en} '{zone}' (no zones/{zone}.yaml).",
    "DESIGN §4: each zone it covers exists", "zones: [nowhere]")


def check(hub, registry):
    for i, zone in enumerate(hub.zones):
        if zone not in registry.zones:
            yield Report(("zones", i), {"zone": zone})
