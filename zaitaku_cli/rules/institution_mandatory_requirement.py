"""A designated institution meets every mandatory requirement (Hokkaido: ①②③).

The items, their marks and texts come from prefecture.yaml (`institution.requirements` with
`mandatory: true`). A requirement that is false, unknown (null) or absent fails."""

from zaitaku_cli.rules._requirements import mandatory_unmet
from zaitaku_cli.rules.base import SOURCE_001, rule_entry

TARGET = ("institution",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "institution-mandatory-requirement", "error", "必須要件", "Mandatory requirement",
    "{t_mandatory}{mark}「{text}」を{state}。",
    "Mandatory requirement {mark} ({id}) is {state_en}.",
    SOURCE_001 + " 4 選定要件:「必須要件である①～③を満たす」",
    "requirements: {after_hours_support: false}")


def check(record, registry):
    return mandatory_unmet(record, registry, "institution")
