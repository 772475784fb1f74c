"""A hub is either a zone's (it lists at least one zone) or of the prefecture-wide tier
(`tier: prefecture`, listing no zone), and the prefecture-wide tier exists only where
prefecture.yaml `hub.prefecture_wide` defines it (Kumamoto's 県在宅医療サポートセンター, seed 003;
Niigata's 県医師会 centre, seed 001)."""

from zaitaku_cli.rules.base import SOURCE_003, Report, rule_entry, terms

TARGET = ("hub",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "hub-tier", "error", "拠点の区分", "Hub tier",
    "{problem}",
    "{problem_en}",
    SOURCE_003 + " 1 (2):「県在宅医療サポートセンター」「地域在宅医療サポートセンター」",
    "tier: prefecture  # prefecture.yaml に hub.prefecture_wide がない")


def check(hub, registry):
    zones = hub.get("zones") or []
    if not hub.prefecture_wide:
        if not zones:
            yield Report(("zones",), {
                "problem": f"担当する{terms(registry)['zone']}（zones）を1つ以上書いてください。",
                "problem_en": f"List at least one {terms(registry, 'en')['zone']} under `zones`."})
        return
    wide = registry.scheme.prefecture_wide
    if wide is None:
        yield Report(("tier",), {
            "problem": f"{registry.scheme.name}の制度には都道府県全域の{terms(registry)['hub']}がありません（prefecture.yaml の hub.prefecture_wide）。",
            "problem_en": f"The scheme of {registry.scheme.name} has no prefecture-wide tier (prefecture.yaml hub.prefecture_wide)."})
    elif zones:
        yield Report(("zones",), {
            "problem": f"{wide['label']}は都道府県全域を担当するため、zones は書きません（空の一覧にしてください）。",
            "problem_en": f"A {wide.get('label_en') or wide['label']} covers the whole prefecture: leave `zones` empty."})
