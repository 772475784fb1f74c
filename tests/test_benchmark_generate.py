"""benchmarks/generate.py makes a registry for any sizes (it crashed with IndexError for fewer
than 179 zones), validates its arguments, never replaces a registry it did not make, and the
errors `zaitaku check` reports on its output are exactly the ones it documents and returns."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from run_cli import assert_no_traceback, run_json

GENERATE = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"
AS_OF = ["--as-of", "2025-12-31"]


def _generate(out: Path, *args: str):
    proc = subprocess.run([sys.executable, str(GENERATE), str(out), *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert_no_traceback(proc)
    return proc


@pytest.mark.parametrize("institutions, hubs, zones", [
    (3000, 200, 100),  # the command: fewer zones than municipalities
    (30, 5, 3),        # more institutions than zones, several per zone
    (10, 40, 2),       # more hubs than zones: the rest planned
    (0, 0, 1),         # nothing but one zone
    (5, 0, 181),       # two overlapping zones, fewer institutions than zones
    (40, 3, 360),      # a municipality in three zones
    (1, 1, 1),
])
def test_any_sizes_give_the_documented_errors(tmp_path, institutions, hubs, zones):
    proc = _generate(tmp_path, "--institutions", str(institutions), "--hubs", str(hubs), "--zones", str(zones))
    assert proc.returncode == 0, proc.stderr
    stats = ast.literal_eval(proc.stdout.strip())
    assert (stats["institutions"], stats["hubs"], stats["zones"]) == (institutions, hubs, zones)
    registry = tmp_path / "registry"
    assert len(list((registry / "institutions").glob("*.yaml"))) == institutions
    assert len(list((registry / "hubs").glob("*.yaml"))) == hubs
    assert len(list((registry / "zones").glob("*.yaml"))) == zones
    code, report = run_json(AS_OF, tmp_path)
    errors = Counter(f["code"] for f in report["findings"] if f["severity"] == "error")
    assert dict(errors) == stats["errors"]
    assert stats["errors"].get("zone-overlap", 0) == max(0, zones - 179)
    assert stats["errors"].get("medical-institution-code", 0) == stats["institution_faults"]
    assert code == (1 if errors else 0)
    assert report["summary"]["files"] == institutions + hubs + zones + 3  # prefecture.yaml, 2 reference CSVs


def test_grant_years_add_clean_grants_and_one_information_per_hub_grant(tmp_path):
    proc = _generate(tmp_path, "--institutions", "6", "--hubs", "4", "--zones", "3", "--grant-years", "2")
    assert proc.returncode == 0, proc.stderr
    grants = sorted(p.name for p in (tmp_path / "registry" / "grants").glob("*.yaml"))
    assert grants == [f"hub-{h:04d}-{y}.yaml" for h in range(3) for y in (2025, 2026)] + [
        f"linkage-z{z:04d}-{y}.yaml" for z in range(3) for y in (2025, 2026)]
    code, report = run_json(AS_OF, tmp_path)
    by_code = Counter((f["code"], f["severity"]) for f in report["findings"] if f["code"].startswith("grant-"))
    assert by_code == {("grant-shared-recipient", "info"): 6}
    assert not [f for f in report["findings"] if f["severity"] == "error"]


def test_faults_follow_the_rate(tmp_path):
    stats = ast.literal_eval(_generate(tmp_path, "--institutions", "600", "--hubs", "10", "--zones", "50",
                                       "--fault-rate", "1").stdout)
    assert stats["errors"] == {"medical-institution-code": 600, "institution-mandatory-requirement": 200}
    code, report = run_json(AS_OF, tmp_path)
    assert code == 1 and report["summary"]["errors"] == 800
    clean = ast.literal_eval(_generate(tmp_path, "--institutions", "600", "--hubs", "10", "--zones", "50",
                                       "--fault-rate", "0").stdout)
    assert clean["errors"] == {} and run_json(AS_OF, tmp_path)[0] == 0  # regenerated in place


@pytest.mark.parametrize("args, message", [
    (["--zones", "0"], "--zones must be at least 1"),
    (["--institutions", "-1"], "--institutions must be 0 or more (got -1)"),
    (["--hubs", "-5"], "--hubs must be 0 or more (got -5)"),
    (["--zones", "-2"], "--zones must be 0 or more (got -2)"),
    (["--fault-rate", "1.5"], "--fault-rate must be between 0 and 1 (got 1.5)"),
    (["--fault-rate", "nan"], "--fault-rate must be between 0 and 1 (got nan)"),
    (["--zones", "many"], "invalid int value: 'many'"),
    (["--grant-years", "-1"], "--grant-years must be 0 or more (got -1)"),
])
def test_unusable_sizes_are_usage_errors(tmp_path, args, message):
    proc = _generate(tmp_path / "out", *args)
    assert proc.returncode == 2
    assert message in proc.stderr and proc.stderr.startswith("usage: ")
    assert not (tmp_path / "out").exists()  # nothing made


def test_a_registry_it_did_not_make_is_never_replaced(tmp_path):
    real = tmp_path / "registry"
    (real / "hubs").mkdir(parents=True)
    (real / "hubs" / "sapporo.yaml").write_text("id: sapporo\n", encoding="utf-8")
    proc = _generate(tmp_path, "--zones", "3", "--institutions", "3", "--hubs", "1")
    assert proc.returncode == 2
    assert f"{real} exists and was not made by generate.py" in proc.stderr
    assert (real / "hubs" / "sapporo.yaml").read_text(encoding="utf-8") == "id: sapporo\n"
    (real / "README.md").write_text("a README of one's own\n", encoding="utf-8")  # not the generator's
    assert _generate(tmp_path, "--zones", "3").returncode == 2
    assert (real / "hubs" / "sapporo.yaml").exists()


def test_an_output_folder_that_cannot_be_made(tmp_path):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    proc = _generate(tmp_path / "a-file", "--zones", "1", "--institutions", "0", "--hubs", "0")
    assert proc.returncode == 1
    assert proc.stderr.startswith("generate.py: ") and "a-file" in proc.stderr
