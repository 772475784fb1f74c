"""Running the installed `zaitaku` command (the console script next to this Python) in a
subprocess. Every run is checked for a traceback: bad input must give findings, never a crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ZAITAKU = Path(sys.executable).parent / "zaitaku"
TIMEOUT = 60  # seconds; generous, never a timing assertion


def run(args, cwd, *, module: bool = False, env: dict | None = None, timeout: float = TIMEOUT):
    """Run `zaitaku ARGS` (or `python -m zaitaku_cli ARGS`) in `cwd`; fail on any traceback."""
    command = [sys.executable, "-m", "zaitaku_cli", *args] if module else [str(ZAITAKU), *args]
    environ = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CLICOLOR_FORCE")}
    environ.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8"})
    environ.update(env or {})
    proc = subprocess.run(command, cwd=cwd, env=environ, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout)
    assert_no_traceback(proc)
    return proc


def run_bytes(args, cwd, timeout: float = TIMEOUT) -> tuple[int, bytes, str]:
    """(exit status, standard output as bytes, standard error as text) of `zaitaku ARGS` in
    `cwd`, for commands whose output is a file's bytes (an export); fails on any traceback."""
    environ = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CLICOLOR_FORCE")}
    environ.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"})
    proc = subprocess.run([str(ZAITAKU), *args], capture_output=True, cwd=cwd, env=environ, timeout=timeout)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    return proc.returncode, proc.stdout, stderr


def assert_no_traceback(proc) -> None:
    for name, text in (("stdout", proc.stdout), ("stderr", proc.stderr)):
        assert "Traceback" not in text, f"traceback in {name} of {proc.args}:\n{text}"


def run_json(args, cwd, **kwargs):
    """Run `zaitaku check --format json ARGS`; return (exit status, the parsed object)."""
    proc = run(["check", "--format", "json", *args], cwd, **kwargs)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError as err:
        raise AssertionError(f"not JSON ({err}):\n{proc.stdout}\n{proc.stderr}") from None
    return proc.returncode, report


def locations(report, code=None, file=None):
    """(code, file, line, column) of the findings of a JSON report."""
    return [(f["code"], f["file"], f["line"], f["column"]) for f in report["findings"]
            if (code is None or f["code"] == code) and (file is None or f["file"] == file)]
