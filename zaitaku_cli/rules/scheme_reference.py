"""What prefecture.yaml names must exist: every zone of `hub.count_rule.overrides` is a zone of the
registry (a misspelt id would silently leave that zone at the default count), every type of
`type_required` is defined, and every fiscal year of `target.per_year` lies within the target's
years (a year outside them is never shown)."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = "registry"
ENTRY = rule_entry(
    "scheme-reference", "error", "制度設定の参照先", "Scheme reference",
    "{problem}",
    "{problem_en}",
    "DESIGN §3 prefecture.yaml: the count rule per zone with overrides; targets per fiscal year",
    "hub: {count_rule: {per_zone: 1, overrides: {yatusiro: 2}}}")


def check(registry):
    scheme = registry.scheme
    for zone_id in (scheme.count_rule.get("overrides") or {}):
        if zone_id not in registry.zones:
            yield Report(("hub", "count_rule", "overrides", zone_id), {
                "problem": f"設置数を定めた圏域「{zone_id}」がありません（zones/{zone_id}.yaml がありません）。",
                "problem_en": f"The count override names zone '{zone_id}', which does not exist (no zones/{zone_id}.yaml)."},
                record=scheme, key=True)
    for kind in ("institution", "hub"):
        if scheme.type_required(kind) and not scheme.types_of(kind):
            yield Report((kind, "type_required"), {
                "problem": f"{kind}.type_required が true ですが、{kind}.types に類型がありません。",
                "problem_en": f"{kind}.type_required is true but {kind}.types defines no type."}, record=scheme)
    target = scheme.data.get("target") or {}
    first, last = target.get("first_fiscal_year"), target.get("last_fiscal_year")
    for i, entry in enumerate(target.get("per_year") or []):
        year = entry.get("fiscal_year")
        if isinstance(first, int) and isinstance(last, int) and not first <= year <= last:
            yield Report(("target", "per_year", i, "fiscal_year"), {
                "problem": f"{year}年度は目標の期間（{first}～{last}年度）の外です。",
                "problem_en": f"FY{year} lies outside the target's years (FY{first}–FY{last})."}, record=scheme)
