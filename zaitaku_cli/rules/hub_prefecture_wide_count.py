"""At most prefecture.yaml `hub.prefecture_wide.max` prefecture-wide hubs are designated at one
time (Kumamoto: one 県在宅医療サポートセンター, 熊本県医師会, seed 003). The later-designated one is
reported, as hub-count does for zones."""

from zaitaku_cli.rules.base import SOURCE_003, Report, rule_entry

TARGET = ("hub",)
ENTRY = rule_entry(
    "hub-prefecture-wide-count", "error", "都道府県全域の拠点の数", "Prefecture-wide hubs",
    "{label}は同時に{max}か所までですが、この指定の日に既に指定済みの{label}（{others}）があります。",
    "At most {max} {label_en} may be designated at one time; {others} already was when this one was designated.",
    SOURCE_003 + " 1 (4):【県在宅医療サポートセンター】熊本県医師会",
    "(tier: prefecture の拠点が2つ指定済み、max: 1)")


def _ever(registry) -> list:
    hubs = [h for h in registry.hubs.values() if h.valid and h.prefecture_wide and h.designation
            and h.designation.status in ("designated", "withdrawn") and h.designation.effective is not None]
    return sorted(hubs, key=lambda h: (h.designation.effective, h.id))


def check(hub, registry):
    wide = registry.scheme.prefecture_wide
    d = hub.designation
    if not hub.prefecture_wide or not wide or wide.get("max") is None or d is None or d.effective is None \
            or d.status not in ("designated", "withdrawn"):
        return
    earlier = []
    for other in registry.memo("prefecture-wide-ever", lambda: _ever(registry)):
        if other is hub:
            break
        if other.designation.withdrawn_on is None or other.designation.withdrawn_on > d.effective:
            earlier.append(other.get("name") or other.id)
    if len(earlier) >= wide["max"]:
        yield Report(("tier",), {"label": wide["label"], "label_en": wide.get("label_en") or wide["label"],
                                 "max": wide["max"], "others": "、".join(earlier)})
