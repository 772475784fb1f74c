"""The registry holds as many zones as the prefecture has (prefecture.yaml `zone_total`;
Hokkaido: 39)."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = "registry"
ENTRY = rule_entry(
    "zone-count", "warning", "在宅医療圏の数", "Number of zones",
    "{t_zone}は{total}圏域ありますが、登録されているのは{count}圏域です。",
    "The prefecture has {total} {t_zone_en_plural}; the registry holds {count}.",
    "seed 004:「医療計画で①在宅医療圏を39圏域とする」", "")


def check(registry):
    total = registry.scheme.zone_total
    if total and len(registry.zones) != total:
        yield Report(("zone_total",), {"total": total, "count": len(registry.zones)}, record=registry.scheme)
