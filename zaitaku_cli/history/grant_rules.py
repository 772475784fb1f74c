"""The history rules of `zaitaku check --base REV` for grants (registry/grants/, issue 14): a
decided amount is the amount of a 交付決定 (an administrative decision, then an accounting fact),
so it is protected as a designation date is.

- history-grant-decided-changed: an item's decided amount (items[].decided), decided_on or
  settled_on that the base recorded is changed or removed now, with no matching entry in the
  grant's `corrections` ({field: decided, category, expense_type, label = the base item's,
  old = the base's amount in yen, date, reason}; {field: decided_on | settled_on, old = the base's
  date, date, reason}). Located at the amount now (the item now in the base item's place when its
  identity changed; `items` when it was removed), at the date now (the record when removed).
- history-grant-deleted: a grant that had a decided amount or a decided_on at the base no longer
  exists (located at the base's file, line 1). An error, not a warning like history-steps-deleted:
  steps are the way to a decision and a record made by mistake may go, whereas a grant decided was
  paid out and is audited; a decision cancelled (交付決定の取消) is recorded in place (decided: 0
  with a correction), never by deleting the record.

Items are matched as `zaitaku diff` matches them (history/grants.py align). A decided amount
filled in where the base had none, applied amounts (an application is revised before the
decision), dates other than decided_on and settled_on, and items added are never a finding. An
item whose label alone changed, with the same category, expense type and decided amount, is the
same item (a label is a description, not the decided fact). An amount or date written so that it
cannot be read now is the plain check's finding (grant-amount-yen, date-invalid), not a second one.
"""

from __future__ import annotations

from zaitaku_cli.dates import DateError, parse_date
from zaitaku_cli.findings import Finding, entry, format_path
from zaitaku_cli.history.grants import align, grant_name, item_key, items_of
from zaitaku_cli.money import is_yen, sums
from zaitaku_cli.validate.partial import under

GUARDED_GRANT_DATES = ("decided_on", "settled_on")
DATE_WHAT = {"decided_on": ("交付決定日（decided_on）", "decided_on"),
             "settled_on": ("額の確定日（settled_on）", "settled_on")}
REMOVED = ("（削除）", "(removed)")


def _date(value):
    """The date written, or None when none is written or it cannot be read."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except (DateError, TypeError, ValueError):
        return None


def _amount(value, lang: str) -> str:
    from zaitaku_cli.history.render import amount_text

    return amount_text(value, lang)


def _identity(item, scheme, menu_id, lang: str) -> str:
    from zaitaku_cli.history.render import grant_menu, item_text

    return item_text(item_key(item).as_dict(), grant_menu(scheme, menu_id), lang)


def _reason_ok(item: dict) -> bool:
    return isinstance(item.get("reason"), str) and item["reason"].strip() != ""


def _corrections(data) -> list[dict]:
    items = data.get("corrections") if isinstance(data, dict) else None
    return [c for c in items if isinstance(c, dict)] if isinstance(items, list) else []


def _explained(data, field: str, same_old, names=None) -> tuple[bool, str, str]:
    """(a correction of `field` whose old value passes `same_old` and that has a reason explains
    the change, hint ja, hint en). `names`: the base item's key, which the correction must name."""
    hints = []
    for item in _corrections(data):
        if item.get("field") != field:
            continue
        if names is not None and item_key(item) != names:
            continue
        if not same_old(item.get("old")):
            hints.append((f"corrections の old「{item.get('old')}」は基準の値と一致しません。",
                          f"The correction's old '{item.get('old')}' is not the base's value."))
        elif not _reason_ok(item):
            hints.append(("corrections の reason（理由）を書いてください。", "Write the correction's reason."))
        else:
            return True, "", ""
    return False, " ".join(h[0] for h in hints), " ".join(h[1] for h in hints)


def _fix(head: str, old) -> tuple[str, str]:
    return (f"{{{head}, old: {old}, date: 訂正した日, reason: 理由}}",
            f"{{{head}, old: {old}, date: <day of the correction>, reason: <why>}}")


def _item_fix_head(item) -> str:
    key = item_key(item)
    head = f"field: decided, category: {key.category}, expense_type: {key.expense_type}"
    return head + (f", label: {key.label}" if key.label is not None else "")


def _finding(record, path, params) -> Finding:
    code = "history-grant-decided-changed"
    line, column, _ = record.doc.locate(path)
    return Finding(code, entry(code).severity, record.rel, line, column, format_path(path), params)


def _kept(base_item, now_item, same: bool) -> bool:
    """`now_item` stands for `base_item`: the same key, or only its label changed."""
    if not isinstance(now_item, dict):
        return False
    if same:
        return True
    a, b = item_key(base_item), item_key(now_item)
    return (a.category, a.expense_type) == (b.category, b.expense_type) and now_item.get("decided") == base_item["decided"]


def _item_findings(old, new, base_label: str, scheme) -> list[Finding]:
    if under(("items",), new.cuts):  # cut out now for its own fault: already a finding
        return []
    menu_id = new.data.get("menu")
    before, after = items_of(old.data), items_of(new.data)
    findings = []
    for pair in align(before, after):
        base = before[pair.old] if pair.old is not None else None
        if not (isinstance(base, dict) and is_yen(base.get("decided"))):
            continue
        now = after[pair.new] if pair.new is not None else None
        if _kept(base, now, pair.same):
            value = now.get("decided")
            if value == base["decided"] and not isinstance(value, bool):
                continue
            if value is not None and not is_yen(value):  # grant-amount-yen reports it
                continue
            if under(("items", pair.new, "decided"), new.cuts):
                continue
            path = ("items", pair.new, "decided") if "decided" in now else ("items", pair.new)
            new_ja, new_en = (_amount(value, "ja"), _amount(value, "en")) if value is not None else REMOVED
        elif now is not None:  # another item in its place: the base item is gone from there
            path = ("items", pair.new)
            new_ja = f"「{_identity(now, scheme, menu_id, 'ja')}」{_amount(now.get('decided'), 'ja')}"
            new_en = f"{_identity(now, scheme, menu_id, 'en')}: {_amount(now.get('decided'), 'en')}"
        else:
            path, (new_ja, new_en) = ("items",), REMOVED
        explained, hint, hint_en = _explained(new.data, "decided", lambda v, b=base["decided"]: is_yen(v) and v == b,
                                              item_key(base))
        if explained:
            continue
        fix, fix_en = _fix(_item_fix_head(base), base["decided"])
        findings.append(_finding(new, path, {
            "what": f"経費の内訳「{_identity(base, scheme, menu_id, 'ja')}」の交付決定額",
            "what_en": f"The amount decided for {_identity(base, scheme, menu_id, 'en')}",
            "base": base_label, "old": _amount(base["decided"], "ja"), "old_en": _amount(base["decided"], "en"),
            "new": new_ja, "new_en": new_en, "fix": fix, "fix_en": fix_en, "hint": hint, "hint_en": hint_en}))
    return findings


def _date_findings(old, new, base_label: str) -> list[Finding]:
    findings = []
    for key in GUARDED_GRANT_DATES:
        base = _date(old.data.get(key))
        if base is None:  # nothing recorded (or unreadable) at the base: nothing to keep
            continue
        raw = new.data.get(key)
        now = _date(raw)
        if (raw is not None and now is None) or now == base or under((key,), new.cuts):
            continue  # unreadable now (date-invalid reports it), or kept
        explained, hint, hint_en = _explained(new.data, key, lambda v, b=base: _date(v) == b)
        if explained:
            continue
        fix, fix_en = _fix(f"field: {key}", base.isoformat())
        what, what_en = DATE_WHAT[key]
        shown = now.isoformat() if now is not None else None
        findings.append(_finding(new, (key,), {
            "what": what, "what_en": what_en, "base": base_label, "old": base.isoformat(),
            "old_en": base.isoformat(), "new": shown or REMOVED[0], "new_en": shown or REMOVED[1],
            "fix": fix, "fix_en": fix_en, "hint": hint, "hint_en": hint_en}))
    return findings


def decided_text(data, lang: str) -> str:
    """What a grant had decided: 交付決定額の計 4,012,000円（4,012千円）、交付決定日 2025-06-30; "" when nothing."""
    total = sums(items_of(data), "decided")
    day = _date(data.get("decided_on"))
    parts = []
    if total is not None:
        parts.append(f"decided ¥{total.yen:,}" if lang == "en" else f"交付決定額の計 {_amount(total.yen, 'ja')}")
    if day is not None:
        parts.append(f"decided on {day.isoformat()}" if lang == "en" else f"交付決定日 {day.isoformat()}")
    return (", " if lang == "en" else "、").join(parts)


def _deleted(base, old, base_label: str) -> Finding | None:
    """history-grant-deleted when the base grant had something decided."""
    if not isinstance(old.data, dict) or not decided_text(old.data, "ja"):
        return None
    code = "history-grant-deleted"
    return Finding(code, entry(code).severity, old.rel, 1, 1, "", {
        "name": grant_name(old, base), "name_en": grant_name(old, base, "en"), "id": old.id, "base": base_label,
        "decided": decided_text(old.data, "ja"), "decided_en": decided_text(old.data, "en")})


def grant_findings(base, current, base_label: str) -> list[Finding]:
    """Findings for the grants of `current` (a Registry) against `base` (the Registry at the base
    revision; None when it had no registry)."""
    if base is None:
        return []
    findings: list[Finding] = []
    now = current.records("grant")
    for record_id, old in sorted(base.records("grant").items()):
        if old.doc.value is None or not isinstance(old.data, dict):
            continue
        new = now.get(record_id)
        if new is None:
            deleted = _deleted(base, old, base_label)
            findings += [deleted] if deleted is not None else []
        elif new.doc.value is not None and isinstance(new.data, dict):
            findings += _item_findings(old, new, base_label, current.scheme) + _date_findings(old, new, base_label)
    return findings
