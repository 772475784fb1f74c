"""Validation of values the schema cannot judge: every date field parsed, and the loader's findings
about how a value is written (YAML 1.1-only booleans and numbers, characters that have no place
in a text) settled by the field they are in.

The loader (load/document.py) reads values without knowing what a field is: it reports every
string with a line break, a tab or edge spaces (marked `layout`), every YAML 1.1-only boolean and
number. Here the record's schema decides: a line break is fine in a multi-line field (the schema's
`"x-zaitaku-multiline": true`, e.g. note), `yes` in a true/false field gets "write true", in a
text field "quote it"; and the field is named in the officer's words (its schema `title`).

Date fields are those the schema marks `"x-zaitaku-date": "day"` (a full date) or `"month"` (a
year and month will do). Each is parsed where it is, with or without other faults in the record.
"""

from __future__ import annotations

from functools import lru_cache

from zaitaku_cli.dates import DateError, parse_date, parse_partial_date
from zaitaku_cli.findings import format_path
from zaitaku_cli.load.problem import Problem
from zaitaku_cli.load.text import combining_marks, compose_marks, might_fault, shown, value_faults
from zaitaku_cli.model import _date_code, _date_params
from zaitaku_cli.validate.schema import load_schema

# Parsed with the model (model.parse_designation), which reports them: not parsed twice.
MODEL_DATES = frozenset({("designation", "designated_on"), ("designation", "designated_by"),
                         ("designation", "withdrawn_on")})
# Loader findings that name a field, and that this module settles.
_NAMED = frozenset({"yaml-unquoted-code", "yaml-boolean-1-1", "yaml-number-1-1", "text-control-character",
                    "text-noncharacter", "text-bidi-control", "text-invisible-character", "text-private-use",
                    "text-decomposed", "text-combining-mark", "text-line-break", "text-surrounding-space"})
# The faults of a value itself: a rule's report on the same field is not added (check._explained).
VALUE_FAULTS = _NAMED
# Loader errors that say why the schema rejects the same value: the schema's finding is not
# repeated (the record still counts as failing its schema).
_EXPLAINING = frozenset({"yaml-boolean-1-1", "text-control-character", "text-noncharacter", "text-bidi-control",
                         "text-invisible-character", "text-combining-mark", "text-line-break"})
_BOOLEAN_ADVICE = ("true（はい）か false（いいえ）と書いてください。", "Write true or false.")


def _pattern(path) -> tuple:
    return tuple("*" if isinstance(part, int) else part for part in path)


@lru_cache(maxsize=4096)
def field_schema(kind: str, pattern: tuple) -> dict:
    """The schema of the value at `pattern` (a path with "*" for list items): {"title",
    "types" (a frozenset of JSON types, empty when unknown), "multiline", "date"}. Follows
    properties, items, additionalProperties and $ref; the branches of anyOf are merged."""
    schema = load_schema(kind)
    nodes = [schema]
    for part in pattern:
        found = []
        for node in nodes:
            for branch in _branches(schema, node):
                if part == "*":
                    child = branch.get("items")
                elif part in branch.get("properties", {}):
                    child = branch["properties"][part]
                else:
                    child = branch.get("additionalProperties")
                if isinstance(child, dict):
                    found.append(child)
        nodes = found
    branches = [b for node in nodes for b in _branches(schema, node)]
    types = set()
    for branch in branches:
        kind_of = branch.get("type", ())
        types.update([kind_of] if isinstance(kind_of, str) else kind_of)
    first = nodes[0] if nodes else {}
    return {"title": first.get("title", ""), "types": frozenset(types),
            "multiline": any(b.get("x-zaitaku-multiline") for b in branches),
            "date": next((b["x-zaitaku-date"] for b in branches if "x-zaitaku-date" in b), None)}


def _branches(schema: dict, node: dict) -> list[dict]:
    if "$ref" in node:
        node = schema.get("$defs", {}).get(node["$ref"].rsplit("/", 1)[-1], {})
    branches = [node]
    for key in ("anyOf", "oneOf"):
        branches += [b for b in node.get(key, ()) if isinstance(b, dict)]
    return branches


def field_names(kind: str, path) -> dict:
    """{'field': 'name（医療機関名）', 'field_en': 'name'}: the field as messages name it."""
    name = format_path(path)
    title = field_schema(kind, _pattern(path))["title"] if path else ""
    return {"field": f"{name}（{title}）" if title else name, "field_en": name}


def settle(kind: str, problems: list[Problem]) -> list[Problem]:
    """The loader's `problems` of a `kind` file, each decided by its field: layout faults in a
    multi-line field dropped, a YAML 1.1 form's advice chosen by the field's type (or the
    finding left to the schema's, which says it better), the field named in the officer's
    words. Problems of other codes are kept as they are."""
    if not problems:
        return problems
    settled = []
    for p in problems:
        if p.code not in _NAMED or not p.path or p.params.get("key"):
            settled.append(p)
            continue
        field = field_schema(kind, _pattern(p.path))
        types = field["types"]
        params = {**p.params, **field_names(kind, p.path)}
        if params.get("layout") and (field["multiline"] or p.code == "text-surrounding-space" and field["date"]):
            continue  # a note may span lines; a date is read around its spaces
        if p.code == "yaml-unquoted-code" and types and "string" not in types:
            continue  # a number field: the schema says what to write
        if p.code == "yaml-number-1-1":
            if types and not types & {"integer", "number"}:
                continue  # a text field: the schema's yaml-unquoted-code says "quote it"
        if p.code == "yaml-boolean-1-1":
            params.update(_boolean_advice(types, p.params["raw"]))
        settled.append(p._replace(params=params))
    return settled


def _boolean_advice(types, raw: str) -> dict:
    quote = (f"文字として書くなら引用符で囲んでください: \"{raw}\"", f"To mean the text, quote it: \"{raw}\"")
    if "boolean" in types and "string" not in types:
        advice = _BOOLEAN_ADVICE
    elif "string" in types and "boolean" not in types:
        advice = quote
    else:
        advice = (_BOOLEAN_ADVICE[0] + quote[0], _BOOLEAN_ADVICE[1] + " " + quote[1])
    return {"advice": advice[0], "advice_en": advice[1]}


def unexplained(schema_problems: list[Problem], problems: list[Problem]) -> list[Problem]:
    """`schema_problems` less those on a value whose fault a loader error (in `problems`)
    already names: `intent: yes` is one finding, not two."""
    if not problems or not schema_problems:
        return schema_problems
    paths = {p.path for p in problems if p.code in _EXPLAINING}
    if not paths:
        return schema_problems
    return [p for p in schema_problems if p.path not in paths]


@lru_cache(maxsize=None)
def date_fields(kind: str) -> dict:
    """The fields the schema of `kind` marks as dates, less MODEL_DATES, as a tree of the keys
    that lead to them: a key's entry is "day" or "month" (a date field), a dict (a mapping), or
    ("*", entry) (a list): {"sources": ("*", {"published": "day"}), …}. A record's walk visits
    only what it has."""
    schema = load_schema(kind)

    def entry(node, path):
        found = None
        for branch in _branches(schema, node):
            if "x-zaitaku-date" in branch and path not in MODEL_DATES:
                return branch["x-zaitaku-date"]
            mapping = {key: sub for key, child in branch.get("properties", {}).items()
                       if (sub := entry(child, path + (key,))) is not None}
            if mapping:
                found = {**(found if isinstance(found, dict) else {}), **mapping}
            if isinstance(branch.get("items"), dict) and (sub := entry(branch["items"], path + ("*",))) is not None:
                found = ("*", sub)
        return found

    return entry(schema, ()) or {}


def date_problems(kind: str, doc) -> list[Problem]:
    """date-invalid, date-outside-era or date-month-only at every unreadable date of the
    record (the fields of date_fields(kind)), located at the value. Values that are not text
    are the schema's findings. Per record on every check: only the keys it has are visited."""
    problems: list[Problem] = []
    if type(doc.value) is dict:
        tree = _DATE_TREES.get(kind)
        if tree is None:
            tree = _DATE_TREES[kind] = date_fields(kind)
        _dates(kind, doc, tree, doc.value, (), problems)
    return problems


_DATE_TREES: dict = {}  # kind -> date_fields(kind): a dict lookup on every record, not a cache call


def model_date_problems(kind: str, doc) -> list[Problem]:
    """The problems of the designation dates (MODEL_DATES) of a record the model cannot read
    (model.parse_designation reports them for every other record): still one run for every fault."""
    problems: list[Problem] = []
    designation = doc.value.get("designation") if type(doc.value) is dict else None
    if type(designation) is dict:
        for _, key in MODEL_DATES:
            if type(designation.get(key)) is str:
                precision = "month" if key == "designated_on" else "day"
                _parse_date(kind, doc, ("designation", key), designation[key], precision, problems)
    return problems


def _dates(kind, doc, tree: dict, value: dict, path: tuple, problems: list) -> None:
    """Parse the dates of `tree` (see date_fields) in `value`, the mapping at `path`."""
    for key, entry in tree.items():
        item = value.get(key)
        if item is None:
            continue
        if type(entry) is dict:
            if type(item) is dict:
                _dates(kind, doc, entry, item, (*path, key), problems)
        elif type(entry) is str:
            if type(item) is str:
                _parse_date(kind, doc, (*path, key), item, entry, problems)
        elif type(item) is list:  # ("*", entry of each item)
            each = entry[1]
            for index, element in enumerate(item):
                if type(each) is dict and type(element) is dict:
                    _dates(kind, doc, each, element, (*path, key, index), problems)
                elif type(each) is str and type(element) is str:
                    _parse_date(kind, doc, (*path, key, index), element, each, problems)


def _parse_date(kind, doc, path, text: str, precision: str, problems: list) -> None:
    try:
        parse_partial_date(text) if precision == "month" else parse_date(text)
    except DateError as err:
        line, column, _ = doc.locate(path)
        params = {**_date_params(err, "", text), **field_names(kind, path)}
        problems.append(Problem(_date_code(err), line, column, params, path))


# The reference table's text columns that reach the tables (名称（市町村）), in the officer's words.
MUNICIPALITY_TEXT = {"name": ("市町村名", "name"), "kana": ("よみ", "kana")}


def csv_text_problems(rows: list[dict], columns: dict, column_of) -> list[Problem]:
    """The text faults of the `columns` ({column: (ja, en)}) of reference CSV `rows`, as in a
    record's values, at each cell's line and column (`column_of(row, column)`). A cell with
    decomposed kana is composed in `rows` (text-decomposed). Layout faults are all faults
    here: a cell is one line."""
    problems = []
    for row in rows:
        for column, (ja, en) in columns.items():
            cell = row.get(column)
            if not isinstance(cell, str) or not cell or not might_fault(cell):
                continue
            composed = compose_marks(cell)
            found = value_faults(composed or cell)
            if composed is not None:
                found.insert(0, ("text-decomposed", combining_marks(cell), False, 0))
                row[column] = composed
            for code, chars, _, index in found:
                problems.append(Problem(code, row["_line"], column_of(row, column), {
                    "field": f"{column}（{ja}）", "field_en": f"{en} (line {row['_line']})",
                    "shown": shown(composed or cell, index), "chars": "、".join(chars[:3]),
                    "chars_en": ", ".join(chars[:3])}))
    return problems
