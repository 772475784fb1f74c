"""At most one designated hub per zone, unless the zone's population on 1 January of the
designation year exceeds the threshold (Hokkaido: 100,000). The number per zone (`per_zone`, and
`overrides` per zone: Kumamoto, seed 003, 熊本・上益城 3 and 八代 2), the threshold and the counting
day come from prefecture.yaml `hub.count_rule`. The later-designated hub is reported. A hub of the
prefecture-wide tier is no zone's hub (hub-prefecture-wide-count limits those)."""

from zaitaku_cli.rules._population import in_force_before, judgements
from zaitaku_cli.rules.base import SOURCE_004, Report, rule_entry

TARGET = ("hub",)
ENTRY = rule_entry(
    "hub-count", "error", "拠点の設置数", "Hubs per zone",
    "{t_zone}「{zone}」にはこの{t_hub}の指定日に既に指定済みの{t_hub}（{others}）があります。{count_rule}。",
    "Zone '{zone}' already had a designated {t_hub_en} ({others}) when this one was designated; {count_rule_en}.",
    SOURCE_004 + " ２ 設置数:「在宅医療圏ごとに１か所設置することを原則とする。ただし、各年１月１日現在の人口が10万人を超える在宅医療圏においては、複数の拠点を設置できる」",
    "(人口10万人以下の在宅医療圏に指定済みの拠点が2つ)")


def check(hub, registry):
    for i, judgement, beyond in judgements(registry, hub):
        if beyond and judgement.over is False:
            zone_id = hub.zones[i]
            others = [h.get("name") or h.id for h in in_force_before(registry, hub, zone_id)]
            yield Report(("zones", i), {**judgement.params, "others": "、".join(others)})
