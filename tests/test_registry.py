"""The embedded registry (registry/) and the JSON Schemas (schemas/)."""

from __future__ import annotations

import csv
import datetime
import json
import re

import pytest

from registry_builder import EMBEDDED, REPO
from run_cli import run_json
from zaitaku_cli.check import check_registry

SCHEMAS = REPO / "schemas"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
YAML_FILES = sorted(EMBEDDED.rglob("*.yaml"))
KIND_SCHEMA = {"zones": "zone", "institutions": "institution", "hubs": "hub", "registry": "prefecture"}


def _today_in_japan():
    return datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=9))).date()


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(EMBEDDED).as_posix())
def test_first_line_points_at_its_schema(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert m, f"first line: {first!r}"
    target = (path.parent / m.group(1)).resolve()
    assert target.is_file(), target
    assert target == (SCHEMAS / f"{KIND_SCHEMA[path.parent.name]}.schema.json").resolve()


def _municipalities():
    with (EMBEDDED / "reference" / "municipalities.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_179_municipalities_with_valid_check_digits():
    rows = _municipalities()
    assert len(rows) == 179
    codes = [r["code"] for r in rows]
    assert len(set(codes)) == 179
    for code in codes:
        assert re.fullmatch(r"01\d{4}", code), code
        # 全国地方公共団体コード: weights 6,5,4,3,2 on the first five digits, check = (11 - sum % 11) % 10
        total = sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2)))
        assert int(code[5]) == (11 - total % 11) % 10, code


def test_municipalities_belong_to_the_21_secondary_areas():
    import yaml

    scheme = yaml.safe_load((EMBEDDED / "prefecture.yaml").read_text(encoding="utf-8"))
    areas = {a["code"] for a in scheme["secondary_areas"]}
    assert len(areas) == 21
    assert {r["secondary_area"] for r in _municipalities()} == areas


def test_population_figures_are_for_known_municipalities():
    codes = {r["code"] for r in _municipalities()}
    with (EMBEDDED / "reference" / "population-2024-01-01.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 101
    assert {r["code"] for r in rows} <= codes
    assert all(int(r["population"]) > 0 for r in rows)


def test_record_counts():
    counts = {kind: len(list((EMBEDDED / kind).glob("*.yaml"))) for kind in ("zones", "hubs", "institutions")}
    assert counts == {"zones": 10, "hubs": 4, "institutions": 4}


@pytest.mark.parametrize("as_of", [datetime.date(2025, 12, 31), _today_in_japan()], ids=["2025-12-31", "today"])
def test_embedded_registry_has_no_errors(as_of):
    result = check_registry(EMBEDDED, as_of)
    errors = [(f.file, f.line, f.column, f.code) for f in result.findings if f.severity == "error"]
    assert errors == []
    assert result.exit_code() == 0


def test_embedded_registry_through_the_command_with_todays_date():
    status, report = run_json([], REPO)  # no --as-of: today in Japan
    assert status == 0
    assert report["summary"]["errors"] == 0


# --- schemas -----------------------------------------------------------------------------

SCHEMA_FILES = sorted(SCHEMAS.glob("*.schema.json"))


def test_one_schema_per_file_kind():
    assert {p.name for p in SCHEMA_FILES} == {f"{k}.schema.json" for k in ("prefecture", "zone", "institution", "hub", "grant")}


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path):
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert jsonschema_rs.meta.is_valid(schema)
    jsonschema_rs.Draft202012Validator(schema)  # compiles


def _walk(node, where="#"):
    """Yield (where, schema) for every subschema."""
    if not isinstance(node, dict):
        return
    yield where, node
    for name, sub in (node.get("properties") or {}).items():
        yield from _walk(sub, f"{where}/properties/{name}")
    for keyword in ("items", "additionalProperties", "not"):
        if isinstance(node.get(keyword), dict):
            yield from _walk(node[keyword], f"{where}/{keyword}")
    for keyword in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for i, sub in enumerate(node.get(keyword) or []):
            yield from _walk(sub, f"{where}/{keyword}/{i}")
    for name, sub in (node.get("$defs") or {}).items():
        yield from _walk(sub, f"{where}/$defs/{name}")


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_objects_are_closed_and_every_property_is_described_in_japanese(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    properties = 0
    for where, node in _walk(schema):
        if "properties" in node:
            assert node.get("additionalProperties") is False, f"{path.name} {where}: additionalProperties must be false"
        for name, sub in (node.get("properties") or {}).items():
            properties += 1
            if "$ref" in sub and len(sub) == 1:
                continue
            for keyword in ("title", "description"):
                text = sub.get(keyword)
                assert isinstance(text, str) and JAPANESE.search(text), f"{path.name} {where}/properties/{name}: {keyword}"
    assert properties >= 5
    assert JAPANESE.search(schema["title"]) and JAPANESE.search(schema["description"])


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(EMBEDDED).as_posix())
def test_embedded_records_validate_against_their_schema(path):
    """Independently of zaitaku's loader: plain PyYAML (dates kept as text) + the schema."""
    import yaml

    jsonschema_rs = pytest.importorskip("jsonschema_rs")

    class TextDates(yaml.SafeLoader):
        pass

    TextDates.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    value = yaml.load(path.read_text(encoding="utf-8"), Loader=TextDates)
    schema = json.loads((SCHEMAS / f"{KIND_SCHEMA[path.parent.name]}.schema.json").read_text(encoding="utf-8"))
    errors = [e.message for e in jsonschema_rs.validator_for(schema).iter_errors(value)]
    assert errors == []
