"""The two-process reading path gives exactly the findings of the one-process path."""

import datetime
import importlib.util
from pathlib import Path

from zaitaku_cli import parallel
from zaitaku_cli.check import check_registry

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_and_two_processes_give_the_same_findings(tmp_path, monkeypatch):
    stats = _generator().generate(tmp_path, institutions=400, hubs=60, zones=185)
    assert stats["institution_faults"] > 0  # the error paths run
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 100)  # force the worker on a small tree
    as_of = datetime.date(2025, 12, 31)
    one = check_registry(tmp_path / "registry", as_of, jobs=1)
    two = check_registry(tmp_path / "registry", as_of, jobs=2)
    key = lambda r: [(f.code, f.file, f.line, f.column, f.path, f.params) for f in r.findings]
    assert key(one) == key(two)
    assert one.errors > 0
    codes = {f.code for f in one.findings}
    assert {"medical-institution-code", "zone-overlap"} <= codes
