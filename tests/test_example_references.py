"""The examples' municipalities are real: every row of examples/*/registry/reference/municipalities.csv
(code with its check digit, name, kana) equals the data package `zaitaku init` uses (japancode),
and every municipality of the prefecture is there once."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from zaitaku_cli.municipalities import find_prefecture, load_prefectures, municipalities_of

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("example, prefecture, count", [("kumamoto", "熊本県", 45), ("niigata", "新潟県", 30)])
def test_example_municipalities_equal_the_data_package(example, prefecture, count):
    path = EXAMPLES / example / "registry" / "reference" / "municipalities.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = sorted((r["code"], r["name"], r["kana"]) for r in csv.DictReader(f))
    towns = municipalities_of(find_prefecture(prefecture, load_prefectures()))
    assert len(rows) == count
    assert rows == sorted((t.code, t.name, t.kana) for t in towns)
