"""The compiled path (libyaml's raw_parse for the syntax, yaml-rs for the values,
document._compiled_values) must give exactly what libyaml's compose and our walk give: the same
values, types and findings, on every file the project ships, a generated registry with faults,
and random and damaged documents; whatever it cannot reproduce it leaves to libyaml."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from test_load_fast_path import SCALARS, _random_document, typed
from zaitaku_cli.load import document

ROOT = Path(__file__).resolve().parent.parent
GENERATE = ROOT / "benchmarks" / "generate.py"


def _libyaml(data: bytes):
    saved, document._loads = document._loads, False
    try:
        return document.read_document("x.yaml", data)
    finally:
        document._loads = saved


def _both(data: bytes):
    old, new = _libyaml(data), document.read_document("x.yaml", data)
    assert (typed(new.value), new.problems, new.lossy, new.text) == \
        (typed(old.value), old.problems, old.lossy, old.text), data


def _took_compiled(text: str) -> bool:
    return document._compiled_values(text) is not document._NOT_YET


def _yaml_files(*folders: Path):
    return sorted(p for folder in folders for p in folder.rglob("*.y*ml") if p.is_file())


def test_every_shipped_file_reads_the_same():
    files = _yaml_files(ROOT / "tests" / "fixtures", ROOT / "registry", ROOT / "examples")
    assert len(files) > 250
    for path in files:
        _both(path.read_bytes())
    # the records are clean: the compiled path read most of them
    assert sum(_took_compiled(p.read_text(encoding="utf-8", errors="replace")) for p in files) > 100


def test_a_generated_registry_with_faults_reads_the_same(tmp_path):
    proc = subprocess.run([sys.executable, str(GENERATE), str(tmp_path), "--institutions", "400", "--hubs", "40",
                           "--zones", "20", "--fault-rate", "0.25"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    files = _yaml_files(tmp_path)
    assert len(files) > 400
    for path in files:
        _both(path.read_bytes())


_DAMAGE = ['"', "'", ":", " ", "-", "[", "]", "{", "}", ",", "#", "\n", "?", "---\n", "...\n", "  ", "&a ", "%", "@",
           "`", "\r", "|", "~", "=", "yes", "017", "0o17", "1e3", "1_0", "1:3", "012068", "null", "true", ": ", "- ",
           "\n  ", "\n- ", '"yes"', "'017'", "2025-04-01", " #", "\u3000", "\n...", "\n---"]


def _damaged(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.choice([0, 1, 1, 2, 3, 5])):
        at = rng.randrange(len(chars) + 1)
        if rng.random() < 0.3 and chars:
            del chars[min(at, len(chars) - 1):min(at, len(chars) - 1) + rng.randint(1, 3)]
        else:
            chars.insert(at, rng.choice(_DAMAGE))
    return "".join(chars)


def test_random_and_damaged_documents_read_the_same():
    rng = random.Random(20261130)
    records = [p.read_text(encoding="utf-8") for p in _yaml_files(ROOT / "tests" / "fixtures" / "valid")]
    compiled = 0
    for _ in range(4000):
        text = rng.choice(records) if records and rng.random() < 0.5 else _random_document(rng)
        text = _damaged(rng, text)
        compiled += _took_compiled(text)
        _both(text.encode())
    assert compiled > 500  # both paths really ran


@pytest.mark.parametrize("scalar", SCALARS)
def test_each_scalar_bare_and_quoted(scalar):
    for text in (f"v: {scalar}\n", f"v: [{scalar or 'x'}, b]\n", f"v: '{scalar}'\n", f'v: "{scalar}"\n',
                 f"v: {scalar}\nw: '{scalar}'\n", f"v: {{a: {scalar}}}\n"):
        _both(text.encode())


@pytest.mark.parametrize("text", [
    "code: 012068\n", "code: '012068'\nother: 012068\n", "intent: yes\n", "limit: 017\n", "limit: 1:30\n",
    "a: 1\na: 2\n", "a: {?}\n", "a: [?x]\n", "a: 1\n---\nb: 2\n", "a: 1\n---\n", "...\na: 1\n",
    "a: {b: c, publ\n  ished: null}\n", "a: {b: c, d:, e}\n", "a: &x 1\n", "a: =\n", "1: a\n",
    "a: 1.5\n", "- a\n", "a: ' x'\n", "a: \"x\n\n  y\"\n", "a: [b,\nc]\n",
])
def test_what_yaml_1_2_reads_otherwise_goes_the_libyaml_way(text):
    assert not _took_compiled(text)
    _both(text.encode())


def test_a_clean_record_takes_the_compiled_path():
    text = ('id: inst-1\nname: 診療所\nmunicipality: "011002"\nintent: true\nnote: null\n'
            "designation: {status: designated, designated_on: 2025-04-01}\nsources: []\n")
    assert _took_compiled(text)
    assert document.read_document("x.yaml", text.encode()).value["designation"]["designated_on"] == "2025-04-01"


@pytest.mark.parametrize("text", ["a:\n" + "- " * 100_000 + "x\n", "a: " + "- " * 5_000 + "x\n",
                                  "".join("  " * i + "k:\n" for i in range(600)) + "  " * 600 + "v\n"])
def test_deep_nesting_reads_the_same(text):
    _both(text.encode())  # and no crash: neither parser may recurse without bound
