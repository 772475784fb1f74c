"""The `zaitaku` program ends without freeing what its command built (cli.run, exits.keep): its
output and exit status are those of the command run in process, to a file and to a pipe; a
library caller (these tests, in process) frees as usual; and the program keeps its registry out
of the cyclic collector's later passes."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
import weakref

import pytest
from click.testing import CliRunner

from registry_builder import EMBEDDED
from run_cli import ZAITAKU, assert_no_traceback, run
from zaitaku_cli import exits
from zaitaku_cli.check import check_state
from zaitaku_cli.cli import _exit_status, main

AS_OF = "2025-12-31"


@pytest.fixture
def faulty(tmp_path):
    """The embedded registry with one record broken: the check ends with status 1."""
    root = tmp_path / "registry"
    shutil.copytree(EMBEDDED, root)
    record = sorted((root / "institutions").glob("*.yaml"))[0]
    record.write_text(record.read_text(encoding="utf-8").replace("kind:", "kind: nonsense\nold_kind:", 1),
                      encoding="utf-8")
    return tmp_path


def _in_process(args, cwd, monkeypatch):
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(main, args)


@pytest.mark.parametrize("fmt", ["json", "text", "sarif"])
def test_the_program_prints_what_the_command_prints_in_process_and_ends_with_its_status(faulty, monkeypatch, fmt):
    args = ["check", "--as-of", AS_OF, "--format", fmt, "--no-cache", "--lang", "en"]
    expected = _in_process(args, faulty, monkeypatch)
    assert expected.exit_code == 1, expected.output
    for module in (False, True):  # the console script and `python -m zaitaku_cli`
        proc = run(args, faulty, module=module)
        assert proc.returncode == 1, proc.stderr
        assert proc.stdout == expected.stdout


def test_output_to_a_file_is_whole_when_the_program_ends(faulty, tmp_path, monkeypatch):
    args = ["check", "--as-of", AS_OF, "--format", "json", "--no-cache"]
    expected = _in_process(args, faulty, monkeypatch).stdout
    out = tmp_path / "report.json"
    with out.open("wb") as file:
        proc = subprocess.run([str(ZAITAKU), *args], cwd=faulty, stdout=file, stderr=subprocess.PIPE, timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr.decode("utf-8", "replace")
    assert out.read_text(encoding="utf-8") == expected


def test_a_clean_run_and_a_usage_error_keep_their_statuses(tmp_path):
    assert run(["--version"], tmp_path).returncode == 0
    proc = run(["check", "--format", "nonsense"], tmp_path)
    assert proc.returncode == 2 and "nonsense" in proc.stderr


@pytest.mark.parametrize("code, status", [(None, 0), (0, 0), (1, 1), (2, 2), (256, 0), (True, 1)])
def test_exit_status_is_what_python_would_end_with(code, status):
    assert _exit_status(code) == status


def test_a_message_as_exit_code_is_printed_and_ends_with_status_1(capsys):
    assert _exit_status("zaitaku: stopped") == 1
    assert capsys.readouterr().err == "zaitaku: stopped\n"


def test_a_library_caller_frees_the_checked_registry():
    assert not exits.held()
    checked = check_state(EMBEDDED, datetime.date(2025, 12, 31), cache=False)
    assert checked.registry is not None
    gone = weakref.ref(checked)
    del checked
    assert gone() is None  # nothing held it: the tests' process frees it at once


def test_a_command_run_in_process_holds_nothing(faulty, monkeypatch):
    assert _in_process(["check", "--as-of", AS_OF, "--no-cache"], faulty, monkeypatch).exit_code == 1
    assert not exits.held()


def test_the_program_holds_its_registry_out_of_the_collector():
    code = (
        "import datetime, gc\n"
        "from pathlib import Path\n"
        "from zaitaku_cli import exits\n"
        "from zaitaku_cli.check import check_state\n"
        "exits.hold()\n"
        "before = gc.get_freeze_count()\n"
        f"checked = check_state(Path({str(EMBEDDED)!r}), datetime.date(2025, 12, 31), cache=False)\n"
        "assert any(value is checked for value in exits._held), 'not held'\n"
        "assert gc.get_freeze_count() > before + 1000, (before, gc.get_freeze_count())\n"
        "assert gc.isenabled()\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert_no_traceback(proc)
    assert proc.returncode == 0 and proc.stdout == "ok\n", proc.stderr
