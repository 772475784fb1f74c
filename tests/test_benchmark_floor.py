"""benchmarks/floor.py on a small generated registry: it reads every record file with both parsers
and read_document, and prints each figure. No time is asserted."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from run_cli import assert_no_traceback

FLOOR = Path(__file__).resolve().parent.parent / "benchmarks" / "floor.py"


def test_floor_prints_every_figure_for_every_record_file(tmp_path):
    proc = subprocess.run([sys.executable, str(FLOOR), "--runs", "1", "--institutions", "120", "--hubs", "10",
                           "--zones", "12", "--keep", str(tmp_path)], capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    registry = tmp_path / "registry"
    files = sum(len(list((registry / folder).glob("*.yaml"))) for folder in ("zones", "institutions", "hubs", "grants"))
    assert files == 142
    out = proc.stdout
    assert out.startswith(f"{files:,} record files, one process, best of 1:\n")
    for label in ("libyaml raw_parse", "yaml-rs loads", "both parsers", "read_document whole"):
        assert re.search(rf"^  {label} +\d+\.\d µs a file", out, re.M), label
    assert re.search(r"^two processes at once take \d+\.\d\dx the time of one", out, re.M)
    assert re.search(r"^the parsers alone, in two processes: \d+\.\d{3} s of wall$", out, re.M)


def test_a_folder_without_record_files_is_said_not_divided_by(tmp_path):
    (tmp_path / "registry" / "zones").mkdir(parents=True)
    proc = subprocess.run([sys.executable, str(FLOOR), "--runs", "1", "--registry", str(tmp_path / "registry")],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert_no_traceback(proc)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"floor.py: no record files in {tmp_path / 'registry'} (zones, institutions, hubs, grants)\n"
