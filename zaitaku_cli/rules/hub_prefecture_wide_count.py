"""At most prefecture.yaml `hub.prefecture_wide.max` prefecture-wide hubs are designated at one
time (Kumamoto: one 県在宅医療サポートセンター, 熊本県医師会, seed 003). The later-designated one is
reported, as hub-count does for zones."""

from zaitaku_cli.rules._population import in_force_before
from zaitaku_cli.rules.base import SOURCE_003, Report, rule_entry

TARGET = ("hub",)
ENTRY = rule_entry(
    "hub-prefecture-wide-count", "error", "都道府県全域の拠点の数", "Prefecture-wide hubs",
    "{label}は同時に{max}か所までですが、この指定の日に既に指定済みの{label}（{others}）があります。",
    "At most {max} {label_en} may be designated at one time; {others} already was when this one was designated.",
    SOURCE_003 + " 1 (4):【県在宅医療サポートセンター】熊本県医師会",
    "(tier: prefecture の拠点が2つ指定済み、max: 1)")


def check(hub, registry):
    wide = registry.scheme.prefecture_wide
    d = hub.designation
    if not hub.prefecture_wide or not wide or wide.get("max") is None or d is None or not d.ever_designated:
        return
    earlier = [other.get("name") or other.id for other in in_force_before(registry, hub, None)]
    if len(earlier) >= wide["max"]:
        yield Report(("tier",), {"label": wide["label"], "label_en": wide.get("label_en") or wide["label"],
                                 "max": wide["max"], "others": "、".join(earlier)})
