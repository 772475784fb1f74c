"""A record's `type` is a designation type of its kind in prefecture.yaml (`<kind>.types`;
Kumamoto, seed 003: 基幹型 `kikan`, 連携型 `renkei`), and a designated record names one where the
scheme says `type_required`. A scheme without types refuses a `type`. The types are those of a
zone's hub (seed 003: 基幹型・連携型 are kinds of 地域在宅医療サポートセンター): the prefecture-wide tier
needs none."""

from zaitaku_cli.rules.base import SOURCE_003, Report, rule_entry, status

TARGET = ("institution", "hub")
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "designation-type", "error", "指定の類型", "Designation type",
    "{problem}",
    "{problem_en}",
    SOURCE_003 + " 1 (4) 指定先の考え方:［基幹型］［連携型］",
    "type: rennkei")


def check(record, registry):
    types = registry.scheme.types_of(record.kind)
    value = record.get("type")
    allowed = "、".join(f"{t.id}（{t.label}）" for t in types.values())
    if value is None:
        if types and registry.scheme.type_required(record.kind) and status(record) == "designated" \
                and not (record.kind == "hub" and record.prefecture_wide):
            yield Report(("type",), {"problem": f"指定済みの記録には類型（type）が必要です。使える類型: {allowed}",
                                   "problem_en": f"A designated record needs a type; allowed: {allowed}"}, key=True)
    elif not types:
        yield Report(("type",), {"problem": f"{registry.scheme.name}の制度には類型がありません。type を削除してください。",
                                 "problem_en": f"The scheme of {registry.scheme.name} has no types; delete `type`."})
    elif value not in types:
        yield Report(("type",), {"problem": f"類型「{value}」はありません。使える類型: {allowed}",
                                 "problem_en": f"There is no type '{value}'; allowed: {allowed}"})
