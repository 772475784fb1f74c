"""The loader's fast path (nodes without resolved tags, scalars resolved by _plain_values) must
give exactly what the full walk gives, or step aside (_Unusual) whenever the walk has a finding."""

import random
from pathlib import Path

import pytest
import yaml

from zaitaku_cli.load.document import (
    _LITERALS, _Loader, _plain_values, _UntaggedLoader, _Unusual, _Walk, _compose, read_document,
)

# Every implicit tag SafeLoader resolves, its near misses, and each quoting style.
SCALARS = [
    "~", "null", "Null", "NULL", "", "nul", "None",
    "yes", "Yes", "YES", "no", "No", "on", "On", "OFF", "off", "true", "True", "FALSE", "false",
    "y", "n", "yEs", "tRue",
    "0", "-5", "+3", "0x1F", "0o17", "017", "0b101", "1_000", "190:20:30", "0.", "-0",
    "1.5", ".inf", "-.Inf", ".NaN", "1.0e+3", "1e3", "6.8523015e+5", "190:20:30.15", "1_0.5",
    "2025-04-01", "2025-4-1", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",
    "012068", "0109", "４２", "1st", "令和7年4月1日", "R7.4.1", "ベンチマーク診療所",
    "=", "a=b", "inst-00001", "http://example.jp/a?b=1", "-", ".", "+",
    "'012068'", '"0109"', "'yes'", '"null"', "'~'", '"1.5"', "'2025-04-01'", "''", '""',
]
BLOCKS = ["|\n  line one\n  line two\n", ">\n  folded\n  text\n", "|-\n  012068\n"]


def fast(text):
    root, _ = _compose(text, _UntaggedLoader)
    return _plain_values(root)


def walked(text):
    walk = _Walk()
    root, _ = _compose(text, _Loader)
    return walk.value(root, ()), walk


def typed(value):
    """Equality that tells True from 1 and 1.0 from 1 (and nan from everything but itself)."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    if isinstance(value, float) and value != value:
        return ("float", "nan")
    return (type(value).__name__, value)


def assert_same(text):
    try:
        expected, walk = walked(text)
    except yaml.YAMLError:
        with pytest.raises(yaml.YAMLError):
            fast(text)
        return "syntax"
    try:
        value = fast(text)
    except _Unusual:
        return "unusual"
    assert not walk.problems and not walk.lossy, (text, walk.problems)
    assert typed(value) == typed(expected), text
    return "fast"


@pytest.mark.parametrize("scalar", SCALARS)
def test_each_scalar_as_value_item_and_root(scalar):
    assert_same(f"key: {scalar}\n")
    assert_same(f"list:\n  - {scalar}\n  - [{scalar or 'x'}, b]\n")
    if scalar:  # an empty text has no root (file-empty)
        assert_same(f"{scalar}\n")


@pytest.mark.parametrize("block", BLOCKS)
def test_block_scalars_are_text(block):
    assert assert_same(f"note: {block}") == "fast"


@pytest.mark.parametrize("text", [
    "code: 012068\n",  # yaml-unquoted-code
    "code: 0o17\n", "code: 1e3\n", "code: [-.5]\n",  # YAML 1.2 reads a number: yaml-unquoted-code
    "intent: yes\n", "training: On\n", "- OFF\n", "met: [no]\n",  # yaml-boolean-1-1
    "limit: 017\n", "limit: 1_000\n", "limit: 1:30\n", "limit: 0b101\n", "limit: -0x1F\n",  # yaml-number-1-1
    "limit: 1_000.5\n", "limit: [190:20:30.15]\n",
    "a: 1\na: 2\n",  # yaml-duplicate-key
    "? [a, b]\n: 1\n",  # yaml-complex-key
    "a: =\n",  # the value tag
])
def test_what_the_walk_reports_is_left_to_the_walk(text):
    assert assert_same(text) == "unusual"
    assert walked(text)[1].problems or walked(text)[1].lossy


def test_the_literal_table_is_what_safe_loader_reads():
    for text, value in _LITERALS.items():
        assert yaml.load(f"v: {text}", Loader=yaml.CSafeLoader) == {"v": value}, text
        assert type(yaml.load(f"v: {text}", Loader=yaml.CSafeLoader)["v"]) is type(value)


def test_depth_limit_matches_the_walk():
    from zaitaku_cli.load.document import MAX_DEPTH

    for depth in (MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1):
        assert_same("a:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(depth)) + "  " * (depth + 1) + "v\n")
        assert_same("a: " + "[" * depth + "x" + "]" * depth + "\n")


def _random_document(rng, depth=0):
    def node(depth):
        choice = rng.random()
        if depth < 4 and choice < 0.2:
            return {rng.choice(["a", "b", "yes", "1", "名前", "c"]): node(depth + 1) for _ in range(rng.randint(0, 3))}
        if depth < 4 and choice < 0.35:
            return [node(depth + 1) for _ in range(rng.randint(0, 3))]
        return rng.choice(SCALARS)

    def render(value, indent):
        pad = "  " * indent
        if isinstance(value, dict):
            if not value:
                return " {}\n"
            return "\n" + "".join(f"{pad}{k}:{render(v, indent + 1)}" for k, v in value.items())
        if isinstance(value, list):
            if not value or rng.random() < 0.3:
                return " [" + ", ".join(v if isinstance(v, str) and v else "x" for v in value if not isinstance(v, (dict, list))) + "]\n"
            return "\n" + "".join(f"{pad}-{render(v, indent + 1)}" for v in value)
        return f" {value}\n"

    return "".join(f"k{i}:{render(node(depth), 1)}" for i in range(rng.randint(1, 6)))


def test_random_documents_agree():
    rng = random.Random(20261123)
    outcomes = {"fast": 0, "unusual": 0, "syntax": 0}
    for _ in range(3000):
        outcomes[assert_same(_random_document(rng))] += 1
    # both paths really ran (a third of the scalars are yes/no/on/off or YAML 1.1-only numbers,
    # which the walk reports)
    assert outcomes["fast"] > 800 and outcomes["unusual"] > 100


def test_read_document_gives_the_walks_findings_on_the_fast_path_text():
    doc = read_document("x.yaml", b"id: a\ncode: 012068\nname: x\n")
    assert [(p.code, p.line, p.column) for p in doc.problems] == [("yaml-unquoted-code", 2, 7)]
    assert doc.value == {"id": "a", "code": "012068", "name": "x"}


def test_full_width_digits_stay_on_the_fast_path():
    assert assert_same("name: ４２\n") == "fast"  # text, and no yaml-unquoted-code: not ASCII digits


@pytest.mark.parametrize("text, value", [
    ("v: 0\n", 0), ("v: -5\n", -5), ("v: +3\n", 3), ("v: 0x1F\n", 31), ("v: 1.5\n", 1.5), ("v: .inf\n", float("inf")),
    ("v: true\n", True), ("v: FALSE\n", False),
])
def test_numbers_and_booleans_both_yaml_versions_read_alike_stay_fast(text, value):
    assert assert_same(text) == "fast"
    assert fast(text) == {"v": value}


@pytest.mark.parametrize("text, code, params", [
    ("v: yes\n", "yaml-boolean-1-1", {"raw": "yes", "value": "true"}),
    ("v: Off\n", "yaml-boolean-1-1", {"raw": "Off", "value": "false"}),
    ("v: 017\n", "yaml-number-1-1", {"raw": "017", "value": "15", "reading": "17"}),
    ("v: 1_000\n", "yaml-number-1-1", {"raw": "1_000", "value": "1000", "reading": "文字「1_000」"}),
    ("v: 1:30\n", "yaml-number-1-1", {"raw": "1:30", "value": "90", "reading": "文字「1:30」"}),
    ("v: 0o17\n", "yaml-unquoted-code", {"raw": "0o17"}),
    ("v: 1e3\n", "yaml-unquoted-code", {"raw": "1e3"}),
])
def test_yaml_1_1_forms_keep_the_1_1_value_and_say_so(text, code, params):
    doc = read_document("x.yaml", text.encode())
    assert [(p.code, p.line, p.column) for p in doc.problems] == [(code, 1, 4)]
    assert params.items() <= doc.problems[0].params.items()
    assert not doc.lossy  # validated further: the record is not dropped
    assert doc.value == walked(text)[0]


@pytest.mark.parametrize("text", ["v: !!str 123\n", "v: !!str 0123\n", "v: !!str yes\n", "v: !!bool true\n",
                                  "v: !!int 17\n", "v: '017'\n", 'v: "yes"\n'])
def test_an_explicit_tag_or_quotes_say_what_is_meant(text):
    assert read_document("x.yaml", text.encode()).problems == []


def _paths(value, path=()):
    """Every path into `value`, and one missing key or index below each collection."""
    yield path
    if isinstance(value, dict):
        yield path + ("no-such-key",)
        for key, item in value.items():
            yield from _paths(item, path + (key,))
    elif isinstance(value, list):
        yield path + (len(value),)
        for index, item in enumerate(value):
            yield from _paths(item, path + (index,))


def _yaml_files():
    root = Path(__file__).resolve().parent.parent
    for folder in ("tests/fixtures", "registry", "examples"):
        yield from sorted((root / folder).rglob("*.yaml"))


def test_locating_without_tags_finds_what_the_tagged_nodes_find():
    # Document.locate composes untagged unless the caller wants the node's tag (schema-type):
    # every position, of values and of keys, must be the one the tagged nodes give
    compared = 0
    for file in _yaml_files():
        data = file.read_bytes()
        untagged, tagged = read_document("x.yaml", data), read_document("x.yaml", data)
        if untagged.value is None:
            continue
        for path in _paths(untagged.value):
            for key in (False, True):
                assert untagged.locate(path, key=key)[:2] == tagged.locate(path, key=key, tagged=True)[:2], (file, path)
                compared += 1
    assert compared > 20_000


def test_a_tagged_locate_after_an_untagged_one_resolves_the_tag():
    doc = read_document("x.yaml", b"a:\n  b: 012\n  c: [1, yes]\n")
    assert doc.locate(("a", "b"))[:2] == (2, 6)
    line, column, node = doc.locate(("a", "b"), tagged=True)
    assert (line, column, node.tag) == (2, 6, "tag:yaml.org,2002:int")
    assert doc.locate(("a", "c", 1), tagged=True)[2].tag == "tag:yaml.org,2002:bool"
