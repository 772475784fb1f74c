"""An institution's kind is one of the scheme's kinds (prefecture.yaml `institution.kinds`; the
national four when it names none), and a designated institution is of an eligible kind
(`institution.eligible_kinds`). Hokkaido: 在宅療養支援診療所 (`zaitaku_clinic`), 在宅療養支援病院
(`zaitaku_hospital`) or a medical institution that makes home visits (`home_visit_provider`);
`other` can be recorded but not designated. Kumamoto (seed 003) adds 在宅療養後方支援病院 and
地域包括ケア病棟を有する医療機関."""

import difflib

from zaitaku_cli.rules.base import SOURCE_001, Report, rule_entry, status

TARGET = ("institution",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "institution-kind", "error", "選定対象の種別", "Eligible kind",
    "{problem}",
    "{problem_en}",
    SOURCE_001 + " 3 選定対象:「在宅医療圏ごとに、在宅療養支援診療所及び在宅療養支援病院、訪問診療を実施する医療機関を選定」",
    "kind: other")


def check(record, registry):
    scheme = registry.scheme
    kind = record.get("kind")
    if kind is not None and kind not in scheme.kinds:
        allowed = ", ".join(f"{k}（{label}）" for k, (label, _) in scheme.kinds.items())
        close = difflib.get_close_matches(kind, list(scheme.kinds), n=1)
        yield Report(("kind",), {
            "problem": f"種別「{kind}」はありません。" + (f"「{close[0]}」の書き間違いではありませんか。" if close else "")
                       + f"使える種別: {allowed}",
            "problem_en": f"There is no kind '{kind}'. " + (f"Did you mean '{close[0]}'? " if close else "")
                          + f"Allowed: {allowed}"})
        return
    eligible = scheme.eligible_kinds
    if status(record) == "designated" and kind not in eligible:
        shown = "、".join(f"{k}（{scheme.kind_label(k) or k}）" for k in eligible)
        yield Report(("kind",), {
            "problem": f"種別が「{kind or '不明（null）'}」の医療機関は指定できません。指定できる種別: {shown}",
            "problem_en": f"An institution of kind '{kind or 'unknown (null)'}' cannot be designated; eligible kinds: {', '.join(eligible)}"})
