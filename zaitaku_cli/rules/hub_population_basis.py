"""When the population for the counting day is not in the registry, the hub rules use the latest
earlier figures; this note says which, so that the judgement can be reviewed when the data
arrive (add reference/population-YYYY-01-01.csv and list it in prefecture.yaml)."""

from zaitaku_cli.rules._population import judgements
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("hub",)
ENTRY = rule_entry(
    "hub-population-basis", "info", "人口の基準日", "Population date",
    "{on}現在の人口データがないため、{basis}現在の人口（{zone}: {total}人）で判定しました。",
    "No population figures for {on}; judged with those of {basis} ({zone}: {total}).",
    "seed 004 ２ 設置数:「各年１月１日現在の人口」", "")


def check(hub, registry):
    for i, judgement, _ in judgements(registry, hub):
        if judgement.total is not None and judgement.basis != judgement.on:
            yield Report(("zones", i), judgement.params)
