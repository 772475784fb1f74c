"""Requirement items, shared by institutions and hubs: reading a value (true / false / null, or
{met: …, evidence: …}) and the four checks each kind applies to its own items of prefecture.yaml
(`institution.requirements` / `hub.requirements`, `optional_minimum`). A hub's items are those of
a zone's hub: the prefecture-wide tier has tasks of its own (seed 003: 2 県在宅医療サポートセンター
で行う事業内容, not the activity items of 3), so none of these checks apply to it."""

import difflib

from zaitaku_cli.rules.base import Report, status

MISSING = object()

_STATE = {False: ("満たしていません", "not met"), None: ("満たしているか不明です（null）", "unknown (null)"),
          MISSING: ("満たしているか記録されていません", "not recorded")}


def met(requirements: dict, item_id: str):
    """True, False, None (unknown) or MISSING."""
    if item_id not in requirements:
        return MISSING
    value = requirements[item_id]
    if isinstance(value, dict):
        return value.get("met")
    return value


def _path(item_id, value) -> tuple:
    return ("requirements", item_id) if value is not MISSING else ("requirements",)


def _about(item_id) -> tuple:
    """The paths a report on an item is about: a fault cut at either explains it (Report.about)."""
    return ("requirements", item_id), ("requirements", item_id, "met")


def _items(record, registry, kind: str) -> list:
    if kind == "hub" and record.prefecture_wide:
        return []
    return registry.scheme.requirements_of(kind)


def mandatory_unmet(record, registry, kind: str):
    """Reports for each mandatory item of `kind` a designated record does not meet."""
    if status(record) != "designated":
        return
    requirements = record.get("requirements") or {}
    for item in _items(record, registry, kind):
        value = met(requirements, item.id)
        if item.mandatory and value is not True:
            state, state_en = _STATE.get(value, _STATE[False])
            yield Report(_path(item.id, value), {"mark": item.mark, "text": item.text, "id": item.id,
                                                 "state": state, "state_en": state_en},
                         about=_about(item.id))


def optional_short(record, registry, kind: str):
    """A report when a designated record meets fewer optional items than `optional_minimum`."""
    minimum = registry.scheme.optional_minimum_of(kind)
    if status(record) != "designated" or minimum <= 0 or not _items(record, registry, kind):
        return
    optional = [i for i in _items(record, registry, kind) if not i.mandatory]
    requirements = record.get("requirements") or {}
    count = sum(1 for i in optional if met(requirements, i.id) is True)
    if count < minimum:
        yield Report(("requirements",), {"items": "".join(i.mark for i in optional), "minimum": minimum, "count": count},
                     about=tuple(path for i in optional for path in _about(i.id)))


def unknown_ids(record, registry, kind: str):
    """A report for each key under `requirements` that is not an item of `kind` (a typo is caught)."""
    if kind == "hub" and record.prefecture_wide:
        return
    known = [i.id for i in registry.scheme.requirements_of(kind)]
    for key in record.get("requirements") or {}:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            yield Report(("requirements", key), {
                "key": key, "prefecture": registry.scheme.name, "allowed": ", ".join(known) or "（なし）",
                "suggestion": f"「{close[0]}」の書き間違いではありませんか。" if close else "",
                "suggestion_en": f"Did you mean '{close[0]}'? " if close else ""}, key=True)


def optional_unknown(record, registry, kind: str):
    """A report for each optional item of a designated record whose value is unknown or absent."""
    if status(record) != "designated":
        return
    requirements = record.get("requirements") or {}
    for item in _items(record, registry, kind):
        value = met(requirements, item.id)
        if not item.mandatory and (value is None or value is MISSING):
            yield Report(_path(item.id, value), {"mark": item.mark, "column": item.column, "id": item.id},
                         about=_about(item.id))
