"""A designated active-role institution is listed by a hub designated in its zone.

The hub table's column 積極的役割を担う医療機関 (seed 004: the 室蘭 hub lists 本輪西ファミリークリニック,
the institution designated in its zone) is made from the hubs' `active_institutions`. An
institution designated in a zone whose designated hubs (one, or several where the count rule allows:
熊本・上益城) list it nowhere is missing from the published table, which still says （調整中）: a
warning at the institution's `zone`, naming the hub files where it may be added. Both are counted
as of the date (`--as-of`)."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution",)
ENTRY = rule_entry(
    "hub-active-institution-unlisted", "warning", "連携する医療機関の記載漏れ", "Active institution not listed",
    "この{t_institution}は{as_of}現在指定されていますが、{zone}の{t_hub}（{hubs}）のどの active_institutions にも"
    "ありません。{t_hub}の指定状況の表の「{t_institution}」の欄に載せるには、連携する{t_hub}の active_institutions に"
    " {id} を加えてください。",
    "This {t_institution_en} is designated as of {as_of} but no {t_hub_en} of {zone} ({hubs}) lists it in "
    "active_institutions; add {id} to its {t_hub_en}'s active_institutions to list it in the {t_hub_en} table.",
    "seed 004 在宅医療に必要な連携を担う拠点の指定状況: 積極的役割を担う医療機関 (the hub table's column)",
    "active_institutions: []   # 室蘭在宅医療圏で本輪西ファミリークリニックが指定済み")


def check(institution, registry):
    if not institution.designation or not institution.designation.counts_on(registry.as_of):
        return
    zone_id = institution.get("zone")
    hubs = registry.designated_by_zone("hub").get(zone_id, [])
    if not hubs or any(institution.id in (h.get("active_institutions") or []) for h in hubs):
        return
    zone = registry.zones.get(zone_id)
    yield Report(("zone",), {
        "zone": (zone.get("name") if zone is not None else None) or zone_id, "as_of": registry.as_of.isoformat(),
        "hubs": "、".join(f"{h.get('name') or h.id}: {h.rel}" for h in hubs), "id": institution.id})
