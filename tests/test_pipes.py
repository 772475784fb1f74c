"""Real pipes whose reader leaves early (`zaitaku check | head -1` under `set -o pipefail`): a closed
pipe is not a finding. Every command exits with the status it has when its output is read in full,
quietly: check with its result's status, export with 0 (the table was made), status, diff and rules
with 0 (cli.ReaderMayLeave says why). Outputs both shorter and much longer than a pipe holds (64 KiB
on Linux), so the reader leaves before the first write, in the middle, and after the last."""

from __future__ import annotations

import ast
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from registry_builder import EMBEDDED, REPO
from run_cli import ZAITAKU, assert_no_traceback

GENERATE = REPO / "benchmarks" / "generate.py"
AS_OF = "--as-of 2025-12-31"


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE")}
    env.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8", **extra})
    return env


def piped(command: str, cwd: Path, reader: str = "head -1", **env):
    """`bash -o pipefail -c 'zaitaku COMMAND | READER'`: the pipeline's status is the first non-zero."""
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", f"{shlex.quote(str(ZAITAKU))} {command} | {reader}"],
                          cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="replace",
                          env=_env(**env), timeout=180)
    assert_no_traceback(proc)
    return proc


_FULL: dict = {}


def read_in_full(command: str, cwd: Path, **env):
    """The command with its output read to the end (once per command, folder and environment)."""
    key = (command, str(cwd), tuple(sorted(env.items())))
    if key in _FULL:
        return _FULL[key]
    _FULL[key] = proc = subprocess.run([str(ZAITAKU), *shlex.split(command)], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", env=_env(**env), timeout=180)
    assert_no_traceback(proc)
    return proc


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    """A copy of the embedded registry, in git (for diff)."""
    base = tmp_path_factory.mktemp("embedded")
    shutil.copytree(EMBEDDED, base / "registry")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=base, check=True)
    subprocess.run([*git, "add", "-A"], cwd=base, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "registry"], cwd=base, check=True)
    return base


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """800 institutions without errors, each with a warning (④ unknown): ~200 KB of findings."""
    base = tmp_path_factory.mktemp("large")
    proc = subprocess.run([sys.executable, str(GENERATE), str(base), "--institutions", "800", "--hubs", "50",
                           "--zones", "179", "--fault-rate", "0"], capture_output=True, text=True, check=True)
    assert ast.literal_eval(proc.stdout)["errors"] == {}
    for path in (base / "registry" / "institutions").iterdir():
        path.write_text(path.read_text(encoding="utf-8").replace("training: false", "training: null"),
                        encoding="utf-8")
    return base


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    base = tmp_path_factory.mktemp("faulty")
    subprocess.run([sys.executable, str(GENERATE), str(base), "--institutions", "800", "--hubs", "50",
                    "--zones", "179", "--fault-rate", "1"], capture_output=True, check=True)
    return base


def _same_as_read_in_full(command, cwd, reader="head -1", expected=None, **env):
    full = read_in_full(command, cwd, **env)
    if expected is not None:
        assert full.returncode == expected, full.stderr
    proc = piped(command, cwd, reader, **env)
    assert proc.returncode == full.returncode, proc.stderr
    assert proc.stderr == full.stderr  # nothing about the pipe
    return full, proc


@pytest.mark.parametrize("command, expected", [
    ("check", 0),
    ("check --strict", 1),  # the embedded registry has warnings: the check's status, not the pipe's
    ("check --format json", 0),
    ("check --format sarif", 0),
    ("check --format github", 0),
    ("check --lang en", 0),
    ("check --as-of 令和7年7月21日", 0),
    ("rules", 0),
    ("status", 0),
    ("status --format md", 0),
    ("status --format json", 0),
    ("diff HEAD", 0),
    ("export regional", 0),
    ("export hubs --include-planned", 0),
    ("export functional --format csv", 0),
    ("--help", 0),
    ("--version", 0),
])
def test_the_embedded_registry_through_head(embedded, command, expected):
    full, proc = _same_as_read_in_full(command, embedded, expected=expected)
    assert proc.stdout == full.stdout.splitlines(keepends=True)[0]


def test_status_in_a_terminal_through_head(embedded):
    """rich writes the status tables (it would exit 1 itself on a broken pipe)."""
    _same_as_read_in_full("status", embedded, expected=0, TTY_COMPATIBLE="1", COLUMNS="80")
    _same_as_read_in_full("check", embedded, expected=0, TTY_COMPATIBLE="1")


@pytest.mark.parametrize("command, expected", [
    (f"check {AS_OF}", 0),
    (f"check {AS_OF} --strict", 1),
    (f"check {AS_OF} --format json", 0),
    (f"check {AS_OF} --format sarif", 0),
    (f"check {AS_OF} --format github", 0),
    (f"export regional {AS_OF}", 0),
    (f"export functional {AS_OF} --format csv", 0),
])
def test_outputs_longer_than_a_pipe_holds(large, command, expected):
    full, proc = _same_as_read_in_full(command, large, expected=expected)
    assert len(full.stdout.encode()) > 2 * 65536  # twice what a pipe holds: the writer meets the closed pipe
    assert proc.stdout == full.stdout.splitlines(keepends=True)[0]


@pytest.mark.parametrize("reader", ["head -c 1", "true", "sed -n 2p | head -1"])
def test_readers_that_leave_at_other_points(large, reader):
    """Before the first write (`true` may exit before it), within a line, after reading more."""
    _same_as_read_in_full(f"check {AS_OF} --strict", large, reader, expected=1)
    _same_as_read_in_full(f"check {AS_OF}", large, reader, expected=0)


@pytest.mark.parametrize("command", [f"check {AS_OF}", f"check {AS_OF} --format json", f"export regional {AS_OF}"])
def test_errors_keep_their_status(faulty, command):
    """A registry with errors: check exits 1 through the pipe too; export refuses (1, on stderr)."""
    full, proc = _same_as_read_in_full(command, faulty, expected=1)
    if command.startswith("export"):
        assert full.stdout == "" and "エラー" in proc.stderr


def test_grep_that_stops_at_the_first_error(faulty):
    """`zaitaku check | grep -q エラー`: grep leaves at the first match; the pipeline fails by the check."""
    proc = piped(f"check {AS_OF}", faulty, "grep -q エラー")
    assert proc.returncode == 1 and proc.stderr == ""
    proc = subprocess.run(["bash", "-c", f"{shlex.quote(str(ZAITAKU))} check {AS_OF} | grep -q エラー"],
                          cwd=faulty, env=_env(), capture_output=True, text=True)
    assert proc.returncode == 0  # without pipefail: grep found it


def test_an_edit_through_a_pipe_is_made_and_says_so(embedded, tmp_path):
    """The edit is done whatever the reader does; its status is the edit's."""
    shutil.copytree(embedded / "registry", tmp_path / "registry")
    record = tmp_path / "registry" / "hubs" / "kitami.yaml"
    before = record.read_text(encoding="utf-8")
    proc = piped("designate hubs/kitami --on 2025-08-20", tmp_path, "true")
    assert proc.returncode == 0 and proc.stderr == ""
    after = record.read_text(encoding="utf-8")
    assert after != before and "designated_on: 2025-08-20" in after
    proc = piped("withdraw hubs/kitami --on 2099-01-01", tmp_path, "true")  # refused: 1 all the same
    assert proc.returncode == 1 and "zaitaku: " in proc.stderr
    assert record.read_text(encoding="utf-8") == after
    tanaka = tmp_path / "registry" / "institutions" / "tanaka-iin.yaml"
    proc = piped("step tanaka-iin coordinating --on 2025-08-01", tmp_path, "head -c 1")
    assert proc.returncode == 0 and proc.stderr == ""
    assert "{status: coordinating, date: 2025-08-01}" in tanaka.read_text(encoding="utf-8")
    proc = piped("share tanaka-iin --on 2025-07-30", tmp_path, "true")
    assert proc.returncode == 0 and proc.stderr == ""
    assert "health_center_shared_on: 2025-07-30" in tanaka.read_text(encoding="utf-8")
    proc = piped("step tanaka-iin planned --on 2025-08-02", tmp_path, "true")  # refused: going back
    assert proc.returncode == 1 and "zaitaku: " in proc.stderr


@pytest.mark.parametrize("command, status", [
    ("check", 0), (f"check {AS_OF} --format json", 0), (f"check {AS_OF} --format sarif", 0),
    (f"check {AS_OF} --format github", 0), ("check --as-of 2025-13-01", 2), ("status", 0), ("diff HEAD", 2),
    ("export functional --format md", 0), ("rules", 0)])
def test_an_output_that_cannot_encode_japanese_escapes_it(tmp_path, command, status):
    """PYTHONIOENCODING=ascii (an ASCII-only terminal): every message arrives, its Japanese
    escaped (\\u30a8), and the command keeps its own exit status; never a traceback."""
    shutil.copytree(EMBEDDED, tmp_path / "registry")
    proc = subprocess.run([str(ZAITAKU), *shlex.split(command)], cwd=tmp_path, capture_output=True, env=_env(
        PYTHONIOENCODING="ascii", LC_ALL="C"), timeout=180)
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert "Traceback" not in out + err and "UnicodeEncodeError" not in out + err
    assert proc.returncode == status, out + err
    assert (out + err).strip()
