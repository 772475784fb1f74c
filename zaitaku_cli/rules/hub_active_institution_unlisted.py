"""A hub designated in a zone lists the zone's designated active-role institutions.

The hub table's column 積極的役割を担う医療機関 (seed 004: the 室蘭 hub lists 本輪西ファミリークリニック,
the institution designated in its zone) is made from the hub's `active_institutions`. An
institution designated in the zone but not listed there is missing from the published table,
which still says （調整中）: a warning at the hub's `active_institutions`, naming the ids to add.
Both are counted as of the date (`--as-of`)."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("hub",)
ENTRY = rule_entry(
    "hub-active-institution-unlisted", "warning", "連携する医療機関の記載漏れ", "Active institution not listed",
    "{zone}で{as_of}現在指定されている{t_institution}（{names}）が、この{t_hub}の active_institutions にありません。"
    "{t_hub}の指定状況の表の「{t_institution}」の欄に載せるには、active_institutions に {ids} を加えてください。",
    "The {t_institution_en}s designated in {zone} as of {as_of} ({names}) are not in this {t_hub_en}'s "
    "active_institutions; add {ids} to list them in the {t_hub_en} table.",
    "seed 004 在宅医療に必要な連携を担う拠点の指定状況: 積極的役割を担う医療機関 (the hub table's column)",
    "active_institutions: []   # 室蘭在宅医療圏で本輪西ファミリークリニックが指定済み")


def check(hub, registry):
    if not hub.designation or not hub.designation.counts_on(registry.as_of):
        return
    listed = set(hub.get("active_institutions") or [])
    designated = registry.designated_by_zone("institution")
    missing = [r for z in hub.zones for r in designated.get(z, []) if r.id not in listed]
    if not missing:
        return
    missing = list({r.id: r for r in missing}.values())
    zones = [registry.zones[z].get("name") or z for z in hub.zones if z in registry.zones]
    yield Report(("active_institutions",), {
        "zone": "・".join(zones) or "・".join(hub.zones), "as_of": registry.as_of.isoformat(),
        "names": "、".join(r.get("name") or r.id for r in missing), "ids": ", ".join(r.id for r in missing)}, key=True)
