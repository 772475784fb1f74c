"""What changed between two registries: one Change per record that was added, designated,
withdrawn, changed or deleted (pure: two typed registries in, a sorted list out).

Records are matched by kind and id (a renamed id is a deletion plus an addition). Fields are
compared as data: mappings are followed down to their leaves (`requirements.training`,
`roles.coordination`, `designation.designated_on`), lists are compared whole. Designation dates are
compared as dates (`令和7年7月1日` and `2025-07-01` are the same value; both show as ISO); missing,
null, empty lists and empty text are the same (nothing). `id`, `sources` and `note` are not
compared: a diff lists the registry's facts, not its bibliography or remarks.
"""

from __future__ import annotations

from dataclasses import dataclass

from zaitaku_cli.dates import DateError, parse_date, parse_partial_date
from zaitaku_cli.model import DESIGNATED, WITHDRAWN

KINDS = ("zone", "institution", "hub")  # the order of a diff: zones, institutions, hubs
CHANGE_TYPES = ("added", "designated", "withdrawn", "changed", "deleted")
NOT_COMPARED = ("id", "sources", "note")
DATE_FIELDS = ("designated_on", "designated_by", "withdrawn_on")
# Designation first (it is what a plan amendment is about), in this order; then the record's fields.
DESIGNATION_ORDER = ("status", "designated_on", "designated_by", "withdrawn_on", "notice", "corrections")
# What an added or deleted record shows: its designation, and where it is.
SUMMARY_FIELDS = ("designation.status", "designation.designated_on", "designation.designated_by",
                  "designation.withdrawn_on", "zone", "zones")


@dataclass(frozen=True)
class FieldChange:
    field: str  # dotted path in the record: "designation.designated_on"
    old: object  # plain data (str, bool, number, list, dict) or None
    new: object

    def as_dict(self) -> dict:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class Change:
    kind: str  # zone | institution | hub
    id: str
    name: str
    change: str  # one of CHANGE_TYPES
    fields: tuple[FieldChange, ...]
    file: str  # the record's file now (its file at the old revision when deleted)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "name": self.name, "change": self.change,
                "file": self.file, "fields": [f.as_dict() for f in self.fields]}


def designation_block(data) -> dict:
    block = data.get("designation") if isinstance(data, dict) else None
    return block if isinstance(block, dict) else {}


def status_of(data) -> str | None:
    return designation_block(data).get("status")


def was_designated(data) -> bool:
    """Designated, or withdrawn after a designation that has a date: a record the plan listed."""
    block = designation_block(data)
    status = block.get("status")
    return status == DESIGNATED or (status == WITHDRAWN and (block.get("designated_on") is not None
                                                             or block.get("designated_by") is not None))


def parse_field_date(key: str, value):
    """The date a designation field holds (a PartialDate for designated_on), or None when it is
    empty or unreadable (an unreadable date is a finding of the ordinary check)."""
    if value is None:
        return None
    try:
        return parse_partial_date(value) if key == "designated_on" else parse_date(value)
    except DateError:
        return None


def _iso(key: str, value):
    parsed = parse_field_date(key, value)
    if parsed is None:
        return value
    return parsed.iso() if key == "designated_on" else parsed.isoformat()


def _empty(value) -> bool:
    return value is None or value == [] or value == "" or value == {}


def flatten(data: dict) -> dict[str, object]:
    """Leaf path -> value, without the fields that are not compared and without empty values."""
    out: dict[str, object] = {}

    def walk(value, path):
        if isinstance(value, dict) and value:
            for key, item in value.items():
                walk(item, f"{path}.{key}")
        elif not _empty(value):
            out[path] = value

    for key, value in (data or {}).items():
        if key in NOT_COMPARED:
            continue
        if key == "designation" and isinstance(value, dict):
            for sub, item in value.items():
                if sub in DATE_FIELDS:
                    item = _iso(sub, item)
                walk(item, f"designation.{sub}")
        else:
            walk(value, key)
    return out


def _field_order(paths, old_data, new_data):
    """Designation fields first (DESIGNATION_ORDER), then top-level fields in the order the records
    write them (the new record's order, then fields only the old one had)."""
    top = []
    for data in (new_data, old_data):
        for key in (data or {}):
            if key not in top:
                top.append(key)

    def key(path):
        head, _, rest = path.partition(".")
        if head == "designation":
            sub = rest.split(".")[0]
            rank = DESIGNATION_ORDER.index(sub) if sub in DESIGNATION_ORDER else len(DESIGNATION_ORDER)
            return (0, rank, 0, path)
        return (1, 0, top.index(head) if head in top else len(top), path)

    return sorted(paths, key=key)


def field_changes(old_data: dict, new_data: dict) -> tuple[FieldChange, ...]:
    old, new = flatten(old_data), flatten(new_data)
    paths = [p for p in set(old) | set(new) if old.get(p) != new.get(p)]
    return tuple(FieldChange(p, old.get(p), new.get(p)) for p in _field_order(paths, old_data, new_data))


def _summary(data: dict, deleted: bool) -> tuple[FieldChange, ...]:
    flat = flatten(data)
    return tuple(FieldChange(p, flat[p], None) if deleted else FieldChange(p, None, flat[p])
                 for p in SUMMARY_FIELDS if p in flat)


def _name(record) -> str:
    name = record.data.get("name") if isinstance(record.data, dict) else None
    return name if isinstance(name, str) and name else record.id


def compare_records(kind: str, old, new) -> Change | None:
    """The Change of one record (`old` or `new` None when it exists on one side only)."""
    if old is None:
        change = "designated" if status_of(new.data) == DESIGNATED else "added"
        return Change(kind, new.id, _name(new), change, _summary(new.data, False), new.rel)
    if new is None:
        return Change(kind, old.id, _name(old), "deleted", _summary(old.data, True), old.rel)
    if old.data == new.data:  # the common case, decided in C
        return None
    fields = field_changes(old.data, new.data)
    before, after = status_of(old.data), status_of(new.data)
    if after == DESIGNATED and before != DESIGNATED:
        change = "designated"
    elif after == WITHDRAWN and before != WITHDRAWN:
        change = "withdrawn"
    elif fields:
        change = "changed"
    else:
        return None
    return Change(kind, new.id, _name(new), change, fields, new.rel)


def readable(record) -> bool:
    """False for a file that could not be read at all (its check reports why)."""
    return record is None or record.doc.value is not None


def compare(old, new) -> list[Change]:
    """Changes from registry `old` to registry `new`, ordered by kind (zones, institutions, hubs)
    then id. Either may be None: a revision that has no registry yet has no records. A record
    whose file cannot be read on either side is left out (see `unreadable`)."""
    changes = []
    for kind in KINDS:
        before = old.records(kind) if old is not None else {}
        after = new.records(kind) if new is not None else {}
        for record_id in sorted(set(before) | set(after)):
            a, b = before.get(record_id), after.get(record_id)
            if not (readable(a) and readable(b)):
                continue
            change = compare_records(kind, a, b)
            if change is not None:
                changes.append(change)
    return changes


def unreadable(old, new) -> list[str]:
    """Files that could not be compared because they cannot be read on one side."""
    out = []
    for registry in (old, new):
        if registry is None:
            continue
        for kind in KINDS:
            out += [r.rel for r in registry.records(kind).values() if not readable(r)]
    return sorted(set(out))


def summary(changes) -> dict[str, int]:
    counts = {t: 0 for t in CHANGE_TYPES}
    for c in changes:
        counts[c.change] += 1
    return counts
