"""The two-process reading path gives exactly the findings of the one-process path."""

import datetime
import os
import importlib.util
from pathlib import Path

import pytest

from zaitaku_cli import parallel
from zaitaku_cli.check import check_registry
from zaitaku_cli.load.document import read_document

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


def _registry(tmp_path, monkeypatch):
    _generator().generate(tmp_path, institutions=300, hubs=30, zones=180)
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 100)
    monkeypatch.setattr(parallel, "CHUNK", 40)
    return tmp_path / "registry"


def _key(result):
    return [(f.code, f.file, f.line, f.column, f.path, f.params) for f in result.findings]


def test_what_a_dying_worker_does_not_deliver_is_read_here(tmp_path, monkeypatch):
    root = _registry(tmp_path, monkeypatch)
    one = check_registry(root, datetime.date(2025, 12, 31), jobs=1)
    parent, real = os.getpid(), parallel._read_and_validate
    delivered = []

    def dies_on_its_second_chunk(jobs, root, per_batch):
        if os.getpid() != parent:
            delivered.append(1)
            if len(delivered) == 2:
                os._exit(3)
        return real(jobs, root, per_batch)

    monkeypatch.setattr(parallel, "_read_and_validate", dies_on_its_second_chunk)
    assert _key(check_registry(root, datetime.date(2025, 12, 31), jobs=2)) == _key(one)


def test_a_chunk_marshal_cannot_carry_goes_by_pickle(tmp_path, monkeypatch):
    root = _registry(tmp_path, monkeypatch)
    one = check_registry(root, datetime.date(2025, 12, 31), jobs=1)
    real = parallel._plain_state
    monkeypatch.setattr(parallel, "_plain_state", lambda state: (*real(state), object()))
    packed = parallel._pack(7, [read_document("institutions/a.yaml", b"id: a\n")])
    assert packed[8:12] == (1).to_bytes(4, "little")  # marked as pickle
    assert _key(check_registry(root, datetime.date(2025, 12, 31), jobs=2)) == _key(one)


def test_an_error_here_leaves_no_worker_behind(tmp_path, monkeypatch):
    root = _registry(tmp_path, monkeypatch)
    parent, real = os.getpid(), parallel._read_and_validate

    def fails_here(jobs, root, per_batch):
        if os.getpid() == parent:
            raise KeyboardInterrupt
        return real(jobs, root, per_batch)

    monkeypatch.setattr(parallel, "_read_and_validate", fails_here)
    with pytest.raises(KeyboardInterrupt):
        check_registry(root, datetime.date(2025, 12, 31), jobs=2)
    with pytest.raises(ChildProcessError):  # the worker was stopped and reaped
        os.waitpid(-1, os.WNOHANG)


def test_a_worker_reaped_by_the_kernel_is_no_error(tmp_path, monkeypatch):
    """Started with SIGCHLD ignored (inherited from some launchers), the kernel reaps the worker
    itself and waitpid finds no child."""
    import signal

    root = _registry(tmp_path, monkeypatch)
    one = check_registry(root, datetime.date(2025, 12, 31), jobs=1)
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        two = check_registry(root, datetime.date(2025, 12, 31), jobs=2)
    finally:
        signal.signal(signal.SIGCHLD, previous)
    assert _key(two) == _key(one)


def test_no_fork_to_spare_reads_everything_here(tmp_path, monkeypatch):
    root = _registry(tmp_path, monkeypatch)
    one = check_registry(root, datetime.date(2025, 12, 31), jobs=1)

    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert _key(check_registry(root, datetime.date(2025, 12, 31), jobs=2)) == _key(one)
