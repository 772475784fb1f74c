"""The history rules of `zaitaku check --base REV` (DESIGN §4 History): losing a designation from
the registry is the one data loss this tool exists to prevent.

- history-designation-deleted: a record designated at the base (status designated, or withdrawn
  with a designation date) no longer exists. Located at the base's file, line 1.
- history-date-changed: designated_on, designated_by, withdrawn_on or health_center_shared_on differs from the base's value
  (compared as dates) with no matching entry in designation.corrections
  ({field, old = the base's value, date, reason}). Located at the changed value.
- history-designation-reverted: a record designated at the base is back to planned, coordinating
  or applied (a designation is withdrawn, never undone) without a correction of its date.
- history-steps-deleted (warning): a record that had steps at the base (in preparation, or
  declined) no longer exists: its steps rebuilt past tables. A record made by mistake may go.
  Located at the base's file, line 1.
- history-step-changed: a dated step of designation.steps at the base is gone, or its status or
  date changed (history/steps.py matches the steps in order), with no matching entry in
  designation.corrections ({field: steps, step = its status, old = its date or by, date, reason}).
  Located at the step now in its place, else at `steps` (removed).

- history-grant-decided-changed, history-grant-deleted: a grant's decided amounts and dates
  (history/grant_rules.py).

Two changes add precision and are not corrections: a month-only designated_on made exact within
the same month, and designated_by replaced by a designated_on on or before it (and the same for a
step's date and by). Steps added anywhere are never a finding. The catalogue
entries are catalogue.HISTORY_ENTRIES.
"""

from __future__ import annotations

from zaitaku_cli.dates import DateError, PartialDate, parse_date, parse_partial_date
from zaitaku_cli.findings import Finding, entry, format_path
from zaitaku_cli.history.compare import designation_block, parse_field_date, was_designated
from zaitaku_cli.history.grant_rules import grant_findings
from zaitaku_cli.history.steps import lost_steps, old_value, read_steps, same_step_date, step_text
from zaitaku_cli.model import PENDING, status_label
from zaitaku_cli.validate.partial import under

GUARDED_KINDS = ("institution", "hub")  # zones have no designation
GUARDED_DATES = ("designated_on", "designated_by", "withdrawn_on", "health_center_shared_on")
DATE_LABELS = {"designated_on": "指定年月日", "designated_by": "指定年月日の上限",
               "withdrawn_on": "指定取消・辞退年月日", "health_center_shared_on": "保健所への共有日"}
DELETIONS = ("history-designation-deleted", "history-steps-deleted", "history-grant-deleted")
KIND_LABELS_EN = {"institution": "active-role institution", "hub": "coordination hub"}


def _kind_label(registry, kind: str, lang: str = "ja") -> str:
    """The kind as the scheme names it: in Japanese its `title` (else its word in `terms`), in
    English its word in `terms_en`; the national names otherwise."""
    data = registry.scheme.data if registry is not None else {}
    words = data.get("terms_en" if lang == "en" else "terms")
    own = words.get(kind) if isinstance(words, dict) else None
    own = own if isinstance(own, str) and own else None
    if lang == "en":
        return own or KIND_LABELS_EN[kind]
    title = (data.get(kind) or {}).get("title")
    return title or own or {"institution": "積極的役割を担う医療機関", "hub": "連携を担う拠点"}[kind]


def _show(value) -> str:
    if value is None:
        return ""
    return value.iso() if isinstance(value, PartialDate) else value.isoformat()


def _fix(key: str, old: str) -> tuple[str, str]:
    return (f"{{field: {key}, old: {old}, date: 訂正した日, reason: 理由}}",
            f"{{field: {key}, old: {old}, date: <day of the correction>, reason: <why>}}")


def _same_date(key: str, text, base) -> bool:
    """`text` (a correction's old value) is the date `base`, as parsed dates."""
    try:
        value = parse_partial_date(text) if key == "designated_on" else parse_date(text)
    except DateError:
        return False
    return value == base


def _correction(block: dict, key: str, base) -> tuple[bool, str, str]:
    """(a correction explains the change of `key` from `base`, hint ja, hint en)."""
    hints = []
    for item in block.get("corrections") or []:
        if not isinstance(item, dict) or item.get("field") != key:
            continue
        # The correction's own date is not judged here: the ordinary check parses it (date-invalid
        # at its line); a correction with the right old value and a reason explains the change.
        old_ok = _same_date(key, item.get("old"), base)
        reason_ok = isinstance(item.get("reason"), str) and item["reason"].strip() != ""
        if old_ok and reason_ok:
            return True, "", ""
        if not old_ok:
            hints.append((f"corrections の old「{item.get('old')}」は基準の値「{_show(base)}」と一致しません。",
                          f"The correction's old '{item.get('old')}' is not the base's value '{_show(base)}'."))
        else:
            hints.append(("corrections の reason（理由）を書いてください。", "Write the correction's reason."))
    return False, " ".join(h[0] for h in hints), " ".join(h[1] for h in hints)


def _refined(key: str, base, now, block_now: dict) -> bool:
    """The new value only adds precision to the base's (not a correction)."""
    if key == "designated_on" and isinstance(base, PartialDate) and base.day is None and now is not None:
        return now.day is not None and (now.year, now.month) == (base.year, base.month)
    if key == "designated_by" and now is None:
        on = parse_field_date("designated_on", block_now.get("designated_on"))
        return on is not None and on.last() <= base
    return False


def _step_correction(block: dict, step) -> tuple[bool, str, str]:
    """(a correction explains the loss or change of base `step`, hint ja, hint en)."""
    hints = []
    for item in block.get("corrections") or []:
        if not isinstance(item, dict) or item.get("field") != "steps" or item.get("step") not in (None, step.status):
            continue
        reason_ok = isinstance(item.get("reason"), str) and item["reason"].strip() != ""
        if item.get("step") is None:
            hints.append((f"corrections に step（訂正した段階: {step.status}）を書いてください。",
                          f"Write the correction's step ({step.status})."))
        elif not same_step_date(item.get("old"), step):
            hints.append((f"corrections の old「{item.get('old')}」は基準の段階の日付「{old_value(step)}」と一致しません。",
                          f"The correction's old '{item.get('old')}' is not the base step's date '{old_value(step)}'."))
        elif not reason_ok:
            hints.append(("corrections の reason（理由）を書いてください。", "Write the correction's reason."))
        else:
            return True, "", ""
    return False, " ".join(h[0] for h in hints), " ".join(h[1] for h in hints)


def _step_findings(new, before: dict, after: dict, base_label: str) -> list[Finding]:
    """history-step-changed for each dated base step that is not kept (history/steps.py)."""
    if under(("designation", "steps"), new.cuts):  # cut out now for its own fault: already a finding
        return []
    findings = []
    for step, now in lost_steps(read_steps(before), read_steps(after)):
        explained, hint, hint_en = _step_correction(after, step)
        if explained:
            continue
        old = old_value(step)
        path = ("designation", "steps", now.index) if now is not None else ("designation", "steps")
        findings.append(_at(new, path, "history-step-changed", {
            "number": step.index + 1, "base": base_label, "old": step_text(step), "old_en": step_text(step, "en"),
            "new": step_text(now) or "（削除）", "new_en": step_text(now, "en") or "(removed)",
            "fix": f"{{field: steps, step: {step.status}, old: {old}, date: 訂正した日, reason: 理由}}",
            "fix_en": f"{{field: steps, step: {step.status}, old: {old}, date: <day of the correction>, reason: <why>}}",
            "hint": hint, "hint_en": hint_en}))
    return findings


def _at(record, path, code, params) -> Finding:
    line, column, _ = record.doc.locate(path)
    return Finding(code, entry(code).severity, record.rel, line, column, format_path(path), params)


def _record_findings(old, new, base_label: str) -> list[Finding]:
    if new.doc.value is None:  # unreadable now: the ordinary check reports the file
        return []
    before, after = designation_block(old.data), designation_block(new.data)
    if not after or after == before:  # no block (a schema finding), or nothing in it changed: nothing lost
        return []
    findings = []
    skip = set()
    if was_designated(old.data) and after.get("status") in PENDING:
        key = "designated_on" if before.get("designated_on") is not None else "designated_by"
        base = parse_field_date(key, before.get(key))
        if base is None or not _correction(after, key, base)[0]:
            status_ja, status_en = status_label(before["status"], "ja"), status_label(before["status"], "en")
            old_text = _show(base) or str(before.get(key))
            fix, fix_en = _fix(key, old_text)
            findings.append(_at(new, ("designation", "status"), "history-designation-reverted", {
                "base": base_label, "status": status_ja, "status_en": status_en,
                "new_status": after.get("status"), "key": key, "old": old_text, "fix": fix, "fix_en": fix_en}))
            skip = {"designated_on", "designated_by"}
    for key in GUARDED_DATES:
        if key in skip:
            continue
        base = parse_field_date(key, before.get(key))
        if base is None:  # nothing recorded (or unreadable) at the base: nothing to keep
            continue
        raw_now = after.get(key)
        now = parse_field_date(key, raw_now)
        if raw_now is not None and now is None:  # unreadable now: date-invalid reports it
            continue
        if now == base or _refined(key, base, now, after):
            continue
        explained, hint, hint_en = _correction(after, key, base)
        if explained:
            continue
        old_text = _show(base)
        fix, fix_en = _fix(key, old_text)
        findings.append(_at(new, ("designation", key), "history-date-changed", {
            "label": DATE_LABELS[key], "field": f"designation.{key}", "key": key, "base": base_label,
            "old": old_text, "new": _show(now) or "（削除）", "new_en": _show(now) or "(removed)",
            "fix": fix, "fix_en": fix_en, "hint": hint, "hint_en": hint_en}))
    return findings + _step_findings(new, before, after, base_label)


def history_findings(base, current, base_label: str) -> list[Finding]:
    """Findings for `current` (a Registry) against `base` (the Registry at the base revision, or
    None when it had no registry). `base_label` names the base revision in messages."""
    if base is None:
        return []
    findings: list[Finding] = []
    for kind in GUARDED_KINDS:
        now = current.records(kind)
        for record_id, old in sorted(base.records(kind).items()):
            if old.doc.value is None:
                continue
            new = now.get(record_id)
            if new is None:
                if was_designated(old.data):
                    status = designation_block(old.data)["status"]
                    status_ja, status_en = status_label(status, "ja"), status_label(status, "en")
                    name = old.data.get("name") or record_id
                    code = "history-designation-deleted"
                    findings.append(Finding(code, entry(code).severity, old.rel, 1, 1, "", {
                        "kind": _kind_label(base, kind), "kind_en": _kind_label(base, kind, "en"), "name": name,
                        "id": record_id, "base": base_label, "status": status_ja, "status_en": status_en}))
                elif old.designation is not None and old.designation.steps:
                    findings.append(_steps_deleted(base, kind, old, base_label))
                continue
            findings += _record_findings(old, new, base_label)
    return findings + grant_findings(base, current, base_label)


def _steps_deleted(base, kind: str, old, base_label: str) -> Finding:
    """history-steps-deleted: a record in preparation, with recorded steps, is gone."""
    steps = old.designation.steps
    shown = "、".join(status_label(s.status, "ja") for s in steps)
    shown_en = ", ".join(s.status for s in steps)
    code = "history-steps-deleted"
    return Finding(code, entry(code).severity, old.rel, 1, 1, "", {
        "kind": _kind_label(base, kind), "kind_en": _kind_label(base, kind, "en"),
        "name": old.data.get("name") or old.id, "id": old.id, "base": base_label, "steps": shown, "steps_en": shown_en})


def check_with_base(root, as_of, only, rev: str, today=None):
    """The ordinary check of the registry at `root` (check.check_registry), plus the history
    findings against `rev`. Raises load.git_source.RevisionError (exit 2) when the base cannot be read."""
    from zaitaku_cli.check import collector_off, load_checked
    from zaitaku_cli.findings import CheckResult
    from zaitaku_cli.history.revision import registry_at, resolve
    from zaitaku_cli.memo import RecordMemo

    # The base is read with the same dates as the check (its findings are not reported, and the
    # dates change no record's model): the files the two sides share are then checked once. The
    # working tree first: its files come from the cache when it is warm, and the base's same
    # files then from the memo.
    memo = RecordMemo()
    with collector_off():
        revision = resolve(root, rev)  # first: a bad revision fails fast
        current, result = load_checked(root, as_of, only, today=today, memo=memo)
        base, revision = registry_at(root, rev, as_of, today, memo, revision=revision)
        extra = history_findings(base, current, revision.label)
    unlisted = [f.file + "/" for f in result.findings if f.code == "folder-unreadable"]
    if unlisted:  # records in a folder that cannot be listed are not deleted: folder-unreadable says why
        extra = [f for f in extra if f.code not in DELETIONS or not f.file.startswith(tuple(unlisted))]
    if only is not None:
        extra = [f for f in extra if only(f.file)]
    findings = sorted(result.findings + extra, key=Finding.sort_key)
    return CheckResult(findings, result.files), revision
