"""Helpers for the tests of `zaitaku designate`, `withdraw` and `new` (tests/test_edit_*.py,
tests/test_new.py): a temporary copy of the embedded registry with the edit fixtures, the
installed `zaitaku` command in a subprocess, and line-level diffs."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EDIT_FIXTURES = REPO / "tests" / "fixtures" / "edit"
ZAITAKU = Path(sys.executable).parent / "zaitaku"
CLINIC = "registry/institutions/kitami-sample-clinic.yaml"  # applied, block style, many comments
HUB = "registry/hubs/kushiro-sample-hub.yaml"  # applied, flow style, quotes, ~


def make_registry(base: Path) -> Path:
    """<base>/registry (a copy of the embedded one plus the edit fixtures) and <base>/schemas."""
    shutil.copytree(REPO / "registry", base / "registry")
    shutil.copytree(REPO / "schemas", base / "schemas")
    shutil.copy(EDIT_FIXTURES / "kitami-sample-clinic.yaml", base / CLINIC)
    shutil.copy(EDIT_FIXTURES / "kushiro-sample-hub.yaml", base / HUB)
    return base


def zaitaku(args, cwd, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed command; a traceback is always a failure."""
    environ = _clean_env()
    environ.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8"})
    environ.update(env or {})
    proc = subprocess.run([str(ZAITAKU), *args], cwd=cwd, env=environ, capture_output=True, timeout=120)
    proc.out = proc.stdout.decode("utf-8", "replace")
    proc.err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in proc.out + proc.err, proc.out + proc.err
    return proc


def changed_lines(old: str, new: str) -> list[tuple[str, int, str]]:
    """The lines that differ, as ('-', old line number, text) and ('+', new line number, text)."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            out += [("-", i + 1, a[i]) for i in range(i1, i2)]
            out += [("+", j + 1, b[j]) for j in range(j1, j2)]
    return out


def _clean_env() -> dict:
    """The environment without colour forcing and without GIT_* (a hook running the tests sets
    GIT_DIR and GIT_INDEX_FILE, which would point git at the wrong repository)."""
    return {k: v for k, v in os.environ.items()
            if k not in ("FORCE_COLOR", "CLICOLOR_FORCE") and not k.startswith("GIT_")}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          encoding="utf-8", env=_clean_env()).stdout


def init_repo(base: Path) -> None:
    git(base, "init", "-q")
    git(base, "config", "user.name", "試験 担当")
    git(base, "config", "user.email", "tester@example.jp")
    git(base, "config", "commit.gpgsign", "false")
    git(base, "add", "-A")
    git(base, "commit", "-q", "-m", "登録簿")
