"""Core and area hubs (基幹拠点・区域拠点) only in zones whose population on 1 January of the
designation year exceeds the threshold."""

from zaitaku_cli.rules._population import judgements
from zaitaku_cli.rules.base import SOURCE_004, Report, rule_entry

TARGET = ("hub",)
ENTRY = rule_entry(
    "hub-core-area", "error", "基幹拠点・区域拠点", "Core and area hubs",
    "{core_rule}。",
    "{core_rule_en}.",
    SOURCE_004 + "「基幹拠点及び区域拠点：人口が10万人を超える在宅医療圏においては…基幹拠点と…区域拠点を設けることができる。」",
    "core_hub: 伊達市医師会  # 人口10万人以下の在宅医療圏（伊達市 31,822人）")


def check(hub, registry):
    if not (hub.get("core_hub") or hub.get("area_hubs")):
        return
    for i, judgement, _ in judgements(registry, hub):
        if judgement.over is False:
            key = "core_hub" if hub.get("core_hub") else "area_hubs"
            yield Report((key,), judgement.params)
