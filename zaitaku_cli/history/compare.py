"""What changed between two registries: one Change per record that was added, designated,
withdrawn, changed or deleted (pure: two typed registries in, a sorted list out).

Records are matched by kind and id (a renamed id is a deletion plus an addition). Fields are
compared as data: mappings are followed down to their leaves (`requirements.training`,
`roles.coordination`, `designation.designated_on`), lists are compared whole. Designation dates are
compared as dates (`令和7年7月1日` and `2025-07-01` are the same value; both show as ISO); missing,
null, empty lists and empty text are the same (nothing). The steps before a designation
(`designation.steps`) are compared step by step, aligned as a text diff aligns lines: a step added,
removed or changed is the field `designation.steps[i]` (its place in the new list; in the old one
when removed), its value {status, date, by} with ISO dates (a step's note is a remark, not compared). `id`, `sources` and `note` are not
compared: a diff lists the registry's facts, not its bibliography or remarks. Grants
(registry/grants/) are compared by history/grants.py: their items aligned by category, expense type
and label, amounts old → new per item.

The rule set is compared too (`compare_rule_set`): prefecture.yaml's values walked generically
(SettingChange: a dotted path, items of lists of mappings matched by `id`, `code` or `fiscal_year`,
`sources` and `note` left out at any depth, comments never seen), and the reference tables
(FileChange: municipalities by code, population files and their figures by code). Both come from
the registries already loaded: nothing is read again.
"""

from __future__ import annotations

from dataclasses import dataclass

from zaitaku_cli.dates import DateError, parse_date, parse_partial_date
from zaitaku_cli.model import DESIGNATED, WITHDRAWN

KINDS = ("zone", "institution", "hub", "grant")  # the order of a diff: zones, institutions, hubs, grants
CHANGE_TYPES = ("added", "designated", "withdrawn", "changed", "deleted")
NOT_COMPARED = ("id", "sources", "note")
DATE_FIELDS = ("designated_on", "designated_by", "withdrawn_on", "health_center_shared_on")
# Designation first (it is what a plan amendment is about), in this order; then the record's fields.
DESIGNATION_ORDER = ("status", "designated_on", "designated_by", "withdrawn_on", "steps", "health_center_shared_on",
                     "notice", "corrections")
STEP_KEYS = ("status", "date", "by")  # what a step's value shows (`note` is a remark)
# What an added or deleted record shows: its designation, and where it is.
SUMMARY_FIELDS = ("designation.status", "designation.designated_on", "designation.designated_by",
                  "designation.withdrawn_on", "zone", "zones")


@dataclass(frozen=True)
class FieldChange:
    field: str  # dotted path in the record: "designation.designated_on"
    old: object  # plain data (str, bool, number, list, dict) or None
    new: object
    item: dict | None = None  # a grant item's {category, expense_type, label} (history/grants.py)

    def as_dict(self) -> dict:
        out = {"field": self.field, "old": self.old, "new": self.new}
        return out if self.item is None else {**out, "item": self.item}


@dataclass(frozen=True)
class Change:
    kind: str  # zone | institution | hub | grant
    id: str
    name: str
    change: str  # one of CHANGE_TYPES
    fields: tuple[FieldChange, ...]
    file: str  # the record's file now (its file at the old revision when deleted)
    extra: dict | None = None  # a grant's {name_en, menu, fiscal_year}: shown in JSON after `name`

    def as_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "name": self.name, **(self.extra or {}), "change": self.change,
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


def add_leaves(out: dict, value, path: str) -> None:
    """Each non-empty leaf under `value` into `out`, keyed by its dotted path from `path`."""
    if isinstance(value, dict) and value:
        for key, item in value.items():
            add_leaves(out, item, f"{path}.{key}")
    elif not _empty(value):
        out[path] = value


def flatten(data: dict) -> dict[str, object]:
    """Leaf path -> value, without the fields that are not compared and without empty values."""
    out: dict[str, object] = {}
    for key, value in (data or {}).items():
        if key in NOT_COMPARED:
            continue
        if key == "designation" and isinstance(value, dict):
            for sub, item in value.items():
                if sub == "steps" and isinstance(item, list):  # compared step by step (step_changes)
                    continue
                if sub in DATE_FIELDS:
                    item = _iso(sub, item)
                add_leaves(out, item, f"designation.{sub}")
        else:
            add_leaves(out, value, key)
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
            sub, _, index = rest.split(".")[0].partition("[")
            rank = DESIGNATION_ORDER.index(sub) if sub in DESIGNATION_ORDER else len(DESIGNATION_ORDER)
            return (0, rank, int(index.rstrip("]") or 0), path)
        return (1, 0, top.index(head) if head in top else len(top), path)

    return sorted(paths, key=key)


def step_value(item):
    """A step as the diff shows it: {status, date, by} as written, dates in ISO (an unreadable one
    as written); anything that is not a mapping as it is."""
    if not isinstance(item, dict):
        return item
    out = {}
    for key in STEP_KEYS:
        value = item.get(key)
        if value is not None:
            out[key] = value if key == "status" else _iso("designated_on" if key == "date" else "designated_by", value)
    return out


def _steps(data) -> list:
    steps = designation_block(data).get("steps")
    return [step_value(s) for s in steps] if isinstance(steps, list) else []


def step_changes(old_data, new_data) -> dict[str, tuple]:
    """`designation.steps[i]` -> (old step, new step) for each step added (old None), removed (new
    None) or changed, the two lists aligned as difflib aligns lines (steps kept in place are equal
    blocks; a block replaced pairs its steps in order)."""
    from difflib import SequenceMatcher

    old, new = _steps(old_data), _steps(new_data)
    keys = [[repr(s) for s in side] for side in (old, new)]
    out = {}
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys[0], keys[1], autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        pairs = max(i2 - i1, j2 - j1)
        for k in range(pairs):
            a = old[i1 + k] if i1 + k < i2 else None
            b = new[j1 + k] if j1 + k < j2 else None
            path = f"designation.steps[{j1 + k if b is not None else i1 + k}]"
            other = out.get(path, (None, None))  # a step removed where another was added: changed there
            out[path] = (a if a is not None else other[0], b if b is not None else other[1])
    return out


def field_changes(old_data: dict, new_data: dict) -> tuple[FieldChange, ...]:
    old, new = flatten(old_data), flatten(new_data)
    pairs = {p: (old.get(p), new.get(p)) for p in set(old) | set(new) if old.get(p) != new.get(p)}
    pairs.update(step_changes(old_data, new_data))
    return tuple(FieldChange(p, *pairs[p]) for p in _field_order(pairs, old_data, new_data))


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


def compare_grants(old, new, old_registry, new_registry) -> Change | None:
    """The Change of one grant (history/grants.py): added, changed (fields and items, amounts old →
    new) or deleted; named by its menu, fiscal year and whom it funds, as the side it is on says."""
    from zaitaku_cli.history import grants

    record, registry = (new, new_registry) if new is not None else (old, old_registry)
    data = record.data if isinstance(record.data, dict) else {}
    extra = {"name_en": grants.grant_name(record, registry, "en"), "menu": data.get("menu"),
             "fiscal_year": data.get("fiscal_year")}
    if old is None or new is None:
        rows, change = grants.summary(data, new is None), "added" if old is None else "deleted"
    elif old.data == new.data:
        return None
    else:
        rows, change = grants.field_changes(old.data, new.data), "changed"
        if not rows:
            return None
    fields = tuple(FieldChange(p, a, b, key.as_dict() if key is not None else None) for p, a, b, key in rows)
    return Change("grant", record.id, grants.grant_name(record, registry), change, fields, record.rel, extra)


def readable(record) -> bool:
    """False for a file that could not be read at all (its check reports why)."""
    return record is None or record.doc.value is not None


def compare(old, new) -> list[Change]:
    """Changes from registry `old` to registry `new`, ordered by kind (zones, institutions, hubs,
    grants) then id. Either may be None: a revision that has no registry yet has no records. A record
    whose file cannot be read on either side is left out (see `unreadable`)."""
    changes = []
    for kind in KINDS:
        before = old.records(kind) if old is not None else {}
        after = new.records(kind) if new is not None else {}
        for record_id in sorted(set(before) | set(after)):
            a, b = before.get(record_id), after.get(record_id)
            if a is b or not (readable(a) and readable(b)):  # the same record: a file the two sides share
                continue
            change = (compare_grants(a, b, old, new) if kind == "grant" else compare_records(kind, a, b))
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


# --- The rule set: prefecture.yaml and the reference data --------------------------------------------

SCHEME_NOT_COMPARED = ("sources", "note")  # at any depth, as records leave them out
ITEM_KEYS = ("id", "code", "fiscal_year")  # what names the items of a list of mappings, first that fits
SETTING_CHANGES = ("added", "removed", "changed", "reordered")
MUNICIPALITY_FIELDS = ("name", "kana", "secondary_area")
_MISSING = None  # a key one side does not have reads as nothing


@dataclass(frozen=True)
class SettingChange:
    """One change of prefecture.yaml. `path` is dotted, items of keyed lists by their key in
    brackets (`hub.count_rule.per_zone`, `institution.requirements[training].mandatory`,
    `target.per_year[2018]`); "" is the whole file (one side has no registry). `old`/`new` are plain
    data (None: nothing); for "reordered" they are the lists of keys in their old and new order."""

    path: str
    change: str  # one of SETTING_CHANGES
    old: object
    new: object

    def as_dict(self) -> dict:
        return {"path": self.path, "change": self.change, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class RowChange:
    """One row of a reference table: a municipality's field (`name`, `kana`, `secondary_area`), a
    whole municipality (`field` None, old/new {name, kana, secondary_area}), or a population figure
    (`field` "population", old/new int or None)."""

    code: str
    name: str  # the municipality's name (the new one, else the old one; "" when unknown)
    change: str  # added | removed | changed
    field: str | None
    old: object
    new: object

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "change": self.change, "field": self.field,
                "old": self.old, "new": self.new}


@dataclass(frozen=True)
class FileChange:
    """A reference file added, removed or changed (then `changes`, its rows, by code)."""

    file: str  # "registry/reference/municipalities.csv"
    table: str  # municipalities | population
    change: str  # added | removed | changed
    rows: int  # rows the file has (the old file's when removed)
    changes: tuple[RowChange, ...] = ()

    def as_dict(self) -> dict:
        return {"file": self.file, "table": self.table, "change": self.change, "rows": self.rows,
                "changes": [c.as_dict() for c in self.changes]}


@dataclass(frozen=True)
class RuleSetChanges:
    scheme: tuple[SettingChange, ...] = ()
    reference: tuple[FileChange, ...] = ()

    def count(self) -> tuple[int, int]:
        """(settings changed, reference changes: a file added or removed counts once)."""
        return len(self.scheme), sum(len(f.changes) if f.change == "changed" else 1 for f in self.reference)


def _strip(value):
    """`value` without `sources` and `note` at any depth."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in SCHEME_NOT_COMPARED}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _item_key(old: list, new: list) -> str | None:
    """The key that names every item of both lists, once each (None: compare the lists whole)."""
    for key in ITEM_KEYS:
        names = [[i.get(key) if isinstance(i, dict) else None for i in items] for items in (old, new)]
        if all(isinstance(n, (str, int)) and not isinstance(n, bool) for n in names[0] + names[1]) \
                and all(len(set(n)) == len(n) for n in names):
            return key
    return None


def _join(path: str, key) -> str:
    return f"{path}.{key}" if path else str(key)


def _union(first, second) -> list:
    """Keys of `second` in its order, then those only `first` has."""
    return list(second) + [k for k in first if k not in second]


def _shaped(kind, value) -> bool:
    """`value` is a `kind` (dict or list), or nothing (which then reads as an empty one)."""
    return isinstance(value, kind) or _empty(value)


def _walk_setting(old, new, path: str, out: list) -> None:
    if old == new or (_empty(old) and _empty(new)):
        return
    if _shaped(dict, old) and _shaped(dict, new):
        before, after = old or {}, new or {}
        for key in _union(before, after):
            if key not in SCHEME_NOT_COMPARED:
                _walk_setting(before.get(key, _MISSING), after.get(key, _MISSING), _join(path, key), out)
        return
    key = _item_key(old or [], new or []) if _shaped(list, old) and _shaped(list, new) else None
    if key is not None:
        _walk_items(old or [], new or [], key, path, out)
        return
    change = "added" if _empty(old) else "removed" if _empty(new) else "changed"
    out.append(SettingChange(path, change, None if _empty(old) else _strip(old),
                             None if _empty(new) else _strip(new)))


def _walk_items(old: list, new: list, key: str, path: str, out: list) -> None:
    before, after = {i[key]: i for i in old}, {i[key]: i for i in new}
    kept_old = [k for k in before if k in after]
    kept_new = [k for k in after if k in before]
    if kept_old != kept_new:
        out.append(SettingChange(path, "reordered", kept_old, kept_new))
    for name in _union(before, after):
        where = f"{path}[{name}]"
        if name not in before:
            out.append(SettingChange(where, "added", None, _strip(after[name])))
        elif name not in after:
            out.append(SettingChange(where, "removed", _strip(before[name]), None))
        else:
            _walk_setting(before[name], after[name], where, out)


def compare_scheme(old: dict | None, new: dict | None) -> tuple[SettingChange, ...]:
    """Changes of prefecture.yaml's values (comments and layout are not values). None: the side has
    no registry, and the whole file is one change."""
    if old is None or new is None:
        if old is None and new is None:
            return ()
        return (SettingChange("", "added" if old is None else "removed", None, None),)
    out: list[SettingChange] = []
    _walk_setting(old, new, "", out)
    return tuple(out)


def _town_fields(town) -> dict:
    return {f: getattr(town, f, "") for f in MUNICIPALITY_FIELDS}


def _town_rows(old: dict, new: dict) -> tuple[RowChange, ...]:
    rows = []
    for code in sorted(set(old) | set(new)):
        a, b = old.get(code), new.get(code)
        if a is None or b is None:
            town = b if a is None else a
            rows.append(RowChange(code, town.name, "added" if a is None else "removed", None,
                                  None if a is None else _town_fields(a), None if b is None else _town_fields(b)))
            continue
        before, after = _town_fields(a), _town_fields(b)
        rows += [RowChange(code, b.name, "changed", f, before[f], after[f])
                 for f in MUNICIPALITY_FIELDS if before[f] != after[f]]
    return tuple(rows)


def _figure_rows(old: dict, new: dict, names: dict) -> tuple[RowChange, ...]:
    rows = []
    for code in sorted(set(old) | set(new)):
        a, b = old.get(code), new.get(code)
        if a != b:
            change = "added" if a is None else "removed" if b is None else "changed"
            rows.append(RowChange(code, names.get(code, ""), change, "population", a, b))
    return tuple(rows)


def _table_change(file: str, table: str, old: dict, new: dict, rows) -> FileChange | None:
    """The FileChange of one table (`rows(old, new)` its row changes when it exists on both sides)."""
    if not old and not new:
        return None
    if not old or not new:
        return FileChange(file, table, "added" if not old else "removed", len(new or old))
    changes = rows(old, new)
    return FileChange(file, table, "changed", len(new), changes) if changes else None


def _population_files(registry) -> dict[str, dict]:
    """file -> code -> figure."""
    if registry is None:
        return {}
    return {rel: registry.populations.get(on, {}) for on, rel in registry.population_files.items()}


def compare_reference(old, new) -> tuple[FileChange, ...]:
    """Changes of the reference tables: municipalities by code (added, removed, a field changed),
    then each population file (added, removed, or its figures by code), files in path order."""
    names = {}
    for registry in (old, new):  # the new name wins
        if registry is not None:
            names.update({code: town.name for code, town in registry.municipalities.items()})
    file = (new or old).municipality_file if (new or old) is not None else ""
    towns = _table_change(file, "municipalities", old.municipalities if old else {},
                          new.municipalities if new else {}, _town_rows)
    out = [towns] if towns is not None else []
    before, after = _population_files(old), _population_files(new)
    for rel in sorted(set(before) | set(after)):
        change = _table_change(rel, "population", before.get(rel, {}), after.get(rel, {}),
                               lambda a, b: _figure_rows(a, b, names))
        if change is not None:
            out.append(change)
    return tuple(out)


def compare_rule_set(old, new) -> RuleSetChanges:
    """prefecture.yaml and reference data from registry `old` to registry `new` (either None)."""
    return RuleSetChanges(compare_scheme(old.scheme.data if old is not None else None,
                                         new.scheme.data if new is not None else None),
                          compare_reference(old, new))
