"""A designated institution meets every mandatory requirement (Hokkaido: ①②③).

The items, their marks and texts come from prefecture.yaml (`institution.requirements` with
`mandatory: true`). A requirement that is false, unknown (null) or absent fails."""

from zaitaku_cli.rules._requirements import MISSING, met
from zaitaku_cli.rules.base import SOURCE_001, Report, rule_entry, status

TARGET = ("institution",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "institution-mandatory-requirement", "error", "必須要件", "Mandatory requirement",
    "必須要件{mark}「{text}」を{state}。",
    "Mandatory requirement {mark} ({id}) is {state_en}.",
    SOURCE_001 + " 4 選定要件:「必須要件である①～③を満たす」",
    "requirements: {after_hours_support: false}")

_STATE = {False: ("満たしていません", "not met"), None: ("満たしているか不明です（null）", "unknown (null)"),
          MISSING: ("満たしているか記録されていません", "not recorded")}


def check(record, registry):
    if status(record) != "designated":
        return
    requirements = record.get("requirements") or {}
    for item in registry.scheme.requirements:
        value = met(requirements, item.id)
        if item.mandatory and value is not True:
            state, state_en = _STATE.get(value, _STATE[False])
            path = ("requirements", item.id) if value is not MISSING else ("requirements",)
            yield Report(path, {"mark": item.mark, "text": item.text, "id": item.id,
                                "state": state, "state_en": state_en})
