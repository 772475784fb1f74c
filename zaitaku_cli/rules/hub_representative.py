"""A hub of a type that is a group (Kumamoto's 連携型, seed 003: 「代表する医療機関等を定め、申請する
ものとする」) marks exactly one implementing body `representative: true`; a type that is not a group
marks none. Whether a type needs one is prefecture.yaml `hub.types[].representative`."""

from zaitaku_cli.rules.base import SOURCE_003, Report, rule_entry

TARGET = ("hub",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "hub-representative", "error", "代表する医療機関等", "Representative body",
    "{problem}",
    "{problem_en}",
    SOURCE_003 + " 1 (4):［連携型］「代表する医療機関等を定め、申請するものとする。」",
    "type: renkei  # representative: true の実施主体がない")


def check(hub, registry):
    spec = registry.scheme.types_of("hub").get(hub.get("type"))
    if spec is None:
        return
    bodies = hub.get("implementing_bodies") or []
    marked = [i for i, b in enumerate(bodies) if b.get("representative") is True]
    if spec.representative and not marked:
        yield Report(("implementing_bodies",) if bodies else ("type",), {
            "problem": f"{spec.label}では、実施主体のうち代表する医療機関等1つに representative: true を書いてください。",
            "problem_en": f"A {spec.label_en} needs exactly one implementing body marked representative: true."})
    for i in marked[1:] if spec.representative else marked:
        yield Report(("implementing_bodies", i, "representative"), {
            "problem": ("代表（representative: true）は1つだけです。" if spec.representative
                        else f"{spec.label}には代表（representative）を書きません。"),
            "problem_en": ("Only one body may be the representative." if spec.representative
                           else f"A {spec.label_en} has no representative.")})
