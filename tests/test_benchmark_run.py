"""benchmarks/run.py in --quick mode (registries of hundreds of files, one run each): its table has
every row of issue 16's table, each command exits as it should (check 1 on registries with errors,
the rest 0), the machine is named, and a first run never finds a cache left by an earlier run.
No time is asserted: the figures of a quick run mean nothing."""

from __future__ import annotations

import importlib.util
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from run_cli import ZAITAKU, assert_no_traceback

RUNNER = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"

# row: the exit status its command should have
EXPECTED = {
    "help": 0,
    "small": 1,  # every generated registry with more than 179 zones has overlapping zones
    "nat": 1, "nat:warm": 1,
    "faulty": 1, "faulty:warm": 1,
    "big": 1, "big:warm": 1,
    "git:check-base": 1, "git:diff-worktree": 0, "git:diff-revs": 0,
    "git:check-base:warm": 1, "git:diff-worktree:warm": 0, "git:diff-revs:warm": 0,
    "designate": 0, "designate:warm": 0,
    "status": 0, "status:warm": 0,
    "export:functional": 0, "export:regional": 0, "export:functional:warm": 0, "export:regional:warm": 0,
}


def _run(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, str(RUNNER), "--quick", *args], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout)
    assert_no_traceback(proc)
    return proc


def _table(stdout: str) -> dict[str, dict[str, str]]:
    """The Markdown table's rows by their first cell, each as {column header: cell}."""
    lines = [line for line in stdout.splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = {}
    for line in lines[1:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0]] = dict(zip(header, cells))
    return rows


def test_every_row_with_the_exit_status_its_command_should_have():
    proc = _run("--skip-peer", "--warmup", "0")  # a warm row still follows a run on its registry
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = _table(proc.stdout)
    assert set(rows) == set(EXPECTED)
    for key, code in EXPECTED.items():
        assert rows[key]["exit"] == str(code), (key, rows[key])
        assert rows[key]["median"].endswith(" s") and rows[key]["runs"] == "1"
        assert rows[key]["goal"]  # a goal, or "—" where the issue sets none
    first = proc.stdout.splitlines()[0]
    assert first.startswith("Machine: ") and " cores " in first and "Python 3." in first
    assert "peers 1" in proc.stdout and "zaitaku 1 a row after 0 untimed warm-up" in proc.stdout


@pytest.mark.skipif(not all((RUNNER.parent / venv / "bin" / exe).exists() for venv, exe in (
    (".venv-peer", "check-jsonschema"), (".venv-yamllint", "yamllint"))),
    reason="the peers' virtual environments are made by a first full run (pip from the network)")
def test_peers_run_on_the_same_files_interleaved():
    proc = _run("--only", "nat", "--warmup", "0")
    assert proc.returncode == 0, proc.stderr
    rows = _table(proc.stdout)
    assert list(rows) == ["nat", "nat:check-jsonschema", "nat:yamllint", "nat:ratio:check-jsonschema",
                          "nat:ratio:yamllint", "nat:warm"]
    assert rows["nat:check-jsonschema"]["exit"] == rows["nat:yamllint"]["exit"] == "0"
    assert rows["nat:ratio:check-jsonschema"]["goal"] == "≥ 15×"
    assert rows["nat:ratio:check-jsonschema"]["median"].endswith("×")
    assert rows["nat:ratio:check-jsonschema"]["runs"] == "1 pair"
    assert "check-jsonschema, version" in proc.stdout and "yamllint" in proc.stdout.splitlines()[1]


def test_a_first_run_never_finds_the_cache(tmp_path):
    """A zaitaku that keeps its cache in ZAITAKU_CACHE_DIR (this one: logs whether the folder is there,
    then makes it): the probe finds it, every first run starts without it, a warm run finds it."""
    log = tmp_path / "log"
    wrapper = tmp_path / "zaitaku"
    wrapper.write_text(f'#!/bin/sh\n[ "$1" = check ] && {{ [ -d "$ZAITAKU_CACHE_DIR" ] && echo warm || echo cold; }} '
                       f'>> "{log}"\nmkdir -p "$ZAITAKU_CACHE_DIR"\nexec "{ZAITAKU}" "$@"\n', encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    proc = _run("--skip-peer", "--only", "nat", "--zaitaku", str(wrapper))
    assert proc.returncode == 0, proc.stderr
    assert "Cache: cache found (caches/probe)" in proc.stdout
    # the probe; nat: a warm-up and a run, each first; nat:warm: a warm-up and a run after them
    assert log.read_text(encoding="utf-8").split() == ["cold"] * 3 + ["warm"] * 2
    assert set(_table(proc.stdout)) == {"nat", "nat:warm"}  # --only


def test_a_cache_kept_elsewhere_is_bypassed_with_no_cache(tmp_path):
    """A zaitaku whose `check --help` lists --no-cache but whose cache the probe cannot find: first runs
    pass --no-cache (this one logs it and drops it), warm runs do not."""
    log = tmp_path / "log"
    wrapper = tmp_path / "zaitaku"
    wrapper.write_text(
        '#!/bin/sh\n'
        'if [ "$1 $2" = "check --help" ]; then echo "  --no-cache"; exit 0; fi\n'
        f'case " $* " in *" --no-cache "*) echo bypass >> "{log}";; *) echo plain >> "{log}";; esac\n'
        'for a do shift; [ "$a" = --no-cache ] || set -- "$@" "$a"; done\n'
        f'ZAITAKU_CACHE_DIR="{tmp_path / "hidden"}" exec "{ZAITAKU}" "$@"\n', encoding="utf-8")  # not where the probe looks
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    proc = _run("--skip-peer", "--only", "nat", "--zaitaku", str(wrapper))
    assert proc.returncode == 0, proc.stderr
    assert "first runs pass it" in proc.stdout
    # --version; the probe; nat: a warm-up and a run; nat:warm: a warm-up and a run
    assert log.read_text(encoding="utf-8").split() == ["plain", "plain", "bypass", "bypass", "plain", "plain"]


def test_long_file_lists_are_split_below_the_command_line_limit():
    spec = importlib.util.spec_from_file_location("bench_run", RUNNER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    files = [f"institutions/inst-{i:05d}.yaml" for i in range(120_000)]
    calls = module.batches(["check-jsonschema", "--schemafile", "s.json"], files)
    assert len(calls) > 1
    assert [name for call in calls for name in call[3:]] == files
    for call in calls:
        assert call[:3] == ["check-jsonschema", "--schemafile", "s.json"]
        assert sum(len(a) + 9 for a in call) <= os.sysconf("SC_ARG_MAX") // 2 + 100
    assert module.batches(["x"], files[:10]) == [["x", *files[:10]]]


def test_a_baseline_runs_every_row_in_turn_and_gives_the_speed_up(tmp_path):
    """--baseline: the other zaitaku runs each row in turn with this one, first runs cold for both
    (its cache cleared the same way), and the table gives its times and the speed-up over it."""
    log = tmp_path / "log"
    wrappers = {}
    for name in ("ours", "other"):
        wrapper = wrappers[name] = tmp_path / name
        wrapper.write_text(f'#!/bin/sh\n[ "$1" = check ] && {{ [ -d "$ZAITAKU_CACHE_DIR" ] && echo {name}:warm || '
                           f'echo {name}:cold; }} >> "{log}"\nexec "{ZAITAKU}" "$@"\n', encoding="utf-8")
        wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    proc = _run("--skip-peer", "--only", "nat", "--zaitaku", str(wrappers["ours"]), "--baseline", str(wrappers["other"]))
    assert proc.returncode == 0, proc.stderr
    assert f"Baseline: {wrappers['other']}" in proc.stdout
    rows = _table(proc.stdout)
    assert list(rows) == ["nat", "nat:baseline", "nat:vs-baseline", "nat:warm", "nat:warm:baseline",
                          "nat:warm:vs-baseline"]
    assert rows["nat:baseline"]["exit"] == rows["nat"]["exit"] == "1" and rows["nat:baseline"]["runs"] == "1"
    assert rows["nat:vs-baseline"]["median"].endswith("×") and rows["nat:vs-baseline"]["runs"] == "1 pair"
    # the probe; nat: the warm-ups, then a run each, every one cold; nat:warm: the same, warm
    assert log.read_text(encoding="utf-8").split() == ["ours:cold", "ours:cold", "other:cold", "ours:cold", "other:cold",
                                                       "ours:warm", "other:warm", "ours:warm", "other:warm"]
