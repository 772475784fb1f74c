"""JSON Schema validation with jsonschema-rs, and the translation of its errors into located,
Japanese-first problems. Valid files cost one `is_valid` call; only failing files are walked for
their errors and located."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from zaitaku_cli.load.problem import Problem

_TYPE_JA = {"string": "文字列", "integer": "整数", "number": "数値", "boolean": " true か false ",
            "array": "リスト", "object": "「キー: 値」の形", "null": "空（null）"}
_TYPE_EN = {"object": "a mapping", "array": "a list", "boolean": "true or false", "null": "null", "string": "text",
            "integer": "a whole number", "number": "a number"}


def schema_dir() -> Path:
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "schemas", package.parent / "schemas"):
        if (candidate / "institution.schema.json").is_file():
            return candidate
    raise FileNotFoundError("zaitaku schemas not found")


@lru_cache(maxsize=None)
def load_schema(kind: str) -> dict:
    return json.loads((schema_dir() / f"{kind}.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def validator(kind: str):
    import jsonschema_rs

    return jsonschema_rs.validator_for(load_schema(kind))


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(value), type(value).__name__)


def _subschema(schema: dict, schema_path) -> dict:
    """The schema object that holds the failing keyword."""
    node = schema
    for part in list(schema_path)[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return {}
    return node if isinstance(node, dict) else {}


def _property_schema(schema: dict, instance_path) -> dict:
    """Best-effort walk of `properties`/`items` to the schema of a value (for its title)."""
    node = schema
    for part in instance_path:
        if "anyOf" in node:  # inside a requirement given as {met, evidence}: that form's fields
            node = next((b for b in node["anyOf"] if "properties" in b), node)
        if isinstance(part, int):
            node = node.get("items", {})
        elif part in node.get("properties", {}):
            node = node["properties"][part]
        else:  # a map keyed by prefecture.yaml ids (requirements, roles)
            extra = node.get("additionalProperties")
            node = extra if isinstance(extra, dict) else {}
        if "$ref" in node:
            node = schema.get("$defs", {}).get(node["$ref"].rsplit("/", 1)[-1], {})
    return node


def _field(schema, path) -> dict:
    """{'field': 'name（title）', 'field_en': 'name'} for messages."""
    from zaitaku_cli.findings import format_path

    title = _property_schema(schema, path).get("title")
    name = format_path(path)
    return {"field": (f"{name}（{title}）" if title else name) if name else "記録",
            "field_en": name or "the record"}


def check_schema(kind: str, doc, value=None) -> list[Problem]:
    """The schema's problems with `value` (default: the document's), located in `doc`."""
    value = doc.value if value is None else value
    v = validator(kind)
    floats = list(_whole_floats(value, _integer_fields(kind)))
    if not floats and v.is_valid(value):
        return []
    schema = load_schema(kind)
    problems = [p for error in v.iter_errors(value) for p in _problems(schema, doc, error)]
    problems += [_type_problem(schema, doc, path, _types(_property_schema(schema, path)), number)
                 for path, number in floats]
    # A value of the wrong type also fails its enum or pattern: say only what to fix first.
    typed = {p.path for p in problems if p.code in _FIRST}
    # A misspelt key (`stauts`) is why the key it was meant to be is missing: say it once.
    meant = {p.path[:-1] + (p.params["meant"],) for p in problems if p.code == "schema-unknown-key" and p.params["meant"]}
    return [p for p in problems if (p.code in _FIRST or p.path not in typed)
            and not (p.code == "schema-required" and p.path in meant)]


_INTEGER_FIELDS: dict = {}
# The digits after a thousands separator, read as a key: `{decided: 2,092,000}` is decided: 2, "092": null, …
_THOUSANDS_PART = re.compile(r"[0-9]{3}(?:,[0-9]{3})*(?:\.[0-9]+)?\s*(?:千円|円)?")


def _types(spec: dict) -> list:
    types = spec.get("type", [])
    return types if isinstance(types, list) else [types]


def _integer_fields(kind: str) -> list[tuple]:
    """Paths ("*" for a list's items, "**" for a map's values) of the fields the schema types as integers and not as
    numbers. JSON Schema counts 2025.0 as an integer, the validator with it; the registry does
    not: a year, a count or an amount of yen written with a decimal point is a fault (issue 14:
    no floats anywhere)."""
    if kind not in _INTEGER_FIELDS:
        found = []

        def walk(spec, path):
            if not isinstance(spec, dict):
                return
            types = _types(spec)
            if "integer" in types and "number" not in types:
                found.append(path)
            for key, sub in (spec.get("properties") or {}).items():
                walk(sub, path + (key,))
            if isinstance(spec.get("items"), dict):
                walk(spec["items"], path + ("*",))
            if isinstance(spec.get("additionalProperties"), dict):  # a map keyed by ids (count overrides)
                walk(spec["additionalProperties"], path + ("**",))
        walk(load_schema(kind), ())
        _INTEGER_FIELDS[kind] = found
    return _INTEGER_FIELDS[kind]


def _whole_floats(value, fields):
    """(path, value) of each float where the schema wants an integer (_integer_fields)."""
    for pattern in fields:
        nodes = [((), value)]
        for step in pattern:
            if step == "*":
                nodes = [(p + (i,), v) for p, node in nodes if isinstance(node, list) for i, v in enumerate(node)]
            elif step == "**":
                nodes = [(p + (k,), v) for p, node in nodes if isinstance(node, dict) for k, v in node.items()]
            else:
                nodes = [(p + (step,), node[step]) for p, node in nodes if isinstance(node, dict) and step in node]
        yield from ((p, v) for p, v in nodes if isinstance(v, float))


# Findings that make others on the same value redundant. Not "quote it": quoting a number in an
# enum field still fails the enum, so the allowed values stay shown.
_FIRST = ("schema-type", "date-invalid")
# Fields that hold dates (validated as text by the schema, parsed by the tool).
_DATE_KEYS = {"designated_on", "designated_by", "withdrawn_on", "published", "scheme_start", "start", "end",
              "date", "old"}


class _Nested(NamedTuple):
    """An error found inside one branch of an `anyOf`, with its paths from the document's root."""
    instance_path: tuple
    schema_path: tuple
    kind: object
    instance: object
    message: str


def _problems(schema, doc, error) -> list[Problem]:
    """One error's problems. An `anyOf` (a requirement: true/false/null, or {met, evidence}) is
    judged by the branch of the value's own shape, so that a typo inside the mapping is named
    as such instead of "none of the forms"."""
    if error.kind.name != "anyOf":
        return [_problem(schema, doc, error)]
    branches = _subschema(schema, error.schema_path).get("anyOf", [])
    found = _json_type(error.instance)
    for i, branch in enumerate(branches):
        types = branch.get("type", [])
        if found in (types if isinstance(types, list) else [types]) or (found == "number" and "integer" in types):
            prefix, base = tuple(error.instance_path), tuple(error.schema_path) + (i,)
            return [_problem(schema, doc, _Nested(prefix + tuple(e.instance_path), base + tuple(e.schema_path),
                                                   e.kind, e.instance, e.message))
                    for e in _branch_validator(id(branch), branch).iter_errors(error.instance)]
    expected = [t for b in branches for t in (b.get("type") if isinstance(b.get("type"), list) else [b.get("type")])]
    return [_type_problem(schema, doc, tuple(error.instance_path), expected, error.instance)]


_BRANCHES: dict = {}


def _branch_validator(key, branch):
    if key not in _BRANCHES:
        import jsonschema_rs

        _BRANCHES[key] = jsonschema_rs.validator_for(branch)
    return _BRANCHES[key]


_SHOWN = 40  # characters of a value shown in a message


def written(doc, node, value) -> str:
    """The value as the officer wrote it: a scalar's text (`.nan`, `yes`, `０１２`), a list or
    mapping's source text on one line (shortened), else the value."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        text = node.value
    elif node is not None and doc.text is not None:
        text = " ".join(doc.text[node.start_mark.index:node.end_mark.index].split())
    else:
        text = "null" if value is None else str(value)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


_TAG_TYPES = {"int": "number", "float": "number", "bool": "boolean", "null": "null", "str": "string",
              "seq": "array", "map": "object", "timestamp": "string"}


def _found_type(node, value) -> str:
    """The JSON type of the value as the file wrote it (the validator sees `.nan` as null)."""
    tag = getattr(node, "tag", "") or ""
    return _TAG_TYPES.get(tag.rsplit(":", 1)[-1], _json_type(value))


def _type_problem(schema, doc, path, expected, value) -> Problem:
    line, column, node = doc.locate(path, tagged=True)
    field = _field(schema, path)
    found = _found_type(node, value)
    shown = written(doc, node, value)
    kinds = [t for t in dict.fromkeys(expected) if t and t != "null"]
    ja, en = _TYPE_JA.get(found, found), _TYPE_EN.get(found, found)
    return Problem("schema-type", line, column, {
        **field,
        "expected": "または".join(_TYPE_JA.get(t, t) for t in kinds),
        "expected_en": " or ".join(_TYPE_EN.get(t, t) for t in kinds),
        "found": ja, "found_en": en,
        "now": f"{ja}「{shown}」" if shown and found != "null" else ja,
        "now_en": f"{en} '{shown}'" if shown and found != "null" else en,
        "null_ok": "分からなければ null と書きます。" if "null" in expected else "",
        "null_ok_en": " If it is not known, write null." if "null" in expected else "",
    }, path)


def _problem(schema, doc, error) -> Problem:
    path = tuple(error.instance_path)
    kind = error.kind
    name = kind.name
    if name == "required":
        key = kind.property
        described = _property_schema(schema, path + (key,))
        line, column, _ = doc.locate(path)
        example = _example(described.get("description", ""))
        return Problem("schema-required", line, column, {
            "key": key, "title": described.get("title", ""), "title_en": key,
            "example": f"例：「{key}: {example}」" if example else "",
            "example_en": f" For example: '{key}: {example}'." if example else ""}, path + (key,))
    if name == "additionalProperties":
        key = kind.unexpected[0]
        allowed = list(_subschema(schema, error.schema_path).get("properties", {}))
        close = difflib.get_close_matches(key, allowed, n=1) or [a for a in allowed if a.lower() == key.lower()][:1]
        line, column, _ = doc.locate(path + (key,), key=True)
        if _THOUSANDS_PART.fullmatch(str(key)):  # `{applied: 2,092,000}`: the comma ended the value
            return Problem("schema-unknown-key", line, column, {
                "key": key, "meant": "",
                "suggestion": "{ } の中ではカンマ（,）が項目の区切りになるため、数の桁区切りのカンマで値が切れています。"
                              "数は 2092000 のように区切りを付けずに書いてください。",
                "suggestion_en": "Inside { } a comma separates fields, so a thousands separator cut the number: "
                                 "write numbers without separators, e.g. 2092000."}, path + (key,))
        return Problem("schema-unknown-key", line, column, {
            "key": key, "meant": close[0] if close else "",
            "suggestion": f"「{close[0]}」の書き間違いではありませんか。" if close else "使える項目: " + "、".join(allowed),
            "suggestion_en": f"Did you mean '{close[0]}'?" if close else "Allowed: " + ", ".join(allowed),
        }, path + (key,))
    line, column, node = doc.locate(path, tagged=True)
    field = _field(schema, path)
    value = error.instance
    if name in ("minItems", "uniqueItems"):
        code = "schema-min-items" if name == "minItems" else "schema-unique-items"
        minimum = _subschema(schema, error.schema_path).get("minItems", 1)
        repeated = _repeated(value) if name == "uniqueItems" else ""
        return Problem(code, line, column, {**field, "minimum": minimum, "value": repeated}, path)
    if name == "type":
        expected = kind.types if isinstance(kind.types, list) else [kind.types]
        raw = getattr(node, "value", None)
        if path and path[-1] in _DATE_KEYS and getattr(node, "tag", "").endswith((":int", ":float")):
            return Problem("date-invalid", line, column, {
                "field": field["field"], "field_en": field["field_en"], "text": raw if isinstance(raw, str) else str(value),
                "hint": "2025-04-01、令和7年4月1日、R7.4.1 のように書いてください。",
                "hint_en": "Write it as 2025-04-01, 令和7年4月1日 or R7.4.1."}, path)
        if "string" in expected and isinstance(raw, str) and raw.isascii() and "nan" not in raw.lower() \
                and "inf" not in raw.lower() and getattr(node, "tag", "").endswith((":int", ":float")):
            return Problem("yaml-unquoted-code", line, column, {**field, "raw": raw}, path)
        return _type_problem(schema, doc, path, expected, value)
    shown = written(doc, node, value)
    if name == "enum":
        allowed = [("null" if a is None else str(a)) for a in _subschema(schema, error.schema_path).get("enum", [])]
        close = (_by_label(_property_schema(schema, path).get("description", ""), shown, allowed)
                 or difflib.get_close_matches(shown, allowed, n=1)
                 or [a for a in allowed if a.lower() == shown.lower()][:1])
        return Problem("schema-enum", line, column, {
            **field, "value": shown, "allowed": ", ".join(allowed),
            "suggestion": f"「{close[0]}」の書き間違いではありませんか。" if close else "",
            "suggestion_en": f" Did you mean '{close[0]}'?" if close else ""}, path)
    if name in ("pattern", "minLength", "format", "minimum", "maximum"):
        described = _property_schema(schema, path)
        hint, hint_en = _format_hint(name, _subschema(schema, error.schema_path), value, described)
        return Problem("schema-format", line, column, {**field, "value": shown, "title": described.get("description", ""),
                                                       "hint": hint, "hint_en": hint_en}, path)
    return Problem("schema-invalid", line, column, {**field, "detail": error.message}, path)


_LABELLED = re.compile(r"([a-z][a-z0-9_]*)＝([^、。]+)")


def _by_label(description: str, shown: str, allowed: list) -> list:
    """The value whose label was written (`status: 調整中` means coordinating): the schema's
    description pairs them as 「coordinating＝調整中、…」."""
    wanted = unicodedata.normalize("NFKC", shown).strip()
    return [value for value, label in _LABELLED.findall(description)
            if value in allowed and unicodedata.normalize("NFKC", label).strip() == wanted][:1]


def _example(description: str) -> str:
    """The example a schema description ends with (「…。例：zaitaku_clinic」 -> zaitaku_clinic)."""
    return description.rsplit("例：", 1)[1].strip().rstrip("。") if "例：" in description else ""


def _repeated(items) -> str:
    seen = set()
    for item in items if isinstance(items, list) else ():
        shown = json.dumps(item, ensure_ascii=False) if not isinstance(item, str) else item
        if shown in seen:
            return shown
        seen.add(shown)
    return ""


_SEPARATORS = "-‐－―ー ‐　"  # what officers type between the digits of a code


def _format_hint(name: str, rule: dict, value, described: dict) -> tuple[str, str]:
    """What to write instead, for a value that fails a pattern, a minimum length, a minimum or a
    maximum:
    the same value in half-width (全角数字), without separators or spaces, a code's digit count;
    else the field's description (the schema's own words)."""
    default = described.get("description", ""), ""
    if name == "minLength" and value == "":
        return (("空の文字列です。分からなければ null と書いてください。", "It is empty; if it is not known, write null.")
                if "null" in (described.get("type") or []) else ("空の文字列です。値を書いてください。", "It is empty; write a value."))
    if name == "minimum":
        return (f"{rule.get('minimum')} 以上の数で書いてください。", f"Write a number of at least {rule.get('minimum')}.")
    if name == "maximum":
        return (f"{rule.get('maximum')} 以下の数で書いてください。", f"Write a number of at most {rule.get('maximum')}.")
    pattern = rule.get("pattern")
    if name != "pattern" or not isinstance(value, str) or not pattern:
        return default
    fits = re.compile(pattern).search
    half = unicodedata.normalize("NFKC", value)
    if half != value and fits(half):
        wide = "".join(dict.fromkeys(c for c in value if unicodedata.east_asian_width(c) == "F"))
        what = "全角数字" if wide and all(c.isdigit() for c in wide) else "全角の文字"
        return (f"{what}が含まれています。半角で「{half}」と書いてください。",
                f"It contains full-width characters ({wide}); write it in half-width: '{half}'.")
    for candidate in (value.strip(), "".join(c for c in half if c not in _SEPARATORS), value.lower()):
        if candidate != value and fits(candidate):
            return (f"「{candidate}」と書いてください（空白・区切りの記号・大文字は使えません）。",
                    f"Write it as '{candidate}' (no spaces, separators or capitals).")
    digits = re.fullmatch(r"\^\[0-9\]\{(\d+)\}\$", pattern)
    if digits and half.isdigit():
        n = int(digits.group(1))
        return (f"{n}桁の数字で書いてください（今は{len(half)}桁です）。" + ("先頭の 0 が抜けていませんか。" if len(half) < n else ""),
                f"Write {n} digits (it has {len(half)})." + (" Is a leading 0 missing?" if len(half) < n else ""))
    bad = _first_outside(pattern, value)
    if bad:
        return (f"「{bad}」（U+{ord(bad):04X}）は使えません。{default[0]}", f"'{bad}' (U+{ord(bad):04X}) is not allowed here.")
    return default


def _first_outside(pattern: str, value: str) -> str:
    """For a pattern of one character class (^[…]+$), the first character of `value` outside it."""
    import re

    match = re.fullmatch(r"\^(\[[^\]]*\])[+*]\$", pattern)
    if not match:
        return ""
    one = re.compile(match.group(1))
    return next((c for c in value if not one.fullmatch(c)), "")
