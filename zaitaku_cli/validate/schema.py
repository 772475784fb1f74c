"""JSON Schema validation with jsonschema-rs, and the translation of its errors into located,
Japanese-first problems. Valid files cost one `is_valid` call; only failing files are walked for
their errors and located."""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path

from zaitaku_cli.load.problem import Problem

_TYPE_JA = {"string": "文字列", "integer": "整数", "number": "数値", "boolean": " true か false ",
            "array": "リスト", "object": "「キー: 値」の形", "null": "空（null）"}
_TYPE_EN = {"object": "a mapping", "array": "a list", "boolean": "true or false", "null": "null"}


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


def check_schema(kind: str, doc) -> list[Problem]:
    value = doc.value
    v = validator(kind)
    if v.is_valid(value):
        return []
    schema = load_schema(kind)
    problems = [_problem(schema, doc, error) for error in v.iter_errors(value)]
    # A value of the wrong type also fails its enum or pattern: say only what to fix first.
    typed = {p.path for p in problems if p.code in _FIRST}
    return [p for p in problems if p.code in _FIRST or p.path not in typed]


# Findings that make others on the same value redundant. Not "quote it": quoting a number in an
# enum field still fails the enum, so the allowed values stay shown.
_FIRST = ("schema-type", "date-invalid")
# Fields that hold dates (validated as text by the schema, parsed by the tool).
_DATE_KEYS = {"designated_on", "designated_by", "withdrawn_on", "published", "scheme_start", "start", "end",
              "date", "old"}


def _problem(schema, doc, error) -> Problem:
    path = tuple(error.instance_path)
    kind = error.kind
    name = kind.name
    if name == "required":
        key = kind.property
        title = _property_schema(schema, path + (key,)).get("title", "")
        line, column, _ = doc.locate(path)
        return Problem("schema-required", line, column,
                       {"key": key, "title": title, "title_en": key}, path + (key,))
    if name == "additionalProperties":
        key = kind.unexpected[0]
        allowed = list(_subschema(schema, error.schema_path).get("properties", {}))
        close = difflib.get_close_matches(key, allowed, n=1)
        line, column, _ = doc.locate(path + (key,), key=True)
        return Problem("schema-unknown-key", line, column, {
            "key": key,
            "suggestion": f"「{close[0]}」の書き間違いではありませんか。" if close else "使える項目: " + "、".join(allowed),
            "suggestion_en": f"Did you mean '{close[0]}'?" if close else "Allowed: " + ", ".join(allowed),
        }, path + (key,))
    line, column, node = doc.locate(path)
    field = _field(schema, path)
    value = error.instance
    if name in ("minItems", "uniqueItems"):
        code = "schema-min-items" if name == "minItems" else "schema-unique-items"
        minimum = _subschema(schema, error.schema_path).get("minItems", 1)
        return Problem(code, line, column, {**field, "minimum": minimum}, path)
    if name == "type":
        expected = kind.types if isinstance(kind.types, list) else [kind.types]
        raw = getattr(node, "value", None)
        if path and path[-1] in _DATE_KEYS and getattr(node, "tag", "").endswith((":int", ":float")):
            return Problem("date-invalid", line, column, {
                "field": field["field"], "field_en": field["field_en"], "text": raw if isinstance(raw, str) else str(value),
                "hint": "2025-04-01、令和7年4月1日、R7.4.1 のように書いてください。",
                "hint_en": "Write it as 2025-04-01, 令和7年4月1日 or R7.4.1."}, path)
        if "string" in expected and isinstance(value, (int, float)) and not isinstance(value, bool) \
                and isinstance(raw, str):
            return Problem("yaml-unquoted-code", line, column, {**field, "raw": raw}, path)
        found = _json_type(value)
        return Problem("schema-type", line, column, {
            **field,
            "expected": "または".join(_TYPE_JA.get(t, t) for t in expected if t != "null"),
            "expected_en": " or ".join(_TYPE_EN.get(t, t) for t in expected if t != "null"),
            "found": _TYPE_JA.get(found, found), "found_en": _TYPE_EN.get(found, found),
        }, path)
    if name == "enum":
        allowed = _subschema(schema, error.schema_path).get("enum", [])
        return Problem("schema-enum", line, column, {
            **field, "value": value,
            "allowed": ", ".join("null" if a is None else str(a) for a in allowed)}, path)
    if name in ("pattern", "minLength", "format", "anyOf"):
        title = _property_schema(schema, path).get("description", "")
        return Problem("schema-format", line, column, {**field, "value": value, "title": title}, path)
    return Problem("schema-invalid", line, column, {**field, "detail": error.message}, path)
