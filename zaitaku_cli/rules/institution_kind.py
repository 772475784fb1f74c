"""A designated institution is of an eligible kind (prefecture.yaml `institution.eligible_kinds`).

Hokkaido: 在宅療養支援診療所 (`zaitaku_clinic`), 在宅療養支援病院 (`zaitaku_hospital`) or a
medical institution that makes home visits (`home_visit_provider`). `other`, or an unknown kind,
can be recorded but not designated."""

from zaitaku_cli.rules.base import SOURCE_001, Report, rule_entry, status

TARGET = ("institution",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "institution-kind", "error", "選定対象の種別", "Eligible kind",
    "種別が「{kind}」の医療機関は指定できません。指定できる種別: {eligible}",
    "An institution of kind '{kind}' cannot be designated; eligible kinds: {eligible}",
    SOURCE_001 + " 3 選定対象:「在宅医療圏ごとに、在宅療養支援診療所及び在宅療養支援病院、訪問診療を実施する医療機関を選定」",
    "kind: other")


def check(record, registry):
    eligible = registry.scheme.eligible_kinds
    if status(record) == "designated" and record.get("kind") not in eligible:
        yield Report(("kind",), {"kind": record.get("kind") or "不明（null）", "eligible": ", ".join(eligible)})
