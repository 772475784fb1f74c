"""Every key under `requirements` is a requirement item of prefecture.yaml (a typo is caught)."""

import difflib

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "institution-requirement-id", "error", "要件の項目名", "Requirement id",
    "要件「{key}」は {prefecture} の要件にありません。{suggestion}使える項目: {allowed}",
    "'{key}' is not a requirement of {prefecture}. {suggestion_en}Allowed: {allowed}",
    "prefecture.yaml institution.requirements", "requirements: {after_hour_support: true}")


def check(record, registry):
    known = [i.id for i in registry.scheme.requirements]
    for key in record.get("requirements") or {}:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            yield Report(("requirements", key), {
                "key": key, "prefecture": registry.scheme.name, "allowed": ", ".join(known),
                "suggestion": f"「{close[0]}」の書き間違いではありませんか。" if close else "",
                "suggestion_en": f"Did you mean '{close[0]}'? " if close else ""}, key=True)
