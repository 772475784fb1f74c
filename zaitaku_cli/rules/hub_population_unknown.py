"""Where the hub rules need a zone's population and it is not known (no figure for some
municipality, or no data on or before the counting day), the tool says so instead of guessing."""

from zaitaku_cli.rules._population import judgements
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("hub",)
ENTRY = rule_entry(
    "hub-population-unknown", "warning", "人口が不明", "Population unknown",
    "{t_zone}「{zone}」の{on}現在の人口が分からないため、{t_hub}の設置数・基幹拠点の条件（{threshold}人超）を判定できません（人口のない市町村: {missing}）。",
    "The population of {t_zone_en} '{zone}' on {on} is not known, so the hub-count and core-hub conditions (over {threshold}) cannot be judged (no figure for: {missing}).",
    "registry/reference/README.md: Missing population means unknown, not zero", "")


def check(hub, registry):
    for i, judgement, _ in judgements(registry, hub):
        if judgement.over is None:
            names = [registry.municipalities[c].name if c in registry.municipalities else c for c in judgement.missing]
            yield Report(("zones", i), {**judgement.params, "missing": "、".join(names) or "すべて"})
